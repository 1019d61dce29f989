#include "ticket/outbox_sender.h"

#include <map>

#include <fmt/format.h>
#include <unistd.h>

#include <signal.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <map>

#include "core/digest.h"
#include "core/text.h"

namespace belfry {
namespace {

int64_t Backoff(int attempts) {
  static constexpr int64_t kSteps[] = {60, 300, 900, 3600};
  if (attempts >= 1 && attempts <= 4) return kSteps[attempts - 1];
  return 4 * 3600;
}

Status Save(TicketStore* store, int64_t id, const OutboxRecipient& r) {
  BELFRY_RETURN_IF_ERROR(store->Begin());
  Status s = store->UpdateRecipient(id, r);
  if (!s) {
    store->Rollback();
    return s;
  }
  return store->Commit();
}

// Who is delivering: this host and process, written on a recipient while it is "sending".
std::string Claimant() {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  return fmt::format("sending: host {} pid {}", host, ::getpid());
}

// Whether the process that claimed a recipient is gone: on this host, its pid no longer
// runs; on another host (a shared database), the claim is older than a live delivery lasts.
bool ClaimantGone(const std::string& claimant, int64_t claimed_at, int64_t now) {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  const std::string prefix = fmt::format("sending: host {} pid ", host);
  if (claimant.starts_with(prefix)) {
    auto pid = ParseInt64(std::string_view(claimant).substr(prefix.size()));
    if (pid && *pid > 0) return *pid != ::getpid() && ::kill(static_cast<pid_t>(*pid), 0) != 0 && errno == ESRCH;
  }
  return now - claimed_at >= kSendingStaleSeconds;
}

// Tests stop the process right after a delivery, before it is recorded.
void MaybeCrashAfterSend() {
  static const char* crash = std::getenv("BELFRY_TEST_CRASH_AFTER_SEND");
  if (crash && *crash == '1') ::_exit(9);
}

}  // namespace

std::string DeliveryKey(int64_t outbox_id, const std::string& recipient) {
  return fmt::format("outbox-{}-{}", outbox_id, Sha256Hex(recipient).substr(0, 16));
}

Result<DeliverySummary> DeliverOutbox(TicketStore* store, MailTransport* transport,
                                      const Clock& clock, size_t limit, bool ignore_backoff,
                                      int64_t per_domain_per_minute) {
  DeliverySummary out;
  auto due = store->DueMail(ignore_backoff ? INT64_MAX : clock.NowSeconds(), limit);
  if (!due) return Fail(due.error());
  // The rate limit counts what every process sent to a domain in the last minute.
  std::map<std::string, int64_t> sent_to;
  if (per_domain_per_minute > 0) {
    auto counts = store->SentPerDomainSince(clock.NowSeconds() - 60);
    if (!counts) return Fail(counts.error());
    sent_to = std::move(*counts);
  }
  for (OutboxMail& mail : *due) {
    for (OutboxRecipient& r : mail.recipients) {
      const int64_t now = clock.NowSeconds();
      const std::string key = DeliveryKey(mail.id, r.address);
      if (r.state == "sending") {
        // Taken by a deliverer that is still at it, or left by one that stopped.
        if (!ClaimantGone(r.last_error, r.next_attempt, now)) continue;
        auto delivered = transport->Delivered(key);
        if (delivered && *delivered) {
          r.state = "sent";
          r.settled_at = now;
          r.last_error.clear();
          BELFRY_RETURN_IF_ERROR(Save(store, mail.id, r));
          ++out.sent;
          continue;
        }
        if (!delivered) {
          r.state = "uncertain";
          r.settled_at = now;
          r.last_error =
              "the process stopped while handing this mail to the server: it may have been "
              "delivered, so it is not sent again; check the server's log, then `belfry outbox "
              "retry` if it did not arrive";
          BELFRY_RETURN_IF_ERROR(Save(store, mail.id, r));
          ++out.uncertain;
          out.problems.push_back(fmt::format("#{} {}: uncertain", mail.id, r.address));
          continue;
        }
        r.state = "pending";  // the Maildir has no trace of it: deliver it now
      }
      if (r.state != "pending" || (r.next_attempt > now && !ignore_backoff)) continue;
      if (per_domain_per_minute > 0) {
        const std::string domain = AsciiLowerCopy(r.address.substr(r.address.rfind('@') + 1));
        if (sent_to[domain] >= per_domain_per_minute) {
          r.next_attempt = now + 60;
          r.last_error = fmt::format("rate limit: {} mails a minute to {}", per_domain_per_minute,
                                     domain);
          BELFRY_RETURN_IF_ERROR(Save(store, mail.id, r));
          ++out.rate_limited;
          continue;
        }
        ++sent_to[domain];
      }
      auto claimed = store->ClaimRecipient(mail.id, r.address, now, Claimant());
      if (!claimed) return Fail(claimed.error());
      if (!*claimed) continue;  // another process is delivering it
      r.state = "sending";
      r.attempts += 1;
      r.next_attempt = now;
      DeliveryResult result = transport->Send(mail.sender, r.address, mail.raw, key);
      MaybeCrashAfterSend();
      const int64_t after = clock.NowSeconds();
      r.last_error = result.outcome == DeliveryOutcome::kSent ? "" : result.detail;
      if (result.outcome == DeliveryOutcome::kSent) {
        r.state = "sent";
        r.settled_at = after;
        ++out.sent;
      } else if (result.outcome == DeliveryOutcome::kPermanent) {
        r.state = "failed";
        r.settled_at = after;
        ++out.failed;
        out.problems.push_back(fmt::format("#{} {}: failed: {}", mail.id, r.address, result.detail));
      } else if (after - mail.created >= kOutboxGiveUpSeconds) {
        r.state = "failed";
        r.settled_at = after;
        r.last_error = fmt::format("gave up after {} attempts: {}", r.attempts, result.detail);
        ++out.failed;
        out.problems.push_back(fmt::format("#{} {}: {}", mail.id, r.address, r.last_error));
      } else {
        r.state = "pending";
        r.next_attempt = after + Backoff(r.attempts);
        ++out.deferred;
        out.problems.push_back(
            fmt::format("#{} {}: deferred: {}", mail.id, r.address, result.detail));
      }
      BELFRY_RETURN_IF_ERROR(Save(store, mail.id, r));
    }
    if (mail.attempt_started) BELFRY_RETURN_IF_ERROR(store->MarkAttempt(mail.id, 0));
  }
  return out;
}

Status RetryRecipient(TicketStore* store, int64_t outbox_id, const std::string& recipient,
                      int64_t now) {
  auto mail = store->GetMail(outbox_id);
  if (!mail) return Fail(mail.error());
  if (!*mail) return Fail(Error::NotFound(fmt::format("no outbox mail #{}", outbox_id)));
  bool found = false;
  for (OutboxRecipient r : (*mail)->recipients) {
    if (!recipient.empty() && r.address != recipient) continue;
    if (r.state != "failed" && r.state != "uncertain") continue;
    found = true;
    r.state = "pending";
    r.next_attempt = now;
    r.settled_at = 0;
    BELFRY_RETURN_IF_ERROR(Save(store, outbox_id, r));
  }
  if (!found)
    return Fail(Error::NotFound(
        fmt::format("outbox mail #{} has no failed or uncertain recipient{}", outbox_id,
                    recipient.empty() ? "" : " " + recipient)));
  return Ok();
}

}  // namespace belfry
