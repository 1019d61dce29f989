#include "constituency/constituency_holder.h"

namespace belfry {

Result<bool> ConstituencyHolder::Refresh() {
  auto version = store_->Version();
  if (!version) return Fail(version.error());
  if (loaded_ && *version == current_.load()->version()) return false;
  auto index = ConstituencyIndex::Build(store_, config_);
  if (!index) return Fail(index.error());
  current_.store(std::move(*index));
  loaded_ = true;
  return true;
}

}  // namespace belfry
