#include "app/server_keys.h"

#include <openssl/rand.h>

#include <fstream>
#include <iterator>

#include "app/owner_only_file.h"

namespace lg::app {

core::Result<ServerKeys> ServerKeys::LoadOrCreate(const std::string& path) {
  std::string bytes;
  if (std::ifstream in(path, std::ios::binary); in) {
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (bytes.size() != 2 * kKeyBytes) {
      return core::Status::Internal("key file " + path + " is damaged: expected 64 bytes");
    }
  } else {
    bytes.assign(2 * kKeyBytes, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size())) != 1) {
      return core::Status::Internal("OpenSSL CSPRNG failed");
    }
    // Never replaces a key file: a file that appeared meanwhile is reported, not overwritten.
    LG_RETURN_IF_ERROR(WriteOwnerOnlyFile(path, bytes, IfExists::kFail));
  }
  return ServerKeys{bytes.substr(0, kKeyBytes), bytes.substr(kKeyBytes)};
}

}  // namespace lg::app
