// The MISP event writer: well-formed JSON, MISP's types and categories, the tags.
#include "share/misp_writer.h"
#include "share/share_export.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "model/field_registry.h"

namespace belfry {
namespace {

Event Ev(const char* ip, const char* tlp, const char* type, const char* taxonomy) {
  Event e;
  EXPECT_TRUE(e.Add(fields::kSourceIp, ip));
  EXPECT_TRUE(e.Add(fields::kTlp, tlp));
  EXPECT_TRUE(e.Add(fields::kClassificationType, type));
  EXPECT_TRUE(e.Add(fields::kClassificationTaxonomy, taxonomy));
  EXPECT_TRUE(e.Add(fields::kFeedName, "Example Feed"));
  return e;
}

TEST(MispWriter, AttributesTagsAndTheStrictestTlp) {
  MispEventHeader h;
  h.uuid = NameUuid("x");
  h.info = "Shared \"quotes\"";
  h.date = "2026-11-30";
  h.timestamp = 1796025600;
  h.org_name = "Example CERT";
  h.org_uuid = NameUuid("team");
  std::string out;
  MispEventWriter w(h, [&](std::string_view b) { out.append(b); });
  w.Begin();
  Event a = Ev("192.0.2.1", "GREEN", "infected-system", "malicious-code");
  ASSERT_TRUE(a.Add(fields::kMalwareHashSha256, std::string(64, 'a')));
  w.Add(a, 1, EffectiveTlp(a, Tlp::kClear));
  w.Add(Ev("198.51.100.7", "AMBER", "brute-force", "intrusion-attempts"), 2, Tlp::kAmber);
  w.Finish();
  EXPECT_EQ(w.attributes(), 3u);
  EXPECT_EQ(w.tlp(), Tlp::kAmber);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(out).get(doc), simdjson::SUCCESS) << out;
  auto ev = doc["Event"];
  EXPECT_EQ(std::string_view(ev["info"]), "Shared \"quotes\"");
  simdjson::dom::array attrs = ev["Attribute"];
  ASSERT_EQ(attrs.size(), 3u);
  EXPECT_EQ(std::string_view(attrs.at(0)["type"]), "ip-src");
  EXPECT_EQ(std::string_view(attrs.at(1)["type"]), "sha256");
  EXPECT_EQ(std::string_view(attrs.at(1)["category"]), "Payload delivery");
  simdjson::dom::array tags = ev["Tag"];
  std::vector<std::string> names;
  for (auto t : tags) names.emplace_back(std::string_view(t["name"]));
  EXPECT_EQ(names, (std::vector<std::string>{"tlp:amber", "rsit:intrusion-attempts=\"brute-force\"",
                                             "rsit:malicious-code=\"infected-system\""}));
  EXPECT_EQ(std::string_view(ev["attribute_count"]), "3");
}

TEST(MispWriter, NameUuidsAreStableVersion8) {
  EXPECT_EQ(NameUuid("a"), NameUuid("a"));
  EXPECT_NE(NameUuid("a"), NameUuid("b"));
  EXPECT_TRUE(std::regex_match(NameUuid("a"), std::regex("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << NameUuid("a");
  EXPECT_EQ(MispTlpTag(Tlp::kAmberStrict), "tlp:amber+strict");
  EXPECT_EQ(MispTlpTag(Tlp::kClear), "tlp:clear");
}

TEST(MispWriter, TypesAndCategoriesAreMispsDefaults) {
  // The types written, with the category and to_ids the writer gives them, against MISP's
  // describeTypes.json.
  std::ifstream in(std::string(BELFRY_SOURCE_DIR) + "/tests/data/standards/misp/describeTypes.json");
  std::stringstream ss;
  ss << in.rdbuf();
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(ss.str()).get(doc), simdjson::SUCCESS);
  auto defaults = doc["result"]["sane_defaults"];
  std::string out;
  MispEventHeader h;
  MispEventWriter w(h, [&](std::string_view b) { out.append(b); });
  w.Begin();
  Event e = Ev("192.0.2.1", "CLEAR", "phishing", "fraud");
  for (auto [f, v] : {std::pair{fields::kDestinationIp, "203.0.113.5"},
                      {fields::kSourceUrl, "http://phish.example.com/login"},
                      {fields::kSourceFqdn, "phish.example.com"},
                      {fields::kMalwareHashMd5, "d41d8cd98f00b204e9800998ecf8427e"},
                      {fields::kMalwareHashSha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
                      {fields::kSourceAsn, "64496"}})
    ASSERT_TRUE(e.Add(f, v));
  w.Add(e, 7, EffectiveTlp(e, Tlp::kClear));
  w.Finish();
  simdjson::dom::parser event_parser;  // `defaults` lives in the first parser's buffer
  simdjson::dom::element ev;
  ASSERT_EQ(event_parser.parse(out).get(ev), simdjson::SUCCESS);
  size_t n = 0;
  for (auto a : simdjson::dom::array(ev["Event"]["Attribute"])) {
    const std::string type{std::string_view(a["type"])};
    SCOPED_TRACE(type);
    auto d = defaults[type];
    ASSERT_EQ(d.error(), simdjson::SUCCESS);
    EXPECT_EQ(std::string_view(a["category"]), std::string_view(d["default_category"]));
    EXPECT_EQ(bool(a["to_ids"]), int64_t(d["to_ids"]) != 0);
    ++n;
  }
  EXPECT_EQ(n, 7u);
}

TEST(MispWriter, ObjectsWhereMispHasThem) {
  std::string out;
  MispEventHeader h;
  h.objects = true;
  MispEventWriter w(h, [&](std::string_view b) { out.append(b); });
  ASSERT_TRUE(w.Begin());
  Event e = Ev("192.0.2.1", "AMBER", "infected-system", "malicious-code");
  for (auto [f, v] : {std::pair{fields::kSourcePort, "8443"},
                      {fields::kSourceUrl, "http://bad.example.com/x"},
                      {fields::kMalwareHashSha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
                      {fields::kSourceAsn, "64496"}})
    ASSERT_TRUE(e.Add(f, v));
  w.Add(e, 9, Tlp::kAmber);
  w.Add(Ev("192.0.2.2", "GREEN", "scanner", "information-gathering"), 10, Tlp::kGreen);  // no port
  w.Finish();
  EXPECT_EQ(w.objects(), 3u);
  simdjson::dom::parser parser;
  simdjson::dom::element ev;
  ASSERT_EQ(parser.parse(out).get(ev), simdjson::SUCCESS) << out;
  std::vector<std::string> attributes, objects, relations;
  for (auto a : simdjson::dom::array(ev["Event"]["Attribute"]))
    attributes.emplace_back(std::string_view(a["type"]));
  for (auto o : simdjson::dom::array(ev["Event"]["Object"])) {
    objects.emplace_back(std::string_view(o["name"]));
    for (auto a : simdjson::dom::array(o["Attribute"]))
      relations.emplace_back(std::string_view(a["object_relation"]));
  }
  // The first event's address, port, URL and hash in objects; its ASN and the second event's
  // address (no port) stay attributes.
  EXPECT_EQ(attributes, (std::vector<std::string>{"AS", "ip-src"}));
  EXPECT_EQ(objects, (std::vector<std::string>{"ip-port", "file", "url"}));
  EXPECT_EQ(relations, (std::vector<std::string>{"ip-src", "src-port", "sha256", "url"}));
}

}  // namespace
}  // namespace belfry
