#pragma once
#include <string_view>

namespace lg::core {

// Slugs are API identifiers: [a-z0-9][a-z0-9_-]*, at most 64 characters.
bool IsValidSlug(std::string_view slug);

}  // namespace lg::core
