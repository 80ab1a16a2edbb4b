// `datacat search QUERY [filters] [--json]`.
#include <unistd.h>

#include <iostream>
#include <regex>

#include "indexer/searcher.h"
#include "server/cli_common.h"
#include "server/search_json.h"

namespace datacat::server {
namespace {

// Command-line flag -> facet name (schema::kFacets).
const std::pair<const char*, const char*> kFilterFlags[] = {
    {"--type", "type"},
    {"--tag", "tags"},
    {"--topic", "topics"},
    {"--region", "region"},
    {"--classification", "classification"},
    {"--owner", "owner"},
    {"--environment", "environment"},
    {"--organization", "organization"},
};

struct SearchArgs {
  CommonOptions common;
  std::vector<std::string> words;
  std::array<std::vector<std::string>, indexer::schema::kFacetCount> filters;
  std::string sort = "relevance";
  int page = 1;
  int per_page = 20;
  bool json = false;
};

// Renders <mark> as bold on a terminal, as [..] otherwise, and unescapes entities.
std::string render_snippet(const std::string& html, bool terminal) {
  std::string text = std::regex_replace(html, std::regex("<mark>"), terminal ? "\033[1m" : "[");
  text = std::regex_replace(text, std::regex("</mark>"), terminal ? "\033[0m" : "]");
  for (auto [entity, plain] :
       {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
    text = std::regex_replace(text, std::regex(entity), plain);
  }
  return text;
}

void print_human(const indexer::SearchResult& result) {
  bool terminal = ::isatty(STDOUT_FILENO) != 0;
  size_t first = static_cast<size_t>(result.page - 1) * result.per_page + 1;
  std::cout << result.total << " results";
  if (!result.hits.empty())
    std::cout << ", showing " << first << "-" << first + result.hits.size() - 1;
  std::cout << " (" << result.took_ms << " ms)\n";
  if (result.corrected) {
    std::cout << "no asset has every word as typed; showing results for: " << result.corrected_query
              << "\n";
  } else if (!result.corrected_query.empty()) {
    std::cout << "did you mean: " << result.corrected_query << "\n";
  }
  if (result.relaxed)
    std::cout << "few or no assets have every word; assets with some of them follow\n";
  for (size_t i = 0; i < result.hits.size(); ++i) {
    const indexer::Hit& hit = result.hits[i];
    std::cout << "\n"
              << first + i << ". " << (hit.asset.label.empty() ? hit.asset.name : hit.asset.label)
              << "  [" << hit.asset.type << "] " << hit.asset.uri << "\n";
    if (!hit.snippet.empty()) std::cout << "   " << render_snippet(hit.snippet, terminal) << "\n";
  }
  for (const indexer::FacetResult& facet : result.facets) {
    if (facet.values.empty()) continue;
    std::cout << (facet.name == result.facets.front().name ? "\n" : "") << facet.name << ":";
    for (const indexer::FacetCount& value : facet.values) {
      std::cout << " " << (value.selected ? "*" : "") << value.value << " (" << value.count << ")";
    }
    std::cout << "\n";
  }
}

int run_search(const SearchArgs& args) {
  std::optional<Config> config = resolve_config(args.common);
  if (!config) return kExitError;
  indexer::DataDir dir(config->data_dir);
  // Apply anything still in the outbox (e.g. after a crash), when no server holds the index.
  Result<std::unique_ptr<indexer::AssetStore>> store =
      indexer::AssetStore::open(dir.catalog_path());
  if (!store.is_ok()) return report_error(store.status());
  if (Status s = catch_up_index(dir, **store, true, false); !s.is_ok()) {
    std::cerr << "datacat: note: searching the index as it is: " << s.to_string() << "\n";
  }
  Result<std::unique_ptr<indexer::Searcher>> searcher = indexer::Searcher::open(dir);
  if (!searcher.is_ok()) return report_error(searcher.status());
  indexer::SearchRequest request;
  for (const std::string& word : args.words)
    request.query += (request.query.empty() ? "" : " ") + word;
  request.filters = args.filters;
  request.sort = args.sort == "name"      ? indexer::SortOrder::kName
                 : args.sort == "updated" ? indexer::SortOrder::kUpdated
                                          : indexer::SortOrder::kRelevance;
  request.page = args.page;
  request.per_page = args.per_page;
  Result<indexer::SearchResult> result = (*searcher)->search(request);
  if (!result.is_ok()) return report_error(result.status());
  if (args.json) {
    std::cout << search_result_to_json(*result).dump(2) << "\n";
  } else {
    print_human(*result);
  }
  return kExitOk;
}

}  // namespace

void add_search_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* command = app.add_subcommand("search", "Search the catalog");
  add_common_options(*command, args->common);
  command->add_option("query", args->words, "Query words (see docs/search.md for the syntax)");
  for (const auto& [flag, facet] : kFilterFlags) {
    size_t index = *indexer::facet_index_of(facet);
    // One value per occurrence (a vector option would swallow the query words after it).
    command
        ->add_option_function<std::string>(
            flag,
            [args, index](const std::string& value) { args->filters[index].push_back(value); },
            std::string("Only assets with this ") + facet + " value (repeat to allow several)")
        ->trigger_on_parse();
  }
  command->add_option("--sort", args->sort, "relevance, name or updated")
      ->check(CLI::IsMember({"relevance", "name", "updated"}));
  command->add_option("--page", args->page, "Page number (from 1)");
  command->add_option("--per-page", args->per_page, "Hits per page (1-100)");
  command->add_flag("--json", args->json, "Print the HTTP search API's JSON document");
  command->callback([args, &exit_code] { exit_code = run_search(*args); });
}

}  // namespace datacat::server
