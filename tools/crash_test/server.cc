#include "tools/crash_test/server.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

extern char** environ;

namespace lg::crash_test {

namespace {

using Clock = std::chrono::steady_clock;

std::string Describe(int status) {
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("signal ") + strsignal(WTERMSIG(status));
  return "status " + std::to_string(status);
}

}  // namespace

Server::Server(std::string binary, std::string data_dir, std::string log_path, std::vector<std::string> sets,
               std::vector<std::string> env)
    : binary_(std::move(binary)),
      data_dir_(std::move(data_dir)),
      log_path_(std::move(log_path)),
      sets_(std::move(sets)),
      env_(std::move(env)) {}

Server::~Server() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

bool Server::Start(std::string& error) {
  // Appended to, so the log of every start stays readable after a failure (the port is read
  // from the last start's lines: see ListeningPort).
  int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    error = "cannot open " + log_path_;
    return false;
  }
  log_start_ = static_cast<size_t>(::lseek(log_fd, 0, SEEK_END));
  std::vector<std::string> args = {binary_, "serve", "--data-dir", data_dir_, "--listen", "127.0.0.1", "--port", "0"};
  for (const auto& set : sets_) {
    args.emplace_back("--set");
    args.push_back(set);
  }
  // The environment is built before fork: the child may only make async-signal-safe calls.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) env_strings.emplace_back(*e);
  env_strings.insert(env_strings.end(), env_.begin(), env_.end());
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    error = std::string("fork: ") + std::strerror(errno);
    return false;
  }
  if (pid == 0) {
    // The server must not outlive the test, even when the test itself is killed.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execve(binary_.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(log_fd);
  pid_ = pid;
  auto start = Clock::now();
  while (Clock::now() - start < start_limit_) {
    if (auto port = ListeningPort()) {
      port_ = *port;
      return true;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error = "the server exited during start-up (" + Describe(status) + "); log:\n" + LogTail();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  error = "the server did not report a listening port within " + std::to_string(start_limit_.count()) + " s; log:\n" +
          LogTail();
  return false;
}

std::optional<std::string> Server::Kill() {
  std::optional<std::string> problem;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    problem = "the server died before it was killed (" + Describe(status) + "); log:\n" + LogTail();
  } else {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, &status, 0);
  }
  pid_ = -1;
  return problem;
}

namespace {
int ExitStatus(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }
}  // namespace

int Server::Terminate() {
  int status = 0;
  ::kill(pid_, SIGTERM);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return ExitStatus(status);
}

void Server::Pause() { ::kill(pid_, SIGSTOP); }
void Server::Resume() { ::kill(pid_, SIGCONT); }

std::optional<int> Server::WaitForExit(std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (true) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return ExitStatus(status);
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string Server::LogTail() const {
  std::ifstream in(log_path_);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string out;
  for (size_t i = lines.size() > 20 ? lines.size() - 20 : 0; i < lines.size(); ++i) out += "    " + lines[i] + "\n";
  return out;
}

std::optional<uint16_t> Server::ListeningPort() const {
  std::ifstream in(log_path_);
  in.seekg(static_cast<std::streamoff>(log_start_));
  for (std::string line; std::getline(in, line);) {
    if (line.find(R"("event":"listening")") == std::string::npos) continue;
    auto at = line.find(R"("port":")");
    if (at == std::string::npos) continue;
    int port = std::atoi(line.c_str() + at + 8);
    if (port > 0 && port < 65536) return static_cast<uint16_t>(port);
  }
  return std::nullopt;
}

}  // namespace lg::crash_test
