#pragma once
// The newsletter (docs/PUBLISHING.md):
//   belfry newsletter subscribe EMAIL [--audience pro|citizen] [--lang L] [--confirmed]
//   belfry newsletter import FILE.csv [--confirmed]   (email,audience,lang)
//   belfry newsletter unsubscribe EMAIL [--audience A]
//   belfry newsletter subscribers [--audience A] [--lang L] [--state S] [--json]
//   belfry newsletter intro --audience A --lang L FILE.md|-
//   belfry newsletter preview --audience A --lang L [--format text|html|subject]
//   belfry newsletter send [--audience A] [--lang L] [--force] [--no-send]
//   belfry newsletter issues [--json]
// and the schedule that `belfry run` keeps.

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "app/cli_common.h"

namespace belfry {

class Services;

struct NewsletterCli {
  CLI::App *subscribe = nullptr, *import = nullptr, *unsubscribe = nullptr,
           *subscribers = nullptr,
           *intro = nullptr, *preview = nullptr, *send = nullptr, *issues = nullptr;
  std::string email, audience, lang, state, file, format = "text", actor;
  bool confirmed = false, force = false, no_send = false;
};

void AddNewsletterCommands(CLI::App* app, Common* common, NewsletterCli* cli);
std::optional<int> RunNewsletterCommand(const NewsletterCli& cli, Services& services);
// `belfry run`'s tick: the editions whose time has come go out (logged, never fatal).
void SendScheduledNewsletters(Services& services);

}  // namespace belfry
