#include "tests/support/json_helpers.h"

#include <algorithm>
#include <boost/test/unit_test.hpp>

namespace lg::test {

Json::Json(const std::string& text) {
  BOOST_REQUIRE_MESSAGE(parser.parse(text).get(root) == simdjson::SUCCESS, "not JSON: " << text);
}

Element Json::At(Element e, std::string_view key) {
  Element out;
  BOOST_REQUIRE_MESSAGE(e.at_key(key).get(out) == simdjson::SUCCESS, "no member '" << key << "' in " << e);
  return out;
}

std::optional<Element> Json::Find(Element e, std::string_view key) {
  Element out;
  if (e.at_key(key).get(out) != simdjson::SUCCESS) return std::nullopt;
  return out;
}

std::string Str(Element e) {
  std::string_view sv;
  BOOST_REQUIRE_MESSAGE(e.get_string().get(sv) == simdjson::SUCCESS, "not a string: " << e);
  return std::string(sv);
}

uint64_t U64(Element e) {
  uint64_t v = 0;
  BOOST_REQUIRE_MESSAGE(e.get_uint64().get(v) == simdjson::SUCCESS, "not an unsigned integer: " << e);
  return v;
}

bool Bool(Element e) {
  bool v = false;
  BOOST_REQUIRE_MESSAGE(e.get_bool().get(v) == simdjson::SUCCESS, "not a boolean: " << e);
  return v;
}

simdjson::dom::array Arr(Element e) {
  simdjson::dom::array a;
  BOOST_REQUIRE_MESSAGE(e.get_array().get(a) == simdjson::SUCCESS, "not an array: " << e);
  return a;
}

std::string Member(const std::string& json, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  if (parser.parse(json).get(e) != simdjson::SUCCESS) return "";
  simdjson::dom::element v;
  if (e[key].get(v) != simdjson::SUCCESS) return "";
  std::string_view sv;
  if (v.get_string().get(sv) == simdjson::SUCCESS) return std::string(sv);
  return simdjson::minify(v);
}

void CheckProblem(const HttpResult& res, int status, const std::string& code) {
  BOOST_TEST_CONTEXT("body: " << res.body) {
    BOOST_REQUIRE_EQUAL(res.status, status);
    BOOST_TEST(res.Header("content-type").rfind("application/problem+json", 0) == 0);
    Json body(res.body);
    BOOST_TEST(U64(body["status"]) == static_cast<uint64_t>(status));
    BOOST_TEST(Str(body["code"]) == code);
  }
}

std::vector<FieldCode> ErrorsOf(const HttpResult& res) {
  Json body(res.body);
  std::vector<FieldCode> out;
  auto errors = Json::Find(body.root, "errors");
  if (!errors) return out;
  for (Element e : Arr(*errors)) out.emplace_back(Str(Json::At(e, "field")), Str(Json::At(e, "code")));
  return out;
}

std::vector<FieldCode> ValidationErrorsOf(const HttpResult& res) {
  CheckProblem(res, 422, "validation_failed");
  Json body(res.body);
  std::vector<FieldCode> out;
  for (Element e : Arr(body["errors"])) out.emplace_back(Str(Json::At(e, "field")), Str(Json::At(e, "code")));
  return out;
}

bool HasError(const std::vector<FieldCode>& errors, const std::string& field, const std::string& code) {
  return std::find(errors.begin(), errors.end(), FieldCode{field, code}) != errors.end();
}

std::string Describe(const std::vector<FieldCode>& errors) {
  std::string out;
  for (const auto& [field, code] : errors) out += field + ":" + code + " ";
  return out;
}

bool Same(const std::vector<FieldCode>& actual, const std::vector<FieldCode>& expected) { return actual == expected; }

std::string CreatorMasked(std::string json) {
  // {"token_id":N,"name":"..."}: the name is a JSON string (escapes skipped) ending in "}.
  const std::string member = R"("created_by":{)";
  size_t at = json.rfind(member);
  if (at == std::string::npos) return json;
  size_t name = json.find(R"("name":")", at);
  if (name == std::string::npos) return json;
  size_t pos = name + 8;
  while (pos < json.size() && json[pos] != '"') pos += json[pos] == '\\' ? 2 : 1;
  return json.replace(at, pos + 2 - at, R"("created_by":null)");
}

}  // namespace lg::test
