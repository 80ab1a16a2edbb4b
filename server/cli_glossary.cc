// `datacat glossary export|import`: a glossary as JSON or CSV (glossary/glossary_transfer.h),
// written straight to the catalog of the data directory. The CLI runs as the operator:
// no group checks.
#include <fstream>
#include <iostream>
#include <sstream>

#include "glossary/glossary_store.h"
#include "server/cli_common.h"

namespace datacat::server {
namespace {

using glossary::GlossaryDocument;
using glossary::GlossaryStore;

struct ExportArgs {
  CommonOptions common;
  std::string glossary;  // id or label
  std::string format = "json";
  std::string output = "-";
};

struct ImportArgs {
  CommonOptions common;
  std::string file;
  std::string format;  // empty: from the file name (.csv), else json
  bool merge = false;
  std::optional<std::string> label, owner, description;
};

// The glossary named by id or label (ignoring ASCII case).
Result<int64_t> find_glossary(GlossaryStore& store, const std::string& name) {
  Result<std::vector<glossary::Node>> all = store.glossaries();
  if (!all.is_ok()) return all.status();
  for (const glossary::Node& node : *all) {
    if (std::to_string(node.id) == name || glossary::equal_ignoring_case(node.label, name))
      return node.id;
  }
  return Status::not_found("no glossary with id or label \"" + name + "\"");
}

Result<std::unique_ptr<GlossaryStore>> open_store(const CommonOptions& common,
                                                  std::optional<indexer::DataDir>& dir) {
  std::optional<Config> config = resolve_config(common);
  if (!config) return Status::invalid("bad configuration");
  dir.emplace(config->data_dir);
  if (Status s = dir->ensure_exists(); !s.is_ok()) return s;
  return GlossaryStore::open(dir->catalog_path());
}

int run_export(const ExportArgs& args) {
  std::optional<indexer::DataDir> dir;
  Result<std::unique_ptr<GlossaryStore>> store = open_store(args.common, dir);
  if (!store.is_ok()) return dir ? report_error(store.status()) : kExitError;
  Result<int64_t> id = find_glossary(**store, args.glossary);
  if (!id.is_ok()) return report_error(id.status());
  Result<GlossaryDocument> document = (*store)->export_glossary(*id);
  if (!document.is_ok()) return report_error(document.status());
  std::string text =
      args.format == "csv" ? glossary::to_csv(*document) : glossary::to_json_text(*document);
  if (args.output == "-") {
    std::cout << text;
    return kExitOk;
  }
  std::ofstream out(args.output, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) return report_error(Status::internal("cannot write " + args.output));
  return kExitOk;
}

int run_import(const ImportArgs& args) {
  std::stringstream text;
  if (args.file == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream input(args.file, std::ios::binary);
    if (!input) return report_error(Status::not_found("cannot open " + args.file));
    text << input.rdbuf();
  }
  bool csv = args.format.empty() ? args.file.ends_with(".csv") : args.format == "csv";
  Result<GlossaryDocument> document =
      csv ? glossary::parse_csv_document(text.str()) : glossary::parse_json_document(text.str());
  if (!document.is_ok()) return report_error(document.status());
  if (args.label) document->label = *args.label;
  if (args.owner) document->owner = *args.owner;
  if (args.description) document->description = *args.description;
  std::optional<indexer::DataDir> dir;
  Result<std::unique_ptr<GlossaryStore>> store = open_store(args.common, dir);
  if (!store.is_ok()) return dir ? report_error(store.status()) : kExitError;
  if (args.merge && document->owner.empty()) {
    // Merging into an existing glossary keeps its owner; the document need not name it.
    if (Result<int64_t> id = find_glossary(**store, document->label); id.is_ok())
      document->owner = (*store)->get(*id).value().owner;
  }
  auto mode = args.merge ? GlossaryStore::ImportMode::kMerge : GlossaryStore::ImportMode::kCreate;
  Result<GlossaryStore::ImportSummary> summary = (*store)->import_glossary(*document, mode);
  if (!summary.is_ok()) return report_error(summary.status());
  Result<std::unique_ptr<indexer::AssetStore>> assets =
      indexer::AssetStore::open(dir->catalog_path());
  if (!assets.is_ok()) return report_error(assets.status());
  if (Status s = catch_up_index(*dir, **assets, false); !s.is_ok()) return report_error(s);
  std::cout << "imported glossary " << summary->glossary.id << " \"" << summary->glossary.label
            << "\": " << summary->created << " created, " << summary->updated << " updated, "
            << summary->unchanged << " unchanged\n";
  return kExitOk;
}

}  // namespace

void add_glossary_command(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand("glossary", "Export or import a whole glossary");
  command->require_subcommand(1);

  auto exports = std::make_shared<ExportArgs>();
  CLI::App* export_command =
      command->add_subcommand("export", "Print a glossary as JSON or CSV (-o to write a file)");
  add_common_options(*export_command, exports->common);
  export_command->add_option("glossary", exports->glossary, "Glossary id or label")->required();
  export_command->add_option("--format", exports->format, "json (default) or csv")
      ->check(CLI::IsMember({"json", "csv"}));
  export_command->add_option("-o,--output", exports->output, "Output file (- for stdout)");
  export_command->callback([exports, &exit_code] { exit_code = run_export(*exports); });

  auto imports = std::make_shared<ImportArgs>();
  CLI::App* import_command = command->add_subcommand(
      "import", "Create a glossary from JSON or CSV (--merge to update an existing one)");
  add_common_options(*import_command, imports->common);
  import_command->add_option("file", imports->file, "Document file (- for stdin)")->required();
  import_command->add_option("--format", imports->format, "json or csv (default: by extension)")
      ->check(CLI::IsMember({"json", "csv"}));
  import_command->add_flag("--merge", imports->merge,
                           "Update the glossary with this label instead of failing");
  import_command->add_option("--label", imports->label, "Glossary label (CSV: required)");
  import_command->add_option("--owner", imports->owner, "Owner team (CSV: required to create)");
  import_command->add_option("--description", imports->description, "Glossary description");
  import_command->callback([imports, &exit_code] { exit_code = run_import(*imports); });
}

}  // namespace datacat::server
