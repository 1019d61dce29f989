#pragma once
// Completes the classification as IntelMQ's taxonomy expert does: taxonomy from type via the
// RSIT table; both missing -> other/undetermined; taxonomy without type -> undetermined.

#include "model/event.h"

namespace belfry {

void CompleteClassification(Event* event);

}  // namespace belfry
