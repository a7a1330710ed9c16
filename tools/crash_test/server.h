#pragma once
// The server under test as a child process: started on a free port (read from its log), killed
// with SIGKILL, or stopped with SIGTERM; always by its own pid, and never outliving the test.

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lg::crash_test {

class Server {
 public:
  // `binary serve --data-dir data_dir --port 0 --set <sets>...`, its log in `log_path`, with
  // `env` ("NAME=value") added to the test's environment.
  Server(std::string binary, std::string data_dir, std::string log_path, std::vector<std::string> sets,
         std::vector<std::string> env);
  ~Server();  // SIGKILLs a server still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // How long Start waits for the server to listen (a cluster node first catches up with the log).
  void set_start_limit(std::chrono::seconds limit) { start_limit_ = limit; }

  // Starts the server and waits (at most 15 s, see set_start_limit) until it listens. False, with `error` set, when it
  // exits or does not listen in time.
  bool Start(std::string& error);
  // SIGKILL and reap. Returns a problem when the server was already gone (it died by itself).
  std::optional<std::string> Kill();
  // SIGTERM and reap; the exit status (128 + signal when killed by one).
  int Terminate();
  // SIGSTOP / SIGCONT: a server frozen with whatever it holds (a machine cut off for a while).
  void Pause();
  void Resume();
  // Waits up to `limit` for the server to exit by itself and reaps it: its exit status (as
  // Terminate's), or nothing when it still runs.
  std::optional<int> WaitForExit(std::chrono::milliseconds limit);

  uint16_t port() const { return port_; }
  // The last 20 lines of the log, indented.
  std::string LogTail() const;

 private:
  std::optional<uint16_t> ListeningPort() const;

  const std::string binary_, data_dir_, log_path_;
  const std::vector<std::string> sets_, env_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::chrono::seconds start_limit_{15};
  size_t log_start_ = 0;  // where this start's lines begin in the (appended) log
};

}  // namespace lg::crash_test
