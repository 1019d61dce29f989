// The notifier's pure parts: contact formats, CSV (with formula escaping), X-ARF mapping,
// findings, bounce parsing, attachment packing.

#include <gtest/gtest.h>

#include <cstdlib>

#include "notify/attachment_pack.h"
#include "notify/bounce_handler.h"
#include "notify/event_formats.h"
#include "notify/notifier.h"
#include "notify/notify_plan.h"
#include "share/xarf_report.h"
#include "test_util.h"

namespace belfry {
namespace {

Event MakeEvent(std::string_view ip, std::string_view port, std::string_view type = "vulnerable-system") {
  Event e;
  EXPECT_TRUE(e.Add(fields::kSourceIp, ip));
  EXPECT_TRUE(e.Add(fields::kSourcePort, port));
  EXPECT_TRUE(e.Add(fields::kClassificationType, type));
  EXPECT_TRUE(e.Add(fields::kClassificationIdentifier, "open-telnet"));
  EXPECT_TRUE(e.Add(fields::kTimeSource, "2026-11-28T10:00:00+00:00"));
  EXPECT_TRUE(e.Add(fields::kProtocolTransport, "tcp"));
  EXPECT_TRUE(e.Add(fields::kProtocolApplication, "telnet"));
  return e;
}

TEST(ContactFormat, TokensAndOptions) {
  auto f = ParseContactFormat("csv-semicolon+pgp-inline");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->data, DataFormat::kCsv);
  EXPECT_EQ(f->delimiter, ';');
  EXPECT_TRUE(f->pgp_inline);
  f = ParseContactFormat("XARF, no-pgp");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->data, DataFormat::kXarf);
  EXPECT_TRUE(f->no_pgp);
  EXPECT_EQ(ParseContactFormat("")->data, DataFormat::kCsv);
  EXPECT_EQ(ParseContactFormat("inline")->data, DataFormat::kInline);
  EXPECT_FALSE(ParseContactFormat("csv+json"));  // two data formats
  EXPECT_FALSE(ParseContactFormat("iodef"));
}

TEST(EventsCsv, FormulasCannotRunAndColumnsFollowTheData) {
  // OWASP: a leading apostrophe, and the cell quoted.
  EXPECT_EQ(CsvCell("=1+2", ','), "\"'=1+2\"");
  EXPECT_EQ(CsvCell("+32 2 123", ','), "\"'+32 2 123\"");
  EXPECT_EQ(CsvCell("-cmd", ','), "\"'-cmd\"");
  EXPECT_EQ(CsvCell("@SUM(A1)", ','), "\"'@SUM(A1)\"");
  EXPECT_EQ(CsvCell("192.0.2.1", ','), "192.0.2.1");
  EXPECT_EQ(CsvCell("a,b", ','), "\"a,b\"");
  EXPECT_EQ(CsvCell("a,b", ';'), "a,b");
  EXPECT_EQ(CsvCell("say \"hi\"", ','), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvCell("=HYPERLINK(\"x\")", ','), "\"'=HYPERLINK(\"\"x\"\")\"");
  Event a = MakeEvent("192.0.2.1", "23");
  Event b = MakeEvent("192.0.2.2", "2323");
  ASSERT_TRUE(b.AddExtra("banner", JsonKind::kString, "=cmd|' /C calc'!A0"));
  ASSERT_TRUE(b.AddExtra("route", JsonKind::kString, "constituent"));  // ours, not theirs
  std::string csv = EventsCsv({&a, &b}, ';');
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "time.source;source.ip;source.port;protocol.transport;protocol.application;"
            "classification.type;classification.identifier;extra.banner");
  EXPECT_NE(csv.find(";\"'=cmd|' /C calc'!A0\"\r\n"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("constituent"), std::string::npos);
  std::string json = EventsJson({&a});
  EXPECT_EQ(json.front(), '[');
  EXPECT_NE(json.find("\"source.ip\": \"192.0.2.1\""), std::string::npos) << json;
}

TEST(Xarf, MapsRsitToXarfTypesWithTheirRequiredFields) {
  XarfReporter us{"Example CERT", "cert@example.be", "example.be"};
  std::string r = XarfReport(MakeEvent("192.0.2.1", "23"), us, NewUuid(), 0);
  EXPECT_NE(r.find("\"category\": \"vulnerability\", \"type\": \"open_service\""), std::string::npos) << r;
  EXPECT_NE(r.find("\"service\": \"telnet\""), std::string::npos);
  EXPECT_NE(r.find("\"timestamp\": \"2026-11-28T10:00:00Z\""), std::string::npos);
  Event bot = MakeEvent("192.0.2.9", "443", "infected-system");
  ASSERT_TRUE(bot.Add(fields::kMalwareName, "mirai"));
  r = XarfReport(bot, us, NewUuid(), 0);
  EXPECT_NE(r.find("\"type\": \"infected_host\""), std::string::npos) << r;
  EXPECT_NE(r.find("\"bot_type\": \"malicious\""), std::string::npos);
  EXPECT_NE(r.find("\"malware:mirai\""), std::string::npos);
  r = XarfReport(MakeEvent("192.0.2.9", "1", "spam"), us, NewUuid(), 0);
  EXPECT_NE(r.find("\"type\": \"blocklist\""), std::string::npos) << r;
  const std::string id = NewUuid();
  ASSERT_EQ(id.size(), 36u);
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
}

TEST(Findings, NewsIsAChangeOrTheInterval) {
  Event e = MakeEvent("192.0.2.1", "23");
  ASSERT_TRUE(e.AddExtra("severity", JsonKind::kString, "medium"));
  EXPECT_EQ(FindingKey(e), "vulnerable-system|open-telnet|192.0.2.1");
  FindingState told = FindingOf(e, 1000);
  EXPECT_EQ(told.severity, 2);
  EXPECT_FALSE(FindingIsNews(told, FindingOf(e, 2000), 7 * 86400));
  EXPECT_TRUE(FindingIsNews(told, FindingOf(e, 1000 + 7 * 86400), 7 * 86400));
  EXPECT_TRUE(FindingIsNews(told, FindingOf(MakeEvent("192.0.2.1", "2323"), 2000), 7 * 86400));
  Event worse = e;
  ASSERT_TRUE(worse.AddExtra("severity", JsonKind::kString, "critical", true));
  EXPECT_TRUE(FindingIsNews(told, FindingOf(worse, 2000), 7 * 86400));
  Event vuln = e;
  ASSERT_TRUE(vuln.AddExtra("cve", JsonKind::kString, "CVE-2024-0001"));
  EXPECT_TRUE(FindingIsNews(told, FindingOf(vuln, 2000), 7 * 86400));
}

constexpr const char* kDsn =
    "From: MAILER-DAEMON@mx.example.org\r\nTo: Belfry <bounces+42@example.be>\r\n"
    "Subject: Undelivered Mail\r\nContent-Type: multipart/report; report-type=delivery-status;"
    " boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSorry.\r\n--b\r\n"
    "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n\r\n"
    "Final-Recipient: rfc822; <Desk@Example.org>\r\nAction: failed\r\nStatus: 5.1.1 (bad)\r\n"
    "Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n  (continued)\r\n--b--\r\n";

TEST(Bounces, DsnAndVerpAddress) {
  auto d = ParseDsn(kDsn);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->final_recipient, "desk@example.org");
  EXPECT_EQ(d->action, "failed");
  EXPECT_EQ(d->status, "5.1.1");
  EXPECT_EQ(d->diagnostic, "smtp; 550 5.1.1 user unknown (continued)");
  EXPECT_TRUE(d->permanent());
  EXPECT_EQ(BouncedNotification(kDsn), 42);
  DsnInfo delayed{"delayed", "4.4.1", "a@example.org", ""};
  EXPECT_FALSE(delayed.permanent());
  EXPECT_FALSE(ParseDsn("From: a@example.org\n\nno report here\n"));
  EXPECT_FALSE(BouncedNotification("To: cert@example.be\n\nbody bounces+7@example.be\n"));
  EXPECT_EQ(ParseBounceAddress("BOUNCES+12@EXAMPLE.BE"), 12);
  EXPECT_FALSE(ParseBounceAddress("bounces+x@example.be"));
  EXPECT_FALSE(ParseBounceAddress("bounces+0@example.be"));
}

TEST(AttachmentPack, ZipOrSplitAboveTheCap) {
  std::string csv = "source.ip\r\n";
  for (int i = 0; i < 400; ++i) csv += "192.0.2." + std::to_string(i % 250) + "\r\n";
  std::vector<OutgoingAttachment> files = {{"events.csv", "text/csv", csv}};
  auto same = PackAttachments(files, 1 << 20, "zip", "events.zip", 0);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->front().name, "events.csv");
  auto split = PackAttachments(files, 1024, "split", "events.zip", 0);
  ASSERT_TRUE(split);
  ASSERT_GT(split->size(), 3u);
  std::string joined;
  for (const auto& p : *split) {
    EXPECT_LE(p.data.size(), 1024u);
    EXPECT_EQ(p.data.rfind("source.ip\r\n", 0), 0u);  // each part has the header
    joined += p.data.substr(11);
  }
  EXPECT_EQ("source.ip\r\n" + joined, csv);
  auto zipped = PackAttachments(files, 1024, "zip", "events.zip", 1795950000);
  ASSERT_TRUE(zipped);
  ASSERT_EQ(zipped->size(), 1u);
  EXPECT_EQ(zipped->front().content_type, "application/zip");
  EXPECT_EQ(zipped->front().data.substr(0, 4), std::string("PK\x03\x04", 4));
  testing::TempDir dir;
  std::string path = dir.Write("events.zip", zipped->front().data);
  std::string cmd = "python3 -c \"import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); "
                    "assert z.testzip() is None; sys.exit(0 if z.read('events.csv') == open(sys.argv[2], 'rb').read() else 1)\" " +
                    path + " " + dir.Write("events.csv", csv);
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

}  // namespace
}  // namespace belfry
