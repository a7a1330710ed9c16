#pragma once
// The first admin token of a fresh store: minted when the store holds no token at all and
// written to a file only the server's user can read, so the operator can start minting tokens.
// The token is never logged; the log names the file.

#include <string>

#include "core/status.h"
#include "service/token_service.h"

namespace lg::app {

// Mints the first admin token into `token_path` (mode 0600) if the store has no token yet.
core::Status EnsureFirstAdmin(service::TokenService& tokens, const std::string& token_path);

// Writes the first admin token's secret into `token_path` (mode 0600) and logs where it is.
core::Status WriteFirstAdminToken(const service::IssuedToken& token, const std::string& token_path);

// After a new key file was made for a store whose tokens were made with the old one (serve
// --new-key), none of them authenticates: mints a new admin token into `token_path` (mode 0600,
// replacing what is there).
core::Status MintAdminForNewKey(service::TokenService& tokens, const std::string& token_path);

}  // namespace lg::app
