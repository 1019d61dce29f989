#include "app/user_commands.h"

#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "access/credentials.h"
#include "app/services.h"
#include "app/ticket_output.h"
#include "core/json_object.h"

namespace belfry {

namespace {

// One line from stdin; with echo off when it is a terminal.
std::string ReadSecretLine(const char* prompt) {
  const bool tty = isatty(STDIN_FILENO) != 0;
  termios old{};
  if (tty) {
    fmt::print(stderr, "{}", prompt);
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    fmt::print(stderr, "\n");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The new password: from stdin (--password-stdin), asked twice on a terminal, else none.
Result<std::string> NewPassword(const UserCli& cli, bool required) {
  std::string pw;
  if (cli.password_stdin) {
    pw = ReadSecretLine("");
  } else if (isatty(STDIN_FILENO)) {
    pw = ReadSecretLine("password: ");
    if (ReadSecretLine("again: ") != pw) return Fail(Error::InvalidInput("the passwords differ"));
  } else if (required) {
    return Fail(Error::InvalidInput("give the password on stdin with --password-stdin"));
  } else {
    return std::string();  // token-only account
  }
  BELFRY_RETURN_IF_ERROR(CheckPasswordStrength(pw));
  return HashPassword(pw);
}

Result<User> Existing(UserStore* users, const std::string& name) {
  auto u = users->FindUser(name);
  if (!u) return Fail(u.error());
  if (!*u) return Fail(Error::NotFound(fmt::format("no user named '{}'", name)));
  return **u;
}

Status Audit(Services& s, UserStore* users, const std::string& action, const std::string& object,
             const std::string& detail = "") {
  return users->AddAudit({0, s.clock().NowSeconds(), Actor(), action, object, detail});
}

int Add(const UserCli& cli, Services& s, UserStore* users) {
  auto role = ParseRole(cli.role);
  if (!role)
    return Report(Error::InvalidInput(fmt::format(
        "unknown role '{}' (admin, analyst, read-only, constituent)", cli.role)));
  if (*role == Role::kConstituent) {
    if (cli.organisation.empty())
      return Report(Error::InvalidInput("a constituent account needs --organisation HANDLE"));
    auto holder = s.constituency();
    if (!holder) return Report(holder.error());
    if (!(*holder)->Current()->Organisation(cli.organisation))
      return Report(Error::InvalidInput(fmt::format(
          "no organisation '{}' in the constituency (constituency import first)", cli.organisation)));
  } else if (!cli.organisation.empty()) {
    return Report(Error::InvalidInput("--organisation is for constituent accounts only"));
  }
  if (cli.name.empty() || cli.name.size() > 64 ||
      cli.name.find_first_of(" \t\r\n/\\") != std::string::npos)
    return Report(Error::InvalidInput("a user name is 1-64 characters without spaces or slashes"));
  auto hash = NewPassword(cli, false);
  if (!hash) return Report(hash.error());
  User u;
  u.name = cli.name;
  u.role = *role;
  u.organisation = cli.organisation;
  u.password_hash = *hash;
  u.created = s.clock().NowSeconds();
  auto id = users->AddUser(u);
  if (!id) return Report(id.error());
  if (auto st = Audit(s, users, "user-add", u.name,
                      fmt::format("role={} organisation={}", RoleName(u.role), u.organisation));
      !st)
    return Report(st.error());
  fmt::print("user {} added ({}{}){}\n", u.name, RoleName(u.role),
             u.organisation.empty() ? "" : ", " + u.organisation,
             u.password_hash.empty() ? "; no password: API tokens only" : "");
  return kExitOk;
}

int List(Services& s, UserStore* users) {
  auto all = users->ListUsers();
  if (!all) return Report(all.error());
  if (s.common().json) {
    for (const auto& u : *all)
      fmt::print("{}\n", JsonObject()
                             .Str("name", u.name)
                             .Str("role", RoleName(u.role))
                             .StrOrNull("organisation", u.organisation)
                             .Bool("password", !u.password_hash.empty())
                             .Bool("disabled", u.disabled)
                             .Str("created", Time(u.created))
                             .Done());
    return kExitOk;
  }
  fmt::print("{:<20} {:<12} {:<20} {:<9} {}\n", "NAME", "ROLE", "ORGANISATION", "STATE", "CREATED");
  for (const auto& u : *all)
    fmt::print("{:<20} {:<12} {:<20} {:<9} {}\n", u.name, RoleName(u.role),
               u.organisation.empty() ? "-" : u.organisation, u.disabled ? "disabled" : "active",
               Time(u.created));
  return kExitOk;
}

int SetDisabled(const UserCli& cli, Services& s, UserStore* users, bool disabled) {
  auto u = Existing(users, cli.name);
  if (!u) return Report(u.error());
  u->disabled = disabled;
  if (auto st = users->UpdateUser(*u); !st) return Report(st.error());
  if (auto st = Audit(s, users, disabled ? "user-disable" : "user-enable", u->name); !st)
    return Report(st.error());
  fmt::print("user {} {}\n", u->name, disabled ? "disabled (sessions and tokens refused)" : "enabled");
  return kExitOk;
}

int SetPassword(const UserCli& cli, Services& s, UserStore* users) {
  auto u = Existing(users, cli.name);
  if (!u) return Report(u.error());
  auto hash = NewPassword(cli, true);
  if (!hash) return Report(hash.error());
  u->password_hash = *hash;
  if (auto st = users->UpdateUser(*u); !st) return Report(st.error());
  if (auto st = Audit(s, users, "user-password", u->name); !st) return Report(st.error());
  fmt::print("user {}: password changed\n", u->name);
  return kExitOk;
}

int Token(const UserCli& cli, Services& s, UserStore* users) {
  auto u = Existing(users, cli.name);
  if (!u) return Report(u.error());
  if (u->disabled) return Report(Error::InvalidInput(fmt::format("user {} is disabled", u->name)));
  const std::string token = NewSecret("bfy_");
  auto id = users->AddToken(u->id, SecretDigest(token), s.clock().NowSeconds());
  if (!id) return Report(id.error());
  if (auto st = Audit(s, users, "token", u->name, fmt::format("token {}", *id)); !st)
    return Report(st.error());
  // Only the token on stdout, for scripts; it is shown once and stored only as a digest.
  fmt::print("{}\n", token);
  fmt::print(stderr, "token {} for {}: send it as 'Authorization: Bearer <token>'; it is not "
                     "shown again\n", *id, u->name);
  return kExitOk;
}

int Revoke(const UserCli& cli, Services& s, UserStore* users) {
  auto u = Existing(users, cli.name);
  if (!u) return Report(u.error());
  auto n = users->RevokeTokens(u->id);
  if (!n) return Report(n.error());
  if (auto st = Audit(s, users, "token-revoke", u->name, fmt::format("{} token(s)", *n)); !st)
    return Report(st.error());
  fmt::print("user {}: {} token(s) revoked\n", u->name, *n);
  return kExitOk;
}

int ShowAudit(const UserCli& cli, Services& s, UserStore* users) {
  auto rows = users->Audit(cli.limit);
  if (!rows) return Report(rows.error());
  for (const auto& e : *rows) {
    if (s.common().json) {
      fmt::print("{}\n", JsonObject()
                             .Str("at", Time(e.at))
                             .Str("actor", e.actor)
                             .Str("action", e.action)
                             .Str("object", e.object)
                             .Str("detail", e.detail)
                             .Done());
    } else {
      fmt::print("{}  {:<12} {:<14} {:<20} {}\n", Time(e.at), e.actor, e.action, e.object, e.detail);
    }
  }
  return kExitOk;
}

}  // namespace

void AddUserCommands(CLI::App* app, Common* common, UserCli* cli) {
  auto* user = app->add_subcommand("user", "accounts of the web console and the API");
  user->require_subcommand(1);
  auto named = [&](CLI::App* c) {
    c->add_option("NAME", cli->name, "user name")->required();
    c->add_option("--db", common->db, "SQLite database file");
  };
  cli->add = user->add_subcommand("add", "add an account (password from --password-stdin or asked)");
  named(cli->add);
  cli->add->add_option("--role", cli->role, "admin | analyst | read-only | constituent")
      ->capture_default_str();
  cli->add->add_option("--organisation", cli->organisation,
                       "constituency organisation handle (constituent accounts)");
  cli->add->add_flag("--password-stdin", cli->password_stdin, "read the password from stdin");
  cli->list = user->add_subcommand("list", "list the accounts");
  cli->list->add_option("--db", common->db, "SQLite database file");
  cli->list->add_flag("--json", common->json, "one JSON object per line");
  cli->disable = user->add_subcommand("disable", "refuse the account's logins and tokens");
  named(cli->disable);
  cli->enable = user->add_subcommand("enable", "accept the account again");
  named(cli->enable);
  cli->password = user->add_subcommand("password", "set a new password");
  named(cli->password);
  cli->password->add_flag("--password-stdin", cli->password_stdin, "read the password from stdin");
  cli->token = user->add_subcommand("token", "print a new API token for the account");
  named(cli->token);
  cli->revoke = user->add_subcommand("revoke", "revoke every API token of the account");
  named(cli->revoke);
  cli->audit = user->add_subcommand("audit", "the account and API audit, newest first");
  cli->audit->add_option("--db", common->db, "SQLite database file");
  cli->audit->add_option("--limit", cli->limit, "how many lines")->capture_default_str();
  cli->audit->add_flag("--json", common->json, "one JSON object per line");
}

std::optional<int> RunUserCommand(const UserCli& cli, Services& s) {
  CLI::App* cmds[] = {cli.add, cli.list, cli.disable, cli.enable, cli.password, cli.token,
                      cli.revoke, cli.audit};
  bool any = false;
  for (auto* c : cmds) any = any || (c && c->parsed());
  if (!any) return std::nullopt;
  auto users = s.users();
  if (!users) return Report(users.error());
  if (cli.add->parsed()) return Add(cli, s, *users);
  if (cli.list->parsed()) return List(s, *users);
  if (cli.disable->parsed()) return SetDisabled(cli, s, *users, true);
  if (cli.enable->parsed()) return SetDisabled(cli, s, *users, false);
  if (cli.password->parsed()) return SetPassword(cli, s, *users);
  if (cli.token->parsed()) return Token(cli, s, *users);
  if (cli.revoke->parsed()) return Revoke(cli, s, *users);
  return ShowAudit(cli, s, *users);
}

}  // namespace belfry
