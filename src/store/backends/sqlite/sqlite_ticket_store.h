#pragma once
// The tracker's tables in the SQLite database (ticket/ticket_store.h). Versioned on their
// own (tracker_meta.schema_version): a newer database is refused, an older one migrated.
//
//   1  tickets, links, messages, attachments, observables, events, history, outbox, counters
//   2  the notifier's records (notify/notify_store.h: this class implements it too)
//   3  accounts and the audit log (access/user_store.h)
//   4  advisories, products, vulnerability matches (publish/advisory_store.h,
//      vuln/product_store.h)
//   5  the newsletter's subscribers and issues (newsletter/newsletter_store.h)
//   6  the MISP sync's pushes (share/misp_push_store.h)

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "store/backends/sqlite/sqlite_db.h"
#include "access/user_store.h"
#include "publish/advisory_store.h"
#include "vuln/product_store.h"
#include "newsletter/newsletter_store.h"
#include "notify/notify_store.h"
#include "share/misp_push_store.h"
#include "ticket/ticket_store.h"

namespace belfry {

inline constexpr int kTicketSchemaVersion = 6;

class SqliteTicketStore final : public TicketStore,
                                public NotifyStore,
                                public UserStore,
                                public AdvisoryStore,
                                public ProductStore,
                                public NewsletterStore,
                                public MispPushStore {
 public:
  static Result<std::unique_ptr<SqliteTicketStore>> Open(const std::string& path);

  Status Begin() override;
  Status Commit() override;
  void Rollback() override;

  Result<int64_t> CreateTicket(const Ticket& t) override;
  Status UpdateTicket(const Ticket& t) override;
  Result<std::optional<Ticket>> GetTicket(int64_t id) override;
  Result<std::vector<Ticket>> ListTickets(const TicketFilter& filter) override;
  Result<std::vector<int64_t>> MergedInto(int64_t id) override;
  Result<std::optional<int64_t>> FindReportByFingerprint(const std::string& fp,
                                                         int64_t since) override;
  Result<std::optional<int64_t>> FindActiveByFingerprint(Queue queue,
                                                         const std::string& fp) override;
  Result<std::vector<Ticket>> Overdue(int64_t now, size_t limit) override;

  Status Link(int64_t incident, int64_t child) override;
  Status Unlink(int64_t incident, int64_t child) override;
  Result<std::vector<int64_t>> Children(int64_t incident) override;
  Result<std::vector<int64_t>> Parents(int64_t child) override;

  Result<int64_t> AddMessage(const TicketMessage& m) override;
  Result<std::vector<TicketMessage>> Messages(const std::vector<int64_t>& tickets,
                                              bool attachment_data) override;
  Result<std::optional<int64_t>> TicketOfMessage(const std::string& message_id) override;
  Result<bool> SeenInbound(const std::string& message_id, const std::string& sha256) override;

  Status AddObservable(const TicketObservable& o) override;
  Status RemoveObservable(int64_t ticket, const Observable& o) override;
  Result<std::vector<TicketObservable>> Observables(const std::vector<int64_t>& tickets) override;
  Result<std::vector<int64_t>> TicketsWithAddress(const std::string& first_key,
                                                  const std::string& last_key,
                                                  size_t limit) override;
  Status LinkEvents(int64_t ticket, const std::vector<int64_t>& event_ids) override;
  Result<std::vector<int64_t>> LinkedEvents(const std::vector<int64_t>& tickets) override;

  Status AddHistory(const HistoryEntry& h) override;
  Result<std::vector<HistoryEntry>> History(const std::vector<int64_t>& tickets) override;

  Result<int64_t> EnqueueMail(const OutboxMail& m) override;
  Result<std::optional<OutboxMail>> GetMail(int64_t id) override;
  Result<std::vector<OutboxMail>> DueMail(int64_t now, size_t limit) override;
  Result<std::vector<OutboxMail>> ListMail(const std::string& state, size_t limit) override;
  Status MarkAttempt(int64_t id, int64_t started) override;
  Result<bool> ClaimRecipient(int64_t id, const std::string& address, int64_t now,
                              const std::string& claimant) override;
  Status UpdateRecipient(int64_t id, const OutboxRecipient& r) override;

  Result<std::map<std::string, int64_t>> SentPerDomainSince(int64_t since) override;

  Result<TicketStats> Stats(int year) override;

  // NotifyStore (sqlite_notify_store.cc).
  Result<int64_t> AddNotification(const NotificationRecord& n) override;
  Status UpdateNotification(const NotificationRecord& n) override;
  Result<std::optional<NotificationRecord>> GetNotification(int64_t id) override;
  Result<std::vector<NotificationRecord>> ListNotifications(size_t limit) override;
  Result<int64_t> LastSent(const std::string& recipient, const std::string& group_key) override;
  Status AddSent(const std::string& recipient, int64_t notification,
                 const std::vector<int64_t>& event_ids) override;
  Result<std::vector<int64_t>> AlreadySent(const std::string& recipient,
                                           const std::vector<int64_t>& event_ids) override;
  Result<std::vector<int64_t>> TakeBackSent(int64_t notification) override;
  Result<std::optional<FindingState>> GetFinding(const std::string& recipient,
                                                 const std::string& key) override;
  Status PutFinding(const std::string& recipient, const std::string& key,
                    const FindingState& state) override;
  Result<int64_t> AddInhibition(const Inhibition& i) override;
  Result<bool> RemoveInhibition(int64_t id) override;
  Result<std::vector<Inhibition>> Inhibitions(int64_t now) override;
  Status MarkFailing(const std::string& address, int64_t at, int64_t notification,
                     const std::string& reason) override;
  Result<bool> ClearFailing(const std::string& address) override;
  Result<std::vector<FailingRecipient>> Failing() override;
  Result<int64_t> AddRun(const NotifyRunRecord& r) override;
  Result<std::vector<NotifyRunRecord>> Runs(size_t limit) override;

  // UserStore (sqlite_user_store.cc).
  Result<int64_t> AddUser(const User& u) override;
  Status UpdateUser(const User& u) override;
  Result<std::optional<User>> FindUser(const std::string& name) override;
  Result<std::optional<User>> GetUser(int64_t id) override;
  Result<std::vector<User>> ListUsers() override;
  Result<int64_t> AddToken(int64_t user, const std::string& digest, int64_t created) override;
  Result<std::optional<User>> UserOfToken(const std::string& digest, int64_t now) override;
  Result<int64_t> RevokeTokens(int64_t user) override;
  Status AddAudit(const AuditEntry& e) override;
  Result<std::vector<AuditEntry>> Audit(size_t limit) override;

  // AdvisoryStore (sqlite_advisory_store.cc).
  Result<int64_t> AddAdvisory(const Advisory& a) override;
  Status UpdateAdvisory(const Advisory& a) override;
  Result<std::optional<Advisory>> GetAdvisory(int64_t id) override;
  Result<std::optional<Advisory>> FindAdvisory(const std::string& tracking_id) override;
  Result<std::vector<Advisory>> ListAdvisories(const AdvisoryFilter& f) override;

  // ProductStore (sqlite_product_store.cc).
  Result<size_t> UpsertProducts(const std::vector<ConstituentProduct>& products) override;
  Result<std::vector<ConstituentProduct>> FindProducts(const std::string& vendor,
                                                       const std::string& product) override;
  Result<std::vector<ConstituentProduct>> ProductsWithCve(const std::string& cve) override;
  Result<std::vector<ConstituentProduct>> ListProducts(const std::string& organisation) override;
  Result<bool> RemoveProduct(const std::string& organisation, const std::string& vendor,
                             const std::string& product, const std::string& version) override;
  Result<int64_t> MatchTicket(const std::string& advisory, const std::string& organisation) override;
  Status RecordMatch(const std::string& advisory, const std::string& organisation, int64_t ticket,
                     int64_t at) override;
  Result<std::vector<ToldOrganisation>> MatchesOf(const std::string& advisory) override;
  Result<bool> AddVendorAdvisory(const VendorAdvisoryRecord& a) override;
  Result<std::vector<VendorAdvisoryRecord>> ListVendorAdvisories(size_t limit) override;

  // NewsletterStore (sqlite_newsletter_store.cc).
  Result<int64_t> AddSubscriber(const Subscriber& s) override;
  Status UpdateSubscriber(const Subscriber& s) override;
  Result<std::optional<Subscriber>> GetSubscriber(int64_t id) override;
  Result<std::optional<Subscriber>> FindSubscriber(const std::string& email,
                                                   const std::string& audience) override;
  Result<std::optional<Subscriber>> SubscriberByToken(const std::string& token) override;
  Result<std::vector<Subscriber>> ListSubscribers(const SubscriberFilter& f) override;
  Result<int64_t> SaveIssue(const NewsletterIssue& issue) override;
  Result<std::optional<NewsletterIssue>> GetIssue(int64_t id) override;
  Result<std::optional<NewsletterIssue>> DraftIssue(const std::string& audience,
                                                    const std::string& lang) override;
  Result<std::optional<NewsletterIssue>> LastSentIssue(const std::string& audience,
                                                       const std::string& lang) override;
  Result<std::vector<NewsletterIssue>> ListIssues(const std::string& audience,
                                                  const std::string& lang, size_t limit,
                                                  bool bodies) override;

  // MispPushStore
  Status SaveMispPush(const MispPush& push) override;
  Result<std::optional<MispPush>> GetMispPush(int64_t ticket) override;
  Result<std::vector<MispPush>> ListMispPushes() override;
  Result<std::vector<MispPush>> DueMispPushes(int64_t now, size_t limit) override;

 private:
  explicit SqliteTicketStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Result<SqliteStmt*> Cached(int slot, const char* sql);
  Status Count(const Ticket* before, const Ticket* after);
  Result<std::vector<OutboxMail>> LoadMail(SqliteStmt& ids);
  Status WriteRevisions(const Advisory& a);
  // A transaction of its own for a change made outside Begin()/Commit() (empty inside one).
  Result<std::optional<SqliteTransaction>> OwnTransaction();

  std::unique_ptr<SqliteDb> db_;
  std::optional<SqliteTransaction> txn_;
  std::vector<std::optional<SqliteStmt>> cache_;
};

}  // namespace belfry
