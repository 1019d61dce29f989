#pragma once
// Telling the constituents that run what an advisory names: one incident for the advisory,
// one Investigation per organisation with a mail in its language listing its matching
// products (the "vulnerable-product" template), each organisation told once per advisory
// (the product store remembers). Through the tracker and its outbox, like `investigate`.

#include <string>
#include <vector>

#include "constituency/constituency_index.h"
#include "ticket/ticket_mailer.h"
#include "vuln/product_store.h"
#include "vuln/vuln_matcher.h"

namespace belfry {

struct VulnNotice {
  std::string key;    // the advisory: our tracking id, or a vendor's namespace#id
  std::string title;
  std::string url;    // where to read it ("" when none)
  std::string tlp = "CLEAR";
};

struct VulnOrgOutcome {
  std::string organisation, name, email;
  std::vector<VulnMatch> matches;
  int64_t investigation = 0;
  std::string note;  // "already told as #12", "no contact on file"
};

struct VulnReport {
  int64_t incident = 0;
  std::vector<VulnOrgOutcome> organisations;
};

Result<VulnReport> NotifyVulnerable(const VulnNotice& notice, const std::vector<VulnMatch>& matches,
                                    ProductStore* products, TicketMailer* mailer,
                                    const ConstituencyIndex& index, bool dry_run,
                                    const std::string& actor);

}  // namespace belfry
