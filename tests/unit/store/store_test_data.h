#pragma once
// Events for the store tests: written through the real ingest session of any backend.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/event.h"
#include "model/field_registry.h"
#include "model/route.h"
#include "store/event_block.h"
#include "store/event_codec.h"
#include "store/event_store.h"

namespace belfry::testing {

constexpr int64_t kNow = 1795950000;             // 2026-11-29T10:20:00Z
constexpr int64_t kTs = 1795700000LL * 1000000;  // time.source, micros

// `n` events from 192.0.2.<i>, AS64496 (even) or AS64497 (odd), with hash seen*1000+i.
inline void MakeEvents(int n, int64_t seen, const std::string& feed, int64_t report_id,
                const Route* route, std::vector<StoreRow>* rows, std::vector<StoreBlock>* blocks) {
  BlockEncoder encoder;
  std::string body;
  for (int i = 0; i < n; ++i) {
    const std::string ip = "192.0.2." + std::to_string(i + 1);
    Event e;
    EXPECT_TRUE(e.Add(fields::kSourceIp, ip));
    EXPECT_TRUE(e.Add(fields::kSourceAsn, i % 2 ? "64497" : "64496"));
    EXPECT_TRUE(e.Add(fields::kClassificationType, "vulnerable-system"));
    EXPECT_TRUE(e.Add(fields::kFeedName, feed));
    body.clear();
    EncodeEventBody(e, nullptr, &body);
    encoder.Add(body, "raw " + ip);
    StoreRow row;
    row.time_source = kTs + i * 1000000LL;
    row.source_ip = *IpAddress::Parse(ip);
    row.source_asn = i % 2 ? 64497 : 64496;
    row.classification_type = "vulnerable-system";
    row.feed_name = feed;
    row.hash = static_cast<uint64_t>(seen) * 1000 + static_cast<uint64_t>(i);
    row.seen = seen;
    row.report_id = report_id;
    if (route) {
      row.routed = true;
      row.route = *route;
    }
    rows->push_back(std::move(row));
  }
  StoreBlock block;
  block.first_row = 0;
  block.count = static_cast<size_t>(n);
  encoder.Finish(&block.data);
  blocks->push_back(std::move(block));
}

inline Result<int64_t> AddTestReport(IngestSession& session, const std::string& feed, int64_t seen) {
  ReportRecord report;
  report.feed_name = feed;
  report.file_name = "report.csv";
  report.received = seen;
  return session.AddReport(report);
}

// `n` events (MakeEvents) written in one session.
inline Status WriteEvents(EventStore& store, int n, int64_t seen, const std::string& feed,
                   bool commit = true, const Route* route = nullptr) {
  auto session = store.BeginIngest(seen);
  if (!session) return Fail(session.error());
  auto report_id = AddTestReport(**session, feed, seen);
  if (!report_id) return Fail(report_id.error());
  std::vector<StoreRow> rows;
  std::vector<StoreBlock> blocks;
  MakeEvents(n, seen, feed, *report_id, route, &rows, &blocks);
  auto written = (*session)->Write(rows, blocks);
  if (!written) return Fail(written.error());
  if (commit) return (*session)->Finish();
  return Ok();  // the session goes away uncommitted
}

}  // namespace belfry::testing
