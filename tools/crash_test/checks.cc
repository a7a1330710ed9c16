#include "tools/crash_test/checks.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>

#include "core/lead_json.h"
#include "core/percent_encoding.h"
#include "core/time_util.h"
#include "tools/crash_test/api.h"

namespace lg::crash_test {

namespace {

std::string Ids(const std::set<uint64_t>& ids) {
  std::string out;
  for (uint64_t id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
  return out;
}

std::string EmailOf(const Values& values) {
  auto it = values.fields.find("email");
  return it == values.fields.end() ? "" : FoldEmail(Unquoted(it->second));
}

// The value of a filter's first condition.
std::optional<std::string> PinnedValue(std::string_view body) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string_view value;
  if (parser.parse(body).get(doc) || doc["conditions"].at(0)["value"].get_string().get(value)) return std::nullopt;
  return std::string(value);
}

}  // namespace

std::optional<tools::HttpResult> Checks::Call(const std::string& method, const std::string& target) {
  auto res = conn_->Send(method, target, model_.shared.admin_token);
  if (res.status == 0) {
    report_.Error(method + " " + target + " after the restart of cycle " + std::to_string(cycle_) + ": " + res.error);
    return std::nullopt;
  }
  return res;
}

std::string Checks::Describe(const CreateRequest& r) const {
  std::string out = std::string(r.bulk ? (r.ndjson ? "NDJSON bulk" : "JSON bulk") : "create") + " of client " +
                    std::to_string(r.client) + " into the " + ToString(model_.shared.campaigns[r.campaign].kind) +
                    " campaign" + (r.vendor >= 0 ? " by vendor " + std::to_string(r.vendor) : " by the admin");
  out += r.key.empty() ? ", no key" : ", key " + r.key;
  out += "; attempts:";
  for (const Attempt& a : r.attempts) {
    out += " [cycle " + std::to_string(a.cycle) + ": " + (a.status ? std::to_string(a.status) : "cut off") +
           (a.replayed_header ? ", Idempotent-Replayed" : "") + "]";
  }
  return out;
}

void Checks::AfterRestart(int cycle, uint16_t port, int64_t since_ms) {
  cycle_ = cycle;
  conn_ = Connect(port);
  kept_.clear();
  lost_.clear();
  ResyncAdmin();
  ResolveCreates(since_ms);
  ResolveDeletes();
  ResolvePatches();
  CheckNamedLeads();
  CheckDuplicateRules();
  CheckPrefix();
  VerifySample();
  model_.changes.clear();
  model_.named.clear();
  model_.acked_this_cycle.clear();
}

void Checks::Settle(AdminChange& change, bool kept) {
  change.fate = kept ? AdminChange::Fate::kKept : AdminChange::Fate::kLost;
  if (kept) {
    kept_.push_back({change.span, change.Describe()});
    if (!change.span.acked()) ++report_.stats.admin_cut_kept;
  } else {
    Lost(change.span, change.Describe());
  }
}

void Checks::Lost(const Span& span, const std::string& what) {
  if (!span.acked()) return;  // cut off: either way is right
  if (!options_.losses_allowed) {
    report_.Error("LOST after the kill of cycle " + std::to_string(cycle_) + ": acknowledged " + what);
    return;
  }
  ++report_.stats.acked_lost;
  lost_.push_back({span, what});
}

// --- schema and tokens ---------------------------------------------------------------------------

void Checks::ResyncAdmin() {
  SharedState& shared = model_.shared;  // no other thread runs between cycles
  using Kind = AdminChange::Kind;
  for (size_t c = 0; c < shared.campaigns.size(); ++c) {
    CampaignState& campaign = shared.campaigns[c];
    auto res = Call("GET", "/v2/campaigns/" + std::to_string(campaign.id));
    if (!res) continue;
    auto slugs = res->status == 200 ? ParseSchema(res->body) : std::nullopt;
    if (!slugs) {
      report_.Error("GET campaign " + std::to_string(campaign.id) + " answered " + std::to_string(res->status) + ": " +
                    res->body.substr(0, 300));
      continue;
    }
    for (AdminChange& change : model_.changes) {
      if (change.campaign != c) continue;
      if (change.kind == Kind::kAddOption) Settle(change, slugs->options.count(change.slug) > 0);
      if (change.kind == Kind::kAddField) Settle(change, slugs->fields.count(change.slug) > 0);
      if (change.kind == Kind::kAddStatus) Settle(change, slugs->statuses.count(change.slug) > 0);
    }
    // From now on writes use what the store has: a change the cut took back is gone.
    campaign.options.clear();
    for (const auto& o : slugs->options) {
      if (o[0] != 'v') campaign.options.push_back(o);
    }
    campaign.fields.clear();
    for (const auto& f : slugs->fields) {
      if (f.size() > 1 && f[0] == 'f' && std::isdigit(static_cast<unsigned char>(f[1]))) campaign.fields.push_back(f);
    }
    campaign.statuses.assign(slugs->statuses.begin(), slugs->statuses.end());
  }

  for (size_t v = 0; v < shared.vendors.size(); ++v) {
    Vendor& vendor = shared.vendors[v];
    const Vendor& start = model_.vendors_at_start[v];
    const std::string name = "vendor " + std::to_string(v);
    // Its filter: the option it pins is the one before the cycle or one a PATCH sent.
    auto res = Call("GET", "/v2/campaigns/" + std::to_string(shared.campaigns[vendor.campaign].id) + "/filters/" +
                               std::to_string(vendor.filter_id));
    if (!res) continue;
    auto pinned = res->status == 200 ? PinnedValue(res->body) : std::nullopt;
    if (!pinned) {
      report_.Error("GET the filter of " + name + " answered " + std::to_string(res->status) + ": " +
                    res->body.substr(0, 300));
      continue;
    }
    std::vector<AdminChange*> moves;
    for (AdminChange& change : model_.changes) {
      if (change.kind == Kind::kPatchFilter && change.vendor == static_cast<int>(v)) moves.push_back(&change);
    }
    int applied = -1;
    for (size_t i = 0; i < moves.size(); ++i) {
      if (moves[i]->slug == *pinned) applied = static_cast<int>(i);
    }
    if (applied < 0 && *pinned != start.option) {
      report_.Error("the filter of " + name + " pins '" + *pinned + "', which it neither had nor was sent");
    }
    for (size_t i = 0; i < moves.size(); ++i) Settle(*moves[i], static_cast<int>(i) <= applied);
    vendor.option = *pinned;

    // Its tokens, read back (the secret by reveal): each one still active, or changed this cycle.
    std::set<uint64_t> ids;
    for (const auto& [id, secret] : vendor.secrets) {
      if (!secret.empty()) ids.insert(id);
    }
    for (const AdminChange& change : model_.changes) {
      if (change.vendor == static_cast<int>(v) && change.token_id) ids.insert(change.token_id);
    }
    uint64_t newest = 0;
    std::string newest_secret;
    for (uint64_t id : ids) {
      auto got = Call("GET", "/v2/tokens/" + std::to_string(id));
      if (!got) continue;
      bool exists = got->status == 200;
      if (!exists && got->status != 404) {
        report_.Error("GET token " + std::to_string(id) + " answered " + std::to_string(got->status));
        continue;
      }
      bool revoked = exists && StringMember(got->body, "state") == std::string("revoked");
      std::string secret;
      if (exists && !revoked) {
        auto shown = Call("POST", "/v2/tokens/" + std::to_string(id) + "/reveal");
        if (!shown) continue;
        if (shown->status != 200 || !StringMember(shown->body, "token")) {
          report_.Error("reveal of token " + std::to_string(id) + " answered " + std::to_string(shown->status) + ": " +
                        shown->body.substr(0, 200));
          continue;
        }
        secret = *StringMember(shown->body, "token");
      }
      std::vector<AdminChange*> rotations;
      for (AdminChange& change : model_.changes) {
        if (change.token_id != id) continue;
        if (change.kind == Kind::kMint) Settle(change, exists);
        if (change.kind == Kind::kRevoke) Settle(change, revoked);
        if (change.kind == Kind::kRotate) rotations.push_back(&change);
      }
      int rotated = -1;
      for (size_t i = 0; i < rotations.size(); ++i) {
        if (!secret.empty() && rotations[i]->secret == secret) rotated = static_cast<int>(i);
      }
      // A rotation cut off by the kill may have been applied: its secret is one we never read.
      const bool cut_rotation = !rotations.empty() && !rotations.back()->span.acked();
      auto before = start.secrets.find(id);
      if (exists && !revoked && rotated < 0 && (before == start.secrets.end() || before->second != secret) &&
          std::none_of(model_.changes.begin(), model_.changes.end(),
                       [&](const AdminChange& c) { return c.kind == Kind::kMint && c.token_id == id; })) {
        if (cut_rotation) {
          rotated = static_cast<int>(rotations.size()) - 1;
        } else {
          report_.Error("token " + std::to_string(id) + " of " + name + " has a secret it was never given");
        }
      }
      // A revoked token's rotations cannot be read back; a revoke is written after them.
      for (size_t i = 0; i < rotations.size(); ++i) {
        Settle(*rotations[i], exists && (revoked || static_cast<int>(i) <= rotated));
      }
      vendor.secrets[id] = exists && !revoked ? secret : "";
      if (exists && !revoked && id > newest) {
        newest = id;
        newest_secret = secret;
      }
    }
    if (newest == 0) {
      report_.Error(name + " has no active token after the restart of cycle " + std::to_string(cycle_));
    } else {
      vendor.token_id = newest;
      vendor.secret = newest_secret;
    }
  }
}

// --- creates ----------------------------------------------------------------------------------------

bool Checks::StampAllowed(int vendor, const Span& span, const std::string& source, std::string& why) const {
  // The filter's values in order: before the cycle, then each PATCH of this cycle.
  std::vector<std::pair<std::string, const AdminChange*>> versions = {
      {model_.vendors_at_start[vendor].option, nullptr}};
  for (const AdminChange& change : model_.changes) {
    if (change.kind == AdminChange::Kind::kPatchFilter && change.vendor == vendor)
      versions.emplace_back(change.slug, &change);
  }
  // Version h may have been in force while the request ran if its PATCH was sent before the
  // request was answered, and no later PATCH was answered before the request was sent.
  for (size_t h = 0; h < versions.size(); ++h) {
    if (versions[h].first != source) continue;
    if (versions[h].second && versions[h].second->span.sent > span.answered) continue;
    bool superseded = false;
    for (size_t later = h + 1; later < versions.size(); ++later) {
      if (versions[later].second->span.answered <= span.sent) superseded = true;
    }
    if (superseded) continue;
    if (versions[h].second && versions[h].second->fate == AdminChange::Fate::kLost) {
      why = "stamped with '" + source + "', the value of a filter change that was lost";
      return false;
    }
    return true;
  }
  why = "stamped with '" + source + "', which the vendor's filter did not pin while the request ran (pinned: ";
  for (const auto& [value, change] : versions) why += value + " ";
  why += ")";
  return false;
}

void Checks::ResolveCreates(int64_t since_ms) {
  std::unordered_map<uint64_t, core::Lead> found;  // leads stored since the cycle began, not yet tracked
  const std::string query = "&created_after=" + core::PercentEncode(core::FormatTimestamp(since_ms));
  for (size_t c = 0; c < model_.shared.campaigns.size(); ++c) {
    const CampaignState& campaign = model_.shared.campaigns[c];
    std::string error;
    size_t pages = 0;
    bool ok = ListLeads(
        *conn_, model_.shared.admin_token, campaign.leads_path, query,
        [&](const core::Lead& lead) {
          if (auto tracked = model_.lead_by_id.find(lead.id); tracked != model_.lead_by_id.end()) {
            if (model_.leads[tracked->second].deleted) {
              report_.Error("RESURRECTED lead " + std::to_string(lead.id) + " in the " + ToString(campaign.kind) +
                            " campaign: deleted in cycle " +
                            std::to_string(model_.leads[tracked->second].touched_cycle) + ", listed again");
            }
            return;
          }
          auto marker = lead.field_values.find("marker");
          std::string m = marker == lead.field_values.end() ? "" : Unquoted(marker->second);
          auto line = model_.line_by_marker.find(m);
          if (line == model_.line_by_marker.end()) {
            report_.Error("PHANTOM lead " + std::to_string(lead.id) + " in the " + ToString(campaign.kind) +
                          " campaign: marker '" + m + "' was never sent");
            return;
          }
          if (model_.lines[line->second].campaign != c) {
            report_.Error("lead " + std::to_string(lead.id) + " (" + m + ") is stored in the wrong campaign");
            return;
          }
          model_.lines[line->second].stored_ids.insert(lead.id);
          found.emplace(lead.id, lead);
        },
        error, &pages);
    report_.stats.list_pages += pages;
    if (!ok) report_.Error("after the restart of cycle " + std::to_string(cycle_) + ": " + error);
  }

  for (const CreateRequest& request : model_.requests) {
    if (request.attempts.empty() || request.attempts.back().cycle != cycle_) continue;
    Findings findings;
    size_t stored = 0;
    for (size_t i : request.lines) {
      ResolveLine(request, i, found, findings);
      stored += model_.lines[i].stored_ids.empty() ? 0 : 1;
    }
    findings.ReportTo(report_, "line(s) of a " + Describe(request), request.lines.size());
    if (request.bulk && !request.attempts.back().span.acked() && stored > 0 && stored < request.lines.size()) {
      ++report_.stats.bulks_cut_partly_stored;
    }
  }
  for (const auto& [id, lead] : found) {
    auto marker = lead.field_values.find("marker");
    report_.Error("RESURRECTED lead " + std::to_string(id) + " (" +
                  (marker == lead.field_values.end() ? "" : Unquoted(marker->second)) +
                  "): stored, though its last request was answered, or cut off and found absent, in an earlier "
                  "cycle");
  }
  // Leads acknowledged this cycle and not stored: their PATCHes went with them.
  for (auto& [id, lead] : model_.acked_this_cycle) {
    if (!options_.losses_allowed) continue;  // the create's loss is the error
    for (const PatchWrite& p : lead.patches) Lost(p.span, "PATCH of lead " + std::to_string(id) + " (lost with it)");
  }
}

void Checks::ResolveLine(const CreateRequest& request, size_t line_index,
                         std::unordered_map<uint64_t, core::Lead>& found, Findings& findings) {
  Line& line = model_.lines[line_index];
  const Attempt& attempt = request.attempts.back();
  line.resolved_cycle = cycle_;
  if (line.stored_ids.size() > 1)
    findings.Add("DUPLICATE: stored more than once", line.marker + " as " + Ids(line.stored_ids));
  const bool stored = !line.stored_ids.empty();
  for (const LineAnswer& a : line.answers) {
    const std::string when = " in cycle " + std::to_string(a.cycle);
    if (a.status == 201) {
      if (stored && !line.stored_ids.count(a.id)) {
        findings.Add("WRONG ID: answered 201 with an id that is not the lead stored under its marker",
                     line.marker + " answered " + std::to_string(a.id) + when + ", stored as " + Ids(line.stored_ids));
      }
      if (!stored && a.cycle == cycle_) {
        if (DeletedInCycle(a.id, line, line_index)) {
          // Gone as its client asked (or, under a power cut, never kept: the two look alike).
        } else if (!options_.losses_allowed && attempt.span.acked()) {
          findings.Add("LOST: answered 201, not stored", line.marker + " (id " + std::to_string(a.id) + ")");
        } else {
          Lost(attempt.span, "create of " + line.marker);
        }
      }
    } else if (stored) {
      findings.Add("REFUSED but stored: answered a refusal, yet stored",
                   line.marker + " answered " + std::to_string(a.status) + " " + a.code +
                       (a.doublet_of ? " (doublet_of " + std::to_string(*a.doublet_of) + ")" : "") + when +
                       ", stored as " + Ids(line.stored_ids));
    }
  }
  if (!line.valid && stored) findings.Add("STORED INVALID: an invalid e-mail was stored", line.marker);
  if (!stored && !attempt.span.acked()) ++report_.stats.lines_cut_absent;

  for (uint64_t id : line.stored_ids) {
    auto f = found.find(id);
    if (f == found.end()) continue;  // stored in an earlier cycle (and tracked since)
    const core::Lead& got = f->second;
    if (!attempt.span.acked()) ++report_.stats.lines_cut_stored;
    TrackedLead lead;
    lead.id = id;
    lead.campaign = line.campaign;
    lead.line = line_index;
    lead.created_at = got.created_at;
    lead.doublet_of = got.doublet_of;
    lead.touched_cycle = cycle_;
    lead.values = line.sent;
    if (line.vendor >= 0) {
      auto source = got.select_values.find("source");
      lead.values.source = source == got.select_values.end() ? "" : source->second;
      std::string why;
      if (!StampAllowed(line.vendor, attempt.span, lead.values.source, why)) {
        findings.Add("STAMP: a vendor's lead has a source its filter did not pin", line.marker + ": " + why);
      }
    }
    if (auto acked = model_.acked_this_cycle.find(id); acked != model_.acked_this_cycle.end()) {
      lead.owner = acked->second.owner;
      lead.patches = std::move(acked->second.patches);
      lead.deletion = acked->second.deletion;  // not applied: ResolveDeletes judges it
      model_.acked_this_cycle.erase(acked);
    }
    for (const LineAnswer& a : line.answers) {
      if (a.status == 201 && a.id == id && a.doublet_of && a.doublet_of != got.doublet_of) {
        findings.Add("DOUBLET: answered one doublet_of, stored another",
                     line.marker + " answered " + std::to_string(*a.doublet_of) + ", stored " +
                         (got.doublet_of ? std::to_string(*got.doublet_of) : "none"));
      }
    }
    kept_.push_back({attempt.span, "create of " + line.marker});
    ResolveVersions(lead, got);
    model_.AddLead(std::move(lead));
    found.erase(f);
  }
}

void Checks::Findings::Add(const std::string& kind, const std::string& example) {
  auto& [count, examples] = by_kind_[kind];
  ++count;
  if (examples.size() < 3) examples.push_back(example);
}

void Checks::Findings::ReportTo(Report& report, const std::string& what, size_t total) {
  for (const auto& [kind, found] : by_kind_) {
    const auto& [count, examples] = found;
    std::string e;
    for (const auto& x : examples) e += (e.empty() ? "" : "; ") + x;
    std::string message = kind;
    message.append(": ").append(std::to_string(count)).append(" of the ").append(std::to_string(total));
    message.append(" ").append(what).append(" (e.g. ").append(e).append(")");
    report.Error(message);
  }
  by_kind_.clear();
}

// --- DELETEs ------------------------------------------------------------------------------------------

bool Checks::DeletedInCycle(uint64_t id, const Line& line, size_t line_index) {
  auto acked = model_.acked_this_cycle.find(id);
  if (acked == model_.acked_this_cycle.end() || !acked->second.deletion) return false;
  TrackedLead lead = std::move(acked->second);
  model_.acked_this_cycle.erase(acked);
  if (!lead.deletion->acked()) ++report_.stats.deletes_cut_gone;
  ++report_.stats.leads_deleted;
  lead.line = line_index;
  lead.campaign = line.campaign;
  lead.patches.clear();  // the DELETE came after them
  lead.deletion.reset();
  lead.deleted = true;
  lead.tombstone_unsure = options_.losses_allowed;
  lead.touched_cycle = cycle_;
  model_.AddLead(std::move(lead));
  return true;
}

void Checks::ResolveDeletes() {
  for (TrackedLead& lead : model_.leads) {
    if (!lead.deletion || report_.Overwhelmed()) continue;
    const Span span = *lead.deletion;
    lead.deletion.reset();
    const std::string who = "lead " + std::to_string(lead.id) + " (" + model_.lines[lead.line].marker + ")";
    auto res = Call("GET", model_.shared.campaigns[lead.campaign].leads_path + "/" + std::to_string(lead.id));
    ++report_.stats.reads;
    if (!res) continue;
    if (res->status == 404) {
      // Gone, PATCHes and all: the DELETE was sent after them.
      kept_.push_back({span, "DELETE of " + who});
      if (!span.acked()) ++report_.stats.deletes_cut_gone;
      ++report_.stats.leads_deleted;
      lead.patches.clear();
      lead.deleted = true;
      continue;
    }
    auto got = res->status == 200 ? core::DecodeLead(res->body) : core::Result<core::Lead>(core::Status::Internal(""));
    if (!got.has_value()) {
      report_.Error("GET of " + who + " after its DELETE answered " + std::to_string(res->status) + ": " +
                    res->body.substr(0, 300));
      lead.patches.clear();
      continue;
    }
    // Still there: the DELETE was cut off before it committed (else it is lost), and the lead
    // must be whole, with its values or a PATCH's.
    if (span.acked()) {
      Lost(span, "DELETE of " + who + " (answered 204, the lead is still there)");
    } else {
      ++report_.stats.deletes_cut_there;
    }
    ResolveVersions(lead, *got);
  }
}

// --- PATCHes ------------------------------------------------------------------------------------------

void Checks::ResolveVersions(TrackedLead& lead, const core::Lead& got) {
  const std::string who = "lead " + std::to_string(lead.id) + " (" + model_.lines[lead.line].marker + ")";
  int applied = -1;
  for (int i = static_cast<int>(lead.patches.size()); i >= 0 && applied < 0; --i) {
    if (Diff(i == 0 ? lead.values : lead.patches[i - 1].values, got).empty()) applied = i;
  }
  if (applied < 0) {
    const Values& want = lead.patches.empty() ? lead.values : lead.patches.back().values;
    report_.Error("CORRUPT " + who + ": holds neither its values before cycle " + std::to_string(cycle_) +
                  " nor those of a PATCH sent since;" + Diff(want, got));
    lead.patches.clear();
    return;
  }
  for (int i = 1; i <= static_cast<int>(lead.patches.size()); ++i) {
    const PatchWrite& patch = lead.patches[i - 1];
    if (i <= applied) {
      kept_.push_back({patch.span, "PATCH of " + who});
      if (!patch.span.acked()) ++report_.stats.patches_cut_stored;
    } else if (patch.span.acked()) {
      Lost(patch.span, "PATCH of " + who + " (it holds " +
                           (applied == 0 ? "its values before the cycle" : "PATCH " + std::to_string(applied)) + ")");
    } else {
      ++report_.stats.patches_cut_absent;
    }
  }
  if (applied > 0) lead.values = lead.patches[applied - 1].values;
  lead.patches.clear();
  if (got.doublet_of != lead.doublet_of) report_.Error("DOUBLET: " + who + " changed its doublet_of");
}

void Checks::ResolvePatches() {
  for (TrackedLead& lead : model_.leads) {
    if (lead.patches.empty() || lead.deleted || report_.Overwhelmed()) continue;
    const std::string path = model_.shared.campaigns[lead.campaign].leads_path + "/" + std::to_string(lead.id);
    auto res = Call("GET", path);
    ++report_.stats.reads;
    if (!res) continue;
    auto got = res->status == 200 ? core::DecodeLead(res->body) : core::Result<core::Lead>(core::Status::Internal(""));
    if (!got.has_value()) {
      report_.Error("LOST lead " + std::to_string(lead.id) + " (" + model_.lines[lead.line].marker + "): GET answers " +
                    std::to_string(res->status));
      lead.patches.clear();
      continue;
    }
    ResolveVersions(lead, *got);
  }
}

// --- duplicate rules --------------------------------------------------------------------------------

void Checks::CheckNamedLeads() {
  // Ids some answer of ours named as created: a named lead that is none of them was being
  // created by a request the kill cut off (or by nobody).
  std::set<uint64_t> answered;
  for (const NamedLead& named : model_.named) answered.insert(named.lead_id);
  std::set<uint64_t> acknowledged;
  for (const Line& line : model_.lines) {
    for (const LineAnswer& a : line.answers) {
      if (a.status == 201 && answered.count(a.id)) acknowledged.insert(a.id);
    }
  }
  Findings missing, wrong;
  for (const NamedLead& named : model_.named) {
    const std::string example = "line " + named.marker + " named " + std::to_string(named.lead_id) +
                                (acknowledged.count(named.lead_id) ? "" : " (no answer of ours created it)");
    auto it = model_.lead_by_id.find(named.lead_id);
    if (it == model_.lead_by_id.end()) {
      if (options_.losses_allowed) {
        lost_.push_back({named.span, "409 duplicate_lead for " + example + " (gone after the power cut)"});
      } else {
        missing.Add("NAMED LOST: a 409 duplicate_lead named a lead that does not exist after the restart", example);
      }
      continue;
    }
    const TrackedLead& lead = model_.leads[it->second];
    if (lead.deleted) continue;  // it existed (and was deleted since)
    if (lead.campaign != named.campaign || EmailOf(lead.values) != named.email) {
      wrong.Add("NAMED WRONG: a 409 duplicate_lead named a lead of another campaign or e-mail",
                example + " (" + EmailOf(lead.values) + ", not " + named.email + ")");
    }
  }
  const std::string what = "409 answers naming a lead in cycle " + std::to_string(cycle_);
  missing.ReportTo(report_, what, model_.named.size());
  wrong.ReportTo(report_, what, model_.named.size());
}

void Checks::CheckDuplicateRules() {
  for (size_t c = 0; c < model_.shared.campaigns.size(); ++c) {
    const CampaignKind kind = model_.shared.campaigns[c].kind;
    if (kind == CampaignKind::kPlain) continue;
    std::map<std::string, std::vector<const TrackedLead*>> by_email;
    for (const TrackedLead& lead : model_.leads) {
      if (lead.campaign == c && !lead.deleted) by_email[EmailOf(lead.values)].push_back(&lead);
    }
    for (auto& [email, group] : by_email) {
      std::sort(group.begin(), group.end(), [](auto* a, auto* b) { return a->id < b->id; });
      if (kind == CampaignKind::kReject) {
        // A lead is refused when an earlier one (smaller id: ids are given in check order) was
        // created less than the window before it; so no stored pair may be that close.
        const TrackedLead* latest = nullptr;
        for (const TrackedLead* lead : group) {
          if (latest && latest->created_at > lead->created_at - kRejectWindowSeconds * 1000) {
            report_.Error("DUPLICATE KEPT: leads " + std::to_string(latest->id) + " and " + std::to_string(lead->id) +
                          " of the reject campaign share the e-mail " + email + " and were created " +
                          std::to_string(lead->created_at - latest->created_at) + " ms apart (window " +
                          std::to_string(kRejectWindowSeconds * 1000) + " ms)");
          }
          if (!latest || lead->created_at > latest->created_at) latest = lead;
        }
      } else {
        const TrackedLead* first = group.front();
        if (first->doublet_of) {
          report_.Error("FLAG: lead " + std::to_string(first->id) + ", the earliest stored with the e-mail " + email +
                        ", names doublet_of " + std::to_string(*first->doublet_of) + ", which is not stored" +
                        (model_.lead_by_id.count(*first->doublet_of) ? " with that e-mail" : ""));
        }
        for (size_t i = 1; i < group.size(); ++i) {
          if (group[i]->doublet_of != first->id) {
            report_.Error("FLAG: lead " + std::to_string(group[i]->id) + " names doublet_of " +
                          (group[i]->doublet_of ? std::to_string(*group[i]->doublet_of) : "none") +
                          ", not the earliest stored lead with the e-mail " + email + " (" + std::to_string(first->id) +
                          ")");
          }
        }
      }
    }
  }
}

// --- losses -----------------------------------------------------------------------------------------

void Checks::CheckPrefix() {
  if (lost_.empty()) return;
  const Outcome* first = &lost_.front();
  for (const Outcome& o : lost_) {
    if (o.span.answered < first->span.answered) first = &o;
  }
  size_t violations = 0;
  const Outcome* example = nullptr;
  for (const Outcome& o : kept_) {
    if (o.span.sent > first->span.answered) {
      ++violations;
      if (!example || o.span.sent < example->span.sent) example = &o;
    }
  }
  if (violations == 0) return;
  auto ms = [&](Time t) {
    return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(t - first->span.answered).count());
  };
  report_.Error("NOT A PREFIX after the power cut of cycle " + std::to_string(cycle_) + ": " +
                std::to_string(violations) +
                " write(s) kept although sent after an acknowledged write that was lost (" + first->what + "); e.g. " +
                example->what + ", sent " + ms(example->span.sent) + " ms after it was answered");
}

void Checks::VerifySample() {
  std::vector<size_t> older;
  for (size_t i = 0; i < model_.leads.size(); ++i) {
    if (model_.leads[i].touched_cycle != cycle_) older.push_back(i);
  }
  std::shuffle(older.begin(), older.end(), rng_);
  if (older.size() > static_cast<size_t>(options_.sample)) older.resize(options_.sample);
  for (size_t i : older) {
    if (report_.Overwhelmed()) return;
    const TrackedLead& lead = model_.leads[i];
    auto res = Call("GET", model_.shared.campaigns[lead.campaign].leads_path + "/" + std::to_string(lead.id));
    ++report_.stats.reads;
    if (!res) continue;
    auto got = res->status == 200 ? core::DecodeLead(res->body) : core::Result<core::Lead>(core::Status::Internal(""));
    const std::string who = "lead " + std::to_string(lead.id) + " (" + model_.lines[lead.line].marker +
                            (lead.deleted ? ", deleted" : ", stored") + " since cycle " +
                            std::to_string(lead.touched_cycle) + ")";
    if (lead.deleted) {
      if (res->status != 404) report_.Error("RESURRECTED " + who + ": GET answers " + std::to_string(res->status));
    } else if (!got.has_value()) {
      report_.Error("LOST " + who + ": GET answers " + std::to_string(res->status));
    } else if (auto diff = Diff(lead.values, *got); !diff.empty() || got->doublet_of != lead.doublet_of) {
      report_.Error(Cat({"CORRUPT ", who, ":", diff, got->doublet_of != lead.doublet_of ? " doublet_of changed" : ""}));
    }
  }
}

// --- the full check ---------------------------------------------------------------------------------

std::string Checks::FullCheck(uint16_t port) {
  conn_ = Connect(port);
  ++report_.stats.full_checks;
  const size_t errors_before = report_.errors();
  size_t listed = 0, listings = 0;
  for (size_t c = 0; c < model_.shared.campaigns.size(); ++c) {
    const CampaignState& campaign = model_.shared.campaigns[c];
    Findings findings;
    // 1. Every lead: each tracked one once, with its values; nothing else.
    std::set<uint64_t> seen;
    std::map<std::string, std::set<uint64_t>> by_marker;
    std::string error;
    size_t pages = 0;
    size_t listed_here = 0;
    bool ok = ListLeads(
        *conn_, model_.shared.admin_token, campaign.leads_path, "",
        [&](const core::Lead& got) {
          ++listed_here;
          const std::string id = std::to_string(got.id);
          if (!seen.insert(got.id).second) findings.Add("LISTED TWICE: a lead is listed twice", id);
          auto marker = got.field_values.find("marker");
          by_marker[marker == got.field_values.end() ? "" : Unquoted(marker->second)].insert(got.id);
          auto it = model_.lead_by_id.find(got.id);
          if (it == model_.lead_by_id.end()) {
            findings.Add("PHANTOM: a lead no check had found stored", id);
            return;
          }
          const TrackedLead& lead = model_.leads[it->second];
          if (lead.deleted) {
            findings.Add("RESURRECTED: a deleted lead is listed", id);
            return;
          }
          if (auto diff = Diff(lead.values, got); !diff.empty() || got.doublet_of != lead.doublet_of) {
            findings.Add("CORRUPT: a lead's values differ", Cat({id, ":", diff}));
          }
        },
        error, &pages);
    report_.stats.list_pages += pages;
    listed += listed_here;
    if (!ok) {
      report_.Error("full check: " + error);
      continue;
    }
    for (const auto& [marker, ids] : by_marker) {
      if (ids.size() > 1) findings.Add("DUPLICATE: a marker is stored more than once", Cat({marker, " as ", Ids(ids)}));
    }
    std::map<std::string, std::set<uint64_t>> want_source, want_status;
    for (const auto& o : campaign.options) want_source[o];
    for (const auto& v : model_.shared.vendors) {
      if (v.campaign == c) want_source[v.option];
    }
    for (const auto& s : campaign.statuses) want_status[s];
    for (const TrackedLead& lead : model_.leads) {
      if (lead.campaign != c || lead.deleted) continue;
      if (!seen.count(lead.id)) {
        findings.Add("LOST: a stored lead is not listed",
                     Cat({std::to_string(lead.id), " (", model_.lines[lead.line].marker, ")"}));
      }
      want_source[lead.values.source].insert(lead.id);
      want_status[lead.values.status].insert(lead.id);
    }
    // 2. Index listings: exactly the leads with that source / status.
    pages = 0;
    auto check_listing = [&](const std::string& param, const std::string& value, const std::set<uint64_t>& want) {
      std::set<uint64_t> got;
      std::string list_error;
      ++listings;
      const std::string listing = Cat({param, "=", value});
      bool listed_ok = ListLeads(
          *conn_, model_.shared.admin_token, campaign.leads_path, "&" + param + "=" + core::PercentEncode(value),
          [&](const core::Lead& lead) {
            if (!got.insert(lead.id).second)
              findings.Add("INDEX: a listing names a lead twice", Cat({listing, ": ", std::to_string(lead.id)}));
          },
          list_error, &pages);
      if (!listed_ok) {
        report_.Error("full check: " + list_error);
        return;
      }
      for (uint64_t id : got) {
        if (!want.count(id))
          findings.Add("INDEX: a listing names a lead without that value", Cat({listing, ": ", std::to_string(id)}));
      }
      for (uint64_t id : want) {
        if (!got.count(id))
          findings.Add("INDEX: a listing misses a lead with that value", Cat({listing, ": ", std::to_string(id)}));
      }
    };
    for (const auto& [value, ids] : want_source) check_listing("source", value, ids);
    for (const auto& [value, ids] : want_status) check_listing("status", value, ids);
    // 3. Where leads were deleted, the sync feed (sort=updated_at): each lead once, as a lead while
    //    it is stored and as its tombstone (no field values, where a lead has at least its marker)
    //    once deleted; nothing else.
    if (std::any_of(model_.leads.begin(), model_.leads.end(),
                    [&](const TrackedLead& lead) { return lead.campaign == c && lead.deleted; })) {
      std::map<uint64_t, bool> in_feed;  // id -> shown as a tombstone
      std::string feed_error;
      ++listings;
      bool feed_ok = ListLeads(
          *conn_, model_.shared.admin_token, campaign.leads_path, "&sort=updated_at",
          [&](const core::Lead& got) {
            if (!in_feed.emplace(got.id, got.field_values.empty()).second) {
              findings.Add("FEED: the sync feed shows a lead twice", std::to_string(got.id));
            }
          },
          feed_error, &pages);
      if (!feed_ok) {
        report_.Error("full check: " + feed_error);
      } else {
        for (const TrackedLead& lead : model_.leads) {
          if (lead.campaign != c) continue;
          auto shown = in_feed.find(lead.id);
          const std::string id = std::to_string(lead.id);
          if (!lead.deleted && (shown == in_feed.end() || shown->second)) {
            findings.Add("FEED: a stored lead is not in the sync feed as a lead", id);
          } else if (lead.deleted && shown != in_feed.end() && !shown->second) {
            findings.Add("FEED: a deleted lead is in the sync feed as a lead", id);
          } else if (lead.deleted && shown == in_feed.end() && !lead.tombstone_unsure) {
            findings.Add("FEED: a deleted lead has no tombstone in the sync feed", id);
          }
          if (shown != in_feed.end()) in_feed.erase(shown);
        }
        for (const auto& [id, tombstone] : in_feed) {
          findings.Add("FEED: the sync feed shows a lead no check knows",
                       Cat({std::to_string(id), tombstone ? " (a tombstone)" : ""}));
        }
      }
    }
    report_.stats.list_pages += pages;
    findings.ReportTo(report_,
                      std::string("leads listed in the full check of the ") + ToString(campaign.kind) + " campaign",
                      listed_here);
  }
  return "; full check of " + std::to_string(listed) + " listed leads and " + std::to_string(listings) +
         " source/status listings and sync feeds " + (report_.errors() == errors_before ? "ok" : "FAILED");
}

}  // namespace lg::crash_test
