#pragma once
// Ticket numbers in subjects, as RT writes and reads them: "[BELFRY #1234] Compromised FTP
// account". Our own tag (and the old ones we used) finds the ticket; other teams' tags
// ("[CERT.at #5521]") are kept in our replies so that their trackers thread them too.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace belfry {

// The ticket number in the first "[<tag> #<n>]" of `subject` whose tag is one of `tags`
// (case-insensitive).
std::optional<int64_t> FindTicketTag(std::string_view subject, const std::vector<std::string>& tags);
// Every "[<tag> #<n>]" whose tag is not one of `ours`, in order.
std::vector<std::string> ForeignTags(std::string_view subject, const std::vector<std::string>& ours);
// The subject without reply/forward prefixes (Re:, Fwd:, AW:, TR:, Antw:, RE[2]: ...) and
// without any "[<tag> #<n>]".
std::string BareSubject(std::string_view subject);
// "[<tag> #<id>] <foreign tags> <bare subject>".
std::string TaggedSubject(std::string_view tag, int64_t id, std::string_view bare,
                          std::string_view foreign_tags);

}  // namespace belfry
