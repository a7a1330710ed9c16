#pragma once
// A lead of one campaign. Field values are kept as normalized JSON text (a string field holds
// "\"Jane\"", a number "12.5", a json field any JSON) so encoding never re-interprets them.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace lg::core {

struct CreatedBy {
  uint64_t token_id = 0;
  std::string name;
};

struct Lead {
  uint64_t id = 0;
  uint64_t campaign_id = 0;
  std::string status;                                // status slug
  std::map<std::string, std::string> field_values;   // field slug -> JSON text
  std::map<std::string, std::string> select_values;  // select slug -> option slug
  int64_t created_at = 0;
  int64_t updated_at = 0;
  CreatedBy created_by;
  std::optional<uint64_t> doublet_of;  // set when a duplicate rule flagged it: the earlier lead's id
};

}  // namespace lg::core
