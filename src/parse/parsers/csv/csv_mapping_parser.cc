#include "parse/parsers/csv/csv_mapping_parser.h"

#include <fmt/format.h>

#include "core/date_time.h"
#include "core/text.h"
#include "model/value_sanitizer.h"

namespace belfry {

CsvMappingParser::CsvMappingParser(CsvMappingOptions options)
    : CsvParserBase(options.dialect), options_(std::move(options)) {}

Result<std::unique_ptr<CsvMappingParser>> CsvMappingParser::Create(CsvMappingOptions options) {
  if (options.columns.empty())
    return Fail(Error::InvalidConfig("csv.columns: at least one column is needed"));
  BELFRY_RETURN_IF_ERROR(ValidateTimeZone(options.time_zone));
  std::unique_ptr<CsvMappingParser> p(new CsvMappingParser(std::move(options)));
  for (size_t i = 0; i < p->options_.columns.size(); ++i) {
    const std::string& spec = p->options_.columns[i];
    Target t;
    if (spec.empty() || spec == "__IGNORE__") {
      t.ignore = true;
    } else {
      size_t start = 0;
      while (start <= spec.size()) {
        size_t bar = spec.find('|', start);
        if (bar == std::string::npos) bar = spec.size();
        std::string name(TrimAscii(std::string_view(spec).substr(start, bar - start)));
        start = bar + 1;
        if (name == "__IGNORE__") {  // "a|__IGNORE__": a value that does not fit a is skipped
          t.optional = true;
          continue;
        }
        bool known = name.rfind("extra.", 0) == 0 ? IsValidKeyName(name)
                                                  : FieldRegistry::Find(name).has_value();
        if (!known)
          return Fail(
              Error::InvalidConfig(fmt::format("csv.columns[{}]: unknown field '{}'", i, name)));
        t.names.push_back(std::move(name));
      }
    }
    p->targets_.push_back(std::move(t));
  }
  for (const auto& [key, value] : p->options_.constants) {
    if (key.rfind("extra.", 0) == 0) {
      if (!IsValidKeyName(key))
        return Fail(Error::InvalidConfig(fmt::format("constants: invalid key '{}'", key)));
      p->constant_extras_.emplace_back(key.substr(6), value);
      continue;
    }
    auto id = FieldRegistry::Find(key);
    if (!id) return Fail(Error::InvalidConfig(fmt::format("constants: unknown field '{}'", key)));
    std::string norm;
    auto s = SanitizeValue(*id, value, &norm);
    if (!s)
      return Fail(
          Error::InvalidConfig(fmt::format("constants.\"{}\": {}", key, s.error().message())));
    p->constant_fields_.emplace_back(*id, std::move(norm));
  }
  return p;
}

Status CsvMappingParser::OnBegin(const ReportInfo& info) {
  BELFRY_RETURN_IF_ERROR(stamp_.Prepare(info));
  // Report fields a column may overwrite are not constant; configured constants are set
  // last and always are.
  report_constants_.clear();
  for (const auto& [id, v] : stamp_.values()) {
    bool mapped = false;
    for (const auto& t : targets_)
      for (const auto& n : t.names) mapped |= n == FieldRegistry::Name(id);
    if (!mapped) report_constants_.emplace_back(id, v);
  }
  for (const auto& c : constant_fields_) report_constants_.push_back(c);
  return Ok();
}

Status CsvMappingParser::OnRecord(const CsvRecord& record, Event* event) {
  stamp_.Apply(event);
  const auto& row = record.fields;
  if (row.size() < targets_.size()) {
    return Fail(Error::InvalidInput(
        fmt::format("row has {} columns, the mapping has {}", row.size(), targets_.size())));
  }
  for (size_t i = 0; i < targets_.size(); ++i) {
    const Target& t = targets_[i];
    if (t.ignore) continue;
    std::string_view value = options_.trim ? TrimAscii(row[i]) : row[i];
    if (IsIgnoredValue(TrimAscii(value))) continue;
    std::string last_error;
    bool added = false;
    for (const auto& name : t.names) {
      if (name.rfind("extra.", 0) == 0) {
        auto s = event->AddExtra(name.substr(6), JsonKind::kString, value, true);
        if (s) {
          added = true;
          break;
        }
        last_error = s.error().message();
        continue;
      }
      FieldId id = *FieldRegistry::Find(name);
      Status s = Ok();
      if (FieldRegistry::Spec(id).type == FieldType::kDateTime &&
          (!options_.time_format.empty() || !options_.time_zone.empty())) {
        auto t_us = ParseWithFormat(value, options_.time_format, options_.time_zone);
        if (!t_us) {
          last_error = fmt::format("{}: {}", name, t_us.error().message());
          continue;
        }
        s = event->Add(id, FormatIsoUtc(*t_us), true);
      } else {
        s = event->Add(id, value, true);
      }
      if (s) {
        added = true;
        break;
      }
      last_error = s.error().message();
    }
    if (!added && t.optional) continue;
    if (!added) return Fail(Error::InvalidInput(fmt::format("column {}: {}", i + 1, last_error)));
  }
  for (const auto& [id, v] : constant_fields_) event->SetNormalized(id, v);
  for (const auto& [k, v] : constant_extras_)
    BELFRY_RETURN_IF_ERROR(event->AddExtra(k, JsonKind::kString, v, true));
  event->raw.assign(record.text);
  return Ok();
}

}  // namespace belfry
