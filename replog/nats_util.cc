// The options of a connection to the cluster, shared by replog's NATS engines (see nats_util.h).
#include "replog/nats_util.h"

namespace lg::replog {

core::Result<OptionsPtr> ClusterOptions(const std::vector<std::string>& urls) {
  natsOptions* raw_options = nullptr;
  if (natsOptions_Create(&raw_options) != NATS_OK) return core::Status::Internal("cannot create NATS options");
  OptionsPtr opts(raw_options);
  std::vector<const char*> servers;
  servers.reserve(urls.size());
  for (const auto& url : urls) servers.push_back(url.c_str());
  natsOptions_SetServers(opts.get(), servers.data(), static_cast<int>(servers.size()));
  // A server that goes away is replaced by another of the cluster's, for as long as it takes.
  natsOptions_SetMaxReconnect(opts.get(), -1);
  natsOptions_SetReconnectWait(opts.get(), 100);
  natsOptions_SetTimeout(opts.get(), 2000);
  return opts;
}

}  // namespace lg::replog
