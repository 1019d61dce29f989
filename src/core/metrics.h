#pragma once
// The process's metrics, in one place: loops set gauges and count; the Prometheus text
// rendering is what `belfry run` writes to metrics.prom (node_exporter's textfile collector)
// and what the HTTP /metrics endpoint serves. Thread-safe.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace belfry {

class Metrics {
 public:
  // Declares a metric family (kind "gauge" or "counter") with its help text.
  void Describe(const std::string& name, const std::string& kind, const std::string& help);
  // Sets one sample: `labels` is the Prometheus label set, e.g. feed="shadowserver".
  void Set(const std::string& name, const std::string& labels, double value);
  void Add(const std::string& name, const std::string& labels, double delta);
  // A histogram family with these upper bounds (ascending); Observe adds one observation.
  void DescribeHistogram(const std::string& name, const std::string& help,
                         std::vector<double> bounds);
  void Observe(const std::string& name, const std::string& labels, double value);
  // Prometheus text exposition format, families in name order.
  std::string RenderPrometheus() const;
  // A label value with quotes, backslashes and newlines made harmless.
  static std::string Label(const std::string& key, const std::string& value);

 private:
  struct Family {
    std::string kind, help;
    std::map<std::string, double> samples;  // by label set
  };
  struct Histogram {
    std::string help;
    std::vector<double> bounds;
    struct Series {
      std::vector<uint64_t> buckets;  // per bound, not cumulative; one more for +Inf
      double sum = 0;
    };
    std::map<std::string, Series> series;  // by label set
  };
  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
  std::map<std::string, Histogram> histograms_;
};

}  // namespace belfry
