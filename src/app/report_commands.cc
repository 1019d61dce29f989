#include "app/report_commands.h"

#include <fmt/format.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <set>

#include "app/services.h"
#include "core/date_time.h"
#include "model/field_registry.h"
#include "publish/site_writer.h"
#include "report/annual_report.h"

extern char** environ;

namespace belfry {

namespace {

namespace fs = std::filesystem;

// Runs argv (no shell) and waits; its output goes to `log`.
Status RunTool(const std::vector<std::string>& argv, const std::string& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0)
    return Fail(Error::Unavailable(fmt::format("cannot run {}: {}", argv[0], std::strerror(rc))));
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return Fail(Error::Unavailable(fmt::format("{} failed (see {})", argv[0], log)));
  return Ok();
}

int Annual(const ReportCli& cli, Services& s) {
  if (auto db = s.RequireDatabase(); !db) return Report(db.error());
  const int year = cli.year;
  const int64_t start = DaysFromCivil(year, 1, 1) * 86400, end = DaysFromCivil(year + 1, 1, 1) * 86400;
  auto t0 = std::chrono::steady_clock::now();
  auto holder = s.constituency();
  if (!holder) return Report(holder.error());
  auto index = (*holder)->Current();
  AnnualEventFigures events([&](std::string_view org) {
    auto o = index->Organisation(org);
    return o ? o->sector : std::string();
  });
  // One scan of the year's events: no order, no text, only what the figures need.
  auto reader = s.event_reader();
  if (!reader) return Report(reader.error());
  EventQuery q;
  q.since_micros = start * 1000000;
  q.until_micros = end * 1000000 - 1;
  q.unordered = true;
  q.text = false;
  q.extras = false;
  q.limit = SIZE_MAX;
  std::vector<DamagedEvent> damaged;
  int64_t month_start[13];
  for (int m = 0; m < 12; ++m) month_start[m] = DaysFromCivil(year, static_cast<unsigned>(m + 1), 1) * 86400 * 1000000;
  month_start[12] = end * 1000000;
  auto st = (*reader)->Scan(q, [&](FoundEvent& f) -> Status {
    if (!f.ts) return Ok();
    int m = 0;
    while (m < 11 && *f.ts >= month_start[m + 1]) ++m;
    events.Add(m, f.event.Get(fields::kClassificationType).value_or(""), f.route,
               f.event.Get(fields::kSourceIp).value_or(""),
               f.event.Get(fields::kMalwareName).value_or(""));
    return Ok();
  }, &damaged);
  if (!st) return Report(st.error());
  AnnualFigures fig;
  fig.year = year;
  fig.team = s.config().team.name;
  fig.events = &events;
  auto tickets = s.tickets();
  if (!tickets) return Report(tickets.error());
  auto stats = (*tickets)->Stats(year);
  if (!stats) return Report(stats.error());
  fig.tickets_created = stats->created;
  fig.tickets_resolved = stats->resolved;
  fig.median_response_seconds = stats->median_response_seconds;
  if (auto it = stats->by_classification.find("incidents"); it != stats->by_classification.end())
    fig.incidents_by_classification = it->second;
  if (auto it = stats->by_sector.find("incidents"); it != stats->by_sector.end())
    fig.incidents_by_sector = it->second;
  if (auto it = stats->by_classification.find("investigations"); it != stats->by_classification.end())
    if (auto v = it->second.find("vulnerable-system"); v != it->second.end())
      fig.vulnerability_notices = v->second;
  auto advisories = s.advisories();
  if (!advisories) return Report(advisories.error());
  AdvisoryFilter af;
  af.with_source = false;
  auto list = (*advisories)->ListAdvisories(af);
  if (!list) return Report(list.error());
  for (const auto& a : *list)
    if (a.translation_of == 0 && a.published >= start && a.published < end)
      ++fig.publications[fmt::format("{} for {}", a.kind, a.audience == "pro" ? "professionals" : "citizens")];
  // One issue goes out in several editions (audience, language) at once: count the days.
  auto news = s.newsletter_store();
  if (!news) return Report(news.error());
  auto issues = (*news)->ListIssues("", "", 0, false);
  if (!issues) return Report(issues.error());
  std::set<int64_t> issue_days;
  for (const auto& i : *issues)
    if (i.sent >= start && i.sent < end) issue_days.insert(i.sent / 86400);
  fig.newsletter_issues = static_cast<int64_t>(issue_days.size());
  auto notify = s.notify_store();
  if (!notify) return Report(notify.error());
  auto notes = (*notify)->ListNotifications(1u << 30);
  if (!notes) return Report(notes.error());
  std::set<std::string> orgs;
  for (const auto& n : *notes)
    if (n.created >= start && n.created < end && n.state != "preparing") {
      ++fig.notifications;
      fig.notified_events += n.events;
      orgs.insert(n.organisation);
    }
  fig.notified_organisations = static_cast<int64_t>(orgs.size());
  const std::string out = cli.out.empty()
                              ? (fs::path(s.data_dir()) / "reports" / std::to_string(year)).string()
                              : cli.out;
  for (const auto& file : RenderAnnualReport(fig))
    if (auto w = WriteFileAtomically(out + "/" + file.name, file.content); !w) return Report(w.error());
  const std::string html =
      fs::absolute(out + fmt::format("/annual-{}.html", year)).lexically_normal().string();
  const double scanned = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  fmt::print("report: {} events of {} in {:.1f} s; {}\n", events.events, year, scanned, html);
  if (!cli.no_pdf) {
    const std::string pdf =
        fs::absolute(out + fmt::format("/annual-{}.pdf", year)).lexically_normal().string();
    const std::string profile = fs::absolute(out + "/.chromium-profile").string();
    // Chromium's own print-to-PDF: the same rendering as the browser, SVG charts included.
    auto printed = RunTool({cli.chromium, "--headless", "--no-sandbox", "--disable-gpu",
                            "--no-pdf-header-footer", "--user-data-dir=" + profile,
                            "--print-to-pdf=" + pdf, "file://" + html},
                           out + "/chromium.log");
    std::error_code ec;
    fs::remove_all(profile, ec);
    if (!printed) return Report(printed.error());
    fs::remove(out + "/chromium.log", ec);
    fmt::print("report: {}\n", pdf);
  }
  fmt::print("report: tables as CSV in {}/csv\n", out);
  return kExitOk;
}

}  // namespace

void AddReportCommands(CLI::App* app, Common* common, ReportCli* cli) {
  auto* report = app->add_subcommand("report", "reports");
  report->require_subcommand(1);
  cli->annual = report->add_subcommand("annual", "the year's figures: HTML, PDF, SVG charts, CSV");
  cli->annual->add_option("--year", cli->year, "the year")->required();
  cli->annual->add_option("--out", cli->out, "folder (default belfry-data/reports/YEAR)");
  cli->annual->add_flag("--no-pdf", cli->no_pdf, "HTML and CSV only");
  cli->annual->add_option("--chromium", cli->chromium, "the browser that prints the PDF")
      ->capture_default_str();
  cli->annual->add_option("--db", common->db, "SQLite database file");
}

std::optional<int> RunReportCommand(const ReportCli& cli, Services& s) {
  if (cli.annual && cli.annual->parsed()) {
    if (cli.year < 1970 || cli.year > 9999) return Report(Error::InvalidInput("--year: 1970 to 9999"));
    return Annual(cli, s);
  }
  return std::nullopt;
}

}  // namespace belfry
