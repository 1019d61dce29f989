#include "constituency/rpsl_parser.h"

#include <fmt/format.h>

namespace belfry {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string_view StripComment(std::string_view v) {
  const size_t hash = v.find('#');
  return hash == std::string_view::npos ? v : v.substr(0, hash);
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

}  // namespace

std::string_view RpslObject::Get(std::string_view name) const {
  for (const auto& [n, v] : attributes()) {
    if (n == name) return v;
  }
  return {};
}

void RpslParser::Feed(std::string_view chunk, bool last) {
  size_t pos = 0;
  if (skipping_line_) {  // the rest of a line longer than kMaxLineBytes
    const size_t nl = chunk.find('\n');
    if (nl == std::string_view::npos) {
      if (last) EndObject();
      return;
    }
    skipping_line_ = false;
    pos = nl + 1;
  } else if (!carry_.empty()) {
    const size_t nl = chunk.find('\n');
    const size_t take = nl == std::string_view::npos ? chunk.size() : nl;
    if (carry_.size() + take > kMaxLineBytes) {
      LongLine();
      if (nl == std::string_view::npos) {
        skipping_line_ = !last;
        if (last) EndObject();
        return;
      }
      pos = nl + 1;
    } else if (nl == std::string_view::npos) {
      carry_.append(chunk);
      if (!last) return;
      chunk = {};
    } else {
      carry_.append(chunk.substr(0, nl));
      pos = nl + 1;
    }
    if (!carry_.empty()) {
      std::string line = std::move(carry_);
      carry_.clear();
      Line(line);
    }
  }
  while (pos < chunk.size()) {
    const size_t nl = chunk.find('\n', pos);
    if (nl == std::string_view::npos) {
      if (chunk.size() - pos > kMaxLineBytes) {
        LongLine();
        skipping_line_ = !last;
        pos = chunk.size();
        break;
      }
      carry_.assign(chunk.substr(pos));
      break;
    }
    if (nl - pos > kMaxLineBytes) {
      LongLine();
    } else {
      Line(chunk.substr(pos, nl - pos));
    }
    pos = nl + 1;
  }
  if (last) {
    if (!carry_.empty()) {
      std::string line = std::move(carry_);
      carry_.clear();
      Line(line);
    }
    EndObject();
  }
}

void RpslParser::LongLine() {
  carry_.clear();
  ++line_;
  if (!in_object_) {
    in_object_ = true;
    object_.count = 0;
    object_.line = line_;
    object_.raw.clear();
    object_bytes_ = 0;
    broken_ = false;
  }
  if (!broken_) {
    broken_ = true;
    error_ = {line_, fmt::format("line longer than {} bytes", kMaxLineBytes), ""};
  }
}

void RpslParser::Line(std::string_view line) {
  ++line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (Trim(line).empty()) {
    EndObject();
    return;
  }
  const char first = line.front();
  if (first == '%' || first == '#') return;
  if (!in_object_) {
    in_object_ = true;
    broken_ = false;
    object_.count = 0;
    object_.line = line_;
    object_.raw.clear();
    object_bytes_ = 0;
  }
  if (object_.raw.size() < RpslObject::kMaxRaw) {
    object_.raw.append(line.substr(0, RpslObject::kMaxRaw - object_.raw.size()));
    object_.raw.push_back('\n');
  }
  if (broken_) return;
  object_bytes_ += line.size();
  if (object_bytes_ > kMaxObjectBytes || object_.count >= kMaxAttributes) {
    broken_ = true;
    error_ = {line_,
              fmt::format("object larger than {} attributes or {} bytes", kMaxAttributes,
                          kMaxObjectBytes),
              ""};
    return;
  }
  if (first == ' ' || first == '\t' || first == '+') {
    if (object_.count == 0) {
      broken_ = true;
      error_ = {line_, "continuation line before any attribute", ""};
      return;
    }
    std::string_view more = Trim(StripComment(line.substr(1)));
    std::string& value = object_.storage[object_.count - 1].second;
    if (!more.empty()) {
      if (!value.empty()) value.push_back(' ');
      value.append(more);
    }
    return;
  }
  size_t colon = 0;
  while (colon < line.size() && IsNameChar(line[colon])) ++colon;
  if (colon == 0 || colon >= line.size() || line[colon] != ':') {
    broken_ = true;
    error_ = {line_,
              fmt::format("expected \"attribute: value\", got \"{}\"",
                          line.substr(0, std::min<size_t>(line.size(), 60))),
              ""};
    return;
  }
  if (object_.count == object_.storage.size()) object_.storage.emplace_back();
  auto& [name, value] = object_.storage[object_.count++];
  name.assign(line.substr(0, colon));
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  value.assign(Trim(StripComment(line.substr(colon + 1))));
}

void RpslParser::EndObject() {
  if (!in_object_) return;
  in_object_ = false;
  if (broken_) {
    error_.reason = fmt::format("object starting at line {}: {} (line {})", object_.line,
                                error_.reason, error_.line);
    error_.line = object_.line;
    error_.raw = object_.raw;
    on_error_(error_);
    return;
  }
  on_object_(object_);
}

}  // namespace belfry
