#include "core/hex.h"

#include <boost/algorithm/hex.hpp>
#include <iterator>

namespace lg::core {

std::string ToHex(std::string_view bytes) {
  std::string out;
  out.reserve(2 * bytes.size());
  boost::algorithm::hex_lower(bytes.begin(), bytes.end(), std::back_inserter(out));
  return out;
}

std::optional<std::string> FromHex(std::string_view hex) {
  std::string out;
  try {
    boost::algorithm::unhex(hex.begin(), hex.end(), std::back_inserter(out));
  } catch (const boost::algorithm::hex_decode_error&) {
    return std::nullopt;
  }
  return out;
}

}  // namespace lg::core
