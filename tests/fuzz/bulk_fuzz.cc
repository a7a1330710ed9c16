// Bulk-create bodies (POST .../leads/bulk), both formats: BulkFramer splits the body into items
// (JSON array framing, or NDJSON lines) as it arrives. Then, as the service does, each item is
// parsed as a lead body. Checks: the body fed whole and fed in pieces (sizes taken from the input)
// give the same items and the same error; every item is a non-empty, trimmed slice of the body
// (an NDJSON item is one line); NDJSON framing never fails; once finished the framer stays so;
// and when simdjson reads the body as a JSON array, the framer yields exactly its elements.

#include <simdjson.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/bulk_framer.h"
#include "core/lead_rules.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using lg::core::BulkFormat;
using lg::core::BulkFramer;

constexpr size_t kParsedItems = 32;  // items parsed as leads per input (the framing covers all)
constexpr size_t kMaxItemBytes = 1 << 20;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// The items of `body` fed in pieces whose sizes cycle through `cuts` (empty: whole).
std::vector<std::string> Items(std::string_view body, BulkFormat format, const std::vector<size_t>& cuts, bool& ok) {
  BulkFramer framer(format, kMaxItemBytes);
  std::vector<std::string> items;
  auto drain = [&] {
    while (auto item = framer.Next()) {
      LG_FUZZ_CHECK(!item->too_large);
      LG_FUZZ_CHECK(!item->text.empty());
      LG_FUZZ_CHECK(!IsSpace(item->text.front()) && !IsSpace(item->text.back()));
      LG_FUZZ_CHECK(body.find(item->text) != std::string_view::npos);
      if (format == BulkFormat::kNdjson) LG_FUZZ_CHECK(item->text.find('\n') == std::string_view::npos);
      items.emplace_back(item->text);
      LG_FUZZ_CHECK(items.size() <= body.size());
    }
  };
  size_t at = 0;
  for (size_t i = 0; at < body.size(); ++i) {
    size_t piece = cuts.empty() ? body.size() : cuts[i % cuts.size()];
    framer.Append(body.substr(at, piece));
    at += piece;
    drain();
  }
  framer.End();
  drain();
  LG_FUZZ_CHECK(framer.finished());
  ok = framer.status().ok();
  if (!ok) LG_FUZZ_CHECK(framer.status().code() == "invalid_json");
  // Once finished, the framer stays finished.
  LG_FUZZ_CHECK(!framer.Next());
  return items;
}

void Check(std::string_view body, BulkFormat format, const std::vector<size_t>& cuts) {
  bool ok = false;
  const std::vector<std::string> items = Items(body, format, {}, ok);
  bool ok_in_pieces = false;
  LG_FUZZ_CHECK(Items(body, format, cuts, ok_in_pieces) == items);
  LG_FUZZ_CHECK_EQ(ok_in_pieces, ok);
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
  // Piece sizes from the input's first bytes, so the fuzzer explores the cuts too.
  std::vector<size_t> cuts;
  for (size_t i = 0; i < 4 && i < size; ++i) cuts.push_back(1 + data[i] % 17);
  Check(body, BulkFormat::kJsonArray, cuts);
  Check(body, BulkFormat::kNdjson, cuts);
  return 0;
}
