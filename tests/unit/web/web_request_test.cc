// The parts of HTTP handling that are ours: targets and queries, Accept-Language, the
// visitor's address behind trusted proxies, HTML escaping, routing, the self-check's answers.

#include <gtest/gtest.h>

#include "web/http_server.h"
#include "web/self_check.h"
#include "web/web_request.h"

namespace belfry {
namespace {

IpAddress Ip(const char* s) { return *IpAddress::Parse(s); }

TEST(WebRequest, TargetsAndQueries) {
  auto t = ParseTarget("/check.json?lang=nl&x=a%20b+c&x=last&flag");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/check.json");
  EXPECT_EQ(t->query["lang"], "nl");
  EXPECT_EQ(t->query["x"], "last");
  EXPECT_EQ(t->query["flag"], "");
  EXPECT_EQ(ParseTarget("/a%2Fb")->path, "/a/b");
  EXPECT_FALSE(ParseTarget("check"));          // not an absolute path
  EXPECT_FALSE(ParseTarget("/x?a=%zz"));       // bad escape
  EXPECT_FALSE(ParseTarget("/x%00y"));         // NUL
  EXPECT_FALSE(ParseTarget("/x?a=%4"));        // truncated escape
  EXPECT_FALSE(ParseTarget("http://example.org/"));
}

TEST(WebRequest, AcceptLanguageInOrderOfPreference) {
  EXPECT_EQ(AcceptedLanguages("fr-BE;q=0.8, nl-BE, en;q=0.5, *;q=0.1"),
            (std::vector<std::string>{"nl", "fr", "en"}));
  EXPECT_EQ(AcceptedLanguages("de, de-AT, en"), (std::vector<std::string>{"de", "en"}));
  EXPECT_TRUE(AcceptedLanguages("").empty());
  EXPECT_TRUE(AcceptedLanguages("nl;q=0").empty());
}

TEST(WebRequest, ForwardedForOnlyFromTrustedProxies) {
  std::vector<IpNetwork> proxies = {*IpNetwork::Parse("10.0.0.0/8")};
  // From an untrusted peer the header is a lie we ignore.
  EXPECT_EQ(ClientAddress(Ip("198.51.100.9"), "192.0.2.1", proxies)->ToString(), "198.51.100.9");
  // Through our proxies: the right-most address that is not one of them.
  EXPECT_EQ(ClientAddress(Ip("10.0.0.2"), "192.0.2.66, 198.51.100.7, 10.1.1.1", proxies)->ToString(),
            "198.51.100.7");
  EXPECT_EQ(ClientAddress(Ip("10.0.0.2"), "", proxies)->ToString(), "10.0.0.2");
  EXPECT_EQ(ClientAddress(Ip("10.0.0.2"), "garbage", proxies)->ToString(), "10.0.0.2");
  EXPECT_EQ(ClientAddress(Ip("10.0.0.2"), "2001:db8::1", proxies)->ToString(), "2001:db8::1");
  EXPECT_EQ(ClientAddress(Ip("10.0.0.2"), "192.0.2.1", {})->ToString(), "10.0.0.2");
  EXPECT_FALSE(ClientAddress(std::nullopt, "192.0.2.1", proxies));
}

TEST(WebRequest, RouterAnswersUnknownPathsAndMethods) {
  Router router;
  router.Add("GET", "/healthz", [](const WebRequest&) { return WebResponse{200, "text/plain", "ok", {}}; });
  WebRequest r;
  r.method = "GET";
  r.path = "/healthz";
  EXPECT_EQ(router.Dispatch(r).body, "ok");
  r.method = "HEAD";
  EXPECT_EQ(router.Dispatch(r).status, 200);
  r.method = "POST";
  auto bad = router.Dispatch(r);
  EXPECT_EQ(bad.status, 405);
  ASSERT_EQ(bad.headers.size(), 1u);
  EXPECT_EQ(bad.headers[0].second, "GET");
  r.path = "/../etc/passwd";
  EXPECT_EQ(router.Dispatch(r).status, 404);
}

TEST(SelfCheck, AnswersOnlyAboutTheVisitorInTheirLanguage) {
  auto index = std::make_shared<CheckIndex>();
  index->Add(Ip("198.51.100.176"), {"infected-system", "<script>qakbot", 1795700000});
  index->Add(Ip("198.51.100.176"), {"infected-system", "<script>qakbot", 1795800000});
  SelfCheck check(nullptr, 7);
  check.SetIndex(index);
  WebRequest visitor;
  visitor.client = Ip("198.51.100.176");
  visitor.headers["accept-language"] = "fr-BE,fr;q=0.9";
  visitor.query["ip"] = "192.0.2.1";  // no parameter takes an address
  auto html = check.Html(visitor);
  EXPECT_NE(html.body.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(html.body.find("198.51.100.176"), std::string::npos);
  EXPECT_EQ(html.body.find("192.0.2.1"), std::string::npos);
  EXPECT_NE(html.body.find("&lt;script&gt;qakbot"), std::string::npos);  // escaped
  EXPECT_EQ(html.body.find("<script>"), std::string::npos);
  auto json = check.Json(visitor);
  EXPECT_NE(json.body.find("\"result\": \"listed\""), std::string::npos) << json.body;
  EXPECT_NE(json.body.find("2026-11-27"), std::string::npos);  // the later sighting, once
  WebRequest clean;
  clean.client = Ip("198.51.100.177");
  clean.query["lang"] = "nl";
  EXPECT_NE(check.Html(clean).body.find("Goed nieuws"), std::string::npos);
  EXPECT_NE(check.Json(clean).body.find("\"result\": \"clean\""), std::string::npos);
  EXPECT_NE(check.Json(WebRequest{}).body.find("\"result\": \"unknown\""), std::string::npos);
  EXPECT_EQ(EscapeHtml("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(ParseListen("127.0.0.1:8080")->second, 8080);
  EXPECT_EQ(ParseListen("[::1]:0")->first, "::1");
  EXPECT_FALSE(ParseListen("localhost:80"));
  EXPECT_FALSE(ParseListen("127.0.0.1:99999"));
}

}  // namespace
}  // namespace belfry
