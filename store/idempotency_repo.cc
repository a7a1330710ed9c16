#include "store/idempotency_repo.h"

#include "store/key_codec.h"
#include "store/write_unit.h"

namespace lg::store {
namespace {

// Record payload: [created_at u64][fingerprint, 32 bytes][status u32][location length u32]
// [location][body].
constexpr size_t kFixed = 8 + keys::kIdemDigestSize + 4 + 4;

std::string EncodeRecord(const IdempotencyRecord& record) {
  std::string out;
  out.reserve(kFixed + record.location.size() + record.body.size());
  keys::AppendU64(out, static_cast<uint64_t>(record.created_at));
  std::string fingerprint = record.fingerprint;
  fingerprint.resize(keys::kIdemDigestSize, '\0');
  out.append(fingerprint);
  keys::AppendU32(out, static_cast<uint32_t>(record.status));
  keys::AppendU32(out, static_cast<uint32_t>(record.location.size()));
  out.append(record.location);
  out.append(record.body);
  return keys::VersionedValue(out);
}

std::optional<IdempotencyRecord> DecodeRecord(std::string_view value) {
  auto payload = keys::VersionedPayload(value);
  if (!payload || payload->size() < kFixed) return std::nullopt;
  std::string_view p = *payload;
  IdempotencyRecord record;
  record.created_at = static_cast<int64_t>(keys::ReadU64(p, 0));
  record.fingerprint.assign(p.substr(8, keys::kIdemDigestSize));
  record.status = static_cast<int>(keys::ReadU32(p, 8 + keys::kIdemDigestSize));
  uint32_t location_size = keys::ReadU32(p, 12 + keys::kIdemDigestSize);
  if (p.size() - kFixed < location_size) return std::nullopt;
  record.location.assign(p.substr(kFixed, location_size));
  record.body.assign(p.substr(kFixed + location_size));
  return record;
}

// Progress payload: [created_at u64][fingerprint, 32 bytes][first_item u32][end_item u32][outcomes].
constexpr size_t kProgressFixed = 8 + keys::kIdemDigestSize + 4 + 4;

std::string EncodeProgress(const BulkProgress& progress) {
  std::string out;
  out.reserve(kProgressFixed + progress.outcomes.size());
  keys::AppendU64(out, static_cast<uint64_t>(progress.created_at));
  std::string fingerprint = progress.fingerprint;
  fingerprint.resize(keys::kIdemDigestSize, '\0');
  out.append(fingerprint);
  keys::AppendU32(out, progress.first_item);
  keys::AppendU32(out, progress.end_item);
  out.append(progress.outcomes);
  return keys::VersionedValue(out);
}

std::optional<BulkProgress> DecodeProgress(std::string_view value) {
  auto payload = keys::VersionedPayload(value);
  if (!payload || payload->size() < kProgressFixed) return std::nullopt;
  std::string_view p = *payload;
  BulkProgress progress;
  progress.created_at = static_cast<int64_t>(keys::ReadU64(p, 0));
  progress.fingerprint.assign(p.substr(8, keys::kIdemDigestSize));
  progress.first_item = keys::ReadU32(p, 8 + keys::kIdemDigestSize);
  progress.end_item = keys::ReadU32(p, 12 + keys::kIdemDigestSize);
  progress.outcomes.assign(p.substr(kProgressFixed));
  return progress;
}

}  // namespace

core::Result<std::vector<BulkProgress>> IdempotencyRepo::GetProgress(uint64_t token_id, std::string_view digest) const {
  std::vector<BulkProgress> out;
  bool bad = false;
  const KeyRange range = keys::PrefixRange(keys::IdemProgressPrefix(token_id, digest));
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kIdem, range, [&](std::string_view, std::string_view value) {
    auto progress = DecodeProgress(value);
    if (!progress) {
      bad = true;
      return false;
    }
    out.push_back(std::move(*progress));
    return true;
  }));
  if (bad) return core::Status::Internal("a stored bulk progress record does not decode");
  return out;
}

void IdempotencyRepo::AddProgress(WriteUnit& unit, uint64_t token_id, std::string_view digest,
                                  const BulkProgress& progress) {
  unit.Put(Cf::kIdem, keys::IdemProgress(token_id, digest, progress.first_item), EncodeProgress(progress));
  if (progress.first_item == 0) unit.Put(Cf::kIdem, keys::IdemExpiry(progress.created_at, token_id, digest), {});
}

void IdempotencyRepo::ClearProgress(WriteUnit& unit, uint64_t token_id, std::string_view digest,
                                    const std::vector<uint32_t>& first_items) {
  for (uint32_t first : first_items) unit.Delete(Cf::kIdem, keys::IdemProgress(token_id, digest, first));
}

core::Result<std::optional<IdempotencyRecord>> IdempotencyRepo::Get(uint64_t token_id, std::string_view digest) const {
  LG_ASSIGN_OR_RETURN(auto value, db_.Get(Cf::kIdem, keys::IdemRecord(token_id, digest)));
  if (!value) return std::optional<IdempotencyRecord>();
  auto record = DecodeRecord(*value);
  if (!record) return core::Status::Internal("a stored idempotency record does not decode");
  return record;
}

void IdempotencyRepo::Add(WriteUnit& unit, uint64_t token_id, std::string_view digest,
                          const IdempotencyRecord& record) {
  unit.Put(Cf::kIdem, keys::IdemRecord(token_id, digest), EncodeRecord(record));
  std::string lead_ref;
  if (record.lead) {
    keys::AppendU64(lead_ref, record.lead->campaign_id);
    keys::AppendU64(lead_ref, record.lead->lead_id);
    std::string created_at;
    keys::AppendU64(created_at, static_cast<uint64_t>(record.created_at));
    const auto key = keys::IdemByLead(core::CampaignId(record.lead->campaign_id), core::LeadId(record.lead->lead_id),
                                      core::TokenId(token_id), digest);
    unit.Put(Cf::kIdem, key, created_at);
  }
  unit.Put(Cf::kIdem, keys::IdemExpiry(record.created_at, token_id, digest), lead_ref);
}

core::Status IdempotencyRepo::AddForgetLead(WriteUnit& unit, core::CampaignId campaign_id, core::LeadId lead_id) const {
  const KeyRange range = keys::PrefixRange(keys::IdemByLeadPrefix(campaign_id, lead_id));
  core::Status read = core::Status::Ok();
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kIdem, range, [&](std::string_view key, std::string_view value) {
    unit.Delete(Cf::kIdem, std::string(key));
    auto parts = keys::DecodeIdemByLead(key);
    if (!parts || value.size() != 8) return true;
    const auto created_at = static_cast<int64_t>(keys::ReadU64(value, 0));
    unit.Delete(Cf::kIdem, keys::IdemExpiry(created_at, parts->token_id, parts->digest));
    // The key may have been used again since (its record expired): that record stays.
    auto current = Get(parts->token_id, parts->digest);
    if (!current.has_value()) {
      read = current.error();
      return false;
    }
    if (*current && (*current)->created_at == created_at) {
      unit.Delete(Cf::kIdem, keys::IdemRecord(parts->token_id, parts->digest));
    }
    return true;
  }));
  return read;
}

core::Status IdempotencyRepo::Put(uint64_t token_id, std::string_view digest, const IdempotencyRecord& record) {
  WriteUnit unit(db_);
  Add(unit, token_id, digest, record);
  return db_.Commit(unit);
}

core::Result<std::vector<IdempotencyRepo::Expiry>> IdempotencyRepo::CreatedBefore(int64_t created_before,
                                                                                  size_t max) const {
  std::vector<Expiry> out;
  const KeyRange range = keys::IdemExpiredBefore(created_before);
  LG_RETURN_IF_ERROR(db_.Scan(Cf::kIdem, range, [&](std::string_view key, std::string_view value) {
    if (out.size() == max) return false;
    if (auto parts = keys::DecodeIdemExpiry(key)) {
      Expiry expiry{parts->created_at, parts->token_id, std::string(parts->digest), {}};
      if (value.size() == 16) {
        expiry.lead = {keys::ReadU64(value, 0), keys::ReadU64(value, 8)};
      }
      out.push_back(std::move(expiry));
    }
    return true;
  }));
  return out;
}

core::Status IdempotencyRepo::Delete(const std::vector<Expiry>& expired) {
  if (expired.empty()) return core::Status::Ok();
  WriteUnit unit(db_);
  for (const auto& e : expired) {
    unit.Delete(Cf::kIdem, keys::IdemExpiry(e.created_at, e.token_id, e.digest));
    if (e.lead) {
      unit.Delete(Cf::kIdem, keys::IdemByLead(core::CampaignId(e.lead->campaign_id), core::LeadId(e.lead->lead_id),
                                              core::TokenId(e.token_id), e.digest));
    }
    LG_ASSIGN_OR_RETURN(auto current, Get(e.token_id, e.digest));
    if (!current || current->created_at <= e.created_at) unit.Delete(Cf::kIdem, keys::IdemRecord(e.token_id, e.digest));
    LG_ASSIGN_OR_RETURN(auto first, db_.Get(Cf::kIdem, keys::IdemProgress(e.token_id, e.digest, 0)));
    auto progress = first ? DecodeProgress(*first) : std::nullopt;
    if (progress && progress->created_at <= e.created_at) {
      const KeyRange range = keys::PrefixRange(keys::IdemProgressPrefix(e.token_id, e.digest));
      unit.DeleteRange(Cf::kIdem, range);
    }
  }
  return db_.Commit(unit, false);
}

}  // namespace lg::store
