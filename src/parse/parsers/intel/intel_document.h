#pragma once
// What the MISP and STIX parsers share: peers' documents are JSON wholes (a MISP event, a
// STIX bundle), read once complete, with a cap on their size; and the vocabulary they
// carry into IntelMQ's fields - RSIT (and eCSIRT) classification tags, TLP labels, times.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "model/event.h"
#include "model/tlp.h"
#include "parse/parser.h"

namespace belfry {

// Collects a report's bytes until the last window. False (with a dead letter naming the
// cap) when the document is larger than `max_bytes`; its bytes are then dropped.
class DocumentBuffer {
 public:
  explicit DocumentBuffer(size_t max_bytes) : max_(max_bytes) {}
  void Reset() { text_.clear(), over_ = false; }
  // Returns the bytes consumed (all of them).
  size_t Take(std::string_view window);
  bool over() const { return over_; }
  std::string& text() { return text_; }

 private:
  size_t max_;
  std::string text_;
  bool over_ = false;
};

// A parser of peers' whole documents: the bytes of a report collected until its last window
// (a larger document than the cap is one dead letter), then read at once.
class WholeDocumentParser : public Parser {
 public:
  explicit WholeDocumentParser(size_t max_document_bytes) : doc_(max_document_bytes) {}
  // Documents' events override every report field, so nothing is constant.
  const std::vector<std::pair<FieldId, std::string>>& ReportConstants() const override {
    return none_;
  }
  Status Begin(const ReportInfo& info) override;
  Result<size_t> Parse(std::string_view window, bool last, ParseOutput* out) override;

 protected:
  virtual void ReadDocument(const std::string& text, ParseOutput* out) = 0;
  // A dead letter for the document as a whole (not a record), with its first 4 KiB.
  void RejectDocument(std::string reason, const std::string& text, ParseOutput* out) const;
  const ReportInfo& info() const { return info_; }
  const ReportStamp& stamp() const { return stamp_; }

 private:
  ReportInfo info_;
  ReportStamp stamp_;
  DocumentBuffer doc_;
  std::vector<std::pair<FieldId, std::string>> none_;
};

// A taxonomy tag, MISP's machine-tag form: `rsit:<taxonomy>="<type>"` (or the older
// `ecsirt:` namespace), whose type becomes classification.type. nullopt for other tags.
std::optional<std::string_view> RsitTypeOfTag(std::string_view tag);
// A `tlp:<label>` tag's label (MISP's tlp taxonomy, TLP 1.0 and 2.0 names).
std::optional<Tlp> TlpOfTag(std::string_view tag);

// Sets classification.type and its taxonomy (RSIT), overwriting.
void SetClassification(std::string_view type, Event* e);
// time.source from Unix seconds (MISP's timestamps, as strings) or an ISO 8601 time.
Status SetTimeSource(std::string_view text, Event* e);

}  // namespace belfry
