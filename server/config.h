// datacat's configuration: an immutable struct loaded in layers — built-in defaults, then
// the TOML file (--config, else $DATACAT_CONFIG), then DATACAT_* environment variables,
// then command-line flags (applied by the caller). config/datacat.toml documents each key;
// docs/operations.md lists the environment variables.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "indexer/status.h"

namespace datacat::server {

// [server]: the HTTP listener and its limits.
struct ServerConfig {
  std::string listen = "127.0.0.1";     // DATACAT_LISTEN, --listen
  int port = 8080;                      // DATACAT_PORT, --port (0: any free port)
  int threads = 32;                     // DATACAT_THREADS, --threads
  int64_t max_body_bytes = 16ll << 20;  // DATACAT_MAX_BODY_BYTES (413 beyond it)
  int request_timeout_ms = 30000;       // DATACAT_REQUEST_TIMEOUT_MS (socket reads/writes)
  // Slow clients (docs/operations.md): open connections in all and per client address,
  // and how long a whole request head (from its first byte) and body (from the end of
  // its head) may take to arrive.
  int max_connections = 1024;             // DATACAT_MAX_CONNECTIONS
  int max_connections_per_address = 128;  // DATACAT_MAX_CONNECTIONS_PER_ADDRESS
  int request_head_timeout_ms = 10000;    // DATACAT_REQUEST_HEAD_TIMEOUT_MS
  int request_body_timeout_ms = 30000;    // DATACAT_REQUEST_BODY_TIMEOUT_MS
  int search_time_limit_ms = 2000;        // DATACAT_SEARCH_TIME_LIMIT_MS (ranking gives up)
  int64_t readyz_max_outbox_lag = 10000;  // DATACAT_READYZ_MAX_OUTBOX_LAG
  int64_t search_cache_mb = 64;           // DATACAT_SEARCH_CACHE_MB (0: no result cache)
  int64_t term_cache_mb = 1024;           // DATACAT_TERM_CACHE_MB, shared by the threads
  std::string access_log = "-";           // DATACAT_ACCESS_LOG: "-" stdout, a path, "" off
  // Origins ("https://portal.example.com") besides the server's own whose pages may call
  // the API: they get CORS answers, and their writes pass the cross-site check.
  std::vector<std::string> allowed_origins;  // DATACAT_ALLOWED_ORIGINS=a,b
};

// [auth]: who may read and write.
struct AuthConfig {
  // true, false, or unset ("auto"): on when the server listens on a loopback address.
  std::optional<bool> anonymous_read;            // DATACAT_ANONYMOUS_READ=true|false|auto
  std::string admin_group = "DAAdministrators";  // DATACAT_ADMIN_GROUP
  // Members may create glossaries (admins may too).
  std::string glossary_manager_group = "DAGlossaryManagers";  // DATACAT_GLOSSARY_MANAGER_GROUP
  // Addresses whose SSO headers are believed; empty: SSO headers are ignored.
  std::vector<std::string> trusted_proxies;          // DATACAT_TRUSTED_PROXIES=a,b
  std::string user_header = "X-Forwarded-User";      // DATACAT_USER_HEADER
  std::string groups_header = "X-Forwarded-Groups";  // DATACAT_GROUPS_HEADER (comma list)
};

// [import]: defaults of `datacat import` and POST /api/v1/assets:bulk.
struct ImportConfig {
  // Where a Glue catalog id goes: "environment", "organization" or "none" (docs/import.md).
  std::string glue_catalog_field = "environment";  // DATACAT_GLUE_CATALOG_FIELD
};

// [replication]: read replicas (docs/scaling.md). At most one of the two is set.
struct ReplicationConfig {
  // A primary: serve the index to replicas on this port (0: off).
  int port = 0;  // DATACAT_REPLICATION_PORT, --replication-port
  // A read replica of the primary at this address (http://host:port of its API).
  std::string replica_of;  // DATACAT_REPLICA_OF, --replica-of
};

struct Config {
  std::string data_dir = "data";  // DATACAT_DATA_DIR, --data-dir
  ServerConfig server;
  AuthConfig auth;
  ImportConfig import;
  ReplicationConfig replication;
};

// Defaults <- file (when `file` is non-empty, or $DATACAT_CONFIG is set) <- environment.
// kInvalidArgument naming the key (e.g. "server.port", or the environment variable) for
// a malformed file, an unknown key, a wrong type or a value out of range.
Result<Config> load_config(const std::string& file);

// Range checks shared by every layer (flags included): kInvalidArgument naming the key.
Status validate_config(const Config& config);

}  // namespace datacat::server
