#pragma once
// UTF-8 well-formedness for text that reaches JSON output from outside the JSON parser: request
// paths and query names, header values, file names. (Request bodies are checked by simdjson.)

#include <string>
#include <string_view>

namespace lg::core {

// The replacement character U+FFFD, UTF-8 encoded.
inline constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

bool IsValidUtf8(std::string_view text);

// `text` with every ill-formed subsequence replaced by U+FFFD, one per maximal subpart (the
// practice Unicode recommends, and what WHATWG decoders and Python's errors="replace" do), so
// "\xF0\x9F\x98" (a cut-off emoji) is one U+FFFD and "\xC0\xAF" (an overlong '/') is two.
std::string ToValidUtf8(std::string_view text);

// The characters (code points) of well-formed UTF-8 `text`: what JSON Schema's maxLength counts.
size_t CodePointCount(std::string_view text);

}  // namespace lg::core
