#include "app/newsletter_commands.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "app/csv_rows.h"
#include "app/services.h"
#include "app/ticket_output.h"
#include "core/json_object.h"
#include "core/text.h"

namespace belfry {

namespace {

std::string Actor(const NewsletterCli& cli) {
  if (!cli.actor.empty()) return cli.actor;
  const char* user = std::getenv("USER");
  return user && *user ? user : "cli";
}

std::string When(int64_t t) { return t ? FormatIsoUtc(t * 1000000) : std::string(); }

std::string SubscriberJson(const Subscriber& s) {
  return JsonObject()
      .Int("id", s.id)
      .Str("email", s.email)
      .Str("audience", s.audience)
      .Str("lang", s.lang)
      .Str("state", SubscriberStateName(s.state))
      .Str("source", s.source)
      .StrOrNull("created", When(s.created))
      .StrOrNull("confirmed", When(s.confirmed))
      .StrOrNull("unsubscribed", When(s.unsubscribed))
      .Int("bounces", s.bounces)
      .StrOrNull("last_bounce", s.last_bounce)
      .Done();
}

std::string IssueJson(const NewsletterIssue& i, const std::string& base_url) {
  return JsonObject()
      .Int("id", i.id)
      .Str("audience", i.audience)
      .Str("lang", i.lang)
      .Int("number", i.number)
      .Str("subject", i.subject)
      .Str("period_start", When(i.period_start))
      .Str("period_end", When(i.period_end))
      .StrOrNull("sent", When(i.sent))
      .Int("recipients", i.recipients)
      .Raw("advisories", JsonStringArray(i.advisories))
      .StrOrNull("intro_author", i.intro_author)
      .Str("url", fmt::format("{}/newsletter/{}-{}/{}.html", base_url, i.audience, i.lang, i.number))
      .Done();
}

// Both editions' languages when not narrowed: every edition offered.
std::vector<std::pair<std::string, std::string>> Chosen(const NewsletterCli& cli,
                                                        const NewsletterDesk& desk) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [a, l] : desk.Editions())
    if ((cli.audience.empty() || cli.audience == a) && (cli.lang.empty() || cli.lang == l))
      out.emplace_back(a, l);
  return out;
}

int Send(const NewsletterCli& cli, Services& s, NewsletterDesk& desk) {
  auto editions = Chosen(cli, desk);
  if (editions.empty())
    return Report(Error::InvalidInput("no such edition: see [newsletter] audiences and languages"));
  int queued = 0;
  for (const auto& [audience, lang] : editions) {
    auto r = desk.Send(audience, lang, Actor(cli), cli.force);
    if (!r) return Report(r.error());
    if (s.common().json) {
      fmt::print("{}\n", JsonObject()
                             .Str("edition", NewsletterEdition(audience, lang))
                             .Bool("sent", r->sent)
                             .StrOrNull("skipped", r->skipped)
                             .Raw("issue", r->sent ? IssueJson(r->issue, s.config().publish.base_url)
                                                   : "null")
                             .Done());
    } else if (r->sent) {
      fmt::print("{} no. {}: {} advisory(ies), {}\n", NewsletterEdition(audience, lang),
                 r->issue.number, r->issue.advisories.size(),
                 r->recipients ? fmt::format("queued for {} subscriber(s)", r->recipients)
                               : std::string("archived (no confirmed subscriber yet)"));
    } else {
      fmt::print("{}: not sent ({})\n", NewsletterEdition(audience, lang), r->skipped);
    }
    queued += static_cast<int>(r->recipients);
  }
  if (cli.no_send || queued == 0) return kExitOk;
  return DeliverOutboxNow(s, s.common().json);
}

// Subscribers from a CSV with a header (email, audience, lang); every row is checked before
// anything is stored, and a bad one is named by its line. Without --confirmed each address
// gets the confirmation mail (double opt-in); with it, the operator vouches for the consent.
int Import(const NewsletterCli& cli, Services& s, NewsletterDesk& desk) {
  auto text = ReadWholeFile(cli.file);
  if (!text) return Report(text.error());
  struct Row {
    std::string email, audience, lang;
  };
  std::vector<Row> rows;
  Status st = ForEachCsvRow(
      *text, cli.file, {"email"}, "email (and audience, lang)",
      [&](uint64_t line, const CsvRow& row) -> Status {
        Row r{"", cli.audience.empty() ? "pro" : cli.audience, cli.lang.empty() ? "en" : cli.lang};
        for (auto [key, field] : {std::pair{"email", &r.email}, {"audience", &r.audience},
                                  {"lang", &r.lang}})
          if (auto it = row.find(key); it != row.end() && !it->second.empty()) *field = it->second;
        if (!NormalizeMailAddress(r.email))
          return Fail(Error::InvalidInput(
              fmt::format("{}:{}: '{}' is not a mail address", cli.file, line, r.email)));
        if (!desk.Offers(r.audience, r.lang))
          return Fail(Error::InvalidInput(fmt::format(
              "{}:{}: no edition {} (see [newsletter] audiences and languages)", cli.file, line,
              NewsletterEdition(r.audience, r.lang))));
        rows.push_back(std::move(r));
        return Ok();
      });
  if (!st) return Report(st.error());
  int added = 0, mailed = 0;
  for (const auto& r : rows) {
    auto out = desk.Subscribe(r.email, r.audience, r.lang, "import", cli.confirmed);
    if (!out) return Report(out.error());
    ++added;
    mailed += out->confirmation_queued ? 1 : 0;
  }
  fmt::print("{}: {} subscription(s), {} confirmation mail(s) queued\n", cli.file, added, mailed);
  return mailed ? DeliverOutboxNow(s, true) : kExitOk;
}

int Run(const NewsletterCli& cli, Services& s) {
  auto desk_r = s.newsletter();
  if (!desk_r) return Report(desk_r.error());
  NewsletterDesk& desk = **desk_r;
  const bool json = s.common().json;
  if (cli.subscribe->parsed()) {
    auto r = desk.Subscribe(cli.email, cli.audience.empty() ? "pro" : cli.audience,
                            cli.lang.empty() ? "en" : cli.lang, "cli", cli.confirmed);
    if (!r) return Report(r.error());
    if (json)
      fmt::print("{}\n", SubscriberJson(r->subscriber));
    else
      fmt::print("{}\n", r->note);
    if (r->confirmation_queued) return DeliverOutboxNow(s, true);
    return kExitOk;
  }
  if (cli.import->parsed()) return Import(cli, s, desk);
  if (cli.unsubscribe->parsed()) {
    auto n = desk.UnsubscribeAddress(cli.email, cli.audience);
    if (!n) return Report(n.error());
    fmt::print("{}: {} subscription(s) ended\n", cli.email, *n);
    return kExitOk;
  }
  if (cli.subscribers->parsed()) {
    auto store = s.newsletter_store();
    if (!store) return Report(store.error());
    SubscriberFilter f;
    f.audience = cli.audience;
    f.lang = cli.lang;
    if (!cli.state.empty()) {
      f.state = ParseSubscriberState(cli.state);
      if (!f.state)
        return Report(Error::InvalidInput("--state: pending, confirmed, unsubscribed or bounced"));
    }
    auto list = (*store)->ListSubscribers(f);
    if (!list) return Report(list.error());
    for (const auto& sub : *list) {
      if (json)
        fmt::print("{}\n", SubscriberJson(sub));
      else
        fmt::print("#{:<5} {:<40} {:<11} {:<12} {}\n", sub.id, sub.email,
                   NewsletterEdition(sub.audience, sub.lang), SubscriberStateName(sub.state),
                   sub.bounces ? fmt::format("{} bounce(s): {}", sub.bounces, sub.last_bounce)
                               : "");
    }
    return kExitOk;
  }
  if (cli.intro->parsed()) {
    std::string text;
    if (cli.file == "-") {
      text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
      auto r = ReadWholeFile(cli.file);
      if (!r) return Report(r.error());
      text = std::move(*r);
    }
    Status st = desk.SetIntro(cli.audience, cli.lang, text, Actor(cli));
    if (!st) return Report(st.error());
    fmt::print("{}: the next issue's editorial is set ({} bytes)\n",
               NewsletterEdition(cli.audience, cli.lang), text.size());
    return kExitOk;
  }
  if (cli.preview->parsed()) {
    auto c = desk.Compose(cli.audience, cli.lang);
    if (!c) return Report(c.error());
    const std::string link = s.config().publish.base_url + "/newsletter/";
    if (cli.format == "html")
      fmt::print("{}", WithUnsubscribeLink(c->issue.html, link, true));
    else if (cli.format == "subject")
      fmt::print("{}\n", c->issue.subject);
    else
      fmt::print("Subject: {}\n\n{}", c->issue.subject,
                 WithUnsubscribeLink(c->issue.text, link, false));
    return kExitOk;
  }
  if (cli.send->parsed()) return Send(cli, s, desk);
  if (cli.issues->parsed()) {
    auto store = s.newsletter_store();
    if (!store) return Report(store.error());
    auto list = (*store)->ListIssues(cli.audience, cli.lang, 0, false);
    if (!list) return Report(list.error());
    for (const auto& i : *list) {
      if (json)
        fmt::print("{}\n", IssueJson(i, s.config().publish.base_url));
      else
        fmt::print("{:<11} no. {:<4} {}  {} advisory(ies), {} subscriber(s)\n",
                   NewsletterEdition(i.audience, i.lang), i.number, When(i.sent).substr(0, 10),
                   i.advisories.size(), i.recipients);
    }
    return kExitOk;
  }
  return kExitUsage;
}

}  // namespace

void AddNewsletterCommands(CLI::App* app, Common* common, NewsletterCli* cli) {
  auto* nl = app->add_subcommand("newsletter", "the newsletter: subscribers, issues, sending");
  nl->require_subcommand(1);
  auto base = [&](CLI::App* c) {
    c->add_option("--db", common->db, "SQLite database file");
    c->add_option("--as", cli->actor, "who does it (default: $USER)");
    c->add_flag("--json", common->json, "JSON output");
  };
  auto edition = [&](CLI::App* c, bool required) {
    auto* a = c->add_option("--audience", cli->audience, "pro or citizen")
                  ->check(CLI::IsMember({"pro", "citizen"}));
    auto* l = c->add_option("--lang", cli->lang, "nl, fr, en or de")
                  ->check(CLI::IsMember({"nl", "fr", "en", "de"}));
    if (required) {
      a->required();
      l->required();
    }
  };
  cli->subscribe = nl->add_subcommand("subscribe", "subscribe an address (a confirmation mail "
                                                   "goes out unless --confirmed)");
  cli->subscribe->add_option("EMAIL", cli->email, "the address")->required();
  edition(cli->subscribe, false);
  cli->subscribe->add_flag("--confirmed", cli->confirmed,
                           "the address's owner already agreed (no confirmation mail)");
  cli->subscribe->add_option("--smtp", common->smtp, "deliver through this SMTP server");
  base(cli->subscribe);
  cli->import = nl->add_subcommand("import", "subscribers from CSV (email,audience,lang); a "
                                             "confirmation mail each unless --confirmed");
  cli->import->add_option("FILE", cli->file, "CSV file with a header")->required();
  edition(cli->import, false);  // the defaults of rows without audience or lang
  cli->import->add_flag("--confirmed", cli->confirmed,
                        "the addresses' owners already agreed (no confirmation mail)");
  cli->import->add_option("--smtp", common->smtp, "deliver through this SMTP server");
  base(cli->import);
  cli->unsubscribe = nl->add_subcommand("unsubscribe", "end an address's subscriptions");
  cli->unsubscribe->add_option("EMAIL", cli->email, "the address")->required();
  edition(cli->unsubscribe, false);
  base(cli->unsubscribe);
  cli->subscribers = nl->add_subcommand("subscribers", "list subscribers");
  edition(cli->subscribers, false);
  cli->subscribers->add_option("--state", cli->state, "pending, confirmed, unsubscribed, bounced");
  base(cli->subscribers);
  cli->intro = nl->add_subcommand("intro", "set the editorial of an edition's next issue");
  cli->intro->add_option("FILE", cli->file, "Markdown file, or - for stdin")->required();
  edition(cli->intro, true);
  base(cli->intro);
  cli->preview = nl->add_subcommand("preview", "the next issue as it would go out now");
  edition(cli->preview, true);
  cli->preview->add_option("--format", cli->format, "text, html or subject")
      ->check(CLI::IsMember({"text", "html", "subject"}));
  base(cli->preview);
  cli->send = nl->add_subcommand("send", "send the next issue of every edition (or one)");
  edition(cli->send, false);
  cli->send->add_flag("--force", cli->force, "even with nothing new and no editorial");
  cli->send->add_flag("--no-send", cli->no_send, "queue the mails; leave delivery to `belfry run`");
  cli->send->add_option("--smtp", common->smtp, "deliver through this SMTP server");
  base(cli->send);
  cli->issues = nl->add_subcommand("issues", "the archive: issues sent");
  edition(cli->issues, false);
  base(cli->issues);
}

std::optional<int> RunNewsletterCommand(const NewsletterCli& cli, Services& services) {
  if (!cli.subscribe) return std::nullopt;
  for (CLI::App* c : {cli.subscribe, cli.import, cli.unsubscribe, cli.subscribers, cli.intro,
                      cli.preview, cli.send, cli.issues})
    if (c->parsed()) {
      if (auto st = services.RequireDatabase(); !st) return Report(st.error());
      return Run(cli, services);
    }
  return std::nullopt;
}

void SendScheduledNewsletters(Services& s) {
  if (!s.config().newsletter.enabled || s.config().newsletter.schedule == "off") return;
  auto desk = s.newsletter();
  if (!desk) {
    spdlog::error("run: newsletter: {}", desk.error().message());
    return;
  }
  auto sent = (*desk)->SendDue();
  if (!sent) {
    spdlog::error("run: newsletter: {}", sent.error().message());
    return;
  }
  for (const auto& r : *sent)
    spdlog::info("run: newsletter {} no. {} queued for {} subscriber(s)",
                 NewsletterEdition(r.audience, r.lang), r.issue.number, r.recipients);
}

}  // namespace belfry
