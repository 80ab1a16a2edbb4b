// datacat: one binary, one subcommand per task. main only wires the modules together.
#include <CLI/CLI.hpp>
#include <iostream>

#include "server/cli_common.h"

int main(int argc, char** argv) {
  CLI::App app{"datacat: search and metadata-indexing server for a data lake's catalog"};
  app.require_subcommand(1);
  int exit_code = datacat::server::kExitOk;
  datacat::server::add_import_command(app, exit_code);
  datacat::server::add_delete_command(app, exit_code);
  datacat::server::add_search_command(app, exit_code);
  datacat::server::add_reindex_command(app, exit_code);
  datacat::server::add_check_command(app, exit_code);
  datacat::server::add_serve_command(app, exit_code);
  datacat::server::add_token_command(app, exit_code);
  datacat::server::add_glossary_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : datacat::server::kExitError;
  } catch (const std::exception& e) {  // a fault no module turned into a Status
    std::cerr << "datacat: error: " << e.what() << "\n";
    return datacat::server::kExitError;
  }
  return exit_code;
}
