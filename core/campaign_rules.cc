#include "core/campaign_rules.h"

#include <array>
#include <set>
#include <string>

#include "core/duplicate_rule.h"
#include "core/json_reader.h"
#include "core/slug.h"
#include "core/utf8.h"

namespace lg::core {
namespace {

// Lead attributes and list-query parameter names: a select with one of these slugs could not be
// filtered by as `?<slug>=`.
constexpr std::array<std::string_view, 18> kReserved{
    "id",     "campaign_id", "status",        "created_at",     "updated_at",    "created_by",
    "limit",  "cursor",      "page",          "per_page",       "order",         "sort",
    "fields", "selects",     "created_after", "created_before", "updated_after", "updated_before"};

constexpr int64_t kMaxDuplicateWindowSeconds = 315360000;
constexpr size_t kMaxDuplicateRules = 10;

void CheckSlug(const std::string& slug, const std::string& path, FieldErrors& errors) {
  if (slug.empty()) {
    errors.Add(path, "required", "is required");
  } else if (!IsValidSlug(slug)) {
    errors.Add(path, "invalid_slug", "must match [a-z0-9][a-z0-9_-]* (at most 64 characters)");
  }
}

}  // namespace

bool IsReservedSlug(std::string_view slug) {
  for (auto r : kReserved) {
    if (r == slug) return true;
  }
  return false;
}

Status ValidateCampaign(const Campaign& c) {
  FieldErrors errors;
  if (c.name.empty()) errors.Add("name", "required", "is required");
  if (CodePointCount(c.name) > 200) errors.Add("name", "too_long", "must be at most 200 characters");

  std::set<std::string> lead_keys;  // fields and selects together
  auto check_lead_key = [&](const std::string& slug, const std::string& path) {
    CheckSlug(slug, path, errors);
    if (slug.empty()) return;
    if (IsReservedSlug(slug)) {
      errors.Add(path, "reserved_slug", "'" + slug + "' is reserved by the API");
    } else if (!lead_keys.insert(slug).second) {
      errors.Add(path, "duplicate_slug", "'" + slug + "' is already used by another field or select");
    }
  };

  for (size_t i = 0; i < c.fields.size(); ++i) {
    check_lead_key(c.fields[i].slug, IndexPath("fields", i) + ".slug");
  }
  for (size_t i = 0; i < c.selects.size(); ++i) {
    const Select& s = c.selects[i];
    std::string path = IndexPath("selects", i);
    check_lead_key(s.slug, path + ".slug");
    std::set<std::string> option_slugs;
    for (size_t j = 0; j < s.options.size(); ++j) {
      std::string opath = IndexPath(path + ".options", j) + ".slug";
      CheckSlug(s.options[j].slug, opath, errors);
      if (!s.options[j].slug.empty() && !option_slugs.insert(s.options[j].slug).second) {
        errors.Add(opath, "duplicate_slug", "'" + s.options[j].slug + "' is already an option of this select");
      }
    }
  }

  std::set<std::string> status_slugs;
  int defaults = 0;
  for (size_t i = 0; i < c.statuses.size(); ++i) {
    std::string path = IndexPath("statuses", i);
    CheckSlug(c.statuses[i].slug, path + ".slug", errors);
    if (!c.statuses[i].slug.empty() && !status_slugs.insert(c.statuses[i].slug).second) {
      errors.Add(path + ".slug", "duplicate_slug", "'" + c.statuses[i].slug + "' is already a status");
    }
    if (c.statuses[i].is_default && ++defaults > 1) {
      errors.Add(path + ".default", "multiple_default_statuses", "only one status can be the default");
    }
  }
  for (size_t i = 0; i < c.duplicate_rules.size(); ++i) {
    const DuplicateRule& r = c.duplicate_rules[i];
    std::string path = IndexPath("duplicate_rules", i);
    if (r.members.empty()) errors.Add(path + ".fields", "required", "needs at least one field or select slug");
    if (r.members.size() > kMaxDuplicateMembers) {
      errors.Add(path + ".fields", "too_many", "at most " + std::to_string(kMaxDuplicateMembers) + " fields per rule");
    }
    std::set<std::string> seen;
    for (size_t j = 0; j < r.members.size(); ++j) {
      const std::string& m = r.members[j];
      if (!c.FindField(m) && !c.FindSelect(m)) {
        errors.Add(IndexPath(path + ".fields", j), "unknown_field",
                   "'" + m + "' is not a field or select of this campaign");
      } else if (!seen.insert(m).second) {
        errors.Add(IndexPath(path + ".fields", j), "duplicate_slug", "'" + m + "' is listed twice");
      }
    }
    if (r.window_seconds < 1 || r.window_seconds > kMaxDuplicateWindowSeconds) {
      errors.Add(path + ".window_seconds", "out_of_range", "must be from 1 to 315360000 (10 years)");
    }
    for (size_t j = 0; j < r.ignore_statuses.size(); ++j) {
      if (!c.FindStatus(r.ignore_statuses[j])) {
        errors.Add(IndexPath(path + ".ignore_statuses", j), "unknown_status",
                   "'" + r.ignore_statuses[j] + "' is not a status of this campaign");
      }
    }
  }
  if (c.duplicate_rules.size() > kMaxDuplicateRules) {
    errors.Add("duplicate_rules", "too_many", "at most 10 rules");
  }
  if (c.statuses.empty()) {
    errors.Add("statuses", "required", "at least one status is required");
  } else if (defaults == 0) {
    errors.Add("statuses", "no_default_status", "exactly one status must have \"default\": true");
  }
  return errors.ToStatus();
}

}  // namespace lg::core
