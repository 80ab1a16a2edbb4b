// datacat's configuration: an immutable struct loaded in layers — built-in defaults, then
// the TOML file (--config, else $DATACAT_CONFIG), then DATACAT_* environment variables,
// then command-line flags (applied by the caller). config/datacat.toml documents each key.
#pragma once

#include <string>

#include "indexer/status.h"

namespace datacat::server {

struct Config {
  std::string data_dir = "data";  // DATACAT_DATA_DIR
};

// Defaults <- file (when `file` is non-empty, or $DATACAT_CONFIG is set) <- environment.
// kInvalidArgument naming the key for a malformed file or value.
Result<Config> load_config(const std::string& file);

}  // namespace datacat::server
