#pragma once
// GET /console/ and its files: the embedded admin web console. The files are public (they hold
// no data); the console signs in with an admin token and calls the same JSON API as any client,
// sending the token in the Authorization header only.

#include "net/router.h"

namespace lg::net {

void AddConsoleRoutes(Router& router);

}  // namespace lg::net
