#include "parse/parsers/shadowserver/shadowserver_schema.h"

#include <fmt/format.h>
#include <simdjson.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

extern const std::string_view kBundledShadowserverSchema;

namespace belfry {
namespace {

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

Result<ShadowserverMapping> ParseMapping(simdjson::dom::element item, const std::string& type,
                                         std::string* unusable) {
  simdjson::dom::array arr;
  if (item.get_array().get(arr) || arr.size() < 2)
    return Fail(Error::InvalidInput(
        fmt::format("{}: a field mapping is not a [key, column, ...] list", type)));
  ShadowserverMapping m;
  auto key_el = arr.at(0).value();
  std::string_view column;
  if (arr.at(1).get_string().get(column))
    return Fail(Error::InvalidInput(fmt::format("{}: column name is not a string", type)));
  m.column = std::string(column);
  if (key_el.is_bool()) {
    m.target = ShadowserverMapping::Target::kIgnore;
  } else {
    std::string_view key;
    if (key_el.get_string().get(key))
      return Fail(Error::InvalidInput(fmt::format("{}: mapping key is not a string", type)));
    if (key == "extra.") {
      m.target = ShadowserverMapping::Target::kExtraColumn;
    } else if (key.substr(0, 6) == "extra.") {
      m.target = ShadowserverMapping::Target::kExtraKey;
      m.key = std::string(key.substr(6));
    } else if (auto id = FieldRegistry::Find(key)) {
      m.target = ShadowserverMapping::Target::kField;
      m.field = *id;
    } else {
      m.target = ShadowserverMapping::Target::kUnknownKey;
      m.key = std::string(key);
    }
  }
  if (arr.size() > 2) {
    std::string_view fn;
    if (arr.at(2).get_string().get(fn))
      return Fail(Error::InvalidInput(fmt::format("{}: conversion is not a string", type)));
    auto conv = FindConversion(fn);
    if (!conv) {
      *unusable = fmt::format(
          "report type {} uses conversion function '{}', unknown to this version of Belfry", type,
          fn);
    } else {
      m.conversion = *conv;
    }
  }
  if (arr.size() > 3) {
    bool b = false;
    if (!arr.at(3).get_bool().get(b)) m.pass_row = b;
  }
  return m;
}

}  // namespace

std::string_view ShadowserverSchema::Bundled() { return kBundledShadowserverSchema; }

Result<std::shared_ptr<const ShadowserverSchema>> ShadowserverSchema::Parse(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element doc;
  if (auto err = parser.parse(padded).get(doc))
    return Fail(Error::InvalidInput(
        fmt::format("Shadowserver schema is not valid JSON: {}", simdjson::error_message(err))));
  simdjson::dom::object top;
  if (doc.get_object().get(top))
    return Fail(Error::InvalidInput("Shadowserver schema is not a JSON object"));
  auto schema = std::make_shared<ShadowserverSchema>();
  for (auto [key, value] : top) {
    if (key == "_meta") {
      std::string_view created;
      if (!value["date_created"].get_string().get(created))
        schema->date_created_ = std::string(created);
      continue;
    }
    ShadowserverReportType t;
    std::string name(key);
    std::string_view s;
    if (value["file_name"].get_string().get(s))
      return Fail(
          Error::InvalidInput(fmt::format("Shadowserver schema: {} has no file_name", name)));
    t.file_name = std::string(s);
    if (value["feed_name"].get_string().get(s))
      return Fail(
          Error::InvalidInput(fmt::format("Shadowserver schema: {} has no feed_name", name)));
    t.feed_name = std::string(s);
    if (!value["url"].get_string().get(s)) t.url = std::string(s);
    for (const char* section : {"required_fields", "optional_fields"}) {
      simdjson::dom::array arr;
      if (value[section].get_array().get(arr)) continue;
      for (auto item : arr) {
        auto m = ParseMapping(item, name, &t.unusable_reason);
        if (!m) return Fail(m.error().WithContext("Shadowserver schema"));
        (std::string_view(section) == "required_fields" ? t.required : t.optional)
            .push_back(std::move(*m));
      }
    }
    simdjson::dom::object constants;
    if (!value["constant_fields"].get_object().get(constants)) {
      for (auto [ck, cv] : constants) {
        std::string_view cs;
        std::string text =
            cv.get_string().get(cs) ? std::string(simdjson::minify(cv)) : std::string(cs);
        t.constants.emplace_back(std::string(ck), std::move(text));
      }
    }
    schema->by_feed_name_[t.feed_name] = t.file_name;
    schema->types_[t.file_name] = std::move(t);
  }
  if (schema->types_.empty())
    return Fail(Error::InvalidInput("Shadowserver schema lists no report types"));
  return std::shared_ptr<const ShadowserverSchema>(std::move(schema));
}

const ShadowserverReportType* ShadowserverSchema::Find(std::string_view name) const {
  auto it = types_.find(std::string(name));
  if (it != types_.end()) return &it->second;
  auto f = by_feed_name_.find(std::string(name));
  if (f != by_feed_name_.end()) return &types_.at(f->second);
  return nullptr;
}

std::optional<std::string> ShadowserverSchema::ReportTypeFromFileName(std::string_view file_name) {
  // ^(?:\d{4}-\d{2}-\d{2}-)?(\w+)(-\w+)*\.csv$
  std::string_view s = file_name;
  size_t slash = s.find_last_of('/');
  if (slash != std::string_view::npos) s.remove_prefix(slash + 1);
  if (s.size() < 5 || s.substr(s.size() - 4) != ".csv") return std::nullopt;
  std::string_view stem = s.substr(0, s.size() - 4);
  auto digits = [&](size_t at, size_t n) {
    if (at + n > stem.size()) return false;
    for (size_t i = at; i < at + n; ++i)
      if (stem[i] < '0' || stem[i] > '9') return false;
    return true;
  };
  auto parse_rest = [&](std::string_view rest) -> std::optional<std::string> {
    // rest must be \w+(-\w+)*; the first group is the type.
    if (rest.empty()) return std::nullopt;
    size_t i = 0;
    while (i < rest.size() && IsWordChar(rest[i])) ++i;
    if (i == 0) return std::nullopt;
    std::string first(rest.substr(0, i));
    while (i < rest.size()) {
      if (rest[i] != '-') return std::nullopt;
      size_t j = ++i;
      while (i < rest.size() && IsWordChar(rest[i])) ++i;
      if (i == j) return std::nullopt;
    }
    return first;
  };
  if (digits(0, 4) && stem.size() > 11 && stem[4] == '-' && digits(5, 2) && stem[7] == '-' &&
      digits(8, 2) && stem[10] == '-') {
    if (auto r = parse_rest(stem.substr(11))) return r;
  }
  return parse_rest(stem);
}

namespace {

Result<std::pair<std::shared_ptr<const ShadowserverSchema>, int64_t>> LoadSchemaFile(
    const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0)
    return Fail(Error::Io(fmt::format("cannot read Shadowserver schema {}", path)));
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!in) return Fail(Error::Io(fmt::format("cannot read Shadowserver schema {}", path)));
  auto schema = ShadowserverSchema::Parse(ss.str());
  if (!schema) return Fail(schema.error().WithContext(path));
  int64_t mtime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return std::make_pair(*schema, mtime);
}

}  // namespace

Result<std::shared_ptr<ShadowserverSchemaSource>> ShadowserverSchemaSource::Create(
    std::string path) {
  auto src = std::make_shared<ShadowserverSchemaSource>();
  src->path_ = std::move(path);
  if (src->path_.empty()) {
    auto s = ShadowserverSchema::Parse(ShadowserverSchema::Bundled());
    if (!s) return Fail(s.error().WithContext("bundled Shadowserver schema"));
    src->schema_ = *s;
    return src;
  }
  auto loaded = LoadSchemaFile(src->path_);
  if (!loaded) return Fail(loaded.error());
  src->schema_ = loaded->first;
  src->mtime_ = loaded->second;
  return src;
}

std::shared_ptr<const ShadowserverSchema> ShadowserverSchemaSource::Current() {
  std::lock_guard lock(mu_);
  if (path_.empty()) return schema_;
  struct stat st {};
  if (stat(path_.c_str(), &st) == 0) {
    int64_t mtime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    if (mtime != mtime_) {
      auto loaded = LoadSchemaFile(path_);
      if (loaded) {
        schema_ = loaded->first;
        mtime_ = loaded->second;
      }
    }
  }
  return schema_;
}

}  // namespace belfry
