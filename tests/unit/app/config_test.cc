#include "app/config.h"

#include <gtest/gtest.h>

namespace belfry {
namespace {

std::string ErrorOf(const std::string& toml) {
  auto c = ParseConfig(toml, "belfry.toml");
  return c ? "" : c.error().message();
}

TEST(Config, DefaultsWithoutAFile) {
  Config c;
  EXPECT_EQ(c.store.path, "./belfry-data/belfry.db");
  EXPECT_EQ(c.dedup.ttl_seconds, 86400);
  EXPECT_EQ(c.retention.raw_seconds, 90 * 86400);
}

TEST(Config, ParsesEverySection) {
  auto c = ParseConfig(R"(
[store]
url = "sqlite:///var/lib/belfry/belfry.db"
[dedup]
ttl = "12h"
filter_type = "whitelist"
filter_keys = ["source.ip", "classification.type"]
[retention]
raw = "30d"
events = "13mo"
[[feeds]]
name = "Blocklist SSH"
provider = "blocklist.example"
parser = "csv"
tlp = "GREEN"
[feeds.csv]
columns = ["source.ip", "time.source"]
time_format = "%Y-%m-%d %H:%M:%S"
time_zone = "Europe/Brussels"
[feeds.constants]
"classification.type" = "brute-force"
)",
                       "belfry.toml");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->store.path, "/var/lib/belfry/belfry.db");
  EXPECT_EQ(c->dedup.ttl_seconds, 12 * 3600);
  EXPECT_TRUE(c->dedup.whitelist);
  EXPECT_EQ(c->retention.events_seconds, 390 * 86400);
  ASSERT_EQ(c->feeds.size(), 1u);
  EXPECT_EQ(c->feeds[0].tlp, Tlp::kGreen);
  EXPECT_EQ(c->feeds[0].csv.constants[0].second, "brute-force");
}

TEST(Config, ErrorsNameTheKeyAndLine) {
  EXPECT_EQ(ErrorOf("[store]\nurl = \"sqlite:///x.db\"\nsize = 3\n"),
            "belfry.toml:3: store.size: unknown key");
  EXPECT_EQ(ErrorOf("[dedup]\n\nttl = \"soon\"\n"),
            "belfry.toml:3: dedup.ttl: must be a duration such as \"24h\" or \"90d\"");
  EXPECT_EQ(ErrorOf("[pipeline]\nbatch_size = \"big\"\n"),
            "belfry.toml:2: pipeline.batch_size: must be an integer");
  EXPECT_EQ(
      ErrorOf("[[feeds]]\nname = \"x\"\nparser = \"xml\"\n"),
      "belfry.toml:3: feeds[0].parser: must be \"shadowserver\", \"csv\", \"csaf\", \"misp\", \"stix\" or \"intelmq-json\"");
  EXPECT_EQ(ErrorOf("[share.misp]\nurl = \"ftp://misp.example.org\"\n"),
            "belfry.toml:2: share.misp.url: must be an http(s) URL");
  EXPECT_EQ(ErrorOf("[share.misp]\nurl = \"https://misp.example.org\"\n"),
            "belfry.toml: share.misp.key: an API key (key or key_file) is needed with url");
  EXPECT_EQ(ErrorOf("[share.misp]\nurl = \"https://misp.example.org\"\nkey = \"k\"\nfor = \"everyone\"\n"),
            "belfry.toml:4: share.misp.for: public, community, peer:NAME, org:HANDLE or named:NAME");
  EXPECT_EQ(ErrorOf("[[feeds]]\nname = \"x\"\nparser = \"csv\"\n[feeds.csv]\ncolumns = "
                    "[\"source.ip\"]\ntime_zone = \"Mars/Olympus\"\n"),
            "belfry.toml:6: feeds[0].csv.time_zone: unknown time zone 'Mars/Olympus'");
  EXPECT_NE(ErrorOf("[store\n").find("belfry.toml:1:"), std::string::npos);
  EXPECT_EQ(ErrorOf("colour = \"blue\"\n"), "belfry.toml:1: colour: unknown key");
  EXPECT_EQ(ErrorOf("[constituency]\ncountries = [\"Belgium\"]\n"),
            "belfry.toml:2: constituency.countries: 'BELGIUM' is not a two-letter country code");
  EXPECT_EQ(ErrorOf("[constituency]\nasns = [\"ASx\"]\n"),
            "belfry.toml:2: constituency.asns: must be a list of AS numbers");
  EXPECT_EQ(ErrorOf("[constituency]\nlanguages = [\"es\"]\n"),
            "belfry.toml:2: constituency.languages: 'es' is not one of nl, fr, de, en");
  EXPECT_EQ(
      ErrorOf("[time_sanity]\nstale_after = \"old\"\n"),
      "belfry.toml:2: time_sanity.stale_after: must be a duration such as \"24h\" or \"90d\"");
  EXPECT_EQ(ErrorOf("[enrich]\nmmdb = \"x.mmdb\"\n"),
            "belfry.toml:2: enrich.mmdb: must be a list of strings");
  EXPECT_EQ(ErrorOf("[[feeds]]\nname = \"x\"\nparser = \"shadowserver\"\nroute_on = \"both\"\n"),
            "belfry.toml:4: feeds[0].route_on: must be \"source\" or \"destination\"");
}

TEST(Config, ConstituencySections) {
  auto c = ParseConfig(R"(
[constituency]
countries = ["be", "LU"]
asns = [64500, "AS64501"]
organisations = ["ORG-EU1-RIPE"]
networks = ["192.0.2.0/24", "198.51.100.0 - 198.51.100.130"]
languages = ["nl", "fr"]
notify_foreign_abuse_contacts = true
[time_sanity]
stale_after = "14d"
[enrich]
mmdb = ["/var/lib/GeoIP/GeoLite2-ASN.mmdb"]
[[feeds]]
name = "Victims"
parser = "intelmq-json"
route_on = "destination"
)",
                       "belfry.toml");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->constituency.countries, (std::vector<std::string>{"BE", "LU"}));
  EXPECT_EQ(c->constituency.asns, (std::vector<int64_t>{64500, 64501}));
  EXPECT_TRUE(c->constituency.HasScope());
  EXPECT_TRUE(c->constituency.notify_foreign_abuse_contacts);
  EXPECT_EQ(c->time_sanity.stale_after_seconds, 14 * 86400);
  EXPECT_EQ(c->time_sanity.future_tolerance_seconds, 3600);
  EXPECT_EQ(c->enrich.mmdb.size(), 1u);
  EXPECT_EQ(c->feeds.at(0).route_on, "destination");
  EXPECT_FALSE(Config{}.constituency.HasScope());
}

}  // namespace
}  // namespace belfry

namespace belfry {
namespace {

// One spelling of AS numbers everywhere (constituency/names.h): "A164500" is not AS64500.
TEST(Config, AsnsSpelledOneWay) {
  auto ok = ParseConfig("[constituency]\nasns = [\"AS64500\", \"as64501\", 64502]\n", "t.toml");
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(ok->constituency.asns, (std::vector<int64_t>{64500, 64501, 64502}));
  auto bad = ParseConfig("[constituency]\nasns = [\"A164500\"]\n", "t.toml");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("t.toml:2: constituency.asns"), std::string::npos)
      << bad.error().message();
}

}  // namespace
}  // namespace belfry

namespace belfry {
namespace {

// Stores are chosen by URL; PostgreSQL is refused clearly until its backend exists.
TEST(Config, StoreUrls) {
  auto abs = ParseConfig("[store]\nurl = \"sqlite:///var/lib/belfry/belfry.db\"\n", "t.toml");
  ASSERT_TRUE(abs);
  EXPECT_EQ(abs->store.path, "/var/lib/belfry/belfry.db");
  auto pg = ParseConfig("[store]\nurl = \"postgresql://belfry@db.example/belfry\"\n", "t.toml");
  ASSERT_FALSE(pg);
  EXPECT_NE(pg.error().message().find("t.toml:2: store.url: PostgreSQL is not available"),
            std::string::npos)
      << pg.error().message();
  EXPECT_FALSE(ParseConfig("[store]\nurl = \"mysql://x\"\n", "t.toml"));
}

}  // namespace
}  // namespace belfry

namespace belfry {
namespace {

TEST(Config, TrackerSections) {
  auto c = ParseConfig(R"(
[tickets]
subject_tag = "CERT.example TT"
old_subject_tags = ["BELFRY"]
default_tlp = "amber+strict"
group_window = "3d"
[sla]
timezone = "Europe/Luxembourg"
open = "09:00"
close = "17:30"
days = ["mon", "tue", "wed", "thu"]
holidays = ["12-26", "2026-12-24"]
response = ["30m", "2h", "1d", "2d"]
on_duty = "duty@example.be"
[[triage.rules]]
classification = "ddos"
sector = "energy"
severity = 1
[[triage.rules]]
min_hosts = 10
raise = 1
[mail]
from = "cert@example.lu"
smtp_url = "smtp://mail.example.lu:587"
starttls = "required"
default_languages = ["fr", "de"]
)",
                       "belfry.toml");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->tickets.subject_tag, "CERT.example TT");
  EXPECT_EQ(c->tickets.default_tlp, "AMBER+STRICT");
  EXPECT_EQ(c->tickets.group_window_seconds, 3 * 86400);
  EXPECT_EQ(c->tickets.sla.hours.open_minute, 9 * 60);
  EXPECT_EQ(c->tickets.sla.hours.close_minute, 17 * 60 + 30);
  EXPECT_FALSE(c->tickets.sla.hours.days[4]);
  EXPECT_EQ(c->tickets.sla.response[0], 1800);
  ASSERT_EQ(c->tickets.triage.size(), 2u);
  EXPECT_EQ(c->tickets.triage[1].raise, 1);
  EXPECT_EQ(c->tickets.mail.default_languages, (std::vector<std::string>{"fr", "de"}));
}

TEST(Config, TrackerErrorsNameTheKey) {
  auto bad = [](const char* toml) {
    auto c = ParseConfig(toml, "belfry.toml");
    return c ? std::string() : c.error().message();
  };
  EXPECT_NE(bad("[sla]\ntimezone = \"Mars/Olympus\"\n").find("Mars/Olympus"), std::string::npos);
  EXPECT_NE(bad("[sla]\nopen = \"8h\"\n").find("sla.open"), std::string::npos);
  EXPECT_NE(bad("[sla]\nresponse = [\"1h\"]\n").find("sla.response"), std::string::npos);
  EXPECT_NE(bad("[tickets]\nsubject_tag = \"A [B]\"\n").find("tickets.subject_tag"), std::string::npos);
  EXPECT_NE(bad("[mail]\nsmtp_url = \"http://x\"\n").find("mail.smtp_url"), std::string::npos);
  EXPECT_NE(bad("[mail]\ndefault_languages = [\"xx\"]\n").find("mail.default_languages"), std::string::npos);
  EXPECT_NE(bad("[[triage.rules]]\nclassification = \"nonsense\"\nseverity = 1\n").find("triage.rules[0].classification"), std::string::npos);
  EXPECT_NE(bad("[[triage.rules]]\nsector = \"health\"\n").find("needs severity or raise"), std::string::npos);
  EXPECT_NE(bad("[mail]\nsmtp_pass = \"x\"\n").find("mail.smtp_pass"), std::string::npos);
}

}  // namespace
}  // namespace belfry
