#include "model/field_registry.h"

#include <algorithm>
#include <cstring>
#include <iterator>

namespace belfry {
namespace {

constexpr FieldSpec kFields[] = {
#include "model/field_table.inc"
};
static_assert(std::size(kFields) == fields::kFieldCount);

}  // namespace

size_t FieldRegistry::Size() { return std::size(kFields); }

const FieldSpec& FieldRegistry::Spec(FieldId id) { return kFields[id]; }

std::optional<FieldId> FieldRegistry::Find(std::string_view name) {
  auto it = std::lower_bound(std::begin(kFields), std::end(kFields), name,
                             [](const FieldSpec& f, std::string_view n) { return f.name < n; });
  if (it == std::end(kFields) || it->name != name) return std::nullopt;
  return static_cast<FieldId>(it - std::begin(kFields));
}

JsonKind FieldRegistry::KindOf(FieldId id) {
  switch (kFields[id].type) {
    case FieldType::kInteger:
    case FieldType::kASN:
      return JsonKind::kInteger;
    case FieldType::kFloat:
    case FieldType::kAccuracy:
      return JsonKind::kFloat;
    case FieldType::kBoolean:
      return JsonKind::kBool;
    case FieldType::kJSON:
    case FieldType::kJSONDict:
      return JsonKind::kRaw;
    default:
      return JsonKind::kString;
  }
}

FieldId FieldRegistry::FirstAfterExtra() {
  static const FieldId first = [] {
    auto it =
        std::upper_bound(std::begin(kFields), std::end(kFields), std::string_view("extra.\x7f"),
                         [](std::string_view n, const FieldSpec& f) { return n < f.name; });
    return static_cast<FieldId>(it - std::begin(kFields));
  }();
  return first;
}

std::string_view FieldRegistry::TypeName(FieldType t) {
  static constexpr std::string_view kNames[] = {"String",
                                                "LowercaseString",
                                                "UppercaseString",
                                                "Base64",
                                                "Boolean",
                                                "Integer",
                                                "ASN",
                                                "Float",
                                                "Accuracy",
                                                "DateTime",
                                                "IPAddress",
                                                "IPNetwork",
                                                "FQDN",
                                                "URL",
                                                "JSON",
                                                "JSONDict",
                                                "ClassificationTaxonomy",
                                                "ClassificationType",
                                                "Registry",
                                                "TLP"};
  return kNames[static_cast<int>(t)];
}

bool IsValidKeyName(std::string_view key) {
  if (key.size() < 2) return false;
  auto word = [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9'); };
  if (!((key[0] >= 'a' && key[0] <= 'z') || key[0] == '_')) return false;
  bool after_dot = false;
  for (size_t i = 1; i < key.size(); ++i) {
    char c = key[i];
    if (c == '.') {
      if (after_dot || i == 1) return false;
      after_dot = true;
      continue;
    }
    if (!word(c)) return false;
    after_dot = false;
  }
  return !after_dot;
}

}  // namespace belfry
