// Pieces shared by the `datacat` subcommands: the common --data-dir/--config options,
// error printing and exit codes, and bringing the index up to date.
// Exit codes: 0 success, 1 the command ran and found problems (bad input lines,
// differences), 2 usage or runtime error.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "indexer/data_dir.h"
#include "indexer/reindex.h"
#include "indexer/status.h"
#include "indexer/store.h"
#include "server/config.h"

namespace datacat::server {

inline constexpr int kExitOk = 0;
inline constexpr int kExitProblems = 1;
inline constexpr int kExitError = 2;

struct CommonOptions {
  std::string data_dir;     // --data-dir; empty: from the configuration
  std::string config_file;  // --config
};

void add_common_options(CLI::App& command, CommonOptions& options);

// The configuration with the flags applied; prints the error and returns nullopt on failure.
std::optional<Config> resolve_config(const CommonOptions& options);

// Prints "datacat: error: <status>" to stderr and returns kExitError.
int report_error(const Status& status);

// Pending outbox rows above which catch_up_index rebuilds the index instead.
inline constexpr int64_t kRebuildAbove = 20000;

// Applies pending outbox rows to the index when this process can take the writer lock
// (rebuilding it when more than kRebuildAbove are pending). Prints a note (not an error)
// when another process holds the lock: that process applies them.
// Read-only commands pass allow_rebuild = false: they never start a rebuild.
Status catch_up_index(const indexer::DataDir& dir, indexer::AssetStore& store, bool quiet,
                      bool allow_rebuild = true);

// A one-line progress bar on stderr, redrawn at most ten times a second.
class ProgressBar {
 public:
  void update(int64_t done, int64_t total);
  void finish();
  // update() bound to this bar when stderr is a terminal, else an empty function.
  indexer::ProgressFn on_terminal();

 private:
  std::chrono::steady_clock::time_point last_;
};

// Subcommand registration; each sets `exit_code` when it runs.
void add_import_command(CLI::App& app, int& exit_code);
void add_delete_command(CLI::App& app, int& exit_code);
void add_search_command(CLI::App& app, int& exit_code);
void add_reindex_command(CLI::App& app, int& exit_code);
void add_check_command(CLI::App& app, int& exit_code);
void add_serve_command(CLI::App& app, int& exit_code);
void add_token_command(CLI::App& app, int& exit_code);
void add_glossary_command(CLI::App& app, int& exit_code);

}  // namespace datacat::server
