#pragma once
// The campaign schema: custom fields, select lists with options, and statuses. Selects, options
// and statuses carry internal numeric ids (never shown by the API) so index keys stay fixed-width
// and never change when a label does.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lg::core {

// On-disk numbers: never renumber.
enum class FieldType : uint8_t {
  kText = 1,
  kEmail = 2,
  kPhone = 3,
  kNumber = 4,
  kDate = 5,
  kDatetime = 6,
  kCheckbox = 7,
  kJson = 8,
};

enum class StatusType : uint8_t { kActive = 1, kInactive = 2, kWon = 3, kLost = 4 };

std::string_view ToString(FieldType type);
std::optional<FieldType> ParseFieldType(std::string_view text);
std::string_view ToString(StatusType type);
std::optional<StatusType> ParseStatusType(std::string_view text);

struct Field {
  std::string slug;
  std::string label;
  std::string description;
  FieldType type = FieldType::kText;
  bool required = false;
  bool retired = false;  // existing values stay readable and filterable; new writes are refused
};

struct SelectOption {
  uint32_t id = 0;
  std::string slug;
  std::string label;
  bool retired = false;  // as Field::retired (a vendor that left)
};

struct Select {
  uint32_t id = 0;
  std::string slug;
  std::string label;
  std::string description;
  bool required = false;
  std::vector<SelectOption> options;

  const SelectOption* FindOption(std::string_view option_slug) const;
};

struct LeadStatus {
  uint32_t id = 0;
  std::string slug;
  std::string label;
  StatusType type = StatusType::kActive;
  int order = 0;
  bool is_default = false;
  bool retired = false;  // as Field::retired; never the default status
};

// A duplicate rule: a new lead whose `members` (field or select slugs) equal those of
// a lead created less than `window_seconds` earlier (all of them, or any one) is flagged with
// `doublet_of` or rejected. Earlier leads in an `ignore_statuses` status do not count.
enum class DuplicateAction : uint8_t { kFlag = 1, kReject = 2 };

struct DuplicateRule {
  std::string name;
  bool match_all = true;  // false: any one member matching is enough
  std::vector<std::string> members;
  int64_t window_seconds = 0;
  std::vector<std::string> ignore_statuses;
  DuplicateAction action = DuplicateAction::kFlag;
};

std::string_view ToString(DuplicateAction action);
std::optional<DuplicateAction> ParseDuplicateAction(std::string_view text);

// How deep a `json` field's value may nest arrays and objects by default (limits.json_max_depth).
// Deeper documents break common clients (Python's json gives up near 1,000 levels) on every page
// that holds the lead.
inline constexpr int kDefaultJsonMaxDepth = 32;

// The longest retention a campaign may set (100 years).
inline constexpr double kMaxRetentionDays = 36500;
// About 9 seconds: fractions of a day serve pass-through campaigns that keep leads hours only.
inline constexpr double kMinRetentionDays = 0.0001;

struct Campaign {
  uint64_t id = 0;
  std::string name;
  std::vector<Field> fields;
  std::vector<Select> selects;
  std::vector<LeadStatus> statuses;
  std::vector<DuplicateRule> duplicate_rules;
  // Leads created longer ago than this are erased in the background (service/retention.h);
  // unset: kept forever. Fractions allowed (0.5: twelve hours).
  std::optional<double> retention_days;
  uint32_t next_internal_id = 1;  // source of select/option/status ids
  int64_t created_at = 0;
  int64_t updated_at = 0;
  // Not part of the schema (never stored or shown): the server's limits.json_max_depth, set on
  // every campaign the server serves, so every write of a lead checks its json values against it.
  int json_max_depth = kDefaultJsonMaxDepth;

  const Field* FindField(std::string_view slug) const;
  const Select* FindSelect(std::string_view slug) const;
  const LeadStatus* FindStatus(std::string_view slug) const;
  const LeadStatus* DefaultStatus() const;
  // Gives every select, option and status without an id (id 0) a fresh one.
  void AssignInternalIds();
};

}  // namespace lg::core
