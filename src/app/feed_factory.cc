#include "app/feed_factory.h"

#include <fmt/format.h>

#include "parse/parsers/csv/csv_mapping_parser.h"
#include "parse/parsers/intelmq_json/intelmq_json_parser.h"
#include "parse/parsers/shadowserver/shadowserver_parser.h"

namespace belfry {

Result<FeedSetup> MakeFeed(const Config& config, const std::string& feed,
                           const std::string& report_type,
                           const std::shared_ptr<ShadowserverSchemaSource>& schema) {
  FeedSetup setup;
  const FeedConfig* fc = config.FindFeed(feed);
  FeedConfig builtin;
  if (!fc) {
    if (feed != "shadowserver" && feed != "intelmq-json") {
      return Fail(
          Error::NotFound(fmt::format("unknown feed '{}': configure it under [[feeds]] in {} or "
                                      "use a built-in parser (shadowserver, intelmq-json)",
                                      feed, config.source)));
    }
    builtin.parser = feed;
    fc = &builtin;
  } else {
    setup.info.feed_name = fc->name;
  }
  setup.info.provider = fc->provider;
  setup.info.documentation = fc->documentation;
  setup.info.code = fc->code;
  setup.info.accuracy = fc->accuracy;
  setup.info.tlp = fc->tlp;
  if (fc->parser == "shadowserver") {
    std::string type = report_type.empty() ? fc->report_type : report_type;
    if (!type.empty() && !schema->Current()->Find(type))
      return Fail(Error::NotFound(fmt::format("unknown Shadowserver report type '{}'", type)));
    setup.parser = std::make_unique<ShadowserverParser>(schema, type);
  } else if (fc->parser == "intelmq-json") {
    setup.parser = std::make_unique<IntelMqJsonParser>(config.max_record_bytes);
  } else {
    CsvMappingOptions opts = fc->csv;
    opts.dialect.max_record_bytes = config.max_record_bytes;
    auto p = CsvMappingParser::Create(std::move(opts));
    if (!p) return Fail(p.error().WithContext(fmt::format("feed '{}'", fc->name)));
    setup.parser = std::move(*p);
  }
  return setup;
}

}  // namespace belfry
