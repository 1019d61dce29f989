#include "collect/collector.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "collect/schedule.h"

namespace belfry {

Status Collector::IngestEntry(const FeedConfig& feed, LedgerEntry* e, const SpooledFile& file,
                              FeedRunResult* r) {
  auto summary = ingest_(feed, file);
  if (!summary) return Fail(summary.error());  // stays pending: it is re-run next time
  e->finished_at = clock_.NowSeconds();
  e->events = summary->stored;
  e->duplicates = summary->duplicates;
  e->rejected = summary->rejected;
  if (summary->failed_files > 0) {
    e->status = "failed";
    e->error = summary->file_errors.empty() ? "cannot be ingested" : summary->file_errors.front();
    // The spool path means nothing to the reader; the report's name is already given.
    if (e->error.rfind(file.path + ": ", 0) == 0) e->error = e->error.substr(file.path.size() + 2);
    ++r->failed;
  } else {
    e->status = "ingested";
    ++r->reports;
  }
  r->events += e->events;
  r->duplicates += e->duplicates;
  r->rejected += e->rejected;
  BELFRY_RETURN_IF_ERROR(ledger_.Finish(*e));
  spdlog::info("feed {}: report #{} {}: {} events stored, {} duplicates, {} rows rejected{}",
               feed.name, e->id, e->file_name, e->events, e->duplicates, e->rejected,
               e->status == "failed" ? "; failed: " + e->error : "");
  return Ok();
}

Verdict Collector::HandleDelivery(const FeedConfig& feed, Delivery& d, FeedRunResult* r,
                                  Status* fatal, const std::atomic<bool>* stop) {
  const int64_t now = clock_.NowSeconds();
  if (!d.error.empty()) {
    // Recorded so that `feeds status` and the ledger show it, not only the log.
    LedgerEntry e;
    e.feed = feed.name;
    e.source_id = d.source_id.empty() ? d.label : d.source_id;
    e.file_name = d.label;
    e.fetched_at = now;
    auto id = ledger_.Begin(e);
    if (!id) {
      *fatal = Fail(id.error());
      return {Outcome::kKeep, id.error().message()};
    }
    e.id = *id;
    e.status = "failed";
    e.error = d.error;
    e.finished_at = now;
    if (auto st = ledger_.Finish(e); !st) *fatal = st;
    ++r->failed;
    spdlog::warn("feed {}: {}: {}", feed.name, d.label, d.error);
    return {Outcome::kFailed, d.error};
  }
  Verdict verdict;
  for (const auto& report : d.reports) {
    if (stop && stop->load()) return {Outcome::kKeep, "shutting down"};
    LedgerEntry e;
    e.feed = feed.name;
    e.source_id = report.source_id;
    e.file_name = report.file.name;
    e.sha256 = report.file.sha256;
    e.bytes = report.file.bytes;
    e.fetched_at = now;
    e.spool_path = report.file.path;
    auto before = ledger_.FindIngested(feed.name, e.sha256);
    if (!before) {
      *fatal = Fail(before.error());
      return {Outcome::kKeep, before.error().message()};
    }
    auto id = ledger_.Begin(e);
    if (!id) {
      *fatal = Fail(id.error());
      return {Outcome::kKeep, id.error().message()};
    }
    e.id = *id;
    if (*before) {
      // The provider sent it again: recorded, not ingested, and the copy is not kept.
      e.status = "duplicate";
      e.error = fmt::format("same content as report #{} ({})", (*before)->id, (*before)->file_name);
      e.finished_at = now;
      std::error_code ec;
      std::filesystem::remove(e.spool_path, ec);
      if (auto st = ledger_.Finish(e); !st) {
        *fatal = st;
        return {Outcome::kKeep, st.error().message()};
      }
      ++r->skipped;
      spdlog::info("feed {}: {} skipped: {}", feed.name, e.file_name, e.error);
      continue;
    }
    if (auto st = IngestEntry(feed, &e, report.file, r); !st) {
      *fatal = st;
      return {Outcome::kKeep, st.error().message()};
    }
    if (e.status == "failed" && verdict.outcome == Outcome::kDone)
      verdict = {Outcome::kFailed, fmt::format("{}: {}", e.file_name, e.error)};
  }
  return verdict;
}

FeedRunResult Collector::RunFeed(const FeedConfig& feed, const std::atomic<bool>* stop) {
  const auto t0 = std::chrono::steady_clock::now();
  FeedRunResult r;
  r.feed = feed.name;
  const int64_t started = clock_.NowSeconds();
  auto lock = spool_.TryLockFeed(feed.name);
  if (!lock) {
    r.ok = false;
    r.error = lock.error().message();
    return r;
  }
  if (!lock->held()) {
    r.busy = true;
    spdlog::info("feed {}: another process is collecting it; skipped", feed.name);
    return r;
  }
  auto state = ledger_.State(feed.name);
  if (!state) {
    r.ok = false;
    r.error = state.error().message();
    return r;
  }
  FeedState st = *state;
  Status outcome = Ok();
  // Reports a killed run left pending are ingested first: the spool still has them.
  auto pending = ledger_.Pending(feed.name);
  if (!pending) outcome = Fail(pending.error());
  for (auto& e : pending ? *pending : std::vector<LedgerEntry>{}) {
    if (!outcome || (stop && stop->load())) break;
    SpooledFile file{e.spool_path, e.file_name, e.sha256, e.bytes};
    spdlog::info("feed {}: resuming report #{} {} left pending by an interrupted run", feed.name,
                 e.id, e.file_name);
    if (!std::filesystem::exists(e.spool_path)) {
      e.status = "failed";
      e.error = "its spooled copy " + e.spool_path + " is gone";
      e.finished_at = clock_.NowSeconds();
      outcome = ledger_.Finish(e);
      ++r.failed;
      continue;
    }
    outcome = IngestEntry(feed, &e, file, &r);
  }
  if (outcome && !(stop && stop->load())) {
    auto source = sources_(feed);
    if (!source) {
      outcome = Fail(source.error());
    } else {
      SourceContext ctx{feed, spool_, st, ledger_, clock_, stop, config_.user_agent};
      Status fatal = Ok();
      Status collected = (*source)->Collect(ctx, [&](Delivery& d) {
        if (!fatal) return Verdict{Outcome::kKeep, "an earlier report could not be stored"};
        return HandleDelivery(feed, d, &r, &fatal, stop);
      });
      outcome = !fatal ? fatal : collected;
    }
  }
  const int64_t ended = clock_.NowSeconds();
  st.last_run = started;
  st.last_events = r.events;
  st.last_reports = r.reports;
  if (outcome) {
    st.last_success = ended;
    st.last_error.clear();
    st.failures = 0;
  } else {
    r.ok = false;
    r.error = outcome.error().message();
    st.last_error = r.error;
    st.last_error_at = ended;
    ++st.failures;
    spdlog::error("feed {}: collection failed ({} in a row): {}", feed.name, st.failures, r.error);
  }
  auto schedule = Schedule::Parse(feed.source.schedule.empty() ? "1h" : feed.source.schedule);
  st.next_run = schedule ? schedule->NextAfter(ended, started) : ended + 3600;
  if (!outcome) {
    // A daily feed that is down at 06:00 must not wait for tomorrow: try again after
    // 5 minutes, doubling with each failure up to an hour, unless the schedule is sooner.
    int64_t backoff = std::min<int64_t>(300LL << std::min<int64_t>(st.failures - 1, 4), 3600);
    st.next_run = std::min(st.next_run, ended + backoff);
  }
  r.next_run = st.next_run;
  if (auto saved = ledger_.SaveState(st); !saved && r.ok) {
    r.ok = false;
    r.error = saved.error().message();
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

Result<int64_t> Collector::NextRun(const FeedConfig& feed) {
  auto st = ledger_.State(feed.name);
  if (!st) return Fail(st.error());
  if (st->last_run == 0) return clock_.NowSeconds();  // never ran: due now
  return st->next_run;
}

}  // namespace belfry
