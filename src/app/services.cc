#include "app/services.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "app/ingest_context.h"
#include "store/backends/sqlite/sqlite_constituency_store.h"
#include "store/backends/sqlite/sqlite_event_store.h"
#include "store/backends/sqlite/sqlite_report_ledger.h"

namespace belfry {

std::unique_ptr<Services> Services::Create(const Config& config, const Common& common) {
  return std::unique_ptr<Services>(new Services(config, common));
}

Services::Services(const Config& config, const Common& common)
    : config_(config), common_(common), db_path_(StorePath(config, common)) {}

Services::~Services() {
  ingest_.reset();
  if (holder_) holder_->StopWatching();
}

Status Services::RequireDatabase() const {
  if (!std::filesystem::exists(db_path_))
    return Fail(Error::NotFound(fmt::format("no database at {}", db_path_)));
  return Ok();
}

Result<EventStore*> Services::events() {
  if (!events_) {
    auto store = SqliteEventStore::Open(db_path_, config_.store.max_segments);
    if (!store) return Fail(store.error());
    events_ = std::move(*store);
  }
  return events_.get();
}

Result<EventStore*> Services::event_reader() {
  if (events_) return events_.get();
  if (!reader_) {
    auto store = SqliteEventStore::OpenReader(db_path_);
    // An older schema is upgraded first, by opening the store as a writer.
    if (!store && store.error().code() == ErrorCode::kUnavailable) return events();
    if (!store) return Fail(store.error());
    reader_ = std::move(*store);
  }
  return reader_.get();
}

Result<ConstituencyStore*> Services::constituency_store() {
  if (!constituency_store_) {
    auto store = SqliteConstituencyStore::Open(db_path_);
    if (!store) return Fail(store.error());
    constituency_store_ = std::move(*store);
  }
  return constituency_store_.get();
}

Result<ConstituencyHolder*> Services::constituency() {
  if (!holder_) {
    auto store = constituency_store();
    if (!store) return Fail(store.error());
    if (!config_.constituency.HasScope() && config_.enrich.routing)
      spdlog::warn("routing: {}", kNoScopeNote);
    auto holder = std::make_unique<ConstituencyHolder>(*store, config_.constituency);
    if (auto loaded = holder->Refresh(); !loaded) return Fail(loaded.error());
    // A constituency import during a long ingest (or a long `belfry run`) is picked up at
    // the next batch.
    holder->StartWatching(std::chrono::seconds(10), [](const Error& e) {
      spdlog::warn("constituency index not rebuilt: {}; the previous one stays in use",
                   e.message());
    });
    holder_ = std::move(holder);
  }
  return holder_.get();
}

Result<ReportLedger*> Services::ledger() {
  if (!ledger_) {
    auto ledger = SqliteReportLedger::Open(db_path_);
    if (!ledger) return Fail(ledger.error());
    ledger_ = std::move(*ledger);
  }
  return ledger_.get();
}

Result<std::shared_ptr<ShadowserverSchemaSource>> Services::shadowserver_schema() {
  if (!schema_) {
    auto schema = ShadowserverSchemaSource::Create(config_.shadowserver_schema);
    if (!schema) return Fail(schema.error());
    schema_ = *schema;
  }
  return schema_;
}

Result<IngestContext*> Services::ingest() {
  if (!ingest_) {
    auto ctx = IngestContext::Open(*this);
    if (!ctx) return Fail(ctx.error());
    ingest_ = std::move(*ctx);
  }
  return ingest_.get();
}

}  // namespace belfry
