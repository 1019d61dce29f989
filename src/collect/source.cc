#include "collect/source.h"

#include <fmt/format.h>

#include <cstdlib>

namespace belfry {

Result<std::string> ResolveSecret(const std::string& value, const std::string& key,
                                  const std::string& fallback_env) {
  std::string env = fallback_env;
  if (!value.empty() && value[0] == '$')
    env = value.substr(1);
  else if (!value.empty())
    return value;
  const char* v = env.empty() ? nullptr : std::getenv(env.c_str());
  if (!v || !*v)
    return Fail(Error::InvalidConfig(
        env.empty()
            ? fmt::format("{} is not set", key)
            : fmt::format("{} is not set: set it in the configuration or in ${}", key, env)));
  return std::string(v);
}

}  // namespace belfry
