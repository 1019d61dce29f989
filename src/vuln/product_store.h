#pragma once
// The constituents' products, the vendors' advisories imported, and which organisation was
// told about which advisory (once only). Backend: SQLite, in the tracker's database
// (store/backends/sqlite/sqlite_product_store.cc).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "vuln/product.h"

namespace belfry {

struct VendorAdvisoryRecord {
  std::string key;  // publisher namespace + tracking id
  std::string publisher, tracking_id, title;
  std::vector<std::string> cves;
  int64_t imported = 0;
  std::string document;  // the CSAF JSON as imported
};

// An organisation told about an advisory (`advisory`: the group's tracking id, or a vendor
// advisory's key) by the investigation `ticket`.
struct ToldOrganisation {
  std::string advisory, organisation;
  int64_t ticket = 0;
  int64_t at = 0;
};

class ProductStore {
 public:
  virtual ~ProductStore() = default;
  // Adds or refreshes (same organisation, vendor, product and version) each product.
  virtual Result<size_t> UpsertProducts(const std::vector<ConstituentProduct>& products) = 0;
  // Every product of this vendor and product name (normalized), across organisations.
  virtual Result<std::vector<ConstituentProduct>> FindProducts(const std::string& vendor,
                                                               const std::string& product) = 0;
  // Products observed with this CVE.
  virtual Result<std::vector<ConstituentProduct>> ProductsWithCve(const std::string& cve) = 0;
  // "" = every organisation.
  virtual Result<std::vector<ConstituentProduct>> ListProducts(const std::string& organisation) = 0;
  // Removes one organisation's product (vendor and product names normalized, the version as
  // given); false when there was none.
  virtual Result<bool> RemoveProduct(const std::string& organisation, const std::string& vendor,
                                     const std::string& product, const std::string& version) = 0;
  // The investigation an organisation got for an advisory (0: never told).
  virtual Result<int64_t> MatchTicket(const std::string& advisory, const std::string& organisation) = 0;
  virtual Status RecordMatch(const std::string& advisory, const std::string& organisation,
                             int64_t ticket, int64_t at) = 0;
  // Every organisation told about `advisory`, by organisation.
  virtual Result<std::vector<ToldOrganisation>> MatchesOf(const std::string& advisory) = 0;
  // Returns false when the advisory was imported already (same key).
  virtual Result<bool> AddVendorAdvisory(const VendorAdvisoryRecord& a) = 0;
  virtual Result<std::vector<VendorAdvisoryRecord>> ListVendorAdvisories(size_t limit) = 0;
};

}  // namespace belfry
