#pragma once
// The parsers and source kinds this build knows: the one place that registers them.
// Adding a parser or a source kind is its own file plus one line in builtin_registries.cc.

#include <memory>

#include "collect/source_registry.h"
#include "parse/parser_registry.h"
#include "parse/parsers/shadowserver/shadowserver_schema.h"

namespace belfry {

// `schema` feeds the Shadowserver parser; null registers the names only (for validation).
void RegisterBuiltinParsers(ParserRegistry* registry,
                            std::shared_ptr<ShadowserverSchemaSource> schema);
void RegisterBuiltinSources(SourceRegistry* registry);

// Names only, for reading the configuration.
const ParserRegistry& BuiltinParserNames();
const SourceRegistry& BuiltinSources();

}  // namespace belfry
