#include "app/owner_only_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lg::app {

core::Status WriteOwnerOnlyFile(const std::string& path, std::string_view content, IfExists if_exists) {
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (if_exists == IfExists::kFail ? O_EXCL : O_TRUNC);
  int fd = ::open(path.c_str(), flags, 0600);
  if (fd < 0) return core::Status::Internal("cannot create " + path);
  // An existing file keeps its old mode through O_TRUNC: tighten it.
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return core::Status::Internal("cannot write " + path);
  return core::Status::Ok();
}

}  // namespace lg::app
