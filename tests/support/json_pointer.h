#pragma once
// Reading a JSON document by JSON pointer in the unit tests of generated documents (OpenAPI,
// Postman): the element, string or integer at a pointer ("~1" for a '/' in a member name), the
// test stopping with the pointer's name when it is absent or of another type.

#include <simdjson.h>

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>
#include <string_view>

namespace lg::test {

inline bool Contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

inline simdjson::dom::element At(simdjson::dom::element root, std::string_view pointer) {
  simdjson::dom::element out;
  BOOST_REQUIRE_MESSAGE(!root.at_pointer(pointer).get(out), "no " << pointer);
  return out;
}

inline bool Has(simdjson::dom::element root, std::string_view pointer) {
  simdjson::dom::element out;
  return !root.at_pointer(pointer).get(out);
}

inline std::string Str(simdjson::dom::element root, std::string_view pointer) {
  std::string_view out;
  BOOST_REQUIRE_MESSAGE(!At(root, pointer).get_string().get(out), pointer << " is no string");
  return std::string(out);
}

inline int64_t Int(simdjson::dom::element root, std::string_view pointer) {
  int64_t out = 0;
  BOOST_REQUIRE_MESSAGE(!At(root, pointer).get_int64().get(out), pointer << " is no integer");
  return out;
}

}  // namespace lg::test
