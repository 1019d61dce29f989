// The OpenAPI description and the router agree: every route of /api/v1 is documented and
// every documented operation is routed (the live server's answers are checked in
// tests/integration/api_test.py; the schema itself by tests/integration/openapi_validate.mjs).
#include <gtest/gtest.h>
#include <simdjson.h>

#include <set>
#include <string>

#include "api/api_context.h"
#include "api/api_routes.h"
#include "api/login_limiter.h"
#include "api/session_table.h"
#include "api/api_query.h"

namespace belfry {
namespace {

TEST(OpenApi, DescribesExactlyTheRoutes) {
  WebConfig web;
  ApiWorld w;
  w.web = &web;
  ApiContext ctx(w);
  Router router;
  AddApiRoutes(&router, &ctx);
  std::set<std::string> routed;
  for (const auto& r : router.Routes()) routed.insert(r);
  std::set<std::string> documented;
  simdjson::dom::parser parser;
  auto doc = parser.parse(std::string(OpenApiJson()));
  ASSERT_EQ(doc.error(), simdjson::SUCCESS);
  for (auto [path, item] : doc["paths"].get_object()) {
    for (auto [method, op] : item.get_object()) {
      std::string m(method);
      for (auto& c : m) c = static_cast<char>(toupper(c));
      documented.insert(m + " " + std::string(path));
    }
  }
  for (const auto& r : routed) EXPECT_TRUE(documented.count(r)) << "not documented: " << r;
  for (const auto& d : documented) EXPECT_TRUE(routed.count(d)) << "documented, not routed: " << d;
}

TEST(SessionTable, SessionsExpireWhenIdleAndEndWithTheirUser) {
  SessionTable sessions(100);
  SessionInfo info;
  const std::string cookie = sessions.Create(7, 1000, &info);
  EXPECT_EQ(sessions.Find(cookie, 1050)->user_id, 7);
  EXPECT_TRUE(sessions.Find(cookie, 1140));  // renewed at 1050
  EXPECT_FALSE(sessions.Find(cookie, 1300));
  const std::string second = sessions.Create(7, 2000, &info);
  EXPECT_FALSE(sessions.Find("forged", 2000));
  sessions.RemoveUser(7);
  EXPECT_FALSE(sessions.Find(second, 2001));
}

TEST(LoginLimiter, RefusesAfterTooManyFailuresUntilTheWindowPasses) {
  LoginLimiter limiter(3, 60);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limiter.RetryAfter("192.0.2.1", "ana", 100 + i), 0);
    limiter.Failed("192.0.2.1", "ana", 100 + i);
  }
  EXPECT_GT(limiter.RetryAfter("192.0.2.1", "ana", 103), 0);
  EXPECT_GT(limiter.RetryAfter("198.51.100.9", "ana", 103), 0);  // the name is locked too
  EXPECT_EQ(limiter.RetryAfter("198.51.100.9", "bob", 103), 0);
  EXPECT_EQ(limiter.RetryAfter("192.0.2.1", "ana", 161), 0);
}

TEST(ApiQuery, CursorsRoundTripAndForgeriesAreRefused) {
  EventQuery::Position p{1795700000000000, (3LL << 32) | 17};
  auto back = ParseEventCursor(EventCursor(p));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->ts, p.ts);
  EXPECT_EQ(back->id, p.id);
  auto undated = ParseEventCursor(EventCursor({std::nullopt, 5}));
  ASSERT_TRUE(undated);
  EXPECT_FALSE(undated->ts);
  for (const char* bad : {"", "_", "x_1", "1_", "1_0", "1_-5", "' OR 1=1 --", "n_abc"})
    EXPECT_FALSE(ParseEventCursor(bad)) << bad;
  EXPECT_FALSE(QueryInt("1001", "limit", 1, 1000));
  EXPECT_EQ(*QueryInt("", "limit", 1, 1000, 100), 100);
}

}  // namespace
}  // namespace belfry
