#include "model/event_json.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "core/base64.h"
#include "core/text.h"
#include "model/tlp.h"

namespace belfry {
namespace {

void AppendValue(JsonKind kind, std::string_view value, std::string* out) {
  if (kind == JsonKind::kString)
    AppendJsonString(value, out);
  else
    out->append(value);
}

// `"name": ` (or `"name":` when compact) for every field, built once.
const std::vector<std::string>& QuotedKeys(bool compact) {
  auto build = [](const char* colon) {
    std::vector<std::string> k;
    for (size_t i = 0; i < FieldRegistry::Size(); ++i) {
      std::string s;
      AppendJsonString(FieldRegistry::Name(static_cast<FieldId>(i)), &s);
      s.append(colon);
      k.push_back(std::move(s));
    }
    return k;
  };
  static const std::vector<std::string> spaced = build(": ");
  static const std::vector<std::string> tight = build(":");
  return compact ? tight : spaced;
}

}  // namespace

void AppendEventJson(const Event& event, const JsonWriteOptions& options, std::string* out) {
  const auto& keys = QuotedKeys(options.compact);
  const std::string_view comma = options.compact ? "," : ", ";
  const std::string_view colon = options.compact ? ":" : ": ";
  out->push_back('{');
  bool first = true;
  auto sep = [&] {
    if (!first) out->append(comma);
    first = false;
  };
  auto tlp = event.Get(fields::kTlp);
  const bool strict_tlp = tlp && *tlp == "AMBER+STRICT";
  const bool has_raw = options.include_raw && (event.raw_prefix || !event.raw.empty());

  auto write_extras = [&] {
    bool tlp_pending = strict_tlp;
    auto write_strict = [&] {
      sep();
      out->append("\"extra.tlp\"");
      out->append(colon);
      out->append("\"AMBER+STRICT\"");
      tlp_pending = false;
    };
    event.ForEachExtra([&](const Event::ExtraView& e) {
      if (tlp_pending && e.key >= "tlp") write_strict();
      if (strict_tlp && e.key == "tlp") return;
      sep();
      out->append("\"extra.");
      // Extra keys are validated ([a-z0-9_.]), so they need no escaping.
      out->append(e.key);
      out->push_back('"');
      out->append(colon);
      AppendValue(e.kind, e.value, out);
    });
    if (tlp_pending) write_strict();
  };
  auto write_raw = [&] {
    sep();
    out->append("\"raw\"");
    out->append(colon);
    out->push_back('"');
    if (event.raw_prefix) {
      std::string joined = *event.raw_prefix;
      joined.append(event.raw);
      AppendBase64(joined, out);
    } else {
      AppendBase64(event.raw, out);
    }
    out->push_back('"');
  };

  // Fields come in name order; "extra.*" and "raw" are slotted in at their sorted places.
  const FieldId after_extra = FieldRegistry::FirstAfterExtra();
  bool extras_done = false;
  bool raw_done = !has_raw;
  event.ForEachField([&](const Event::FieldView& f) {
    if (!extras_done && f.id >= after_extra) {
      write_extras();
      extras_done = true;
    }
    if (!raw_done && f.id > fields::kRaw) {
      write_raw();
      raw_done = true;
    }
    if (f.id == fields::kRaw) return;
    if (f.id == fields::kTimeObservation && !options.include_time_observation) return;
    sep();
    out->append(keys[f.id]);
    if (f.id == fields::kTlp) {
      auto t = ParseTlp(f.value);
      AppendJsonString(t ? TlpIntelMqName(*t) : f.value, out);
      return;
    }
    AppendValue(FieldRegistry::KindOf(f.id), f.value, out);
  });
  if (!extras_done) write_extras();
  if (!raw_done) write_raw();
  out->push_back('}');
}

std::string EventToJson(const Event& event) {
  std::string s;
  AppendEventJson(event, JsonWriteOptions{}, &s);
  return s;
}

namespace {

Status AddJsonValue(Event* event, std::string_view key, simdjson::dom::element value);

Status AddExtraJson(Event* event, std::string_view key, simdjson::dom::element value) {
  using simdjson::dom::element_type;
  switch (value.type()) {
    case element_type::STRING: {
      std::string_view s = value.get_string().value();
      if (!IsValidUtf8(s))
        return Fail(Error::InvalidInput(fmt::format("extra.{}: invalid UTF-8", key)));
      return event->AddExtra(key, JsonKind::kString, s);
    }
    case element_type::INT64:
    case element_type::UINT64:
      return event->AddExtra(key, JsonKind::kInteger, simdjson::minify(value));
    case element_type::DOUBLE:
      return event->AddExtra(key, JsonKind::kFloat, FormatDouble(value.get_double().value()));
    case element_type::BOOL:
      return event->AddExtra(key, JsonKind::kBool, value.get_bool().value() ? "true" : "false");
    case element_type::NULL_VALUE:
      return event->AddExtra(key, JsonKind::kRaw, "null");
    default:
      return event->AddExtra(key, JsonKind::kRaw, simdjson::minify(value));
  }
}

Status AddJsonValue(Event* event, std::string_view key, simdjson::dom::element value) {
  using simdjson::dom::element_type;
  if (key == "__type") {
    std::string_view t;
    if (value.get_string().get(t) || t != "Event")
      return Fail(Error::InvalidInput("__type is not \"Event\" (IntelMQ Reports are not events)"));
    return Ok();
  }
  if (key == "extra" || key.substr(0, 6) == "extra.") {
    if (key == "extra") {
      if (value.type() == element_type::STRING) {
        // IntelMQ accepts extra as a JSON string holding an object.
        simdjson::dom::parser p;
        simdjson::dom::element inner;
        if (p.parse(std::string(value.get_string().value())).get(inner) || !inner.is_object())
          return Fail(Error::InvalidInput("extra is not a JSON object"));
        simdjson::dom::object inner_obj = inner.get_object();
        for (auto [k, v] : inner_obj) BELFRY_RETURN_IF_ERROR(AddExtraJson(event, k, v));
        return Ok();
      }
      if (!value.is_object()) return Fail(Error::InvalidInput("extra is not a JSON object"));
      simdjson::dom::object obj = value.get_object();
      for (auto [k, v] : obj) BELFRY_RETURN_IF_ERROR(AddExtraJson(event, k, v));
      return Ok();
    }
    return AddExtraJson(event, key.substr(6), value);
  }
  if (value.type() == element_type::OBJECT) {
    // Hierarchical form: {"source": {"ip": ...}}.
    // Bind the object first: iterating get_object().value() would dangle.
    simdjson::dom::object obj = value.get_object();
    for (auto [k, v] : obj)
      BELFRY_RETURN_IF_ERROR(AddJsonValue(event, fmt::format("{}.{}", key, k), v));
    return Ok();
  }
  auto id = FieldRegistry::Find(key);
  if (!id) return Fail(Error::InvalidInput(fmt::format("unknown field '{}'", key)));
  std::string text;
  switch (value.type()) {
    case element_type::STRING:
      text = std::string(value.get_string().value());
      break;
    case element_type::BOOL:
      text = value.get_bool().value() ? "true" : "false";
      break;
    case element_type::DOUBLE:
      text = FormatDouble(value.get_double().value());
      break;
    case element_type::NULL_VALUE:
      return Ok();
    default:
      text = simdjson::minify(value);
      break;
  }
  if (*id == fields::kRaw) {
    auto decoded = DecodeBase64(text);
    if (!decoded) return Fail(Error::InvalidInput("raw is not valid base64"));
    event->raw = std::move(*decoded);
    return Ok();
  }
  return event->Add(*id, text);
}

}  // namespace

Result<Event> ParseEventJson(std::string_view json) {
  thread_local simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element doc;
  if (auto err = parser.parse(padded).get(doc))
    return Fail(
        Error::InvalidInput(fmt::format("not valid JSON: {}", simdjson::error_message(err))));
  simdjson::dom::object obj;
  if (doc.get_object().get(obj)) return Fail(Error::InvalidInput("not a JSON object"));
  Event event;
  for (auto [key, value] : obj) BELFRY_RETURN_IF_ERROR(AddJsonValue(&event, key, value));
  // AMBER+STRICT travels as tlp=AMBER plus extra.tlp.
  auto extra_tlp = event.GetExtra("tlp");
  if (extra_tlp && extra_tlp->kind == JsonKind::kString) {
    auto t = ParseTlp(extra_tlp->value);
    auto tlp = event.Get(fields::kTlp);
    if (t == Tlp::kAmberStrict && (!tlp || *tlp == "AMBER")) {
      event.SetNormalized(fields::kTlp, "AMBER+STRICT");
      event.RemoveExtra("tlp");
    }
  }
  return event;
}

}  // namespace belfry
