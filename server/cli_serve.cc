// `datacat serve`: the HTTP server, with the index writer applying changes in the background.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "indexer/index_writer.h"
#include "server/cli_common.h"
#include "server/http_server.h"
#include "server/routes.h"

namespace datacat::server {
namespace {

struct ServeArgs {
  CommonOptions common;
  HttpOptions http;
};

constexpr auto kWriterInterval = std::chrono::milliseconds(200);

int run_serve(ServeArgs args) {
  std::optional<Config> config = resolve_config(args.common);
  if (!config) return kExitError;
  indexer::DataDir dir(config->data_dir);
  if (Status s = dir.ensure_exists(); !s.is_ok()) return report_error(s);
  Result<std::unique_ptr<indexer::AssetStore>> store =
      indexer::AssetStore::open(dir.catalog_path());
  if (!store.is_ok()) return report_error(store.status());
  Result<std::unique_ptr<indexer::IndexWriter>> writer = indexer::IndexWriter::open(dir);
  if (!writer.is_ok()) return report_error(writer.status());
  if (auto caught = (*writer)->catch_up(**store); !caught.is_ok())
    return report_error(caught.status());

  // Workers inherit this mask: only the main thread takes SIGINT/SIGTERM, in sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Router router = make_routes(dir);
  HttpServer server(args.http, router);
  if (Status s = server.start(); !s.is_ok()) return report_error(s);
  std::cout << "datacat listening on http://" << args.http.listen << ":" << server.port()
            << std::endl;

  // The single index writer: applies outbox rows (e.g. from `datacat import`) as they come.
  std::atomic<bool> stopping{false};
  std::thread indexing([&] {
    while (!stopping) {
      if (auto caught = (*writer)->catch_up(**store); !caught.is_ok()) {
        std::cerr << "datacat: index writer: " << caught.status().to_string() << "\n";
      }
      std::this_thread::sleep_for(kWriterInterval);
    }
  });
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::cout << "datacat: stopping (signal " << signal_number << ")" << std::endl;
  server.stop();  // finishes in-flight requests
  stopping = true;
  indexing.join();
  if (auto caught = (*writer)->catch_up(**store); !caught.is_ok())
    return report_error(caught.status());
  return kExitOk;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* command = app.add_subcommand("serve", "Serve the JSON API over HTTP");
  add_common_options(*command, args->common);
  command->add_option("--listen", args->http.listen, "Address to listen on (default 127.0.0.1)");
  command->add_option("--port", args->http.port, "Port (default 8080; 0 picks a free one)");
  command->add_option("--threads", args->http.threads, "Worker threads (default 8)");
  command->callback([args, &exit_code] { exit_code = run_serve(*args); });
}

}  // namespace datacat::server
