#include "store/integrity_check.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>

#include "core/campaign_json.h"
#include "core/hex.h"
#include "core/lead_json.h"
#include "store/counted_options.h"
#include "store/key_codec.h"
#include "store/lead_repo.h"
#include "store/stats_repo.h"

namespace lg::store {
namespace {

// The keys of a lead's record and of its tombstone.
std::string RecordKey(const keys::LeadKeyParts& lead) {
  return keys::Lead(core::CampaignId(lead.campaign_id), core::LeadId(lead.lead_id));
}
std::string TombstoneKey(const keys::LeadKeyParts& lead) {
  return keys::Tombstone(core::CampaignId(lead.campaign_id), core::LeadId(lead.lead_id));
}

// A readable name for an index key (its parts), or its bytes when it is malformed.
std::string IndexKeyName(std::string_view key) {
  if (key.empty()) return "index key <empty>";
  auto parts = keys::DecodeIndex(key);
  if (!parts) return "index key 0x" + core::ToHex(key);
  std::ostringstream out;
  switch (parts->kind) {
    case keys::IndexKind::kSelect:
      out << "select index (campaign " << parts->campaign_id << ", select " << parts->select_id << ", option "
          << parts->value_id;
      break;
    case keys::IndexKind::kStatus:
      out << "status index (campaign " << parts->campaign_id << ", status " << parts->value_id;
      break;
    case keys::IndexKind::kUpdated:
      out << "updated index (campaign " << parts->campaign_id << ", updated_at " << parts->time;
      break;
    case keys::IndexKind::kOptionUpdated:
      out << "option updated index (campaign " << parts->campaign_id << ", select " << parts->select_id << ", option "
          << parts->value_id << ", updated_at " << parts->time;
      break;
    case keys::IndexKind::kDuplicate:
      out << "duplicate index (campaign " << parts->campaign_id << ", rule key " << core::ToHex(parts->hashed)
          << ", created_at " << parts->time;
      break;
    default:  // kPerson: its key is not shown
      out << "person index (campaign " << parts->campaign_id;
      break;
  }
  out << ", lead " << parts->lead_id << ")";
  return out.str();
}

class Checker {
 public:
  Checker(const Db& db, size_t max_problems) : db_(db), max_problems_(max_problems) {}

  IntegrityReport Run() {
    LoadCampaigns();
    CheckLeads();
    CheckIndex();
    CheckTombstones();
    CheckLeadEvents();
    CheckStats();
    return std::move(report_);
  }

 private:
  void Problem(uint64_t& counter, std::string what) {
    ++counter;
    if (report_.problems.size() < max_problems_) report_.problems.push_back(std::move(what));
  }

  // A read error is a problem of its own; the part of the check it cut short is incomplete.
  void Read(const char* what, const core::Status& status) {
    if (!status.ok()) Problem(report_.read_errors, std::string(what) + ": " + status.detail());
  }

  void LoadCampaigns() {
    const KeyRange campaigns = keys::PrefixRange(keys::CampaignPrefix());
    Read("reading campaigns", db_.Scan(Cf::kMeta, campaigns, [&](std::string_view key, std::string_view value) {
      ++report_.campaigns;
      uint64_t id = keys::DecodeCampaign(key).value_or(0);
      auto payload = keys::VersionedPayload(value);
      if (!payload) {
        Problem(report_.bad_campaigns, "campaign " + std::to_string(id) + ": record has no known format version");
        return true;
      }
      auto campaign = core::DecodeCampaign(*payload, core::CampaignForm::kStored);
      if (!campaign.has_value()) {
        Problem(report_.bad_campaigns,
                "campaign " + std::to_string(id) + ": record does not decode: " + campaign.error().detail());
        return true;
      }
      if (campaign->id != id) {
        Problem(report_.bad_campaigns,
                "campaign " + std::to_string(id) + ": record says it is campaign " + std::to_string(campaign->id));
        return true;
      }
      campaigns_.emplace(id, std::move(campaign).value());
      return true;
    }));
  }

  // The decoded lead stored under `key`, or nullopt (counting the problem) when it is not usable.
  std::optional<core::Lead> DecodeRecord(const keys::LeadKeyParts& parts, std::string_view value) {
    std::string name = "lead " + std::to_string(parts.lead_id) + " of campaign " + std::to_string(parts.campaign_id);
    auto payload = keys::VersionedPayload(value);
    if (!payload) {
      Problem(report_.bad_leads, name + ": record has no known format version");
      return std::nullopt;
    }
    auto lead = core::DecodeLead(*payload);
    if (!lead.has_value()) {
      Problem(report_.bad_leads, name + ": record does not decode: " + lead.error().detail());
      return std::nullopt;
    }
    if (lead->id != parts.lead_id || lead->campaign_id != parts.campaign_id) {
      Problem(report_.bad_leads, name + ": record says it is lead " + std::to_string(lead->id) + " of campaign " +
                                     std::to_string(lead->campaign_id));
      return std::nullopt;
    }
    return std::move(lead).value();
  }

  // Every record decodes and has each index entry it implies.
  void CheckLeads() {
    Read("reading leads", db_.Scan(Cf::kLeads, {}, [&](std::string_view key, std::string_view value) {
      ++report_.leads;
      auto parts = keys::DecodeLead(key);
      if (!parts) {
        Problem(report_.bad_leads, "lead key 0x" + core::ToHex(key) + " is malformed");
        return true;
      }
      auto campaign = campaigns_.find(parts->campaign_id);
      if (campaign == campaigns_.end()) {
        Problem(report_.orphan_leads, "lead " + std::to_string(parts->lead_id) + " belongs to campaign " +
                                          std::to_string(parts->campaign_id) + ", which does not exist");
        return true;
      }
      auto lead = DecodeRecord(*parts, value);
      if (!lead) return true;
      ExpectCounted(campaign->second, *lead);
      for (const auto& index_key : LeadRepo::IndexKeysFor(campaign->second, *lead)) {
        auto entry = db_.Get(Cf::kIndex, index_key);
        if (!entry.has_value()) {
          Read("reading an index entry", entry.error());
        } else if (!*entry) {
          Problem(report_.missing_index,
                  "lead " + std::to_string(lead->id) + " has no " + IndexKeyName(index_key) + " entry");
        }
      }
      return true;
    }));
  }

  // Every index entry names an existing lead that implies it.
  void CheckIndex() {
    Read("reading the index", db_.Scan(Cf::kIndex, {}, [&](std::string_view key, std::string_view) {
      ++report_.index_entries;
      auto parts = keys::DecodeIndex(key);
      if (!parts) {
        Problem(report_.malformed_index, IndexKeyName(key) + " has an unknown kind or length");
        return true;
      }
      const keys::LeadKeyParts lead_of{parts->campaign_id, parts->lead_id};
      auto campaign = campaigns_.find(lead_of.campaign_id);
      if (campaign == campaigns_.end()) {
        Problem(report_.malformed_index, IndexKeyName(key) + " names a campaign that does not exist");
        return true;
      }
      auto value = db_.Get(Cf::kLeads, RecordKey(lead_of));
      if (!value.has_value()) {
        Read("reading a lead", value.error());
        return true;
      }
      if (!*value) {
        if (!ImpliedByTombstone(campaign->second, lead_of, key)) {
          Problem(report_.dangling_index, IndexKeyName(key) + " points at a missing lead record");
        }
        return true;
      }
      // Not counted again here: CheckLeads already reported an undecodable record.
      auto payload = keys::VersionedPayload(**value);
      if (!payload) return true;
      auto lead = core::DecodeLead(*payload);
      if (!lead.has_value()) return true;
      auto implied = LeadRepo::IndexKeysFor(campaign->second, *lead);
      if (!std::binary_search(implied.begin(), implied.end(), std::string(key))) {
        Problem(report_.stale_index, IndexKeyName(key) + " points at a lead whose record does not imply it");
      }
      return true;
    }));
  }

  // The decoded tombstone of a deleted lead, nullopt when there is none (or it does not decode).
  std::optional<core::Lead> Tombstone(const keys::LeadKeyParts& lead) {
    auto value = db_.Get(Cf::kTombstones, TombstoneKey(lead));
    if (!value.has_value()) {
      Read("reading a tombstone", value.error());
      return std::nullopt;
    }
    auto payload = *value ? keys::VersionedPayload(**value) : std::nullopt;
    auto tombstone = payload ? core::DecodeLead(*payload) : core::Result<core::Lead>(core::Status::NotFound(""));
    if (!tombstone.has_value()) return std::nullopt;
    return std::move(tombstone).value();
  }

  // Whether a deleted lead's tombstone implies the entry `key` (its update-time entries).
  bool ImpliedByTombstone(const core::Campaign& campaign, const keys::LeadKeyParts& lead, std::string_view key) {
    auto tombstone = Tombstone(lead);
    if (!tombstone) return false;
    auto implied = LeadRepo::TombstoneIndexKeysFor(campaign, *tombstone);
    return std::binary_search(implied.begin(), implied.end(), std::string(key));
  }

  // Every tombstone decodes, names itself, has its update-time entries and no record beside it.
  void CheckTombstones() {
    const KeyRange tombstones = keys::PrefixRange(keys::TombstonePrefix());
    Read("reading tombstones", db_.Scan(Cf::kTombstones, tombstones, [&](std::string_view key, std::string_view) {
      ++report_.tombstones;
      auto parts = keys::DecodeTombstone(key);
      if (!parts) {
        Problem(report_.bad_tombstones, "tombstone key 0x" + core::ToHex(key) + " is malformed");
        return true;
      }
      CheckTombstone(*parts);
      return true;
    }));
  }

  void CheckTombstone(const keys::LeadKeyParts& lead) {
    const std::string name =
        "tombstone of lead " + std::to_string(lead.lead_id) + " of campaign " + std::to_string(lead.campaign_id);
    auto tombstone = Tombstone(lead);
    if (!tombstone || tombstone->id != lead.lead_id || tombstone->campaign_id != lead.campaign_id) {
      Problem(report_.bad_tombstones, name + ": does not decode or names another lead");
      return;
    }
    auto record = db_.Get(Cf::kLeads, RecordKey(lead));
    if (!record.has_value()) {
      Read("reading a lead", record.error());
    } else if (*record) {
      Problem(report_.bad_tombstones, name + ": the lead's record is still there");
    }
    auto campaign = campaigns_.find(lead.campaign_id);
    if (campaign == campaigns_.end()) return;
    for (const auto& index_key : LeadRepo::TombstoneIndexKeysFor(campaign->second, *tombstone)) {
      auto entry = db_.Get(Cf::kIndex, index_key);
      if (!entry.has_value()) {
        Read("reading an index entry", entry.error());
      } else if (!*entry) {
        Problem(report_.bad_tombstones, name + ": has no " + IndexKeyName(index_key) + " entry");
      }
    }
  }

  // Every event has its by-lead key and the other way round; a lead that is gone has no event
  // but its lead.deleted.
  void CheckLeadEvents() {
    constexpr uint8_t kDeletedKind = 4;  // service/lead_events.h: lead.deleted
    const KeyRange events = keys::PrefixRange(keys::LeadEventPrefix());
    Read("reading lead events", db_.Scan(Cf::kEvents, events, [&](std::string_view key, std::string_view) {
      ++report_.lead_events;
      auto parts = keys::DecodeLeadEvent(key);
      if (!parts) {
        Problem(report_.bad_lead_events, "lead event key 0x" + core::ToHex(key) + " is malformed");
        return true;
      }
      CheckPartner(keys::LeadEventByLead(parts->campaign_id, parts->position), key);
      if (parts->position.kind == kDeletedKind) return true;
      auto record = db_.Get(Cf::kLeads, RecordKey({parts->campaign_id, parts->position.lead_id}));
      if (!record.has_value()) {
        Read("reading a lead", record.error());
      } else if (!*record) {
        Problem(report_.bad_lead_events, "lead event 0x" + core::ToHex(key) + " outlived its lead");
      }
      return true;
    }));
    const KeyRange by_lead = keys::PrefixRange(keys::LeadEventByLeadPrefix());
    Read("reading lead events by lead", db_.Scan(Cf::kEvents, by_lead, [&](std::string_view key, std::string_view) {
      auto parts = keys::DecodeLeadEventByLead(key);
      if (!parts) {
        Problem(report_.bad_lead_events, "lead event key 0x" + core::ToHex(key) + " is malformed");
        return true;
      }
      CheckPartner(keys::LeadEvent(parts->campaign_id, parts->position), key);
      return true;
    }));
  }

  void CheckPartner(const std::string& partner, std::string_view key) {
    auto found = db_.Get(Cf::kEvents, partner);
    if (!found.has_value()) {
      Read("reading a lead event", found.error());
    } else if (!*found) {
      Problem(report_.bad_lead_events,
              "lead event key 0x" + core::ToHex(key) + " lacks its partner 0x" + core::ToHex(partner));
    }
  }

  // The counters a stored lead implies: created, and flagged as a duplicate, per option it carries.
  void ExpectCounted(const core::Campaign& campaign, const core::Lead& lead) {
    const uint32_t hour = StatsHourOf(lead.created_at);
    ForEachCountedOption(campaign, lead, [&](uint32_t select_id, uint32_t option_id) {
      ++implied_[{campaign.id, select_id, option_id, hour, LeadStat::kCreated}];
      if (lead.doublet_of) ++implied_[{campaign.id, select_id, option_id, hour, LeadStat::kDuplicateFlagged}];
    });
  }

  void CheckStats() {
    auto counted = db_.Get(Cf::kMeta, kStatsCountedKey);
    if (!counted.has_value()) return Read("reading the statistics mark", counted.error());
    if (!*counted) return;  // counted once at the next start
    std::map<StatKey, uint64_t> stored;
    StatsRepo stats(db_);
    for (const auto& [id, campaign] : campaigns_) {
      Read("reading statistics", stats.ScanCampaign(id, [&](const LeadStatKey& k, uint64_t count) {
        stored[{k.campaign_id, k.select_id, k.option_id, k.hour, k.stat}] += count;
      }));
    }
    for (const auto& [key, leads] : implied_) {
      ++report_.stats_counters;
      const uint64_t count = stored[key];
      if (count >= leads) continue;
      const auto& [campaign_id, select_id, option_id, hour, stat] = key;
      Problem(report_.bad_stats, "campaign " + std::to_string(campaign_id) + ", select " + std::to_string(select_id) +
                                     " option " + std::to_string(option_id) + ", hour " + std::to_string(hour) + ": " +
                                     std::to_string(leads) + " leads " +
                                     (stat == LeadStat::kCreated ? "created" : "flagged as duplicates") +
                                     ", the counter says " + std::to_string(count));
    }
  }

  using StatKey = std::tuple<uint64_t, uint32_t, uint32_t, uint32_t, LeadStat>;

  const Db& db_;
  size_t max_problems_;
  std::map<uint64_t, core::Campaign> campaigns_;
  std::map<StatKey, uint64_t> implied_;  // leads per counter
  IntegrityReport report_;
};

}  // namespace

std::string IntegrityReport::Describe() const {
  std::ostringstream out;
  out << "visited: " << campaigns << " campaigns, " << leads << " leads, " << index_entries << " index entries, "
      << tombstones << " tombstones, " << lead_events << " lead events, " << stats_counters << " statistics counters\n";
  out << "problems: " << problem_count();
  if (!ok()) {
    out << " (bad campaigns " << bad_campaigns << ", bad leads " << bad_leads << ", orphan leads " << orphan_leads
        << ", missing index " << missing_index << ", dangling index " << dangling_index << ", stale index "
        << stale_index << ", malformed index " << malformed_index << ", bad tombstones " << bad_tombstones
        << ", bad lead events " << bad_lead_events << ", bad statistics " << bad_stats << ", read errors "
        << read_errors << ")";
  }
  out << "\n";
  for (const auto& p : problems) out << "  " << p << "\n";
  if (problems.size() < problem_count()) out << "  ... and " << problem_count() - problems.size() << " more\n";
  return out.str();
}

IntegrityReport CheckIntegrity(const Db& db, size_t max_problems) { return Checker(db, max_problems).Run(); }

}  // namespace lg::store
