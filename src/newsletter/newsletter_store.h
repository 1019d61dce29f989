#pragma once
// The newsletter's subscribers and issues. Backend: SQLite, in the tracker's database
// (store/backends/sqlite/sqlite_newsletter_store.cc), so that an issue's mails enter the
// outbox in the same transaction that archives it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "newsletter/newsletter.h"

namespace belfry {

class NewsletterStore {
 public:
  virtual ~NewsletterStore() = default;
  // A new subscriber (unique per email and audience): its id.
  virtual Result<int64_t> AddSubscriber(const Subscriber& s) = 0;
  virtual Status UpdateSubscriber(const Subscriber& s) = 0;
  virtual Result<std::optional<Subscriber>> GetSubscriber(int64_t id) = 0;
  virtual Result<std::optional<Subscriber>> FindSubscriber(const std::string& email,
                                                           const std::string& audience) = 0;
  virtual Result<std::optional<Subscriber>> SubscriberByToken(const std::string& token) = 0;
  // Ordered by id.
  virtual Result<std::vector<Subscriber>> ListSubscribers(const SubscriberFilter& f) = 0;

  // Inserts (id 0: the new id) or replaces an issue.
  virtual Result<int64_t> SaveIssue(const NewsletterIssue& issue) = 0;
  virtual Result<std::optional<NewsletterIssue>> GetIssue(int64_t id) = 0;
  // The edition's draft (at most one), or its latest sent issue.
  virtual Result<std::optional<NewsletterIssue>> DraftIssue(const std::string& audience,
                                                            const std::string& lang) = 0;
  virtual Result<std::optional<NewsletterIssue>> LastSentIssue(const std::string& audience,
                                                               const std::string& lang) = 0;
  // Sent issues, newest first ("" = every audience or language; limit 0 = all); without the
  // rendered bodies unless `bodies`.
  virtual Result<std::vector<NewsletterIssue>> ListIssues(const std::string& audience,
                                                          const std::string& lang, size_t limit,
                                                          bool bodies) = 0;
};

}  // namespace belfry
