#include "tests/support/event_stream_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace lg::test {
namespace {

using Clock = std::chrono::steady_clock;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

void SendAll(int fd, const std::string& data) {
  for (size_t sent = 0; sent < data.size();) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("event stream client: send failed");
    sent += static_cast<size_t>(n);
  }
}

}  // namespace

EventStreamClient::EventStreamClient(uint16_t port, const std::string& target, const std::string& token,
                                     const std::map<std::string, std::string>& headers) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error("event stream client: no socket");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    throw std::runtime_error("event stream client: cannot connect");
  }
  std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "\r\n";
  SendAll(fd_, request);

  const auto deadline = Clock::now() + std::chrono::seconds(10);
  size_t end = std::string::npos;
  while ((end = raw_.find("\r\n\r\n")) == std::string::npos) {
    if (!ReadSome(deadline)) throw std::runtime_error("event stream client: no answer head");
  }
  const std::string head = raw_.substr(0, end);
  raw_.erase(0, end + 4);
  size_t line_end = head.find("\r\n");
  const std::string status_line = head.substr(0, line_end);
  status_ = std::stoi(status_line.substr(status_line.find(' ') + 1, 3));
  while (line_end != std::string::npos) {
    const size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line = head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    headers_[Lower(line.substr(0, colon))] = value;
  }
  chunked_ = Lower(Header("transfer-encoding")) == "chunked";
}

EventStreamClient::~EventStreamClient() { Close(); }

void EventStreamClient::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::string EventStreamClient::Header(const std::string& name) const {
  auto it = headers_.find(name);
  return it == headers_.end() ? "" : it->second;
}

bool EventStreamClient::ReadSome(Clock::time_point deadline) {
  if (fd_ < 0) return false;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  pollfd waiting{fd_, POLLIN, 0};
  if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) return false;
  char buffer[16384];
  const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
  if (n <= 0) {
    ended_ = true;
    return false;
  }
  raw_.append(buffer, static_cast<size_t>(n));
  return true;
}

std::string EventStreamClient::ReadBody(std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  const std::string length = Header("content-length");
  const size_t want = length.empty() ? std::string::npos : std::stoul(length);
  while (raw_.size() < want && ReadSome(deadline)) {
  }
  return raw_.substr(0, want);
}

void EventStreamClient::Decode() {
  if (!chunked_) {
    text_ += raw_;
    raw_.clear();
  }
  while (chunked_ && !raw_.empty()) {
    const size_t line_end = raw_.find("\r\n");
    if (line_end == std::string::npos) break;
    const size_t size = std::stoul(raw_.substr(0, line_end), nullptr, 16);
    if (size == 0) {
      ended_ = true;
      raw_.clear();
      break;
    }
    if (raw_.size() < line_end + 2 + size + 2) break;
    text_.append(raw_, line_end + 2, size);
    raw_.erase(0, line_end + 2 + size + 2);
  }
  for (size_t block_end; (block_end = text_.find("\n\n")) != std::string::npos;) {
    const std::string block = text_.substr(0, block_end + 1);
    text_.erase(0, block_end + 2);
    StreamEvent event;
    bool has_field = false;
    for (size_t start = 0; start < block.size();) {
      const size_t end = block.find('\n', start);
      const std::string line = block.substr(start, end - start);
      start = end + 1;
      if (line.starts_with(":")) {
        ++comments_;
        continue;
      }
      const size_t colon = line.find(':');
      const std::string field = line.substr(0, colon);
      std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
      if (value.starts_with(" ")) value.erase(0, 1);
      has_field = true;
      if (field == "id") {
        event.id = value;
      } else if (field == "event") {
        event.event = value;
      } else if (field == "data") {
        event.data += (event.data.empty() ? "" : "\n") + value;
      } else if (field == "retry") {
        event.retry = value;
      }
    }
    if (has_field) events_.push_back(std::move(event));
  }
}

std::optional<StreamEvent> EventStreamClient::Next(std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  for (;;) {
    Decode();
    if (!events_.empty()) {
      StreamEvent event = std::move(events_.front());
      events_.erase(events_.begin());
      return event;
    }
    if (ended_ || !ReadSome(deadline)) {
      Decode();
      if (events_.empty()) return std::nullopt;
    }
  }
}

bool EventStreamClient::WaitForEnd(std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  for (;;) {
    Decode();
    if (ended_) return true;
    if (!ReadSome(deadline)) {
      Decode();
      return ended_;
    }
  }
}

}  // namespace lg::test
