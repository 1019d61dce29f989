#include "publish/advisory_desk.h"

#include <fmt/format.h>

#include "core/date_time.h"
#include "core/text.h"

namespace belfry {

namespace {

void CopyFromSource(const AdvisorySource& src, Advisory* a) {
  a->title = src.title;
  a->audience = src.audience;
  a->kind = src.kind;
  a->lang = src.lang;
  a->severity = src.severity;
  a->tlp = src.tlp;
}

auto Refuse(const Advisory& a, std::string_view why) {
  return Fail(Error::InvalidInput(fmt::format("advisory {} ({}): {}", a.id,
                                              AdvisoryStatusName(a.status), why)));
}

}  // namespace

Result<AdvisorySource> SourceOf(const Advisory& a) {
  return ParseAdvisorySource(a.source, a.tracking_id.empty() ? "advisory" : a.tracking_id);
}

AdvisoryDesk::AdvisoryDesk(AdvisoryStore* store, const PublishConfig& config,
                           const TeamConfig& team, const Clock& clock, OnChange on_change,
                           OnChange check)
    : store_(store),
      config_(config),
      team_(team),
      clock_(clock),
      on_change_(std::move(on_change)),
      check_(std::move(check)) {}

Status AdvisoryDesk::Save(Advisory* a) {
  a->updated = clock_.NowSeconds();
  return store_->UpdateAdvisory(*a);
}

Result<Advisory> AdvisoryDesk::Get(int64_t id) {
  auto a = store_->GetAdvisory(id);
  if (!a) return Fail(a.error());
  if (!*a) return Fail(Error::NotFound(fmt::format("no advisory {}", id)));
  return std::move(**a);
}

Result<Advisory> AdvisoryDesk::Find(const std::string& id_or_tracking) {
  if (auto n = ParseInt64(id_or_tracking); n && *n > 0) return Get(*n);
  auto a = store_->FindAdvisory(id_or_tracking);
  if (!a) return Fail(a.error());
  if (!*a) return Fail(Error::NotFound(fmt::format("no advisory {}", id_or_tracking)));
  return std::move(**a);
}

Result<Advisory> AdvisoryDesk::Create(std::string_view source, std::string_view name,
                                      const std::string& author, int64_t translation_of) {
  auto src = ParseAdvisorySource(source, name);
  if (!src) return Fail(src.error());
  Advisory a;
  a.source = std::string(source);
  CopyFromSource(*src, &a);
  a.author = author;
  a.created = a.updated = clock_.NowSeconds();
  if (translation_of != 0) {
    auto original = Get(translation_of);
    if (!original) return Fail(original.error());
    a.translation_of = original->group();
    AdvisoryFilter group;
    group.group = a.translation_of;
    group.with_source = false;
    auto siblings = store_->ListAdvisories(group);
    if (!siblings) return Fail(siblings.error());
    for (const auto& s : *siblings)
      if (s.lang == a.lang && s.status != AdvisoryStatus::kWithdrawn)
        return Fail(Error::InvalidInput(fmt::format(
            "{}: advisory {} is already the '{}' version of {}", name, s.id, a.lang,
            a.translation_of)));
  }
  auto id = store_->AddAdvisory(a);
  if (!id) return Fail(id.error());
  a.id = *id;
  const std::string prefix =
      config_.tracking_prefix.empty() ? team_.short_name : config_.tracking_prefix;
  // Translations share their original's tracking id with the language appended: one advisory
  // in several languages, each its own CSAF document (CSAF's lang is per document).
  if (a.translation_of != 0) {
    auto original = Get(a.translation_of);
    if (!original) return Fail(original.error());
    a.tracking_id = fmt::format("{}-{}", original->tracking_id, AsciiUpperCopy(a.lang));
  } else {
    a.tracking_id = fmt::format("{}-{}-{:04}", prefix, FormatIsoUtc(a.created * 1000000).substr(0, 4),
                                a.id);
  }
  BELFRY_RETURN_IF_ERROR(store_->UpdateAdvisory(a));
  return a;
}

Result<Advisory> AdvisoryDesk::Edit(int64_t id, std::string_view source, std::string_view name,
                                    const std::string& actor) {
  auto a = Get(id);
  if (!a) return Fail(a.error());
  if (a->status == AdvisoryStatus::kPublished || a->status == AdvisoryStatus::kWithdrawn)
    return Refuse(*a, "published: change it with 'advisory revise' (a new revision)");
  auto src = ParseAdvisorySource(source, name);
  if (!src) return Fail(src.error());
  a->source = std::string(source);
  CopyFromSource(*src, &*a);
  // A change after review needs a new review.
  if (a->status != AdvisoryStatus::kDraft && config_.four_eyes) {
    a->status = AdvisoryStatus::kDraft;
    a->reviewer.clear();
    a->publish_at = 0;
  }
  BELFRY_RETURN_IF_ERROR(Save(&*a));
  return a;
}

Result<Advisory> AdvisoryDesk::Submit(int64_t id, const std::string& actor) {
  auto a = Get(id);
  if (!a) return Fail(a.error());
  if (a->status != AdvisoryStatus::kDraft) return Refuse(*a, "only a draft goes to review");
  a->status = AdvisoryStatus::kInReview;
  BELFRY_RETURN_IF_ERROR(Save(&*a));
  return a;
}

Result<Advisory> AdvisoryDesk::Review(int64_t id, const std::string& reviewer, bool approve,
                                      const std::string& comment) {
  auto a = Get(id);
  if (!a) return Fail(a.error());
  if (a->status != AdvisoryStatus::kInReview && a->status != AdvisoryStatus::kDraft)
    return Refuse(*a, "only a draft or an advisory in review is reviewed");
  if (approve && reviewer == a->author)
    return Refuse(*a, "four eyes: the author cannot approve their own advisory");
  a->status = approve ? AdvisoryStatus::kApproved : AdvisoryStatus::kDraft;
  a->reviewer = approve ? reviewer : "";
  a->pending_summary = approve ? a->pending_summary : comment;
  BELFRY_RETURN_IF_ERROR(Save(&*a));
  return a;
}

Result<Advisory> AdvisoryDesk::Publish(int64_t id, const std::string& actor, int64_t at) {
  auto a = Get(id);
  if (!a) return Fail(a.error());
  if (a->status == AdvisoryStatus::kPublished) return Refuse(*a, "published already");
  if (a->status == AdvisoryStatus::kWithdrawn) return Refuse(*a, "withdrawn");
  if (config_.four_eyes && a->status != AdvisoryStatus::kApproved)
    return Refuse(*a, fmt::format("four-eyes review is on: a second analyst approves it first "
                                  "('advisory review {} --approve')", a->id));
  auto src = SourceOf(*a);
  if (!src) return Fail(src.error());
  const int64_t now = clock_.NowSeconds();
  if (at > now) {
    a->status = AdvisoryStatus::kApproved;
    a->publish_at = at;
    BELFRY_RETURN_IF_ERROR(Save(&*a));
    return a;
  }
  return Release(std::move(*a), actor, "Initial release");
}

Result<Advisory> AdvisoryDesk::Release(Advisory a, const std::string& actor,
                                       const std::string& summary) {
  const int64_t now = clock_.NowSeconds();
  a.status = AdvisoryStatus::kPublished;
  a.published = now;
  a.publish_at = 0;
  a.revisions.push_back({1, now, summary, actor});
  if (check_) BELFRY_RETURN_IF_ERROR(check_(a));
  BELFRY_RETURN_IF_ERROR(Save(&a));
  if (on_change_) BELFRY_RETURN_IF_ERROR(on_change_(a));
  return a;
}

Result<Advisory> AdvisoryDesk::Revise(int64_t id, std::string_view source, std::string_view name,
                                      const std::string& summary, const std::string& actor) {
  auto a = Get(id);
  if (!a) return Fail(a.error());
  if (a->status != AdvisoryStatus::kPublished)
    return Refuse(*a, "only a published advisory is revised (a draft is edited)");
  if (summary.empty())
    return Fail(Error::InvalidInput("a revision needs a summary of what changed (--summary)"));
  auto src = ParseAdvisorySource(source, name);
  if (!src) return Fail(src.error());
  if (src->lang != a->lang)
    return Refuse(*a, "a revision keeps the language (a translation is a new advisory)");
  a->source = std::string(source);
  CopyFromSource(*src, &*a);
  const int64_t now = std::max(clock_.NowSeconds(), a->current_release());
  a->revisions.push_back({a->revisions.empty() ? 1 : a->revisions.back().number + 1, now,
                          summary, actor});
  if (check_) BELFRY_RETURN_IF_ERROR(check_(*a));
  BELFRY_RETURN_IF_ERROR(Save(&*a));
  if (on_change_) BELFRY_RETURN_IF_ERROR(on_change_(*a));
  return a;
}

Result<Advisory> AdvisoryDesk::Withdraw(int64_t id, const std::string& reason,
                                        const std::string& actor) {
  auto a = Get(id);
  if (!a) return Fail(a.error());
  if (a->status == AdvisoryStatus::kWithdrawn) return Refuse(*a, "withdrawn already");
  if (reason.empty()) return Fail(Error::InvalidInput("a withdrawal needs a reason (--reason)"));
  const bool was_public = a->status == AdvisoryStatus::kPublished;
  a->status = AdvisoryStatus::kWithdrawn;
  if (was_public) {
    const int64_t now = std::max(clock_.NowSeconds(), a->current_release());
    a->revisions.push_back(
        {a->revisions.back().number + 1, now, "Withdrawn: " + reason, actor});
  } else {
    a->pending_summary = "Withdrawn: " + reason;
  }
  BELFRY_RETURN_IF_ERROR(Save(&*a));
  if (was_public && on_change_) BELFRY_RETURN_IF_ERROR(on_change_(*a));
  return a;
}

Result<std::vector<Advisory>> AdvisoryDesk::PublishDue() {
  AdvisoryFilter due;
  due.due_at = clock_.NowSeconds();
  auto list = store_->ListAdvisories(due);
  if (!list) return Fail(list.error());
  std::vector<Advisory> out;
  for (auto& a : *list) {
    if (a.publish_at == 0) continue;  // approved, waiting for someone to publish it
    auto r = Release(std::move(a), "schedule", "Initial release");
    if (!r) return Fail(r.error());
    out.push_back(std::move(*r));
  }
  return out;
}

}  // namespace belfry
