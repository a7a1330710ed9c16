#include "core/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <stdexcept>
#include <utility>

namespace lg::core::metrics {
namespace {

std::string Number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  if (std::isnan(value)) return "NaN";
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

// `name{labels} value\n`, braces only when there are labels.
void Line(std::string& out, std::string_view name, std::string_view labels, const std::string& value) {
  out.append(name);
  if (!labels.empty()) out.append("{").append(labels).append("}");
  out.append(" ").append(value).append("\n");
}

void Header(std::string& out, std::string_view name, std::string_view help, std::string_view type) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

std::string Joined(std::string_view labels, std::string_view more) {
  if (labels.empty()) return std::string(more);
  return std::string(labels) + "," + std::string(more);
}

class StringWriter : public SampleWriter {
 public:
  explicit StringWriter(std::map<std::string, std::string>& by_family) : by_family_(by_family) {}
  void Sample(std::string_view family, std::string_view labels, double value) override {
    // Two stores open in one process (tests) report the same series: the first one counts.
    if (!seen_.insert(std::string(family) + "{" + std::string(labels) + "}").second) return;
    Line(by_family_[std::string(family)], family, labels, Number(value));
  }

 private:
  std::map<std::string, std::string>& by_family_;
  std::set<std::string> seen_;
};

}  // namespace

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)) {
  if (bounds_.size() > kMaxBuckets || !std::is_sorted(bounds_.begin(), bounds_.end())) {
    throw std::invalid_argument("histogram bounds must be sorted and at most 16");
  }
}

void Histogram::Observe(double value) {
  size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

std::vector<double> LatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::string Label(std::string_view name, std::string_view value) {
  std::string out(name);
  out += "=\"";
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

Registry& Registry::Global() {
  static Registry registry;
  return registry;
}

Registry::Family& Registry::FamilyFor(const std::string& name, const std::string& help, const char* type) {
  Family& family = families_[name];
  if (family.type.empty()) {
    family.type = type;
    family.help = help;
  } else if (family.type != type) {
    throw std::logic_error("metric " + name + " registered as " + family.type + " and " + type);
  }
  return family;
}

Counter& Registry::GetCounter(const std::string& family, const std::string& help, const std::string& labels) {
  std::lock_guard lock(mu_);
  Family& f = FamilyFor(family, help, "counter");
  auto [it, added] = f.counters.try_emplace(labels, nullptr);
  if (added) it->second = &counters_.emplace_back();
  return *it->second;
}

Gauge& Registry::GetGauge(const std::string& family, const std::string& help, const std::string& labels) {
  std::lock_guard lock(mu_);
  Family& f = FamilyFor(family, help, "gauge");
  auto [it, added] = f.gauges.try_emplace(labels, nullptr);
  if (added) it->second = &gauges_.emplace_back();
  return *it->second;
}

Histogram& Registry::GetHistogram(const std::string& family, const std::string& help, const std::string& labels,
                                  const std::vector<double>& bounds) {
  std::lock_guard lock(mu_);
  Family& f = FamilyFor(family, help, "histogram");
  auto [it, added] = f.histograms.try_emplace(labels, nullptr);
  if (added) it->second = histograms_.emplace_back(std::make_unique<Histogram>(bounds)).get();
  return *it->second;
}

Registry::CollectorHandle Registry::AddCollector(std::vector<CollectedFamily> families, Collect collect) {
  std::lock_guard lock(mu_);
  uint64_t id = next_collector_++;
  collectors_[id] = Collector{std::move(families), std::move(collect)};
  return CollectorHandle(this, id);
}

Registry::CollectorHandle::~CollectorHandle() {
  if (!registry_) return;
  std::lock_guard lock(registry_->mu_);
  registry_->collectors_.erase(id_);
}

Registry::CollectorHandle::CollectorHandle(CollectorHandle&& other) noexcept
    : registry_(std::exchange(other.registry_, nullptr)), id_(other.id_) {}

Registry::CollectorHandle& Registry::CollectorHandle::operator=(CollectorHandle&& other) noexcept {
  if (this != &other) {
    CollectorHandle old(std::move(*this));
    registry_ = std::exchange(other.registry_, nullptr);
    id_ = other.id_;
  }
  return *this;
}

std::string Registry::Render() const {
  std::lock_guard lock(mu_);
  // Collected families first into their own texts, so each family is written in one piece.
  std::map<std::string, std::string> collected;
  std::map<std::string, std::pair<std::string, std::string>> collected_headers;  // name -> (type, help)
  StringWriter writer(collected);
  for (const auto& [id, collector] : collectors_) {
    for (const auto& f : collector.families) {
      collected_headers[f.name] = {f.type == Type::kCounter ? "counter" : "gauge", f.help};
    }
    collector.collect(writer);
  }
  std::map<std::string, std::string> text;  // family -> its lines, headers included
  for (const auto& [name, family] : families_) {
    std::string& out = text[name];
    Header(out, name, family.help, family.type);
    for (const auto& [labels, c] : family.counters) Line(out, name, labels, std::to_string(c->value()));
    for (const auto& [labels, g] : family.gauges) Line(out, name, labels, std::to_string(g->value()));
    for (const auto& [labels, h] : family.histograms) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i <= h->bounds().size(); ++i) {
        cumulative += h->bucket(i);
        const double le = i < h->bounds().size() ? h->bounds()[i] : INFINITY;
        Line(out, name + "_bucket", Joined(labels, Label("le", Number(le))), std::to_string(cumulative));
      }
      Line(out, name + "_sum", labels, Number(h->sum()));
      Line(out, name + "_count", labels, std::to_string(cumulative));
    }
  }
  for (const auto& [name, header] : collected_headers) {
    if (text.contains(name)) continue;  // a registered family's name wins
    std::string& out = text[name];
    Header(out, name, header.second, header.first);
    out.append(collected[name]);
  }
  std::string out;
  for (const auto& [name, lines] : text) out += lines;
  return out;
}

Counter& Rejected(std::string_view reason) {
  return Registry::Global().GetCounter("leadgate_rejections_total",
                                       "Requests, connections or writes refused by a limit, by reason",
                                       Label("reason", reason));
}

}  // namespace lg::core::metrics
