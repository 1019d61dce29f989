#include "pipeline/dead_letter_writer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/base64.h"
#include "core/date_time.h"
#include "core/text.h"

namespace belfry {
namespace {

constexpr size_t kFlushBytes = 4 << 20;

std::string Key(std::string_view report, uint64_t line) {
  return report.empty() ? std::string() : fmt::format("{}:{}", report, line);
}

// The key of one stored entry ("" when it has none: written before entries had one).
std::string KeyOfLine(simdjson::dom::parser& parser, std::string_view line) {
  simdjson::dom::element doc;
  std::string_view report;
  uint64_t n = 0;
  if (parser.parse(line.data(), line.size()).get(doc)) return {};
  if (doc["report"].get_string().get(report) || doc["line"].get_uint64().get(n)) return {};
  return Key(report, n);
}

class FileLock {
 public:
  explicit FileLock(int fd) : fd_(fd) {
    while (flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~FileLock() { flock(fd_, LOCK_UN); }

 private:
  int fd_;
};

Status WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Fail(Error::Io(std::strerror(errno)));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Ok();
}

}  // namespace

DeadLetterWriter::~DeadLetterWriter() {
  if (fd_ >= 0) {
    (void)Flush();
    ::close(fd_);
  }
}

Status DeadLetterWriter::Open() {
  if (fd_ >= 0) {
    // Purge replaces the file: follow it to the new one.
    struct stat now;
    if (::stat(path_.c_str(), &now) == 0 && now.st_ino == ino_) return Ok();
    ::close(fd_);
    fd_ = -1;
  }
  std::error_code ec;
  auto parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  fd_ = ::open(path_.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd_ < 0)
    return Fail(Error::Io(fmt::format("cannot open dead-letter file {}: {}", path_,
                                      std::strerror(errno))));
  struct stat st;
  if (::fstat(fd_, &st) != 0) return Fail(Error::Io(fmt::format("cannot stat {}", path_)));
  ino_ = st.st_ino;
  known_size_ = 0;
  keys_.clear();
  return Ok();
}

Status DeadLetterWriter::CatchUp() {
  struct stat st;
  if (::fstat(fd_, &st) != 0) return Fail(Error::Io(fmt::format("cannot stat {}", path_)));
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size < known_size_) {  // cut by someone else: read it all again
    known_size_ = 0;
    keys_.clear();
  }
  if (size == known_size_) return Ok();
  std::string tail(size - known_size_, '\0');
  size_t got = 0;
  while (got < tail.size()) {
    const ssize_t n = ::pread(fd_, tail.data() + got, tail.size() - got,
                              static_cast<off_t>(known_size_ + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Fail(Error::Io(fmt::format("cannot read {}", path_)));
    got += static_cast<size_t>(n);
  }
  simdjson::dom::parser parser;
  size_t pos = 0;
  while (pos < tail.size()) {
    const size_t nl = tail.find('\n', pos);
    if (nl == std::string::npos) break;
    std::string key = KeyOfLine(parser, std::string_view(tail).substr(pos, nl - pos));
    if (!key.empty()) keys_.insert(std::move(key));
    pos = nl + 1;
  }
  if (pos < tail.size()) {
    // A half line: a write cut short by a crash of the machine. Its entry is written again
    // by the run that repeats it; the fragment goes.
    if (::ftruncate(fd_, static_cast<off_t>(known_size_ + pos)) != 0)
      return Fail(Error::Io(fmt::format("cannot repair {}: {}", path_, std::strerror(errno))));
  }
  known_size_ += pos;
  return Ok();
}

Status DeadLetterWriter::Write(const std::vector<DeadLetter>& letters, const std::string& feed,
                               int64_t now_micros) {
  if (letters.empty()) return Ok();
  std::string now = FormatIsoUtc(now_micros);
  for (const auto& d : letters) {
    Pending p;
    p.key = Key(d.report, d.line);
    std::string& line = p.line;
    line.append("{\"file\": ");
    AppendJsonString(d.file, &line);
    line.append(fmt::format(", \"line\": {}, \"reason\": ", d.line));
    AppendJsonString(d.reason, &line);
    line.append(", \"raw\": ");
    AppendJsonString(d.raw, &line);
    if (!IsValidUtf8(d.raw) || d.raw.find('\0') != std::string::npos) {
      line.append(", \"raw_base64\": \"");
      AppendBase64(d.raw, &line);
      line.push_back('"');
    }
    line.append(", \"feed\": ");
    AppendJsonString(feed, &line);
    line.append(", \"time\": \"");
    line.append(now);
    line.push_back('"');
    if (!d.report.empty()) {
      line.append(", \"report\": \"");
      line.append(d.report);
      line.push_back('"');
    }
    line.append("}\n");
    pending_bytes_ += line.size();
    pending_.push_back(std::move(p));
  }
  if (pending_bytes_ >= kFlushBytes) return Flush();
  return Ok();
}

Status DeadLetterWriter::Flush() {
  if (pending_.empty()) return Ok();
  BELFRY_RETURN_IF_ERROR(Open());
  FileLock lock(fd_);
  BELFRY_RETURN_IF_ERROR(CatchUp());
  std::string out;
  out.reserve(pending_bytes_);
  uint64_t added = 0;
  std::vector<std::string> new_keys;
  for (auto& p : pending_) {
    if (!p.key.empty()) {
      if (keys_.count(p.key)) continue;  // the file has it already
      keys_.insert(p.key);
      new_keys.push_back(p.key);
    }
    out += p.line;
    ++added;
  }
  auto written = WriteAll(fd_, out);
  if (written && ::fdatasync(fd_) != 0) written = Fail(Error::Io(std::strerror(errno)));
  if (!written) {
    // A full disk took part of it: cut back to whole lines; the entries stay queued.
    (void)::ftruncate(fd_, static_cast<off_t>(known_size_));
    for (const auto& k : new_keys) keys_.erase(k);
    return Fail(Error::Io(
        fmt::format("cannot write dead-letter file {}: {}", path_, written.error().message())));
  }
  known_size_ += out.size();
  written_ += added;
  pending_.clear();
  pending_bytes_ = 0;
  return Ok();
}

Result<uint64_t> DeadLetterWriter::Purge(const std::string& path, int64_t cutoff_micros) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return 0;
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  // Writers append under the same lock and follow the file to its replacement.
  FileLock lock(fd);
  std::ifstream in(path, std::ios::binary);
  if (!in) return 0;
  std::string tmp = path + ".tmp";
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) return Fail(Error::Io(fmt::format("cannot write {}", tmp)));
  simdjson::dom::parser parser;
  std::string line;
  uint64_t dropped = 0;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // a half line without its newline: a torn write, not an entry
    simdjson::dom::element doc;
    std::string_view t;
    if (!parser.parse(line).get(doc) && !doc["time"].get_string().get(t)) {
      auto when = ParseDateTimeMicros(t);
      if (when && *when < cutoff_micros) {
        ++dropped;
        continue;
      }
    }
    out << line << '\n';
  }
  out.close();
  if (!out) return Fail(Error::Io(fmt::format("cannot write {}", tmp)));
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Fail(Error::Io(fmt::format("cannot replace {}: {}", path, ec.message())));
  return dropped;
}

}  // namespace belfry
