#pragma once
// The audit trail: token create/reveal/rotate/revoke/change, schema changes, failed
// authentications and out-of-scope attempts, each with time, actor token, client address and
// target — never a secret. Every event goes to the store and to the structured log. Reading it
// (GET /v2/audit) is for admin tokens. Thread-safe; Record never fails a request.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/principal.h"
#include "core/lead_id_generator.h"
#include "core/status.h"
#include "store/audit_repo.h"

namespace lg::service {

struct AuditPage {
  std::vector<std::string> events_json;
  std::optional<std::string> next_cursor;
  size_t limit = 0;
};

class AuditService {
 public:
  explicit AuditService(store::AuditRepo& repo) : repo_(repo) {}
  // Continues the event ids after the newest stored event; call once before use.
  core::Status Load();

  void Record(std::string_view kind, const auth::Principal& actor, const std::string& target,
              const std::string& detail = "");
  // For events without an authenticated actor (failed authentication).
  void RecordAnonymous(std::string_view kind, const std::string& client, const std::string& target,
                       const std::string& detail = "");

  // Newest first. Parameters: kind (comma list), after (>=), before (<), limit (1..500), cursor.
  core::Result<AuditPage> List(const auth::Principal& principal,
                               const std::multimap<std::string, std::string>& params) const;

 private:
  void Write(std::string_view kind, std::optional<uint64_t> actor, const std::string& client, const std::string& target,
             const std::string& detail);

  store::AuditRepo& repo_;
  core::LeadIdGenerator ids_;  // time-ordered event ids, the same scheme as lead ids
};

}  // namespace lg::service
