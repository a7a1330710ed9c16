#pragma once
// What the router found for a request's method and path (net/router.h): the route and its
// captures, or why there is none. Apart from the router so the request's admission
// (net/http_types.h) can carry it from where it was found to the handler.

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lg::net {

struct Route;  // net/router.h

// A matched route's captures by name, percent-decoded. The ones the router reads as ids (its id
// captures: positive decimal integers, as "{campaign_id}") are read once, at match time, and a
// handler takes them as numbers (Id); a path whose id capture is no id names nothing, and the
// route answers 404 without running its handler (Route::Run).
class RouteParams : public std::map<std::string, std::string, std::less<>> {
 public:
  using Texts = std::map<std::string, std::string, std::less<>>;
  using Texts::Texts;

  // The most captures one route reads as ids (a campaign's and one of its members').
  static constexpr size_t kMaxIds = 2;

  // Captures `text` as `name`; `is_id`: read it as an id too (at most kMaxIds of them, or
  // std::logic_error).
  void Capture(std::string name, std::string text, bool is_id);

  // Whether every capture read as an id is one.
  bool ids_valid() const { return ids_valid_; }
  // The id captured as `name`: for a handler, which runs only when ids_valid(). Throws
  // std::logic_error when the route reads no id by that name (a handler that asks for one its
  // pattern lacks: a bug, answered 500).
  uint64_t Id(std::string_view name) const;
  // The id captured as `name`; nullopt when the route has no such id capture, or it is no id.
  std::optional<uint64_t> FindId(std::string_view name) const;

 private:
  std::array<std::pair<std::string, uint64_t>, kMaxIds> ids_{};  // the first id_count_ are read
  size_t id_count_ = 0;
  bool ids_valid_ = true;
};

// A path id: a positive decimal integer without a sign or leading zeros, within 64 bits.
std::optional<uint64_t> ParseId(std::string_view text);

struct RouteMatch {
  const Route* route = nullptr;      // set when found
  RouteParams params;                // the captures, percent-decoded
  std::vector<std::string> allowed;  // set when the path exists with other methods
};

}  // namespace lg::net
