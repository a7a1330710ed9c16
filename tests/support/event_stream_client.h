#pragma once
// A blocking text/event-stream client for the tests, on its own connection to 127.0.0.1:port:
// sends one GET, reads the answer's head, then takes the body apart as it arrives (chunked or
// not) into events and comment lines. Every wait is bounded by the time the caller gives, so a
// stream that stalls fails the test instead of hanging it.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lg::test {

// One event block: its fields as sent (an id-only block, like a stream's opening, has no data).
struct StreamEvent {
  std::string id;
  std::string event;  // the event type ("" when the block names none)
  std::string data;   // data lines joined with '\n'
  std::optional<std::string> retry;
};

class EventStreamClient {
 public:
  // Connects, sends GET `target` with `token` as Bearer (none when empty) and `headers`, and reads
  // the answer's head (within 10 s). Throws when the connection fails.
  EventStreamClient(uint16_t port, const std::string& target, const std::string& token,
                    const std::map<std::string, std::string>& headers = {});
  ~EventStreamClient();
  EventStreamClient(const EventStreamClient&) = delete;
  EventStreamClient& operator=(const EventStreamClient&) = delete;

  int status() const { return status_; }
  // A header of the answer, "" when absent. `name` in lower case.
  std::string Header(const std::string& name) const;
  // The whole body of an answer that is not a stream (a problem document), read to its end.
  std::string ReadBody(std::chrono::milliseconds limit = std::chrono::seconds(10));

  // The next event block, or nullopt when none came within `limit` or the stream ended.
  std::optional<StreamEvent> Next(std::chrono::milliseconds limit);
  // Comment lines (": heartbeat") seen so far.
  size_t comments() const { return comments_; }
  // Whether the server ended the stream (the last chunk, or the connection closed) within
  // `limit`; events still arriving meanwhile are kept for Next.
  bool WaitForEnd(std::chrono::milliseconds limit);
  // Closes the connection (a client going away).
  void Close();

 private:
  // Reads once from the socket into raw_, waiting until `deadline`; false at the end or timeout.
  bool ReadSome(std::chrono::steady_clock::time_point deadline);
  // Moves complete body bytes from raw_ to text_ (undoing chunked framing), then complete blocks
  // from text_ to events_.
  void Decode();

  int fd_ = -1;
  int status_ = 0;
  std::map<std::string, std::string> headers_;
  bool chunked_ = false;
  bool ended_ = false;  // the last chunk came, or the server closed the connection
  std::string raw_;     // received, not yet decoded
  std::string text_;    // body text, not yet a whole block
  std::vector<StreamEvent> events_;
  size_t comments_ = 0;
};

}  // namespace lg::test
