#include "core/metrics.h"

#include <fmt/format.h>

namespace belfry {

void Metrics::Describe(const std::string& name, const std::string& kind, const std::string& help) {
  std::lock_guard lock(mu_);
  auto& f = families_[name];
  f.kind = kind;
  f.help = help;
}

void Metrics::Set(const std::string& name, const std::string& labels, double value) {
  std::lock_guard lock(mu_);
  families_[name].samples[labels] = value;
}

void Metrics::Add(const std::string& name, const std::string& labels, double delta) {
  std::lock_guard lock(mu_);
  families_[name].samples[labels] += delta;
}

void Metrics::DescribeHistogram(const std::string& name, const std::string& help,
                                std::vector<double> bounds) {
  std::lock_guard lock(mu_);
  auto& h = histograms_[name];
  h.help = help;
  h.bounds = std::move(bounds);
}

void Metrics::Observe(const std::string& name, const std::string& labels, double value) {
  std::lock_guard lock(mu_);
  auto it = histograms_.find(name);
  if (it == histograms_.end()) return;  // observations of an undeclared histogram are dropped
  auto& series = it->second.series[labels];
  if (series.buckets.empty()) series.buckets.resize(it->second.bounds.size() + 1);
  size_t i = 0;
  while (i < it->second.bounds.size() && value > it->second.bounds[i]) ++i;
  ++series.buckets[i];
  series.sum += value;
}

std::string Metrics::Label(const std::string& key, const std::string& value) {
  std::string v;
  for (char c : value) {
    if (c == '\\')
      v += "\\\\";
    else if (c == '"')
      v += "\\\"";
    else if (c == '\n')
      v += "\\n";
    else
      v.push_back(c);
  }
  return fmt::format("{}=\"{}\"", key, v);
}

std::string Metrics::RenderPrometheus() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    if (f.samples.empty()) continue;
    if (!f.help.empty()) out += fmt::format("# HELP {} {}\n", name, f.help);
    out += fmt::format("# TYPE {} {}\n", name, f.kind.empty() ? "gauge" : f.kind);
    for (const auto& [labels, v] : f.samples)
      out += labels.empty() ? fmt::format("{} {}\n", name, v)
                            : fmt::format("{}{{{}}} {}\n", name, labels, v);
  }
  for (const auto& [name, h] : histograms_) {
    if (h.series.empty()) continue;
    if (!h.help.empty()) out += fmt::format("# HELP {} {}\n", name, h.help);
    out += fmt::format("# TYPE {} histogram\n", name);
    for (const auto& [labels, series] : h.series) {
      const std::string sep = labels.empty() ? "" : labels + ",";
      uint64_t cumulative = 0;
      for (size_t i = 0; i <= h.bounds.size(); ++i) {
        cumulative += series.buckets[i];
        const std::string le = i < h.bounds.size() ? fmt::format("{}", h.bounds[i]) : "+Inf";
        out += fmt::format("{}_bucket{{{}le=\"{}\"}} {}\n", name, sep, le, cumulative);
      }
      const std::string braces = labels.empty() ? "" : "{" + labels + "}";
      out += fmt::format("{}_sum{} {}\n{}_count{} {}\n", name, braces, series.sum, name, braces,
                         cumulative);
    }
  }
  return out;
}

}  // namespace belfry
