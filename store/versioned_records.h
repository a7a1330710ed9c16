#pragma once
// Reading every record under a key prefix whose values are versioned (keys::VersionedValue) and
// decode with `decode`: the records in key order, or an internal error naming `what` for the
// first one that does not decode (a damaged store is reported, never read as less than it holds).

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/db.h"
#include "store/key_codec.h"

namespace lg::store {

template <typename T, typename Decode>
core::Result<std::vector<T>> ReadVersionedRecords(const Db& db, Cf cf, const std::string& prefix, std::string_view what,
                                                  const Decode& decode) {
  std::vector<T> out;
  core::Status decoded = core::Status::Ok();
  const KeyRange range = keys::PrefixRange(prefix);
  LG_RETURN_IF_ERROR(db.Scan(cf, range, [&](std::string_view, std::string_view value) {
    auto payload = keys::VersionedPayload(value);
    core::Result<T> record =
        payload ? decode(*payload) : core::Result<T>(core::Status::Internal("unknown format version"));
    if (!record.has_value()) {
      decoded =
          core::Status::Internal("a stored " + std::string(what) + " does not decode: " + record.error().detail());
      return false;
    }
    out.push_back(std::move(record).value());
    return true;
  }));
  LG_RETURN_IF_ERROR(decoded);
  return out;
}

}  // namespace lg::store
