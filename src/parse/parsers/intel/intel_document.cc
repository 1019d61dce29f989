#include "parse/parsers/intel/intel_document.h"

#include <fmt/format.h>

#include "core/date_time.h"
#include "core/text.h"
#include "model/field_registry.h"
#include "model/taxonomy.h"

namespace belfry {

size_t DocumentBuffer::Take(std::string_view window) {
  if (over_) return window.size();
  if (text_.size() + window.size() > max_) {
    over_ = true;
    text_.clear();
    text_.shrink_to_fit();
    return window.size();
  }
  text_.append(window);
  return window.size();
}

Status WholeDocumentParser::Begin(const ReportInfo& info) {
  info_ = info;
  doc_.Reset();
  return stamp_.Prepare(info);
}

Result<size_t> WholeDocumentParser::Parse(std::string_view window, bool last, ParseOutput* out) {
  const size_t used = doc_.Take(window);
  if (!last) return used;
  if (doc_.over())
    RejectDocument(fmt::format("{} document larger than the cap", name()), "", out);
  else
    ReadDocument(doc_.text(), out);
  doc_.Reset();
  return used;
}

void WholeDocumentParser::RejectDocument(std::string reason, const std::string& text,
                                         ParseOutput* out) const {
  DeadLetter d{info_.file_name, 0, std::move(reason), text.substr(0, 4096)};
  d.is_record = false;
  out->dead_letters.push_back(std::move(d));
}

std::optional<std::string_view> RsitTypeOfTag(std::string_view tag) {
  std::string_view rest;
  if (tag.substr(0, 5) == "rsit:") rest = tag.substr(5);
  else if (tag.substr(0, 7) == "ecsirt:") rest = tag.substr(7);
  else return std::nullopt;
  const auto eq = rest.find('=');
  if (eq == std::string_view::npos) return std::nullopt;
  std::string_view type = rest.substr(eq + 1);
  if (type.size() >= 2 && type.front() == '"' && type.back() == '"') type = type.substr(1, type.size() - 2);
  return Taxonomy::CanonicalType(type);
}

std::optional<Tlp> TlpOfTag(std::string_view tag) {
  if (tag.size() < 5 || AsciiLowerCopy(tag.substr(0, 4)) != "tlp:") return std::nullopt;
  return ParseTlp(tag.substr(4));
}

void SetClassification(std::string_view type, Event* e) {
  e->SetNormalized(fields::kClassificationType, type);
  e->SetNormalized(fields::kClassificationTaxonomy, Taxonomy::TaxonomyOfType(type));
}

Status SetTimeSource(std::string_view text, Event* e) {
  text = TrimAscii(text);
  if (text.empty()) return Ok();
  bool digits = true;
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (digits) {
    auto secs = ParseInt64(text);
    if (!secs || *secs <= 0) return Fail(Error::InvalidInput("time: not a Unix time"));
    return e->Add(fields::kTimeSource, FormatIsoUtc(*secs * 1000000), true);
  }
  auto micros = ParseDateTimeMicros(text);
  if (!micros) return Fail(micros.error());
  return e->Add(fields::kTimeSource, FormatIsoUtc(*micros), true);
}

}  // namespace belfry
