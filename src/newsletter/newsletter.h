#pragma once
// The newsletter's records: a subscriber of one edition (audience and language) and an
// issue of an edition. A subscriber is mailed only once confirmed (double opt-in: the
// confirmation link of the mail sent to the address); the same token later unsubscribes it
// in one click (RFC 8058). An issue is a draft (the editorial intro of the next issue) until
// it is sent; then its rendered HTML and text are the archive.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace belfry {

enum class SubscriberState { kPending, kConfirmed, kUnsubscribed, kBounced };
std::string_view SubscriberStateName(SubscriberState s);
std::optional<SubscriberState> ParseSubscriberState(std::string_view s);

struct Subscriber {
  int64_t id = 0;
  std::string email;     // lowercase
  std::string audience;  // pro | citizen
  std::string lang;      // nl | fr | en | de
  SubscriberState state = SubscriberState::kPending;
  std::string token;     // confirm and unsubscribe links (64 hex digits)
  std::string source;    // web | cli | import
  int64_t created = 0;
  int64_t confirm_sent = 0;  // the last confirmation mail
  int64_t confirmed = 0;
  int64_t unsubscribed = 0;
  int64_t bounces = 0;  // permanent failures in a row (a delivered issue resets it)
  std::string last_bounce;
};

struct SubscriberFilter {
  std::string audience, lang;            // "" = any
  std::optional<SubscriberState> state;  // nullopt = any
  std::string email;                     // "" = any
  size_t limit = 0;                      // 0 = all
};

struct NewsletterIssue {
  int64_t id = 0;
  std::string audience, lang;
  int64_t number = 0;  // per edition, from 1; 0 while a draft
  std::string intro;   // Markdown: the analysts' editorial
  std::string intro_author;
  int64_t period_start = 0, period_end = 0;
  std::vector<std::string> advisories;  // tracking ids, in the order of the issue
  std::string subject, html, text;      // as archived (no subscriber's link)
  int64_t created = 0;
  int64_t sent = 0;  // 0: a draft
  int64_t recipients = 0;
  std::string actor;
  bool draft() const { return sent == 0; }
};

// "pro-nl".
std::string NewsletterEdition(const std::string& audience, const std::string& lang);
// A mail address we would mail: one @, a dot in the domain, no spaces or controls, at most
// 254 bytes. Lowercased; nullopt when not an address.
std::optional<std::string> NormalizeMailAddress(std::string_view address);

}  // namespace belfry
