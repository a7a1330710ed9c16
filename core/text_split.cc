#include "core/text_split.h"

namespace lg::core {

std::vector<std::string_view> SplitList(std::string_view text, char delimiter) {
  std::vector<std::string_view> out;
  for (size_t start = 0;;) {
    const size_t end = text.find(delimiter, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace lg::core
