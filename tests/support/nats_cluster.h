#pragma once
// A JetStream cluster of real nats-server processes on 127.0.0.1 for one test
// (tools/common/nats_servers.h) in a TempDir of its own, removed with it.

#include "tests/support/temp_dir.h"
#include "tools/common/nats_servers.h"

namespace lg::test {

// The directory first, so it outlives the servers in it.
struct NatsClusterDir {
  TempDir dir;
};

class NatsCluster : private NatsClusterDir, public tools::NatsServers {
 public:
  // Starts `size` servers and waits until JetStream has a metadata leader (throws otherwise,
  // which fails the test with the server's log).
  explicit NatsCluster(int size = 3) : tools::NatsServers(dir.path(), size) {}
};

}  // namespace lg::test
