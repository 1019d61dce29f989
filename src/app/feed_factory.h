#pragma once
// Turns `--feed NAME` into a parser and the feed's report fields: a feed configured in
// belfry.toml, or a parser usable on its own ("shadowserver", "intelmq-json").

#include <memory>
#include <string>

#include "app/config.h"
#include "parse/parser.h"
#include "parse/parsers/shadowserver/shadowserver_schema.h"

namespace belfry {

struct FeedSetup {
  std::unique_ptr<Parser> parser;
  ReportInfo info;
};

Result<FeedSetup> MakeFeed(const Config& config, const std::string& feed,
                           const std::string& report_type,
                           const std::shared_ptr<ShadowserverSchemaSource>& schema);

}  // namespace belfry
