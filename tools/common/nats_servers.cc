#include "tools/common/nats_servers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace lg::tools {
namespace {

void Require(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what);
}

// Polls `done` every few milliseconds for at most `limit`; its last answer.
template <typename Done>
bool WaitUntil(Done done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Ports the kernel picks for sockets bound at 127.0.0.1:0, all held until every one is picked so
// they differ, then released for the servers to bind.
std::vector<int> FreePorts(int count) {
  std::vector<int> fds, ports;
  for (int i = 0; i < count; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    Require(fd >= 0, "socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    Require(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0, "bind() failed");
    socklen_t len = sizeof addr;
    Require(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0, "getsockname() failed");
    fds.push_back(fd);
    ports.push_back(ntohs(addr.sin_port));
  }
  for (int fd : fds) ::close(fd);
  return ports;
}

}  // namespace

NatsServers::NatsServers(std::string dir, int size) : dir_(std::move(dir)) {
  std::vector<int> route_ports = FreePorts(size);
  servers_.resize(size);
  for (int i = 0; i < size; ++i) {
    servers_[i].dir = dir_ + "/" + name(i);
    std::filesystem::create_directories(servers_[i].dir + "/ports");
    servers_[i].route_port = route_ports[i];
  }
  for (int i = 0; i < size; ++i) Start(i);
  Require(WaitForMetaLeader(std::chrono::seconds(20)),
          "the JetStream cluster elected no metadata leader; n1's log:\n" + LogTail(0));
}

NatsServers::~NatsServers() {
  for (int i = 0; i < size(); ++i) {
    if (servers_[i].pid > 0) Kill(i);
  }
}

std::vector<std::string> NatsServers::urls() const {
  std::vector<std::string> out;
  out.reserve(servers_.size());
  for (int i = 0; i < size(); ++i) out.push_back(url(i));
  return out;
}

std::string NatsServers::url(int server) const {
  return "nats://127.0.0.1:" + std::to_string(servers_[server].client_port);
}

int NatsServers::index_of(const std::string& server_name) const {
  for (int i = 0; i < size(); ++i) {
    if (name(i) == server_name) return i;
  }
  return -1;
}

void NatsServers::WriteConfig(int server) const {
  const Server& s = servers_[server];
  std::ofstream conf(s.dir + "/nats.conf");
  conf << "server_name: " << name(server) << "\n";
  // A first start lets the server choose its client port; a restart keeps it, since clients
  // were given it.
  conf << "listen: 127.0.0.1:" << (s.client_port ? std::to_string(s.client_port) : "-1") << "\n";
  conf << "ports_file_dir: \"" << s.dir << "/ports\"\n";
  conf << "jetstream { store_dir: \"" << s.dir << "/store\", max_memory_store: 64MB, max_file_store: 1GB }\n";
  conf << "cluster { name: leadgate-test, listen: 127.0.0.1:" << s.route_port << ", routes: [";
  for (int i = 0; i < size(); ++i) conf << (i ? ", " : "") << "nats://127.0.0.1:" << servers_[i].route_port;
  conf << "] }\n";
}

void NatsServers::Start(int server) {
  Server& s = servers_[server];
  WriteConfig(server);
  for (const auto& entry : std::filesystem::directory_iterator(s.dir + "/ports")) std::filesystem::remove(entry);
  const std::string conf = s.dir + "/nats.conf";
  const std::string log = s.dir + "/server.log";
  int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  Require(log_fd >= 0, "cannot open " + log);
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  Require(pid >= 0, "fork() failed");
  if (pid == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlives the test
    if (::getppid() != parent) ::_exit(127);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execlp("nats-server", "nats-server", "-c", conf.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(log_fd);
  s.pid = pid;
  // The server writes its ports file once it listens.
  std::string ports_file = s.dir + "/ports/nats-server_" + std::to_string(pid) + ".ports";
  bool listening = WaitUntil(
      [&] {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
          s.pid = -1;
          return true;
        }
        return std::filesystem::exists(ports_file) && !ReadFile(ports_file).empty();
      },
      std::chrono::seconds(15));
  Require(listening && s.pid > 0, "nats-server " + name(server) + " did not start:\n" + LogTail(server));
  std::smatch match;
  const std::string ports = ReadFile(ports_file);
  Require(std::regex_search(ports, match, std::regex(R"("nats":\["nats://[^:]+:(\d+))")), "no client port in " + ports);
  s.client_port = std::stoi(match[1]);
}

void NatsServers::Kill(int server) {
  Server& s = servers_[server];
  if (s.pid <= 0) return;
  ::kill(s.pid, SIGKILL);
  ::waitpid(s.pid, nullptr, 0);
  s.pid = -1;
}

void NatsServers::Pause(int server) { ::kill(servers_[server].pid, SIGSTOP); }

void NatsServers::Resume(int server) { ::kill(servers_[server].pid, SIGCONT); }

void NatsServers::CopyStore(int server) {
  const std::string copy = servers_[server].dir + "/store-copy";
  std::filesystem::remove_all(copy);
  std::filesystem::copy(servers_[server].dir + "/store", copy, std::filesystem::copy_options::recursive);
}

void NatsServers::RestoreStore(int server) {
  Require(servers_[server].pid <= 0, name(server) + " is still running");
  const std::string store = servers_[server].dir + "/store";
  std::filesystem::remove_all(store);
  std::filesystem::copy(servers_[server].dir + "/store-copy", store, std::filesystem::copy_options::recursive);
}

void NatsServers::Restart(int server) {
  Require(servers_[server].pid <= 0, name(server) + " is still running");
  Start(server);
}

bool NatsServers::WaitForMetaLeader(std::chrono::milliseconds limit) const {
  return WaitUntil(
      [&] {
        for (int i = 0; i < size(); ++i) {
          const std::string log = ReadFile(servers_[i].dir + "/server.log");
          if (log.find("JetStream cluster new metadata leader") != std::string::npos ||
              log.find("Self is new JetStream cluster metadata leader") != std::string::npos) {
            return true;
          }
        }
        return false;
      },
      limit);
}

std::string NatsServers::LogTail(int server) const {
  const std::string log = ReadFile(servers_[server].dir + "/server.log");
  return log.size() > 3000 ? log.substr(log.size() - 3000) : log;
}

}  // namespace lg::tools
