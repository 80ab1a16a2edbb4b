#include "server/config.h"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <functional>

namespace datacat::server {
namespace {

const char* env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

// One configuration key: its dotted path in the file, its environment variable, and how
// to read it from a TOML node or from text (the environment).
struct Key {
  const char* path;
  const char* env;
  std::function<Status(Config&, const toml::node&)> from_toml;
  std::function<Status(Config&, std::string_view)> from_text;
};

template <typename Get>
Key string_key(const char* path, const char* env_name, Get get) {
  return {path, env_name,
          [=](Config& c, const toml::node& node) {
            auto value = node.value<std::string>();
            if (!value || !node.is_string()) return Status::invalid("expected a string", path);
            get(c) = *value;
            return Status::ok();
          },
          [=](Config& c, std::string_view text) {
            get(c) = std::string(text);
            return Status::ok();
          }};
}

std::vector<std::string> split_list(std::string_view text);

// A list of strings: a TOML array, or a comma-separated environment variable.
template <typename Get>
Key list_key(const char* path, const char* env_name, Get get) {
  return {path, env_name,
          [=](Config& c, const toml::node& node) {
            const toml::array* array = node.as_array();
            if (array == nullptr) return Status::invalid("expected an array", path);
            get(c).clear();
            for (size_t i = 0; i < array->size(); ++i) {
              auto item = array->get(i)->value<std::string>();
              if (!item || !array->get(i)->is_string())
                return Status::invalid("expected a string",
                                       std::string(path) + "[" + std::to_string(i) + "]");
              get(c).push_back(*item);
            }
            return Status::ok();
          },
          [=](Config& c, std::string_view text) {
            get(c) = split_list(text);
            return Status::ok();
          }};
}

template <typename Get>
Key int_key(const char* path, const char* env_name, Get get) {
  using Int = std::remove_reference_t<decltype(get(std::declval<Config&>()))>;
  return {path, env_name,
          [=](Config& c, const toml::node& node) {
            auto value = node.value<int64_t>();
            if (!value || !node.is_integer()) return Status::invalid("expected an integer", path);
            get(c) = static_cast<Int>(*value);
            return Status::ok();
          },
          [=](Config& c, std::string_view text) {
            Int value = 0;
            auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (error != std::errc() || end != text.data() + text.size())
              return Status::invalid("expected an integer", env_name);
            get(c) = value;
            return Status::ok();
          }};
}

Status parse_switch(std::string_view text, std::optional<bool>& out, const char* name) {
  if (text == "true") {
    out = true;
  } else if (text == "false") {
    out = false;
  } else if (text == "auto") {
    out.reset();
  } else {
    return Status::invalid("expected true, false or auto", name);
  }
  return Status::ok();
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) items.emplace_back(item);
    start = end + 1;
  }
  return items;
}

const std::vector<Key>& keys() {
  static const std::vector<Key> kKeys = {
      string_key(
          "data_dir", "DATACAT_DATA_DIR", [](Config & c) -> auto& { return c.data_dir; }),
      string_key(
          "server.listen", "DATACAT_LISTEN", [](Config & c) -> auto& { return c.server.listen; }),
      int_key(
          "server.port", "DATACAT_PORT", [](Config & c) -> auto& { return c.server.port; }),
      int_key(
          "server.threads", "DATACAT_THREADS",
          [](Config & c) -> auto& { return c.server.threads; }),
      int_key(
          "server.max_body_bytes", "DATACAT_MAX_BODY_BYTES",
          [](Config & c) -> auto& { return c.server.max_body_bytes; }),
      int_key(
          "server.request_timeout_ms", "DATACAT_REQUEST_TIMEOUT_MS",
          [](Config & c) -> auto& { return c.server.request_timeout_ms; }),
      int_key(
          "server.max_connections", "DATACAT_MAX_CONNECTIONS",
          [](Config & c) -> auto& { return c.server.max_connections; }),
      int_key(
          "server.max_connections_per_address", "DATACAT_MAX_CONNECTIONS_PER_ADDRESS",
          [](Config & c) -> auto& { return c.server.max_connections_per_address; }),
      int_key(
          "server.request_head_timeout_ms", "DATACAT_REQUEST_HEAD_TIMEOUT_MS",
          [](Config & c) -> auto& { return c.server.request_head_timeout_ms; }),
      int_key(
          "server.request_body_timeout_ms", "DATACAT_REQUEST_BODY_TIMEOUT_MS",
          [](Config & c) -> auto& { return c.server.request_body_timeout_ms; }),
      int_key(
          "server.search_time_limit_ms", "DATACAT_SEARCH_TIME_LIMIT_MS",
          [](Config & c) -> auto& { return c.server.search_time_limit_ms; }),
      int_key(
          "server.readyz_max_outbox_lag", "DATACAT_READYZ_MAX_OUTBOX_LAG",
          [](Config & c) -> auto& { return c.server.readyz_max_outbox_lag; }),
      int_key(
          "server.search_cache_mb", "DATACAT_SEARCH_CACHE_MB",
          [](Config & c) -> auto& { return c.server.search_cache_mb; }),
      int_key(
          "server.term_cache_mb", "DATACAT_TERM_CACHE_MB",
          [](Config & c) -> auto& { return c.server.term_cache_mb; }),
      string_key(
          "server.access_log", "DATACAT_ACCESS_LOG",
          [](Config & c) -> auto& { return c.server.access_log; }),
      list_key(
          "server.allowed_origins", "DATACAT_ALLOWED_ORIGINS",
          [](Config & c) -> auto& { return c.server.allowed_origins; }),
      int_key(
          "replication.port", "DATACAT_REPLICATION_PORT",
          [](Config & c) -> auto& { return c.replication.port; }),
      string_key(
          "replication.replica_of", "DATACAT_REPLICA_OF",
          [](Config & c) -> auto& { return c.replication.replica_of; }),
      {"auth.anonymous_read", "DATACAT_ANONYMOUS_READ",
       [](Config& c, const toml::node& node) {
         if (auto flag = node.value<bool>(); flag && node.is_boolean()) {
           c.auth.anonymous_read = *flag;
           return Status::ok();
         }
         auto text = node.value<std::string>();
         if (!text || !node.is_string())
           return Status::invalid("expected true, false or \"auto\"", "auth.anonymous_read");
         return parse_switch(*text, c.auth.anonymous_read, "auth.anonymous_read");
       },
       [](Config& c, std::string_view text) {
         return parse_switch(text, c.auth.anonymous_read, "DATACAT_ANONYMOUS_READ");
       }},
      string_key(
          "auth.admin_group", "DATACAT_ADMIN_GROUP",
          [](Config & c) -> auto& { return c.auth.admin_group; }),
      string_key(
          "auth.glossary_manager_group", "DATACAT_GLOSSARY_MANAGER_GROUP",
          [](Config & c) -> auto& { return c.auth.glossary_manager_group; }),
      list_key(
          "auth.trusted_proxies", "DATACAT_TRUSTED_PROXIES",
          [](Config & c) -> auto& { return c.auth.trusted_proxies; }),
      string_key(
          "auth.user_header", "DATACAT_USER_HEADER",
          [](Config & c) -> auto& { return c.auth.user_header; }),
      string_key(
          "auth.groups_header", "DATACAT_GROUPS_HEADER",
          [](Config & c) -> auto& { return c.auth.groups_header; }),
      string_key(
          "import.glue_catalog_field", "DATACAT_GLUE_CATALOG_FIELD",
          [](Config & c) -> auto& { return c.import.glue_catalog_field; }),
  };
  return kKeys;
}

const Key* key_named(std::string_view path) {
  for (const Key& key : keys())
    if (path == key.path) return &key;
  return nullptr;
}

Status load_file(const std::string& path, Config& config) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::invalid(
        std::string(e.description()) + " at line " + std::to_string(e.source().begin.line), path);
  }
  for (const auto& [name, node] : table) {
    std::string top(name.str());
    if (const toml::table* section = node.as_table()) {
      for (const auto& [inner, value] : *section) {
        std::string dotted = top + "." + std::string(inner.str());
        const Key* key = key_named(dotted);
        if (key == nullptr) return Status::invalid("unknown configuration key", dotted);
        if (Status s = key->from_toml(config, value); !s.is_ok()) return s;
      }
      continue;
    }
    const Key* key = key_named(top);
    if (key == nullptr) return Status::invalid("unknown configuration key", top);
    if (Status s = key->from_toml(config, node); !s.is_ok()) return s;
  }
  return Status::ok();
}

}  // namespace

Result<Config> load_config(const std::string& file) {
  Config config;
  std::string path = file;
  if (path.empty() && env("DATACAT_CONFIG") != nullptr) path = env("DATACAT_CONFIG");
  if (!path.empty()) {
    if (Status s = load_file(path, config); !s.is_ok()) return s;
  }
  for (const Key& key : keys()) {
    if (const char* value = env(key.env)) {
      if (Status s = key.from_text(config, value); !s.is_ok()) return s;
    }
  }
  if (Status s = validate_config(config); !s.is_ok()) return s;
  return config;
}

Status validate_config(const Config& config) {
  const ServerConfig& s = config.server;
  const std::string& field = config.import.glue_catalog_field;
  if (field != "environment" && field != "organization" && field != "none")
    return Status::invalid("expected environment, organization or none",
                           "import.glue_catalog_field");
  if (config.data_dir.empty()) return Status::invalid("must not be empty", "data_dir");
  if (s.port < 0 || s.port > 65535) return Status::invalid("expected 0 to 65535", "server.port");
  if (s.threads < 1 || s.threads > 256)
    return Status::invalid("expected 1 to 256", "server.threads");
  if (s.max_body_bytes < 1024 || s.max_body_bytes > (1ll << 32))
    return Status::invalid("expected 1024 to 4294967296", "server.max_body_bytes");
  if (s.request_timeout_ms < 100)
    return Status::invalid("expected at least 100", "server.request_timeout_ms");
  if (s.max_connections < 1 || s.max_connections > 1000000)
    return Status::invalid("expected 1 to 1000000", "server.max_connections");
  if (s.max_connections_per_address < 1 || s.max_connections_per_address > s.max_connections)
    return Status::invalid("expected 1 to server.max_connections",
                           "server.max_connections_per_address");
  if (s.request_head_timeout_ms < 100 || s.request_head_timeout_ms > 3600000)
    return Status::invalid("expected 100 to 3600000", "server.request_head_timeout_ms");
  if (s.request_body_timeout_ms < 100 || s.request_body_timeout_ms > 86400000)
    return Status::invalid("expected 100 to 86400000", "server.request_body_timeout_ms");
  if (s.search_time_limit_ms < 0)
    return Status::invalid("expected 0 (no limit) or more", "server.search_time_limit_ms");
  if (s.readyz_max_outbox_lag < 0)
    return Status::invalid("expected 0 or more", "server.readyz_max_outbox_lag");
  if (s.search_cache_mb < 0 || s.search_cache_mb > 65536)
    return Status::invalid("expected 0 to 65536", "server.search_cache_mb");
  if (s.term_cache_mb < 0 || s.term_cache_mb > 1048576)
    return Status::invalid("expected 0 to 1048576", "server.term_cache_mb");
  if (config.replication.port < 0 || config.replication.port > 65535)
    return Status::invalid("expected 0 to 65535", "replication.port");
  if (config.replication.port != 0 && !config.replication.replica_of.empty())
    return Status::invalid(
        "a replica cannot serve replicas itself: set replication.port or "
        "replication.replica_of, not both",
        "replication.port");
  if (!config.replication.replica_of.empty() &&
      config.replication.replica_of.rfind("http://", 0) != 0)
    return Status::invalid("expected the primary's address as http://host:port",
                           "replication.replica_of");
  for (size_t i = 0; i < s.allowed_origins.size(); ++i) {
    const std::string& origin = s.allowed_origins[i];
    size_t scheme = origin.find("://");
    if (scheme == std::string::npos || scheme == 0 || scheme + 3 >= origin.size() ||
        origin.find('/', scheme + 3) != std::string::npos)
      return Status::invalid("expected an origin such as https://portal.example.com",
                             "server.allowed_origins[" + std::to_string(i) + "]");
  }
  if (config.auth.admin_group.empty())
    return Status::invalid("must not be empty", "auth.admin_group");
  return Status::ok();
}

}  // namespace datacat::server
