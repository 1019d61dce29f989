#include "notify/event_formats.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/text.h"
#include "model/event_json.h"

namespace belfry {

std::string FieldText(const Event& event, FieldId id) {
  auto v = event.Get(id);
  return v ? std::string(*v) : std::string();
}

std::string CsvCell(std::string_view value, char delimiter) {
  std::string v;
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' ||
                         value[0] == '@' || value[0] == '\t' || value[0] == '\r'))
    v.push_back('\'');
  v.append(value);
  if (v.find_first_of(std::string{'"', '\n', '\r', delimiter}) == std::string::npos &&
      v.find('\'') != 0)
    return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

namespace {

// The order a CSIRT reads a finding in: when, which host, what, then details.
constexpr std::string_view kUsualColumns[] = {
    "time.source",          "source.ip",           "source.port",
    "source.asn",           "source.network",      "source.fqdn",
    "source.reverse_dns",   "source.url",          "protocol.transport",
    "protocol.application", "classification.type", "classification.identifier",
    "malware.name",         "destination.ip",      "destination.port",
    "destination.fqdn",     "product.vendor",      "product.product",
    "product.version",      "product.vulnerabilities", "feed.name",
};

}  // namespace

std::vector<std::string> TableColumns(const std::vector<const Event*>& events) {
  std::vector<std::string> out;
  for (std::string_view name : kUsualColumns) {
    auto id = FieldRegistry::Find(name);
    if (!id) continue;
    for (const Event* e : events) {
      if (e->Has(*id)) {
        out.emplace_back(name);
        break;
      }
    }
  }
  std::set<std::string> extras;
  for (const Event* e : events) {
    e->ForEachExtra([&](const Event::ExtraView& x) {
      // Routing bookkeeping is ours, not the recipient's.
      if (x.key == "route" || x.key == "route_to") return;
      extras.insert(fmt::format("extra.{}", x.key));
    });
  }
  out.insert(out.end(), extras.begin(), extras.end());
  return out;
}

std::string ColumnValue(const Event& event, const std::string& column) {
  if (column.rfind("extra.", 0) == 0) {
    auto x = event.GetExtra(std::string_view(column).substr(6));
    return x ? std::string(x->value) : std::string();
  }
  auto id = FieldRegistry::Find(column);
  return id ? FieldText(event, *id) : std::string();
}

std::string EventsCsv(const std::vector<const Event*>& events, char delimiter) {
  const auto columns = TableColumns(events);
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (i) out.push_back(delimiter);
    out += CsvCell(columns[i], delimiter);
  }
  out += "\r\n";  // RFC 4180
  for (const Event* e : events) {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i) out.push_back(delimiter);
      out += CsvCell(ColumnValue(*e, columns[i]), delimiter);
    }
    out += "\r\n";
  }
  return out;
}

std::string EventsJson(const std::vector<const Event*>& events) {
  std::string out = "[";
  Event copy;
  for (const Event* e : events) {
    if (out.size() > 1) out += ",\n";
    copy.CopyFrom(*e);
    copy.RemoveExtra("route");
    copy.RemoveExtra("route_to");
    out += EventToJson(copy);
  }
  out += "]\n";
  return out;
}

}  // namespace belfry
