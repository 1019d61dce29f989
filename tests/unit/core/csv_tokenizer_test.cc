#include "core/csv_tokenizer.h"

#include <gtest/gtest.h>

namespace belfry {
namespace {

struct Row {
  std::vector<std::string> fields;
  uint64_t line;
};

// Tokenizes `data` fed in windows of `window` bytes, as the pipeline does.
std::vector<Row> Tokenize(std::string_view data, size_t window,
                          std::vector<std::string>* errors = nullptr, CsvDialect dialect = {}) {
  CsvTokenizer t(dialect);
  std::vector<Row> rows;
  std::string buffer;
  size_t pos = 0;
  for (;;) {
    size_t n = std::min(window, data.size() - pos);
    buffer.append(data.substr(pos, n));
    pos += n;
    bool last = pos >= data.size();
    t.Feed(buffer, last);
    CsvRecord r;
    for (;;) {
      CsvStatus s = t.Next(&r);
      if (s == CsvStatus::kRecord) {
        rows.push_back({std::vector<std::string>(r.fields.begin(), r.fields.end()), r.line});
      } else if (s == CsvStatus::kError) {
        if (errors) errors->push_back(std::to_string(t.error_line()) + ": " + t.error());
      } else {
        break;
      }
    }
    buffer.erase(0, t.consumed());
    if (last) break;
  }
  return rows;
}

TEST(CsvTokenizer, SplitsQuotedAndPlainFields) {
  auto rows = Tokenize("a,\"b,c\",d\n1,\"say \"\"hi\"\"\",\n", 1 << 20);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].fields, (std::vector<std::string>{"a", "b,c", "d"}));
  EXPECT_EQ(rows[1].fields, (std::vector<std::string>{"1", "say \"hi\"", ""}));
}

TEST(CsvTokenizer, CountsPhysicalLinesAcrossEmbeddedNewlinesAndBlankLines) {
  auto rows = Tokenize("h1,h2\r\n\"multi\nline\",x\r\n\r\nlast,row", 1 << 20);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].line, 1u);
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_EQ(rows[1].fields[0], "multi\nline");
  EXPECT_EQ(rows[2].line, 5u);
  EXPECT_EQ(rows[2].fields[1], "row");
}

TEST(CsvTokenizer, SameResultWhateverTheWindowSize) {
  std::string data = "a,b,c\n\"x\"\"y\",\"p\nq\",3\r\n4,5,6\n";
  auto whole = Tokenize(data, 1 << 20);
  for (size_t w : {1u, 2u, 3u, 7u}) {
    auto pieces = Tokenize(data, w);
    ASSERT_EQ(pieces.size(), whole.size()) << "window " << w;
    for (size_t i = 0; i < whole.size(); ++i) {
      EXPECT_EQ(pieces[i].fields, whole[i].fields);
      EXPECT_EQ(pieces[i].line, whole[i].line);
    }
  }
}

TEST(CsvTokenizer, UnterminatedQuoteCostsOneLineNotTheFile) {
  std::vector<std::string> errors;
  auto rows = Tokenize("a,b\n\"broken,1\nc,d\ne,f\n", 4, &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "2: unterminated quoted field");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].fields[0], "c");
  EXPECT_EQ(rows[1].line, 3u);
}

TEST(CsvTokenizer, NulByteIsAnErrorForItsLineOnly) {
  std::vector<std::string> errors;
  auto rows = Tokenize(std::string("a,b\nx\0y,z\nc,d\n", 14), 1 << 20, &errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "2: NUL byte in record");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].line, 3u);
}

TEST(CsvTokenizer, HugeRecordIsRejectedAndSkipped) {
  CsvDialect d;
  d.max_record_bytes = 1024;
  std::string data = "a,b\n" + std::string(5000, 'x') + ",y\nc,d\n";
  std::vector<std::string> errors;
  auto rows = Tokenize(data, 256, &errors, d);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "2: record longer than 1024 bytes");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].fields[0], "c");
  EXPECT_EQ(rows[1].line, 3u);
}

TEST(CsvTokenizer, CommentsAndOtherDelimiters) {
  CsvDialect d;
  d.delimiter = ';';
  d.comment = "#";
  auto rows = Tokenize("# generated 2026-11-22\n192.0.2.1;ssh\n#x\n192.0.2.2;\"a;b\"\n", 1 << 20,
                       nullptr, d);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 2u);
  EXPECT_EQ(rows[1].fields[1], "a;b");
  EXPECT_EQ(rows[1].line, 4u);
}

TEST(CsvTokenizer, TextAfterClosingQuoteIsKeptLikePython) {
  auto rows = Tokenize("\"ab\"cd,e\n", 1 << 20);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].fields[0], "abcd");
}

// Regression: a NUL inside a quoted field of three lines was three dead letters.
TEST(CsvTokenizer, NulInAMultiLineQuotedFieldRejectsOneRecord) {
  std::string data("a,b\n\"one\ntw\0o\nthree\",x\nlast,row\n", 29);
  for (size_t window : {size_t{1}, size_t{4}, size_t{1} << 20}) {
    std::vector<std::string> errors;
    auto rows = Tokenize(data, window, &errors);
    ASSERT_EQ(errors.size(), 1u) << window;
    EXPECT_EQ(errors[0], "2: NUL byte in record");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1].fields[0], "last");
    EXPECT_EQ(rows[1].line, 5u);
  }
}

// Regression: a line starting with a NUL was buffered whole until its newline.
TEST(CsvTokenizer, LineWithNulIsBoundedByTheRecordLimit) {
  CsvDialect d;
  d.max_record_bytes = 1024;
  CsvTokenizer t(d);
  std::string big(1, '\0');
  big.append(4096, 'x');
  t.Feed(big, false);
  CsvRecord r;
  EXPECT_EQ(t.Next(&r), CsvStatus::kError);
  EXPECT_LE(t.error_text().size(), 1024u + 1);
  EXPECT_EQ(t.consumed(), big.size());  // nothing of it stays buffered
}

// The dead letter keeps the record whole up to the limit, not 4,096 bytes.
TEST(CsvTokenizer, ErrorTextIsTheWholeRecord) {
  std::string data = "a,b\n\"" + std::string(10000, 'y') + "\n";
  std::vector<std::string> errors;
  CsvTokenizer t({});
  t.Feed(data, true);
  CsvRecord r;
  ASSERT_EQ(t.Next(&r), CsvStatus::kRecord);
  ASSERT_EQ(t.Next(&r), CsvStatus::kError);
  EXPECT_EQ(t.error_text().size(), 10001u);
}

}  // namespace
}  // namespace belfry
