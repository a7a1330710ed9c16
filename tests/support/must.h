#pragma once
// Unwrapping for tests: the value of a Result, or the test stops with the error's detail.

#include <boost/test/unit_test.hpp>
#include <utility>

#include "core/status.h"

namespace lg::test {

template <typename T>
T Must(core::Result<T> result) {
  BOOST_REQUIRE_MESSAGE(result.has_value(),
                        "unexpected error: " << (result.has_value() ? "" : result.error().detail()));
  return std::move(result).value();
}

inline void Must(const core::Status& status) {
  BOOST_REQUIRE_MESSAGE(status.ok(), "unexpected error: " << status.detail());
}

}  // namespace lg::test
