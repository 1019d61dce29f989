#pragma once
// The life of an advisory: written (new, edit), reviewed by a second analyst when four-eyes is
// on (submit, review), published now or at a set time (publish, PublishDue), corrected in a new
// revision (revise) or withdrawn (withdraw). Every change is checked here, once, for the CLI,
// the API and the console; `on_change` regenerates the public outputs after each publication.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "publish/advisory.h"
#include "publish/advisory_source.h"
#include "publish/advisory_store.h"
#include "publish/publish_config.h"

namespace belfry {

class AdvisoryDesk {
 public:
  // Called after a publication, a revision or a withdrawal (with the advisory as stored).
  using OnChange = std::function<Status(const Advisory&)>;

  // `check`: whether an advisory about to be published (or revised) can be (its CSAF document
  // passes the mandatory tests); a refusal leaves it as it was.
  AdvisoryDesk(AdvisoryStore* store, const PublishConfig& config, const TeamConfig& team,
               const Clock& clock, OnChange on_change = {}, OnChange check = {});

  // A new draft from Markdown source; `translation_of`: the advisory it translates (0: none).
  Result<Advisory> Create(std::string_view source, std::string_view name, const std::string& author,
                          int64_t translation_of = 0);
  // New source for an unpublished advisory (a published one is revised).
  Result<Advisory> Edit(int64_t id, std::string_view source, std::string_view name,
                        const std::string& actor);
  // Asks a second analyst's review (four-eyes).
  Result<Advisory> Submit(int64_t id, const std::string& actor);
  // The second analyst's decision: approved, or back to draft with `comment`.
  Result<Advisory> Review(int64_t id, const std::string& reviewer, bool approve,
                          const std::string& comment);
  // Publishes now (at <= now) or schedules; with four-eyes only an approved advisory.
  Result<Advisory> Publish(int64_t id, const std::string& actor, int64_t at = 0);
  // A published advisory's new source as its next revision, published at once.
  Result<Advisory> Revise(int64_t id, std::string_view source, std::string_view name,
                          const std::string& summary, const std::string& actor);
  Result<Advisory> Withdraw(int64_t id, const std::string& reason, const std::string& actor);
  // Publishes the scheduled advisories whose time has come (`belfry run` calls it).
  Result<std::vector<Advisory>> PublishDue();

  Result<Advisory> Get(int64_t id);
  // By id ("7") or tracking id ("BELFRY-2026-0007").
  Result<Advisory> Find(const std::string& id_or_tracking);

 private:
  Status Save(Advisory* a);
  Result<Advisory> Release(Advisory a, const std::string& actor, const std::string& summary);

  AdvisoryStore* store_;
  const PublishConfig& config_;
  const TeamConfig& team_;
  const Clock& clock_;
  OnChange on_change_;
  OnChange check_;
};

// The stored advisory's source, parsed (it was checked when stored).
Result<AdvisorySource> SourceOf(const Advisory& a);

}  // namespace belfry
