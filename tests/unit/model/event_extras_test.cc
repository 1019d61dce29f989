// Events with very many extra keys (hostile or broken input): linear time, IntelMQ's
// semantics kept (a key set again keeps its last value; AddExtra refuses a key set twice).

#include <gtest/gtest.h>

#include <string>

#include "model/event.h"
#include "model/event_json.h"

namespace belfry {
namespace {

std::string Key(int i) { return "k" + std::to_string(i); }

// Regression: each new key scanned all existing ones (a 40,000-key line took 20 s).
TEST(EventExtras, ManyKeysInReverseOrderStaySortedAndUnique) {
  constexpr int kKeys = 40000;
  Event e;
  for (int i = kKeys; i > 0; --i) ASSERT_TRUE(e.AddExtra(Key(i), JsonKind::kString, "v"));
  EXPECT_FALSE(e.AddExtra(Key(123), JsonKind::kString, "again"));  // set twice: refused
  e.SetExtraTrusted(Key(7), JsonKind::kString, "last");            // overwrite: last wins
  EXPECT_EQ(e.extra_count(), static_cast<size_t>(kKeys));
  EXPECT_EQ(e.GetExtra(Key(7))->value, "last");
  EXPECT_FALSE(e.GetExtra("k0").has_value());
  std::string prev;
  e.ForEachExtra([&](const Event::ExtraView& x) {
    EXPECT_LT(prev, std::string(x.key));
    prev = std::string(x.key);
  });
  // A copy behaves the same (its own key index).
  Event copy = e;
  EXPECT_FALSE(copy.AddExtra(Key(9), JsonKind::kString, "x"));
  ASSERT_TRUE(copy.AddExtra("new_key", JsonKind::kString, "x"));
  EXPECT_EQ(copy.extra_count(), static_cast<size_t>(kKeys) + 1);
}

TEST(EventExtras, WideJsonLineRoundTrips) {
  std::string line = "{\"feed.name\": \"x\"";
  for (int i = 0; i < 30000; ++i) line += ", \"extra." + Key(30000 - i) + "\": " + std::to_string(i);
  line += "}";
  auto ev = ParseEventJson(line);
  ASSERT_TRUE(ev) << ev.error().message();
  EXPECT_EQ(ev->extra_count(), 30000u);
  std::string out;
  AppendEventJson(*ev, JsonWriteOptions{}, &out);
  auto again = ParseEventJson(out);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->extra_count(), 30000u);
  EXPECT_EQ(again->GetExtra("k1")->value, "29999");
}

}  // namespace
}  // namespace belfry
