#pragma once
// Tells a service manager (systemd, Type=notify) how the server is doing: ready once it listens,
// stopping once it drains. Does nothing when the server was not started by one (no
// NOTIFY_SOCKET in the environment).

namespace lg::app {

void NotifyReady();
void NotifyStopping();

}  // namespace lg::app
