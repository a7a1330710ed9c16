#pragma once
// A tool's main that reports an exception nobody caught instead of letting it end the process
// through std::terminate: `int main(int argc, char** argv) { return lg::tools::Guarded("x", Main, argc, argv); }`.

#include <cstdio>
#include <exception>

namespace lg::tools {

inline int Guarded(const char* tool, int (*run)(int, char**), int argc, char** argv) noexcept {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", tool, e.what());
  } catch (...) {
    std::fprintf(stderr, "%s: an unexpected error\n", tool);
  }
  return 70;  // EX_SOFTWARE
}

}  // namespace lg::tools
