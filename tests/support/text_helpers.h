#pragma once
// Readable text for test failure messages: bytes in hex, and the errors a Status reports.

#include <string>
#include <string_view>

#include "core/hex.h"
#include "core/status.h"

namespace lg::test {

// Lower-case hex of `bytes`, two digits a byte.
inline std::string Hex(std::string_view bytes) { return core::ToHex(bytes); }

// "path code" of every reported error, in report order, joined by " | ".
inline std::string Errors(const core::Status& status) {
  std::string out;
  for (const auto& e : status.errors()) out += (out.empty() ? "" : " | ") + e.field + " " + e.code;
  return out;
}

}  // namespace lg::test
