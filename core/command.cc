#include "core/command.h"

#include <simdjson.h>

#include <charconv>

#include "core/json_reader.h"
#include "core/json_writer.h"

namespace lg::core {
namespace {

constexpr uint64_t kVersion = 1;

Status Damaged(const std::string& what) { return Status::Internal("a replicated-log command is damaged: " + what); }

void WriteMap(JsonWriter& out, std::string_view name, const std::map<std::string, std::string>& map) {
  if (map.empty()) return;
  out.Key(name).BeginObject();
  for (const auto& [key, value] : map) out.Key(key).String(value);
  out.EndObject();
}

bool ReadMap(simdjson::dom::element value, std::map<std::string, std::string>& map) {
  simdjson::dom::object object;
  if (value.get_object().get(object)) return false;
  for (auto [key, member] : object) {
    std::string_view text;
    if (member.get_string().get(text)) return false;
    map[std::string(key)] = std::string(text);
  }
  return true;
}

}  // namespace

std::string Command::Id() const { return std::to_string(origin) + "-" + std::to_string(sequence); }

std::string EncodeCommand(const Command& c) {
  JsonWriter out;
  out.Reserve(256 + c.body.size());
  out.BeginObject().Key("v").Uint(kVersion).Key("kind").String(c.kind);
  out.Key("origin").Uint(c.origin).Key("sequence").Uint(c.sequence).Key("proposed_at").Int(c.proposed_at);
  if (c.first_id != 0) out.Key("first_id").Uint(c.first_id);
  if (c.token_id != 0) out.Key("token_id").Uint(c.token_id);
  WriteMap(out, "path", c.path);
  WriteMap(out, "headers", c.headers);
  out.EndObject();
  std::string bytes = out.Take();
  bytes.push_back('\n');
  bytes.append(c.body);
  return bytes;
}

Result<Command> DecodeCommand(std::string_view bytes) {
  const size_t newline = bytes.find('\n');
  if (newline == std::string_view::npos) return Damaged("no header line");
  simdjson::dom::parser parser;
  simdjson::dom::object header;
  if (!ParseStoredJsonObject(parser, bytes.substr(0, newline), header).ok()) return Damaged("the header is not JSON");
  Command c;
  uint64_t version = 0, u = 0;
  bool ok = true;
  for (auto [key, value] : header) {
    std::string_view sv;
    if (key == "v") {
      ok &= !value.get_uint64().get(version);
    } else if (key == "kind") {
      ok &= !value.get_string().get(sv);
      c.kind.assign(sv);
    } else if (key == "origin") {
      ok &= !value.get_uint64().get(u) && u <= UINT32_MAX;
      c.origin = static_cast<uint32_t>(u);
    } else if (key == "sequence") {
      ok &= !value.get_uint64().get(c.sequence);
    } else if (key == "proposed_at") {
      ok &= !value.get_int64().get(c.proposed_at);
    } else if (key == "first_id") {
      ok &= !value.get_uint64().get(c.first_id);
    } else if (key == "token_id") {
      ok &= !value.get_uint64().get(c.token_id);
    } else if (key == "path") {
      ok &= ReadMap(value, c.path);
    } else if (key == "headers") {
      ok &= ReadMap(value, c.headers);
    }
    if (!ok) return Damaged("bad member " + std::string(key));
  }
  if (version != kVersion) return Damaged("unknown version " + std::to_string(version));
  if (c.kind.empty()) return Damaged("no kind");
  c.body.assign(bytes.substr(newline + 1));
  return c;
}

namespace {
constexpr std::string_view kBatchMarker = "leadgate-batch-1\n";
}  // namespace

std::string EncodeCommandBatch(const std::vector<std::string_view>& encoded_commands) {
  size_t size = kBatchMarker.size();
  for (std::string_view command : encoded_commands) size += command.size() + kBatchOverheadPerCommand;
  std::string out;
  out.reserve(size);
  out.append(kBatchMarker);
  for (std::string_view command : encoded_commands) {
    out.append(std::to_string(command.size())).push_back('\n');
    out.append(command);
  }
  return out;
}

Result<std::vector<std::string_view>> SplitCommandBatch(std::string_view bytes) {
  if (!bytes.starts_with(kBatchMarker)) return std::vector<std::string_view>{bytes};  // one command
  bytes.remove_prefix(kBatchMarker.size());
  std::vector<std::string_view> out;
  while (!bytes.empty()) {
    const size_t newline = bytes.find('\n');
    size_t length = 0;
    const char* end = newline == std::string_view::npos ? nullptr : bytes.data() + newline;
    if (!end || std::from_chars(bytes.data(), end, length).ptr != end || newline == 0) {
      return Damaged("a batch's length line is not a number");
    }
    bytes.remove_prefix(newline + 1);
    if (length > bytes.size()) return Damaged("a batch ends inside a command");
    out.push_back(bytes.substr(0, length));
    bytes.remove_prefix(length);
  }
  if (out.empty()) return Damaged("an empty batch");
  return out;
}

}  // namespace lg::core
