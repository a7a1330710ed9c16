#pragma once
// Structured logging: one JSON object per line on stderr, {"ts","level","event",...fields}.
// Callers pass event names and fields, never secrets. Thread-safe (spdlog underneath, kept out
// of this header so it does not spread through the build).

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace lg::core::log {

using Fields = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// level: trace, debug, info, warn, error or off.
void Init(const std::string& level);
void Debug(std::string_view event, Fields fields = {});
void Info(std::string_view event, Fields fields = {});
void Warn(std::string_view event, Fields fields = {});
void Error(std::string_view event, Fields fields = {});

}  // namespace lg::core::log
