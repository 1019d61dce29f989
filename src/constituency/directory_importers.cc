#include "constituency/directory_importers.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <map>
#include <set>

#include "constituency/contact_format.h"
#include "constituency/ip_range.h"
#include "constituency/names.h"
#include "core/csv_tokenizer.h"
#include "core/text.h"

namespace belfry {
namespace {

constexpr std::string_view kSectors[] = {
    // NIS2 Annex I (sectors of high criticality)
    "energy", "transport", "banking", "financial-market-infrastructure", "health", "drinking-water",
    "waste-water", "digital-infrastructure", "ict-service-management", "public-administration",
    "space",
    // NIS2 Annex II (other critical sectors)
    "postal", "waste-management", "chemicals", "food", "manufacturing", "digital-providers",
    "research",
    // outside NIS2
    "education", "enterprise", "citizens", "other"};

std::vector<std::string_view> SplitSpaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == ';')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != ',' && s[j] != ';') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

bool PlausibleEmail(std::string_view e) {
  const size_t at = e.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < e.size() &&
         e.find(' ') == std::string_view::npos && e.find('@', at + 1) == std::string_view::npos;
}

// Validates and stores one CSV row.
Status CsvRow(ConstituencyStore* store, const std::map<std::string, std::string_view>& row,
              DirectoryImportStats* stats, std::set<std::string>* orgs_seen) {
  auto get = [&](const char* key) -> std::string_view {
    auto it = row.find(key);
    return it == row.end() ? std::string_view() : TrimAscii(it->second);
  };
  const std::string handle(get("organisation"));
  if (handle.empty()) return Fail(Error::InvalidInput("organisation is empty"));
  OrganisationRecord org;
  org.origin = kManualOrigin;
  org.handle = handle;
  org.name = get("name");
  org.country = AsciiUpperCopy(get("country"));
  org.sector = AsciiLowerCopy(get("sector"));
  org.entity_class = AsciiLowerCopy(get("entity_class"));
  org.tags = get("tags");
  if (!org.country.empty() && org.country.size() != 2) {
    return Fail(
        Error::InvalidInput(fmt::format("country '{}' is not a two-letter code", org.country)));
  }
  if (!org.sector.empty() && !IsKnownSector(org.sector)) {
    return Fail(Error::InvalidInput(
        fmt::format("sector '{}' is not one of: {}", org.sector, KnownSectors())));
  }
  if (!org.entity_class.empty() && org.entity_class != "essential" &&
      org.entity_class != "important" && org.entity_class != "none") {
    return Fail(Error::InvalidInput(
        fmt::format("entity_class '{}' must be essential, important or none", org.entity_class)));
  }
  std::vector<NetworkRecord> nets;
  for (std::string_view n : SplitSpaces(get("networks"))) {
    auto r = IpRange::Parse(n);
    if (!r) return Fail(r.error());
    NetworkRecord rec;
    rec.kind = NetworkKind::kIpRange;
    rec.first = r->first;
    rec.last = r->last;
    rec.key = r->ToString();
    nets.push_back(std::move(rec));
  }
  for (std::string_view a : SplitSpaces(get("asns"))) {
    auto asn = ParseAsnText(a);
    if (!asn) return Fail(Error::InvalidInput(fmt::format("'{}' is not an AS number", a)));
    NetworkRecord rec;
    rec.kind = NetworkKind::kAsn;
    rec.asn = *asn;
    rec.key = fmt::format("AS{}", *asn);
    nets.push_back(std::move(rec));
  }
  for (std::string_view d : SplitSpaces(get("domains"))) {
    NetworkRecord rec;
    rec.kind = NetworkKind::kDomain;
    rec.domain = NormalizeDomain(d);
    if (rec.domain.empty() || rec.domain.find('.') == std::string::npos) {
      return Fail(Error::InvalidInput(fmt::format("'{}' is not a domain name", d)));
    }
    rec.key = rec.domain;
    nets.push_back(std::move(rec));
  }
  ContactRecord contact;
  contact.origin = kManualOrigin;
  contact.email = AsciiLowerCopy(get("email"));
  if (!contact.email.empty()) {
    if (!PlausibleEmail(contact.email)) {
      return Fail(Error::InvalidInput(fmt::format("'{}' is not an e-mail address", contact.email)));
    }
    contact.org = handle;
    contact.role = AsciiLowerCopy(get("role"));
    if (contact.role.empty()) contact.role = "abuse";
    static const std::set<std::string> kRoles = {"abuse", "security", "noc", "management"};
    if (!kRoles.count(contact.role)) {
      return Fail(Error::InvalidInput(
          fmt::format("role '{}' must be abuse, security, noc or management", contact.role)));
    }
    contact.language = AsciiLowerCopy(get("language"));
    static const std::set<std::string> kLanguages = {"", "nl", "fr", "de", "en"};
    if (!kLanguages.count(contact.language)) {
      return Fail(Error::InvalidInput(
          fmt::format("language '{}' must be nl, fr, de or en", contact.language)));
    }
    contact.format = AsciiLowerCopy(get("format"));
    if (!ParseContactFormat(contact.format))
      return Fail(Error::InvalidInput(fmt::format("format '{}' {}", contact.format, kFormatHelp)));
    contact.pgp_fingerprint = AsciiUpperCopy(get("pgp_fingerprint"));
    contact.pgp_fingerprint.erase(
        std::remove(contact.pgp_fingerprint.begin(), contact.pgp_fingerprint.end(), ' '),
        contact.pgp_fingerprint.end());
    if (std::string_view cn = get("contact_network"); !cn.empty()) {
      auto r = IpRange::Parse(cn);
      if (!r) return Fail(r.error());
      contact.network = r->ToString();
      contact.org = "";
    }
  }
  // A repeated organisation row only adds: its empty fields do not erase what an earlier row
  // set. Only the first row of an organisation writes the organisation record.
  if (orgs_seen->insert(handle).second) {
    BELFRY_RETURN_IF_ERROR(store->PutOrganisation(org));
    ++stats->organisations;
  }
  for (auto& n : nets) {
    n.origin = kManualOrigin;
    n.source_class = "csv";
    n.org = handle;
    n.country = org.country;
    BELFRY_RETURN_IF_ERROR(store->PutNetwork(n));
    ++stats->networks;
  }
  if (!contact.email.empty()) {
    BELFRY_RETURN_IF_ERROR(store->PutContact(contact));
    ++stats->contacts;
  }
  return Ok();
}

}  // namespace

bool IsKnownSector(std::string_view sector) {
  for (auto s : kSectors) {
    if (s == sector) return true;
  }
  return false;
}

std::string_view KnownSectors() {
  static const std::string all = [] {
    std::string s;
    for (auto x : kSectors) s += (s.empty() ? "" : ", ") + std::string(x);
    return s;
  }();
  return all;
}

Result<DirectoryImportStats> ImportConstituencyCsv(ConstituencyStore* store, std::string_view csv,
                                                   const DirectoryErrorFn& on_error) {
  DirectoryImportStats stats;
  CsvDialect dialect;
  dialect.comment = "#";
  CsvTokenizer tok(dialect);
  tok.Feed(csv, true);
  CsvRecord rec;
  std::vector<std::string> header;
  static const std::set<std::string> kColumns = {
      "organisation", "name",     "country", "sector",          "entity_class",
      "tags",         "networks", "asns",    "domains",         "email",
      "role",         "language", "format",  "pgp_fingerprint", "contact_network"};
  BELFRY_RETURN_IF_ERROR(store->Begin());
  std::set<std::string> orgs_seen;
  for (;;) {
    const CsvStatus st = tok.Next(&rec);
    if (st == CsvStatus::kEnd || st == CsvStatus::kNeedMore) break;
    if (st == CsvStatus::kError) {
      ++stats.rejected;
      on_error({tok.error_line(), tok.error(), std::string(tok.error_text())});
      continue;
    }
    if (header.empty()) {
      for (auto f : rec.fields) {
        std::string name = AsciiLowerCopy(TrimAscii(f));
        if (!kColumns.count(name)) {
          (void)store->Rollback();
          return Fail(Error::InvalidInput(fmt::format(
              "line {}: unknown column '{}' (columns: organisation, name, country, sector, "
              "entity_class, tags, networks, asns, domains, email, role, language, format, "
              "pgp_fingerprint, contact_network)",
              rec.line, name)));
        }
        header.push_back(std::move(name));
      }
      if (std::find(header.begin(), header.end(), "organisation") == header.end()) {
        (void)store->Rollback();
        return Fail(Error::InvalidInput("line 1: the header has no 'organisation' column"));
      }
      continue;
    }
    ++stats.rows;
    if (rec.fields.size() != header.size()) {
      ++stats.rejected;
      on_error({rec.line,
                fmt::format("{} fields, the header has {}", rec.fields.size(), header.size()),
                std::string(rec.text)});
      continue;
    }
    std::map<std::string, std::string_view> row;
    for (size_t i = 0; i < header.size(); ++i) row[header[i]] = rec.fields[i];
    auto status = CsvRow(store, row, &stats, &orgs_seen);
    if (!status) {
      if (status.error().code() != ErrorCode::kInvalidInput) {
        (void)store->Rollback();
        return Fail(status.error());
      }
      ++stats.rejected;
      on_error({rec.line, status.error().message(), std::string(rec.text)});
    }
  }
  BELFRY_RETURN_IF_ERROR(store->Commit());
  return stats;
}

Result<DirectoryImportStats> ImportTrustedIntroducer(ConstituencyStore* store,
                                                     std::string_view json,
                                                     const DirectoryErrorFn& on_error) {
  DirectoryImportStats stats;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (auto err = parser.parse(padded).get(root)) {
    return Fail(Error::InvalidInput(
        fmt::format("not a Trusted Introducer teams.json: {}", simdjson::error_message(err))));
  }
  simdjson::dom::array teams;
  if (root.get_array().get(teams)) {
    return Fail(
        Error::InvalidInput("not a Trusted Introducer teams.json: expected a list of teams"));
  }
  BELFRY_RETURN_IF_ERROR(store->Begin());
  auto fail = [&](const Error& e) -> Result<DirectoryImportStats> {
    (void)store->Rollback();
    return Fail(e);
  };
  if (auto st = store->DeleteOrigin(kTiOrigin, {}); !st) return fail(st.error());
  std::set<std::string> names;
  uint64_t position = 0;
  for (simdjson::dom::element team : teams) {
    ++position;
    ++stats.rows;
    simdjson::dom::object t;
    if (team.get_object().get(t)) {
      ++stats.rejected;
      on_error({position, "team is not an object", simdjson::minify(team)});
      continue;
    }
    auto str = [&](simdjson::dom::element e) -> std::string {
      std::string_view v;
      return e.get_string().get(v) ? std::string() : std::string(v);
    };
    PeerRecord peer;
    peer.origin = kTiOrigin;
    peer.name = str(t["short_name"]);
    if (peer.name.empty()) {
      ++stats.rejected;
      on_error({position, "team without short_name", simdjson::minify(team)});
      continue;
    }
    if (!names.insert(peer.name).second) {
      ++stats.rejected;
      on_error(
          {position, fmt::format("team '{}' appears twice", peer.name), simdjson::minify(team)});
      continue;
    }
    peer.official_name = str(t["official_name"]);
    peer.country = AsciiUpperCopy(str(t["country"]["code"]));
    simdjson::dom::object cons;
    const bool has_cons = !t["constituency"].get_object().get(cons);
    bool national = false;
    std::vector<std::string> countries;
    if (has_cons) {
      simdjson::dom::array types;
      if (!cons["types"].get_array().get(types)) {
        for (auto ty : types) national |= str(ty) == "National";
      }
      simdjson::dom::array cs;
      if (!cons["countries"].get_array().get(cs)) {
        for (auto c : cs) {
          std::string code = AsciiUpperCopy(str(c["code"]));
          if (code.size() == 2) countries.push_back(code);
        }
      }
    }
    if (national) {
      for (const auto& c : countries) peer.countries += (peer.countries.empty() ? "" : ",") + c;
    }
    simdjson::dom::array emails;
    if (!t["emails"].get_array().get(emails)) {
      for (auto e : emails) {
        std::string address = AsciiLowerCopy(str(e["address"]));
        if (!address.empty()) {
          peer.email = address;
          break;
        }
      }
    }
    simdjson::dom::array keys;
    if (!t["pgp_keys"].get_array().get(keys)) {
      for (auto k : keys) {
        std::string fp = str(k["fingerprint"]);
        fp.erase(std::remove(fp.begin(), fp.end(), ' '), fp.end());
        if (!fp.empty()) {
          peer.pgp_fingerprint = AsciiUpperCopy(fp);
          break;
        }
      }
    }
    if (auto st = store->PutPeer(peer); !st) return fail(st.error());
    ++stats.peers;
    if (!has_cons) continue;
    auto add_net = [&](NetworkRecord n) -> Status {
      n.origin = kTiOrigin;
      n.source_class = "ti";
      n.peer = peer.name;
      n.key = peer.name + " " + n.key;
      ++stats.networks;
      return store->PutNetwork(n);
    };
    simdjson::dom::array list;
    if (!cons["ipranges"].get_array().get(list)) {
      for (auto e : list) {
        auto r = IpRange::Parse(str(e));
        if (!r) {
          on_error({position, fmt::format("{}: {}", peer.name, r.error().message()),
                    simdjson::minify(team)});
          continue;
        }
        NetworkRecord n;
        n.kind = NetworkKind::kIpRange;
        n.first = r->first, n.last = r->last, n.key = r->ToString();
        if (auto st = add_net(n); !st) return fail(st.error());
      }
    }
    if (!cons["asns"].get_array().get(list)) {
      for (auto e : list) {
        int64_t asn = 0;
        if (e.get_int64().get(asn) || asn <= 0) {
          std::string s = str(e);
          auto v = ParseAsnText(s);
          if (!v) {
            on_error({position, fmt::format("{}: '{}' is not an AS number", peer.name, s),
                      simdjson::minify(team)});
            continue;
          }
          asn = *v;
        }
        NetworkRecord n;
        n.kind = NetworkKind::kAsn;
        n.asn = asn, n.key = fmt::format("AS{}", asn);
        if (auto st = add_net(n); !st) return fail(st.error());
      }
    }
    if (!cons["domains"].get_array().get(list)) {
      for (auto e : list) {
        NetworkRecord n;
        n.kind = NetworkKind::kDomain;
        n.domain = NormalizeDomain(str(e));
        if (n.domain.empty()) continue;
        n.key = n.domain;
        if (auto st = add_net(n); !st) return fail(st.error());
      }
    }
  }
  BELFRY_RETURN_IF_ERROR(store->Commit());
  return stats;
}

}  // namespace belfry
