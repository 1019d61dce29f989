#pragma once
// The published site on disk, regenerated after each publication, revision or withdrawal:
//   advisories/index.html, advisories/<audience>-<lang>.html  indexes (TLP:CLEAR only)
//   advisories/<ID>.html                                       TLP:CLEAR pages, public
//   restricted/<tlp>/<ID>.html                                 other pages: for logged-in
//                                                              users whose TLP allows
//   feeds/<audience>-<lang>.atom                               Atom (RFC 4287)
//   .well-known/csaf/provider-metadata.json                    the CSAF provider (2.0)
//   .well-known/csaf/white/<year>/<id>.json (.sha512, .asc)    CSAF documents of CLEAR
//   .well-known/csaf/white/{index.txt, changes.csv, csaf-feed-tlp-white.json (ROLIE)}
//   .well-known/csaf/openpgp/<fingerprint>.asc                 the team's public key
//   rfc2350.txt (clear-signed), rfc2350.html                   the team's RFC 2350 description
// Each file is written whole and renamed into place: the server never serves half a file.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "publish/advisory_store.h"
#include "publish/site_render.h"

namespace belfry {

// The team key's detached, ASCII-armored signature of a document.
using DetachedSigner = std::function<Result<std::string>(std::string_view)>;

struct SiteSigning {
  DetachedSigner sign;         // empty: unsigned (the provider is then a csaf_provider)
  DetachedSigner clear_sign;   // an OpenPGP clear-signed text (the RFC 2350 document)
  std::string fingerprint;     // of the team key
  std::string public_key;      // ASCII-armored
};

class SiteWriter {
 public:
  SiteWriter(AdvisoryStore* store, SiteInfo site, std::string dir, SiteSigning signing,
             const Clock& clock);

  // What one advisory touches: its pages (and its translations'), its CSAF files, its
  // edition's index and feed, the home page and the CSAF provider's listings.
  Status Update(const Advisory& a);
  // Everything, from the store (`belfry advisory site`). Returns how many advisories.
  Result<size_t> Rebuild();

  // Whether `a` can be published as it is: its CSAF document (when it gets one) passes the
  // mandatory tests. Writes nothing.
  Status Check(const Advisory& a) const;
  // The RFC 2350 description alone (rfc2350.txt, clear-signed, and rfc2350.html).
  Status WriteRfc2350();

  const std::string& dir() const { return dir_; }

 private:
  struct Listing;
  Result<Listing> List();
  Status WriteAdvisory(const Advisory& a, const Listing& listing);
  Status WriteEdition(const std::string& audience, const std::string& lang,
                      const Listing& listing);
  Status WriteShared(const Listing& listing);
  Status WriteProvider(const Listing& listing);

  AdvisoryStore* store_;
  SiteInfo site_;
  std::string dir_;
  SiteSigning signing_;
  const Clock& clock_;
};

// Writes `content` to `path` through a temporary file and a rename, creating folders.
Status WriteFileAtomically(const std::string& path, std::string_view content);

}  // namespace belfry
