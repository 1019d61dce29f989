#include "pipeline/dead_letter_writer.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <fstream>

#include "test_util.h"

namespace belfry {
namespace {

using testing::ReadFile;
using testing::TempDir;

std::vector<DeadLetter> Letters(const std::string& report) {
  return {DeadLetter{"r.csv", 3, "row has 2 columns, the header has 3", "a,b", report},
          DeadLetter{"r.csv", 7, "NUL byte in record", std::string("x\0y", 3), report}};
}

size_t Lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

// Regression: a re-run of the same report appended its dead letters again.
TEST(DeadLetterWriter, SameReportAgainAddsNothing) {
  TempDir dir;
  const std::string path = dir.Path("dl.jsonl");
  for (int run = 0; run < 3; ++run) {
    DeadLetterWriter w(path);
    ASSERT_TRUE(w.Write(Letters("abc"), "feed", 0));
    ASSERT_TRUE(w.Flush());
    EXPECT_EQ(w.written(), run == 0 ? 2u : 0u);
  }
  EXPECT_EQ(Lines(ReadFile(path)), 2u);
  DeadLetterWriter other(path);  // another report with the same lines is kept
  ASSERT_TRUE(other.Write(Letters("def"), "feed", 0));
  ASSERT_TRUE(other.Flush());
  EXPECT_EQ(Lines(ReadFile(path)), 4u);
}

// Regression: a crash left half a JSON line at the end of the file.
TEST(DeadLetterWriter, HalfLineLeftByACrashIsRepaired) {
  TempDir dir;
  const std::string path = dir.Path("dl.jsonl");
  {
    DeadLetterWriter w(path);
    ASSERT_TRUE(w.Write(Letters("abc"), "feed", 0));
    ASSERT_TRUE(w.Flush());
  }
  std::string whole = ReadFile(path);
  const size_t first_end = whole.find('\n') + 1;
  // The second entry torn halfway, as a power cut would leave it.
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      << whole.substr(0, first_end + (whole.size() - first_end) / 2);
  DeadLetterWriter w(path);
  ASSERT_TRUE(w.Write(Letters("abc"), "feed", 0));
  ASSERT_TRUE(w.Flush());
  EXPECT_EQ(w.written(), 1u);  // the torn one again, the whole one not
  const std::string text = ReadFile(path);
  EXPECT_EQ(Lines(text), 2u);
  simdjson::dom::parser parser;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t nl = text.find('\n', pos);
    ASSERT_NE(nl, std::string::npos);
    simdjson::dom::element doc;
    EXPECT_FALSE(parser.parse(text.substr(pos, nl - pos)).get(doc)) << text.substr(pos, nl - pos);
    pos = nl + 1;
  }
}

TEST(DeadLetterWriter, KeepsExactBytesOfLongAndBinaryRecords) {
  TempDir dir;
  const std::string path = dir.Path("dl.jsonl");
  DeadLetterWriter w(path);
  const std::string raw(100000, 'z');
  ASSERT_TRUE(w.Write({DeadLetter{"r.csv", 2, "record longer than 1024 bytes", raw, "abc"}}, "f", 0));
  ASSERT_TRUE(w.Flush());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  const std::string text = ReadFile(path);
  ASSERT_FALSE(parser.parse(text).get(doc));
  std::string_view got;
  ASSERT_FALSE(doc["raw"].get_string().get(got));
  EXPECT_EQ(got.size(), raw.size());
}

// A file written by the previous version (entries without `report`) is kept as it is:
// appended to, never rewritten, its entries not taken for this version's.
TEST(DeadLetterWriter, AppendsToAFileOfThePreviousVersion) {
  TempDir dir;
  const std::string before =
      ReadFile(std::string(BELFRY_SOURCE_DIR) + "/tests/data/dead-letters/before-report-keys.jsonl");
  ASSERT_EQ(Lines(before), 2u);
  const std::string path = dir.Write("dl.jsonl", before);
  for (int run = 0; run < 2; ++run) {
    DeadLetterWriter w(path);
    ASSERT_TRUE(w.Write(Letters("abc"), "feed", 0));
    ASSERT_TRUE(w.Flush());
  }
  const std::string after = ReadFile(path);
  EXPECT_EQ(after.substr(0, before.size()), before);
  EXPECT_EQ(Lines(after), 4u);
}

}  // namespace
}  // namespace belfry
