#pragma once
// Observables: the IP addresses, networks, domains, URLs, e-mail addresses, hashes and CVE
// ids a message or a log talks about. Extracted from free text (mail bodies, attachments,
// pasted logs), also in the defanged forms analysts and peers write (`hxxp://`,
// `192.0.2[.]1`, `example[.]com`, `user[@]example.com`, `[dot]`), IPv6 in any notation.
// Pure and hand-written: it runs over every byte of every mail and log at several hundred
// MB/s (a regex engine over the same text is an order of magnitude slower).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace belfry {

enum class ObservableType : uint8_t { kIp, kCidr, kDomain, kUrl, kEmail, kHash, kCve };
inline constexpr ObservableType kAllObservableTypes[] = {
    ObservableType::kIp,    ObservableType::kCidr, ObservableType::kDomain, ObservableType::kUrl,
    ObservableType::kEmail, ObservableType::kHash, ObservableType::kCve};

// "ip", "cidr", "domain", "url", "email", "hash", "cve".
std::string_view ObservableTypeName(ObservableType t);
std::optional<ObservableType> ParseObservableType(std::string_view name);

struct Observable {
  ObservableType type = ObservableType::kIp;
  std::string value;  // normalised: canonical IP/CIDR, lowercase domain/host, upper CVE
  bool operator==(const Observable&) const = default;
  bool operator<(const Observable& o) const {
    return type != o.type ? type < o.type : value < o.value;
  }
};

// Where an observable occurs in the text it was extracted from.
struct ObservableHit {
  Observable observable;
  size_t offset = 0;  // of the token (before refanging)
  size_t length = 0;
};

// Every observable in `text`, in order of appearance, repeats included. A URL also yields
// its host (domain or IP); an e-mail address its domain.
void ExtractObservables(std::string_view text, std::vector<ObservableHit>* out);
// The distinct observables of `text`, sorted.
std::vector<Observable> DistinctObservables(std::string_view text);
// One observable typed by hand (`ticket observable add`): refanged, typed, normalised;
// nullopt when it is none of the types.
std::optional<Observable> ParseObservable(std::string_view text);
// The defanged spellings made plain: "hxxp" -> "http", "[.]" / "[dot]" / "(.)" -> ".",
// "[@]" / "[at]" -> "@", "[:]" -> ":".
std::string Refang(std::string_view token);

}  // namespace belfry
