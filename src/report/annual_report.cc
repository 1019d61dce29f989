#include "report/annual_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.h"

namespace belfry {

namespace {

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr const char* kColors[] = {"#0b57d0", "#bc4c00", "#1a7f37", "#a40e26", "#8250df",
                                   "#6e7781", "#bf8700", "#0969da", "#cf222e", "#116329"};

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos &&
      (s.empty() || (s[0] != '=' && s[0] != '+' && s[0] != '-' && s[0] != '@')))
    return std::string(s);
  std::string out = "\"";
  if (!s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@')) out += "'";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

// The largest `n` entries, descending.
std::vector<std::pair<std::string, int64_t>> Top(const std::map<std::string, int64_t, std::less<>>& m,
                                                 size_t n) {
  std::vector<std::pair<std::string, int64_t>> v(m.begin(), m.end());
  std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.second > b.second; });
  if (v.size() > n) v.resize(n);
  return v;
}

// A line chart of monthly series: an SVG that needs no script and no font beyond the default.
std::string LineChart(const std::string& title,
                      const std::vector<std::pair<std::string, std::array<int64_t, 12>>>& series) {
  const int w = 720, h = 300, left = 60, right = 170, top = 30, bottom = 40;
  int64_t max = 1;
  for (const auto& [name, v] : series)
    for (int64_t x : v) max = std::max(max, x);
  // A round top value for the axis.
  int64_t step = 1;
  while (step * 10 < max) step *= 10;
  int64_t axis = ((max + step - 1) / step) * step;
  const double pw = w - left - right, ph = h - top - bottom;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" "
      "height=\"{1}\" role=\"img\" aria-label=\"{2}\" font-family=\"sans-serif\" font-size=\"11\">\n"
      "<title>{2}</title>\n<text x=\"{3}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{2}</text>\n",
      w, h, EscapeHtml(title), left);
  for (int i = 0; i <= 4; ++i) {
    const double y = top + ph - ph * i / 4;
    out += fmt::format("<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#d0d7de\"/>"
                       "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>\n",
                       left, y, left + pw, y, left - 6, y + 4, axis * i / 4);
  }
  for (int m = 0; m < 12; ++m)
    out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                       left + pw * m / 11, h - bottom + 16, kMonths[m]);
  size_t i = 0;
  for (const auto& [name, v] : series) {
    const char* color = kColors[i % std::size(kColors)];
    std::string points;
    for (int m = 0; m < 12; ++m)
      points += fmt::format("{:.1f},{:.1f} ", left + pw * m / 11,
                            top + ph - ph * static_cast<double>(v[static_cast<size_t>(m)]) / static_cast<double>(axis));
    out += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>\n",
                       color, points);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>"
                       "<text x=\"{}\" y=\"{}\">{}</text>\n",
                       w - right + 12, top + 16 * static_cast<int>(i), color, w - right + 26,
                       top + 9 + 16 * static_cast<int>(i), EscapeHtml(name));
    ++i;
  }
  return out + "</svg>\n";
}

std::string Table(const std::string& caption, const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows) {
  std::string out = fmt::format("<table>\n<caption>{}</caption>\n<tr>", EscapeHtml(caption));
  for (const auto& h : header) {
    out += "<th>";
    out += EscapeHtml(h);
    out += "</th>";
  }
  out += "</tr>\n";
  for (const auto& r : rows) {
    out += "<tr>";
    for (size_t i = 0; i < r.size(); ++i) {
      out += i ? "<td class=\"n\">" : "<td>";
      out += EscapeHtml(r[i]);
      out += "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

std::string Csv(const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  auto line = [&](const std::vector<std::string>& r) {
    for (size_t i = 0; i < r.size(); ++i) {
      if (i) out += ',';
      out += CsvField(r[i]);
    }
    out += "\n";
  };
  line(header);
  for (const auto& r : rows) line(r);
  return out;
}

// 1234567 -> "1,234,567".
std::string N(int64_t v) {
  const std::string digits = std::to_string(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

void AnnualEventFigures::Add(int month, std::string_view type, const std::optional<Route>& route,
                             std::string_view ip, std::string_view malware) {
  if (month < 0 || month > 11) return;
  ++events;
  auto t = by_type.find(type);
  if (t == by_type.end()) t = by_type.emplace(std::string(type.empty() ? "unknown" : type), std::array<int64_t, 12>{}).first;
  ++t->second[static_cast<size_t>(month)];
  if (!route || route->kind != RouteKind::kConstituent || route->org.empty()) return;
  auto s = sector_cache_.find(route->org);
  if (s == sector_cache_.end()) s = sector_cache_.emplace(route->org, sector_ ? sector_(route->org) : "").first;
  ++by_sector[s->second.empty() ? "unknown" : s->second];
  if (type == "infected-system" && !ip.empty()) {
    auto f = infected_.find(malware);
    if (f == infected_.end()) f = infected_.emplace(std::string(malware.empty() ? "unknown" : malware), std::array<std::unordered_set<std::string>, 12>{}).first;
    f->second[static_cast<size_t>(month)].emplace(ip);
  }
}

std::map<std::string, std::array<int64_t, 12>> AnnualEventFigures::InfectedByFamily() const {
  std::map<std::string, std::array<int64_t, 12>> out;
  for (const auto& [family, months] : infected_)
    for (size_t m = 0; m < 12; ++m) out[family][m] = static_cast<int64_t>(months[m].size());
  return out;
}

std::vector<ReportFile> RenderAnnualReport(const AnnualFigures& f) {
  std::vector<ReportFile> files;
  std::string body;
  auto section = [&](const std::string& title, const std::string& csv_name,
                     const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows) {
    body += Table(title, header, rows);
    std::string name = "csv/";
    name += csv_name;
    files.push_back({std::move(name), Csv(header, rows)});
  };
  // Tickets: reports received, incidents treated, investigations run.
  std::vector<std::vector<std::string>> tickets;
  for (const char* q : {"reports", "incidents", "investigations", "countermeasures"}) {
    auto c = f.tickets_created.find(q);
    auto r = f.tickets_resolved.find(q);
    tickets.push_back({q, N(c == f.tickets_created.end() ? 0 : c->second),
                       N(r == f.tickets_resolved.end() ? 0 : r->second)});
  }
  body += "<h2>Incident handling</h2>\n";
  section("Tickets opened and closed", "tickets.csv", {"queue", "opened", "closed"}, tickets);
  if (f.median_response_seconds >= 0)
    body += fmt::format("<p>Median time to first response: {:.1f} hours.</p>\n",
                        static_cast<double>(f.median_response_seconds) / 3600);
  auto top_rows = [](const std::map<std::string, int64_t>& m, size_t n) {
    std::map<std::string, int64_t, std::less<>> copy(m.begin(), m.end());
    std::vector<std::vector<std::string>> rows;
    for (const auto& [k, v] : Top(copy, n)) rows.push_back({k, N(v)});
    return rows;
  };
  section("Incidents by classification", "incidents-by-classification.csv", {"classification", "incidents"},
          top_rows(f.incidents_by_classification, 20));
  section("Incidents by sector", "incidents-by-sector.csv", {"sector", "incidents"},
          top_rows(f.incidents_by_sector, 20));
  body += "<h2>Notifications and publications</h2>\n";
  section("Notifications", "notifications.csv", {"what", "count"},
          {{"notification mails sent", N(f.notifications)},
           {"events notified", N(f.notified_events)},
           {"organisations notified", N(f.notified_organisations)},
           {"vulnerability notices (investigations)", N(f.vulnerability_notices)}});
  std::vector<std::vector<std::string>> pubs;
  for (const auto& [k, v] : f.publications) pubs.push_back({k, N(v)});
  pubs.push_back({"newsletter issues", N(f.newsletter_issues)});
  section("Publications", "publications.csv", {"publication", "count"}, pubs);
  // Events.
  if (f.events) {
    const auto& e = *f.events;
    body += fmt::format("<h2>Events</h2>\n<p>{} events collected and processed.</p>\n", N(static_cast<int64_t>(e.events)));
    std::map<std::string, int64_t, std::less<>> totals;
    for (const auto& [type, months] : e.by_type)
      for (int64_t v : months) totals[type] += v;
    std::vector<std::pair<std::string, std::array<int64_t, 12>>> type_series;
    std::vector<std::vector<std::string>> monthly;
    for (const auto& [type, total] : Top(totals, 8)) type_series.emplace_back(type, e.by_type.find(type)->second);
    for (const auto& [type, months] : e.by_type) {
      std::vector<std::string> row = {type};
      for (int64_t v : months) row.push_back(std::to_string(v));
      monthly.push_back(row);
    }
    const std::string events_svg = LineChart("Events per classification per month", type_series);
    files.push_back({"events-per-classification.svg", events_svg});
    body += "<figure>" + events_svg + "</figure>\n";
    std::vector<std::string> header = {"classification"};
    for (const char* m : kMonths) header.push_back(m);
    section("Events per classification per month", "events-per-month.csv", header, monthly);
    section("Top classifications", "top-classifications.csv", {"classification", "events"},
            [&] {
              std::vector<std::vector<std::string>> rows;
              for (const auto& [k, v] : Top(totals, 10)) rows.push_back({k, N(v)});
              return rows;
            }());
    section("Constituents' events by sector", "events-by-sector.csv", {"sector", "events"}, [&] {
      std::vector<std::vector<std::string>> rows;
      for (const auto& [k, v] : Top(e.by_sector, 20)) rows.push_back({k, N(v)});
      return rows;
    }());
    auto infected = e.InfectedByFamily();
    std::map<std::string, int64_t, std::less<>> peak;
    for (const auto& [fam, months] : infected) peak[fam] = *std::max_element(months.begin(), months.end());
    std::vector<std::pair<std::string, std::array<int64_t, 12>>> fam_series;
    for (const auto& [fam, v] : Top(peak, 8)) fam_series.emplace_back(fam, infected[fam]);
    const std::string infected_svg =
        LineChart("Infected hosts per malware family (distinct addresses a month)", fam_series);
    files.push_back({"infected-hosts.svg", infected_svg});
    body += "<figure>" + infected_svg + "</figure>\n";
    std::vector<std::vector<std::string>> fam_rows;
    for (const auto& [fam, months] : infected) {
      std::vector<std::string> row = {fam};
      for (int64_t v : months) row.push_back(std::to_string(v));
      fam_rows.push_back(row);
    }
    std::vector<std::string> fam_header = {"malware family"};
    for (const char* m : kMonths) fam_header.push_back(m);
    section("Infected hosts per malware family per month", "infected-hosts-per-month.csv",
            fam_header, fam_rows);
  }
  const std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>{0}: annual report {1}</title>\n<style>\n"
      "body{{font:12pt/1.45 sans-serif;max-width:50rem;margin:2rem auto;color:#1b1f24}}"
      "table{{border-collapse:collapse;margin:1rem 0;min-width:60%}}caption{{text-align:left;"
      "font-weight:bold;padding:.3rem 0}}td,th{{border:1px solid #d0d7de;padding:.2rem .5rem;"
      "text-align:left}}td.n{{text-align:right}}figure{{margin:1rem 0}}h2{{border-bottom:1px "
      "solid #d0d7de;margin-top:2rem}}@page{{size:A4;margin:15mm}}\n</style>\n</head>\n<body>\n"
      "<h1>{0}<br>Annual report {1}</h1>\n{2}</body>\n</html>\n",
      EscapeHtml(f.team), f.year, body);
  files.insert(files.begin(), {fmt::format("annual-{}.html", f.year), html});
  return files;
}

}  // namespace belfry
