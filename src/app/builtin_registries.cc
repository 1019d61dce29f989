#include "app/builtin_registries.h"

#include <fmt/format.h>

#include "collect/dir_source.h"
#include "collect/http_source.h"
#include "collect/imap_source.h"
#include "collect/maildir_source.h"
#include "collect/misp_api_source.h"
#include "collect/misp_feed_source.h"
#include "collect/rolie_source.h"
#include "collect/shadowserver_api_source.h"
#include "parse/parsers/csv/csv_mapping_parser.h"
#include "parse/parsers/intel/misp_parser.h"
#include "parse/parsers/intel/stix_parser.h"
#include "parse/parsers/intelmq_json/intelmq_json_parser.h"
#include "parse/parsers/shadowserver/shadowserver_parser.h"

namespace belfry {

void RegisterBuiltinParsers(ParserRegistry* r, std::shared_ptr<ShadowserverSchemaSource> schema) {
  r->Add({"shadowserver", "Shadowserver reports (all report types of its schema)", true,
          [schema](const ParserArgs& a) -> Result<std::unique_ptr<Parser>> {
            if (!schema) return Fail(Error::Internal("no Shadowserver schema"));
            if (!a.report_type.empty() && !schema->Current()->Find(a.report_type))
              return Fail(Error::NotFound(
                  fmt::format("unknown Shadowserver report type '{}'", a.report_type)));
            return std::unique_ptr<Parser>(new ShadowserverParser(schema, a.report_type));
          }});
  r->Add({"csv", "a declarative column mapping ([feeds.csv])", false,
          [](const ParserArgs& a) -> Result<std::unique_ptr<Parser>> {
            CsvMappingOptions opts = a.csv ? *a.csv : CsvMappingOptions{};
            opts.dialect.max_record_bytes = a.max_record_bytes;
            auto p = CsvMappingParser::Create(std::move(opts));
            if (!p) return Fail(p.error());
            return std::unique_ptr<Parser>(std::move(*p));
          }});
  r->Add({"csaf", "vendors' CSAF 2.0 advisories: the vulnerability catalogue, matched against "
                  "the constituents' products (no events)", false,
          [](const ParserArgs&) -> Result<std::unique_ptr<Parser>> {
            return Fail(Error::InvalidInput(
                "CSAF advisories are imported by their feed's collection (`belfry collect`, "
                "`belfry run`) or by `belfry csaf import`, not parsed into events"));
          }});
  r->Add({"misp", "MISP events from peers (MISP core format; `belfry import misp`)", true,
          [](const ParserArgs&) -> Result<std::unique_ptr<Parser>> {
            return std::unique_ptr<Parser>(new MispParser());
          }});
  r->Add({"stix", "STIX 2.1 bundles from peers (indicators' patterns, observed data; "
                  "`belfry import stix`)", true,
          [](const ParserArgs&) -> Result<std::unique_ptr<Parser>> {
            return std::unique_ptr<Parser>(new StixParser());
          }});
  r->Add({"intelmq-json", "IntelMQ's one-line JSON events", true,
          [](const ParserArgs& a) -> Result<std::unique_ptr<Parser>> {
            return std::unique_ptr<Parser>(new IntelMqJsonParser(a.max_record_bytes));
          }});
}

void RegisterBuiltinSources(SourceRegistry* r) {
  r->Add(HttpSource::Kind());
  r->Add(ShadowserverApiSource::Kind());
  r->Add(MaildirSource::Kind());
  r->Add(ImapSource::Kind());
  r->Add(DirSource::Kind());
  r->Add(RolieSource::Kind());
  r->Add(MispFeedSource::Kind());
  r->Add(MispApiSource::Kind());
}

const ParserRegistry& BuiltinParserNames() {
  static const ParserRegistry* r = [] {
    auto* reg = new ParserRegistry;
    RegisterBuiltinParsers(reg, nullptr);
    return reg;
  }();
  return *r;
}

const SourceRegistry& BuiltinSources() {
  static const SourceRegistry* r = [] {
    auto* reg = new SourceRegistry;
    RegisterBuiltinSources(reg);
    return reg;
  }();
  return *r;
}

}  // namespace belfry
