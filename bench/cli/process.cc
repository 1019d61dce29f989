#include "bench/cli/process.h"

#include <filesystem>

#include <fmt/format.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>

extern char** environ;

namespace belfry {
namespace {

std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

double Seconds(const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; }

}  // namespace

Result<ProcessResult> RunProcess(const std::vector<std::string>& args) {
  if (args.empty()) return Fail(Error::InvalidInput("no program to run"));
  int pipefd[2];
  if (pipe(pipefd) != 0) return Fail(Error::Io("pipe failed"));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], 1);
  posix_spawn_file_actions_addclose(&actions, pipefd[0]);
  posix_spawn_file_actions_addclose(&actions, pipefd[1]);
  auto argv = Argv(args);
  const auto t0 = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0].c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipefd[1]);
  if (rc != 0) {
    close(pipefd[0]);
    return Fail(Error::Unavailable(fmt::format("cannot start {}", args[0])));
  }
  ProcessResult res;
  char buf[4096];
  ssize_t n;
  while ((n = read(pipefd[0], buf, sizeof buf)) > 0) res.out.append(buf, static_cast<size_t>(n));
  close(pipefd[0]);
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  res.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  res.cpu_seconds = Seconds(ru.ru_utime) + Seconds(ru.ru_stime);
  res.max_rss_kb = ru.ru_maxrss;
  res.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (res.exit_code != 0)
    return Fail(Error::Internal(fmt::format("{} exited with {}", args[0], res.exit_code)));
  return res;
}

Result<pid_t> StartProcess(const std::vector<std::string>& args) {
  auto argv = Argv(args);
  pid_t pid = 0;
  if (posix_spawnp(&pid, args[0].c_str(), nullptr, nullptr, argv.data(), environ) != 0)
    return Fail(Error::Unavailable(fmt::format("cannot start {}", args[0])));
  return pid;
}

void StopProcess(pid_t pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
}

std::string SelfPath() {
  std::string p = std::filesystem::read_symlink("/proc/self/exe").string();
  const std::string deleted = " (deleted)";
  if (p.size() > deleted.size() && p.ends_with(deleted)) p.resize(p.size() - deleted.size());
  return p;
}

long PeakRssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

}  // namespace belfry
