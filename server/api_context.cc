#include "server/api_context.h"

#include "server/per_thread.h"

namespace datacat::server {

Result<indexer::AssetStore*> ApiContext::store() const {
  return per_thread<indexer::AssetStore>(dir.catalog_path());
}

Result<glossary::GlossaryStore*> ApiContext::glossaries() const {
  return per_thread<glossary::GlossaryStore>(dir.catalog_path());
}

Result<indexer::Searcher*> ApiContext::searcher() const {
  thread_local std::map<std::string, std::unique_ptr<indexer::Searcher>> searchers;
  std::unique_ptr<indexer::Searcher>& searcher = searchers[dir.root()];
  if (!searcher) {
    Result<std::unique_ptr<indexer::Searcher>> opened =
        replica != nullptr
            ? indexer::Searcher::open_replica(replica->copy_path(), replica->version(), &facets,
                                              &terms)
            : indexer::Searcher::open(dir, &facets, &terms, writer->live_generation());
    if (!opened.is_ok()) return opened.status();
    searcher = std::move(opened).value();
    return searcher.get();
  }
  if (Status s = searcher->refresh(); !s.is_ok()) return s;
  return searcher.get();
}

void ApiContext::after_write(const Request& request, Response& response) const {
  bool sync = false;
  for (const auto& [name, value] : request.query_params())
    if (name == "sync") sync = value == "true" || value == "1";
  if (writer == nullptr) return;  // a replica refuses writes before they get here
  if (!sync) {
    writer->wake();
    return;
  }
  Result<indexer::AssetStore*> catalog = store();
  Result<int64_t> last =
      catalog.is_ok() ? (*catalog)->last_outbox_seq() : Result<int64_t>(catalog.status());
  bool indexed = last.is_ok() && writer->wait_until_indexed(*last, kSyncTimeout).is_ok();
  response.headers.emplace_back("X-Datacat-Indexed", indexed ? "true" : "false");
}

}  // namespace datacat::server
