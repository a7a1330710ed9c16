#pragma once
// `leadgate cluster status`: asks a running node (GET /v2/admin/cluster, an admin token) and
// prints the log's stream with its leader, replicas and length, and the node's applied position
// and lag.

#include <string>

namespace lg::tools {

// Returns the exit status: 0 printed, 1 the node could not be asked or refused.
int PrintClusterStatus(const std::string& url, const std::string& token);

}  // namespace lg::tools
