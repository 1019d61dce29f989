#include "parse/parsers/intelmq_json/intelmq_json_parser.h"

#include <fmt/format.h>

#include <cstring>

#include "core/text.h"
#include "model/event_json.h"

namespace belfry {

Status IntelMqJsonParser::Begin(const ReportInfo& info) {
  info_ = info;
  line_ = 1;
  skipping_ = false;
  return stamp_.Prepare(info);
}

void IntelMqJsonParser::ParseLine(std::string_view line, uint64_t line_no, ParseOutput* out) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (TrimAscii(line).empty()) return;
  ++out->records;
  auto dead = [&](std::string reason) {
    out->dead_letters.push_back(
        DeadLetter{info_.file_name, line_no, std::move(reason), std::string(line)});
  };
  if (std::memchr(line.data(), '\0', line.size())) return dead("NUL byte in record");
  if (!IsValidUtf8(line)) return dead("invalid UTF-8");
  auto parsed = ParseEventJson(line);
  if (!parsed) return dead(parsed.error().message());
  // Report fields are defaults; the event's own values win (IntelMQ's JSON parser).
  Event event;
  stamp_.Apply(&event);
  for (const auto& f : parsed->Fields()) event.SetNormalized(f.id, f.value);
  if (parsed->extra_count() > limits_.max_extra_keys) return dead(ExtraKeysOverLimit(*parsed));
  for (const auto& e : parsed->Extras()) (void)event.AddExtra(e.key, e.kind, e.value, true);
  event.raw = parsed->raw.empty() ? std::string(line) : std::move(parsed->raw);
  event.line = line_no;
  out->events.push_back(std::move(event));
}

Result<size_t> IntelMqJsonParser::Parse(std::string_view window, bool last, ParseOutput* out) {
  size_t pos = 0;
  while (pos < window.size()) {
    const void* nl = std::memchr(window.data() + pos, '\n', window.size() - pos);
    size_t end =
        nl ? static_cast<size_t>(static_cast<const char*>(nl) - window.data()) : window.size();
    if (skipping_) {
      if (!nl) return window.size();
      skipping_ = false;
      ++line_;
      pos = end + 1;
      continue;
    }
    if (end - pos > max_line_bytes_) {
      ++out->records;
      out->dead_letters.push_back(DeadLetter{
          info_.file_name, line_, fmt::format("record longer than {} bytes", max_line_bytes_),
          std::string(window.substr(pos, max_line_bytes_))});
      if (!nl) {
        skipping_ = true;
        return window.size();
      }
      ++line_;
      pos = end + 1;
      continue;
    }
    if (!nl && !last) break;
    ParseLine(window.substr(pos, end - pos), line_, out);
    ++line_;
    pos = nl ? end + 1 : end;
  }
  return pos;
}

}  // namespace belfry
