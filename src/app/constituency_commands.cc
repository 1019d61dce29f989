#include "app/constituency_commands.h"

#include "constituency/lookup_json.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "app/services.h"
#include "constituency/directory_importers.h"
#include "constituency/names.h"
#include "constituency/ripe_importer.h"
#include "core/clock.h"
#include "core/digest.h"
#include "core/json_object.h"
#include "core/text.h"
#include "enrich/router.h"
#include "pipeline/dead_letter_writer.h"

namespace belfry {
namespace {

constexpr int kMaxErrorsShown = 50;

// Rejected records: the first ones on stderr, every one in the dead-letter file.
class Rejects {
 public:
  Rejects(const Config& config, const Common& c, std::string what)
      : writer_(c.dead_letter.empty() ? DefaultDeadLetterPath(StorePath(config, c))
                                      : c.dead_letter),
        what_(std::move(what)) {}
  void operator()(const std::string& where, uint64_t line, const std::string& reason,
                  const std::string& raw) {
    if (++count_ <= kMaxErrorsShown) {
      fmt::print(stderr, "{}:{}: rejected: {}\n", where, line, reason);
    }
    // Keyed by the file's SHA-256 and the line: importing the same file again repeats none.
    auto digest = digests_.find(where);
    if (digest == digests_.end()) digest = digests_.emplace(where, Sha256FileHex(where)).first;
    batch_.push_back(DeadLetter{where, line, reason, raw, digest->second});
    if (batch_.size() >= 1024) Flush();
  }
  ~Rejects() {
    Flush();
    if (count_ > kMaxErrorsShown) {
      fmt::print(stderr, "... and {} more rejected\n", count_ - kMaxErrorsShown);
    }
    if (count_ > 0) fmt::print(stderr, "rejected records are in {}\n", writer_.path());
  }

 private:
  void Flush() {
    if (batch_.empty()) return;
    SystemClock clock;
    if (auto st = writer_.Write(batch_, what_, clock.NowSeconds() * 1000000); !st) {
      fmt::print(stderr, "belfry: {}\n", st.error().message());
    }
    (void)writer_.Flush();
    batch_.clear();
  }

  DeadLetterWriter writer_;
  std::string what_;
  std::vector<DeadLetter> batch_;
  std::map<std::string, std::string> digests_;  // file -> SHA-256
  uint64_t count_ = 0;
};

// Events not yet notified follow the constituency: after every change they are routed
// again with the new index.
Result<uint64_t> RerouteEvents(Services& s) {
  auto cstore = s.constituency_store();
  if (!cstore) return Fail(cstore.error());
  auto index = ConstituencyIndex::Build(*cstore, s.config().constituency);
  if (!index) return Fail(index.error());
  auto events = s.events();
  if (!events) return Fail(events.error());
  const ConstituencyIndex& idx = **index;
  std::vector<DamagedEvent> damaged;
  auto n = (*events)->Reroute(
      [&](Event* e, bool destination) {
        return idx.Decide(QueryFromEvent(*e, destination), destination);
      },
      &damaged);
  for (const auto& d : damaged)
    fmt::print(stderr, "belfry: event {} (segment {}, row {}) cannot be read, route kept: {}\n",
               d.id, d.segment, d.row, d.reason);
  return n;
}

int RerouteAfterImport(Services& s, int rc) {
  if (rc != kExitOk) return rc;
  const Common& c = s.common();
  auto n = RerouteEvents(s);
  if (!n) return Report(n.error());
  if (*n && !c.json) fmt::print("re-routed {} stored events not yet notified\n", Thousands(*n));
  return rc;
}

int ImportRipe(Services& s, const std::vector<std::string>& files) {
  const Config& config = s.config();
  const Common& c = s.common();
  for (const auto& f : files) {
    if (!std::filesystem::exists(f))
      return Report(Error::NotFound(fmt::format("no such file: {}", f)));
  }
  auto store = s.constituency_store();
  if (!store) return Report(store.error());
  uint64_t total = 0;
  for (const auto& f : files) {
    std::error_code ec;
    total += std::filesystem::file_size(f, ec);
  }
  const bool tty = isatty(2) && !c.json;
  Rejects errors(config, c, "constituency import ripe");
  RipeImporter importer(
      *store,
      [&](const RipeImportError& e) {
        if (tty) fmt::print(stderr, "\r\033[K");
        errors(e.file, e.line, e.reason, e.raw);
      },
      [&](uint64_t bytes, uint64_t objects) {
        if (!tty) return;
        // Compressed input: the byte count is of decompressed data, so show objects only
        // when it would overshoot.
        fmt::print(stderr, "\r{} objects, {} MB read", Thousands(objects), bytes >> 20);
        (void)total;
      });
  const auto start = std::chrono::steady_clock::now();
  auto stats = importer.Import(files);
  if (tty) fmt::print(stderr, "\n");
  if (!stats) return Report(stats.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (c.json) {
    std::string per;
    for (const auto& [cls, n] : stats->per_class) {
      per += fmt::format("{}\"{}\": {}", per.empty() ? "" : ", ", cls, n);
    }
    fmt::print(
        "{{\"objects\": {}, \"imported\": {}, \"skipped\": {}, \"administrative\": {}, "
        "\"rejected\": {}, \"seconds\": {:.3f}, \"classes\": {{{}}}}}\n",
        stats->objects, stats->imported, stats->skipped, stats->administrative, stats->rejected,
        seconds, per);
  } else {
    std::string per;
    for (const auto& [cls, n] : stats->per_class) {
      per += fmt::format("{}{} {}", per.empty() ? "" : ", ", Thousands(n), cls);
    }
    fmt::print("imported {} objects ({}); {} skipped (classes not used), {} rejected; {:.1f} s\n",
               Thousands(stats->imported), per.empty() ? "none" : per, Thousands(stats->skipped),
               Thousands(stats->rejected), seconds);
    if (stats->administrative)
      fmt::print(
          "{} IANA/RIR administrative blocks left out (never an owner or a contact source)\n",
          Thousands(stats->administrative));
  }
  return kExitOk;
}

int ImportDirectory(Services& s, const std::string& file, bool ti) {
  const Config& config = s.config();
  const Common& c = s.common();
  auto data = ReadWholeFile(file);
  if (!data) return Report(data.error());
  auto store = s.constituency_store();
  if (!store) return Report(store.error());
  Rejects errors(config, c, ti ? "constituency import ti" : "constituency import csv");
  auto on_error = [&](const DirectoryImportError& e) { errors(file, e.line, e.reason, e.raw); };
  auto stats = ti ? ImportTrustedIntroducer(*store, *data, on_error)
                  : ImportConstituencyCsv(*store, *data, on_error);
  if (!stats) return Report(stats.error());
  if (c.json) {
    fmt::print(
        "{{\"rows\": {}, \"organisations\": {}, \"networks\": {}, \"contacts\": {}, "
        "\"peers\": {}, \"rejected\": {}}}\n",
        stats->rows, stats->organisations, stats->networks, stats->contacts, stats->peers,
        stats->rejected);
  } else if (ti) {
    fmt::print("imported {} peer teams with {} networks; {} rejected\n", stats->peers,
               stats->networks, stats->rejected);
  } else {
    fmt::print("imported {} organisations, {} networks, {} contacts; {} rows rejected\n",
               stats->organisations, stats->networks, stats->contacts, stats->rejected);
  }
  return stats->rejected > 0 && stats->rows == stats->rejected ? kExitFailure : kExitOk;
}

// An address, a CIDR (answered for its first address, with a note when the network is
// split), an AS number or a domain name; anything else (a zone id, a port) is refused.
Result<LookupQuery> ParseTarget(const std::string& target, std::optional<IpNetwork>* network) {
  LookupQuery q;
  std::string_view t = TrimAscii(target);
  if (t.find('/') != std::string_view::npos) {
    auto n = IpNetwork::Parse(t);
    if (!n) return Fail(Error::InvalidConfig(n.error().message()));
    *network = *n;
    q.ip = n->first();
    return q;
  }
  if (t.find(':') != std::string_view::npos || t.find('%') != std::string_view::npos ||
      (!t.empty() && t.find_first_not_of("0123456789.") == std::string_view::npos &&
       t.find('.') != std::string_view::npos)) {
    auto ip = IpAddress::Parse(t);
    if (!ip) return Fail(Error::InvalidConfig(ip.error().message()));
    q.ip = *ip;
    return q;
  }
  std::string_view a = t;
  if (a.size() > 2 && (a[0] == 'A' || a[0] == 'a') && (a[1] == 'S' || a[1] == 's'))
    a.remove_prefix(2);
  if (!a.empty() && a.find_first_not_of("0123456789") == std::string_view::npos) {
    auto v = ParseAsnText(t);
    if (!v) return Fail(Error::InvalidConfig(fmt::format("not an AS number: {}", t)));
    q.asn = *v;
    return q;
  }
  if (t.find('.') == std::string_view::npos ||
      t.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_*") !=
          std::string_view::npos) {
    return Fail(Error::InvalidConfig(
        fmt::format("'{}' is not an IP address, an AS number or a domain name", t)));
  }
  q.fqdn = AsciiLowerCopy(t);
  return q;
}

int Lookup(Services& s, const std::string& target) {
  const Config& config = s.config();
  const Common& c = s.common();
  std::optional<IpNetwork> network;
  auto q = ParseTarget(target, &network);
  if (!q) return Report(q.error());
  if (auto st = s.RequireDatabase(); !st) return Report(st.error());
  auto store = s.constituency_store();
  if (!store) return Report(store.error());
  auto index = ConstituencyIndex::Build(*store, config.constituency);
  if (!index) return Report(index.error());
  LookupResult r = (*index)->Lookup(*q);
  if (!config.constituency.HasScope())
    fmt::print(stderr, "belfry: {}\n", kNoScopeNote);
  if (network) {
    LookupQuery last = *q;
    last.ip = network->last();
    if ((*index)->Lookup(last).network != r.network)
      fmt::print(stderr,
                 "belfry: {} is split between networks; the answer is for its first address {}\n",
                 network->ToString(), q->ip->ToString());
  }
  if (c.json) {
    fmt::print("{}\n", LookupResultJson(r));
    return kExitOk;
  }
  auto line = [](std::string_view k, std::string_view v) {
    if (!v.empty()) fmt::print("{:<16}{}\n", k, v);
  };
  line("network", r.network);
  line("netname", r.network_name);
  line("organisation", r.organisation);
  line("handle", r.handle);
  line("sector", r.sector);
  line("entity class", r.entity_class);
  line("country", r.country);
  line("asn", r.asn ? std::to_string(*r.asn) : "");
  line("abuse e-mail", r.abuse_email);
  for (const auto& ct : r.contacts) {
    line("contact",
         fmt::format("{} ({}, {}{}{})", ct.email, ct.role, ct.language, ct.manual ? ", manual" : "",
                     ct.format.empty() ? "" : ", " + ct.format));
  }
  line("matched by", r.matched_by.empty() ? "nothing" : r.matched_by);
  line("constituent", r.in_constituency ? "yes" : "no");
  line("route",
       fmt::format("{}{}{}", RouteKindName(r.route), r.route_to.empty() ? "" : " -> ", r.route_to));
  if (!r.peer_email.empty()) line("peer e-mail", r.peer_email);
  return kExitOk;
}

int Stats(Services& s) {
  const Common& c = s.common();
  if (auto st = s.RequireDatabase(); !st) return Report(st.error());
  auto store = s.constituency_store();
  if (!store) return Report(store.error());
  auto counts = (*store)->Counts();
  if (!counts) return Report(counts.error());
  if (c.json) {
    fmt::print(
        "{{\"organisations\": {}, \"networks\": {}, \"contacts\": {}, \"peers\": {}, "
        "\"roles\": {}}}\n",
        counts->organisations, counts->networks, counts->contacts, counts->peers, counts->roles);
  } else {
    fmt::print(
        "organisations {}\nnetworks      {}\ncontacts      {}\npeer teams    {}\nroles         "
        "{}\n",
        Thousands(counts->organisations), Thousands(counts->networks), Thousands(counts->contacts),
        Thousands(counts->peers), Thousands(counts->roles));
  }
  return kExitOk;
}

}  // namespace


void AddConstituencyCommands(CLI::App* app, Common* common, ConstituencyCli* cli) {
  auto* cons = app->add_subcommand(
      "constituency", "organisations, networks, contacts and peer teams: import and look up");
  cons->require_subcommand(1);
  auto* import = cons->add_subcommand("import", "import constituency data");
  import->require_subcommand(1);
  // The options every import shares.
  auto add_import = [&](const char* name, const char* help) {
    CLI::App* sub = import->add_subcommand(name, help);
    sub->add_option("--db", common->db, "SQLite database file");
    sub->add_option("--dead-letter", common->dead_letter,
                    "JSON-lines file for rejected records (default: beside the database)");
    sub->add_flag("--json", common->json, "the summary as one JSON object");
    return sub;
  };
  cli->import_ripe =
      add_import("ripe", "RIPE database split files (ripe.db.inetnum.gz ...), plain or gzip");
  cli->import_ripe->add_option("files", cli->files, "RPSL files")->required();
  cli->import_csv = add_import(
      "csv", "the team's own organisations, networks and contacts (docs/CONSTITUENCY.md)");
  cli->import_csv->add_option("file", cli->target, "CSV file")->required();
  cli->import_ti = add_import("ti", "peer CSIRTs from a Trusted Introducer teams.json");
  cli->import_ti->add_option("file", cli->target, "teams.json")->required();
  cli->lookup = cons->add_subcommand(
      "lookup", "whose is it: the organisation, contact and route for an IP, ASN or domain");
  cli->lookup->add_option("--db", common->db, "SQLite database file");
  cli->lookup->add_flag("--json", common->json, "one JSON object");
  cli->lookup->add_option("target", cli->target, "IP address, AS number (AS64500) or domain")
      ->required();
  cli->reroute = cons->add_subcommand(
      "reroute", "route stored events not yet notified again (imports do this themselves)");
  cli->reroute->add_option("--db", common->db, "SQLite database file");
  cli->reroute->add_flag("--json", common->json, "one JSON object");
  cli->stats = cons->add_subcommand("stats", "count what the constituency database holds");
  cli->stats->add_option("--db", common->db, "SQLite database file");
  cli->stats->add_flag("--json", common->json, "one JSON object");
}

std::optional<int> RunConstituencyCommand(const ConstituencyCli& cli, const Config& config,
                                          const Common& common) {
  auto services = Services::Create(config, common);
  Services& s = *services;
  if (cli.import_ripe->parsed()) return RerouteAfterImport(s, ImportRipe(s, cli.files));
  if (cli.import_csv->parsed()) return RerouteAfterImport(s, ImportDirectory(s, cli.target, false));
  if (cli.import_ti->parsed()) return RerouteAfterImport(s, ImportDirectory(s, cli.target, true));
  if (cli.reroute->parsed()) {
    if (auto st = s.RequireDatabase(); !st) return Report(st.error());
    auto n = RerouteEvents(s);
    if (!n) return Report(n.error());
    if (common.json) {
      fmt::print("{{\"rerouted\": {}}}\n", *n);
    } else {
      fmt::print("re-routed {} stored events not yet notified\n", Thousands(*n));
    }
    return kExitOk;
  }
  if (cli.lookup->parsed()) return Lookup(s, cli.target);
  if (cli.stats->parsed()) return Stats(s);
  return std::nullopt;
}

}  // namespace belfry
