// The newsletter's subscribers and issues (newsletter/newsletter_store.h) in the tracker's
// database.

#include <fmt/format.h>

#include "store/backends/sqlite/sqlite_ticket_rows.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"

namespace belfry {

namespace {

using ticket_rows::ForRows;

constexpr const char* kSubscriberColumns =
    "id, email, audience, lang, state, token, source, created, confirm_sent, confirmed, "
    "unsubscribed, bounces, last_bounce";

Subscriber ReadSubscriber(const SqliteStmt& st) {
  Subscriber s;
  int c = 0;
  s.id = st.Int(c++);
  s.email = st.Text(c++);
  s.audience = st.Text(c++);
  s.lang = st.Text(c++);
  // Unreadable: not mailed.
  s.state = ParseSubscriberState(st.Text(c++)).value_or(SubscriberState::kUnsubscribed);
  s.token = st.Text(c++);
  s.source = st.Text(c++);
  s.created = st.Int(c++);
  s.confirm_sent = st.Int(c++);
  s.confirmed = st.Int(c++);
  s.unsubscribed = st.Int(c++);
  s.bounces = st.Int(c++);
  s.last_bounce = st.Text(c++);
  return s;
}

// ?1..?12 in kSubscriberColumns order without the id.
void BindSubscriber(SqliteStmt& st, const Subscriber& s) {
  int c = 1;
  st.BindText(c++, s.email);
  st.BindText(c++, s.audience);
  st.BindText(c++, s.lang);
  st.BindText(c++, SubscriberStateName(s.state));
  st.BindText(c++, s.token);
  st.BindText(c++, s.source);
  st.BindInt(c++, s.created);
  st.BindInt(c++, s.confirm_sent);
  st.BindInt(c++, s.confirmed);
  st.BindInt(c++, s.unsubscribed);
  st.BindInt(c++, s.bounces);
  st.BindText(c++, s.last_bounce);
}

constexpr const char* kIssueLean =
    "id, audience, lang, number, intro, intro_author, period_start, period_end, advisories, "
    "subject, created, sent, recipients, actor";

std::string JoinIds(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out.push_back(' ');
    out += s;
  }
  return out;
}

std::vector<std::string> SplitIds(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    size_t sp = s.find(' ');
    if (sp != 0) out.emplace_back(s.substr(0, sp));
    if (sp == std::string_view::npos) break;
    s.remove_prefix(sp + 1);
  }
  return out;
}

NewsletterIssue ReadIssue(const SqliteStmt& st, bool bodies) {
  NewsletterIssue i;
  int c = 0;
  i.id = st.Int(c++);
  i.audience = st.Text(c++);
  i.lang = st.Text(c++);
  i.number = st.Int(c++);
  i.intro = st.Text(c++);
  i.intro_author = st.Text(c++);
  i.period_start = st.Int(c++);
  i.period_end = st.Int(c++);
  i.advisories = SplitIds(st.Text(c++));
  i.subject = st.Text(c++);
  i.created = st.Int(c++);
  i.sent = st.Int(c++);
  i.recipients = st.Int(c++);
  i.actor = st.Text(c++);
  if (bodies) {
    i.html = st.Text(c++);
    i.text = st.Text(c++);
  }
  return i;
}

template <class T, class Read>
Result<std::vector<T>> Collect(SqliteStmt& st, Read read) {
  std::vector<T> out;
  BELFRY_RETURN_IF_ERROR(ForRows(st, [&](SqliteStmt& s) { out.push_back(read(s)); }));
  return out;
}

template <class T>
Result<std::optional<T>> First(Result<std::vector<T>> rows) {
  if (!rows) return Fail(rows.error());
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(std::move(rows->front()));
}

}  // namespace

Result<int64_t> SqliteTicketStore::AddSubscriber(const Subscriber& s) {
  auto st = db_->Prepare(
      "INSERT INTO newsletter_subscribers(email, audience, lang, state, token, source, created, "
      "confirm_sent, confirmed, unsubscribed, bounces, last_bounce) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!st) return Fail(st.error());
  BindSubscriber(*st, s);
  BELFRY_RETURN_IF_ERROR(st->Run());
  return db_->LastInsertRowid();
}

Status SqliteTicketStore::UpdateSubscriber(const Subscriber& s) {
  auto st = db_->Prepare(
      "UPDATE newsletter_subscribers SET email = ?, audience = ?, lang = ?, state = ?, "
      "token = ?, source = ?, created = ?, confirm_sent = ?, confirmed = ?, unsubscribed = ?, "
      "bounces = ?, last_bounce = ? WHERE id = ?");
  if (!st) return Fail(st.error());
  BindSubscriber(*st, s);
  st->BindInt(13, s.id);
  BELFRY_RETURN_IF_ERROR(st->Run());
  if (db_->Changes() == 0)
    return Fail(Error::NotFound(fmt::format("no subscriber with id {}", s.id)));
  return Ok();
}

Result<std::optional<Subscriber>> SqliteTicketStore::GetSubscriber(int64_t id) {
  auto st = db_->Prepare(
      fmt::format("SELECT {} FROM newsletter_subscribers WHERE id = ?", kSubscriberColumns));
  if (!st) return Fail(st.error());
  st->BindInt(1, id);
  return First(Collect<Subscriber>(*st, ReadSubscriber));
}

Result<std::optional<Subscriber>> SqliteTicketStore::FindSubscriber(const std::string& email,
                                                                    const std::string& audience) {
  auto st = db_->Prepare(fmt::format(
      "SELECT {} FROM newsletter_subscribers WHERE email = ? AND audience = ?", kSubscriberColumns));
  if (!st) return Fail(st.error());
  st->BindText(1, email);
  st->BindText(2, audience);
  return First(Collect<Subscriber>(*st, ReadSubscriber));
}

Result<std::optional<Subscriber>> SqliteTicketStore::SubscriberByToken(const std::string& token) {
  if (token.empty()) return std::optional<Subscriber>();
  auto st = db_->Prepare(
      fmt::format("SELECT {} FROM newsletter_subscribers WHERE token = ?", kSubscriberColumns));
  if (!st) return Fail(st.error());
  st->BindText(1, token);
  return First(Collect<Subscriber>(*st, ReadSubscriber));
}

Result<std::vector<Subscriber>> SqliteTicketStore::ListSubscribers(const SubscriberFilter& f) {
  std::string sql =
      fmt::format("SELECT {} FROM newsletter_subscribers WHERE 1", kSubscriberColumns);
  std::vector<std::string> binds;
  if (!f.audience.empty()) {
    sql += " AND audience = ?";
    binds.push_back(f.audience);
  }
  if (!f.lang.empty()) {
    sql += " AND lang = ?";
    binds.push_back(f.lang);
  }
  if (f.state) {
    sql += " AND state = ?";
    binds.emplace_back(SubscriberStateName(*f.state));
  }
  if (!f.email.empty()) {
    sql += " AND email = ?";
    binds.push_back(f.email);
  }
  sql += " ORDER BY id";
  if (f.limit != 0) sql += fmt::format(" LIMIT {}", f.limit);
  auto st = db_->Prepare(sql);
  if (!st) return Fail(st.error());
  for (size_t i = 0; i < binds.size(); ++i) st->BindText(static_cast<int>(i) + 1, binds[i]);
  return Collect<Subscriber>(*st, ReadSubscriber);
}

Result<int64_t> SqliteTicketStore::SaveIssue(const NewsletterIssue& i) {
  auto st = db_->Prepare(
      i.id == 0
          ? "INSERT INTO newsletter_issues(audience, lang, number, intro, intro_author, "
            "period_start, period_end, advisories, subject, html, text, created, sent, "
            "recipients, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
            "?14, ?15)"
          : "UPDATE newsletter_issues SET audience = ?1, lang = ?2, number = ?3, intro = ?4, "
            "intro_author = ?5, period_start = ?6, period_end = ?7, advisories = ?8, "
            "subject = ?9, html = ?10, text = ?11, created = ?12, sent = ?13, recipients = ?14, "
            "actor = ?15 WHERE id = ?16");
  if (!st) return Fail(st.error());
  int c = 1;
  st->BindText(c++, i.audience);
  st->BindText(c++, i.lang);
  st->BindInt(c++, i.number);
  st->BindText(c++, i.intro);
  st->BindText(c++, i.intro_author);
  st->BindInt(c++, i.period_start);
  st->BindInt(c++, i.period_end);
  st->BindText(c++, JoinIds(i.advisories));
  st->BindText(c++, i.subject);
  st->BindText(c++, i.html);
  st->BindText(c++, i.text);
  st->BindInt(c++, i.created);
  st->BindInt(c++, i.sent);
  st->BindInt(c++, i.recipients);
  st->BindText(c++, i.actor);
  if (i.id != 0) st->BindInt(c++, i.id);
  BELFRY_RETURN_IF_ERROR(st->Run());
  if (i.id == 0) return db_->LastInsertRowid();
  if (db_->Changes() == 0)
    return Fail(Error::NotFound(fmt::format("no newsletter issue with id {}", i.id)));
  return i.id;
}

Result<std::optional<NewsletterIssue>> SqliteTicketStore::GetIssue(int64_t id) {
  auto st = db_->Prepare(
      fmt::format("SELECT {}, html, text FROM newsletter_issues WHERE id = ?", kIssueLean));
  if (!st) return Fail(st.error());
  st->BindInt(1, id);
  return First(Collect<NewsletterIssue>(*st, [](SqliteStmt& s) { return ReadIssue(s, true); }));
}

Result<std::optional<NewsletterIssue>> SqliteTicketStore::DraftIssue(const std::string& audience,
                                                                     const std::string& lang) {
  auto st = db_->Prepare(fmt::format(
      "SELECT {}, html, text FROM newsletter_issues WHERE audience = ? AND lang = ? AND "
      "sent = 0 ORDER BY id LIMIT 1",
      kIssueLean));
  if (!st) return Fail(st.error());
  st->BindText(1, audience);
  st->BindText(2, lang);
  return First(Collect<NewsletterIssue>(*st, [](SqliteStmt& s) { return ReadIssue(s, true); }));
}

Result<std::optional<NewsletterIssue>> SqliteTicketStore::LastSentIssue(
    const std::string& audience, const std::string& lang) {
  auto st = db_->Prepare(fmt::format(
      "SELECT {} FROM newsletter_issues WHERE audience = ? AND lang = ? AND sent <> 0 "
      "ORDER BY number DESC LIMIT 1",
      kIssueLean));
  if (!st) return Fail(st.error());
  st->BindText(1, audience);
  st->BindText(2, lang);
  return First(Collect<NewsletterIssue>(*st, [](SqliteStmt& s) { return ReadIssue(s, false); }));
}

Result<std::vector<NewsletterIssue>> SqliteTicketStore::ListIssues(const std::string& audience,
                                                                   const std::string& lang,
                                                                   size_t limit, bool bodies) {
  std::string sql = fmt::format("SELECT {}{} FROM newsletter_issues WHERE sent <> 0", kIssueLean,
                                bodies ? ", html, text" : "");
  std::vector<std::string> binds;
  if (!audience.empty()) {
    sql += " AND audience = ?";
    binds.push_back(audience);
  }
  if (!lang.empty()) {
    sql += " AND lang = ?";
    binds.push_back(lang);
  }
  sql += " ORDER BY sent DESC, id DESC";
  if (limit != 0) sql += fmt::format(" LIMIT {}", limit);
  auto st = db_->Prepare(sql);
  if (!st) return Fail(st.error());
  for (size_t i = 0; i < binds.size(); ++i) st->BindText(static_cast<int>(i) + 1, binds[i]);
  return Collect<NewsletterIssue>(*st, [bodies](SqliteStmt& s) { return ReadIssue(s, bodies); });
}

}  // namespace belfry
