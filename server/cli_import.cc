// `datacat import FILE...` and `datacat delete URI...`.
#include <fstream>
#include <iostream>

#include "indexer/importer.h"
#include "indexer/ndjson.h"
#include "server/cli_common.h"

namespace datacat::server {
namespace {

struct ImportArgs {
  CommonOptions common;
  std::vector<std::string> files;
  bool best_effort = false;
  std::string format = "ndjson";
};

int run_import(const ImportArgs& args) {
  std::optional<Config> config = resolve_config(args.common);
  if (!config) return kExitError;
  indexer::DataDir dir(config->data_dir);
  if (Status s = dir.ensure_exists(); !s.is_ok()) return report_error(s);
  indexer::ParsedBatch batch;
  for (const std::string& file : args.files) {
    if (file == "-") {
      indexer::append_batch(batch, indexer::parse_ndjson(std::cin, "-"));
      continue;
    }
    std::ifstream input(file, std::ios::binary);
    if (!input) return report_error(Status::not_found("cannot open " + file));
    indexer::append_batch(batch, indexer::parse_ndjson(input, file));
  }
  Result<std::unique_ptr<indexer::AssetStore>> store =
      indexer::AssetStore::open(dir.catalog_path());
  if (!store.is_ok()) return report_error(store.status());
  size_t lines = batch.assets.size() + batch.errors.size();
  indexer::ImportOptions options;
  options.best_effort = args.best_effort;
  Result<indexer::ImportReport> report = indexer::import_batch(**store, std::move(batch), options);
  if (!report.is_ok()) return report_error(report.status());
  for (const indexer::LineError& error : report->errors) std::cerr << error.to_string() << "\n";
  if (!report->written && !report->errors.empty()) {
    std::cerr << "datacat: nothing imported: " << report->errors.size() << " of " << lines
              << " lines have errors (use --best-effort to load the good lines)\n";
    return kExitProblems;
  }
  if (Status s = catch_up_index(dir, **store, false); !s.is_ok()) return report_error(s);
  const indexer::WriteSummary& w = report->summary;
  std::cout << "imported " << (w.created + w.updated + w.unchanged) << " assets (" << w.created
            << " created, " << w.updated << " updated, " << w.unchanged << " unchanged)";
  if (!report->errors.empty()) std::cout << "; skipped " << report->errors.size() << " bad lines";
  std::cout << "\n";
  return report->errors.empty() ? kExitOk : kExitProblems;
}

int run_delete(const CommonOptions& common, const std::vector<std::string>& uris) {
  std::optional<Config> config = resolve_config(common);
  if (!config) return kExitError;
  indexer::DataDir dir(config->data_dir);
  Result<std::unique_ptr<indexer::AssetStore>> store =
      indexer::AssetStore::open(dir.catalog_path());
  if (!store.is_ok()) return report_error(store.status());
  Result<indexer::WriteSummary> summary = (*store)->remove(uris);
  if (!summary.is_ok()) return report_error(summary.status());
  if (Status s = catch_up_index(dir, **store, false); !s.is_ok()) return report_error(s);
  std::cout << "deleted " << summary->deleted << " assets\n";
  return kExitOk;
}

}  // namespace

void add_import_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ImportArgs>();
  CLI::App* command = app.add_subcommand("import", "Load assets from NDJSON files (- for stdin)");
  add_common_options(*command, args->common);
  command->add_option("files", args->files, "NDJSON files, one asset per line")->required();
  command->add_flag("--best-effort", args->best_effort,
                    "Load the good lines even when some are bad");
  command->add_option("--format", args->format, "Input format")->check(CLI::IsMember({"ndjson"}));
  command->callback([args, &exit_code] { exit_code = run_import(*args); });
}

void add_delete_command(CLI::App& app, int& exit_code) {
  auto common = std::make_shared<CommonOptions>();
  auto uris = std::make_shared<std::vector<std::string>>();
  CLI::App* command = app.add_subcommand(
      "delete", "Delete assets by uri (a dataset takes its tables and folders with it)");
  add_common_options(*command, *common);
  command->add_option("uris", *uris, "Asset uris")->required();
  command->callback([common, uris, &exit_code] { exit_code = run_delete(*common, *uris); });
}

}  // namespace datacat::server
