#pragma once
// Shadowserver's report schema (intelmq.json from github.com/The-Shadowserver-Foundation/
// report_schema), compiled into lookup tables. Immutable once built; shared between threads.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/field_registry.h"
#include "parse/parsers/shadowserver/conversions.h"

namespace belfry {

struct ShadowserverMapping {
  enum class Target : uint8_t {
    kField,        // a registry field
    kExtraColumn,  // "extra." -> extra.<column>
    kExtraKey,     // "extra.x.y" -> extra.x.y
    kUnknownKey,   // a key this build does not know -> extra.<key> (IntelMQ's InvalidKey path)
    kIgnore,       // false -> column dropped
  };
  Target target = Target::kField;
  FieldId field = 0;
  std::string key;  // extra key (without "extra.") for kExtraKey / kUnknownKey
  std::string column;
  ConversionId conversion = ConversionId::kNone;
  bool pass_row = false;
};

struct ShadowserverReportType {
  std::string file_name;  // e.g. "scan_http"
  std::string feed_name;  // e.g. "Accessible-HTTP"
  std::string url;        // documentation
  std::vector<ShadowserverMapping> required;
  std::vector<ShadowserverMapping> optional;
  // Constant fields as (field, value) or extra keys; values are raw, sanitized per event.
  std::vector<std::pair<std::string, std::string>> constants;
  // Set when the type cannot be used by this build (e.g. an unknown conversion function).
  std::string unusable_reason;
};

class ShadowserverSchema {
 public:
  static Result<std::shared_ptr<const ShadowserverSchema>> Parse(std::string_view json);
  // The copy shipped in the binary (data/shadowserver/intelmq.json).
  static std::string_view Bundled();

  // By schema key / file_name ("scan_http") or by feed name ("Accessible-HTTP").
  const ShadowserverReportType* Find(std::string_view name) const;
  const std::map<std::string, ShadowserverReportType>& types() const { return types_; }
  const std::string& date_created() const { return date_created_; }

  // IntelMQ's rule: the first \w+ group after an optional YYYY-MM-DD- prefix of a *.csv name,
  // e.g. "2026-11-22-scan_http-belgium-asn.csv" -> "scan_http".
  static std::optional<std::string> ReportTypeFromFileName(std::string_view file_name);

 private:
  std::map<std::string, ShadowserverReportType> types_;  // by file_name
  std::map<std::string, std::string> by_feed_name_;
  std::string date_created_;
};

// Where the parser gets its schema: the bundled copy, or an operator's file that is
// re-read whenever its modification time changes (checked once per report). Thread-safe.
class ShadowserverSchemaSource {
 public:
  // `path` empty = the bundled copy.
  static Result<std::shared_ptr<ShadowserverSchemaSource>> Create(std::string path);
  // The current schema; on a reload failure the previous one stays in use.
  std::shared_ptr<const ShadowserverSchema> Current();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int64_t mtime_ = 0;
  std::shared_ptr<const ShadowserverSchema> schema_;
  std::mutex mu_;
};

}  // namespace belfry
