// The constituents' products, vulnerability matches and imported vendor advisories
// (vuln/product_store.h) in the tracker's database.

#include <fmt/format.h>

#include "store/backends/sqlite/sqlite_ticket_rows.h"
#include "store/backends/sqlite/sqlite_ticket_store.h"

namespace belfry {

namespace {

using ticket_rows::ForRows;

constexpr const char* kColumns =
    "id, organisation, vendor, product, version, cpe, source, cves, updated";

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(' ', start);
    if (end == std::string_view::npos) end = s.size();
    if (end > start) out.emplace_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string JoinWords(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& w : v) out += (out.empty() ? "" : " ") + w;
  return out;
}

ConstituentProduct ReadProduct(const SqliteStmt& s) {
  ConstituentProduct p;
  p.id = s.Int(0);
  p.organisation = s.Text(1);
  p.vendor = s.Text(2);
  p.product = s.Text(3);
  p.version = s.Text(4);
  p.cpe = s.Text(5);
  p.source = s.Text(6);
  p.cves = Words(s.Text(7));
  p.updated = s.Int(8);
  return p;
}

}  // namespace

Result<size_t> SqliteTicketStore::UpsertProducts(const std::vector<ConstituentProduct>& products) {
  auto own = OwnTransaction();
  if (!own) return Fail(own.error());
  auto st = db_->Prepare(
      "INSERT INTO products(organisation, vendor, product, version, cpe, source, cves, updated, "
      "vendor_key, product_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT(organisation, vendor_key, product_key, version) DO UPDATE SET "
      "cpe = excluded.cpe, source = excluded.source, cves = excluded.cves, "
      "updated = excluded.updated");
  if (!st) return Fail(st.error());
  for (const auto& p : products) {
    st->BindText(1, p.organisation);
    st->BindText(2, p.vendor);
    st->BindText(3, p.product);
    st->BindText(4, p.version);
    st->BindText(5, p.cpe);
    st->BindText(6, p.source);
    st->BindText(7, JoinWords(p.cves));
    st->BindInt(8, p.updated);
    st->BindText(9, NormalizeProductName(p.vendor));
    st->BindText(10, NormalizeProductName(p.product));
    BELFRY_RETURN_IF_ERROR(st->Run());
  }
  if (*own) BELFRY_RETURN_IF_ERROR((*own)->Commit());
  return products.size();
}

Result<std::vector<ConstituentProduct>> SqliteTicketStore::FindProducts(const std::string& vendor,
                                                                       const std::string& product) {
  auto st = db_->Prepare(fmt::format(
      "SELECT {} FROM products WHERE vendor_key = ? AND product_key = ? ORDER BY id", kColumns));
  if (!st) return Fail(st.error());
  st->BindText(1, NormalizeProductName(vendor));
  st->BindText(2, NormalizeProductName(product));
  std::vector<ConstituentProduct> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) { out.push_back(ReadProduct(s)); }));
  return out;
}

Result<std::vector<ConstituentProduct>> SqliteTicketStore::ProductsWithCve(const std::string& cve) {
  auto st = db_->Prepare(fmt::format(
      "SELECT {} FROM products WHERE cves != '' AND instr(' ' || cves || ' ', ?) > 0 ORDER BY id",
      kColumns));
  if (!st) return Fail(st.error());
  st->BindText(1, " " + cve + " ");
  std::vector<ConstituentProduct> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) { out.push_back(ReadProduct(s)); }));
  return out;
}

Result<std::vector<ConstituentProduct>> SqliteTicketStore::ListProducts(
    const std::string& organisation) {
  auto st = db_->Prepare(fmt::format(
      "SELECT {} FROM products WHERE ? = '' OR organisation = ? "
      "ORDER BY organisation, vendor_key, product_key, version",
      kColumns));
  if (!st) return Fail(st.error());
  st->BindText(1, organisation);
  st->BindText(2, organisation);
  std::vector<ConstituentProduct> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) { out.push_back(ReadProduct(s)); }));
  return out;
}

Result<bool> SqliteTicketStore::RemoveProduct(const std::string& organisation,
                                              const std::string& vendor,
                                              const std::string& product,
                                              const std::string& version) {
  auto st = db_->Prepare(
      "DELETE FROM products WHERE organisation = ? AND vendor_key = ? AND product_key = ? AND "
      "version = ?");
  if (!st) return Fail(st.error());
  st->BindText(1, organisation);
  st->BindText(2, NormalizeProductName(vendor));
  st->BindText(3, NormalizeProductName(product));
  st->BindText(4, version);
  BELFRY_RETURN_IF_ERROR(st->Run());
  return db_->Changes() > 0;
}

Result<int64_t> SqliteTicketStore::MatchTicket(const std::string& advisory,
                                               const std::string& organisation) {
  // Asked once per matching organisation: prepared once.
  auto st = Cached(60, "SELECT ticket FROM vuln_matches WHERE advisory = ? AND organisation = ?");
  if (!st) return Fail(st.error());
  (*st)->BindText(1, advisory);
  (*st)->BindText(2, organisation);
  int64_t ticket = 0;
  BELFRY_RETURN_IF_ERROR(ForRows(**st, [&](SqliteStmt& s) { ticket = s.Int(0); }));
  return ticket;
}

Status SqliteTicketStore::RecordMatch(const std::string& advisory, const std::string& organisation,
                                      int64_t ticket, int64_t at) {
  auto st = db_->Prepare(
      "INSERT OR REPLACE INTO vuln_matches(advisory, organisation, ticket, at) VALUES (?, ?, ?, ?)");
  if (!st) return Fail(st.error());
  st->BindText(1, advisory);
  st->BindText(2, organisation);
  st->BindInt(3, ticket);
  st->BindInt(4, at);
  return st->Run();
}

Result<std::vector<ToldOrganisation>> SqliteTicketStore::MatchesOf(const std::string& advisory) {
  auto st = db_->Prepare(
      "SELECT advisory, organisation, ticket, at FROM vuln_matches WHERE advisory = ? "
      "ORDER BY organisation");
  if (!st) return Fail(st.error());
  st->BindText(1, advisory);
  std::vector<ToldOrganisation> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) {
    out.push_back({std::string(s.Text(0)), std::string(s.Text(1)), s.Int(2), s.Int(3)});
  }));
  return out;
}

Result<bool> SqliteTicketStore::AddVendorAdvisory(const VendorAdvisoryRecord& a) {
  auto st = db_->Prepare(
      "INSERT INTO vendor_advisories(key, publisher, tracking_id, title, cves, imported, "
      "document) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING");
  if (!st) return Fail(st.error());
  st->BindText(1, a.key);
  st->BindText(2, a.publisher);
  st->BindText(3, a.tracking_id);
  st->BindText(4, a.title);
  st->BindText(5, JoinWords(a.cves));
  st->BindInt(6, a.imported);
  st->BindText(7, a.document);
  BELFRY_RETURN_IF_ERROR(st->Run());
  return db_->Changes() > 0;
}

Result<std::vector<VendorAdvisoryRecord>> SqliteTicketStore::ListVendorAdvisories(size_t limit) {
  auto st = db_->Prepare(
      "SELECT key, publisher, tracking_id, title, cves, imported FROM vendor_advisories "
      "ORDER BY imported DESC, key LIMIT ?");
  if (!st) return Fail(st.error());
  st->BindInt(1, static_cast<int64_t>(limit));
  std::vector<VendorAdvisoryRecord> out;
  BELFRY_RETURN_IF_ERROR(ForRows(*st, [&](SqliteStmt& s) {
    VendorAdvisoryRecord r;
    r.key = s.Text(0);
    r.publisher = s.Text(1);
    r.tracking_id = s.Text(2);
    r.title = s.Text(3);
    r.cves = Words(s.Text(4));
    r.imported = s.Int(5);
    out.push_back(std::move(r));
  }));
  return out;
}

}  // namespace belfry
