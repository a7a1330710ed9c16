#pragma once
// Files only the server's user may read (mode 0600): the key file and the first admin token.

#include <string>
#include <string_view>

#include "core/status.h"

namespace lg::app {

enum class IfExists { kReplace, kFail };

// Writes `content` to `path` with mode 0600 and fsyncs it before returning. With
// IfExists::kFail an existing file is left alone and reported, never overwritten.
core::Status WriteOwnerOnlyFile(const std::string& path, std::string_view content, IfExists if_exists);

}  // namespace lg::app
