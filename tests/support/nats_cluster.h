#pragma once
// A JetStream cluster of real nats-server processes on 127.0.0.1 for one test: each server in
// its own directory under a TempDir, client ports chosen by the servers themselves (read from
// their ports files), route ports bound at 0 and handed over (a JetStream cluster needs its
// routes configured up front). Every process is started by fork/exec and stopped by its pid;
// none outlives the test process.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace lg::test {

class NatsCluster {
 public:
  // Starts `size` servers and waits until JetStream has a metadata leader (BOOST_REQUIRE).
  explicit NatsCluster(int size = 3);
  ~NatsCluster();  // SIGKILLs what still runs
  NatsCluster(const NatsCluster&) = delete;
  NatsCluster& operator=(const NatsCluster&) = delete;

  int size() const { return static_cast<int>(servers_.size()); }
  // nats://127.0.0.1:port of every server, as a client is configured with them.
  std::vector<std::string> urls() const;
  std::string url(int server) const;
  // The server_name of `server` ("n1", "n2", ...), as JetStream reports leaders.
  std::string name(int server) const { return "n" + std::to_string(server + 1); }
  int index_of(const std::string& server_name) const;

  void Kill(int server);  // SIGKILL, and reaped
  // Starts a stopped server again with its store and ports; waits until it accepts clients.
  void Restart(int server);
  bool running(int server) const { return servers_[server].pid > 0; }
  // SIGSTOP / SIGCONT: a server frozen with whatever it holds in memory.
  void Pause(int server);
  void Resume(int server);
  // A copy of a (paused or stopped) server's JetStream store, and putting it back in place of a
  // stopped server's: as if what came after the copy was never written to its disk.
  void CopyStore(int server);
  void RestoreStore(int server);
  // The end of a server's log, for failure messages.
  std::string LogTail(int server) const;

 private:
  struct Server {
    std::string dir;
    int client_port = 0;
    int route_port = 0;
    pid_t pid = -1;
  };
  void WriteConfig(int server) const;
  void Start(int server);
  bool WaitForMetaLeader(std::chrono::milliseconds limit) const;

  TempDir dir_;
  std::vector<Server> servers_;
};

}  // namespace lg::test
