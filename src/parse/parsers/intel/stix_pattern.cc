#include "parse/parsers/intel/stix_pattern.h"

#include <fmt/format.h>

namespace belfry {

namespace {

enum class Tok { kEnd, kLBrack, kRBrack, kLParen, kRParen, kColon, kDot, kComma, kStar, kOp,
                 kString, kNumber, kIdent, kTyped };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // strings unescaped; typed literals (t'', h'', b'') as their content
  size_t at = 0;
};

constexpr size_t kMaxAlternatives = 1024;  // a pattern expanding further is refused
constexpr int kMaxDepth = 64;               // nested parentheses (hostile input: the stack)

bool IdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IdentChar(char c) { return IdentStart(c) || (c >= '0' && c <= '9') || c == '-'; }
bool Digit(char c) { return c >= '0' && c <= '9'; }

Result<std::vector<Token>> Tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  auto bad = [&](std::string_view why) {
    return Fail(Error::InvalidInput(fmt::format("pattern: {} at column {}", why, i + 1)));
  };
  auto quoted = [&](std::string* text) -> Status {  // s[i] == '\''
    ++i;
    while (i < s.size() && s[i] != '\'') {
      if (s[i] == '\\') {
        if (i + 1 >= s.size() || (s[i + 1] != '\'' && s[i + 1] != '\\'))
          return bad("a backslash escapes only a quote or a backslash");
        ++i;
      }
      text->push_back(s[i++]);
    }
    if (i >= s.size()) return bad("unterminated string");
    ++i;
    return Ok();
  };
  while (i < s.size()) {
    const char c = s[i];
    Token t;
    t.at = i;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
      continue;
    }
    if (c == '[') t.kind = Tok::kLBrack, ++i;
    else if (c == ']') t.kind = Tok::kRBrack, ++i;
    else if (c == '(') t.kind = Tok::kLParen, ++i;
    else if (c == ')') t.kind = Tok::kRParen, ++i;
    else if (c == ':') t.kind = Tok::kColon, ++i;
    else if (c == '.') t.kind = Tok::kDot, ++i;
    else if (c == ',') t.kind = Tok::kComma, ++i;
    else if (c == '*') t.kind = Tok::kStar, ++i;
    else if (c == '=' || c == '!' || c == '<' || c == '>') {
      t.kind = Tok::kOp;
      t.text.push_back(c);
      ++i;
      if (i < s.size() && (s[i] == '=' || (c == '<' && s[i] == '>'))) t.text.push_back(s[i++]);
      if (t.text == "!") return bad("'!' without '='");
    } else if (c == '\'') {
      t.kind = Tok::kString;
      BELFRY_RETURN_IF_ERROR(quoted(&t.text));
    } else if ((c == 't' || c == 'h' || c == 'b') && i + 1 < s.size() && s[i + 1] == '\'') {
      t.kind = Tok::kTyped;
      ++i;
      BELFRY_RETURN_IF_ERROR(quoted(&t.text));
    } else if (Digit(c) || ((c == '-' || c == '+') && i + 1 < s.size() && Digit(s[i + 1]))) {
      t.kind = Tok::kNumber;
      t.text.push_back(s[i++]);
      while (i < s.size() && (Digit(s[i]) || s[i] == '.')) t.text.push_back(s[i++]);
    } else if (IdentStart(c)) {
      t.kind = Tok::kIdent;
      while (i < s.size() && IdentChar(s[i])) t.text.push_back(s[i++]);
    } else {
      return bad(fmt::format("unexpected character '{}'", c));
    }
    out.push_back(std::move(t));
  }
  out.push_back(Token{Tok::kEnd, "", s.size()});
  return out;
}

class Reader {
 public:
  explicit Reader(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  Result<std::vector<StixObservation>> Pattern() {
    auto all = Observations();
    if (!all) return all;
    if (Peek().kind != Tok::kEnd) return Bad("unexpected input after the pattern");
    return all;
  }

 private:
  const Token& Peek() const { return t_[i_]; }
  bool IsWord(std::string_view w) const { return Peek().kind == Tok::kIdent && Peek().text == w; }
  tl::unexpected<Error> Bad(std::string_view why) const {
    return Fail(Error::InvalidInput(fmt::format("pattern: {} at column {}", why, Peek().at + 1)));
  }
  Status Expect(Tok kind, std::string_view what) {
    if (Peek().kind != kind) return Bad(fmt::format("expected {}", what));
    ++i_;
    return Ok();
  }

  // observationExpressions: each observation expression, joined by AND, OR or FOLLOWEDBY.
  Result<std::vector<StixObservation>> Observations() {
    std::vector<StixObservation> all;
    for (;;) {
      auto one = ObservationExpression();
      if (!one) return one;
      all.insert(all.end(), one->begin(), one->end());
      if (all.size() > kMaxAlternatives) return Bad("too many observations");
      if (IsWord("AND") || IsWord("OR") || IsWord("FOLLOWEDBY")) {
        ++i_;
        continue;
      }
      return all;
    }
  }

  Result<std::vector<StixObservation>> ObservationExpression() {
    Nest nest(&depth_);
    if (depth_ > kMaxDepth) return Bad("nested too deep");
    Result<std::vector<StixObservation>> got;
    if (Peek().kind == Tok::kLBrack) {
      ++i_;
      got = ComparisonOr();
      if (!got) return got;
      BELFRY_RETURN_IF_ERROR(Expect(Tok::kRBrack, "']'"));
    } else if (Peek().kind == Tok::kLParen) {
      ++i_;
      got = Observations();
      if (!got) return got;
      BELFRY_RETURN_IF_ERROR(Expect(Tok::kRParen, "')'"));
    } else {
      return Bad("expected '[' or '('");
    }
    for (;;) {  // qualifiers: they narrow when, not what
      if (IsWord("WITHIN")) {
        ++i_;
        BELFRY_RETURN_IF_ERROR(Expect(Tok::kNumber, "a number of seconds"));
        if (!IsWord("SECONDS")) return Bad("expected SECONDS");
        ++i_;
      } else if (IsWord("REPEATS")) {
        ++i_;
        BELFRY_RETURN_IF_ERROR(Expect(Tok::kNumber, "a count"));
        if (!IsWord("TIMES")) return Bad("expected TIMES");
        ++i_;
      } else if (IsWord("START")) {
        ++i_;
        BELFRY_RETURN_IF_ERROR(Expect(Tok::kTyped, "a timestamp t'...'"));
        if (!IsWord("STOP")) return Bad("expected STOP");
        ++i_;
        BELFRY_RETURN_IF_ERROR(Expect(Tok::kTyped, "a timestamp t'...'"));
      } else {
        return got;
      }
    }
  }

  // Alternatives, each a conjunction of comparisons.
  Result<std::vector<StixObservation>> ComparisonOr() {
    std::vector<StixObservation> out;
    for (;;) {
      auto conj = ComparisonAnd();
      if (!conj) return conj;
      out.insert(out.end(), conj->begin(), conj->end());
      if (out.size() > kMaxAlternatives) return Bad("too many alternatives");
      if (!IsWord("OR")) return out;
      ++i_;
    }
  }

  Result<std::vector<StixObservation>> ComparisonAnd() {
    std::vector<StixObservation> out(1);
    for (;;) {
      Result<std::vector<StixObservation>> term;
      Nest nest(&depth_);
      if (depth_ > kMaxDepth) return Bad("nested too deep");
      if (Peek().kind == Tok::kLParen) {
        ++i_;
        term = ComparisonOr();
        if (!term) return term;
        BELFRY_RETURN_IF_ERROR(Expect(Tok::kRParen, "')'"));
      } else {
        term = PropTest();
        if (!term) return term;
      }
      std::vector<StixObservation> next;  // every alternative of the left with every one of the term
      for (const auto& left : out)
        for (const auto& right : *term) {
          StixObservation o = left;
          o.comparisons.insert(o.comparisons.end(), right.comparisons.begin(), right.comparisons.end());
          next.push_back(std::move(o));
        }
      if (next.size() > kMaxAlternatives) return Bad("too many alternatives");
      out = std::move(next);
      if (!IsWord("AND")) return out;
      ++i_;
    }
  }

  Result<std::string> Literal() {
    const Token& t = Peek();
    if (t.kind == Tok::kString || t.kind == Tok::kNumber || t.kind == Tok::kTyped ||
        (t.kind == Tok::kIdent && (t.text == "true" || t.text == "false"))) {
      ++i_;
      return t.text;
    }
    return Bad("expected a literal");
  }

  Result<std::vector<StixObservation>> PropTest() {
    StixComparison c;
    if (Peek().kind != Tok::kIdent) return Bad("expected an object type");
    c.object_type = t_[i_++].text;
    BELFRY_RETURN_IF_ERROR(Expect(Tok::kColon, "':'"));
    bool first = true;
    for (;;) {
      if (!first && Peek().kind == Tok::kLBrack) {  // list index: [0] or [*]
        ++i_;
        if (Peek().kind != Tok::kNumber && Peek().kind != Tok::kStar) return Bad("expected an index");
        c.path += "[" + (Peek().kind == Tok::kStar ? std::string("*") : Peek().text) + "]";
        ++i_;
        BELFRY_RETURN_IF_ERROR(Expect(Tok::kRBrack, "']'"));
        continue;
      }
      if (!first) {
        if (Peek().kind != Tok::kDot) break;
        ++i_;
        c.path += '.';
      }
      if (Peek().kind != Tok::kIdent && Peek().kind != Tok::kString)
        return Bad("expected a property name");
      c.path += t_[i_++].text;
      first = false;
    }
    if (IsWord("NOT")) return Bad("NOT is not supported");
    if (IsWord("EXISTS")) return Bad("EXISTS is not supported");
    if (IsWord("IN")) {  // a set of values: alternatives
      ++i_;
      BELFRY_RETURN_IF_ERROR(Expect(Tok::kLParen, "'('"));
      std::vector<StixObservation> out;
      for (;;) {
        auto v = Literal();
        if (!v) return Fail(v.error());
        StixComparison one = c;
        one.value = std::move(*v);
        out.push_back(StixObservation{{std::move(one)}});
        if (out.size() > kMaxAlternatives) return Bad("too many values");
        if (Peek().kind != Tok::kComma) break;
        ++i_;
      }
      BELFRY_RETURN_IF_ERROR(Expect(Tok::kRParen, "')'"));
      return out;
    }
    if (Peek().kind != Tok::kOp) {
      if (Peek().kind == Tok::kIdent) return Bad(fmt::format("{} is not supported", Peek().text));
      return Bad("expected a comparison");
    }
    if (Peek().text != "=" && Peek().text != "==")
      return Bad(fmt::format("the operator '{}' is not supported", Peek().text));
    ++i_;
    auto v = Literal();
    if (!v) return Fail(v.error());
    c.value = std::move(*v);
    return std::vector<StixObservation>{StixObservation{{std::move(c)}}};
  }

  // Counts a nesting level while alive; refuses past kMaxDepth.
  struct Nest {
    explicit Nest(int* d) : d_(d) { ++*d_; }
    ~Nest() { --*d_; }
    int* d_;
  };

  std::vector<Token> t_;
  size_t i_ = 0;
  int depth_ = 0;
};

}  // namespace

Result<std::vector<StixObservation>> ParseStixPattern(std::string_view pattern) {
  if (pattern.size() > (1 << 20)) return Fail(Error::InvalidInput("pattern: longer than 1 MiB"));
  auto tokens = Tokenize(pattern);
  if (!tokens) return Fail(tokens.error());
  return Reader(std::move(*tokens)).Pattern();
}

}  // namespace belfry
