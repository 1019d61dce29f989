#pragma once
// Bounces come back to a VERP envelope sender (bounces+<tag>@domain): the tag names what
// bounced. These are the header fields of a returned mail where that address shows.

#include <string_view>
#include <vector>

namespace belfry {

// The values of To, Delivered-To, X-Original-To and Envelope-To in the header of `raw`, in
// order (pure; views into `raw`).
std::vector<std::string_view> EnvelopeRecipientFields(std::string_view raw);

}  // namespace belfry
