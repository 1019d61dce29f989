// Fuzz target: what the newsletter reads from outside: an address typed into the public
// form, a returned mail's VERP address, an editorial or advisory Markdown summarised, and a
// subscription form body.
#include <cstdint>
#include <string>
#include <string_view>

#include "newsletter/newsletter.h"
#include "newsletter/newsletter_desk.h"
#include "newsletter/newsletter_render.h"
#include "web/web_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)belfry::NormalizeMailAddress(text.substr(0, 400));
  (void)belfry::ParseNewsletterBounceAddress(text.substr(0, 400));
  (void)belfry::BouncedSubscriber(text);
  // Markdown on every eighth input (by length): cmark costs what the rest costs many times
  // over, and the replay of the whole corpus in the normal build must stay quick.
  if (size % 8 == 0) (void)belfry::AdvisorySummary(text.substr(0, 4096), 64);
  (void)belfry::WithUnsubscribeLink(text, "https://cert.example.be/u?token=<x>", true);
  (void)belfry::ParseTarget("/?" + std::string(text.substr(0, 4096)));
  return 0;
}
