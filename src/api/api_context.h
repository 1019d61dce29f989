#pragma once
// What the API's handlers work with: the stores and services from the service root (never
// opened here), the sessions and the login limiter, and the few views that live in the app
// (feed status, pipeline status) as functions. The stores are single database connections:
// handlers take `store_mu` around every use, so requests on the server's threads never share
// a connection at once.

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "access/user_store.h"
#include "api/login_limiter.h"
#include "api/session_table.h"
#include "constituency/constituency_holder.h"
#include "constituency/constituency_store.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "newsletter/newsletter_desk.h"
#include "notify/notify_store.h"
#include "publish/advisory_desk.h"
#include "publish/advisory_store.h"
#include "share/share_export.h"
#include "store/event_store.h"
#include "vuln/product_store.h"
#include "ticket/ticket_mailer.h"
#include "ticket/tracker.h"
#include "web/web_config.h"

namespace belfry {

struct ApiWorld {
  EventStore* events = nullptr;
  Tracker* tracker = nullptr;
  TicketMailer* mailer = nullptr;
  NotifyStore* notify = nullptr;
  UserStore* users = nullptr;
  ConstituencyHolder* constituency = nullptr;
  ConstituencyStore* constituency_store = nullptr;
  const Clock* clock = nullptr;
  Metrics* metrics = nullptr;
  const WebConfig* web = nullptr;
  int64_t stale_after_seconds = 0;
  std::string site_dir;  // the published site ([publish] site_dir)
  AdvisoryDesk* advisories = nullptr;      // the publications' workflow
  AdvisoryStore* advisory_store = nullptr;
  ProductStore* products = nullptr;        // vulnerability matches, for advisories' pages
  NewsletterDesk* newsletter = nullptr;  // subscriptions and the archive
  NewsletterStore* newsletter_store = nullptr;
  SharingTeam team;  // who we are in shared documents
  // JSON views the app builds (feeds status, pipeline status).
  std::function<std::string()> feeds_json;
  std::function<std::string()> pipeline_json;
  // Called (with store_mu held) after a change that queued mail: delivers the outbox.
  std::function<void()> deliver_mail;
};

class ApiContext {
 public:
  explicit ApiContext(ApiWorld world)
      : w(std::move(world)),
        sessions(w.web->session_idle),
        limiter(w.web->login_attempts, w.web->login_window),
        subscriptions(20, 3600) {}

  const ApiWorld w;
  SessionTable sessions;
  LoginLimiter limiter;
  // Newsletter subscriptions: at most 20 an hour from one address, or for one mailbox.
  LoginLimiter subscriptions;
  std::mutex store_mu;

  // The dashboard's aggregates (api/dashboard.h), rebuilt in the background.
  void SetDashboard(std::shared_ptr<const std::string> json) {
    std::lock_guard lock(dash_mu_);
    dashboard_ = std::move(json);
  }
  std::shared_ptr<const std::string> dashboard() const {
    std::lock_guard lock(dash_mu_);
    return dashboard_;
  }

 private:
  mutable std::mutex dash_mu_;
  std::shared_ptr<const std::string> dashboard_;
};

}  // namespace belfry
