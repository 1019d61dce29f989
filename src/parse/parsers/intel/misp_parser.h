#pragma once
// MISP events from peers (MISP core format: `{"Event": {...}}`, a list of them, or a REST
// search's `{"response": [...]}`) into IntelMQ events: one per observable attribute and one
// per MISP object (its attributes together, e.g. an `ip-port`), with misp.event_uuid and
// misp.attribute_uuid, the event's info as event_description.text and the peer (Orgc) in
// extra.misp_orgc. Classification comes from `rsit:` (or `ecsirt:`) tags, the attribute's
// before the event's; TLP from `tlp:` tags likewise, else the feed's. Deleted attributes and
// those that name nothing to act on (comments, free text) are left out; a value that does
// not fit its field is a dead letter naming the attribute.

#include "parse/parsers/intel/intel_document.h"

namespace belfry {

class MispParser final : public WholeDocumentParser {
 public:
  explicit MispParser(size_t max_document_bytes = size_t{1} << 30)
      : WholeDocumentParser(max_document_bytes) {}
  std::string_view name() const override { return "misp"; }

 protected:
  void ReadDocument(const std::string& text, ParseOutput* out) override;
};

}  // namespace belfry
