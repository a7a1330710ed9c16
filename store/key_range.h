#pragma once
// A range of one column family's keys, [begin, end) in byte order: what a scan reads or a range
// deletion drops. store/key_codec.h builds them; an empty `end` runs to the last key, so the
// default range is the whole column family.

#include <string>

namespace lg::store {

struct KeyRange {
  std::string begin;
  std::string end;
};

}  // namespace lg::store
