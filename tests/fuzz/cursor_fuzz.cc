// List cursors (the `cursor` parameter of lead and audit lists): DecodeCursor on any text, and
// EncodeCursor on any cursor the server could write. A decoded cursor re-encodes to one that
// decodes to the same position; every encoded cursor decodes back.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/list_query.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using lg::core::ListCursor;
using lg::core::ListSort;

void CheckRoundTrip(const ListCursor& cursor) {
  const std::string encoded = lg::core::EncodeCursor(cursor);
  auto back = lg::core::DecodeCursor(encoded);
  if (!back) lg::fuzz::Fail(__FILE__, __LINE__, "an encoded cursor decodes", encoded);
  LG_FUZZ_CHECK(back->sort == cursor.sort);
  LG_FUZZ_CHECK_EQ(back->lead_id, cursor.lead_id);
  LG_FUZZ_CHECK_EQ(back->updated_at, cursor.sort == ListSort::kUpdatedAscending ? cursor.updated_at : 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = lg::fuzz::Text(data, size);
  if (auto cursor = lg::core::DecodeCursor(text)) {
    LG_FUZZ_CHECK(cursor->sort == ListSort::kUpdatedAscending || cursor->updated_at == 0);
    CheckRoundTrip(*cursor);
  }
  // The same bytes as a position: a sort flag, a lead id and an updated_at.
  if (size >= 1 + 2 * sizeof(uint64_t)) {
    ListCursor cursor;
    cursor.sort = (data[0] & 1) ? ListSort::kUpdatedAscending : ListSort::kNewestFirst;
    std::memcpy(&cursor.lead_id, data + 1, sizeof cursor.lead_id);
    if (cursor.sort == ListSort::kUpdatedAscending) std::memcpy(&cursor.updated_at, data + 9, sizeof cursor.updated_at);
    CheckRoundTrip(cursor);
  }
  return 0;
}
