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

}  // namespace
}  // namespace belfry
