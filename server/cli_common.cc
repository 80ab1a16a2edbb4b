#include "server/cli_common.h"

#include <iostream>

#include "indexer/index_writer.h"

namespace datacat::server {

void add_common_options(CLI::App& command, CommonOptions& options) {
  command.add_option("--data-dir", options.data_dir,
                     "Data directory (default: $DATACAT_DATA_DIR, else the config's data_dir, else ./data)");
  command.add_option("--config", options.config_file, "TOML configuration file (default: $DATACAT_CONFIG)");
}

std::optional<Config> resolve_config(const CommonOptions& options) {
  Result<Config> config = load_config(options.config_file);
  if (!config.is_ok()) {
    report_error(config.status());
    return std::nullopt;
  }
  if (!options.data_dir.empty()) config->data_dir = options.data_dir;
  return *config;
}

int report_error(const Status& status) {
  std::cerr << "datacat: error: " << status.to_string() << "\n";
  return kExitError;
}

Status catch_up_index(const indexer::DataDir& dir, indexer::AssetStore& store, bool quiet) {
  Result<std::unique_ptr<indexer::IndexWriter>> writer = indexer::IndexWriter::open(dir);
  if (!writer.is_ok()) {
    if (writer.status().code() == StatusCode::kUnavailable) {
      if (!quiet) std::cerr << "datacat: note: another datacat process holds the index; it will apply the changes\n";
      return Status::ok();
    }
    return writer.status();
  }
  Result<indexer::CatchUpStats> stats = (*writer)->catch_up(store);
  return stats.is_ok() ? Status::ok() : stats.status();
}

}  // namespace datacat::server
