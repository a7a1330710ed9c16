// Replicated-log commands (core/command.h): DecodeCommand on any bytes a log could hand a node.
// Whatever decodes re-encodes to bytes that decode to the same command, so every node that
// reads an entry applies the same thing; nothing crashes, leaks or reads out of bounds.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/command.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto command = lg::core::DecodeCommand(bytes);
  if (!command.has_value()) {
    LG_FUZZ_CHECK(command.error().code() == "internal_error");
    return 0;
  }
  const std::string encoded = lg::core::EncodeCommand(*command);
  auto again = lg::core::DecodeCommand(encoded);
  if (!again.has_value()) lg::fuzz::Fail(__FILE__, __LINE__, "an encoded command decodes", encoded);
  LG_FUZZ_CHECK(*again == *command);
  return 0;
}
