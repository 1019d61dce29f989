#pragma once
// The notifier's records, in the tracker's database beside the investigations and the
// outbox it writes to (one transaction covers the investigation, the queued mail and these
// records, so a mail is recorded with what it told):
//  - notifications: one mail to one recipient about one group of events;
//  - the sent ledger: which event went to which recipient (never twice), by notification;
//  - findings: what a recipient was last told about one host and issue (re-notification);
//  - inhibitions: "no mail about X on Y until Z" per organisation;
//  - failing recipients: their mail bounced (DSN via the VERP bounce address);
//  - runs: each run's summary.
// Backend: SQLite (store/backends/sqlite/sqlite_ticket_store.h implements it too).

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"

namespace belfry {

struct NotificationRecord {
  int64_t id = 0;
  std::string recipient;     // e-mail address
  std::string route;         // constituent | peer | foreign
  std::string organisation;  // handle, or the peer team's name
  std::string classification;
  std::string group_key;     // recipient's group: classification type [+ aggregate value]
  std::string format;        // csv, inline, json, xarf
  int64_t ticket_id = 0;     // the Investigation
  int64_t outbox_id = 0;
  int64_t created = 0;
  int64_t events = 0;
  bool signed_mail = false, encrypted = false;
  std::string state = "preparing";  // preparing | queued | bounced
  std::string bounce;               // the DSN's status and diagnostic
};

struct FindingState {
  int64_t last_sent = 0;
  std::set<std::string> ports, vulnerabilities;
  int severity = 0;  // 0 none .. 4 critical
};

struct Inhibition {
  int64_t id = 0;
  std::string organisation;    // handle ("" = every organisation)
  std::string classification;  // type or taxonomy ("" = any)
  std::string identifier;      // classification.identifier ("" = any)
  std::string network;         // an address or CIDR ("" = all of them)
  int64_t until = 0;           // seconds; 0 = no end
  std::string reason, actor;
  int64_t created = 0;
};

struct FailingRecipient {
  std::string address;
  int64_t since = 0, last = 0;
  int64_t bounces = 0;
  int64_t notification = 0;  // the last bounced notification
  std::string reason;
};

struct NotifyRunRecord {
  int64_t id = 0;
  int64_t started = 0, finished = 0;
  bool dry_run = false;
  std::string summary_json;
};

class NotifyStore {
 public:
  virtual ~NotifyStore() = default;

  // Transactions are the tracker's (TicketStore::Begin/Commit/Rollback on the same store).
  virtual Result<int64_t> AddNotification(const NotificationRecord& n) = 0;
  virtual Status UpdateNotification(const NotificationRecord& n) = 0;
  virtual Result<std::optional<NotificationRecord>> GetNotification(int64_t id) = 0;
  virtual Result<std::vector<NotificationRecord>> ListNotifications(size_t limit) = 0;
  // When `recipient` was last sent a queued notification of `group_key` (0 = never).
  virtual Result<int64_t> LastSent(const std::string& recipient, const std::string& group_key) = 0;

  // The sent ledger.
  virtual Status AddSent(const std::string& recipient, int64_t notification,
                         const std::vector<int64_t>& event_ids) = 0;
  // Those of `event_ids` already sent to `recipient`.
  virtual Result<std::vector<int64_t>> AlreadySent(const std::string& recipient,
                                                   const std::vector<int64_t>& event_ids) = 0;
  // Forgets what `notification` sent (it bounced); returns its event ids.
  virtual Result<std::vector<int64_t>> TakeBackSent(int64_t notification) = 0;

  // Findings, by recipient and finding key (type|identifier|host).
  virtual Result<std::optional<FindingState>> GetFinding(const std::string& recipient,
                                                         const std::string& key) = 0;
  virtual Status PutFinding(const std::string& recipient, const std::string& key,
                            const FindingState& state) = 0;

  virtual Result<int64_t> AddInhibition(const Inhibition& i) = 0;
  virtual Result<bool> RemoveInhibition(int64_t id) = 0;
  // Those in force at `now` (0: all, expired included).
  virtual Result<std::vector<Inhibition>> Inhibitions(int64_t now) = 0;

  virtual Status MarkFailing(const std::string& address, int64_t at, int64_t notification,
                             const std::string& reason) = 0;
  virtual Result<bool> ClearFailing(const std::string& address) = 0;
  virtual Result<std::vector<FailingRecipient>> Failing() = 0;

  virtual Result<int64_t> AddRun(const NotifyRunRecord& r) = 0;
  virtual Result<std::vector<NotifyRunRecord>> Runs(size_t limit) = 0;
};

}  // namespace belfry
