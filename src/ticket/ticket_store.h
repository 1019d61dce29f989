#pragma once
// The tracker's database: tickets, their links, correspondence and attachments, observables,
// linked events, the audit history, the outbound mail queue (the outbox) and the counters
// behind `belfry stats`. Every change of one tracker operation happens in one transaction
// (Begin .. Commit): a ticket, its history and the mail it sends appear together or not at
// all. Backend: SQLite (store/backends/sqlite/sqlite_ticket_store.h).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "ticket/observables.h"
#include "ticket/ticket.h"

namespace belfry {

struct TicketAttachment {
  int64_t id = 0;
  std::string name, content_type;
  std::string data;
};

enum class MessageDirection : uint8_t { kInbound, kOutbound, kComment };
std::string_view DirectionName(MessageDirection d);  // "in", "out", "comment"

struct TicketMessage {
  int64_t id = 0;
  int64_t ticket_id = 0;
  MessageDirection direction = MessageDirection::kInbound;
  std::string message_id;   // without <>
  std::string in_reply_to;  // without <>
  std::string references;   // space-separated, without <>
  std::string from, to, cc, subject;
  int64_t at = 0;
  std::string actor;  // who wrote a comment or sent a reply; "mail" for inbound
  std::string body;   // text
  std::string raw_sha256;
  std::vector<TicketAttachment> attachments;
};

struct HistoryEntry {
  int64_t id = 0;
  int64_t ticket_id = 0;
  int64_t at = 0;
  std::string actor;
  std::string action;  // create, set, link, unlink, merge, unmerge, correspond, comment, ...
  std::string field;
  std::string old_value, new_value;
};

struct TicketObservable {
  Observable observable;
  std::string origin = "auto";  // auto (extracted) | manual
  int64_t ticket_id = 0;
};

struct TicketFilter {
  std::optional<Queue> queue;
  std::string status;        // "" any
  bool active_only = false;
  bool overdue = false;      // active with a due time before `now`
  int64_t now = 0;
  std::string owner;         // "" any
  std::string organisation;  // "" any
  bool include_merged = false;
  int64_t before_id = 0;  // cursor: ids below this one (0 = from the newest)
  size_t limit = 50;
};

// One outbound mail and its recipients. Stored (with its ticket message) before any
// delivery attempt; each recipient settles on its own: sent, failed (5xx) or, after a crash
// between handing it over and recording it, uncertain.
struct OutboxRecipient {
  std::string address;
  // pending | sending (handed to the transport, not yet recorded) | sent | failed |
  // uncertain (the process stopped while sending: it may have arrived; not resent)
  std::string state = "pending";
  int attempts = 0;
  int64_t next_attempt = 0;
  int64_t settled_at = 0;
  std::string last_error;
};

struct OutboxMail {
  int64_t id = 0;
  int64_t ticket_id = 0;
  int64_t message_row = 0;  // the TicketMessage that records it
  std::string message_id;
  std::string sender;  // envelope MAIL FROM
  std::string raw;     // the RFC 5322 bytes
  int64_t created = 0;
  int64_t attempt_started = 0;  // set while a delivery is under way (crash detection)
  std::vector<OutboxRecipient> recipients;

  bool settled() const;
  std::string state() const;  // pending | sent | failed | partial | uncertain
};

struct TicketStats {
  // Keyed by queue name; then by classification and by sector, per queue.
  std::map<std::string, int64_t> created;
  std::map<std::string, std::map<std::string, int64_t>> by_classification;
  std::map<std::string, std::map<std::string, int64_t>> by_sector;
  std::map<std::string, int64_t> resolved;
  int64_t responses = 0;                  // tickets with a first response
  int64_t median_response_seconds = -1;   // -1: none
};

class TicketStore {
 public:
  virtual ~TicketStore() = default;

  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual void Rollback() = 0;

  // Tickets. Create assigns the id; Update writes every field.
  virtual Result<int64_t> CreateTicket(const Ticket& t) = 0;
  virtual Status UpdateTicket(const Ticket& t) = 0;
  virtual Result<std::optional<Ticket>> GetTicket(int64_t id) = 0;
  virtual Result<std::vector<Ticket>> ListTickets(const TicketFilter& filter) = 0;
  // The tickets merged into `id` (directly).
  virtual Result<std::vector<int64_t>> MergedInto(int64_t id) = 0;
  // The newest active report with this fingerprint created at or after `since`.
  virtual Result<std::optional<int64_t>> FindReportByFingerprint(const std::string& fp,
                                                                 int64_t since) = 0;
  // The newest active ticket of `queue` with this fingerprint (the notifier's investigation
  // of one recipient and group).
  virtual Result<std::optional<int64_t>> FindActiveByFingerprint(Queue queue,
                                                                 const std::string& fp) = 0;
  // Active tickets of `queue` whose due time passed, for the SLA pass (and the escalation).
  virtual Result<std::vector<Ticket>> Overdue(int64_t now, size_t limit) = 0;

  // Links: incident -> child (report, investigation, countermeasure).
  virtual Status Link(int64_t incident, int64_t child) = 0;
  virtual Status Unlink(int64_t incident, int64_t child) = 0;
  virtual Result<std::vector<int64_t>> Children(int64_t incident) = 0;
  virtual Result<std::vector<int64_t>> Parents(int64_t child) = 0;

  // Correspondence.
  virtual Result<int64_t> AddMessage(const TicketMessage& m) = 0;
  virtual Result<std::vector<TicketMessage>> Messages(const std::vector<int64_t>& tickets,
                                                      bool attachment_data) = 0;
  // The ticket holding a message with this Message-ID (ours or a correspondent's).
  virtual Result<std::optional<int64_t>> TicketOfMessage(const std::string& message_id) = 0;
  // Whether an inbound message with this Message-ID or raw SHA-256 was already taken.
  virtual Result<bool> SeenInbound(const std::string& message_id, const std::string& sha256) = 0;

  // Observables and events.
  virtual Status AddObservable(const TicketObservable& o) = 0;
  virtual Status RemoveObservable(int64_t ticket, const Observable& o) = 0;
  virtual Result<std::vector<TicketObservable>> Observables(
      const std::vector<int64_t>& tickets) = 0;
  // Tickets holding an IP/CIDR observable that overlaps [first, last].
  virtual Result<std::vector<int64_t>> TicketsWithAddress(const std::string& first_key,
                                                          const std::string& last_key,
                                                          size_t limit) = 0;
  virtual Status LinkEvents(int64_t ticket, const std::vector<int64_t>& event_ids) = 0;
  virtual Result<std::vector<int64_t>> LinkedEvents(const std::vector<int64_t>& tickets) = 0;

  // Audit history.
  virtual Status AddHistory(const HistoryEntry& h) = 0;
  virtual Result<std::vector<HistoryEntry>> History(const std::vector<int64_t>& tickets) = 0;

  // Outbox.
  virtual Result<int64_t> EnqueueMail(const OutboxMail& m) = 0;
  virtual Result<std::optional<OutboxMail>> GetMail(int64_t id) = 0;
  // Mails with a recipient pending and due at `now`, or with an attempt left under way.
  virtual Result<std::vector<OutboxMail>> DueMail(int64_t now, size_t limit) = 0;
  virtual Result<std::vector<OutboxMail>> ListMail(const std::string& state, size_t limit) = 0;
  virtual Status MarkAttempt(int64_t id, int64_t started) = 0;  // 0 clears it
  // Takes a pending recipient for one delivery attempt (state "sending", attempts + 1,
  // next_attempt = now as the time it was taken, last_error = `claimant`, who took it).
  // False when another process took it first: two deliverers never send the same mail to
  // the same recipient.
  virtual Result<bool> ClaimRecipient(int64_t id, const std::string& address, int64_t now,
                                      const std::string& claimant) = 0;
  virtual Status UpdateRecipient(int64_t id, const OutboxRecipient& r) = 0;
  // Recipients sent to since `since`, per domain (lowercase): the per-domain rate limit.
  virtual Result<std::map<std::string, int64_t>> SentPerDomainSince(int64_t since) = 0;

  // The counters of tickets created (and resolved) in `year`, kept as tickets change:
  // answering never walks the tickets.
  virtual Result<TicketStats> Stats(int year) = 0;
};

}  // namespace belfry
