#include "tools/crash_test/model.h"

#include <iostream>

#include "core/json_writer.h"
#include "tools/crash_test/report.h"

namespace lg::crash_test {

const char* ToString(CampaignKind kind) {
  switch (kind) {
    case CampaignKind::kPlain:
      return "plain";
    case CampaignKind::kReject:
      return "reject";
    case CampaignKind::kFlag:
      return "flag";
  }
  return "?";
}

std::string AdminChange::Describe() const {
  static const char* const kNames[] = {"add option",
                                       "add field",
                                       "add status",
                                       "move the filter of vendor",
                                       "mint a token for vendor",
                                       "rotate the token of vendor",
                                       "revoke the old token of vendor"};
  std::string out = kNames[static_cast<int>(kind)];
  if (vendor >= 0) out += " " + std::to_string(vendor);
  if (token_id) out += " (token " + std::to_string(token_id) + ")";
  if (!slug.empty()) out += " '" + slug + "'";
  return out;
}

size_t Model::AddLead(TrackedLead lead) {
  size_t index = leads.size();
  lead_by_id[lead.id] = index;
  leads.push_back(std::move(lead));
  return index;
}

std::string Diff(const Values& want, const core::Lead& got) {
  std::string diff;
  if (got.field_values != want.fields) {
    diff += " field_values {";
    for (const auto& [k, v] : got.field_values) {
      auto it = want.fields.find(k);
      if (it == want.fields.end() || it->second != v) diff += " " + k + "=" + v.substr(0, 60);
    }
    for (const auto& [k, v] : want.fields) {
      if (!got.field_values.count(k)) diff += " " + k + " missing";
    }
    diff += " }";
  }
  auto source = got.select_values.find("source");
  std::string got_source = source == got.select_values.end() ? "" : source->second;
  if (got_source != want.source || got.select_values.size() > (got_source.empty() ? 0u : 1u)) {
    diff += " source=" + (got_source.empty() ? std::string("<none>") : got_source) + " (want " + want.source + ")";
  }
  if (got.status != want.status) diff += " status=" + got.status + " (want " + want.status + ")";
  return diff;
}

std::string Cat(std::initializer_list<std::string_view> parts) {
  size_t size = 0;
  for (auto part : parts) size += part.size();
  std::string out;
  out.reserve(size);
  for (auto part : parts) out.append(part);
  return out;
}

std::string FoldEmail(std::string email) {
  for (char& c : email) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return email;
}

std::string Quoted(const std::string& text) { return core::JsonWriter::Quoted(text); }

std::string Unquoted(const std::string& json) {
  if (json.size() >= 2 && json.front() == '"' && json.back() == '"' && json.find('\\') == std::string::npos) {
    return json.substr(1, json.size() - 2);
  }
  return json;
}

void Report::Error(const std::string& what) {
  std::lock_guard lock(mu_);
  if (errors_.size() < kMaxPrinted) std::cout << "  ERROR: " << what << std::endl;
  errors_.push_back(what);
}

size_t Report::errors() const {
  std::lock_guard lock(mu_);
  return errors_.size();
}

}  // namespace lg::crash_test
