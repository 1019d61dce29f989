#pragma once
// The collector ledger (collected_reports, feed_state) in Belfry's SQLite database.

#include <memory>
#include <string>

#include "collect/report_ledger.h"
#include "store/backends/sqlite/sqlite_db.h"

namespace belfry {

class SqliteReportLedger final : public ReportLedger {
 public:
  static Result<std::unique_ptr<SqliteReportLedger>> Open(const std::string& path);

  Result<std::optional<LedgerEntry>> FindIngested(const std::string& feed,
                                                  const std::string& sha256) override;
  Result<bool> SeenSource(const std::string& feed, const std::string& source_id) override;
  Result<int64_t> Begin(const LedgerEntry& entry) override;
  Status Finish(const LedgerEntry& entry) override;
  Result<std::vector<LedgerEntry>> Pending(const std::string& feed) override;
  Result<std::vector<LedgerEntry>> Recent(const std::string& feed, size_t limit) override;
  Result<FeedState> State(const std::string& feed) override;
  Status SaveState(const FeedState& state) override;

 private:
  explicit SqliteReportLedger(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Result<std::vector<LedgerEntry>> Select(const char* where_order_limit, const std::string& feed,
                                          const std::string& arg, int64_t limit);
  std::unique_ptr<SqliteDb> db_;
};

}  // namespace belfry
