#pragma once
// The public "am I infected?" page (/check, /check.json): whether the visitor's own address
// appears in recent events of the configured classifications, with advice, in nl/fr/en/de.
// No parameter takes an address; nothing about any other address is ever answered. Visitor
// addresses are not stored: only counts per result (metrics). Lookups go to an in-memory
// index rebuilt from the store every `check_refresh` seconds, so a campaign's load never
// reaches the database.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/metrics.h"
#include "core/text.h"  // EscapeHtml, for the pages built with the index
#include "web/web_request.h"

namespace belfry {

struct CheckFinding {
  std::string classification;  // RSIT type
  std::string malware;         // malware.name, when known
  int64_t last_seen = 0;       // seconds
};

// Findings by address (text form, RFC 5952 for IPv6). Immutable once built.
class CheckIndex {
 public:
  void Add(const IpAddress& ip, CheckFinding finding);
  const std::vector<CheckFinding>* Find(const IpAddress& ip) const;
  size_t size() const { return by_ip_.size(); }

 private:
  std::unordered_map<std::string, std::vector<CheckFinding>> by_ip_;
};

class SelfCheck {
 public:
  explicit SelfCheck(Metrics* metrics = nullptr, int64_t days = 7);
  void SetIndex(std::shared_ptr<const CheckIndex> index);
  std::shared_ptr<const CheckIndex> index() const;

  WebResponse Html(const WebRequest& request) const;
  WebResponse Json(const WebRequest& request) const;

 private:
  // The visitor's findings ("" result: unknown address).
  const std::vector<CheckFinding>* Lookup(const WebRequest& request, std::string* result) const;
  std::string Language(const WebRequest& request) const;

  mutable std::mutex mu_;
  std::shared_ptr<const CheckIndex> index_;
  Metrics* metrics_;
  int64_t days_;
};

}  // namespace belfry
