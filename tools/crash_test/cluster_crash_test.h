#pragma once
// leadgate-crash-test --cluster: three nats-servers (a JetStream cluster on loopback) and three
// leadgate nodes in cluster mode, eight writers spread over the nodes (each lead under its own
// Idempotency-Key, retried on the next node after a 503 or a cut connection until answered),
// and one fault per cycle, in turn:
//   1. the log's leader SIGKILLed (started again at the end of the cycle);
//   2. a leadgate node SIGKILLed, and started again while the others take the writes;
//   3. the unflushed quorum: every nats-server frozen and its store copied, writes going on for
//      two seconds, then every nats-server and every leadgate SIGKILLed and the copies put back,
//      as if those seconds never reached a disk; everything started again.
// After each cycle every node must hold every lead acknowledged so far exactly once, and no lead
// twice.

#include "tools/crash_test/crash_test.h"

namespace lg::crash_test {

// 0 when every check passed, 1 on any problem, 2 when the run could not start. Uses
// options.cycles, leadgate, seed and keep.
int RunClusterCrashTest(const Options& options);

}  // namespace lg::crash_test
