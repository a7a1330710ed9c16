#include "core/campaign.h"

#include <algorithm>
#include <array>
#include <utility>

namespace lg::core {
namespace {

constexpr std::array<std::pair<FieldType, std::string_view>, 8> kFieldTypes{{
    {FieldType::kText, "text"},
    {FieldType::kEmail, "email"},
    {FieldType::kPhone, "phone"},
    {FieldType::kNumber, "number"},
    {FieldType::kDate, "date"},
    {FieldType::kDatetime, "datetime"},
    {FieldType::kCheckbox, "checkbox"},
    {FieldType::kJson, "json"},
}};

constexpr std::array<std::pair<StatusType, std::string_view>, 4> kStatusTypes{{
    {StatusType::kActive, "active"},
    {StatusType::kInactive, "inactive"},
    {StatusType::kWon, "won"},
    {StatusType::kLost, "lost"},
}};

template <typename Vec>
auto FindBySlug(const Vec& items, std::string_view slug) -> decltype(&items[0]) {
  auto it = std::find_if(items.begin(), items.end(), [&](const auto& item) { return item.slug == slug; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

std::string_view ToString(FieldType type) {
  for (auto [t, name] : kFieldTypes) {
    if (t == type) return name;
  }
  return "text";
}

std::optional<FieldType> ParseFieldType(std::string_view text) {
  for (auto [t, name] : kFieldTypes) {
    if (name == text) return t;
  }
  return std::nullopt;
}

std::string_view ToString(StatusType type) {
  for (auto [t, name] : kStatusTypes) {
    if (t == type) return name;
  }
  return "active";
}

std::optional<StatusType> ParseStatusType(std::string_view text) {
  for (auto [t, name] : kStatusTypes) {
    if (name == text) return t;
  }
  return std::nullopt;
}

const SelectOption* Select::FindOption(std::string_view option_slug) const { return FindBySlug(options, option_slug); }
const Field* Campaign::FindField(std::string_view slug) const { return FindBySlug(fields, slug); }
const Select* Campaign::FindSelect(std::string_view slug) const { return FindBySlug(selects, slug); }
const LeadStatus* Campaign::FindStatus(std::string_view slug) const { return FindBySlug(statuses, slug); }

const LeadStatus* Campaign::DefaultStatus() const {
  auto it = std::find_if(statuses.begin(), statuses.end(), [](const LeadStatus& s) { return s.is_default; });
  return it == statuses.end() ? nullptr : &*it;
}

void Campaign::AssignInternalIds() {
  for (auto& select : selects) {
    if (select.id == 0) select.id = next_internal_id++;
    for (auto& option : select.options) {
      if (option.id == 0) option.id = next_internal_id++;
    }
  }
  for (auto& status : statuses) {
    if (status.id == 0) status.id = next_internal_id++;
  }
}

std::string_view ToString(DuplicateAction action) { return action == DuplicateAction::kReject ? "reject" : "flag"; }

std::optional<DuplicateAction> ParseDuplicateAction(std::string_view text) {
  if (text == "flag") return DuplicateAction::kFlag;
  if (text == "reject") return DuplicateAction::kReject;
  return std::nullopt;
}

}  // namespace lg::core
