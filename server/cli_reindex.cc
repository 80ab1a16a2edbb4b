// `datacat reindex`: rebuild the index from SQLite and swap it in.
#include <cstdio>

#include "indexer/reindex.h"
#include "server/cli_common.h"

namespace datacat::server {
namespace {

int run_reindex(const CommonOptions& common) {
  std::optional<Config> config = resolve_config(common);
  if (!config) return kExitError;
  indexer::DataDir dir(config->data_dir);
  ProgressBar bar;
  indexer::ProgressFn progress = bar.on_terminal();
  Result<indexer::ReindexStats> stats = indexer::reindex(dir, progress);
  if (progress) bar.finish();
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
