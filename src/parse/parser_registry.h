#pragma once
// The parsers a feed can name (`parser = "…"`, `--feed NAME`), registered explicitly in one
// place (app/builtin_parsers.cc). Adding a parser is its source files and one registration
// line there; configuration, `feeds list` and `--feed` learn it from here.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "parse/parser.h"
#include "parse/parsers/csv/csv_mapping_parser.h"

namespace belfry {

// What a factory gets from the feed's configuration.
struct ParserArgs {
  std::string feed_name;
  std::string report_type;  // a fixed report type, for parsers that have them
  const CsvMappingOptions* csv = nullptr;
  size_t max_record_bytes = 1 << 20;
};

struct ParserKind {
  std::string name;         // "shadowserver"
  std::string description;  // one line for `feeds list`
  // Usable as `--feed NAME` without a [[feeds]] entry (needs no per-feed settings).
  bool standalone = false;
  std::function<Result<std::unique_ptr<Parser>>(const ParserArgs&)> make;
};

class ParserRegistry {
 public:
  void Add(ParserKind kind) { kinds_.push_back(std::move(kind)); }
  const ParserKind* Find(std::string_view name) const {
    for (const auto& k : kinds_)
      if (k.name == name) return &k;
    return nullptr;
  }
  const std::vector<ParserKind>& kinds() const { return kinds_; }
  // "\"a\", \"b\" or \"c\"" (standalone_only: only those usable without configuration).
  std::string Names(bool standalone_only = false) const {
    std::vector<const ParserKind*> list;
    for (const auto& k : kinds_)
      if (!standalone_only || k.standalone) list.push_back(&k);
    std::string out;
    for (size_t i = 0; i < list.size(); ++i) {
      if (i) out += i + 1 == list.size() ? " or " : ", ";
      out += "\"" + list[i]->name + "\"";
    }
    return out;
  }

 private:
  std::vector<ParserKind> kinds_;
};

}  // namespace belfry
