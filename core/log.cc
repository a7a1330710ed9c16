#include "core/log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "core/json_writer.h"

namespace lg::core::log {
namespace {

std::shared_ptr<spdlog::logger> Logger() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::stderr_logger_mt("leadgate");
    l->set_formatter(std::make_unique<spdlog::pattern_formatter>(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",%v})",
                                                                 spdlog::pattern_time_type::utc));
    l->flush_on(spdlog::level::info);
    return l;
  }();
  return logger;
}

void Write(spdlog::level::level_enum level, std::string_view event, Fields fields) {
  auto logger = Logger();
  if (!logger->should_log(level)) return;
  std::string line = R"("event":")";
  JsonWriter::AppendEscaped(line, event);
  line.push_back('"');
  for (const auto& [key, value] : fields) {
    line.append(",\"");
    JsonWriter::AppendEscaped(line, key);
    line.append("\":\"");
    JsonWriter::AppendEscaped(line, value);
    line.push_back('"');
  }
  logger->log(level, "{}", line);
}

}  // namespace

void Init(const std::string& level) { Logger()->set_level(spdlog::level::from_str(level)); }
void Debug(std::string_view event, Fields fields) { Write(spdlog::level::debug, event, fields); }
void Info(std::string_view event, Fields fields) { Write(spdlog::level::info, event, fields); }
void Warn(std::string_view event, Fields fields) { Write(spdlog::level::warn, event, fields); }
void Error(std::string_view event, Fields fields) { Write(spdlog::level::err, event, fields); }

}  // namespace lg::core::log
