#include "pipeline/dead_letter_writer.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>

#include "core/base64.h"
#include "core/date_time.h"
#include "core/text.h"

namespace belfry {

DeadLetterWriter::~DeadLetterWriter() {
  if (file_) std::fclose(file_);
}

Status DeadLetterWriter::Write(const std::vector<DeadLetter>& letters, const std::string& feed,
                               int64_t now_micros) {
  if (letters.empty()) return Ok();
  if (!file_) {
    std::error_code ec;
    auto parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    file_ = std::fopen(path_.c_str(), "ab");
    if (!file_) return Fail(Error::Io(fmt::format("cannot open dead-letter file {}", path_)));
  }
  std::string line;
  std::string now = FormatIsoUtc(now_micros);
  for (const auto& d : letters) {
    line.clear();
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
    line.append("\"}\n");
    if (std::fwrite(line.data(), 1, line.size(), file_) != line.size())
      return Fail(Error::Io(fmt::format("cannot write dead-letter file {}", path_)));
    ++written_;
  }
  return Ok();
}

Status DeadLetterWriter::Flush() {
  if (file_ && std::fflush(file_) != 0)
    return Fail(Error::Io(fmt::format("cannot flush {}", path_)));
  return Ok();
}

Result<uint64_t> DeadLetterWriter::Purge(const std::string& path, int64_t cutoff_micros) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return 0;
  std::string tmp = path + ".tmp";
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) return Fail(Error::Io(fmt::format("cannot write {}", tmp)));
  simdjson::dom::parser parser;
  std::string line;
  uint64_t dropped = 0;
  while (std::getline(in, line)) {
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
