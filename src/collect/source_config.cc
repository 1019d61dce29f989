// The collector half of a [[feeds]] entry: where its reports come from and when.

#include <regex>

#include "collect/feed_config.h"
#include "collect/schedule.h"

namespace belfry {

using namespace config_internal;

namespace {

// "512MB", "2 GiB", "1000000" -> bytes.
std::optional<uint64_t> ParseSize(std::string_view s) {
  s = TrimAscii(s);
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  auto n = ParseInt64(s.substr(0, i));
  if (i == 0 || !n) return std::nullopt;
  std::string unit(TrimAscii(s.substr(i)));
  for (auto& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  uint64_t mult;
  if (unit.empty() || unit == "b")
    mult = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib")
    mult = 1ull << 10;
  else if (unit == "m" || unit == "mb" || unit == "mib")
    mult = 1ull << 20;
  else if (unit == "g" || unit == "gb" || unit == "gib")
    mult = 1ull << 30;
  else
    return std::nullopt;
  return static_cast<uint64_t>(*n) * mult;
}

Status CheckRegex(const Ctx& ctx, const toml::table& t, const std::string& prefix,
                  std::string_view key, const std::string& value) {
  if (value.empty()) return Ok();
  try {
    std::regex re(value, std::regex::ECMAScript | std::regex::icase);
  } catch (const std::regex_error& e) {
    return Fail(ctx.Bad(*t.get(key), fmt::format("{}.{}", prefix, key),
                        fmt::format("not a valid regular expression: {}", e.what())));
  }
  return Ok();
}

}  // namespace

const std::set<std::string_view> kSourceKeys = {
    "source",      "schedule", "enabled",  "timeout",   "retries", "retry_delay", "max_size",
    "verify_tls",  "ca_file",  "headers",  "api_url",   "api_key", "secret",      "reports",
    "types",       "days",     "username", "password",  "folder",  "done_folder", "failed_folder",
    "attachments", "subject",  "done_dir", "failed_dir"};

Status ReadSourceConfig(const Ctx& ctx, const toml::table& t, const std::string& prefix,
                        const SourceRegistry& sources, FeedConfig* f) {
  SourceConfig& s = f->source;
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "enabled", &f->enabled));
  std::string source;
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "source", &source));
  auto bad = [&](std::string_view key, std::string_view why) {
    const toml::node* n = t.get(key);
    return Fail(n ? ctx.Bad(*n, fmt::format("{}.{}", prefix, key), why)
                  : ctx.Bad(t, fmt::format("{}.{}", prefix, key), why));
  };
  if (source.empty()) {
    for (const auto& [k, v] : t)
      if (kSourceKeys.count(k.str()) && k.str() != "enabled") return bad(k.str(), "needs a source");
    return Ok();
  }
  const SourceKind* kind = sources.Match(source, &s.location);
  if (!kind) return bad("source", "must be " + sources.Syntax());
  s.kind = kind->kind;
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "schedule", &s.schedule));
  if (s.schedule.empty()) s.schedule = kind->default_schedule;
  if (auto sched = Schedule::Parse(s.schedule); !sched)
    return bad("schedule", sched.error().message());
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, prefix, "timeout", &s.timeout_seconds));
  BELFRY_RETURN_IF_ERROR(GetDuration(ctx, t, prefix, "retry_delay", &s.retry_delay_seconds));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "retries", &s.retries));
  if (s.retries > 20) return bad("retries", "must be at most 20");
  if (const toml::node* n = t.get("max_size")) {
    std::optional<uint64_t> v;
    if (n->is_integer() && n->as_integer()->get() > 0)
      v = static_cast<uint64_t>(n->as_integer()->get());
    else if (n->is_string())
      v = ParseSize(n->as_string()->get());
    if (!v || *v == 0) return bad("max_size", "must be a size such as \"200MB\"");
    s.max_bytes = *v;
  }
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "verify_tls", &s.verify_tls));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "ca_file", &s.ca_file));
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, prefix, "headers", &s.headers));
  for (const auto& h : s.headers)
    if (h.find(':') == std::string::npos || h.find_first_of("\r\n") != std::string::npos)
      return bad("headers", "each header must be \"Name: value\" on one line");
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "api_url", &s.api_url));
  if (!s.api_url.empty() && s.api_url.back() != '/') s.api_url.push_back('/');
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "api_key", &s.api_key));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "secret", &s.secret));
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, prefix, "reports", &s.reports));
  BELFRY_RETURN_IF_ERROR(GetStringList(ctx, t, prefix, "types", &s.types));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "days", &s.days));
  if (s.days < 1 || s.days > 30) return bad("days", "must be 1..30");
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "username", &s.username));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "password", &s.password));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "folder", &s.folder));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "done_folder", &s.done_folder));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "failed_folder", &s.failed_folder));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "attachments", &s.attachment_pattern));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "subject", &s.subject_pattern));
  BELFRY_RETURN_IF_ERROR(CheckRegex(ctx, t, prefix, "attachments", s.attachment_pattern));
  BELFRY_RETURN_IF_ERROR(CheckRegex(ctx, t, prefix, "subject", s.subject_pattern));
  if (s.done_folder.empty() || s.failed_folder.empty())
    return bad(s.done_folder.empty() ? "done_folder" : "failed_folder", "must not be empty");
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "done_dir", &s.done_dir));
  BELFRY_RETURN_IF_ERROR(Get(ctx, t, prefix, "failed_dir", &s.failed_dir));
  if (kind->check) {
    if (auto bad_key = kind->check(&s)) return bad(bad_key->first, bad_key->second);
  }
  return Ok();
}

}  // namespace belfry
