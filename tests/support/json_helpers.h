#pragma once
// JSON access for the integration tests (simdjson, failing the test with a message when a value
// is missing or of the wrong type) and checks of problem+json answers.

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tests/support/http_client.h"

namespace lg::test {

using Element = simdjson::dom::element;

// A parsed JSON document; the parser lives as long as the elements taken from it.
struct Json {
  simdjson::dom::parser parser;
  Element root;
  explicit Json(const std::string& text);
  Element operator[](std::string_view key) const { return At(root, key); }

  // The member `key` of object `e`; fails the test when there is none.
  static Element At(Element e, std::string_view key);
  // The member `key` of object `e`, if there is one.
  static std::optional<Element> Find(Element e, std::string_view key);
};

std::string Str(Element e);
uint64_t U64(Element e);
bool Bool(Element e);
simdjson::dom::array Arr(Element e);

// Member `key` of the JSON object in `json`: a string's value, anything else minified ("null",
// "42", ...); "" when `json` is not JSON or has no such member.
std::string Member(const std::string& json, const char* key);

// A lead's JSON with its `created_by` as a token that did not create it sees it (null): compares a
// vendor's view of a lead with an account token's, the creator aside.
std::string CreatorMasked(std::string json);

// Checks a problem+json answer: status, content type and the stable `code`.
void CheckProblem(const HttpResult& res, int status, const std::string& code);

using FieldCode = std::pair<std::string, std::string>;

// The (field, code) pairs of a problem's errors[], in order (empty when absent).
std::vector<FieldCode> ErrorsOf(const HttpResult& res);
// Checks a 422 validation_failed problem and returns the (field, code) pairs of its errors[]
// (which must be there), in order.
std::vector<FieldCode> ValidationErrorsOf(const HttpResult& res);

bool HasError(const std::vector<FieldCode>& errors, const std::string& field, const std::string& code);
std::string Describe(const std::vector<FieldCode>& errors);
bool Same(const std::vector<FieldCode>& actual, const std::vector<FieldCode>& expected);

}  // namespace lg::test
