#include "mail/subject_tag.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.h"

namespace belfry {
namespace {

struct Tag {
  size_t begin = 0, end = 0;  // of "[...]"
  std::string_view name;
  int64_t id = 0;
};

// Every "[name #digits]" in s (name: no brackets; an RT-style "http://host " prefix stays
// part of the name).
std::vector<Tag> Tags(std::string_view s) {
  std::vector<Tag> out;
  size_t i = 0;
  while ((i = s.find('[', i)) != std::string_view::npos) {
    size_t close = s.find(']', i);
    if (close == std::string_view::npos) break;
    std::string_view inner = s.substr(i + 1, close - i - 1);
    size_t hash = inner.rfind('#');
    if (hash != std::string_view::npos && hash > 0 && inner.find('[') == std::string_view::npos) {
      std::string_view name = TrimAscii(inner.substr(0, hash));
      std::string_view num = TrimAscii(inner.substr(hash + 1));
      auto id = ParseInt64(num);
      if (id && *id > 0 && !name.empty() && num.size() <= 18) {
        out.push_back({i, close + 1, name, *id});
      }
    }
    i = close + 1;
  }
  return out;
}

bool IsOurs(std::string_view name, const std::vector<std::string>& tags) {
  for (const auto& t : tags) {
    if (EqualsIgnoreCase(name, t)) return true;
    // RT's "[https://rt.example.be BELFRY #12]" form.
    if (name.size() > t.size() && EqualsIgnoreCase(name.substr(name.size() - t.size()), t) &&
        name[name.size() - t.size() - 1] == ' ')
      return true;
  }
  return false;
}

}  // namespace

std::optional<int64_t> FindTicketTag(std::string_view subject,
                                     const std::vector<std::string>& tags) {
  for (const Tag& t : Tags(subject))
    if (IsOurs(t.name, tags)) return t.id;
  return std::nullopt;
}

std::vector<std::string> ForeignTags(std::string_view subject,
                                     const std::vector<std::string>& ours) {
  std::vector<std::string> out;
  for (const Tag& t : Tags(subject)) {
    if (IsOurs(t.name, ours)) continue;
    std::string s(subject.substr(t.begin, t.end - t.begin));
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  return out;
}

std::string BareSubject(std::string_view subject) {
  std::string s(subject);
  // Tags out, from the back so offsets stay valid.
  auto tags = Tags(s);
  for (auto it = tags.rbegin(); it != tags.rend(); ++it) s.erase(it->begin, it->end - it->begin);
  std::string_view v = TrimAscii(s);
  static constexpr std::string_view kPrefixes[] = {"re", "fw", "fwd", "aw", "wg", "tr", "antw",
                                                   "sv", "vs", "rif", "r", "ref", "doorst"};
  for (bool again = true; again;) {
    again = false;
    v = TrimAscii(v);
    for (std::string_view p : kPrefixes) {
      if (v.size() <= p.size() || !StartsWithIgnoreCase(v, p)) continue;
      size_t i = p.size();
      if (i < v.size() && v[i] == '[') {  // "Re[2]:"
        size_t close = v.find(']', i);
        if (close == std::string_view::npos) continue;
        i = close + 1;
      }
      if (i < v.size() && v[i] == ':') {
        v.remove_prefix(i + 1);
        again = true;
        break;
      }
    }
  }
  // Collapse the spaces the tags left.
  std::string out;
  for (char c : v) {
    if (c == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(c);
  }
  return std::string(TrimAscii(out));
}

std::string TaggedSubject(std::string_view tag, int64_t id, std::string_view bare,
                          std::string_view foreign_tags) {
  std::string out = fmt::format("[{} #{}]", tag, id);
  if (!foreign_tags.empty()) out += fmt::format(" {}", foreign_tags);
  if (!bare.empty()) out += fmt::format(" {}", bare);
  return out;
}

}  // namespace belfry
