#include "constituency/constituency_config.h"

#include <fmt/format.h>

#include <set>

#include "constituency/names.h"

namespace belfry {

using namespace config_internal;

Status ReadConstituencySection(const Ctx& ctx, const toml::table& t, ConstituencyConfig* c) {
  BELFRY_RETURN_IF_ERROR(CheckKeys(ctx, t, "constituency",
                                   {"countries", "asns", "organisations", "networks", "languages",
                                    "notify_foreign_abuse_contacts"}));
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "constituency", "countries", &c->countries));
  for (auto& cc : c->countries) {
    cc = AsciiUpperCopy(cc);
    if (cc.size() != 2 || !std::isalpha(static_cast<unsigned char>(cc[0])) ||
        !std::isalpha(static_cast<unsigned char>(cc[1])))
      return Fail(ctx.Bad(*t.get("countries"), "constituency.countries",
                          fmt::format("'{}' is not a two-letter country code", cc)));
  }
  if (const toml::node* n = t.get("asns")) {
    if (!n->is_array())
      return Fail(ctx.Bad(*n, "constituency.asns", "must be a list of AS numbers"));
    for (const auto& item : *n->as_array()) {
      std::optional<int64_t> v;
      if (item.is_integer() && item.as_integer()->get() > 0 &&
          item.as_integer()->get() <= 4294967295LL)
        v = item.as_integer()->get();
      if (item.is_string()) v = ParseAsnText(item.as_string()->get());
      if (!v) return Fail(ctx.Bad(item, "constituency.asns", "must be a list of AS numbers"));
      c->asns.push_back(*v);
    }
  }
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "constituency", "organisations", &c->organisations));
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "constituency", "networks", &c->networks));
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, "constituency", "languages", &c->languages));
  static const std::set<std::string> kLanguages = {"nl", "fr", "de", "en"};
  for (const auto& l : c->languages)
    if (!kLanguages.count(l))
      return Fail(ctx.Bad(*t.get("languages"), "constituency.languages",
                          fmt::format("'{}' is not one of nl, fr, de, en", l)));
  if (c->languages.empty())
    return Fail(ctx.Bad(*t.get("languages"), "constituency.languages", "must not be empty"));
  return Get(ctx, t, "constituency", "notify_foreign_abuse_contacts",
             &c->notify_foreign_abuse_contacts);
}

}  // namespace belfry
