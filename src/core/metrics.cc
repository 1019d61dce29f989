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
  return out;
}

}  // namespace belfry
