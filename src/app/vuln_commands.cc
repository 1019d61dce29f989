#include "app/vuln_commands.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "app/csv_rows.h"
#include "app/services.h"
#include "app/ticket_output.h"
#include "core/json_object.h"
#include "core/text.h"
#include "model/field_registry.h"
#include "vuln/csaf_import.h"
#include "vuln/vuln_matcher.h"
#include "vuln/vuln_notifier.h"

namespace belfry {

namespace {

namespace fs = std::filesystem;

Result<ProductStore*> Products(Services& s) {
  auto t = s.tickets();
  if (!t) return Fail(t.error());
  auto* p = dynamic_cast<ProductStore*>(*t);
  if (!p) return Fail(Error::Internal("the tracker's store keeps no products"));
  return p;
}

// The candidates an advisory could match, the match, and (unless dry) the mails.
Result<VulnReport> MatchAndTell(Services& s, const VulnNotice& notice,
                                const std::vector<AdvisoryProduct>& affected,
                                const std::vector<std::string>& cves, bool dry_run) {
  auto products = Products(s);
  if (!products) return Fail(products.error());
  std::vector<ConstituentProduct> candidates;
  for (const auto& a : affected) {
    auto found = (*products)->FindProducts(a.vendor, a.product);
    if (!found) return Fail(found.error());
    candidates.insert(candidates.end(), found->begin(), found->end());
  }
  for (const auto& cve : cves) {
    auto found = (*products)->ProductsWithCve(cve);
    if (!found) return Fail(found.error());
    candidates.insert(candidates.end(), found->begin(), found->end());
  }
  auto matches = MatchAdvisory(affected, cves, candidates);
  auto holder = s.constituency();
  if (!holder) return Fail(holder.error());
  auto mailer = s.mailer();
  if (!mailer) return Fail(mailer.error());
  return NotifyVulnerable(notice, matches, *products, *mailer, *(*holder)->Current(), dry_run,
                          "vulnerability-match");
}

// What an organisation is told about: the advisory, whichever of its translations matched
// (one mail per advisory, in the contact's language, not one per translation).
Result<VulnNotice> NoticeOf(Services& s, const Advisory& a) {
  std::string key = a.tracking_id;
  if (a.translation_of != 0) {
    auto desk = s.advisory_desk();
    if (!desk) return Fail(desk.error());
    auto original = (*desk)->Get(a.translation_of);
    if (!original) return Fail(original.error());
    key = original->tracking_id;
  }
  return VulnNotice{key, a.title,
                    s.config().publish.base_url + "/advisories/" + a.tracking_id + ".html",
                    std::string(TlpName(a.tlp))};
}

void PrintReport(const Services& s, const VulnReport& r, bool dry_run) {
  for (const auto& o : r.organisations) {
    if (s.common().json) {
      std::string products = "[";
      for (size_t i = 0; i < o.matches.size(); ++i)
        products += (i ? ", " : "") + JsonObject()
                                          .Str("vendor", o.matches[i].product.vendor)
                                          .Str("product", o.matches[i].product.product)
                                          .StrOrNull("version", o.matches[i].product.version)
                                          .Str("source", o.matches[i].product.source)
                                          .Str("reason", o.matches[i].reason)
                                          .Done();
      fmt::print("{}\n", JsonObject()
                             .Str("organisation", o.organisation)
                             .StrOrNull("email", o.email)
                             .Raw("investigation", o.investigation ? std::to_string(o.investigation) : "null")
                             .StrOrNull("note", o.note)
                             .Raw("products", products + "]")
                             .Done());
      continue;
    }
    fmt::print("{} ({}): {} product(s){}\n", o.organisation, o.email.empty() ? "-" : o.email,
               o.matches.size(),
               !o.note.empty() ? " - " + o.note
               : dry_run       ? " - would be told"
                               : fmt::format(" - told, investigation #{}", o.investigation));
    for (const auto& m : o.matches)
      fmt::print("    {} {} {}: {}\n", m.product.vendor, m.product.product,
                 m.product.version.empty() ? "(version unknown)" : m.product.version, m.reason);
  }
  if (!s.common().json && r.organisations.empty()) fmt::print("no constituent runs it (as far as we know)\n");
}

int SaveProducts(Services& s, std::vector<ConstituentProduct> products, const std::string& how) {
  for (auto& p : products) p.updated = s.clock().NowSeconds();
  auto store = Products(s);
  if (!store) return Report(store.error());
  auto n = (*store)->UpsertProducts(products);
  if (!n) return Report(n.error());
  fmt::print("products: {} {}\n", *n, how);
  return kExitOk;
}

int Import(const VulnCli& cli, Services& s) {
  auto text = ReadWholeFile(cli.file);
  if (!text) return Report(text.error());
  auto holder = s.constituency();
  if (!holder) return Report(holder.error());
  auto index = (*holder)->Current();
  std::vector<ConstituentProduct> products;
  Status st = ForEachCsvRow(
      *text, cli.file, {"organisation", "vendor", "product"},
      "organisation, vendor, product (and version, cpe)",
      [&](uint64_t line, const CsvRow& row) -> Status {
        auto get = [&](const char* k) { auto it = row.find(k); return it == row.end() ? std::string() : it->second; };
        ConstituentProduct p;
        p.organisation = get("organisation");
        p.vendor = get("vendor");
        p.product = get("product");
        p.version = get("version");
        p.cpe = get("cpe");
        if (p.organisation.empty() || p.vendor.empty() || p.product.empty())
          return Fail(Error::InvalidInput(fmt::format(
              "{}:{}: organisation, vendor and product are required", cli.file, line)));
        if (!index->Organisation(p.organisation))
          return Fail(Error::InvalidInput(fmt::format(
              "{}:{}: no organisation '{}' in the constituency", cli.file, line, p.organisation)));
        p.source = "declared";
        products.push_back(std::move(p));
        return Ok();
      });
  if (!st) return Report(st.error());
  return SaveProducts(s, std::move(products), "imported from " + cli.file);
}

int List(const VulnCli& cli, Services& s) {
  auto store = Products(s);
  if (!store) return Report(store.error());
  auto list = (*store)->ListProducts(cli.organisation);
  if (!list) return Report(list.error());
  for (const auto& p : *list) {
    if (s.common().json) {
      fmt::print("{}\n", JsonObject()
                             .Str("organisation", p.organisation)
                             .Str("vendor", p.vendor)
                             .Str("product", p.product)
                             .StrOrNull("version", p.version)
                             .StrOrNull("cpe", p.cpe)
                             .Str("source", p.source)
                             .Raw("cves", JsonStringArray(p.cves))
                             .Done());
    } else {
      fmt::print("{:<16} {:<20} {:<24} {:<10} {}{}\n", p.organisation, p.vendor, p.product,
                 p.version.empty() ? "-" : p.version, p.source,
                 p.cves.empty() ? "" : " " + fmt::format("{}", fmt::join(p.cves, ",")));
    }
  }
  return kExitOk;
}

// Products seen by feeds on constituents' hosts (Shadowserver's product.* fields).
int Learn(const VulnCli& cli, Services& s) {
  auto events = s.event_reader();
  if (!events) return Report(events.error());
  EventQuery q;
  auto since = ParseSinceMicros(cli.since, s.clock().NowMicros());
  if (!since) return Report(since.error());
  q.since_micros = *since;
  q.unordered = true;
  q.text = false;
  q.limit = SIZE_MAX;
  std::map<std::string, ConstituentProduct> seen;
  std::vector<DamagedEvent> damaged;  // reported by the store; the rest is learned
  auto st = (*events)->Scan(q, [&](FoundEvent& f) -> Status {
    if (!f.route || f.route->org.empty() || f.route->kind != RouteKind::kConstituent) return Ok();
    auto vendor = f.event.Get(fields::kProductVendor);
    auto name = f.event.Get(fields::kProductName);
    if (!vendor || !name || vendor->empty() || name->empty()) return Ok();
    ConstituentProduct p;
    p.organisation = f.route->org;
    p.vendor = std::string(*vendor);
    p.product = std::string(*name);
    if (auto v = f.event.Get(fields::kProductVersion)) p.version = std::string(*v);
    auto feed = f.event.Get(fields::kFeedName);
    p.source = "observed:" + std::string(feed ? *feed : "feed");
    const std::string key = p.organisation + "|" + NormalizeProductName(p.vendor) + "|" +
                            NormalizeProductName(p.product) + "|" + p.version;
    auto& slot = seen.emplace(key, p).first->second;
    if (auto vulns = f.event.Get(fields::kProductVulnerabilities)) {
      std::string list(*vulns);
      for (auto& c : list)
        if (c == ',' || c == ';') c = ' ';
      std::istringstream words(list);
      std::string w;
      while (words >> w) {
        w = AsciiUpperCopy(w);
        if (w.rfind("CVE-", 0) == 0 && std::find(slot.cves.begin(), slot.cves.end(), w) == slot.cves.end())
          slot.cves.push_back(w);
      }
    }
    return Ok();
  }, &damaged);
  if (!st) return Report(st.error());
  std::vector<ConstituentProduct> products;
  for (auto& [k, p] : seen) products.push_back(std::move(p));
  return SaveProducts(s, std::move(products), "learned from events since " + cli.since);
}

int Match(const VulnCli& cli, Services& s) {
  auto desk = s.advisory_desk();
  if (!desk) return Report(desk.error());
  auto a = (*desk)->Find(cli.id);
  if (!a) return Report(a.error());
  auto src = SourceOf(*a);
  if (!src) return Report(src.error());
  if (cli.notify && a->status != AdvisoryStatus::kPublished)
    return Report(Error::InvalidInput("only a published advisory is sent to constituents"));
  auto notice = NoticeOf(s, *a);
  if (!notice) return Report(notice.error());
  auto r = MatchAndTell(s, *notice, src->products, src->cves, !cli.notify);
  if (!r) return Report(r.error());
  PrintReport(s, *r, !cli.notify);
  if (cli.notify) DeliverQueuedMail(s);
  return kExitOk;
}

// A vendor's advisory into the catalogue (unless `dry_run`), then matched and told.
Result<VulnReport> KeepAndMatch(Services& s, const VendorAdvisory& adv,
                                 const std::string& text, bool dry_run) {
  if (!dry_run) {
    auto store = Products(s);
    if (!store) return Fail(store.error());
    VendorAdvisoryRecord rec{adv.key(), adv.publisher, adv.tracking_id, adv.title,
                             adv.cves, s.clock().NowSeconds(), text};
    auto fresh = (*store)->AddVendorAdvisory(rec);
    if (!fresh) return Fail(fresh.error());
  }
  VulnNotice notice{adv.key(), adv.publisher + " " + adv.tracking_id + ": " + adv.title, "",
                    "CLEAR"};
  return MatchAndTell(s, notice, adv.affected, adv.cves, dry_run);
}

int CsafImport(const VulnCli& cli, Services& s) {
  std::vector<std::string> files;
  for (const auto& p : cli.paths) {
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  int failed = 0;
  for (const auto& f : files) {
    auto text = ReadWholeFile(f);
    if (!text) return Report(text.error());
    auto adv = ReadVendorCsaf(*text, f);
    if (!adv) {
      fmt::print(stderr, "belfry: {} (skipped)\n", adv.error().message());
      ++failed;
      continue;
    }
    fmt::print("{}: {} {} ({} affected product(s), {} CVE(s))\n", f, adv->publisher,
               adv->tracking_id, adv->affected.size(), adv->cves.size());
    auto r = KeepAndMatch(s, *adv, *text, cli.dry_run);
    if (!r) return Report(r.error());
    PrintReport(s, *r, cli.dry_run);
  }
  if (!cli.dry_run) DeliverQueuedMail(s);
  return failed ? kExitFailure : kExitOk;
}

}  // namespace

Result<IngestSummary> ImportCollectedCsaf(Services& s, const std::string& path,
                                          const std::string& name) {
  IngestSummary out;
  out.files = 1;
  auto text = ReadWholeFile(path);
  if (!text) return Fail(text.error());
  out.bytes = text->size();
  auto adv = ReadVendorCsaf(*text, name);
  if (!adv) {
    out.failed_files = 1;
    out.file_errors.push_back(adv.error().message());
    return out;
  }
  auto r = KeepAndMatch(s, *adv, *text, false);
  if (!r) return Fail(r.error());
  out.records = 1;
  size_t told = 0;
  for (const auto& o : r->organisations) told += o.note.empty() ? 1 : 0;
  spdlog::info("csaf: {} {} ({} affected product(s)): {} organisation(s) run it, {} told now",
               adv->publisher, adv->tracking_id, adv->affected.size(), r->organisations.size(),
               told);
  DeliverQueuedMail(s);
  return out;
}

Result<std::string> MatchPublishedAdvisory(Services& s, const Advisory& a) {
  auto src = SourceOf(a);
  if (!src) return Fail(src.error());
  auto notice = NoticeOf(s, a);
  if (!notice) return Fail(notice.error());
  auto r = MatchAndTell(s, *notice, src->products, src->cves, false);
  if (!r) return Fail(r.error());
  size_t told = 0;
  for (const auto& o : r->organisations) told += o.note.empty() ? 1 : 0;
  return fmt::format("{} organisation(s) run what it names, {} told now", r->organisations.size(),
                     told);
}

void OnAdvisoryPublished(Services& s, const Advisory& a) {
  if (a.status != AdvisoryStatus::kPublished) return;
  auto summary = MatchPublishedAdvisory(s, a);
  if (!summary) {
    spdlog::error("advisory {}: the vulnerability match failed (run 'advisory match {} --notify' "
                  "again): {}", a.tracking_id, a.id, summary.error().message());
    return;
  }
  spdlog::info("advisory {}: {}", a.tracking_id, *summary);
  DeliverQueuedMail(s);
}

void AddVulnCommands(CLI::App* app, Common* common, VulnCli* cli) {
  auto* products = app->add_subcommand("products", "what the constituents run (vulnerability matching)");
  products->require_subcommand(1);
  auto base = [&](CLI::App* c) {
    c->add_option("--db", common->db, "SQLite database file");
    c->add_flag("--json", common->json, "JSON output");
  };
  cli->import = products->add_subcommand("import", "declared products from CSV (organisation,vendor,product,version,cpe)");
  cli->import->add_option("FILE", cli->file, "CSV file with a header")->required();
  base(cli->import);
  cli->list = products->add_subcommand("list", "the products on file");
  cli->list->add_option("--organisation", cli->organisation, "one organisation");
  base(cli->list);
  cli->learn = products->add_subcommand("learn", "products observed by feeds on constituents' hosts");
  cli->learn->add_option("--since", cli->since, "events since (30d, 2026-11-01)")->capture_default_str();
  base(cli->learn);
  // `advisory match` lives under `advisory`.
  for (auto* sub : app->get_subcommands({}))
    if (sub->get_name() == "advisory") {
      cli->match = sub->add_subcommand("match", "which constituents run what an advisory names");
      cli->match->add_option("ID", cli->id, "advisory id or tracking id")->required();
      cli->match->add_flag("--notify", cli->notify, "open investigations and mail them (once each)");
      base(cli->match);
    }
  auto* csaf = app->add_subcommand("csaf", "vendors' CSAF advisories");
  csaf->require_subcommand(1);
  cli->csaf_import = csaf->add_subcommand("import", "import CSAF files (or folders), match and notify");
  cli->csaf_import->add_option("PATH", cli->paths, "CSAF JSON files or folders")->required();
  cli->csaf_import->add_flag("--dry-run", cli->dry_run, "match only: store and send nothing");
  base(cli->csaf_import);
}

std::optional<int> RunVulnCommand(const VulnCli& cli, Services& s) {
  if (cli.import && cli.import->parsed()) return Import(cli, s);
  if (cli.list && cli.list->parsed()) return List(cli, s);
  if (cli.learn && cli.learn->parsed()) return Learn(cli, s);
  if (cli.match && cli.match->parsed()) return Match(cli, s);
  if (cli.csaf_import && cli.csaf_import->parsed()) return CsafImport(cli, s);
  return std::nullopt;
}

}  // namespace belfry
