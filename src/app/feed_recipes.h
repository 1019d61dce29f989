#pragma once
// Built-in recipes for feeds CSIRTs commonly subscribe to (after IntelMQ's feeds.yaml):
// `belfry feeds add NAME` writes a ready [[feeds]] entry, source and parser mapping included.

#include <string>
#include <vector>

#include "app/cli_common.h"

namespace belfry {

struct FeedRecipe {
  std::string name;
  std::string title;  // provider and feed, as feeds.yaml names them
  std::string documentation;
  std::vector<std::string> placeholders;  // "<CC>" style markers the operator fills with --set
  std::string toml;                       // the [[feeds]] entry
};

const std::vector<FeedRecipe>& FeedRecipes();
const FeedRecipe* FindRecipe(const std::string& name);
// The recipe's entry with its placeholders filled ("cc=BE" fills <CC>) and, when `as_name` is
// given, that feed name. Errors name a placeholder left open.
Result<std::string> RenderRecipe(const FeedRecipe& recipe, const std::string& as_name,
                                 const std::vector<std::string>& sets);

int CmdFeedsRecipes(bool json);
int CmdFeedsAdd(const Config& config, const Common& common, const std::string& recipe,
                const std::string& as_name, const std::vector<std::string>& sets,
                const std::string& output);

}  // namespace belfry
