#include "app/feed_factory.h"

#include <fmt/format.h>

#include "app/builtin_registries.h"

namespace belfry {

Result<FeedSetup> MakeFeed(const Config& config, const std::string& feed,
                           const std::string& report_type,
                           const std::shared_ptr<ShadowserverSchemaSource>& schema) {
  ParserRegistry parsers;
  RegisterBuiltinParsers(&parsers, schema);
  FeedSetup setup;
  const FeedConfig* fc = config.FindFeed(feed);
  FeedConfig builtin;
  if (!fc) {
    const ParserKind* kind = parsers.Find(feed);
    if (!kind || !kind->standalone) {
      return Fail(Error::NotFound(
          fmt::format("unknown feed '{}': configure it under [[feeds]] in {} or use a built-in "
                      "parser ({})",
                      feed, config.source, parsers.Names(true))));
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
  const ParserKind* kind = parsers.Find(fc->parser);
  if (!kind) return Fail(Error::InvalidConfig(fmt::format("unknown parser '{}'", fc->parser)));
  ParserArgs args;
  args.feed_name = fc->name;
  args.report_type = report_type.empty() ? fc->report_type : report_type;
  args.csv = &fc->csv;
  args.max_record_bytes = config.pipeline.max_record_bytes;
  auto parser = kind->make(args);
  if (!parser) {
    if (fc == &builtin) return Fail(parser.error());
    return Fail(parser.error().WithContext(fmt::format("feed '{}'", fc->name)));
  }
  (*parser)->set_limits({.max_columns = config.pipeline.max_columns,
                         .max_extra_keys = config.pipeline.max_extra_keys});
  setup.parser = std::move(*parser);
  return setup;
}

}  // namespace belfry
