#include "server/config.h"

#include <toml++/toml.h>

#include <cstdlib>

namespace datacat::server {
namespace {

const char* env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

}  // namespace

Result<Config> load_config(const std::string& file) {
  Config config;
  std::string path = file;
  if (path.empty() && env("DATACAT_CONFIG") != nullptr) path = env("DATACAT_CONFIG");
  if (!path.empty()) {
    toml::table table;
    try {
      table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      return Status::invalid(
          std::string(e.description()) + " at line " + std::to_string(e.source().begin.line), path);
    }
    for (const auto& [key, value] : table) {
      if (key.str() != "data_dir")
        return Status::invalid("unknown configuration key", std::string(key.str()));
    }
    if (auto node = table["data_dir"]) {
      auto value = node.value<std::string>();
      if (!value) return Status::invalid("expected a string", "data_dir");
      config.data_dir = *value;
    }
  }
  if (const char* value = env("DATACAT_DATA_DIR")) config.data_dir = value;
  return config;
}

}  // namespace datacat::server
