#include "auth/random_bytes.h"

#include <openssl/rand.h>

#include <stdexcept>

#include "core/apply_scope.h"

namespace lg::auth {

void RandomBytes(unsigned char* out, size_t size) {
  if (core::ApplyScope* applying = core::ApplyScope::Current()) {
    applying->RandomBytes(out, size);
    return;
  }
  if (RAND_bytes(out, static_cast<int>(size)) != 1) throw std::runtime_error("OpenSSL CSPRNG failed");
}

}  // namespace lg::auth
