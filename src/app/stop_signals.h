#pragma once
// The long-running verbs (run, serve): SIGTERM and Ctrl-C ask the service root's stop token
// to stop, SIGHUP (run) to reload. The handlers only set the token.

#include "core/stop_token.h"

namespace belfry {

// Installs the SIGTERM and SIGINT handlers and points them (and SIGHUP's) at `token`; called
// again when a reload swaps the service root.
void HandleStopSignals(StopToken* token);
// SIGHUP asks the current token to reload.
void HandleHangup();

}  // namespace belfry
