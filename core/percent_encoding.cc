#include "core/percent_encoding.h"

// Boost.URL ships no compiled library in Debian's Boost 1.81; this is its one compiled unit
// (net/request_target.cc and core/outbound_url.cc use its parsers through lg_core).
#include <boost/url.hpp>
#include <boost/url/src.hpp>

namespace lg::core {

std::string PercentEncode(std::string_view value) { return boost::urls::encode(value, boost::urls::unreserved_chars); }

}  // namespace lg::core
