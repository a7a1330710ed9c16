// Memory under bodies a client sends to exhaust it, measured on the process that serves them (the
// server runs in-process; the clients send from a small buffer): many large bulks at once are
// read and answered as they stream in, never held whole, and requests that take no body never
// get room made for the one they announce.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/scope_fixture.h"
#include "tests/support/api_fixture.h"

namespace bulk_memory_test {

using namespace lg::test;
using namespace lg::scope_test;

namespace {

// This process's resident memory, in bytes.
size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(::sysconf(_SC_PAGESIZE));
}

// The largest resident size seen while it runs (sampled every 10 ms).
class PeakMemory {
 public:
  PeakMemory()
      : thread_([this] {
          while (!stop_) {
            peak_ = std::max(peak_.load(), ResidentBytes());
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
          }
        }) {}
  ~PeakMemory() { Stop(); }
  size_t Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    return peak_;
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<size_t> peak_{0};
  std::thread thread_;
};

// A plain socket to the server; the test writes and reads raw bytes.
int Connect(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  BOOST_REQUIRE(fd >= 0);
  timeval limit{30, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  BOOST_REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0);
  return fd;
}

bool SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Everything the server sends until it closes or 30 s pass.
std::string ReadAll(int fd) {
  std::string out;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return out;
    out.append(buffer, static_cast<size_t>(n));
    if (out.find("\r\n\r\n") != std::string::npos && out.find("Connection: close") == std::string::npos) {
      // A kept-alive answer is complete once its Content-Length has arrived.
      size_t at = out.find("Content-Length: ");
      size_t head = out.find("\r\n\r\n") + 4;
      if (at != std::string::npos && out.size() >= head + std::stoul(out.substr(at + 16))) return out;
    }
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(bulk_memory)

BOOST_AUTO_TEST_CASE(many_large_bulks_at_once_are_read_as_they_arrive_in_bounded_memory) {
  ApiFixture f;
  uint64_t campaign = CreateCampaign(f.client, f.admin, R"({"name": "Big", "fields": [{"slug": "marker",
      "type": "text"}], "statuses": [{"slug": "new", "default": true}]})");
  constexpr int kClients = 12;
  constexpr size_t kBodyBytes = size_t{24} << 20;  // 288 MiB in all
  const std::string head = R"([{"field_values": {"marker": ")";
  const std::string tail = R"("}}])";
  const std::string request =
      "POST " + LeadsPath(campaign) + "/bulk HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + f.admin +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(kBodyBytes) + "\r\n\r\n" + head;
  const std::string filler(64 << 10, 'x');
  const size_t before = ResidentBytes();
  PeakMemory peak;
  std::vector<std::string> answers(kClients);
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      int fd = Connect(f.server.port());
      bool sent = SendAll(fd, request);
      for (size_t left = kBodyBytes - head.size() - tail.size(); sent && left > 0;) {
        size_t n = std::min(left, filler.size());
        sent = SendAll(fd, std::string_view(filler).substr(0, n));
        left -= n;
      }
      if (sent) SendAll(fd, tail);
      answers[i] = ReadAll(fd);
      ::close(fd);
    });
  }
  for (auto& client : clients) client.join();
  const size_t grown = peak.Stop() > before ? peak.Stop() - before : 0;
  BOOST_TEST_MESSAGE("resident memory grew by " << (grown >> 20) << " MiB while " << kClients << " bulks of "
                                                << (kBodyBytes >> 20) << " MiB streamed in");
  // Held whole, the bodies alone would be 288 MiB.
  BOOST_TEST(grown < size_t{96} << 20);
  for (const auto& answer : answers) {
    BOOST_TEST_CONTEXT(answer.substr(0, 300)) {
      BOOST_TEST(answer.rfind("HTTP/1.1 200", 0) == 0);
      // The one lead is over the single create's limit: refused on its own, never held.
      BOOST_TEST(answer.find(R"("status":413,"code":"payload_too_large")") != std::string::npos);
    }
  }
  BOOST_TEST(f.client.Request("GET", "/livez").status == 200);
}

BOOST_AUTO_TEST_CASE(requests_that_take_no_body_get_no_room_made_for_the_one_they_announce) {
  ApiFixture f;
  constexpr int kClients = 64;
  const size_t before = ResidentBytes();
  std::vector<int> fds;
  for (int i = 0; i < kClients; ++i) {
    int fd = Connect(f.server.port());
    BOOST_REQUIRE(SendAll(fd, "GET /livez HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n"));
    fds.push_back(fd);
  }
  for (int fd : fds) {
    std::string answer = ReadAll(fd);  // at once: no body is waited for
    BOOST_TEST(answer.rfind("HTTP/1.1 413", 0) == 0);
    BOOST_TEST(answer.find("This request takes no body.") != std::string::npos);
    ::close(fd);
  }
  const size_t after = ResidentBytes();
  BOOST_TEST_MESSAGE("resident memory " << (before >> 20) << " -> " << (after >> 20) << " MiB");
  BOOST_TEST(after < before + (size_t{16} << 20));  // 64 MiB announced
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace bulk_memory_test
