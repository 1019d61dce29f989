#include "app/advisory_commands.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "app/services.h"
#include "core/date_time.h"
#include "publish/advisory_json.h"
#include "publish/csaf_checks.h"
#include "publish/csaf_writer.h"
#include "publish/site_render.h"

namespace belfry {

namespace {

std::string Actor(const AdvisoryCli& cli) {
  if (!cli.actor.empty()) return cli.actor;
  const char* user = std::getenv("USER");
  return user && *user ? user : "cli";
}

void PrintState(const Services& s, const Advisory& a, std::string_view what) {
  if (s.common().json) {
    fmt::print("{}\n", AdvisoryJson(a, nullptr));
    return;
  }
  fmt::print("advisory {} {} {}: {}{}\n", a.id, a.tracking_id, what, AdvisoryStatusName(a.status),
             a.publish_at ? " at " + FormatIsoUtc(a.publish_at * 1000000) : "");
}

int List(const AdvisoryCli& cli, Services& s, AdvisoryStore* store) {
  AdvisoryFilter f;
  f.with_source = false;
  f.audience = cli.audience;
  f.lang = cli.lang;
  if (!cli.status.empty()) {
    f.status = ParseAdvisoryStatus(cli.status);
    if (!f.status)
      return Report(Error::InvalidInput(fmt::format(
          "unknown status '{}' (draft, in-review, approved, published, withdrawn)", cli.status)));
  }
  auto list = store->ListAdvisories(f);
  if (!list) return Report(list.error());
  for (const auto& a : *list) {
    if (s.common().json) {
      fmt::print("{}\n", AdvisoryJson(a, nullptr));
    } else {
      fmt::print("{:>5}  {:<20} {:<10} {:<8} {:<2} {:<12} {}\n", a.id, a.tracking_id,
                 AdvisoryStatusName(a.status), a.audience, a.lang, TlpName(a.tlp), a.title);
    }
  }
  return kExitOk;
}

int Show(Services& s, const Advisory& a) {
  auto src = SourceOf(a);
  if (!src) return Report(src.error());
  if (s.common().json) {
    fmt::print("{}\n", AdvisoryJson(a, &*src));
    return kExitOk;
  }
  SiteInfo info{&s.config().team, &s.config().publish, s.clock().NowSeconds(), BELFRY_VERSION};
  fmt::print("status: {}   author: {}   reviewer: {}\n\n{}", AdvisoryStatusName(a.status),
             a.author, a.reviewer.empty() ? "-" : a.reviewer, AdvisoryText(a, *src, info));
  return kExitOk;
}

int Export(const AdvisoryCli& cli, Services& s, AdvisoryStore* store, const Advisory& a) {
  auto src = SourceOf(a);
  if (!src) return Report(src.error());
  SiteInfo info{&s.config().team, &s.config().publish, s.clock().NowSeconds(), BELFRY_VERSION};
  if (cli.format == "csaf") {
    CsafContext ctx{&s.config().team, &s.config().publish, info.now, BELFRY_VERSION};
    fmt::print("{}", CsafDocument(a, *src, ctx));
  } else if (cli.format == "html") {
    AdvisoryFilter group;
    group.group = a.group();
    group.with_source = false;
    auto members = store->ListAdvisories(group);
    if (!members) return Report(members.error());
    std::vector<Advisory> translations;
    for (auto& m : *members)
      if (m.id != a.id && m.status == AdvisoryStatus::kPublished) translations.push_back(m);
    fmt::print("{}", AdvisoryPageHtml(a, *src, translations, info));
  } else if (cli.format == "text") {
    fmt::print("{}", AdvisoryText(a, *src, info));
  } else {
    return Report(Error::InvalidInput(
        fmt::format("unknown format '{}' (csaf, html, text)", cli.format)));
  }
  return kExitOk;
}

// The mandatory tests (CSAF 2.0 section 6.1) on CSAF files: ours, or a vendor's.
int CheckCsaf(const AdvisoryCli& cli) {
  int failed = 0;
  for (const auto& path : cli.files) {
    auto text = ReadWholeFile(path);
    if (!text) return Report(text.error());
    auto findings = CheckCsafMandatoryText(*text);
    if (!findings) {
      fmt::print("{}: {}\n", path, findings.error().message());
      ++failed;
      continue;
    }
    for (const auto& f : *findings) fmt::print("{}: {} {}: {}\n", path, f.test, f.path, f.message);
    if (findings->empty()) fmt::print("{}: passes the mandatory tests\n", path);
    failed += findings->empty() ? 0 : 1;
  }
  return failed ? kExitFailure : kExitOk;
}

int Run(const AdvisoryCli& cli, Services& s, AdvisoryDesk* desk, AdvisoryStore* store) {
  const std::string actor = Actor(cli);
  if (cli.create->parsed()) {
    auto text = ReadWholeFile(cli.file);
    if (!text) return Report(text.error());
    auto a = desk->Create(*text, cli.file, actor, cli.translation_of);
    if (!a) return Report(a.error());
    if (s.common().json) {
      fmt::print("{}\n", AdvisoryJson(*a, nullptr));
    } else {
      // Only the id on stdout, for scripts: id=$(belfry advisory new advisory.md)
      fmt::print("{}\n", a->id);
      fmt::print(stderr, "advisory {} {} created (draft, {} {})\n", a->id, a->tracking_id,
                 a->audience, a->lang);
    }
    return kExitOk;
  }
  if (cli.list->parsed()) return List(cli, s, store);
  if (cli.due->parsed()) {
    auto published = desk->PublishDue();
    if (!published) return Report(published.error());
    for (const auto& a : *published) PrintState(s, a, "published");
    return kExitOk;
  }
  if (cli.site->parsed()) {
    auto site = s.site();
    if (!site) return Report(site.error());
    auto n = (*site)->Rebuild();
    if (!n) return Report(n.error());
    fmt::print("site: {} published advisories written to {}\n", *n, (*site)->dir());
    return kExitOk;
  }
  auto a = desk->Find(cli.id);
  if (!a) return Report(a.error());
  if (cli.show->parsed()) return Show(s, *a);
  if (cli.exporter->parsed()) return Export(cli, s, store, *a);
  Result<Advisory> changed = Fail(Error::Internal("no advisory verb"));
  std::string what;
  if (cli.edit->parsed()) {
    auto text = ReadWholeFile(cli.file);
    if (!text) return Report(text.error());
    changed = desk->Edit(a->id, *text, cli.file, actor);
    what = "edited";
  } else if (cli.submit->parsed()) {
    changed = desk->Submit(a->id, actor);
    what = "submitted for review";
  } else if (cli.review->parsed()) {
    if (cli.approve == cli.reject)
      return Report(Error::InvalidInput("review: give --approve or --reject"));
    changed = desk->Review(a->id, actor, cli.approve, cli.comment);
    what = cli.approve ? "approved" : "sent back";
  } else if (cli.publish->parsed()) {
    int64_t at = 0;
    if (!cli.at.empty()) {
      auto micros = ParseDateTimeMicros(cli.at);
      if (!micros)
        return Report(Error::InvalidInput(fmt::format(
            "--at '{}': a date and time such as 2026-12-01T08:00:00+01:00", cli.at)));
      at = *micros / 1000000;
    }
    changed = desk->Publish(a->id, actor, at);
    what = at > s.clock().NowSeconds() ? "scheduled" : "published";
  } else if (cli.revise->parsed()) {
    auto text = ReadWholeFile(cli.file);
    if (!text) return Report(text.error());
    changed = desk->Revise(a->id, *text, cli.file, cli.summary, actor);
    what = "revised";
  } else if (cli.withdraw->parsed()) {
    changed = desk->Withdraw(a->id, cli.reason, actor);
    what = "withdrawn";
  }
  if (!changed) return Report(changed.error());
  PrintState(s, *changed, what);
  return kExitOk;
}

}  // namespace

void PublishScheduledAdvisories(Services& s) {
  auto desk = s.advisory_desk();
  if (!desk) {
    spdlog::error("run: advisories: {}", desk.error().message());
    return;
  }
  auto published = (*desk)->PublishDue();
  if (!published) {
    spdlog::error("run: scheduled advisories: {}", published.error().message());
    return;
  }
  for (const auto& a : *published)
    spdlog::info("run: advisory {} {} published as scheduled", a.id, a.tracking_id);
}

void AddAdvisoryCommands(CLI::App* app, Common* common, AdvisoryCli* cli) {
  auto* adv = app->add_subcommand("advisory", "advisories, recommendations and warnings");
  adv->require_subcommand(1);
  auto base = [&](CLI::App* c) {
    c->add_option("--db", common->db, "SQLite database file");
    c->add_option("--as", cli->actor, "who does it (default: $USER)");
    c->add_flag("--json", common->json, "JSON output");
  };
  auto with_id = [&](CLI::App* c) {
    c->add_option("ID", cli->id, "advisory id or tracking id")->required();
    base(c);
  };
  cli->create = adv->add_subcommand("new", "a new draft from Markdown with a TOML front matter");
  cli->create->add_option("FILE", cli->file, "the advisory's source (.md)")->required();
  cli->create->add_option("--translation-of", cli->translation_of,
                          "the advisory this one translates");
  base(cli->create);
  cli->edit = adv->add_subcommand("edit", "replace an unpublished advisory's source");
  with_id(cli->edit);
  cli->edit->add_option("FILE", cli->file, "the new source (.md)")->required();
  cli->submit = adv->add_subcommand("submit", "ask a second analyst's review");
  with_id(cli->submit);
  cli->review = adv->add_subcommand("review", "approve or send back (four-eyes)");
  with_id(cli->review);
  cli->review->add_flag("--approve", cli->approve, "approve for publication");
  cli->review->add_flag("--reject", cli->reject, "send back to draft");
  cli->review->add_option("--comment", cli->comment, "why it goes back");
  cli->publish = adv->add_subcommand("publish", "publish now, or at --at");
  with_id(cli->publish);
  cli->publish->add_option("--at", cli->at, "scheduled publication (ISO 8601)");
  cli->revise = adv->add_subcommand("revise", "a published advisory's next revision");
  with_id(cli->revise);
  cli->revise->add_option("FILE", cli->file, "the new source (.md)")->required();
  cli->revise->add_option("--summary", cli->summary, "what changed")->required();
  cli->withdraw = adv->add_subcommand("withdraw", "withdraw an advisory");
  with_id(cli->withdraw);
  cli->withdraw->add_option("--reason", cli->reason, "why")->required();
  cli->list = adv->add_subcommand("list", "the advisories, newest first");
  base(cli->list);
  cli->list->add_option("--status", cli->status, "draft|in-review|approved|published|withdrawn");
  cli->list->add_option("--audience", cli->audience, "pro|citizen");
  cli->list->add_option("--lang", cli->lang, "nl|fr|en|de");
  cli->show = adv->add_subcommand("show", "one advisory");
  with_id(cli->show);
  cli->exporter = adv->add_subcommand("export", "one advisory as CSAF, HTML or text on stdout");
  with_id(cli->exporter);
  cli->exporter->add_option("--format", cli->format, "csaf | html | text")->capture_default_str();
  cli->check = adv->add_subcommand("check-csaf", "run CSAF 2.0's mandatory tests on CSAF files");
  cli->check->add_option("FILE", cli->files, "CSAF JSON files")->required();
  cli->due = adv->add_subcommand("publish-due", "publish the scheduled advisories whose time has come");
  base(cli->due);
  cli->rfc2350 = app->add_subcommand("rfc2350", "the team's RFC 2350 description from [team]");
  cli->rfc2350->add_flag("--html", cli->html, "HTML instead of text");
  cli->site = adv->add_subcommand("site", "regenerate every published page, feed and CSAF file");
  base(cli->site);
}

std::optional<int> RunAdvisoryCommand(const AdvisoryCli& cli, Services& s) {
  CLI::App* cmds[] = {cli.create, cli.edit,     cli.submit, cli.review,   cli.publish, cli.revise,
                      cli.withdraw, cli.list, cli.show,   cli.exporter, cli.site,
                      cli.check, cli.due,    cli.rfc2350};
  bool any = false;
  for (auto* c : cmds) any = any || (c && c->parsed());
  if (!any) return std::nullopt;
  if (cli.check->parsed()) return CheckCsaf(cli);  // files only, no database
  if (cli.rfc2350->parsed()) {
    // Written where it is served (signed when there is a team key), then shown.
    auto site = s.site();
    if (!site) return Report(site.error());
    if (auto st = (*site)->WriteRfc2350(); !st) return Report(st.error());
    const std::string path = (*site)->dir() + (cli.html ? "/rfc2350.html" : "/rfc2350.txt");
    auto text = ReadWholeFile(path);
    if (!text) return Report(text.error());
    fmt::print("{}", *text);
    fmt::print(stderr, "rfc2350: written to {}\n", path);
    return kExitOk;
  }
  auto desk = s.advisory_desk();
  if (!desk) return Report(desk.error());
  auto store = s.advisories();
  if (!store) return Report(store.error());
  return Run(cli, s, *desk, *store);
}

}  // namespace belfry
