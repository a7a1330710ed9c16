#pragma once
// Strong types for the ids that travel side by side (a campaign and one of its leads, a token and
// its campaign): a function that takes two of them cannot be handed them swapped, and a number
// cannot pass for one unnoticed. Each is the uint64_t it was, in memory, on disk and on the wire;
// making one from a number and reading the number back are explicit. Records (core::Lead,
// core::Filter, core::TokenRecord) keep plain numbers: the types are for signatures.

#include <compare>
#include <cstdint>

namespace lg::core {

template <typename Tag>
class Id {
 public:
  constexpr Id() = default;
  constexpr explicit Id(uint64_t value) : value_(value) {}
  constexpr uint64_t value() const { return value_; }
  constexpr auto operator<=>(const Id&) const = default;

 private:
  uint64_t value_ = 0;
};

using CampaignId = Id<struct CampaignIdTag>;
using LeadId = Id<struct LeadIdTag>;
using TokenId = Id<struct TokenIdTag>;
using FilterId = Id<struct FilterIdTag>;

}  // namespace lg::core
