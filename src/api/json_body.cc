#include "api/json_body.h"

#include <fmt/format.h>

namespace belfry {

Result<std::unique_ptr<JsonBody>> JsonBody::Parse(std::string_view body,
                                                  std::initializer_list<std::string_view> allowed) {
  auto out = std::make_unique<JsonBody>();
  simdjson::dom::element root;
  if (body.empty()) body = "{}";
  if (out->parser_.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS)
    return Fail(Error::InvalidInput("the body is not JSON"));
  if (root.get_object().get(out->object_) != simdjson::SUCCESS)
    return Fail(Error::InvalidInput("the body must be a JSON object"));
  for (auto field : out->object_) {
    bool known = false;
    for (auto a : allowed) known = known || field.key == a;
    if (!known) return Fail(Error::InvalidInput(fmt::format("unknown key '{}'", field.key)));
  }
  return out;
}

bool JsonBody::Has(std::string_view key) const {
  simdjson::dom::element e;
  return object_.at_key(key).get(e) == simdjson::SUCCESS;
}

std::vector<std::string> JsonBody::Keys() const {
  std::vector<std::string> out;
  for (auto field : object_) out.emplace_back(field.key);
  return out;
}

Result<std::optional<std::string>> JsonBody::Str(std::string_view key) const {
  simdjson::dom::element e;
  if (object_.at_key(key).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
  std::string_view v;
  if (e.get_string().get(v) != simdjson::SUCCESS)
    return Fail(Error::InvalidInput(fmt::format("'{}' must be a string", key)));
  return std::string(v);
}

Result<std::optional<int64_t>> JsonBody::Int(std::string_view key) const {
  simdjson::dom::element e;
  if (object_.at_key(key).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
  int64_t v = 0;
  if (e.get_int64().get(v) != simdjson::SUCCESS)
    return Fail(Error::InvalidInput(fmt::format("'{}' must be an integer", key)));
  return v;
}

Result<std::optional<bool>> JsonBody::Bool(std::string_view key) const {
  simdjson::dom::element e;
  if (object_.at_key(key).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
  bool v = false;
  if (e.get_bool().get(v) != simdjson::SUCCESS)
    return Fail(Error::InvalidInput(fmt::format("'{}' must be true or false", key)));
  return v;
}

Result<std::vector<int64_t>> JsonBody::IntList(std::string_view key) const {
  std::vector<int64_t> out;
  simdjson::dom::element e;
  if (object_.at_key(key).get(e) != simdjson::SUCCESS || e.is_null()) return out;
  simdjson::dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS)
    return Fail(Error::InvalidInput(fmt::format("'{}' must be a list of integers", key)));
  for (auto item : a) {
    int64_t v = 0;
    if (item.get_int64().get(v) != simdjson::SUCCESS)
      return Fail(Error::InvalidInput(fmt::format("'{}' must be a list of integers", key)));
    out.push_back(v);
    if (out.size() > 10000) return Fail(Error::InvalidInput(fmt::format("'{}' is too long", key)));
  }
  return out;
}

Result<std::optional<std::string>> JsonBody::Text(std::string_view key) const {
  simdjson::dom::element e;
  if (object_.at_key(key).get(e) != simdjson::SUCCESS || e.is_null()) return std::nullopt;
  std::string_view s;
  if (e.get_string().get(s) == simdjson::SUCCESS) return std::string(s);
  if (e.is_int64() || e.is_bool() || e.is_uint64() || e.is_double())
    return simdjson::to_string(e);
  return Fail(Error::InvalidInput(fmt::format("'{}' must be a string, number or boolean", key)));
}

}  // namespace belfry
