#include "app/first_admin.h"

#include "app/owner_only_file.h"
#include "core/log.h"

namespace lg::app {

core::Status EnsureFirstAdmin(service::TokenService& tokens, const std::string& token_path) {
  auto initial = tokens.CreateInitialAdmin("Initial admin");
  if (!initial.has_value()) return initial.error();
  if (!*initial) return core::Status::Ok();
  return WriteFirstAdminToken(**initial, token_path);
}

core::Status WriteFirstAdminToken(const service::IssuedToken& token, const std::string& token_path) {
  LG_RETURN_IF_ERROR(WriteOwnerOnlyFile(token_path, token.secret + "\n", IfExists::kReplace));
  core::log::Info("initial_admin_token_created", {{"file", token_path}});
  return core::Status::Ok();
}

core::Status MintAdminForNewKey(service::TokenService& tokens, const std::string& token_path) {
  LG_ASSIGN_OR_RETURN(service::IssuedToken issued,
                      tokens.CreateLocalAdmin("Admin after a new key file", "admin token after a new key file"));
  LG_RETURN_IF_ERROR(WriteOwnerOnlyFile(token_path, issued.secret + "\n", IfExists::kReplace));
  core::log::Warn("admin_token_after_new_key_created", {{"file", token_path}});
  return core::Status::Ok();
}

}  // namespace lg::app
