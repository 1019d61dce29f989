#include "store/backends/sqlite/sqlite_constituency_store.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/text.h"

namespace belfry {
namespace {

// IP ranges are stored as their 16-byte keys (IPv4 mapped), which order and compare as
// BLOBs; the family is kept so that IPv4 prints as IPv4.
constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS c_organisations(origin TEXT NOT NULL, handle TEXT NOT NULL, "
    "  name TEXT, country TEXT, sector TEXT, entity_class TEXT, tags TEXT, abuse_c TEXT, "
    "  PRIMARY KEY(origin, handle));"
    "CREATE TABLE IF NOT EXISTS c_networks(id INTEGER PRIMARY KEY, origin TEXT NOT NULL, "
    "  source_class TEXT NOT NULL, key TEXT NOT NULL, kind INTEGER NOT NULL, org TEXT, peer TEXT, "
    "  first BLOB, last BLOB, v4 INTEGER, asn INTEGER, domain TEXT, name TEXT, country TEXT, "
    "  abuse_c TEXT, irt TEXT, abuse_email TEXT);"
    "CREATE TABLE IF NOT EXISTS c_contacts(id INTEGER PRIMARY KEY, origin TEXT NOT NULL, "
    "  org TEXT, network TEXT, email TEXT NOT NULL, role TEXT, language TEXT, format TEXT, "
    "  pgp TEXT, UNIQUE(origin, org, network, email, role));"
    "CREATE TABLE IF NOT EXISTS c_roles(origin TEXT NOT NULL, handle TEXT NOT NULL, email TEXT, "
    "  pgp TEXT, PRIMARY KEY(origin, handle));"
    "CREATE TABLE IF NOT EXISTS c_peers(origin TEXT NOT NULL, name TEXT NOT NULL, "
    "  official_name TEXT, country TEXT, countries TEXT, email TEXT, pgp TEXT, "
    "  PRIMARY KEY(origin, name));"
    "CREATE INDEX IF NOT EXISTS c_networks_origin ON c_networks(origin, source_class);"
    "CREATE INDEX IF NOT EXISTS c_networks_key ON c_networks(origin, key, kind);";

// Not UNIQUE: a bulk load inserts without checks and removes repeated keys once at the end.
constexpr const char* kNetworksKeyIndex =
    "CREATE INDEX IF NOT EXISTS c_networks_key ON c_networks(origin, key, kind)";

std::string_view Col(const SqliteStmt& s, int i) { return s.Text(i); }

// Steps `sql` to the end, calling `row` on each result row.
Status EachRow(SqliteDb* db, const char* sql, const std::function<void(const SqliteStmt&)>& row) {
  auto st = db->Prepare(sql);
  if (!st) return Fail(st.error());
  for (;;) {
    auto more = st->Step();
    if (!more) return Fail(more.error());
    if (!*more) return Ok();
    row(*st);
  }
}

}  // namespace

Result<std::unique_ptr<SqliteConstituencyStore>> SqliteConstituencyStore::Open(
    const std::string& path) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  auto db = SqliteDb::Open(path);
  if (!db) return Fail(db.error());
  std::unique_ptr<SqliteConstituencyStore> store(new SqliteConstituencyStore(std::move(*db)));
  BELFRY_RETURN_IF_ERROR(
      store->db_->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                       "PRAGMA cache_size=-131072; PRAGMA temp_store=MEMORY;"));
  BELFRY_RETURN_IF_ERROR(store->Migrate());
  return store;
}

Status SqliteConstituencyStore::Migrate() {
  BELFRY_RETURN_IF_ERROR(db_->Exec(kSchema));
  BELFRY_RETURN_IF_ERROR(Prepared(&put_org_,
                                  "INSERT OR REPLACE INTO c_organisations(origin, handle, name, "
                                  "country, sector, entity_class, tags, abuse_c) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  BELFRY_RETURN_IF_ERROR(Prepared(
      &put_network_,
      "INSERT INTO c_networks(origin, source_class, key, kind, org, peer, first, last, "
      "v4, asn, domain, name, country, abuse_c, irt, abuse_email) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
      "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"));
  BELFRY_RETURN_IF_ERROR(Prepared(
      &delete_network_, "DELETE FROM c_networks WHERE origin = ?1 AND key = ?2 AND kind = ?3"));
  BELFRY_RETURN_IF_ERROR(Prepared(&put_contact_,
                                  "INSERT OR REPLACE INTO c_contacts(origin, org, network, email, "
                                  "role, language, format, pgp) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                                  "?7, ?8)"));
  BELFRY_RETURN_IF_ERROR(Prepared(
      &put_role_,
      "INSERT OR REPLACE INTO c_roles(origin, handle, email, pgp) VALUES (?1, ?2, ?3, ?4)"));
  BELFRY_RETURN_IF_ERROR(Prepared(&put_peer_,
                                  "INSERT OR REPLACE INTO c_peers(origin, name, official_name, "
                                  "country, countries, email, pgp) VALUES (?1, ?2, ?3, ?4, ?5, "
                                  "?6, ?7)"));
  return Ok();
}

Status SqliteConstituencyStore::Prepared(SqliteStmt* stmt, const char* sql) {
  auto s = db_->Prepare(sql);
  if (!s) return Fail(s.error());
  *stmt = std::move(*s);
  return Ok();
}

Status SqliteConstituencyStore::Begin() {
  auto txn = SqliteTransaction::Begin(*db_);
  if (!txn) return Fail(txn.error());
  txn_.emplace(std::move(*txn));
  return Ok();
}

Status SqliteConstituencyStore::Commit() {
  BELFRY_RETURN_IF_ERROR(
      db_->Exec("INSERT INTO meta(key, value) VALUES ('constituency_version', '1') "
                "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"));
  if (!txn_) return Fail(Error::Internal("constituency: commit without Begin"));
  BELFRY_RETURN_IF_ERROR(txn_->Commit());
  txn_.reset();
  // An import can leave a large write-ahead log; fold it into the database now rather than
  // during the next ingest.
  return db_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

Status SqliteConstituencyStore::Rollback() {
  txn_.reset();  // rolls back
  if (bulk_) {
    bulk_ = false;
    return db_->Exec(kNetworksKeyIndex);  // the DROP was rolled back too; make sure
  }
  return Ok();
}

Status SqliteConstituencyStore::DeleteOrigin(const std::string& origin,
                                             const std::vector<std::string>& source_classes) {
  auto run = [&](const char* sql, std::string_view cls) -> Status {
    auto st = db_->Prepare(sql);
    if (!st) return Fail(st.error());
    st->BindText(1, origin);
    if (!cls.empty()) st->BindText(2, cls);
    return st->Run();
  };
  if (source_classes.empty()) {
    for (const char* sql :
         {"DELETE FROM c_networks WHERE origin = ?1",
          "DELETE FROM c_organisations WHERE origin = ?1",
          "DELETE FROM c_contacts WHERE origin = ?1", "DELETE FROM c_roles WHERE origin = ?1",
          "DELETE FROM c_peers WHERE origin = ?1"}) {
      BELFRY_RETURN_IF_ERROR(run(sql, ""));
    }
    return Ok();
  }
  for (const auto& cls : source_classes) {
    if (cls == "organisation") {
      BELFRY_RETURN_IF_ERROR(run("DELETE FROM c_organisations WHERE origin = ?1", ""));
    } else if (cls == "role" || cls == "irt") {
      // Roles and IRTs share one table; both are re-read whenever either file is.
      BELFRY_RETURN_IF_ERROR(run("DELETE FROM c_roles WHERE origin = ?1", ""));
    } else {
      BELFRY_RETURN_IF_ERROR(
          run("DELETE FROM c_networks WHERE origin = ?1 AND source_class = ?2", cls));
    }
  }
  return Ok();
}

Status SqliteConstituencyStore::PutOrganisation(const OrganisationRecord& r) {
  auto& s = put_org_;
  s.BindTextStatic(1, r.origin);
  s.BindTextStatic(2, r.handle);
  s.BindTextStatic(3, r.name);
  s.BindTextStatic(4, r.country);
  s.BindTextStatic(5, r.sector);
  s.BindTextStatic(6, r.entity_class);
  s.BindTextStatic(7, r.tags);
  s.BindTextStatic(8, r.abuse_c);
  return s.Run();
}

Status SqliteConstituencyStore::PutNetwork(const NetworkRecord& r) {
  if (!bulk_) {  // an update in place: the record with this key is replaced
    auto& d = delete_network_;
    d.BindTextStatic(1, r.origin);
    d.BindTextStatic(2, r.key);
    d.BindInt(3, static_cast<int>(r.kind));
    BELFRY_RETURN_IF_ERROR(d.Run());
  }
  auto& s = put_network_;
  s.BindTextStatic(1, r.origin);
  s.BindTextStatic(2, r.source_class);
  s.BindTextStatic(3, r.key);
  s.BindInt(4, static_cast<int>(r.kind));
  if (!r.org.empty()) s.BindTextStatic(5, r.org);
  if (!r.peer.empty()) s.BindTextStatic(6, r.peer);
  if (r.kind == NetworkKind::kIpRange || r.kind == NetworkKind::kRoute) {
    s.BindBlobStatic(7, r.first.Key());
    s.BindBlobStatic(8, r.last.Key());
    s.BindInt(9, r.first.is_v4() ? 1 : 0);
  }
  if (r.asn) s.BindInt(10, r.asn);
  if (!r.domain.empty()) s.BindTextStatic(11, r.domain);
  if (!r.name.empty()) s.BindTextStatic(12, r.name);
  if (!r.country.empty()) s.BindTextStatic(13, r.country);
  if (!r.abuse_c.empty()) s.BindTextStatic(14, r.abuse_c);
  if (!r.irt.empty()) s.BindTextStatic(15, r.irt);
  if (!r.abuse_email.empty()) s.BindTextStatic(16, r.abuse_email);
  return s.Run();
}

Status SqliteConstituencyStore::PutContact(const ContactRecord& r) {
  auto& s = put_contact_;
  s.BindTextStatic(1, r.origin);
  s.BindTextStatic(2, r.org);
  s.BindTextStatic(3, r.network);
  s.BindTextStatic(4, r.email);
  s.BindTextStatic(5, r.role);
  s.BindTextStatic(6, r.language);
  s.BindTextStatic(7, r.format);
  s.BindTextStatic(8, r.pgp_fingerprint);
  return s.Run();
}

Status SqliteConstituencyStore::PutRole(const RoleRecord& r) {
  auto& s = put_role_;
  s.BindTextStatic(1, r.origin);
  s.BindTextStatic(2, r.handle);
  s.BindTextStatic(3, r.email);
  s.BindTextStatic(4, r.pgp);
  return s.Run();
}

Status SqliteConstituencyStore::PutPeer(const PeerRecord& r) {
  auto& s = put_peer_;
  s.BindTextStatic(1, r.origin);
  s.BindTextStatic(2, r.name);
  s.BindTextStatic(3, r.official_name);
  s.BindTextStatic(4, r.country);
  s.BindTextStatic(5, r.countries);
  s.BindTextStatic(6, r.email);
  s.BindTextStatic(7, r.pgp_fingerprint);
  return s.Run();
}

Status SqliteConstituencyStore::ResolveAbuseEmails(const std::string& origin) {
  // Organisations' own abuse-c, as contacts of the organisation.
  for (const char* sql :
       {"DELETE FROM c_contacts WHERE origin = ?1",
        "INSERT OR IGNORE INTO c_contacts(origin, org, network, email, role, language, format, "
        "pgp) "
        "SELECT o.origin, o.handle, '', r.email, 'abuse', '', '', '' FROM c_organisations o "
        "JOIN c_roles r ON r.origin = o.origin AND r.handle = o.abuse_c "
        "WHERE o.origin = ?1 AND r.email <> ''"}) {
    auto s = db_->Prepare(sql);
    if (!s) return Fail(s.error());
    s->BindText(1, origin);
    BELFRY_RETURN_IF_ERROR(s->Run());
  }
  return Ok();
}

Status SqliteConstituencyStore::BeginBulkLoad() {
  bulk_ = true;
  return db_->Exec("DROP INDEX IF EXISTS c_networks_key");
}

Status SqliteConstituencyStore::EndBulkLoad(const std::string& origin) {
  bulk_ = false;
  BELFRY_RETURN_IF_ERROR(db_->Exec(kNetworksKeyIndex));
  // The input repeated a key (the same file given twice, say): the last record wins.
  auto st = db_->Prepare(
      "DELETE FROM c_networks WHERE origin = ?1 AND EXISTS (SELECT 1 FROM c_networks AS b "
      "WHERE b.origin = c_networks.origin AND b.key = c_networks.key AND b.kind = "
      "c_networks.kind AND b.id > c_networks.id)");
  if (!st) return Fail(st.error());
  st->BindText(1, origin);
  return st->Run();
}

Result<int64_t> SqliteConstituencyStore::Version() {
  auto st = db_->Prepare("SELECT value FROM meta WHERE key = 'constituency_version'");
  if (!st) return Fail(st.error());
  auto row = st->Step();
  if (!row) return Fail(row.error());
  if (!*row) return int64_t{0};
  return ParseInt64(st->Text(0)).value_or(0);
}

Result<ConstituencyCounts> SqliteConstituencyStore::Counts() {
  ConstituencyCounts c;
  auto count = [&](const char* sql, uint64_t* out) -> Status {
    auto st = db_->Prepare(sql);
    if (!st) return Fail(st.error());
    auto row = st->Step();
    if (!row) return Fail(row.error());
    *out = static_cast<uint64_t>(st->Int(0));
    return Ok();
  };
  BELFRY_RETURN_IF_ERROR(count("SELECT count(*) FROM c_organisations", &c.organisations));
  BELFRY_RETURN_IF_ERROR(count("SELECT count(*) FROM c_networks", &c.networks));
  BELFRY_RETURN_IF_ERROR(count("SELECT count(*) FROM c_contacts", &c.contacts));
  BELFRY_RETURN_IF_ERROR(count("SELECT count(*) FROM c_peers", &c.peers));
  BELFRY_RETURN_IF_ERROR(count("SELECT count(*) FROM c_roles", &c.roles));
  return c;
}

Status SqliteConstituencyStore::ForEachOrganisation(
    const std::function<void(const OrganisationRecord&)>& fn) {
  OrganisationRecord r;
  return EachRow(db_.get(),
                 "SELECT origin, handle, name, country, sector, entity_class, tags, abuse_c "
                 "FROM c_organisations",
                 [&](const SqliteStmt& st) {
                   r.origin = Col(st, 0), r.handle = Col(st, 1), r.name = Col(st, 2),
                   r.country = Col(st, 3);
                   r.sector = Col(st, 4), r.entity_class = Col(st, 5), r.tags = Col(st, 6);
                   r.abuse_c = Col(st, 7);
                   fn(r);
                 });
}

Status SqliteConstituencyStore::ForEachNetwork(
    const std::function<void(const NetworkRecord&)>& fn) {
  NetworkRecord r;
  return EachRow(
      db_.get(),
      "SELECT origin, source_class, key, kind, org, peer, first, last, v4, asn, domain, name, "
      "country, abuse_c, irt, abuse_email FROM c_networks",
      [&](const SqliteStmt& st) {
        r.origin = Col(st, 0), r.source_class = Col(st, 1), r.key = Col(st, 2);
        r.kind = static_cast<NetworkKind>(st.Int(3));
        r.org = Col(st, 4), r.peer = Col(st, 5);
        std::string_view first = Col(st, 6), last = Col(st, 7);
        const bool v4 = st.Int(8) != 0;
        if (first.size() == 16 && last.size() == 16) {
          std::array<uint8_t, 16> b;
          std::memcpy(b.data(), first.data(), 16);
          r.first = IpAddress::FromBytes(b, v4);
          std::memcpy(b.data(), last.data(), 16);
          r.last = IpAddress::FromBytes(b, v4);
        } else {
          r.first = r.last = IpAddress();
        }
        r.asn = st.Int(9);
        r.domain = Col(st, 10), r.name = Col(st, 11), r.country = Col(st, 12);
        r.abuse_c = Col(st, 13), r.irt = Col(st, 14), r.abuse_email = Col(st, 15);
        fn(r);
      });
}

Status SqliteConstituencyStore::ForEachContact(
    const std::function<void(const ContactRecord&)>& fn) {
  ContactRecord r;
  return EachRow(db_.get(),
                 "SELECT origin, org, network, email, role, language, format, pgp FROM c_contacts "
                 "ORDER BY id",
                 [&](const SqliteStmt& st) {
                   r.origin = Col(st, 0), r.org = Col(st, 1), r.network = Col(st, 2),
                   r.email = Col(st, 3);
                   r.role = Col(st, 4), r.language = Col(st, 5), r.format = Col(st, 6);
                   r.pgp_fingerprint = Col(st, 7);
                   fn(r);
                 });
}

Status SqliteConstituencyStore::ForEachPeer(const std::function<void(const PeerRecord&)>& fn) {
  PeerRecord r;
  return EachRow(db_.get(),
                 "SELECT origin, name, official_name, country, countries, email, pgp FROM c_peers",
                 [&](const SqliteStmt& st) {
                   r.origin = Col(st, 0), r.name = Col(st, 1), r.official_name = Col(st, 2);
                   r.country = Col(st, 3), r.countries = Col(st, 4), r.email = Col(st, 5);
                   r.pgp_fingerprint = Col(st, 6);
                   fn(r);
                 });
}

}  // namespace belfry

namespace belfry {

Status SqliteConstituencyStore::ForEachRole(const std::function<void(const RoleRecord&)>& fn) {
  RoleRecord r;
  return EachRow(
      db_.get(), "SELECT origin, handle, email, pgp FROM c_roles", [&](const SqliteStmt& st) {
        r.origin = Col(st, 0), r.handle = Col(st, 1), r.email = Col(st, 2), r.pgp = Col(st, 3);
        fn(r);
      });
}

}  // namespace belfry
