// Golden tests: every tests/golden/<feed>/<case>.input is parsed and the result compared with
// <case>.expected (IntelMQ JSON lines, then one "# dead letter" line per rejected record).
// <case>.about says what the case shows. The feed directory names the parser; a feed.toml
// in it configures the feed instead; under recipes/ the directory names a built-in feed
// recipe (`belfry feeds add`), whose entry configures the feed. Regenerate after a deliberate
// change with
//   BELFRY_UPDATE_GOLDEN=1 build/tests/belfry_unit_tests --gtest_filter='Golden*'
// and review the diff: never edit .expected by hand.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "app/config.h"
#include "app/feed_factory.h"
#include "app/feed_recipes.h"
#include "constituency/rpsl_parser.h"
#include "model/event_json.h"

namespace belfry {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// RPSL (the RIPE database's format): one line per object ("line N: class key" then its
// attributes), one "# error" line per malformed object.
std::string RunRpslCase(const fs::path& input) {
  std::string out;
  RpslParser parser(
      [&](const RpslObject& o) {
        out += "line " + std::to_string(o.line) + ": " + std::string(o.cls()) + " " +
               std::string(o.key()) + "\n";
        for (const auto& [name, value] : o.attributes()) out += "  " + name + " = " + value + "\n";
      },
      [&](const RpslError& e) {
        out += "# error line " + std::to_string(e.line) + ": " + e.reason + "\n";
      });
  const std::string data = Read(input);
  for (size_t pos = 0; pos < data.size(); pos += 61) {
    parser.Feed(std::string_view(data).substr(pos, 61), false);
  }
  parser.Feed({}, true);
  return out;
}

std::string RunCase(const fs::path& input) {
  fs::path dir = input.parent_path();
  std::string feed = dir.filename().string();
  if (feed == "rpsl") return RunRpslCase(input);
  Config config;
  bool shadowserver = feed == "shadowserver";
  if (dir.parent_path().filename() == "recipes") {
    const FeedRecipe* recipe = FindRecipe(feed);
    if (!recipe) return "no recipe " + feed;
    const std::map<std::string, std::string> fill = {{"<CC>", "cc=BE"},
                                                     {"<REPORT>", "report=belgium"},
                                                     {"<HOST>", "host=imap.example.be"},
                                                     {"<USER>", "user=reports"}};
    std::vector<std::string> sets;
    for (const auto& p : recipe->placeholders) sets.push_back(fill.at(p));
    auto toml = RenderRecipe(*recipe, "", sets);
    if (!toml) return "recipe error: " + toml.error().message();
    auto c = ParseConfig(*toml, feed);
    if (!c) return "config error: " + c.error().message();
    config = *c;
    shadowserver = config.feeds.at(0).parser == "shadowserver";
  } else if (fs::exists(dir / "feed.toml")) {
    auto c = LoadConfigFile((dir / "feed.toml").string());
    if (!c) return "config error: " + c.error().message();
    config = *c;
    feed = config.feeds.at(0).name;
  }
  auto setup = MakeFeed(config, feed, "", *ShadowserverSchemaSource::Create(""));
  if (!setup) return "feed error: " + setup.error().message();
  ReportInfo info = setup->info;
  info.file_name = input.stem().string() + (shadowserver ? ".csv" : ".txt");
  info.observed_micros =
      1795334400LL * 1000000;  // canonical time.observation: 2026-11-22T04:00:00Z
  std::string out;
  auto begun = setup->parser->Begin(info);
  if (!begun) return "report error: " + begun.error().message() + "\n";
  ParseOutput po;
  // Feed the input in small windows to exercise record boundaries across chunks.
  std::string data = Read(input), buffer;
  size_t pos = 0;
  for (;;) {
    size_t n = std::min<size_t>(97, data.size() - pos);
    buffer.append(data, pos, n);
    pos += n;
    bool last = pos >= data.size();
    auto r = setup->parser->Parse(buffer, last, &po);
    if (!r) return "parse error: " + r.error().message();
    buffer.erase(0, *r);
    if (last) break;
  }
  for (const auto& e : po.events) {
    out += EventToJson(e);
    out += "\n";
  }
  for (const auto& d : po.dead_letters)
    out += "# dead letter line " + std::to_string(d.line) + ": " + d.reason + "\n";
  return out;
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpected) {
  fs::path input = GetParam();
  fs::path expected = input;
  expected.replace_extension(".expected");
  fs::path about = input;
  about.replace_extension(".about");
  std::string actual = RunCase(input);
  if (std::getenv("BELFRY_UPDATE_GOLDEN")) {
    std::ofstream(expected, std::ios::binary) << actual;
    GTEST_SKIP() << "updated " << expected;
  }
  ASSERT_TRUE(fs::exists(expected))
      << "missing " << expected << " (run with BELFRY_UPDATE_GOLDEN=1)";
  EXPECT_EQ(Read(expected), actual) << "golden case: " << Read(about) << "input: " << input;
}

std::vector<std::string> Cases() {
  std::vector<std::string> cases;
  for (const auto& entry : fs::recursive_directory_iterator(BELFRY_GOLDEN_DIR))
    if (entry.path().extension() == ".input") cases.push_back(entry.path().string());
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string CaseName(const ::testing::TestParamInfo<std::string>& info) {
  fs::path p = info.param;
  std::string name = p.parent_path().filename().string() + "_" + p.stem().string();
  if (p.parent_path().parent_path().filename() == "recipes") name = "recipe_" + name;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Feeds, Golden, ::testing::ValuesIn(Cases()), CaseName);

}  // namespace
}  // namespace belfry
