#include "app/feed_recipes.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/json_object.h"
#include "core/text.h"

namespace belfry {
namespace {

// blocklist.de's lists, classified as IntelMQ's blocklist.de parser does.
struct BlocklistDe {
  const char* list;
  const char* type;
  const char* application;  // "" = none
  const char* description;
};
constexpr BlocklistDe kBlocklistDe[] = {
    {"ssh", "ids-alert", "ssh", "IP reported as having run attacks on the service SSH"},
    {"mail", "ids-alert", "smtp", "IP reported as having run attacks on the service Mail, Postfix"},
    {"apache", "ids-alert", "http",
     "IP reported as having run attacks on the service Apache, Apache-DDoS, RFI-Attacks"},
    {"imap", "ids-alert", "imap",
     "IP reported as having run attacks on the service IMAP, SASL, POP3"},
    {"ftp", "ids-alert", "ftp", "IP reported as having run attacks on the service FTP"},
    {"sip", "ids-alert", "sip",
     "IP reported as having run attacks on the service SIP, VOIP, Asterisk"},
    {"bots", "spam", "",
     "IP reported as having spammed on IRC, open forums, wikis or registration forms."},
    {"strongips", "blacklist", "", "IP reported as having run attacks in last 2 months"},
    {"ircbot", "infected-system", "irc", ""},
    {"bruteforcelogin", "brute-force", "",
     "IP reported as having run attacks on Joomlas, Wordpress and other Web-Logins with "
     "Brute-Force Logins"},
};

std::vector<FeedRecipe> Build() {
  std::vector<FeedRecipe> r;
  r.push_back({"abusech-urlhaus",
               "Abuse.ch URLhaus (country feed)",
               "https://urlhaus.abuse.ch/feeds/",
               {"<CC>"},
               R"([[feeds]]
name = "abusech-urlhaus"
provider = "Abuse.ch"
documentation = "https://urlhaus.abuse.ch/feeds/"
source = "https://urlhaus.abuse.ch/feeds/country/<CC>/"
schedule = "every 24h"
parser = "csv"
tlp = "CLEAR"
constants = { "classification.type" = "malware-distribution" }
[feeds.csv]
comment = "#"
time_format = "%Y-%m-%d %H:%M:%S"
columns = ["time.source", "source.url", "extra.url_status", "extra.threat",
           "source.fqdn|__IGNORE__", "source.ip", "source.asn", "source.geolocation.cc"]
)"});
  r.push_back({"abusech-feodotracker",
               "Abuse.ch Feodo Tracker (botnet C2 IP blocklist)",
               "https://feodotracker.abuse.ch/",
               {},
               R"([[feeds]]
name = "abusech-feodotracker"
provider = "Abuse.ch"
documentation = "https://feodotracker.abuse.ch/"
source = "https://feodotracker.abuse.ch/downloads/ipblocklist.csv"
schedule = "every 1h"
parser = "csv"
tlp = "CLEAR"
constants = { "classification.type" = "c2-server" }
[feeds.csv]
comment = "#"
time_format = "%Y-%m-%d %H:%M:%S"
columns = ["time.source", "source.ip", "source.port", "extra.c2_status", "extra.last_online",
           "malware.name"]
)"});
  r.push_back({"spamhaus-drop",
               "Spamhaus DROP (Don't Route Or Peer)",
               "https://www.spamhaus.org/drop/",
               {},
               R"([[feeds]]
name = "spamhaus-drop"
provider = "Spamhaus"
documentation = "https://www.spamhaus.org/drop/"
source = "https://www.spamhaus.org/drop/drop.txt"
schedule = "every 1h"
parser = "csv"
tlp = "CLEAR"
constants = { "classification.type" = "spam" }
[feeds.csv]
delimiter = ";"
comment = ";"
trim = true
columns = ["source.network", "extra.blocklist"]
)"});
  for (const auto& b : kBlocklistDe) {
    std::string constants = fmt::format("\"classification.type\" = \"{}\"", b.type);
    if (*b.application)
      constants += fmt::format(", \"protocol.application\" = \"{}\"", b.application);
    if (*b.description)
      constants += fmt::format(", \"event_description.text\" = \"{}\"", b.description);
    r.push_back({fmt::format("blocklistde-{}", b.list),
                 fmt::format("Blocklist.de {} list", b.list),
                 "https://www.blocklist.de/en/export.html",
                 {},
                 fmt::format(R"([[feeds]]
name = "blocklistde-{0}"
provider = "Blocklist.de"
documentation = "https://www.blocklist.de/en/export.html"
source = "https://lists.blocklist.de/lists/{0}.txt"
schedule = "every 24h"
parser = "csv"
tlp = "CLEAR"
constants = {{ {1} }}
[feeds.csv]
comment = "#"
columns = ["source.ip"]
)",
                             b.list, constants)});
  }
  r.push_back({"shadowserver-api",
               "Shadowserver reports through the Reports API",
               "https://www.shadowserver.org/what-we-do/network-reporting/api-documentation/",
               {"<REPORT>"},
               R"([[feeds]]
name = "shadowserver-api"
provider = "Shadowserver"
documentation = "https://www.shadowserver.org/what-we-do/network-reporting/"
source = "shadowserver-api"
schedule = "every 1h"
parser = "shadowserver"
tlp = "AMBER"
reports = ["<REPORT>"]
# The key and secret Shadowserver gave you; "$NAME" reads an environment variable.
api_key = "$BELFRY_SHADOWSERVER_API_KEY"
secret = "$BELFRY_SHADOWSERVER_SECRET"
)"});
  r.push_back({"shadowserver-imap",
               "Shadowserver report mails in an IMAP mailbox",
               "https://www.shadowserver.org/what-we-do/network-reporting/",
               {"<HOST>", "<USER>"},
               R"([[feeds]]
name = "shadowserver-imap"
provider = "Shadowserver"
documentation = "https://www.shadowserver.org/what-we-do/network-reporting/"
source = "imaps://<HOST>/INBOX"
username = "<USER>"
password = "$BELFRY_IMAP_PASSWORD"
schedule = "every 15m"
parser = "shadowserver"
tlp = "AMBER"
attachments = '\.csv(\.zip)?$'
done_folder = "Belfry.Done"
failed_folder = "Belfry.Failed"
)"});
  return r;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
  return s;
}

}  // namespace

const std::vector<FeedRecipe>& FeedRecipes() {
  static const std::vector<FeedRecipe> recipes = Build();
  return recipes;
}

const FeedRecipe* FindRecipe(const std::string& name) {
  for (const auto& r : FeedRecipes())
    if (r.name == name) return &r;
  return nullptr;
}

Result<std::string> RenderRecipe(const FeedRecipe& recipe, const std::string& as_name,
                                 const std::vector<std::string>& sets) {
  std::string toml = recipe.toml;
  for (const auto& s : sets) {
    size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0)
      return Fail(Error::InvalidInput(fmt::format("--set {}: expected key=value", s)));
    std::string key = s.substr(0, eq);
    for (auto& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string marker = "<" + key + ">";
    if (toml.find(marker) == std::string::npos)
      return Fail(
          Error::InvalidInput(fmt::format("recipe {} has no placeholder {}", recipe.name, marker)));
    std::string value = s.substr(eq + 1);
    if (value.find_first_of("\"\\\n") != std::string::npos)
      return Fail(
          Error::InvalidInput(fmt::format("--set {}: quotes and newlines are not allowed", key)));
    toml = Replace(toml, marker, value);
  }
  for (const auto& p : recipe.placeholders)
    if (toml.find(p) != std::string::npos) {
      std::string key = p.substr(1, p.size() - 2);
      for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return Fail(Error::InvalidInput(
          fmt::format("recipe {} needs {}: add --set {}=…", recipe.name, p, key)));
    }
  if (!as_name.empty()) {
    if (as_name.find_first_of("\"\\\n") != std::string::npos)
      return Fail(Error::InvalidInput("--name: quotes and newlines are not allowed"));
    toml = Replace(toml, fmt::format("name = \"{}\"", recipe.name),
                   fmt::format("name = \"{}\"", as_name));
  }
  return fmt::format("\n# From Belfry's recipe {} ({}).\n{}", recipe.name, recipe.title, toml);
}

int CmdFeedsRecipes(bool json) {
  for (const auto& r : FeedRecipes()) {
    if (json) {
      std::string placeholders = "[";
      for (const auto& p : r.placeholders) {
        if (placeholders.size() > 1) placeholders += ", ";
        AppendJsonString(p, &placeholders);
      }
      fmt::print("{}\n", JsonObject()
                             .Str("name", r.name)
                             .Str("title", r.title)
                             .Str("documentation", r.documentation)
                             .Raw("placeholders", placeholders + "]")
                             .Done());
    } else {
      std::string needs;
      for (const auto& p : r.placeholders) needs += " " + p;
      fmt::print("{:<26} {}{}\n", r.name, r.title, needs.empty() ? "" : "  (needs" + needs + ")");
    }
  }
  return kExitOk;
}

int CmdFeedsAdd(const Config& config, const Common& common, const std::string& name,
                const std::string& as_name, const std::vector<std::string>& sets,
                const std::string& output) {
  const FeedRecipe* recipe = FindRecipe(name);
  if (!recipe)
    return Report(
        Error::NotFound(fmt::format("no recipe '{}'; `belfry feeds recipes` lists them", name)));
  auto text = RenderRecipe(*recipe, as_name, sets);
  if (!text) return Report(text.error());
  std::string feed_name = as_name.empty() ? recipe->name : as_name;
  if (output == "-") {
    fmt::print("{}", *text);
    return kExitOk;
  }
  std::string path = output;
  if (path.empty()) path = common.config_path;
  if (path.empty()) {
    const char* env = std::getenv("BELFRY_CONFIG");
    path = env && *env ? env : "belfry.toml";
  }
  // The file must stay valid: check the result before writing it.
  std::string current;
  if (std::filesystem::exists(path)) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    current = ss.str();
  }
  auto checked = ParseConfig(current + *text, path);
  if (!checked) {
    std::string msg = checked.error().message();
    if (msg.find("defined twice") != std::string::npos)
      msg = fmt::format("{} already has a feed named '{}'; choose another with --name", path,
                        feed_name);
    return Report(Error::InvalidConfig(msg));
  }
  std::ofstream out(path, std::ios::app | std::ios::binary);
  out << *text;
  out.close();
  if (!out) return Report(Error::Io(fmt::format("cannot write {}", path)));
  (void)config;
  fmt::print(
      "feeds add: wrote feed '{}' to {}; run it now with `belfry --config {} collect --feed {}`\n",
      feed_name, path, path, feed_name);
  return kExitOk;
}

}  // namespace belfry
