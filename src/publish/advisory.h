#pragma once
// A publication of the team: an advisory, a recommendation or a warning for professionals or
// citizens, in one language, with its life from draft to published (and revised or withdrawn).
// The Markdown source (publish/advisory_source.h) is the truth; the columns copied from it
// serve lists without parsing every source.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/tlp.h"

namespace belfry {

// draft -> in-review (four-eyes on) -> approved -> published (at publish_at, or at once)
// -> withdrawn. A published advisory is revised in place: a new revision, published again.
enum class AdvisoryStatus { kDraft, kInReview, kApproved, kPublished, kWithdrawn };

std::string_view AdvisoryStatusName(AdvisoryStatus s);
std::optional<AdvisoryStatus> ParseAdvisoryStatus(std::string_view s);

// One published version (CSAF's revision_history: integer versioning, 1, 2, ...).
struct AdvisoryRevision {
  int64_t number = 0;
  int64_t date = 0;  // unix seconds
  std::string summary;
  std::string actor;
};

struct Advisory {
  int64_t id = 0;
  std::string tracking_id;     // "BELFRY-2026-0007": stable, in every output
  int64_t translation_of = 0;  // the advisory this translates (0: an original)
  std::string source;          // Markdown with its TOML front matter, as written
  // From the source, on every save.
  std::string title, audience, kind, lang, severity;
  Tlp tlp = Tlp::kClear;
  AdvisoryStatus status = AdvisoryStatus::kDraft;
  std::string author;
  std::string reviewer;   // who approved it (four-eyes), "" when not reviewed
  int64_t created = 0, updated = 0;
  int64_t publish_at = 0;  // scheduled publication (0: when published by hand)
  int64_t published = 0;   // the first release (0: never published)
  std::string pending_summary;  // the summary of the revision being prepared
  std::vector<AdvisoryRevision> revisions;  // oldest first

  int64_t current_release() const { return revisions.empty() ? published : revisions.back().date; }
  // The translation group: the original's id.
  int64_t group() const { return translation_of != 0 ? translation_of : id; }
};

struct AdvisoryFilter {
  std::optional<AdvisoryStatus> status;
  std::string audience, lang;  // "" = any
  int64_t group = 0;           // an advisory and its translations (0 = any)
  int64_t due_at = 0;          // approved ones whose publish_at <= due_at (0 = no such test)
  int64_t published_from = 0;  // first published at or after this time (0 = any)
  bool with_source = true;     // false: lists without the Markdown (faster, smaller)
  size_t limit = 0;            // 0 = all; newest first
};

}  // namespace belfry
