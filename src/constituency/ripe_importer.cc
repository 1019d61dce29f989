#include "constituency/ripe_importer.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "constituency/ip_range.h"
#include "constituency/names.h"
#include "core/text.h"

namespace belfry {

bool IsAdministrativeBlock(const RpslObject& o, const IpRange& range) {
  // The whole space of the family: 0.0.0.0 - 255.255.255.255 (IANA-BLK), ::/0 (ROOT).
  if (range.IsWholeSpace()) return true;
  const std::string status = AsciiUpperCopy(TrimAscii(o.Get("status")));
  const std::string netname = AsciiUpperCopy(TrimAscii(o.Get("netname")));
  const std::string org = AsciiUpperCopy(TrimAscii(o.Get("org")));
  // IPv4 blocks the RIPE NCC does not manage, and IANA's, carry this status only.
  if (status == "ALLOCATED UNSPECIFIED") return true;
  for (std::string_view p : {"IANA-", "EU-ZZ-", "NON-RIPE-NCC-MANAGED-ADDRESS-BLOCK",
                             "RIPE-NCC-MANAGED-ADDRESS-BLOCK", "STUB-"}) {
    if (netname.rfind(p, 0) == 0) return true;
  }
  // The RIR's own allocations from IANA (an LIR's IPv6 allocation has the same status but
  // the LIR's organisation, and keeps it).
  const bool rir_org = org == "ORG-NCC1-RIPE" || org == "ORG-IANA1-RIPE";
  if (rir_org && (status == "ALLOCATED-BY-RIR" || status == "ALLOCATED PA" ||
                  status == "ALLOCATED-ASSIGNED PA"))
    return true;
  return false;
}

Result<RipeImportStats> RipeImporter::Import(const std::vector<std::string>& files) {
  RipeImportStats stats;
  replaced_.clear();
  BELFRY_RETURN_IF_ERROR(store_->Begin());
  auto fail = [&](const Error& e) -> Result<RipeImportStats> {
    (void)store_->Rollback();
    return Fail(e);
  };
  if (auto st = store_->BeginBulkLoad(); !st) return fail(st.error());
  for (const auto& f : files) {
    if (auto st = ImportFile(f, &stats); !st) return fail(st.error());
  }
  if (auto st = store_->EndBulkLoad(kRipeOrigin); !st) return fail(st.error());
  if (auto st = store_->ResolveAbuseEmails(kRipeOrigin); !st) return fail(st.error());
  BELFRY_RETURN_IF_ERROR(store_->Commit());
  return stats;
}

Status RipeImporter::ImportFile(const std::string& path, RipeImportStats* stats) {
  gzFile in = gzopen(path.c_str(), "rb");  // reads plain files unchanged
  if (!in) return Fail(Error::Io(fmt::format("cannot open {}: {}", path, std::strerror(errno))));
  gzbuffer(in, 1 << 20);
  Status failure = Ok();
  RpslParser parser(
      [&](const RpslObject& o) {
        if (!failure) return;
        ++stats->objects;
        auto st = Object(o, stats);
        if (st) return;
        if (st.error().code() == ErrorCode::kInvalidInput) {
          ++stats->rejected;
          on_error_({path, o.line, fmt::format("{} {}: {}", o.cls(), o.key(), st.error().message()),
                     o.raw});
        } else {
          failure = st;  // the store failed: stop
        }
      },
      [&](const RpslError& e) {
        ++stats->objects;
        ++stats->rejected;
        on_error_({path, e.line, e.reason, e.raw});
      });
  std::string buf(1 << 20, '\0');
  uint64_t since_progress = 0;
  for (;;) {
    const int n = gzread(in, buf.data(), static_cast<unsigned>(buf.size()));
    if (n < 0) {
      int errnum = 0;
      std::string msg = gzerror(in, &errnum);
      gzclose(in);
      return Fail(Error::Io(fmt::format("cannot read {}: {}", path, msg)));
    }
    stats->bytes += static_cast<uint64_t>(n);
    since_progress += static_cast<uint64_t>(n);
    parser.Feed(std::string_view(buf.data(), static_cast<size_t>(n)), n == 0);
    if (!failure) break;
    if (on_progress_ && (since_progress >= (16u << 20) || n == 0)) {
      on_progress_(stats->bytes, stats->objects);
      since_progress = 0;
    }
    if (n == 0) break;
  }
  gzclose(in);
  return failure;
}

Status RipeImporter::Replacing(const std::string& cls) {
  // Roles and IRTs share one table: replaced together, once.
  const std::string group = cls == "irt" ? "role" : cls;
  if (std::find(replaced_.begin(), replaced_.end(), group) != replaced_.end()) return Ok();
  replaced_.push_back(group);
  return store_->DeleteOrigin(kRipeOrigin, {group});
}

Status RipeImporter::Object(const RpslObject& o, RipeImportStats* stats) {
  const std::string_view cls = o.cls();
  const bool range = cls == "inetnum" || cls == "inet6num";
  const bool route = cls == "route" || cls == "route6";
  if (!range && !route && cls != "aut-num" && cls != "organisation" && cls != "role" &&
      cls != "irt") {
    ++stats->skipped;
    return Ok();
  }
  const std::string cls_name(cls);
  if (cls == "role") {
    const std::string_view mailbox = o.Get("abuse-mailbox");
    if (mailbox.empty()) {  // only abuse roles matter to routing
      ++stats->skipped;
      return Ok();
    }
    BELFRY_RETURN_IF_ERROR(Replacing(cls_name));
    std::string handle(o.Get("nic-hdl"));
    if (handle.empty()) return Fail(Error::InvalidInput("role without nic-hdl"));
    BELFRY_RETURN_IF_ERROR(store_->PutRole(
        {kRipeOrigin, AsciiUpperCopy(handle), AsciiLowerCopy(mailbox), std::string()}));
  } else if (cls == "irt") {
    BELFRY_RETURN_IF_ERROR(Replacing(cls_name));
    std::string_view email = o.Get("abuse-mailbox");
    if (email.empty()) email = o.Get("e-mail");
    std::string_view key = o.Get("encryption");
    if (key.empty()) key = o.Get("signature");
    BELFRY_RETURN_IF_ERROR(store_->PutRole(
        {kRipeOrigin, AsciiUpperCopy(o.key()), AsciiLowerCopy(email), std::string(key)}));
  } else if (cls == "organisation") {
    BELFRY_RETURN_IF_ERROR(Replacing(cls_name));
    OrganisationRecord org;
    org.origin = kRipeOrigin;
    org.handle = AsciiUpperCopy(o.key());
    org.name = std::string(o.Get("org-name"));
    org.country = AsciiUpperCopy(o.Get("country"));
    org.abuse_c = AsciiUpperCopy(o.Get("abuse-c"));
    org.sector = "";
    org.entity_class = "";
    BELFRY_RETURN_IF_ERROR(store_->PutOrganisation(org));
  } else {
    NetworkRecord& n = network_;
    n = NetworkRecord();
    n.origin = kRipeOrigin;
    n.source_class = cls_name;
    n.org = AsciiUpperCopy(o.Get("org"));
    n.country = AsciiUpperCopy(o.Get("country"));
    n.abuse_c = AsciiUpperCopy(o.Get("abuse-c"));
    n.irt = AsciiUpperCopy(o.Get("mnt-irt"));
    if (cls == "aut-num") {
      auto asn = ParseAsnText(o.key());
      if (!asn) return Fail(Error::InvalidInput("not an AS number"));
      n.kind = NetworkKind::kAsn;
      n.asn = *asn;
      n.key = fmt::format("AS{}", *asn);
      n.name = std::string(o.Get("as-name"));
    } else {
      auto r = IpRange::Parse(o.key());
      if (!r) return Fail(r.error());
      if ((cls == "inetnum" || cls == "route") != r->is_v4()) {
        return Fail(Error::InvalidInput("address family does not match the object class"));
      }
      if (range && IsAdministrativeBlock(o, *r)) {
        ++stats->administrative;
        return Ok();
      }
      n.first = r->first;
      n.last = r->last;
      n.key = r->ToString();
      if (route) {
        auto asn = ParseAsnText(o.Get("origin"));
        if (!asn) return Fail(Error::InvalidInput("route without a valid origin AS"));
        n.kind = NetworkKind::kRoute;
        n.asn = *asn;
        n.key += fmt::format(" AS{}", *asn);
      } else {
        n.kind = NetworkKind::kIpRange;
        n.name = std::string(o.Get("netname"));
      }
    }
    BELFRY_RETURN_IF_ERROR(Replacing(cls_name));
    BELFRY_RETURN_IF_ERROR(store_->PutNetwork(n));
  }
  ++stats->imported;
  ++stats->per_class[cls_name];
  return Ok();
}

}  // namespace belfry
