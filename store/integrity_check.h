#pragma once
// An offline consistency check of the store: every campaign schema and lead record decodes,
// every lead has exactly the index entries its record implies (LeadRepo::IndexKeysFor), and no
// index entry points at a missing lead or at a lead that no longer implies it; a deleted lead's
// tombstone decodes, has its update-time entries and no record beside it; the statistics count at
// least the leads there are (store/stats_repo.h). Used by
// `leadgate check` and the crash test after a SIGKILL.
//
// Reads without a snapshot: run it on a store nobody is writing to (a stopped server's data
// directory), or concurrent writes may show up as passing problems. Blocking; it visits every
// lead record and every index entry once, with one point lookup per implied or found entry.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "store/db.h"

namespace lg::store {

struct IntegrityReport {
  // What was visited.
  uint64_t campaigns = 0;
  uint64_t leads = 0;
  uint64_t index_entries = 0;
  uint64_t tombstones = 0;
  uint64_t lead_events = 0;
  uint64_t stats_counters = 0;  // the created and duplicate counters the leads imply

  // Problems by kind.
  uint64_t bad_campaigns = 0;    // campaign record without a version byte or not decodable
  uint64_t bad_leads = 0;        // lead record not decodable, or its id/campaign disagree with its key
  uint64_t orphan_leads = 0;     // lead record of a campaign that does not exist
  uint64_t missing_index = 0;    // a lead implies an index entry that is not there
  uint64_t dangling_index = 0;   // an index entry names a lead record that does not exist
  uint64_t stale_index = 0;      // an index entry names a lead that does not imply it
  uint64_t malformed_index = 0;  // an index key of unknown kind or length, or of an unknown campaign
  uint64_t bad_tombstones = 0;   // a tombstone that does not decode, lacks its entries, or has a record beside it
  // A webhook event key that does not decode, lacks its by-lead key (or the other way round), or
  // an event other than lead.deleted of a lead that is gone (a deletion takes them).
  uint64_t bad_lead_events = 0;
  // A statistics counter lower than the leads the store holds imply (created in that hour with that
  // option, or flagged as duplicates): a change that committed without its counters. Higher is
  // fine (a lead deleted since stays counted). Not checked before the store was counted once.
  uint64_t bad_stats = 0;
  uint64_t read_errors = 0;  // a read the store could not do (I/O error, corruption)

  // The first problems found, one line each (at most the `max_problems` asked for).
  std::vector<std::string> problems;

  uint64_t problem_count() const {
    return bad_campaigns + bad_leads + orphan_leads + missing_index + dangling_index + stale_index + malformed_index +
           bad_tombstones + bad_lead_events + bad_stats + read_errors;
  }
  bool ok() const { return problem_count() == 0; }
  // A multi-line human summary: counts, then the listed problems.
  std::string Describe() const;
};

IntegrityReport CheckIntegrity(const Db& db, size_t max_problems = 20);

}  // namespace lg::store
