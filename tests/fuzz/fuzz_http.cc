// Feeds raw HTTP request bytes to the server's front handler, App::handle (server/app.h):
// web page files, authentication (bearer tokens, trusted SSO headers, anonymous read),
// then the route table and every handler. The bytes are split here, tolerantly, as
// civetweb would hand them over: request line "METHOD TARGET [VERSION]" (the raw path and
// the query string, split at '?'), "Name: value" header lines up to an empty line, and the
// rest as the body. The peer is 127.0.0.1, a trusted proxy, so SSO headers count.
//
// LLVMFuzzerInitialize builds one App over a temporary data directory: the sample catalog,
// a glossary "Finance" (id 1) with a category (2), a term (3) and a pending link (1) to
// datacat://table/sales_dw/orders, and three tokens. A header value containing @ADMIN@,
// @OWNER@ (olga, sales-analytics) or @GLOSSARY@ (gina, finance-platform and
// DAGlossaryManagers) gets that token's secret in its place, so seeds can write.
// Writes persist between inputs (the catalog grows during a run) and the index writer runs
// on its own thread, so a crash that needs earlier inputs' writes may not replay alone.
//
// Checks, beyond not crashing or throwing: no 500 (nothing here fails on its own, so an
// internal error is a bug), a status in 1xx-5xx, a JSON response's body is JSON, and a
// write with ?sync=true is indexed (X-Datacat-Indexed: true).
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "glossary/glossary_store.h"
#include "server/app.h"
#include "server/token_store.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using datacat::fuzz::fail;
using datacat::server::Request;
using datacat::server::Response;

std::unique_ptr<datacat::server::App> app;
std::vector<std::pair<std::string, std::string>> tokens;  // placeholder -> secret

std::string token(datacat::server::TokenStore& store, const std::string& user,
                  const std::vector<std::string>& groups, bool admin) {
  auto created = store.create(user, groups, admin, "fuzz");
  if (!created.is_ok()) fail(created.status().to_string());
  return created->secret;
}

void add_glossary(const std::string& catalog) {
  using datacat::glossary::NodeKind;
  auto store = datacat::glossary::GlossaryStore::open(catalog);
  if (!store.is_ok()) fail(store.status().to_string());
  auto glossary = (*store)->create_glossary("Finance", "Money words", "finance-platform");
  if (!glossary.is_ok()) fail(glossary.status().to_string());
  auto category = (*store)->add_node(glossary->id, NodeKind::kCategory, "Revenue", "", {});
  if (!category.is_ok()) fail(category.status().to_string());
  auto term = (*store)->add_node(category->id, NodeKind::kTerm, "Net revenue",
                                 "Sales after returns", {"net sales"});
  if (!term.is_ok()) fail(term.status().to_string());
  auto link = (*store)->propose(term->id, "datacat://table/sales_dw/orders", "olga");
  if (!link.is_ok()) fail(link.status().to_string());
}

std::string_view next_line(std::string_view& text) {
  size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

std::string trim(std::string_view text) {
  size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  return std::string(text.substr(start, text.find_last_not_of(" \t") - start + 1));
}

std::string with_tokens(std::string value) {
  for (const auto& [placeholder, secret] : tokens) {
    for (size_t at = value.find(placeholder); at != std::string::npos;
         at = value.find(placeholder, at + secret.size())) {
      value.replace(at, placeholder.size(), secret);
    }
  }
  return value;
}

// The request civetweb would pass on, or false when it would not get that far.
bool parse_request(std::string_view text, Request& request) {
  std::string_view line = next_line(text);
  size_t space = line.find(' ');
  if (space == 0 || space == std::string_view::npos) return false;
  request.method = std::string(line.substr(0, space));
  std::string_view target = line.substr(space + 1);
  target = target.substr(0, target.find(' '));
  if (target.empty() || target.front() != '/') return false;
  size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query_string = target.substr(question + 1);
  while (!text.empty()) {
    std::string_view header = next_line(text);
    if (header.empty()) break;
    size_t colon = header.find(':');
    if (colon == 0 || colon == std::string_view::npos) continue;
    std::string name(header.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers[name] = with_tokens(trim(header.substr(colon + 1)));
  }
  request.body = std::string(text);
  request.remote_addr = "127.0.0.1";
  request.route = "unmatched";
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const std::string& root = datacat::fuzz::temp_dir("http");
  datacat::indexer::DataDir dir(root);
  datacat::fuzz::load_ndjson(
      dir, datacat::fuzz::read_file(datacat::fuzz::source_path("config/sample/catalog.ndjson")));
  add_glossary(dir.catalog_path());
  {
    auto store = datacat::server::TokenStore::open(dir.catalog_path());
    if (!store.is_ok()) fail(store.status().to_string());
    tokens = {
        {"@ADMIN@", token(**store, "root", {}, true)},
        {"@OWNER@", token(**store, "olga", {"sales-analytics"}, false)},
        {"@GLOSSARY@", token(**store, "gina", {"finance-platform", "DAGlossaryManagers"}, false)}};
  }
  datacat::server::Config config;
  config.data_dir = root;
  config.server.port = 0;
  config.server.threads = 1;
  config.server.access_log = "";
  config.server.search_cache_mb = 8;
  config.server.term_cache_mb = 64;
  config.auth.trusted_proxies = {"127.0.0.1"};
  auto opened = datacat::server::App::open(config);
  if (!opened.is_ok()) fail(opened.status().to_string());
  app = std::move(opened).value();
  // Runs the index writer (for ?sync=true); the listener is idle on a loopback port.
  if (datacat::Status s = app->start(); !s.is_ok()) fail(s.to_string());
  std::atexit([] { app.reset(); });
  return 0;
}

namespace {

int test_one_input(const uint8_t* data, size_t size) {
  Request request;
  if (!parse_request(std::string_view(reinterpret_cast<const char*>(data), size), request)) {
    return 0;
  }
  Response response = app->handle(request);
  if (response.status < 100 || response.status > 599 || response.status == 500) {
    fail("status " + std::to_string(response.status) + ": " + response.body);
  }
  if (response.content_type.rfind("application/json", 0) == 0 && !response.body.empty()) {
    FUZZ_CHECK(nlohmann::json::accept(response.body));
  }
  // With ?sync=true a change that was saved is also indexed (5 s at most): "false" means the
  // index writer failed on something the store accepted (its log line says what).
  for (const auto& [name, value] : response.headers) {
    if (name == "X-Datacat-Indexed" && value != "true") fail("the change was not indexed");
  }
  return 0;
}

}  // namespace

// On a thread with a server worker's stack, so what recurses too deep there crashes here.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return datacat::fuzz::on_worker_stack(test_one_input, data, size);
}
