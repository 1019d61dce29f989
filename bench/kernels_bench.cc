// Google Benchmark kernels for the hot paths: CSV tokenizing, Shadowserver parsing, event
// JSON encoding, dedup hashing, IP and time parsing. Ratios against simple baselines are
// reported in docs/PERFORMANCE.md.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "bench/cli/bench_ingest.h"
#include "core/csv_tokenizer.h"
#include "core/date_time.h"
#include "enrich/deduplicator.h"
#include "model/event_json.h"
#include "model/ip_address.h"
#include "parse/parsers/shadowserver/shadowserver_parser.h"

namespace belfry {
namespace {

const std::string& SampleReport() {
  static const std::string data = [] {
    std::string path = "/tmp/belfry-kernels-2026-11-21-scan_http-bench.csv";
    (void)WriteSampleScanReport(path, 20000);
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::remove(path.c_str());
    return ss.str();
  }();
  return data;
}

void BM_CsvTokenize(benchmark::State& state) {
  const std::string& data = SampleReport();
  uint64_t rows = 0;
  for (auto _ : state) {
    CsvTokenizer t(CsvDialect{});
    t.Feed(data, true);
    CsvRecord r;
    while (t.Next(&r) == CsvStatus::kRecord) ++rows;
  }
  state.SetItemsProcessed(static_cast<int64_t>(rows));
  state.SetBytesProcessed(static_cast<int64_t>(data.size() * state.iterations()));
}
BENCHMARK(BM_CsvTokenize);

// Baseline for the tokenizer: counting newlines with memchr, the floor for any line reader.
void BM_MemchrLines(benchmark::State& state) {
  const std::string& data = SampleReport();
  uint64_t rows = 0;
  for (auto _ : state) {
    const char* p = data.data();
    const char* end = p + data.size();
    while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p))))) {
      ++p;
      ++rows;
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(rows));
  state.SetBytesProcessed(static_cast<int64_t>(data.size() * state.iterations()));
}
BENCHMARK(BM_MemchrLines);

void BM_ShadowserverParse(benchmark::State& state) {
  const std::string& data = SampleReport();
  auto source = ShadowserverSchemaSource::Create("");
  ShadowserverParser parser(*source, "");
  ReportInfo info;
  info.file_name = "2026-11-21-scan_http-belgium-asn.csv";
  info.observed_micros = 1795000000000000;
  uint64_t events = 0;
  std::vector<Event> spare;
  for (auto _ : state) {
    (void)parser.Begin(info);
    ParseOutput out;
    out.spare = std::move(spare);  // events are recycled, as the pipeline does
    (void)parser.Parse(data, true, &out);
    events += out.events.size();
    spare = std::move(out.events);
  }
  state.SetItemsProcessed(static_cast<int64_t>(events));
}
BENCHMARK(BM_ShadowserverParse)->Unit(benchmark::kMillisecond);

std::vector<Event> ParsedEvents() {
  auto source = ShadowserverSchemaSource::Create("");
  ShadowserverParser parser(*source, "");
  ReportInfo info;
  info.file_name = "2026-11-21-scan_http-belgium-asn.csv";
  info.observed_micros = 1795000000000000;
  (void)parser.Begin(info);
  ParseOutput out;
  (void)parser.Parse(SampleReport(), true, &out);
  return std::move(out.events);
}

void BM_EventToJson(benchmark::State& state) {
  auto events = ParsedEvents();
  std::string out;
  size_t i = 0;
  for (auto _ : state) {
    out.clear();
    AppendEventJson(events[i++ % events.size()], JsonWriteOptions{}, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_EventToJson);

void BM_EventHash(benchmark::State& state) {
  auto events = ParsedEvents();
  EventHasher hasher{DedupConfig{}};
  size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(hasher.Hash(events[i++ % events.size()]));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_EventHash);

void BM_ParseIpv4(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(IpAddress::Parse("198.51.100.67"));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseIpv4);

void BM_ParseShadowserverTime(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ParseDateTimeMicros("2026-11-21 10:00:00 UTC"));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseShadowserverTime);

}  // namespace
}  // namespace belfry

BENCHMARK_MAIN();
