#include "ticket/observables.h"

#include <algorithm>
#include <array>
#include <thread>
#include <unordered_set>

#include "core/text.h"
#include "ticket/observable_scan.h"

namespace belfry {
namespace {

using observables_internal::ClassifyToken;
using observables_internal::Cls;
using observables_internal::kAt;
using observables_internal::kColon;
using observables_internal::kDelim;
using observables_internal::kDot;
using observables_internal::kFang;

// A defanged spelling that starts at text[i] ("(.)", "{.}", "(dot)"), which would otherwise
// end the token at its bracket; its length, else 0.
size_t FangAt(std::string_view text, size_t i) {
  if (i + 2 >= text.size()) return 0;
  const char next = AsciiLower(text[i + 1]);
  if (next != '.' && next != 'd' && next != 'a') return 0;
  std::string_view rest = text.substr(i);
  for (std::string_view f : {"(.)", "{.}", "(dot)", "{dot}", "(at)", "{at}"}) {
    if (rest.size() >= f.size() && EqualsIgnoreCase(rest.substr(0, f.size()), f)) return f.size();
  }
  return 0;
}

constexpr size_t kMaxToken = 8192;

}  // namespace

std::string_view ObservableTypeName(ObservableType t) {
  switch (t) {
    case ObservableType::kIp: return "ip";
    case ObservableType::kCidr: return "cidr";
    case ObservableType::kDomain: return "domain";
    case ObservableType::kUrl: return "url";
    case ObservableType::kEmail: return "email";
    case ObservableType::kHash: return "hash";
    case ObservableType::kCve: return "cve";
  }
  return "ip";
}

std::optional<ObservableType> ParseObservableType(std::string_view name) {
  for (ObservableType t : kAllObservableTypes)
    if (EqualsIgnoreCase(ObservableTypeName(t), name)) return t;
  return std::nullopt;
}

std::string Refang(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  size_t i = 0;
  // hxxp:// hXXps:// fxp://
  for (std::string_view from : {"hxxps", "hxxp", "fxps", "fxp"}) {
    if (StartsWithIgnoreCase(token, from)) {
      out = from[0] == 'h' || from[0] == 'H' ? "http" : "ftp";
      if (from.back() == 's') out += 's';
      i = from.size();
      break;
    }
  }
  static constexpr std::pair<std::string_view, char> kFangs[] = {
      {"[.]", '.'}, {"(.)", '.'}, {"{.}", '.'}, {"[dot]", '.'}, {"(dot)", '.'}, {"{dot}", '.'},
      {"[@]", '@'}, {"[at]", '@'}, {"(at)", '@'}, {"{at}", '@'}, {"[:]", ':'}, {"[/]", '/'}};
  while (i < token.size()) {
    bool replaced = false;
    if (token[i] == '[' || token[i] == '(' || token[i] == '{') {
      for (const auto& [from, to] : kFangs) {
        if (token.size() - i >= from.size() &&
            EqualsIgnoreCase(token.substr(i, from.size()), from)) {
          out.push_back(to);
          i += from.size();
          replaced = true;
          break;
        }
      }
      // "[://]"
      if (!replaced && token.substr(i).starts_with("[://]")) {
        out += "://";
        i += 5;
        replaced = true;
      }
    }
    if (!replaced) out.push_back(token[i++]);
  }
  return out;
}

namespace {

void ExtractRange(std::string_view text, std::vector<ObservableHit>* out) {
  const char* const p = text.data();
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    while (i < n && (Cls(p[i]) & kDelim)) ++i;  // between tokens
    const size_t start = i;
    uint8_t seen = 0;
    bool fang = false;
    for (;;) {
      // The hot loop: one table lookup per byte, four bytes a step while no delimiter.
      while (i + 4 <= n) {
        const uint8_t k0 = Cls(p[i]), k1 = Cls(p[i + 1]), k2 = Cls(p[i + 2]), k3 = Cls(p[i + 3]);
        const uint8_t all = k0 | k1 | k2 | k3;
        if (all & kDelim) break;
        seen |= all;
        i += 4;
      }
      while (i < n) {
        const uint8_t k = Cls(p[i]);
        if (k & kDelim) break;
        seen |= k;
        ++i;
      }
      if (i >= n) break;
      const char c = p[i];
      // "?a=b" inside a URL does not end it.
      if (c == '=' && (seen & kColon) && text.substr(start, i - start).find("://") != std::string_view::npos) {
        ++i;
        continue;
      }
      // "(.)", "{.}", "(dot)", "(at)": a defanged spelling, not a delimiter.
      if (c == '(' || c == '{') {
        if (size_t f = FangAt(text, i)) {
          fang = true;
          seen |= (p[i + 1] == '.' || p[i + 1] == 'd' || p[i + 1] == 'D') ? kDot : kAt;
          i += f;
          continue;
        }
      }
      break;
    }
    const size_t len = i - start;
    if (len < 4 || len > kMaxToken) continue;
    std::string_view token = text.substr(start, len);
    if (seen & kFang) {
      // Only "[." "[:" "[@" "[/" "[d" "[a" can start a defanged spelling (not "sshd[123]").
      for (size_t j = token.find('['); j != std::string_view::npos && !fang; j = token.find('[', j + 1)) {
        char next = j + 1 < len ? AsciiLower(token[j + 1]) : '\0';
        fang = next == '.' || next == ':' || next == '@' || next == '/' || next == 'd' || next == 'a';
      }
    }
    const char c0 = AsciiLower(token[0]), c1 = AsciiLower(token[1]);
    fang = fang || ((c0 == 'h' || c0 == 'f') && c1 == 'x');
    if (fang) {
      std::string plain = Refang(token);
      uint8_t plain_seen = 0;
      for (char c : plain) plain_seen |= Cls(c);
      if (!(plain_seen & (kDot | kColon | kAt))) continue;
      ClassifyToken(plain, start, len, plain_seen, out);
      continue;
    }
    if ((seen & (kDot | kColon | kAt)) || len >= 13) ClassifyToken(token, start, len, seen, out);
  }
}

}  // namespace

void ExtractObservables(std::string_view text, std::vector<ObservableHit>* out) {
  // A large log (a 100 MB attachment) is cut at line ends into one piece per core: a line
  // end is always a token boundary, so the pieces' hits are the whole text's, in order.
  constexpr size_t kParallelFrom = 4 << 20;
  const size_t cores = std::min<size_t>(std::thread::hardware_concurrency(), 8);
  if (text.size() < kParallelFrom || cores < 2) return ExtractRange(text, out);
  std::vector<std::string_view> pieces;
  size_t begin = 0;
  for (size_t k = 1; k <= cores && begin < text.size(); ++k) {
    size_t end = k == cores ? text.size() : text.size() * k / cores;
    if (end < text.size()) {
      size_t nl = text.find('\n', end);
      end = nl == std::string_view::npos ? text.size() : nl + 1;
    }
    if (end > begin) pieces.push_back(text.substr(begin, end - begin));
    begin = end;
  }
  std::vector<std::vector<ObservableHit>> found(pieces.size());
  std::vector<std::thread> threads;
  for (size_t k = 1; k < pieces.size(); ++k)
    threads.emplace_back([&, k] { ExtractRange(pieces[k], &found[k]); });
  ExtractRange(pieces[0], &found[0]);
  for (auto& t : threads) t.join();
  for (size_t k = 0; k < pieces.size(); ++k) {
    const size_t base = static_cast<size_t>(pieces[k].data() - text.data());
    for (auto& h : found[k]) {
      h.offset += base;
      out->push_back(std::move(h));
    }
  }
}

std::vector<Observable> DistinctObservables(std::string_view text) {
  std::vector<ObservableHit> hits;
  ExtractObservables(text, &hits);
  std::vector<Observable> out;
  out.reserve(hits.size());
  for (auto& h : hits) out.push_back(std::move(h.observable));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<Observable> ParseObservable(std::string_view text) {
  std::string_view t = TrimAscii(text);
  std::vector<ObservableHit> hits;
  ExtractObservables(t, &hits);
  // One token, whole: "192.0.2.1" and "hxxp://example[.]com/x", not a sentence.
  if (hits.empty() || hits[0].offset != 0 || hits[0].length != t.size()) return std::nullopt;
  return hits[0].observable;
}

}  // namespace belfry
