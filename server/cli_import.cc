// `datacat import FILE...` and `datacat delete URI...`.
#include <fstream>
#include <iostream>
#include <sstream>

#include "indexer/glue_import.h"
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
  // --format glue only (indexer/glue_import.h).
  bool prune = false;
  std::string catalog_id;
  std::string catalog_field;  // empty: import.glue_catalog_field of the configuration
  std::string owner;
};

// The text of `file` ("-": stdin); nullopt once an error is printed.
std::optional<std::string> read_text(const std::string& file) {
  std::stringstream text;
  if (file == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream input(file, std::ios::binary);
  if (!input) {
    report_error(Status::not_found("cannot open " + file));
    return std::nullopt;
  }
  text << input.rdbuf();
  return text.str();
}

// Reads Glue JSON files into `batch`, giving orphan tables a dataset and, with --prune,
// listing what to delete. False once an error is printed.
bool read_glue(const ImportArgs& args, const Config& config, indexer::AssetStore& store,
               indexer::ParsedBatch& batch, std::vector<std::string>& remove) {
  indexer::GlueOptions options;
  options.catalog_id = args.catalog_id;
  options.owner = args.owner;
  using Field = indexer::GlueOptions::CatalogField;
  const std::string& field =
      args.catalog_field.empty() ? config.import.glue_catalog_field : args.catalog_field;
  options.catalog_field = field == "organization" ? Field::kOrganization
                          : field == "none"       ? Field::kNone
                                                  : Field::kEnvironment;
  indexer::GlueBatch glue;
  for (const std::string& file : args.files) {
    std::optional<std::string> text = read_text(file);
    if (!text) return false;
    indexer::parse_glue(*text, file, options, glue);
  }
  if (Status s = indexer::complete_glue_batch(store, options, glue); !s.is_ok()) {
    report_error(s);
    return false;
  }
  if (args.prune && glue.batch.errors.empty()) {
    Result<std::vector<std::string>> doomed = indexer::glue_prune_list(store, glue);
    if (!doomed.is_ok()) {
      report_error(doomed.status());
      return false;
    }
    remove = std::move(doomed).value();
  }
  batch = std::move(glue.batch);
  return true;
}

int run_import(const ImportArgs& args) {
  std::optional<Config> config = resolve_config(args.common);
  if (!config) return kExitError;
  indexer::DataDir dir(config->data_dir);
  if (Status s = dir.ensure_exists(); !s.is_ok()) return report_error(s);
  Result<std::unique_ptr<indexer::AssetStore>> store =
      indexer::AssetStore::open(dir.catalog_path());
  if (!store.is_ok()) return report_error(store.status());
  bool glue = args.format == "glue";
  if (!glue && (args.prune || !args.catalog_id.empty() || !args.owner.empty()))
    return report_error(Status::invalid("--prune, --catalog-id and --owner need --format glue"));
  if (args.prune && args.best_effort)
    return report_error(Status::invalid("--prune needs an all-or-nothing import"));
  indexer::ParsedBatch batch;
  indexer::ImportOptions options;
  options.best_effort = args.best_effort;
  if (glue) {
    if (!read_glue(args, *config, **store, batch, options.remove)) return kExitError;
  } else {
    for (const std::string& file : args.files) {
      if (file == "-") {
        indexer::append_batch(batch, indexer::parse_ndjson(std::cin, "-"));
        continue;
      }
      std::ifstream input(file, std::ios::binary);
      if (!input) return report_error(Status::not_found("cannot open " + file));
      indexer::append_batch(batch, indexer::parse_ndjson(input, file));
    }
  }
  size_t lines = batch.assets.size() + batch.errors.size();
  Result<indexer::ImportReport> report = indexer::import_batch(**store, std::move(batch), options);
  if (!report.is_ok()) return report_error(report.status());
  for (const indexer::LineError& error : report->errors) std::cerr << error.to_string() << "\n";
  if (!report->written && !report->errors.empty()) {
    std::cerr << "datacat: nothing imported: " << report->errors.size() << " of " << lines
              << (glue ? " entries" : " lines")
              << " have errors (use --best-effort to load the good ones)\n";
    return kExitProblems;
  }
  if (Status s = catch_up_index(dir, **store, false); !s.is_ok()) return report_error(s);
  const indexer::WriteSummary& w = report->summary;
  std::cout << "imported " << (w.created + w.updated + w.unchanged) << " assets (" << w.created
            << " created, " << w.updated << " updated, " << w.unchanged << " unchanged)";
  if (w.deleted > 0) std::cout << "; pruned " << w.deleted << " assets";
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
  command
      ->add_option("--format", args->format,
                   "ndjson (default) or glue (aws glue get-databases / get-tables JSON)")
      ->check(CLI::IsMember({"ndjson", "glue"}));
  command->add_flag("--prune", args->prune,
                    "glue: delete tables (and datasets) of the imported databases (and catalogs) "
                    "that the files no longer list");
  command->add_option("--catalog-id", args->catalog_id,
                      "glue: catalog id for entries without a CatalogId");
  command
      ->add_option("--catalog-field", args->catalog_field,
                   "glue: where the catalog id goes: environment, organization or none (default: "
                   "config import.glue_catalog_field)")
      ->check(CLI::IsMember({"environment", "organization", "none"}));
  command->add_option("--owner", args->owner, "glue: owner team of the datasets");
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
