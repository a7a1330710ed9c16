#pragma once
// Random bytes for secrets (tokens, docs links, nonces): OpenSSL's CSPRNG, except while a
// replicated-log command is applied on this thread, when they come from the command's scope
// (core/apply_scope.h) so every node in a cluster makes the same token.

#include <cstddef>

namespace lg::auth {

// Throws std::runtime_error only if OpenSSL's CSPRNG fails.
void RandomBytes(unsigned char* out, size_t size);

}  // namespace lg::auth
