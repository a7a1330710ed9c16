#include "auth/server_keys.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

namespace lg::auth {

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
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return core::Status::Internal("cannot create key file " + path);
    bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return core::Status::Internal("cannot write key file " + path);
  }
  return ServerKeys{bytes.substr(0, kKeyBytes), bytes.substr(kKeyBytes)};
}

}  // namespace lg::auth
