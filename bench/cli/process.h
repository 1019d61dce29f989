#pragma once
// Running other programs from the benchmarks, one way: argv (never a shell string, so paths
// with spaces or quotes are safe), stdout captured, wall time and the child's CPU time and
// peak memory from wait4(). And this process's own peak memory.

#include <sys/types.h>

#include <string>
#include <vector>

#include "core/result.h"

namespace belfry {

struct ProcessResult {
  int exit_code = -1;  // -1: killed by a signal
  std::string out;     // stdout
  double wall_seconds = 0;
  double cpu_seconds = 0;  // user + system
  long max_rss_kb = 0;
};

// Runs argv[0] (looked up in PATH) to completion. An error means it could not be started
// or did not exit with 0; the message carries its stderr's last line is left to the caller.
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv);

// Starts a long-running helper (a loopback server); StopProcess() ends it.
Result<pid_t> StartProcess(const std::vector<std::string>& argv);
void StopProcess(pid_t pid);

// This executable, for child processes (also after a rebuild replaced the file).
std::string SelfPath();

// This process's peak resident memory (VmHWM), in kB.
long PeakRssKb();

// The median of `values` (the mean of the middle two for an even count); 0 when empty.
double Median(std::vector<double> values);

}  // namespace belfry
