#pragma once
// The run's summary: a table on stdout (or stderr when JSON goes to stdout) and a JSON document.

#include <cstdio>
#include <string>

#include "tools/bench/engine.h"
#include "tools/bench/options.h"
#include "tools/bench/setup.h"

namespace lg::bench {

void PrintTable(std::FILE* out, const Options& options, const Fixture& fixture, const RunResult& result);
std::string ReportJson(const Options& options, const Fixture& fixture, const RunResult& result);

}  // namespace lg::bench
