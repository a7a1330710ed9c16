#pragma once
// A JetStream cluster of real nats-server processes on 127.0.0.1 (tests, the crash test, the
// cluster benchmark): each server in its own directory under `dir`, client ports chosen by the
// servers themselves (read from their ports files), route ports bound at 0 and handed over (a
// JetStream cluster needs its routes configured up front). Every process is started by fork/exec
// and stopped by its pid; none outlives this process. Failures throw std::runtime_error with the
// server's log.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace lg::tools {

class NatsServers {
 public:
  // Starts `size` servers under `dir` (which must exist) and waits until JetStream has a
  // metadata leader.
  NatsServers(std::string dir, int size = 3);
  ~NatsServers();  // SIGKILLs what still runs
  NatsServers(const NatsServers&) = delete;
  NatsServers& operator=(const NatsServers&) = delete;

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

  std::string dir_;
  std::vector<Server> servers_;
};

}  // namespace lg::tools
