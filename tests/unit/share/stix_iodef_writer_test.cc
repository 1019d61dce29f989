// The STIX 2.1 and IODEF v2 writers: deterministic ids as STIX says, patterns escaped,
// markings per event, XML escaped, TLP as IODEF's restriction. (Schemas and the pattern
// grammar check whole documents in tests/integration/share_test.sh.)
#include "share/iodef_writer.h"
#include "share/stix_writer.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include "model/field_registry.h"

namespace belfry {
namespace {

Event Ev(const char* ip, const char* type, const char* taxonomy) {
  Event e;
  EXPECT_TRUE(e.Add(fields::kSourceIp, ip));
  EXPECT_TRUE(e.Add(fields::kClassificationType, type));
  EXPECT_TRUE(e.Add(fields::kClassificationTaxonomy, taxonomy));
  EXPECT_TRUE(e.Add(fields::kFeedName, "Example <Feed> & Co"));
  EXPECT_TRUE(e.Add(fields::kTimeSource, "2026-11-28T10:00:00+00:00"));
  return e;
}

TEST(StixWriter, ObservableIdsAreStixVersion5Uuids) {
  // uuid.uuid5(UUID("00abedb4-aa42-466c-9c01-fed23315a9b7"), '{"value":"198.51.100.10"}')
  EXPECT_EQ(StixObservableId("ipv4-addr", R"({"value":"198.51.100.10"})"),
            "ipv4-addr--40495fb2-6385-5166-bb8f-bf50ce06f444");
  EXPECT_EQ(StixTlpMarking(Tlp::kAmberStrict),
            "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003");
  EXPECT_EQ(StixPatternString(R"(it's a \ path)"), R"('it\'s a \\ path')");
}

TEST(StixWriter, OneBundleWithEachEventsObjectsAndTheReport) {
  std::string out;
  StixBundleWriter w({"Example CERT", "cert@example.org", "Shared", "key", 1796025600},
                     [&](std::string_view b) { out.append(b); });
  ASSERT_TRUE(w.Begin());
  Event a = Ev("198.51.100.10", "infected-system", "malicious-code");
  ASSERT_TRUE(a.Add(fields::kSourceUrl, "http://bad.example.com/it's"));
  EXPECT_TRUE(w.Add(a, 1, Tlp::kGreen));
  Event b = Ev("2001:db8::1", "scanner", "information-gathering");
  EXPECT_TRUE(w.Add(b, 2, Tlp::kAmber));
  Event none;
  ASSERT_TRUE(none.Add(fields::kFeedName, "Example"));
  EXPECT_FALSE(w.Add(none, 3, Tlp::kClear));  // nothing to point at: no indicator
  ASSERT_TRUE(w.Finish());
  EXPECT_EQ(w.indicators(), 2u);
  EXPECT_EQ(w.tlp(), Tlp::kAmber);

  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(out).get(doc), simdjson::SUCCESS) << out;
  std::map<std::string, int> types;
  std::string pattern, report_refs;
  for (auto o : doc["objects"].get_array()) {
    std::string type(o["type"].get_string().value());
    ++types[type];
    if (type == "indicator" && pattern.empty()) pattern = std::string(o["pattern"].get_string().value());
    if (type == "report") report_refs = simdjson::to_string(o["object_refs"]);
  }
  EXPECT_EQ(types["indicator"], 2);
  EXPECT_EQ(types["sighting"], 2);
  EXPECT_EQ(types["observed-data"], 2);
  EXPECT_EQ(types["ipv4-addr"], 1);
  EXPECT_EQ(types["ipv6-addr"], 1);
  EXPECT_EQ(types["url"], 1);
  EXPECT_EQ(types["marking-definition"], 2);  // GREEN and AMBER: the labels used
  EXPECT_EQ(types["incident"], 1);
  EXPECT_EQ(types["report"], 1);
  EXPECT_EQ(pattern, R"([ipv4-addr:value = '198.51.100.10'] OR [url:value = 'http://bad.example.com/it\'s'])");
  // The report names the incident, our identity and the 3 objects of each event.
  EXPECT_EQ(std::count(report_refs.begin(), report_refs.end(), ','), 7) << report_refs;
}

TEST(IodefWriter, RestrictionPerIncidentAndEscapedText) {
  std::string out;
  IodefWriter w({"Example CERT", "cert@example.org", "example.org", "42", 1796025600},
                [&](std::string_view b) { out.append(b); });
  w.Begin();
  Event a = Ev("198.51.100.10", "infected-system", "malicious-code");
  ASSERT_TRUE(a.Add(fields::kSourcePort, "21"));
  ASSERT_TRUE(a.Add(fields::kProtocolTransport, "tcp"));
  w.Add(a, 7, Tlp::kAmberStrict);
  w.Add(Ev("198.51.100.11", "scanner", "information-gathering"), 8, Tlp::kClear);
  w.Finish();
  EXPECT_EQ(w.incidents(), 2u);
  EXPECT_NE(out.find(R"(restriction="ext-value" ext-restriction="amber+strict")"), std::string::npos);
  EXPECT_NE(out.find(R"(restriction="white")"), std::string::npos);
  EXPECT_NE(out.find("Example &lt;Feed&gt; &amp; Co"), std::string::npos);
  EXPECT_NE(out.find(R"(<Service ip-protocol="6"><Port>21</Port></Service>)"), std::string::npos);
  EXPECT_NE(out.find(R"(<RelatedActivity><IncidentID name="example.org">42</IncidentID>)"),
            std::string::npos);
  std::string text;
  AppendXmlText(std::string_view("a\x01z\"", 4), &text);
  EXPECT_EQ(text, "a\xEF\xBF\xBDz&quot;");
}

}  // namespace
}  // namespace belfry
