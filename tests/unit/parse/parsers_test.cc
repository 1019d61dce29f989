#include <gtest/gtest.h>

#include "parse/parsers/csv/csv_mapping_parser.h"
#include "parse/parsers/intelmq_json/intelmq_json_parser.h"

namespace belfry {
namespace {

ParseOutput RunParser(Parser& p, const std::string& data, ReportInfo info = {}) {
  if (info.file_name.empty()) info.file_name = "feed.txt";
  EXPECT_TRUE(p.Begin(info));
  ParseOutput out;
  EXPECT_TRUE(p.Parse(data, true, &out));
  return out;
}

TEST(CsvMappingParser, MapsColumnsConstantsAndLocalTime) {
  CsvMappingOptions o;
  o.dialect.comment = "#";
  o.header = true;
  o.columns = {"source.ip|source.fqdn", "time.source", "", "extra.reason"};
  o.time_format = "%Y-%m-%d %H:%M:%S";
  o.time_zone = "Europe/Brussels";
  o.constants = {{"classification.type", "brute-force"}, {"protocol.application", "ssh"}};
  auto p = CsvMappingParser::Create(o);
  ASSERT_TRUE(p) << p.error().message();
  ReportInfo info;
  info.feed_name = "Blocklist SSH";
  info.tlp = Tlp::kGreen;
  auto out = RunParser(**p,
                       "# export 2026-11-22\nip,first_seen,score,reason\n"
                       "192.0.2.20,2026-11-22 09:00:00,7,ssh brute force\n"
                       "mail.example.net,2026-11-22 09:05:00,3,\n"
                       "not valid!,2026-11-22 09:05:00,3,x\n",
                       info);
  ASSERT_EQ(out.events.size(), 2u);
  const Event& a = out.events[0];
  EXPECT_EQ(*a.Get(fields::kSourceIp), "192.0.2.20");
  EXPECT_EQ(*a.Get(fields::kTimeSource), "2026-11-22T08:00:00+00:00");
  EXPECT_EQ(*a.Get(fields::kClassificationType), "brute-force");
  EXPECT_EQ(*a.Get(fields::kTlp), "GREEN");
  EXPECT_EQ(*a.Get(fields::kFeedName), "Blocklist SSH");
  EXPECT_EQ(a.GetExtra("reason")->value, "ssh brute force");
  EXPECT_EQ(a.raw, "192.0.2.20,2026-11-22 09:00:00,7,ssh brute force");
  EXPECT_EQ(*out.events[1].Get(fields::kSourceFqdn), "mail.example.net");
  ASSERT_EQ(out.dead_letters.size(), 1u);
  EXPECT_EQ(out.dead_letters[0].line, 5u);
}

TEST(CsvMappingParser, ConfigurationErrorsNameTheColumn) {
  CsvMappingOptions o;
  o.columns = {"source.ip", "source.colour"};
  auto p = CsvMappingParser::Create(o);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().message(), "csv.columns[1]: unknown field 'source.colour'");
}

TEST(IntelMqJsonParser, ReadsEventsAndRejectsBadLines) {
  IntelMqJsonParser p;
  ReportInfo info;
  info.feed_name = "IntelMQ export";
  auto out = RunParser(p,
                       "{\"source.ip\": \"192.0.2.30\", \"classification.type\": \"scanner\", "
                       "\"feed.name\": \"Own\"}\n"
                       "\n"
                       "{\"source.ip\": \"192.0.2.300\"}\n"
                       "not json\n"
                       "{\"source.ip\": \"192.0.2.31\", \"raw\": \"b3JpZ2luYWw=\"}",
                       info);
  ASSERT_EQ(out.events.size(), 2u);
  EXPECT_EQ(*out.events[0].Get(fields::kFeedName), "Own");             // the event's own value wins
  EXPECT_EQ(*out.events[1].Get(fields::kFeedName), "IntelMQ export");  // report default
  EXPECT_EQ(out.events[1].raw, "original");
  ASSERT_EQ(out.dead_letters.size(), 2u);
  EXPECT_EQ(out.dead_letters[0].line, 3u);
  EXPECT_EQ(out.dead_letters[1].line, 4u);
}

// Caps on columns and extra keys: the record is a dead letter naming the cap.
TEST(ParseLimits, WideRowsAndEventsAreDeadLettersWithTheReason) {
  IntelMqJsonParser json;
  json.set_limits({.max_columns = 8, .max_extra_keys = 3});
  auto out = RunParser(json,
                       "{\"feed.name\": \"x\", \"extra.a\": 1, \"extra.b\": 2, \"extra.c\": 3}\n"
                       "{\"feed.name\": \"x\", \"extra.a\": 1, \"extra.b\": 2, \"extra.c\": 3, "
                       "\"extra.d\": 4}\n");
  EXPECT_EQ(out.events.size(), 1u);
  ASSERT_EQ(out.dead_letters.size(), 1u);
  EXPECT_EQ(out.dead_letters[0].line, 2u);
  EXPECT_EQ(out.dead_letters[0].reason, "4 extra keys, more than pipeline.max_extra_keys = 3");

  CsvMappingOptions o;
  o.header = true;
  o.columns = {"source.ip", "extra.a", "extra.b"};
  auto csv = CsvMappingParser::Create(o);
  ASSERT_TRUE(csv);
  (*csv)->set_limits({.max_columns = 3, .max_extra_keys = 10});
  out = RunParser(**csv, "ip,a,b\n192.0.2.1,x,y\n192.0.2.2,x,y,z,w\n");
  EXPECT_EQ(out.events.size(), 1u);
  ASSERT_EQ(out.dead_letters.size(), 1u);
  EXPECT_EQ(out.dead_letters[0].reason, "row has 5 columns, more than pipeline.max_columns = 3");
  out = RunParser(**csv, "ip,a,b,c\n192.0.2.1,x,y,z\n");
  ASSERT_EQ(out.dead_letters.size(), 2u);  // the header (not a row) and its one row
  EXPECT_FALSE(out.dead_letters[0].is_record);
  EXPECT_EQ(out.records, 1u);
  EXPECT_EQ(out.dead_letters[1].reason,
            "the header has 4 columns, more than pipeline.max_columns = 3");
}

// Regression: a header with a NUL made the summary say 21 rejected of 20 rows.
TEST(CsvParserBase, BadHeaderIsADeadLetterButNotARejectedRow) {
  CsvMappingOptions o;
  o.header = true;
  o.columns = {"source.ip", "extra.a"};
  auto csv = CsvMappingParser::Create(o);
  ASSERT_TRUE(csv);
  auto out = RunParser(**csv, std::string("ip,\xff\n192.0.2.1,x\n192.0.2.2,y\n"));
  EXPECT_EQ(out.records, 2u);
  size_t rows = 0;
  for (const auto& d : out.dead_letters) rows += d.is_record;
  EXPECT_EQ(rows, 2u);
  EXPECT_EQ(out.dead_letters.size(), 3u);
}

}  // namespace
}  // namespace belfry
