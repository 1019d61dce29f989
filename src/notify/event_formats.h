#pragma once
// How a notification carries its events: a CSV attachment (IntelMQ field names as column
// titles, `,` or `;`), CSV inline in the body, a JSON attachment (IntelMQ's format), or one
// X-ARF v4 report per event (xarf_report.h); the contact's choice is a ContactFormat
// (constituency/contact_format.h). Pure functions over events.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "constituency/contact_format.h"
#include "model/event.h"

namespace belfry {

// A field's value as text ("" when absent).
std::string FieldText(const Event& event, FieldId id);

// A spreadsheet cell that cannot run: text beginning with = + - @ (or a tab or carriage
// return) gets a leading apostrophe (OWASP "CSV injection"); then quoted when needed.
std::string CsvCell(std::string_view value, char delimiter);

// The columns of a group: the usual IntelMQ fields that any of the events has, in a fixed
// order, then the events' extra.* keys sorted.
std::vector<std::string> TableColumns(const std::vector<const Event*>& events);
// One value of an event by column name ("" when absent).
std::string ColumnValue(const Event& event, const std::string& column);
std::string EventsCsv(const std::vector<const Event*>& events, char delimiter);
// A JSON array of the events in IntelMQ's format (without raw).
std::string EventsJson(const std::vector<const Event*>& events);

}  // namespace belfry
