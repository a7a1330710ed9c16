// Commands of the replicated log: what a node encodes, every node decodes to the same command,
// the body byte for byte (newlines, NUL, bytes that are not UTF-8); anything else is refused as
// damaged rather than applied as something it is not.

#include "core/command.h"

#include <boost/test/unit_test.hpp>
#include <string>

namespace command_test {

using lg::core::Command;
using lg::core::DecodeCommand;
using lg::core::EncodeCommand;

BOOST_AUTO_TEST_SUITE(command)

BOOST_AUTO_TEST_CASE(a_command_decodes_to_what_was_encoded_with_its_body_untouched) {
  Command full;
  full.kind = "lead.bulk";
  full.origin = 3;
  full.sequence = 9007199254740993u;  // above 2^53: no trip through a double
  full.proposed_at = 1795860000123;
  full.first_id = 123456789012345;
  full.token_id = 42;
  full.path = {{"campaign_id", "7"}, {"slug", "na\"me/\xc3\xa6"}};
  full.headers = {{"content-type", "application/x-ndjson"}, {"idempotency-key", "k\t1"}};
  full.body = std::string("{\"a\":1}\n{\"b\":\"\xff\xfe\"}\n") + std::string(1, '\0') + "\r\n";
  auto decoded = DecodeCommand(EncodeCommand(full));
  BOOST_REQUIRE(decoded.has_value());
  BOOST_TEST((*decoded == full));
  BOOST_TEST(decoded->Id() == "3-9007199254740993");

  Command minimal;
  minimal.kind = "token.revoke";
  auto back = DecodeCommand(EncodeCommand(minimal));
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST((*back == minimal));
  BOOST_TEST(back->body.empty());
}

BOOST_AUTO_TEST_CASE(bytes_that_are_not_a_command_are_refused_as_damaged) {
  Command good;
  good.kind = "lead.create";
  const std::string encoded = EncodeCommand(good);
  const std::string cases[] = {
      "",
      R"({"v":1,"kind":"lead.create"})",                  // no newline: no body boundary
      "not json\n{}",                                     // header is not JSON
      "{\"v\":2,\"kind\":\"lead.create\"}\n",             // a version this node does not know
      "{\"v\":1}\n",                                      // no kind
      "{\"v\":1,\"kind\":\"x\",\"origin\":-1}\n",         // wrong type
      "{\"v\":1,\"kind\":\"x\",\"headers\":[\"ab\"]}\n",  // headers that are not an object
      "{\"v\":1,\"kind\":\"x\",\"path\":{\"campaign_id\":7}}\n",
  };
  for (const auto& bytes : cases) {
    auto decoded = DecodeCommand(bytes);
    BOOST_TEST_CONTEXT(bytes) {
      BOOST_REQUIRE(!decoded.has_value());
      BOOST_TEST(decoded.error().code() == "internal_error");
      BOOST_TEST(decoded.error().detail().find("damaged") != std::string::npos);
    }
  }
  BOOST_TEST(DecodeCommand(encoded).has_value());
}

BOOST_AUTO_TEST_CASE(a_batch_splits_into_its_commands_and_a_single_command_is_a_batch_of_one) {
  Command first, second;
  first.kind = "lead.create";
  first.body = "line one\n42\nleadgate-batch-1\n";  // bytes that look like the batch's own lines
  second.kind = "lead.patch";
  second.body = std::string(3, '\0');
  const std::string a = EncodeCommand(first), b = EncodeCommand(second);
  const std::string batch = lg::core::EncodeCommandBatch({a, b});
  BOOST_TEST(batch.size() <= a.size() + b.size() + lg::core::kBatchOverhead + 2 * lg::core::kBatchOverheadPerCommand);
  auto split = lg::core::SplitCommandBatch(batch);
  BOOST_REQUIRE(split.has_value());
  BOOST_REQUIRE(split->size() == 2u);
  BOOST_TEST(((*split)[0] == a));
  BOOST_TEST((*DecodeCommand((*split)[1]) == second));

  auto single = lg::core::SplitCommandBatch(a);
  BOOST_REQUIRE(single.has_value());
  BOOST_REQUIRE(single->size() == 1u);
  BOOST_TEST(((*single)[0] == a));

  // Cut anywhere inside, or with a length that is not a number: damaged, never a shorter batch.
  BOOST_TEST(!lg::core::SplitCommandBatch(batch.substr(0, batch.size() - 1)).has_value());
  BOOST_TEST(!lg::core::SplitCommandBatch(std::string("leadgate-batch-1\nx\n{}")).has_value());
  BOOST_TEST(!lg::core::SplitCommandBatch(std::string("leadgate-batch-1\n")).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace command_test
