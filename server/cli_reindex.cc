// `datacat reindex`: rebuild the index from SQLite and swap it in.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "indexer/reindex.h"
#include "server/cli_common.h"

namespace datacat::server {
namespace {

// Redraws a one-line progress bar on stderr at most ten times a second.
class ProgressBar {
 public:
  void update(int64_t done, int64_t total) {
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
  void finish() { std::fputs("\n", stderr); }

 private:
  std::chrono::steady_clock::time_point last_;
};

int run_reindex(const CommonOptions& common) {
  std::optional<Config> config = resolve_config(common);
  if (!config) return kExitError;
  indexer::DataDir dir(config->data_dir);
  bool terminal = ::isatty(STDERR_FILENO) != 0;
  ProgressBar bar;
  indexer::ProgressFn progress;
  if (terminal) progress = [&bar](int64_t done, int64_t total) { bar.update(done, total); };
  Result<indexer::ReindexStats> stats = indexer::reindex(dir, progress);
  if (terminal) bar.finish();
  if (!stats.is_ok()) return report_error(stats.status());
  std::printf("reindexed %lld assets into index.%d in %.1f s (%.0f assets/s)\n",
              static_cast<long long>(stats->documents), stats->generation, stats->seconds,
              stats->seconds > 0 ? static_cast<double>(stats->documents) / stats->seconds : 0.0);
  return kExitOk;
}

}  // namespace

void add_reindex_command(CLI::App& app, int& exit_code) {
  auto common = std::make_shared<CommonOptions>();
  CLI::App* command = app.add_subcommand(
      "reindex", "Rebuild the search index from the catalog database and swap it in atomically");
  add_common_options(*command, *common);
  command->callback([common, &exit_code] { exit_code = run_reindex(*common); });
}

}  // namespace datacat::server
