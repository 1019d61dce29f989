// The stored body form (store/event_codec.h) and the stored field ids it writes.

#include "store/event_codec.h"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "model/event.h"
#include "model/field_registry.h"
#include "store/event_block.h"

namespace belfry {
namespace {

Event Sample() {
  Event e;
  EXPECT_TRUE(e.Add(fields::kSourceIp, "192.0.2.7"));
  EXPECT_TRUE(e.Add(fields::kClassificationType, "infected-system"));
  EXPECT_TRUE(e.Add(fields::kTlp, "AMBER"));
  EXPECT_TRUE(e.AddExtra("port_list", JsonKind::kString, "22,23"));
  return e;
}

TEST(EventCodec, RoundTrip) {
  Event e = Sample();
  std::string body;
  EncodeEventBody(e, nullptr, &body);
  Event back;
  ASSERT_TRUE(DecodeEventBody(body, &back));
  EXPECT_EQ(back.Get(fields::kSourceIp), "192.0.2.7");
  EXPECT_EQ(back.Get(fields::kClassificationType), "infected-system");
  EXPECT_EQ(back.Get(fields::kTlp), "AMBER");
  ASSERT_TRUE(back.GetExtra("port_list"));
  EXPECT_EQ(back.GetExtra("port_list")->value, "22,23");
}

TEST(EventCodec, WithoutExtrasForScansThatDoNotReadThem) {
  std::string body;
  EncodeEventBody(Sample(), nullptr, &body);
  Event back;
  ASSERT_TRUE(DecodeEventBody(body, &back, /*extras=*/false));
  EXPECT_EQ(back.Get(fields::kSourceIp), "192.0.2.7");
  EXPECT_EQ(back.Get(fields::kTlp), "AMBER");
  EXPECT_FALSE(back.GetExtra("port_list"));
  EXPECT_EQ(back.extra_count(), 0u);
  // A truncated body is still an error.
  Event broken;
  EXPECT_FALSE(DecodeEventBody(std::string_view(body).substr(0, body.size() - 2), &broken, false));
}

TEST(EventCodec, LeavesOutReportConstants) {
  Event e = Sample();
  std::vector<std::string> omit(fields::kFieldCount);
  omit[fields::kTlp] = "AMBER";
  std::string body;
  EncodeEventBody(e, &omit, &body);
  Event back;
  ASSERT_TRUE(DecodeEventBody(body, &back));
  EXPECT_FALSE(back.Has(fields::kTlp));
}

// The bytes on disk are fixed forever: source.ip has stored id 75 and tlp 88
// (data/intelmq/field_ids.tsv), whatever their FieldId in this build.
TEST(EventCodec, WritesStoredIdsNotFieldIds) {
  Event e;
  ASSERT_TRUE(e.Add(fields::kSourceIp, "192.0.2.7"));
  ASSERT_TRUE(e.Add(fields::kTlp, "RED"));
  std::string body;
  EncodeEventBody(e, nullptr, &body);
  const std::string expected = std::string(
                                   "\x4B\x09"
                                   "192.0.2.7",
                                   11) +
                               "\x58\x03"
                               "RED";
  EXPECT_EQ(body, expected);
}

TEST(EventCodec, UnknownStoredIdIsCorruptionNamingIt) {
  std::string body = std::string("\xF0\x01x", 3);
  Event back;
  auto st = DecodeEventBody(body, &back);
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message().find("field id 240"), std::string::npos);
  EXPECT_NE(st.error().message().find("newer"), std::string::npos);
}

TEST(EventCodec, TruncatedBodiesAreErrorsNotCrashes) {
  Event e = Sample();
  std::string body;
  EncodeEventBody(e, nullptr, &body);
  for (size_t n = 1; n < body.size(); ++n) {
    Event back;
    (void)DecodeEventBody(std::string_view(body).substr(0, n), &back);  // must not crash
  }
  Event back;
  EXPECT_FALSE(DecodeEventBody(std::string("\xFE\x05"
                                           "ab",
                                           4),
                               &back));
}

TEST(EventBlock, RoundTripAndDamage) {
  BlockEncoder enc;
  enc.Add("body-1", "raw-1");
  enc.Add("", "");
  enc.Add("body-3", "");
  std::string data;
  enc.Finish(&data);
  std::string storage;
  std::vector<BlockEntry> entries;
  ASSERT_TRUE(DecodeBlock(data, &storage, &entries));
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].body, "body-1");
  EXPECT_EQ(entries[0].raw, "raw-1");
  EXPECT_EQ(entries[1].body, "");
  EXPECT_EQ(entries[2].body, "body-3");
  for (size_t n = 0; n < data.size(); ++n) {
    std::string cut = data.substr(0, n);
    (void)DecodeBlock(cut, &storage, &entries);  // must not crash
  }
  std::string flipped = data;
  flipped[flipped.size() / 2] ^= 0x5A;
  (void)DecodeBlock(flipped, &storage, &entries);
}

// data/intelmq/field_ids.tsv is append-only: every id ever released keeps its field.
TEST(FieldIds, ReleasedIdsNeverChange) {
  auto read = [](const std::string& path) {
    std::map<int, std::string> out;
    std::ifstream in(path);
    EXPECT_TRUE(in) << path;
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream ss(line);
      int id;
      std::string name;
      ss >> id >> name;
      out[id] = name;
    }
    return out;
  };
  auto frozen = read(std::string(BELFRY_SOURCE_DIR) + "/tests/data/store/field_ids.frozen.tsv");
  auto current = read(std::string(BELFRY_SOURCE_DIR) + "/data/intelmq/field_ids.tsv");
  ASSERT_EQ(frozen.size(), 89u);
  for (const auto& [id, name] : frozen) {
    ASSERT_TRUE(current.count(id)) << "stored id " << id << " (" << name << ") disappeared";
    EXPECT_EQ(current[id], name) << "stored id " << id << " changed its field";
  }
}

}  // namespace
}  // namespace belfry
