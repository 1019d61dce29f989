#pragma once
// What the CLI verbs share: options, exit codes, error reporting.

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "app/config.h"
#include "core/date_time.h"
#include "core/result.h"

namespace belfry {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command could not do its job
inline constexpr int kExitUsage = 2;    // bad arguments or configuration

struct Common {
  std::string config_path;
  std::string db;
  bool json = false;  // machine-readable output
  std::vector<std::string> mmdb;
  std::string dead_letter;
  std::string smtp;  // --smtp URL: overrides [mail] smtp_url for commands that send
};

inline int Report(const Error& e) {
  fmt::print(stderr, "belfry: {}\n", e.message());
  return e.IsInvalidConfig() ? kExitUsage : kExitFailure;
}

inline std::string StorePath(const Config& config, const Common& c) {
  return c.db.empty() ? config.store.path : c.db;
}

// Rejected input goes here unless --dead-letter says otherwise.
inline std::string DefaultDeadLetterPath(const std::string& db_path) {
  auto parent = std::filesystem::path(db_path).parent_path();
  return (parent.empty() ? std::filesystem::path("dead-letters.jsonl")
                         : parent / "dead-letters.jsonl")
      .string();
}

// A file's bytes (an advisory's source, a CSV, a CSAF document) for the verbs that take one.
inline Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Error::NotFound(fmt::format("cannot read {}", path)));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string Thousands(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

}  // namespace belfry
