#pragma once
// The constituency tables (c_*) in Belfry's SQLite database, beside the events.

#include <memory>
#include <optional>
#include <string>

#include "constituency/constituency_store.h"
#include "store/backends/sqlite/sqlite_db.h"

namespace belfry {

class SqliteConstituencyStore final : public ConstituencyStore {
 public:
  static Result<std::unique_ptr<SqliteConstituencyStore>> Open(const std::string& path);

  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Status DeleteOrigin(const std::string& origin,
                      const std::vector<std::string>& source_classes) override;
  Status PutOrganisation(const OrganisationRecord& r) override;
  Status PutNetwork(const NetworkRecord& r) override;
  Status PutContact(const ContactRecord& r) override;
  Status PutRole(const RoleRecord& r) override;
  Status PutPeer(const PeerRecord& r) override;
  Status ResolveAbuseEmails(const std::string& origin) override;
  Status BeginBulkLoad() override;
  Status EndBulkLoad(const std::string& origin) override;
  Result<int64_t> Version() override;
  Result<ConstituencyCounts> Counts() override;
  Status ForEachOrganisation(const std::function<void(const OrganisationRecord&)>& fn) override;
  Status ForEachNetwork(const std::function<void(const NetworkRecord&)>& fn) override;
  Status ForEachContact(const std::function<void(const ContactRecord&)>& fn) override;
  Status ForEachPeer(const std::function<void(const PeerRecord&)>& fn) override;
  Status ForEachRole(const std::function<void(const RoleRecord&)>& fn) override;

 private:
  explicit SqliteConstituencyStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status Migrate();
  Status Prepared(SqliteStmt* stmt, const char* sql);

  std::unique_ptr<SqliteDb> db_;
  std::optional<SqliteTransaction> txn_;  // an import in progress
  SqliteStmt put_org_, put_network_, delete_network_, put_contact_, put_role_, put_peer_;
  bool bulk_ = false;
};

}  // namespace belfry
