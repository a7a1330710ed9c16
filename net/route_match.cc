#include "net/route_match.h"

#include <charconv>
#include <stdexcept>
#include <string>

namespace lg::net {

std::optional<uint64_t> ParseId(std::string_view text) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v == 0 || text[0] == '0') return std::nullopt;
  return v;
}

void RouteParams::Capture(std::string name, std::string text, bool is_id) {
  if (is_id) {
    if (id_count_ == kMaxIds) throw std::logic_error("a route reads at most " + std::to_string(kMaxIds) + " ids");
    if (std::optional<uint64_t> id = ParseId(text)) {
      ids_[id_count_++] = {name, *id};
    } else {
      ids_valid_ = false;
    }
  }
  emplace(std::move(name), std::move(text));
}

std::optional<uint64_t> RouteParams::FindId(std::string_view name) const {
  for (size_t i = 0; i < id_count_; ++i) {
    if (ids_[i].first == name) return ids_[i].second;
  }
  return std::nullopt;
}

uint64_t RouteParams::Id(std::string_view name) const {
  std::optional<uint64_t> id = FindId(name);
  if (!id) throw std::logic_error("the route reads no id named " + std::string(name));
  return *id;
}

}  // namespace lg::net
