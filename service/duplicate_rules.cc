#include "service/duplicate_rules.h"

#include "core/duplicate_rule.h"
#include "core/lead_json.h"
#include "store/group_commit.h"

namespace lg::service {

core::Result<std::optional<DuplicateRules::Match>> DuplicateRules::EarliestMatch(const core::DuplicateRule& rule,
                                                                                 const core::Campaign& campaign,
                                                                                 const core::CompiledFilter* scope,
                                                                                 const core::Lead& lead) const {
  const core::DuplicateValues values = core::DuplicateValuesUnder(rule, campaign, lead);
  // Earlier leads count while created less than the window before this one: from here on.
  const int64_t created_from = lead.created_at - rule.window_seconds * 1000 + 1;
  std::optional<Match> best;
  auto consider = [&](const core::Lead& earlier, std::shared_ptr<store::PendingCommit> pending) {
    // The key stands for the values, the entry's time and status for the window and the ignored
    // statuses; the record is compared anyway, so an entry can never decide alone.
    if (!core::IsDuplicateUnder(rule, campaign, lead, values, earlier, lead.created_at)) return false;
    if (!best || std::pair(earlier.created_at, earlier.id) < std::pair(best->created_at, best->id)) {
      best = Match{earlier.created_at, earlier.id, !scope || core::Matches(*scope, earlier), std::move(pending)};
    }
    return true;
  };
  for (const std::string& key : core::DuplicateKeys(rule, values)) {
    // Leads still on their way to the disk first: one leaves this set only once its commit is
    // visible in the index, so a copy committed while this check runs is found in one place or
    // the other. (Read the other way round, a copy could commit and leave the set between the
    // index read and this one.) A lead whose commit failed will never be stored: passed over.
    in_flight_.Visit(campaign.id, key, created_from,
                     [&](const core::Lead& earlier, const std::shared_ptr<store::PendingCommit>& commit) {
                       std::optional<core::Status> outcome = commit ? commit->Outcome() : std::nullopt;
                       if (outcome && !outcome->ok()) return true;
                       return !consider(earlier, outcome ? nullptr : commit);
                     });
    core::Status bad_record = core::Status::Ok();
    LG_RETURN_IF_ERROR(
        leads_.ScanDuplicateMatches(campaign.id, key, created_from, [&](uint64_t, std::string_view json) {
          auto earlier = core::DecodeLead(json);
          if (!earlier.has_value()) {
            bad_record = earlier.error();
            return false;
          }
          return !consider(*earlier, nullptr);  // oldest first: the first match is the earliest
        }));
    LG_RETURN_IF_ERROR(bad_record);
  }
  return best;
}

core::Result<DuplicateDecision> DuplicateRules::Check(const core::Campaign& campaign, const core::CompiledFilter* scope,
                                                      const core::Lead& lead) const {
  DuplicateDecision decision;
  std::optional<Match> flagged;
  for (const core::DuplicateRule& rule : campaign.duplicate_rules) {
    LG_ASSIGN_OR_RETURN(std::optional<Match> match, EarliestMatch(rule, campaign, scope, lead));
    if (!match) continue;
    if (rule.action == core::DuplicateAction::kReject) {
      std::string rule_name = rule.name.empty() ? "" : " (rule '" + rule.name + "')";
      // A lead outside the caller's scope is not named: its id would tell when another vendor
      // sent it.
      if (!match->visible) {
        decision.rejected = core::Status(core::ErrorKind::kConflict, "duplicate_lead",
                                         "This lead duplicates an existing lead" + rule_name + ".");
      } else {
        decision.rejected = core::Status(core::ErrorKind::kConflict, "duplicate_lead",
                                         "This lead duplicates lead " + std::to_string(match->id) + rule_name + ".");
        decision.rejected.WithMember("doublet_of", match->id);
      }
      decision.rejected_by_pending = std::move(match->pending);
      return decision;
    }
    if (!flagged || std::pair(match->created_at, match->id) < std::pair(flagged->created_at, flagged->id)) {
      flagged = std::move(match);
    }
  }
  if (flagged) {
    decision.doublet_of = flagged->id;
    decision.duplicate_visible = flagged->visible;
  }
  return decision;
}

void DuplicateRules::Register(const core::Campaign& campaign, const core::Lead& lead,
                              std::shared_ptr<CommitSlot> slot) {
  std::vector<std::string> keys;
  for (const core::DuplicateRule& rule : campaign.duplicate_rules) {
    if (!core::CountsForRule(rule, lead.status)) continue;
    for (auto& key : core::DuplicateKeys(rule, core::DuplicateValuesUnder(rule, campaign, lead))) keys.push_back(key);
  }
  in_flight_.Add(lead, std::move(keys), std::move(slot));
}

}  // namespace lg::service
