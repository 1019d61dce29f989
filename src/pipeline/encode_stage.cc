#include "pipeline/encode_stage.h"

#include <spdlog/spdlog.h>

#include "core/date_time.h"
#include "core/text.h"
#include "enrich/router.h"
#include "enrich/taxonomy_expert.h"
#include "enrich/time_sanity.h"
#include "store/event_codec.h"

namespace belfry {
namespace {

StoreRow KeyColumns(const Event& e, uint64_t hash, int64_t seen) {
  StoreRow row;
  if (auto ts = e.Get(fields::kTimeSource)) {
    if (auto t = ParseDateTimeMicros(*ts)) row.time_source = *t;
  }
  if (auto ip = e.Get(fields::kSourceIp)) {
    if (auto a = IpAddress::Parse(*ip)) row.source_ip = *a;
  }
  if (auto asn = e.Get(fields::kSourceAsn)) row.source_asn = ParseInt64(*asn);
  if (auto t = e.Get(fields::kClassificationType)) row.classification_type = std::string(*t);
  if (auto f = e.Get(fields::kFeedName)) row.feed_name = std::string(*f);
  row.hash = hash;
  row.seen = seen;
  return row;
}

}  // namespace

Status EncodeStage::LoadWindow(EventStore* store) {
  if (!options_.dedup.enabled) return Ok();
  const int64_t ttl = options_.dedup.ttl_seconds;
  return store->ForEachRecentHash(
      now_ - ttl, [&](uint64_t h, int64_t seen) { window_.Insert(h, now_, seen + ttl); });
}

std::optional<int64_t> EncodeStage::ObservationMicros(const Event& ev) {
  auto text = ev.Get(fields::kTimeObservation);
  if (!text) return std::nullopt;
  if (*text != observation_text_) {
    observation_text_.assign(*text);
    observation_micros_.reset();
    if (auto t = ParseDateTimeMicros(*text)) observation_micros_ = *t;
  }
  return observation_micros_;
}

bool EncodeStage::RoutedOnDestination(const Event& ev) const {
  bool destination = enrich_.route_destination;
  if (!enrich_.destination_feed_names.empty()) {
    if (auto feed = ev.Get(fields::kFeedName)) {
      for (const auto& name : enrich_.destination_feed_names) destination |= name == *feed;
    }
  }
  return destination;
}

EncodedBatch EncodeStage::Encode(ParsedBatch&& b, BoundedQueue<std::vector<Event>>& recycle) {
  // One constituency snapshot per batch: a rebuilt index is picked up at the next one.
  std::shared_ptr<const ConstituencyIndex> index;
  if (enrich_.constituency) index = enrich_.constituency->Current();
  if (enrich_.geo && std::chrono::steady_clock::now() - last_reload_ > std::chrono::seconds(5)) {
    last_reload_ = std::chrono::steady_clock::now();
    if (auto st = enrich_.geo->ReloadIfChanged(); !st)
      spdlog::warn("{}; the previous copy stays in use", st.error().message());
  }
  EncodedBatch e;
  e.report_seq = b.report_seq;
  e.new_report = b.new_report;
  e.report = std::move(b.report);
  e.dead_letters = std::move(b.dead_letters);
  e.records = b.records;
  e.short_rows = b.short_rows;
  e.bytes = b.bytes;
  e.rows.reserve(b.events.size());
  auto flush_block = [&] {
    StoreBlock sb;
    sb.count = blocks_.count();
    sb.first_row = e.rows.size() - sb.count;
    blocks_.Finish(&sb.data);
    e.blocks.push_back(std::move(sb));
  };
  const bool dedup = options_.dedup.enabled;
  const int64_t ttl = options_.dedup.ttl_seconds;
  for (auto& ev : b.events) {
    CompleteClassification(&ev);
    const uint64_t h = hasher_.Hash(ev);
    if (dedup && !window_.Insert(h, now_, now_ + ttl)) {
      ++e.duplicates;
      continue;
    }
    if (enrich_.geo) enrich_.geo->Enrich(&ev);
    e.rows.push_back(KeyColumns(ev, h, now_));
    StoreRow& row = e.rows.back();
    // time.source is parsed once (for the key column and the sanity check); time.observation
    // is the same for a whole report, so it is parsed again only when its text changes.
    const uint8_t flags = enrich_.time_sanity
                              ? CheckTimeSanity(&ev, row.time_source, ObservationMicros(ev), now_,
                                                options_.time_sanity)
                              : 0;
    body_.clear();
    EncodeEventBody(ev, b.constants.get(), &body_);
    row.time_flags = flags;
    if (index) {
      // The decision is stored beside the event, not in its body: it changes when the
      // constituency does, and reads apply it (ApplyRoute).
      const bool destination = RoutedOnDestination(ev);
      row.routed = true;
      row.route = index->Decide(QueryFromEvent(ev, destination), destination);
    }
    blocks_.Add(body_, ev.raw);
    if (blocks_.count() == kEventsPerBlock) flush_block();
  }
  if (blocks_.count()) flush_block();
  (void)recycle.TryPush(std::move(b.events));
  return e;
}

}  // namespace belfry
