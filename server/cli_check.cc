// `datacat check`: report every difference between the catalog database and the index.
#include <iostream>

#include "indexer/searcher.h"
#include "server/cli_common.h"

namespace datacat::server {
namespace {

using Versions = std::vector<std::pair<std::string, int64_t>>;

// Prints each difference between the two sorted lists; returns how many.
int64_t compare(const Versions& store, const Versions& index) {
  int64_t differences = 0;
  size_t i = 0;
  size_t j = 0;
  while (i < store.size() || j < index.size()) {
    if (j == index.size() || (i < store.size() && store[i].first < index[j].first)) {
      std::cout << "missing from index: " << store[i++].first << "\n";
    } else if (i == store.size() || index[j].first < store[i].first) {
      std::cout << "not in catalog but indexed: " << index[j++].first << "\n";
    } else {
      if (index[j].second < 0) {
        std::cout << "indexed " << -index[j].second << " times: " << index[j].first << "\n";
      } else if (store[i].second != index[j].second) {
        std::cout << "stale: " << store[i].first << " is version " << store[i].second
                  << " in the catalog, " << index[j].second << " in the index\n";
      } else {
        ++i;
        ++j;
        continue;
      }
      ++i;
      ++j;
    }
    ++differences;
  }
  return differences;
}

int run_check(const CommonOptions& common) {
  std::optional<Config> config = resolve_config(common);
  if (!config) return kExitError;
  indexer::DataDir dir(config->data_dir);
  Result<std::unique_ptr<indexer::AssetStore>> store =
      indexer::AssetStore::open(dir.catalog_path());
  if (!store.is_ok()) return report_error(store.status());
  Result<std::unique_ptr<indexer::Searcher>> searcher = indexer::Searcher::open(dir);
  if (!searcher.is_ok()) return report_error(searcher.status());
  Result<Versions> stored = (*store)->versions();
  if (!stored.is_ok()) return report_error(stored.status());
  Result<Versions> indexed = (*searcher)->versions();
  if (!indexed.is_ok()) return report_error(indexed.status());
  int64_t differences = compare(*stored, *indexed);
  Result<int64_t> last_seq = (*store)->last_outbox_seq();
  if (!last_seq.is_ok()) return report_error(last_seq.status());
  int64_t lag = *last_seq - (*searcher)->applied_seq();
  if (lag > 0) {
    std::cout << "index is " << lag << " outbox entries behind the catalog\n";
    ++differences;
  }
  std::cout << stored->size() << " assets in the catalog, " << indexed->size() << " in the index: "
            << (differences == 0 ? "no differences" : std::to_string(differences) + " differences")
            << "\n";
  return differences == 0 ? kExitOk : kExitProblems;
}

}  // namespace

void add_check_command(CLI::App& app, int& exit_code) {
  auto common = std::make_shared<CommonOptions>();
  CLI::App* command = app.add_subcommand("check", "Compare the catalog database with the index");
  add_common_options(*command, *common);
  command->callback([common, &exit_code] { exit_code = run_check(*common); });
}

}  // namespace datacat::server
