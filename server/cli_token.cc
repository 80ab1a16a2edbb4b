// `datacat token create|list|revoke`: API bearer tokens (see token_store.h).
#include <iostream>
#include <nlohmann/json.hpp>

#include "indexer/timestamp.h"
#include "server/cli_common.h"
#include "server/token_store.h"

namespace datacat::server {
namespace {

struct CreateArgs {
  CommonOptions common;
  std::string user;
  std::string groups;
  bool admin = false;
  std::string note;
};

struct ListArgs {
  CommonOptions common;
  bool json = false;
};

struct RevokeArgs {
  CommonOptions common;
  int64_t id = 0;
};

// The token store of the configured data directory; nullptr once an error is printed.
std::unique_ptr<TokenStore> open_store(const CommonOptions& common) {
  std::optional<Config> config = resolve_config(common);
  if (!config) return nullptr;
  indexer::DataDir dir(config->data_dir);
  if (Status s = dir.ensure_exists(); !s.is_ok()) {
    report_error(s);
    return nullptr;
  }
  Result<std::unique_ptr<TokenStore>> store = TokenStore::open(dir.catalog_path());
  if (!store.is_ok()) {
    report_error(store.status());
    return nullptr;
  }
  return std::move(store).value();
}

// "a, b,c" -> {"a", "b", "c"}; "" -> {}. Empty pieces are kept for the store to reject.
std::vector<std::string> split_groups(const std::string& text) {
  std::vector<std::string> groups;
  if (text.find_first_not_of(" \t") == std::string::npos) return groups;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    std::string piece = text.substr(start, comma == std::string::npos ? comma : comma - start);
    size_t first = piece.find_first_not_of(" \t");
    size_t last = piece.find_last_not_of(" \t");
    groups.push_back(first == std::string::npos ? "" : piece.substr(first, last - first + 1));
    if (comma == std::string::npos) return groups;
    start = comma + 1;
  }
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

// Control characters (a note may hold them) would break the table's lines.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  return text;
}

int run_create(const CreateArgs& args) {
  std::vector<std::string> groups = split_groups(args.groups);
  if (groups.empty() && !args.admin) {
    return report_error(Status::invalid("--groups is required unless --admin is given", "groups"));
  }
  std::unique_ptr<TokenStore> store = open_store(args.common);
  if (!store) return kExitError;
  Result<TokenStore::Created> created = store->create(args.user, groups, args.admin, args.note);
  if (!created.is_ok()) return report_error(created.status());
  std::cout << created->secret << std::endl;
  std::cerr << "datacat: created token " << created->info.id << " for " << created->info.user
            << "; the secret above will not be shown again: store it now\n";
  return kExitOk;
}

void print_table(const std::vector<TokenInfo>& tokens) {
  std::vector<std::array<std::string, 7>> rows{
      {"ID", "USER", "GROUPS", "ADMIN", "CREATED", "REVOKED", "NOTE"}};
  for (const TokenInfo& t : tokens) {
    rows.push_back({std::to_string(t.id), t.user, t.groups.empty() ? "-" : join(t.groups),
                    t.admin ? "yes" : "no", indexer::format_rfc3339(t.created),
                    t.revoked == 0 ? "-" : indexer::format_rfc3339(t.revoked), one_line(t.note)});
  }
  std::array<size_t, 7> width{};
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    std::cout << line.substr(0, line.find_last_not_of(' ') + 1) << "\n";
  }
}

int run_list(const ListArgs& args) {
  std::unique_ptr<TokenStore> store = open_store(args.common);
  if (!store) return kExitError;
  Result<std::vector<TokenInfo>> tokens = store->list();
  if (!tokens.is_ok()) return report_error(tokens.status());
  if (!args.json) {
    print_table(*tokens);
    return kExitOk;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const TokenInfo& t : *tokens) {
    out.push_back(
        {{"id", t.id},
         {"user", t.user},
         {"groups", t.groups},
         {"admin", t.admin},
         {"note", t.note},
         {"created", indexer::format_rfc3339(t.created)},
         {"revoked", t.revoked == 0 ? nlohmann::json(nullptr)
                                    : nlohmann::json(indexer::format_rfc3339(t.revoked))}});
  }
  std::cout << out.dump(2) << "\n";
  return kExitOk;
}

int run_revoke(const RevokeArgs& args) {
  std::unique_ptr<TokenStore> store = open_store(args.common);
  if (!store) return kExitError;
  if (Status s = store->revoke(args.id); !s.is_ok()) return report_error(s);
  std::cout << "revoked token " << args.id << "\n";
  return kExitOk;
}

}  // namespace

void add_token_command(CLI::App& app, int& exit_code) {
  CLI::App* token = app.add_subcommand("token", "Manage API bearer tokens");
  token->require_subcommand(1);

  auto create_args = std::make_shared<CreateArgs>();
  CLI::App* create = token->add_subcommand(
      "create", "Create a token; prints its secret (shown only once) on stdout");
  add_common_options(*create, create_args->common);
  create->add_option("--user", create_args->user, "User the token authenticates as")->required();
  create->add_option("--groups", create_args->groups,
                     "Comma-separated groups of the user (may be empty only with --admin)");
  create->add_flag("--admin", create_args->admin, "The token may do everything");
  create->add_option("--note", create_args->note, "What the token is for");
  create->callback([create_args, &exit_code] { exit_code = run_create(*create_args); });

  auto list_args = std::make_shared<ListArgs>();
  CLI::App* list = token->add_subcommand("list", "List tokens (never their secrets)");
  add_common_options(*list, list_args->common);
  list->add_flag("--json", list_args->json, "Print a JSON array");
  list->callback([list_args, &exit_code] { exit_code = run_list(*list_args); });

  auto revoke_args = std::make_shared<RevokeArgs>();
  CLI::App* revoke = token->add_subcommand("revoke", "Revoke a token by id");
  add_common_options(*revoke, revoke_args->common);
  revoke->add_option("id", revoke_args->id, "Token id (see `datacat token list`)")->required();
  revoke->callback([revoke_args, &exit_code] { exit_code = run_revoke(*revoke_args); });
}

}  // namespace datacat::server
