#pragma once
// The admin web console's static files (net/console/), compiled into the binary by
// net/console/embed_console.cmake so the server needs no file at run time and no CDN.

#include <span>
#include <string_view>

namespace lg::net {

struct ConsoleAsset {
  std::string_view name;          // file name, served as /console/<name>
  std::string_view content_type;  // from the extension
  std::string_view body;
};

std::span<const ConsoleAsset> ConsoleAssets();

}  // namespace lg::net
