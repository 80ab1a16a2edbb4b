#include "server/cli_common.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "indexer/index_writer.h"
#include "indexer/reindex.h"

namespace datacat::server {

void add_common_options(CLI::App& command, CommonOptions& options) {
  command.add_option(
      "--data-dir", options.data_dir,
      "Data directory (default: $DATACAT_DATA_DIR, else the config's data_dir, else ./data)");
  command.add_option("--config", options.config_file,
                     "TOML configuration file (default: $DATACAT_CONFIG)");
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

void ProgressBar::update(int64_t done, int64_t total) {
  auto now = std::chrono::steady_clock::now();
  if (done < total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  constexpr int kWidth = 40;
  double fraction = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 1.0;
  int filled = static_cast<int>(fraction * kWidth);
  std::fprintf(stderr, "\r[%-*s] %3d%%  %lld/%lld assets", kWidth, std::string(filled, '#').c_str(),
               static_cast<int>(fraction * 100), static_cast<long long>(done),
               static_cast<long long>(total));
  std::fflush(stderr);
}

void ProgressBar::finish() {
  std::fputs("\n", stderr);
}

indexer::ProgressFn ProgressBar::on_terminal() {
  if (::isatty(STDERR_FILENO) == 0) return nullptr;
  return [this](int64_t done, int64_t total) { update(done, total); };
}

Status catch_up_index(const indexer::DataDir& dir, indexer::AssetStore& store, bool quiet,
                      bool allow_rebuild) {
  Result<std::unique_ptr<indexer::IndexWriter>> writer = indexer::IndexWriter::open(dir);
  if (!writer.is_ok()) {
    if (writer.status().code() == StatusCode::kUnavailable) {
      if (!quiet)
        std::cerr << "datacat: note: another datacat process holds the index; it will apply the "
                     "changes\n";
      return Status::ok();
    }
    return writer.status();
  }
  Result<int64_t> last = store.last_outbox_seq();
  if (!last.is_ok()) return last.status();
  auto rebuild = [&]() {
    writer->reset();  // releases the write lock for the rebuild
    ProgressBar bar;
    indexer::ProgressFn progress = quiet ? nullptr : bar.on_terminal();
    Result<indexer::ReindexStats> stats = indexer::reindex(dir, progress);
    if (progress) bar.finish();
    return stats.is_ok() ? Status::ok() : stats.status();
  };
  // Rebuilding is several times faster than applying this many single changes.
  if (allow_rebuild && *last - (*writer)->applied_seq() > kRebuildAbove) return rebuild();
  Result<indexer::CatchUpStats> stats = (*writer)->catch_up(store);
  if (allow_rebuild && stats.status().code() == StatusCode::kFailedPrecondition) return rebuild();
  return stats.is_ok() ? Status::ok() : stats.status();
}

}  // namespace datacat::server
