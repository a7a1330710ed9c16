#include "core/doublet.h"

#include <algorithm>
#include <cctype>

namespace lg::core {
namespace {

// Field values are kept as JSON text; a string field holds "\"...\"" with JSON escapes, which is
// fine to compare as it is once case and surrounding blanks are folded.
std::string FoldText(std::string_view json_text) {
  std::string_view s = json_text;
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string Digits(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

}  // namespace

std::set<std::string> DoubletMembers(const Campaign& campaign) {
  std::set<std::string> members;
  for (const auto& rule : campaign.duplicate_rules) members.insert(rule.members.begin(), rule.members.end());
  return members;
}

std::optional<std::string> DoubletValue(const Campaign& campaign, const Lead& lead, const std::string& member) {
  if (campaign.FindSelect(member)) {
    auto it = lead.select_values.find(member);
    if (it == lead.select_values.end() || it->second.empty()) return std::nullopt;
    return it->second;
  }
  const Field* field = campaign.FindField(member);
  auto it = lead.field_values.find(member);
  if (!field || it == lead.field_values.end()) return std::nullopt;
  std::string value;
  switch (field->type) {
    case FieldType::kText:
    case FieldType::kEmail:
      value = FoldText(it->second);
      break;
    case FieldType::kPhone:
      value = Digits(it->second);
      break;
    default:
      value = it->second;
      break;
  }
  if (value.empty() || value == "null") return std::nullopt;
  return value;
}

uint64_t DoubletHash(const std::string& member, const std::string& value) {
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&](unsigned char c) {
    h ^= c;
    h *= 1099511628211ULL;
  };
  for (unsigned char c : member) mix(c);
  mix(0);
  for (unsigned char c : value) mix(c);
  return h;
}

DoubletValues DoubletValuesUnder(const DoubletRule& rule, const Campaign& campaign, const Lead& lead) {
  DoubletValues values;
  values.reserve(rule.members.size());
  for (const auto& member : rule.members) values.push_back(DoubletValue(campaign, lead, member));
  return values;
}

bool IsDoubletUnder(const DoubletRule& rule, const Campaign& campaign, const Lead& lead, const DoubletValues& values,
                    const Lead& earlier, int64_t now_millis) {
  if (earlier.id == lead.id) return false;
  if (now_millis - earlier.created_at >= rule.window_seconds * 1000) return false;
  for (const auto& status : rule.ignore_statuses) {
    if (earlier.status == status) return false;
  }
  int equal = 0;
  for (size_t i = 0; i < rule.members.size(); ++i) {
    bool same = values[i] && values[i] == DoubletValue(campaign, earlier, rule.members[i]);
    if (same) ++equal;
    if (!same && rule.match_all) return false;
  }
  return equal > 0;
}

}  // namespace lg::core
