// Bulk-create bodies (POST .../leads/bulk), both formats: BulkReader splits the body into items
// (JSON array framing, or NDJSON lines) and BulkReader::Count is the first pass the service makes
// before writing anything. Then, as the service does, each item is parsed as a lead body.
// Checks: Count agrees with the items Next() yields (and fails exactly when Next() stops on a
// framing error); every item is a non-empty, trimmed slice of the body (an NDJSON item is one
// line); NDJSON framing never fails; and when simdjson reads the body as a JSON array, the
// reader yields exactly its elements.

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/bulk_reader.h"
#include "core/lead_rules.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using lg::core::BulkFormat;
using lg::core::BulkReader;

constexpr size_t kParsedItems = 32;  // items parsed as leads per input (the framing covers all)

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::vector<std::string_view> Items(std::string_view body, BulkFormat format, bool& ok) {
  std::vector<std::string_view> items;
  BulkReader reader(body, format);
  while (auto item = reader.Next()) {
    LG_FUZZ_CHECK(!item->empty());
    LG_FUZZ_CHECK(item->data() >= body.data() && item->data() + item->size() <= body.data() + body.size());
    LG_FUZZ_CHECK(!IsSpace(item->front()) && !IsSpace(item->back()));
    if (format == BulkFormat::kNdjson) LG_FUZZ_CHECK(item->find('\n') == std::string_view::npos);
    items.push_back(*item);
    LG_FUZZ_CHECK(items.size() <= body.size());
  }
  ok = reader.status().ok();
  if (!ok) LG_FUZZ_CHECK(reader.status().code() == "invalid_json");
  // Once stopped, the reader stays stopped.
  LG_FUZZ_CHECK(!reader.Next());
  return items;
}

void Check(std::string_view body, BulkFormat format) {
  bool ok = false;
  const std::vector<std::string_view> items = Items(body, format, ok);
  auto count = BulkReader::Count(body, format);
  LG_FUZZ_CHECK_EQ(count.has_value(), ok);
  if (count.has_value()) LG_FUZZ_CHECK_EQ(*count, items.size());
  if (format == BulkFormat::kNdjson) LG_FUZZ_CHECK(ok);
  if (!ok) return;
  for (size_t i = 0; i < items.size() && i < kParsedItems; ++i) {
    lg::core::LeadInput input;
    (void)lg::core::ParseLeadInput(items[i], input);
  }
  if (format != BulkFormat::kJsonArray) return;
  // Differential: a body simdjson reads as an array is framed into exactly its elements.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::array array;
  if (parser.parse(body.data(), body.size()).get_array().get(array) != simdjson::SUCCESS) return;
  LG_FUZZ_CHECK_EQ(items.size(), array.size());
  size_t i = 0;
  thread_local simdjson::dom::parser item_parser;
  for (simdjson::dom::element element : array) {
    if (i >= kParsedItems) break;
    simdjson::dom::element alone;
    LG_FUZZ_CHECK(item_parser.parse(items[i].data(), items[i].size()).get(alone) == simdjson::SUCCESS);
    LG_FUZZ_CHECK_EQ(simdjson::minify(alone), simdjson::minify(element));
    ++i;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  lg::fuzz::Setup();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body = lg::fuzz::Text(data, size);
  Check(body, BulkFormat::kJsonArray);
  Check(body, BulkFormat::kNdjson);
  return 0;
}
