// The log: one JSON object per line on stderr, valid UTF-8 whatever its fields hold (text from a
// request need not be UTF-8).

#include "core/log.h"

#include <simdjson.h>
#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "tests/support/temp_dir.h"

namespace log_test {

namespace {

// While it lives, what is written to stderr (file descriptor 2) goes to a file instead.
class CapturedStderr {
 public:
  CapturedStderr() : path_(dir_.Sub("stderr")) {
    std::fflush(stderr);
    saved_ = ::dup(2);
    std::FILE* file = std::fopen(path_.c_str(), "w");
    BOOST_REQUIRE(saved_ >= 0 && file != nullptr);
    ::dup2(::fileno(file), 2);
    std::fclose(file);
  }
  ~CapturedStderr() { Restore(); }
  CapturedStderr(const CapturedStderr&) = delete;
  CapturedStderr& operator=(const CapturedStderr&) = delete;

  // Everything written so far; stderr is the terminal's again afterwards.
  std::string Take() {
    Restore();
    std::ifstream in(path_, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

 private:
  void Restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
  }

  lg::test::TempDir dir_;
  std::string path_;
  int saved_ = -1;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(structured_log)

BOOST_AUTO_TEST_CASE(every_line_is_a_json_object_in_utf8_whatever_the_fields_hold) {
  lg::core::log::Init("info");
  CapturedStderr captured;
  lg::core::log::Info("audit", {{"target", "GET /v2/campaigns/caf\xE9\xFF/leads"}, {"detail", "a \"quoted\"\nline"}});
  lg::core::log::Warn("caf\xC3", {{"k\x80", "\xED\xA0\x80"}});
  const std::string text = captured.Take();
  std::istringstream lines(text);
  std::string line;
  int count = 0;
  for (; std::getline(lines, line); ++count) {
    simdjson::dom::parser parser;
    simdjson::dom::object object;
    BOOST_REQUIRE_MESSAGE(parser.parse(line).get_object().get(object) == simdjson::SUCCESS, "not JSON: " << line);
    std::string_view event;
    BOOST_TEST(object["event"].get_string().get(event) == simdjson::SUCCESS);
    if (count == 0) {
      std::string_view target, detail;
      BOOST_TEST(object["target"].get_string().get(target) == simdjson::SUCCESS);
      BOOST_TEST(target == "GET /v2/campaigns/caf\xEF\xBF\xBD\xEF\xBF\xBD/leads");
      BOOST_TEST(object["detail"].get_string().get(detail) == simdjson::SUCCESS);
      BOOST_TEST(detail == "a \"quoted\"\nline");
    }
  }
  BOOST_TEST(count == 2);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace log_test
