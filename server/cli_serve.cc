// `datacat serve`: the HTTP server, with the index writer applying changes in the background.
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <optional>

#include "server/app.h"
#include "server/cli_common.h"
#include "server/logging.h"

namespace datacat::server {
namespace {

struct ServeArgs {
  CommonOptions common;
  std::optional<std::string> listen;
  std::optional<int> port;
  std::optional<int> threads;
  std::optional<int> replication_port;
  std::optional<std::string> replica_of;
};

int run_serve(const ServeArgs& args) {
  std::optional<Config> config = resolve_config(args.common);
  if (!config) return kExitError;
  if (args.listen) config->server.listen = *args.listen;
  if (args.port) config->server.port = *args.port;
  if (args.threads) config->server.threads = *args.threads;
  if (args.replication_port) config->replication.port = *args.replication_port;
  if (args.replica_of) config->replication.replica_of = *args.replica_of;
  if (Status s = validate_config(*config); !s.is_ok()) return report_error(s);

  // Workers inherit this mask: only the main thread takes SIGINT/SIGTERM, in sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Result<std::unique_ptr<App>> app = App::open(*config);
  if (!app.is_ok()) return report_error(app.status());
  if (Status s = (*app)->start(); !s.is_ok()) return report_error(s);
  std::cout << "datacat listening on http://" << config->server.listen << ":" << (*app)->port()
            << std::endl;
  if (!config->replication.replica_of.empty())
    std::cout << "read replica of " << config->replication.replica_of << std::endl;
  if (config->replication.port != 0)
    std::cout << "serving replicas on port " << config->replication.port << std::endl;
  log_event("info", "listening",
            {{"listen", config->server.listen},
             {"port", (*app)->port()},
             {"threads", config->server.threads},
             {"data_dir", config->data_dir}});

  int signal_number = 0;
  sigwait(&signals, &signal_number);
  log_event("info", "stopping", {{"signal", signal_number}});
  Status stopped = (*app)->stop();
  if (!stopped.is_ok()) return report_error(stopped);
  log_event("info", "stopped");
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* command = app.add_subcommand("serve", "Serve the JSON API over HTTP");
  add_common_options(*command, args->common);
  command->add_option("--listen", args->listen,
                      "Address to listen on (default 127.0.0.1; config server.listen)");
  command->add_option("--port", args->port,
                      "Port (default 8080; 0 picks a free one; config server.port)");
  command->add_option("--threads", args->threads,
                      "Worker threads (default 32; config server.threads)");
  command->add_option("--replication-port", args->replication_port,
                      "Serve the index to read replicas on this port (config replication.port)");
  command->add_option("--replica-of", args->replica_of,
                      "Run as a read replica of the primary at http://HOST:PORT (config "
                      "replication.replica_of)");
  command->callback([args, &exit_code] { exit_code = run_serve(*args); });
}

}  // namespace datacat::server
