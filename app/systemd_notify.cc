#include "app/systemd_notify.h"

#include <systemd/sd-daemon.h>

namespace lg::app {

// sd_notify returns 0 without a NOTIFY_SOCKET and < 0 on a failed send; neither stops the
// server, which serves the same either way.
void NotifyReady() { sd_notify(0, "READY=1\nSTATUS=serving"); }

void NotifyStopping() { sd_notify(0, "STOPPING=1\nSTATUS=draining"); }

}  // namespace lg::app
