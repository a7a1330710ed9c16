#include "app/cluster_options.h"

#include <sstream>

namespace lg::app {
namespace {

std::vector<std::string> SplitUrls(const std::string& urls) {
  std::vector<std::string> out;
  std::stringstream in(urls);
  for (std::string url; std::getline(in, url, ',');) {
    while (!url.empty() && url.front() == ' ') url.erase(url.begin());
    while (!url.empty() && url.back() == ' ') url.pop_back();
    if (!url.empty()) out.push_back(url);
  }
  return out;
}

}  // namespace

replog::NatsLogOptions LogOptionsFrom(const core::Config& config) {
  replog::NatsLogOptions options;
  options.urls = SplitUrls(config.cluster_nats_urls);
  options.stream = config.cluster_stream;
  options.replicas = static_cast<int>(config.cluster_stream_replicas);
  options.max_entries = config.cluster_stream_max_entries;
  options.max_age = std::chrono::hours(config.cluster_stream_max_age_hours);
  return options;
}

replog::NatsCheckpointOptions CopyOptionsFrom(const core::Config& config) {
  replog::NatsCheckpointOptions options;
  options.urls = SplitUrls(config.cluster_nats_urls);
  options.prefix = config.cluster_stream;
  options.node = static_cast<uint32_t>(config.cluster_node_id);
  return options;
}

}  // namespace lg::app
