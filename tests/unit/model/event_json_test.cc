#include "model/event_json.h"

#include <gtest/gtest.h>

namespace belfry {
namespace {

TEST(EventJson, WritesIntelMqFormatWithSortedKeysAndTypedValues) {
  Event e;
  ASSERT_TRUE(e.Add(fields::kSourceIp, "192.0.2.10"));
  ASSERT_TRUE(e.Add(fields::kSourcePort, "23"));
  ASSERT_TRUE(e.Add(fields::kClassificationType, "infected-system"));
  ASSERT_TRUE(e.AddExtra("naics", JsonKind::kInteger, "517311"));
  ASSERT_TRUE(e.AddExtra("tag", JsonKind::kString, "mirai"));
  ASSERT_TRUE(e.Add(fields::kTimeSource, "2026-11-22 10:00:00 UTC"));
  ASSERT_TRUE(e.Add(fields::kFeedAccuracy, "100"));
  e.raw = "ip,port\n";
  EXPECT_EQ(EventToJson(e),
            "{\"classification.type\": \"infected-system\", \"extra.naics\": 517311, "
            "\"extra.tag\": \"mirai\", "
            "\"feed.accuracy\": 100.0, \"raw\": \"aXAscG9ydAo=\", \"source.ip\": \"192.0.2.10\", "
            "\"source.port\": 23, \"time.source\": \"2026-11-22T10:00:00+00:00\"}");
}

TEST(EventJson, RoundTripsThroughTheParser) {
  const std::string line =
      "{\"classification.taxonomy\": \"malicious-code\", \"classification.type\": "
      "\"infected-system\", "
      "\"extra.asn_name\": \"EXAMPLE-AS\", \"extra.flags\": [1, 2], \"feed.name\": \"Drone\", "
      "\"malware.name\": \"mirai\", \"raw\": \"eA==\", \"source.asn\": 64496, \"source.ip\": "
      "\"2001:db8::5\", "
      "\"time.source\": \"2026-11-22T10:00:00+00:00\", \"tlp\": \"GREEN\"}";
  auto e = ParseEventJson(line);
  ASSERT_TRUE(e) << e.error().message();
  EXPECT_EQ(e->raw, "x");
  EXPECT_EQ(EventToJson(*e),
            "{\"classification.taxonomy\": \"malicious-code\", \"classification.type\": "
            "\"infected-system\", "
            "\"extra.asn_name\": \"EXAMPLE-AS\", \"extra.flags\": [1,2], \"feed.name\": \"Drone\", "
            "\"malware.name\": \"mirai\", \"raw\": \"eA==\", \"source.asn\": 64496, \"source.ip\": "
            "\"2001:db8::5\", "
            "\"time.source\": \"2026-11-22T10:00:00+00:00\", \"tlp\": \"GREEN\"}");
}

TEST(EventJson, AcceptsHierarchicalAndNestedExtra) {
  auto e = ParseEventJson(
      R"({"__type": "Event", "source": {"ip": "192.0.2.1", "port": 80}, "extra": {"a": "b"}})");
  ASSERT_TRUE(e) << e.error().message();
  EXPECT_EQ(*e->Get(fields::kSourcePort), "80");
  EXPECT_EQ(e->GetExtra("a")->value, "b");
}

TEST(EventJson, TlpClearAndAmberStrictAtTheIntelMqBoundary) {
  Event e;
  ASSERT_TRUE(e.Add(fields::kTlp, "CLEAR"));
  EXPECT_EQ(EventToJson(e), "{\"tlp\": \"WHITE\"}");
  Event s;
  ASSERT_TRUE(s.Add(fields::kTlp, "AMBER+STRICT"));
  std::string json = EventToJson(s);
  EXPECT_EQ(json, "{\"extra.tlp\": \"AMBER+STRICT\", \"tlp\": \"AMBER\"}");
  auto back = ParseEventJson(json);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back->Get(fields::kTlp), "AMBER+STRICT");
  EXPECT_FALSE(back->GetExtra("tlp").has_value());
}

TEST(EventJson, RejectsWhatIntelMqRejects) {
  EXPECT_FALSE(ParseEventJson("{\"source.ip\": \"999.1.1.1\"}"));
  EXPECT_FALSE(ParseEventJson("{\"no.such.field\": 1}"));
  EXPECT_FALSE(ParseEventJson("{\"__type\": \"Report\", \"raw\": \"\"}"));
  EXPECT_FALSE(ParseEventJson("{\"extra.Bad Key\": 1}"));
  EXPECT_FALSE(ParseEventJson("[1,2]"));
  EXPECT_FALSE(ParseEventJson("{\"source.ip\": "));
}

TEST(EventJson, EscapesControlCharactersAndReplacesInvalidUtf8) {
  Event e;
  ASSERT_TRUE(e.AddExtra("note", JsonKind::kString, std::string("a\"b\\c\n\x01", 7)));
  EXPECT_EQ(EventToJson(e), "{\"extra.note\": \"a\\\"b\\\\c\\n\\u0001\"}");
}

}  // namespace
}  // namespace belfry
