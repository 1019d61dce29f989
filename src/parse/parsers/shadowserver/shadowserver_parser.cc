#include "parse/parsers/shadowserver/shadowserver_parser.h"

#include <fmt/format.h>

#include "core/date_time.h"
#include "core/text.h"
#include "model/ip_address.h"
#include "model/value_sanitizer.h"

namespace belfry {

void AppendUnixCsvLine(const std::vector<std::string_view>& fields, std::string* out) {
  size_t total = 1;
  for (auto f : fields) total += f.size() + 3;
  out->reserve(out->size() + total);
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out->push_back(',');
    out->push_back('"');
    std::string_view f = fields[i];
    // Quotes are rare: copy runs between them.
    for (size_t q; (q = f.find('"')) != std::string_view::npos; f.remove_prefix(q + 1)) {
      out->append(f.data(), q + 1);
      out->push_back('"');
    }
    out->append(f);
    out->push_back('"');
  }
  out->push_back('\n');
}

ShadowserverParser::ShadowserverParser(std::shared_ptr<ShadowserverSchemaSource> source,
                                       std::string report_type)
    : CsvParserBase(CsvDialect{}),
      source_(std::move(source)),
      fixed_type_(std::move(report_type)) {}

Status ShadowserverParser::OnBegin(const ReportInfo& info) {
  type_ = nullptr;
  type_error_.clear();
  schema_ = source_->Current();
  columns_.clear();
  std::string type_name = fixed_type_;
  if (type_name.empty()) {
    auto detected = ShadowserverSchema::ReportTypeFromFileName(info.file_name);
    if (!detected)
      return Fail(Error::InvalidInput(fmt::format(
          "cannot tell the Shadowserver report type from the file name '{}' (expected e.g. "
          "2026-11-22-scan_http-belgium-asn.csv); give it with --report-type",
          info.file_name)));
    type_name = *detected;
  }
  type_ = schema_->Find(type_name);
  if (!type_)
    return Fail(Error::NotFound(fmt::format(
        "unknown Shadowserver report type '{}' (not in the schema of {}); see `belfry feeds list`",
        type_name, schema_->date_created())));
  if (!type_->unusable_reason.empty()) return Fail(Error::InvalidInput(type_->unusable_reason));
  ReportInfo stamped = info;
  if (stamped.provider.empty()) stamped.provider = "Shadowserver";
  BELFRY_RETURN_IF_ERROR(stamp_.Prepare(stamped));
  BELFRY_RETURN_IF_ERROR(stamp_.SetFeedName(type_->feed_name));
  if (!type_->url.empty()) BELFRY_RETURN_IF_ERROR(stamp_.SetDocumentation(type_->url));
  constants_.clear();
  for (const auto& [key, value] : type_->constants) {
    Constant c;
    if (key.rfind("extra.", 0) == 0) {
      c.is_field = false;
      c.extra_key = key.substr(6);
      c.value = value;
    } else if (auto id = FieldRegistry::Find(key)) {
      c.is_field = true;
      c.field = *id;
      auto s = SanitizeValue(*id, value, &c.value);
      if (!s)
        return Fail(s.error().WithContext(
            fmt::format("constant field of report type {}", type_->file_name)));
    } else {
      c.is_field = false;
      c.extra_key = key;
      c.value = value;
    }
    constants_.push_back(std::move(c));
  }
  report_constants_ = stamp_.values();
  for (const auto& c : constants_)
    if (c.is_field) report_constants_.emplace_back(c.field, c.value);
  template_.Clear();
  stamp_.Apply(&template_);
  constants_first_ = true;
  for (const auto& c : constants_) {
    if (c.is_field)
      template_.SetNormalized(c.field, c.value);
    else
      constants_first_ = false;  // extra constants keep IntelMQ's order
  }
  for (const auto* list : {&type_->required, &type_->optional})
    for (const auto& m : *list)
      if (m.target == ShadowserverMapping::Target::kField && template_.Has(m.field))
        constants_first_ = false;
  return Ok();
}

Status ShadowserverParser::OnHeader(const CsvRecord& header) {
  columns_.assign(header.fields.begin(), header.fields.end());
  auto column_of = [&](const std::string& name) {
    // Python's DictReader: with duplicate names the last column wins.
    for (int i = static_cast<int>(columns_.size()) - 1; i >= 0; --i)
      if (columns_[i] == name) return i;
    return -1;
  };
  required_.clear();
  optional_.clear();
  for (const auto& m : type_->required) {
    int col = column_of(m.column);
    if (col < 0)
      return Fail(
          Error::InvalidInput(fmt::format("required column '{}' not found in the header of this {} "
                                          "report (data format changed, or wrong report type?)",
                                          m.column, type_->file_name)));
    required_.push_back({&m, col});
  }
  for (const auto& m : type_->optional) optional_.push_back({&m, column_of(m.column)});
  std::string header_line;
  AppendUnixCsvLine(header.fields, &header_line);
  raw_header_ = std::make_shared<const std::string>(std::move(header_line));
  consumed_.assign(columns_.size(), 0);
  column_key_ok_.clear();
  for (const auto& c : columns_) column_key_ok_.push_back(IsValidExtraKey(c) ? 1 : 0);
  return Ok();
}

Status ShadowserverParser::OnRecord(const CsvRecord& record, Event* event) {
  const auto& row = record.fields;
  std::fill(consumed_.begin(), consumed_.end(), 0);
  if (constants_first_)
    event->CopyFrom(template_);
  else
    stamp_.Apply(event);
  RowLookup lookup = [&](std::string_view column) -> std::optional<std::string_view> {
    for (size_t i = columns_.size(); i-- > 0;)
      if (columns_[i] == column) return row[i];
    return std::nullopt;
  };

  // The two conversions most mappings use are inlined; the rest go through ApplyConversion.
  std::optional<Error> conversion_error;
  auto convert = [&](const Planned& p, std::string_view raw) -> ConvValue {
    switch (p.mapping->conversion) {
      case ConversionId::kNone:
        return ConvValue::String(raw);
      case ConversionId::kValidateToNone:
        return (raw.empty() || raw == "0" || raw == "unknown") ? ConvValue::None()
                                                               : ConvValue::String(raw);
      case ConversionId::kConvertInt:
        if (raw.empty()) return ConvValue::None();
        if (IsCanonicalInteger(raw)) return ConvValue::Of(JsonKind::kInteger, raw);
        break;
      case ConversionId::kInvalidateZero:
        if (raw.empty() || raw == "0") return ConvValue::None();
        if (IsCanonicalInteger(raw)) return ConvValue::Of(JsonKind::kInteger, raw);
        break;
      case ConversionId::kValidateIp:
        // Into an IP field: validate and normalise in one go (IntelMQ validates, then add()
        // sanitises the same text again).
        if (p.mapping->target == ShadowserverMapping::Target::kField &&
            FieldRegistry::Spec(p.mapping->field).type == FieldType::kIPAddress) {
          if (raw.find('/') != std::string_view::npos) return ConvValue::None();
          auto ip = IpAddress::Parse(raw);
          if (!ip || ip->IsUnspecified()) return ConvValue::None();
          scratch_.clear();
          ip->AppendTo(&scratch_);
          ConvValue v = ConvValue::String(scratch_);
          v.normalized = true;
          return v;
        }
        break;
      case ConversionId::kAddUtcToTimestamp:
        // "<naive time> UTC" into a DateTime field: parse the naive time as UTC directly.
        if (p.mapping->target == ShadowserverMapping::Target::kField &&
            FieldRegistry::Spec(p.mapping->field).type == FieldType::kDateTime && !raw.empty() &&
            raw.back() >= '0' && raw.back() <= '9') {
          auto t = ParseDateTimeMicros(raw);
          if (!t) break;  // the general path reports the error
          scratch_.clear();
          AppendIsoUtc(*t, &scratch_);
          ConvValue v = ConvValue::String(scratch_);
          v.normalized = true;
          return v;
        }
        break;
      default:
        break;
    }
    auto v = ApplyConversion(p.mapping->conversion, raw, lookup, &scratch_);
    if (v) return *v;
    conversion_error =
        Error::InvalidInput(fmt::format("column '{}': {}", p.mapping->column, v.error().message()));
    return ConvValue::None();
  };

  for (const auto& p : required_) {
    std::string_view raw = row[p.column];
    ConvValue cv = convert(p, raw);
    if (conversion_error) return Fail(*conversion_error);
    const ConvValue* v = &cv;
    if (!v->present) continue;
    const auto& m = *p.mapping;
    if (m.target == ShadowserverMapping::Target::kField && v->normalized) {
      if (event->Has(m.field))
        return Fail(Error::InvalidInput(fmt::format("column '{}': field {} is set twice", m.column,
                                                    FieldRegistry::Name(m.field))));
      event->SetNormalized(m.field, v->text);
    } else if (m.target == ShadowserverMapping::Target::kField) {
      auto s = event->Add(m.field, v->text);
      if (!s)
        return Fail(
            Error::InvalidInput(fmt::format("column '{}': {}", m.column, s.error().message())));
    } else if (m.target != ShadowserverMapping::Target::kIgnore) {
      std::string key = m.target == ShadowserverMapping::Target::kExtraColumn ? m.column : m.key;
      BELFRY_RETURN_IF_ERROR(event->AddExtra(key, v->kind, v->text, true));
    }
    consumed_[p.column] = 1;
  }

  for (const auto& p : optional_) {
    if (p.column < 0) continue;
    consumed_[p.column] = 0;  // a column mapped twice is considered again (IntelMQ re-appends it)
    std::string_view raw = row[p.column];
    ConvValue cv = convert(p, raw);
    if (conversion_error) return Fail(*conversion_error);
    const ConvValue* v = &cv;
    const auto& m = *p.mapping;
    if (!v->present) {
      consumed_[p.column] = 1;
      continue;
    }
    switch (m.target) {
      case ShadowserverMapping::Target::kExtraColumn:
        if (!column_key_ok_[p.column])
          return Fail(Error::InvalidInput(
              fmt::format("column '{}' cannot be an IntelMQ extra key", m.column)));
        event->SetExtraTrusted(m.column, v->kind, v->text);
        consumed_[p.column] = 1;
        break;
      case ShadowserverMapping::Target::kExtraKey:
      case ShadowserverMapping::Target::kUnknownKey:
        BELFRY_RETURN_IF_ERROR(event->AddExtra(m.key, v->kind, v->text, true));
        consumed_[p.column] = 1;
        break;
      case ShadowserverMapping::Target::kIgnore:
        consumed_[p.column] = 1;
        break;
      case ShadowserverMapping::Target::kField: {
        if (event->Has(m.field)) {
          return Fail(Error::InvalidInput(fmt::format("column '{}': field {} is set twice",
                                                      m.column, FieldRegistry::Name(m.field))));
        }
        if (v->normalized) {
          event->SetNormalized(m.field, v->text);
          consumed_[p.column] = 1;
          break;
        }
        // An invalid optional value stays in the row and lands in extra.<column> below.
        if (event->Add(m.field, v->text)) consumed_[p.column] = 1;
        break;
      }
    }
  }

  if (!constants_first_) {
    for (const auto& c : constants_) {
      if (c.is_field)
        event->SetNormalized(c.field, c.value);
      else
        BELFRY_RETURN_IF_ERROR(event->AddExtra(c.extra_key, JsonKind::kString, c.value, true));
    }
  }

  event->raw_prefix = raw_header_;
  if (record.canonical_quoted) {
    event->raw.assign(record.text);
    event->raw.push_back('\n');
  } else {
    AppendUnixCsvLine(row, &event->raw);
  }

  for (size_t i = 0; i < row.size(); ++i) {
    if (consumed_[i] || row[i].empty()) continue;
    // IntelMQ writes leftovers as extra[column]; a key it cannot hold is a line error.
    if (!column_key_ok_[i])
      return Fail(Error::InvalidInput(
          fmt::format("column '{}' cannot be an IntelMQ extra key", columns_[i])));
    event->SetExtraTrusted(columns_[i], JsonKind::kString, row[i]);
  }
  return Ok();
}

}  // namespace belfry
