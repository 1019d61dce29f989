#include "report/annual_report.h"

#include <gtest/gtest.h>

namespace belfry {
namespace {

TEST(AnnualReport, AggregatesByMonthAndRenders) {
  AnnualEventFigures events([](std::string_view org) {
    return org == "ORG-H" ? std::string("health") : std::string();
  });
  Route hospital;
  hospital.kind = RouteKind::kConstituent;
  hospital.org = "ORG-H";
  for (int i = 0; i < 3; ++i) events.Add(0, "infected-system", hospital, "192.0.2.1", "mirai");
  events.Add(0, "infected-system", hospital, "192.0.2.2", "mirai");
  events.Add(1, "infected-system", hospital, "192.0.2.1", "mirai");
  events.Add(1, "scanner", std::nullopt, "198.51.100.1", "");
  events.Add(12, "scanner", std::nullopt, "198.51.100.1", "");  // outside the year: ignored
  EXPECT_EQ(events.events, 6u);
  EXPECT_EQ(events.by_type["infected-system"][0], 4);
  EXPECT_EQ(events.by_type["scanner"][1], 1);
  EXPECT_EQ(events.by_sector["health"], 5);
  auto infected = events.InfectedByFamily();
  EXPECT_EQ(infected["mirai"][0], 2);  // distinct addresses
  EXPECT_EQ(infected["mirai"][1], 1);

  AnnualFigures f;
  f.year = 2026;
  f.team = "Example <CERT>";
  f.tickets_created = {{"reports", 1234}, {"incidents", 56}};
  f.publications = {{"advisory for professionals", 3}};
  f.events = &events;
  auto files = RenderAnnualReport(f);
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files[0].name, "annual-2026.html");
  EXPECT_NE(files[0].content.find("Example &lt;CERT&gt;"), std::string::npos);  // escaped
  EXPECT_NE(files[0].content.find("1,234"), std::string::npos);
  EXPECT_NE(files[0].content.find("<svg"), std::string::npos);
  bool csv = false, svg = false;
  for (const auto& file : files) {
    if (file.name == "csv/events-per-month.csv") {
      csv = true;
      EXPECT_NE(file.content.find("infected-system,4,1,0"), std::string::npos) << file.content;
    }
    svg = svg || file.name == "infected-hosts.svg";
  }
  EXPECT_TRUE(csv);
  EXPECT_TRUE(svg);
}

}  // namespace
}  // namespace belfry
