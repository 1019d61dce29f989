#include "parse/parsers/shadowserver/shadowserver_parser.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <thread>

#include "model/event_json.h"
#include "parse/parsers/shadowserver/conversions.h"

namespace belfry {
namespace {

std::shared_ptr<ShadowserverSchemaSource> Schema() {
  static auto source = *ShadowserverSchemaSource::Create("");
  return source;
}

ParseOutput ParseAll(const std::string& file_name, const std::string& data,
                     const std::string& type = "") {
  ShadowserverParser parser(Schema(), type);
  ReportInfo info;
  info.file_name = file_name;
  info.observed_micros = 1795348800000000;  // 2026-11-22T12:00:00Z
  auto begun = parser.Begin(info);
  EXPECT_TRUE(begun) << (begun ? "" : begun.error().message());
  ParseOutput out;
  auto r = parser.Parse(data, true, &out);
  EXPECT_TRUE(r);
  return out;
}

TEST(ShadowserverSchema, AllReportTypesLoad) {
  auto schema = Schema()->Current();
  EXPECT_EQ(schema->types().size(), 170u);
  for (const auto& [name, t] : schema->types()) EXPECT_TRUE(t.unusable_reason.empty()) << name;
  EXPECT_NE(schema->Find("Accessible-HTTP"), nullptr);
  EXPECT_EQ(schema->Find("Accessible-HTTP")->file_name, "scan_http");
}

TEST(ShadowserverSchema, AnOperatorsSchemaFileIsReloadedWhenItChanges) {
  std::string path = "/tmp/belfry-test-schema-" + std::to_string(getpid()) + ".json";
  auto write = [&](const char* feed_name) {
    std::ofstream(path) << R"({"_meta": {"date_created": "2026-11-22"}, "scan_x": {"feed_name": ")"
                        << feed_name
                        << R"(", "file_name": "scan_x", "url": "https://example.org/scan_x",
        "required_fields": [["source.ip", "ip", "validate_ip"]], "optional_fields": [], "constant_fields": {}}})";
  };
  write("Accessible-X");
  auto source = ShadowserverSchemaSource::Create(path);
  ASSERT_TRUE(source) << source.error().message();
  EXPECT_NE((*source)->Current()->Find("Accessible-X"), nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a different modification time
  write("Accessible-X-v2");
  EXPECT_NE((*source)->Current()->Find("Accessible-X-v2"), nullptr);
  std::ofstream(path) << "{ broken";  // a bad update keeps the schema in use
  EXPECT_NE((*source)->Current()->Find("Accessible-X-v2"), nullptr);
  std::remove(path.c_str());
  EXPECT_FALSE(ShadowserverSchemaSource::Create("/nonexistent/schema.json"));
}

TEST(ShadowserverParser, InvalidUtf8RowIsADeadLetter) {
  auto out =
      ParseAll("2026-11-21-scan_telnet-be.csv",
               "\"timestamp\",\"ip\",\"port\"\n\"2026-11-21 04:05:06\",\"192.0.2.9\",\"2\xff" "3\"\n"
               "\"2026-11-21 04:05:06\",\"192.0.2.10\",\"23\"\n");
  EXPECT_EQ(out.events.size(), 1u);
  ASSERT_EQ(out.dead_letters.size(), 1u);
  EXPECT_EQ(out.dead_letters[0].reason, "invalid UTF-8");
  EXPECT_EQ(out.dead_letters[0].line, 2u);
}

TEST(ShadowserverSchema, ReportTypeFromFileNameFollowsIntelMq) {
  auto t = ShadowserverSchema::ReportTypeFromFileName;
  EXPECT_EQ(t("2019-01-01-event4_sinkhole_http.csv"), "event4_sinkhole_http");
  EXPECT_EQ(t("2026-11-22-scan_http-belgium-asn.csv"), "scan_http");
  EXPECT_EQ(t("/var/spool/belfry/2026-11-22-scan6_ntp-be-geo.csv"), "scan6_ntp");
  EXPECT_EQ(t("scan_http.csv"), "scan_http");
  EXPECT_EQ(t("scan_http.txt"), std::nullopt);
  EXPECT_EQ(t("2026-11-22-.csv"), std::nullopt);
}

TEST(ShadowserverParser, MapsScanHttpLikeIntelMq) {
  std::string csv =
      "\"timestamp\",\"severity\",\"ip\",\"protocol\",\"port\",\"hostname\",\"tag\",\"asn\","
      "\"geo\",\"region\","
      "\"city\",\"naics\",\"hostname_source\",\"sector\",\"http\",\"http_code\",\"http_reason\","
      "\"content_type\","
      "\"connection\",\"www_authenticate\",\"set_cookie\",\"server\",\"content_length\",\"transfer_"
      "encoding\","
      "\"http_date\",\"version\",\"new_column\"\n"
      "\"2026-11-21 "
      "04:05:06\",\"info\",\"192.0.2.10\",\"tcp\",\"80\",\"www.example.be\",\"http;cve-2021-"
      "41773\","
      "\"64496\",\"BE\",\"BRUXELLES-CAPITALE\",\"BRUSSELS\",\"0\",\"\",\"\",\"HTTP/1.1 200 "
      "OK\",\"200\",\"OK\","
      "\"text/html\",\"close\",\"\",\"\",\"Apache/2.4.49\",\"612\",\"\",\"Sat, 21 Nov 2026 "
      "04:05:06 GMT\","
      "\"HTTP/1.1\",\"surprise\"\n";
  auto out = ParseAll("2026-11-21-scan_http-belgium-asn.csv", csv);
  ASSERT_EQ(out.dead_letters.size(), 0u) << out.dead_letters[0].reason;
  ASSERT_EQ(out.events.size(), 1u);
  const Event& e = out.events[0];
  EXPECT_EQ(*e.Get(fields::kTimeSource), "2026-11-21T04:05:06+00:00");
  EXPECT_EQ(*e.Get(fields::kSourceIp), "192.0.2.10");
  EXPECT_EQ(*e.Get(fields::kSourcePort), "80");
  EXPECT_EQ(*e.Get(fields::kSourceAsn), "64496");
  EXPECT_EQ(*e.Get(fields::kSourceReverseDns), "www.example.be");
  EXPECT_EQ(*e.Get(fields::kFeedName), "Accessible-HTTP");
  EXPECT_EQ(*e.Get(fields::kFeedProvider), "Shadowserver");
  EXPECT_EQ(*e.Get(fields::kFeedDocumentation),
            "https://www.shadowserver.org/what-we-do/network-reporting/accessible-http-report/");
  EXPECT_EQ(*e.Get(fields::kClassificationIdentifier), "accessible-http");
  EXPECT_EQ(*e.Get(fields::kProductVulnerabilities), "cve-2021-41773");
  EXPECT_EQ(*e.Get(fields::kSeverity), "info");
  EXPECT_EQ(*e.Get(fields::kTimeObservation), "2026-11-22T12:00:00+00:00");
  EXPECT_EQ(e.GetExtra("http_code")->kind, JsonKind::kInteger);
  EXPECT_EQ(e.GetExtra("http_date")->value, "2026-11-21T04:05:06+00:00");
  EXPECT_EQ(e.GetExtra("new_column")->value, "surprise");   // unmapped column -> extra
  EXPECT_FALSE(e.GetExtra("source.naics").has_value());     // invalidate_zero
  EXPECT_FALSE(e.GetExtra("hostname_source").has_value());  // empty
  EXPECT_EQ(e.line, 2u);
  // raw = header + row, every field quoted, "\n" endings (Python csv "unix" dialect).
  ASSERT_TRUE(e.raw_prefix);
  EXPECT_EQ(e.raw_prefix->substr(0, 25), "\"timestamp\",\"severity\",\"i");
  EXPECT_EQ(e.raw.substr(0, 24), "\"2026-11-21 04:05:06\",\"i");
  EXPECT_EQ(e.raw.back(), '\n');
}

TEST(ShadowserverParser, RawIsRewrittenInPythonsUnixDialect) {
  // Unquoted and partly quoted rows are re-quoted; an already canonical row is kept as is.
  auto out = ParseAll("2026-11-21-scan_telnet-be.csv",
                      "timestamp,ip,port\n"
                      "2026-11-21 04:05:06,192.0.2.18,23\n"
                      "\"2026-11-21 04:05:07\",\"192.0.2.19\",\"23\"\n"
                      "\"2026-11-21 04:05:08\", \"192.0.2.20\",\"2\"\"3\"\n");
  ASSERT_EQ(out.events.size(), 2u);
  EXPECT_EQ(*out.events[0].raw_prefix, "\"timestamp\",\"ip\",\"port\"\n");
  EXPECT_EQ(out.events[0].raw, "\"2026-11-21 04:05:06\",\"192.0.2.18\",\"23\"\n");
  EXPECT_EQ(out.events[1].raw, "\"2026-11-21 04:05:07\",\"192.0.2.19\",\"23\"\n");
  ASSERT_EQ(out.dead_letters.size(), 1u);  // port 2"3 is not an integer
  EXPECT_EQ(out.dead_letters[0].line, 4u);
}

TEST(ShadowserverParser, InvalidOptionalValueStaysInExtra) {
  std::string csv =
      "\"timestamp\",\"ip\",\"port\",\"asn\",\"geo\",\"protocol\"\n"
      "\"2026-11-21 04:05:06\",\"192.0.2.11\",\"23\",\"64496\",\"Belgium\",\"tcp\"\n";
  auto out = ParseAll("2026-11-21-scan_telnet-be.csv", csv);
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_FALSE(out.events[0].Get(fields::kSourceGeolocationCc).has_value());
  EXPECT_EQ(out.events[0].GetExtra("geo")->value, "Belgium");
}

TEST(ShadowserverParser, BadRowsBecomeDeadLettersWithLines) {
  std::string csv =
      "\"timestamp\",\"ip\",\"port\",\"protocol\"\n"
      "\"2026-11-21 04:05:06\",\"192.0.2.12\",\"23\",\"tcp\"\n"
      "\"not a time\",\"192.0.2.13\",\"23\",\"tcp\"\n"
      "\"2026-11-21 04:05:06\",\"192.0.2.14\",\"twenty-three\",\"tcp\"\n"
      "\"2026-11-21 04:05:06\",\"192.0.2.15\",\"23\",\"tcp\",\"extra\"\n"
      "\"2026-11-21 04:05:06\",\"192.0.2.16\",\"23\",\"tcp\"\n";
  auto out = ParseAll("2026-11-21-scan_telnet-be.csv", csv);
  EXPECT_EQ(out.events.size(), 2u);
  ASSERT_EQ(out.dead_letters.size(), 3u);
  EXPECT_EQ(out.dead_letters[0].line, 3u);
  EXPECT_NE(out.dead_letters[0].reason.find("time.source"), std::string::npos);
  EXPECT_EQ(out.dead_letters[1].line, 4u);
  EXPECT_NE(out.dead_letters[1].reason.find("port"), std::string::npos);
  EXPECT_EQ(out.dead_letters[2].line, 5u);
  EXPECT_EQ(out.dead_letters[2].reason, "row has 5 columns, the header has 4");
  EXPECT_EQ(out.dead_letters[2].file, "2026-11-21-scan_telnet-be.csv");
}

// Shadowserver's own scan_rdp sample omits the trailing `jarm` column; IntelMQ's DictReader
// fills missing columns with nothing and keeps the event, and so do we, counting the row.
TEST(ShadowserverParser, ShortRowsAreKeptAsIntelMqDoes) {
  std::string csv =
      "\"timestamp\",\"ip\",\"port\",\"protocol\",\"tag\"\n"
      "\"2026-11-21 04:05:06\",\"192.0.2.12\",\"23\",\"tcp\"\n"
      "\"2026-11-21 04:05:07\",\"192.0.2.13\",\"23\",\"tcp\",\"telnet\"\n";
  auto out = ParseAll("2026-11-21-scan_telnet-be.csv", csv);
  EXPECT_TRUE(out.dead_letters.empty());
  ASSERT_EQ(out.events.size(), 2u);
  EXPECT_EQ(out.short_rows, 1u);
  EXPECT_EQ(out.events[0].Get(fields::kSourceIp), "192.0.2.12");
  EXPECT_FALSE(out.events[0].GetExtra("tag"));
  // raw is the row as IntelMQ writes it back: the missing column empty.
  EXPECT_NE(out.events[0].raw.find("\"tcp\",\"\""), std::string::npos) << out.events[0].raw;
}

TEST(ShadowserverParser, MissingRequiredColumnRejectsEveryRowWithTheReason) {
  auto out = ParseAll("2026-11-21-scan_telnet-be.csv",
                      "\"timestamp\",\"port\"\n\"2026-11-21 04:05:06\",\"23\"\n");
  EXPECT_EQ(out.events.size(), 0u);
  ASSERT_EQ(out.dead_letters.size(), 1u);
  EXPECT_NE(out.dead_letters[0].reason.find("required column 'ip'"), std::string::npos);
}

TEST(ShadowserverParser, UnknownReportTypeIsAReportError) {
  ShadowserverParser parser(Schema(), "");
  ReportInfo info;
  info.file_name = "2026-11-21-no_such_report.csv";
  auto s = parser.Begin(info);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message().find("no_such_report"), std::string::npos);
  info.file_name = "report.json";
  EXPECT_FALSE(parser.Begin(info));
}

TEST(ShadowserverParser, FixedReportTypeIgnoresTheFileName) {
  auto out =
      ParseAll("telnet.csv",
               "\"timestamp\",\"ip\",\"port\"\n\"2026-11-21 04:05:06\",\"192.0.2.17\",\"23\"\n",
               "scan_telnet");
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(*out.events[0].Get(fields::kFeedName), "Accessible-Telnet");
}

TEST(ShadowserverConversions, MatchIntelMqConfigFunctions) {
  RowLookup none = [](std::string_view) -> std::optional<std::string_view> { return std::nullopt; };
  std::string scratch;
  auto conv = [&](const char* fn, std::string_view v) {
    return *ApplyConversion(*FindConversion(fn), v, none, &scratch);
  };
  EXPECT_FALSE(conv("validate_to_none", "0").present);
  EXPECT_FALSE(conv("validate_to_none", "unknown").present);
  EXPECT_EQ(conv("convert_bool", "Enabled").text, "true");
  EXPECT_FALSE(conv("convert_bool", "maybe").present);
  EXPECT_FALSE(conv("invalidate_zero", "0").present);
  EXPECT_EQ(conv("invalidate_zero", "64496").text, "64496");
  EXPECT_FALSE(ApplyConversion(ConversionId::kConvertInt, "12a", none, &scratch));
  EXPECT_FALSE(conv("validate_ip", "192.0.2.0/24").present);
  EXPECT_FALSE(conv("validate_ip", "0.0.0.0").present);
  EXPECT_TRUE(conv("validate_network", "192.0.2.0/24").present);
  EXPECT_EQ(conv("convert_date_utc", "2026-11-21 04:05:06").text, "2026-11-21T04:05:06+00:00");
  EXPECT_EQ(conv("force_base64", "aGVsbG8=").text, "aGVsbG8=");
  EXPECT_EQ(conv("force_base64", "hello").text, "aGVsbG8=");
  EXPECT_EQ(conv("extract_cve_from_tag", "CVE-2023-1;ssh;cve-2021-44228;cve-2023-1").text,
            "cve-2021-44228;cve-2023-1");
  EXPECT_FALSE(conv("extract_cve_from_tag", "ssh").present);
  EXPECT_EQ(conv("scan_exchange_type", "exchange;webshell").text, "system-compromise");
  RowLookup row = [](std::string_view c) -> std::optional<std::string_view> {
    if (c == "http_host") return std::string_view("www.example.org");
    if (c == "url") return std::string_view("GET /wp-login.php HTTP/1.1");
    return std::nullopt;
  };
  EXPECT_EQ(ApplyConversion(ConversionId::kConvertHttpHostAndUrl, "x", row, &scratch)->text,
            "http://www.example.org/wp-login.php");
}

}  // namespace
}  // namespace belfry
