#include "core/command.h"

#include <simdjson.h>

#include "core/hex.h"
#include "core/json_reader.h"
#include "core/json_writer.h"

namespace lg::core {
namespace {

constexpr uint64_t kVersion = 1;

Status Damaged(const std::string& what) { return Status::Internal("a replicated-log command is damaged: " + what); }

}  // namespace

std::string Command::Id() const { return std::to_string(origin) + "-" + std::to_string(sequence); }

std::string EncodeCommand(const Command& c) {
  JsonWriter out;
  out.Reserve(256 + c.body.size());
  out.BeginObject().Key("v").Uint(kVersion).Key("kind").String(c.kind);
  out.Key("origin").Uint(c.origin).Key("sequence").Uint(c.sequence).Key("proposed_at").Int(c.proposed_at);
  if (c.first_id != 0) out.Key("first_id").Uint(c.first_id);
  if (c.id_count != 0) out.Key("id_count").Uint(c.id_count);
  if (c.token_id != 0) out.Key("token_id").Uint(c.token_id);
  if (!c.path.empty()) {
    out.Key("path").BeginObject();
    for (const auto& [name, id] : c.path) out.Key(name).Uint(id);
    out.EndObject();
  }
  if (!c.key_digest.empty()) out.Key("key_digest").String(ToHex(c.key_digest));
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
    } else if (key == "id_count") {
      ok &= !value.get_uint64().get(u) && u <= UINT32_MAX;
      c.id_count = static_cast<uint32_t>(u);
    } else if (key == "token_id") {
      ok &= !value.get_uint64().get(c.token_id);
    } else if (key == "path") {
      simdjson::dom::object path;
      ok &= !value.get_object().get(path);
      if (!ok) break;
      for (auto [name, id] : path) {
        ok &= !id.get_uint64().get(u);
        c.path[std::string(name)] = u;
      }
    } else if (key == "key_digest") {
      ok &= !value.get_string().get(sv);
      auto digest = FromHex(sv);
      ok &= digest.has_value() && digest->size() == 32;
      if (ok) c.key_digest = std::move(*digest);
    }
    if (!ok) return Damaged("bad member " + std::string(key));
  }
  if (version != kVersion) return Damaged("unknown version " + std::to_string(version));
  if (c.kind.empty()) return Damaged("no kind");
  c.body.assign(bytes.substr(newline + 1));
  return c;
}

}  // namespace lg::core
