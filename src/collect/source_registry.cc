#include "collect/source_registry.h"

#include <fmt/format.h>

#include "collect/source.h"

namespace belfry {

const SourceKind* SourceRegistry::Match(std::string_view source, std::string* location) const {
  for (const auto& k : kinds_)
    if (k.match(source, location)) return &k;
  return nullptr;
}

const SourceKind* SourceRegistry::Find(std::string_view kind) const {
  for (const auto& k : kinds_)
    if (k.kind == kind) return &k;
  return nullptr;
}

std::string SourceRegistry::Syntax() const {
  std::string out;
  for (size_t i = 0; i < kinds_.size(); ++i) {
    if (i) out += i + 1 == kinds_.size() ? " or " : ", ";
    out += kinds_[i].syntax;
  }
  return out;
}

Result<std::unique_ptr<Source>> SourceRegistry::Make(std::string_view kind) const {
  const SourceKind* k = Find(kind);
  if (!k) return Fail(Error::InvalidConfig(fmt::format("no source of kind '{}'", kind)));
  return k->make();
}

}  // namespace belfry
