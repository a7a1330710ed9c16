#include "core/duplicate_rule.h"

#include <algorithm>
#include <cctype>

#include "core/sha256.h"

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

// Every part of what a key hashes is length-prefixed, so no two different inputs give the same
// bytes.
void AddPart(std::string& out, std::string_view part) {
  out += std::to_string(part.size());
  out += ':';
  out += part;
}

std::string Digits(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

}  // namespace

std::string DuplicateSignature(const DuplicateRule& rule) {
  std::string signature;
  AddPart(signature, rule.match_all ? "all" : "any");
  for (const auto& member : rule.members) AddPart(signature, member);
  std::vector<std::string> ignored(rule.ignore_statuses.begin(), rule.ignore_statuses.end());
  std::sort(ignored.begin(), ignored.end());
  AddPart(signature, "ignore");
  for (const auto& status : ignored) AddPart(signature, status);
  return signature;
}

std::set<std::string> DuplicateSignatures(const Campaign& campaign) {
  std::set<std::string> signatures;
  for (const auto& rule : campaign.duplicate_rules) signatures.insert(DuplicateSignature(rule));
  return signatures;
}

std::optional<std::string> DuplicateValue(const Campaign& campaign, const Lead& lead, const std::string& member) {
  if (campaign.FindSelect(member)) {
    auto it = lead.select_values.find(member);
    if (it == lead.select_values.end() || it->second.empty()) return std::nullopt;
    return it->second;
  }
  const Field* field = campaign.FindField(member);
  auto it = lead.field_values.find(member);
  if (!field || it == lead.field_values.end()) return std::nullopt;
  std::string value = ComparableFieldValue(field->type, it->second);
  if (value.empty() || value == "null") return std::nullopt;
  return value;
}

std::string ComparableFieldValue(FieldType type, std::string_view json_text) {
  switch (type) {
    case FieldType::kText:
    case FieldType::kEmail:
      return FoldText(json_text);
    case FieldType::kPhone:
      return Digits(json_text);
    default:
      return std::string(json_text);
  }
}

DuplicateValues DuplicateValuesUnder(const DuplicateRule& rule, const Campaign& campaign, const Lead& lead) {
  DuplicateValues values;
  values.reserve(rule.members.size());
  for (const auto& member : rule.members) values.push_back(DuplicateValue(campaign, lead, member));
  return values;
}

std::vector<std::string> DuplicateKeys(const DuplicateRule& rule, const DuplicateValues& values) {
  // The rule's signature, then the values.
  const std::string signature = DuplicateSignature(rule);
  auto key = [](const std::string& input) { return Sha256({"doublet.v1\n", input}).substr(0, kDuplicateKeyBytes); };

  std::vector<std::string> keys;
  if (rule.match_all) {
    std::string input = signature;
    for (const auto& value : values) {
      if (!value) return keys;
      AddPart(input, *value);
    }
    keys.push_back(key(input));
    return keys;
  }
  for (size_t i = 0; i < values.size() && i < rule.members.size(); ++i) {
    if (!values[i]) continue;
    std::string input = signature;
    AddPart(input, rule.members[i]);
    AddPart(input, *values[i]);
    keys.push_back(key(input));
  }
  return keys;
}

bool CountsForRule(const DuplicateRule& rule, const std::string& status) {
  return std::find(rule.ignore_statuses.begin(), rule.ignore_statuses.end(), status) == rule.ignore_statuses.end();
}

bool IsDuplicateUnder(const DuplicateRule& rule, const Campaign& campaign, const Lead& lead,
                      const DuplicateValues& values, const Lead& earlier, int64_t now_millis) {
  if (earlier.id == lead.id) return false;
  if (now_millis - earlier.created_at >= rule.window_seconds * 1000) return false;
  if (!CountsForRule(rule, earlier.status)) return false;
  int equal = 0;
  for (size_t i = 0; i < rule.members.size(); ++i) {
    bool same = values[i] && values[i] == DuplicateValue(campaign, earlier, rule.members[i]);
    if (same) ++equal;
    if (!same && rule.match_all) return false;
  }
  return equal > 0;
}

}  // namespace lg::core
