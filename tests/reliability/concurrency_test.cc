// Searches under concurrent writes and index swaps. For DATACAT_CONCURRENCY_SECONDS
// (default 60) a real `datacat serve` (result cache off, so every search runs) takes at
// once:
// - searchers asking fixed questions about a part of the catalog nobody changes, whose
//   answers are known by construction (totals, the exact set of hits, facet counts);
// - writers creating, changing and deleting other assets with `sync=true`, each write
//   followed by a search that must see it (read your writes);
// - `datacat reindex` run again and again, swapping in a new index generation each time.
// Every answer must be right and no request may fail; the catalog and the index agree at
// the end. The same test runs under ThreadSanitizer (Makefile `test-tsan`).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

#include "server/http_types.h"
#include "tests/indexer/test_catalog.h"
#include "tests/reliability/server_process.h"
#include "tests/server/cli_runner.h"

namespace datacat::testing {
namespace {

using nlohmann::json;

constexpr int kStableTables = 240;

// A question about the stable tables, and its answer.
struct Question {
  std::string path;            // GET /api/v1/search?...
  std::set<std::string> hits;  // every matching uri
  int64_t even = 0;            // facets.tags count of "stable-even"
  int64_t odd = 0;             // facets.tags count of "stable-odd"
};

std::string stable_uri(int i) {
  return "datacat://table/stable/t" + std::to_string(i);
}

// Table i says "zephyr" when i % 3 == 0 and "quokka" when i % 5 == 0; even and odd tables
// carry the tags stable-even and stable-odd.
std::string stable_catalog() {
  std::string ndjson =
      R"({"uri":"datacat://dataset/stable","type":"dataset","name":"stable","owner":"steady"})"
      "\n";
  for (int i = 0; i < kStableTables; ++i) {
    std::string words = "steady measurements";
    if (i % 3 == 0) words += " zephyr";
    if (i % 5 == 0) words += " quokka";
    json table = {{"uri", stable_uri(i)},
                  {"type", "table"},
                  {"name", "stable_t" + std::to_string(i)},
                  {"parent", "datacat://dataset/stable"},
                  {"description", words},
                  {"tags", {i % 2 == 0 ? "stable-even" : "stable-odd"}}};
    ndjson += table.dump() + "\n";
  }
  return ndjson;
}

enum class Tag { kAny, kEven, kOdd };

// The question `path` about the stable tables that `matches` picks, filtered on `tag`. Tag
// counts are disjunctive: a question filtered on a tag still counts both tags.
Question answer(const std::string& path, Tag tag, bool (*matches)(int)) {
  Question q;
  q.path = path;
  for (int i = 0; i < kStableTables; ++i) {
    if (!matches(i)) continue;
    (i % 2 == 0 ? q.even : q.odd) += 1;
    if (tag == Tag::kAny || (tag == Tag::kEven) == (i % 2 == 0)) q.hits.insert(stable_uri(i));
  }
  return q;
}

std::vector<Question> questions() {
  std::vector<Question> out;
  out.push_back(answer("q=zephyr", Tag::kAny, [](int i) { return i % 3 == 0; }));
  out.push_back(answer("q=quokka", Tag::kAny, [](int i) { return i % 5 == 0; }));
  out.push_back(answer("q=zephyr%20quokka", Tag::kAny, [](int i) { return i % 15 == 0; }));
  out.push_back(answer("q=zephyr&tags=stable-odd", Tag::kOdd, [](int i) { return i % 3 == 0; }));
  out.push_back(answer("q=quokka%20OR%20zephyr&tags=stable-even", Tag::kEven,
                       [](int i) { return i % 3 == 0 || i % 5 == 0; }));
  return out;
}

// Counts and the first few problems, shared by the client threads.
struct Tally {
  std::atomic<int64_t> searches{0};
  std::atomic<int64_t> writes{0};
  std::atomic<int64_t> write_checks{0};
  std::atomic<int64_t> reindexes{0};
  std::atomic<int64_t> problems{0};
  std::mutex mutex;
  std::vector<std::string> first_problems;

  void problem(const std::string& what) {
    if (++problems > 10) return;
    std::lock_guard lock(mutex);
    first_problems.push_back(what);
  }
};

// Empty when `answer` is the expected one; otherwise what differs.
std::string wrong(const Question& q, const json& answer) {
  if (!answer.is_object() || !answer.contains("hits")) return "no search answer";
  if (answer["total"].get<int64_t>() != static_cast<int64_t>(q.hits.size()))
    return "total " + answer["total"].dump() + ", expected " + std::to_string(q.hits.size());
  std::set<std::string> hits;
  for (const json& hit : answer["hits"]) hits.insert(hit["uri"].get<std::string>());
  if (hits != q.hits) return "a different set of hits";
  int64_t even = 0, odd = 0;
  for (const json& value : answer["facets"]["tags"]) {
    if (value["value"] == "stable-even") even = value["count"].get<int64_t>();
    if (value["value"] == "stable-odd") odd = value["count"].get<int64_t>();
  }
  if (even != q.even || odd != q.odd)
    return "tag counts " + std::to_string(even) + "/" + std::to_string(odd);
  return "";
}

class ConcurrencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = tmp_.path() + "/data";
    ASSERT_EQ(cli("import " + sample_catalog_path()).exit_code, 0);
    Outcome stable = run_datacat("import - --data-dir " + data_, tmp_.path(), stable_catalog());
    ASSERT_EQ(stable.exit_code, 0) << stable.err;
    Outcome token = cli("token create --user writer --admin");
    ASSERT_EQ(token.exit_code, 0) << token.err;
    auth_ = {{"Authorization", "Bearer " + token.out.substr(0, token.out.find('\n'))}};
  }

  Outcome cli(const std::string& args, const std::string& work = "") {
    return run_datacat(args + " --data-dir " + data_, work.empty() ? tmp_.path() : work);
  }

  void search_loop(const ServerProcess& server, const std::vector<Question>& all,
                   const std::atomic<bool>& done) {
    httplib::Client client = server.client();
    for (size_t n = 0; !done; ++n) {
      const Question& q = all[n % all.size()];
      httplib::Result result = client.Get("/api/v1/search?per_page=100&" + q.path);
      ++tally_.searches;
      if (!result || result->status != 200) {
        tally_.problem(q.path + ": " +
                       (result ? std::to_string(result->status) + " " + result->body
                               : httplib::to_string(result.error())));
        continue;
      }
      std::string error = wrong(q, json::parse(result->body, nullptr, false));
      if (!error.empty()) tally_.problem(q.path + ": " + error);
    }
  }

  // Assets with `word` itself, or -1 when the search failed.
  int64_t total_of(httplib::Client& client, const std::string& word) {
    httplib::Result result = client.Get("/api/v1/search?q=" + word);
    if (!result || result->status != 200) return -1;
    json answer = json::parse(result->body);
    // Hits of some of the words, or of a spelling correction, are not hits of `word`.
    bool other = answer["relaxed"].get<bool>() || answer["corrected"].get<bool>();
    return other ? 0 : answer["total"].get<int64_t>();
  }

  // One synced write, then the search that must reflect it.
  void write_and_check(httplib::Client& client, const std::string& method, const std::string& uri,
                       const std::string& body, const std::string& gone_word,
                       const std::string& new_word) {
    std::string path = "/api/v1/assets/" + server::url_encode(uri) + "?sync=true";
    httplib::Result result = method == "PUT" ? client.Put(path, auth_, body, "application/json")
                             : method == "PATCH"
                                 ? client.Patch(path, auth_, body, "application/merge-patch+json")
                                 : client.Delete(path, auth_);
    ++tally_.writes;
    if (!result || result->status / 100 != 2) {
      tally_.problem(method + " " + uri + ": " +
                     (result ? std::to_string(result->status) + " " + result->body
                             : httplib::to_string(result.error())));
      return;
    }
    if (result->get_header_value("X-Datacat-Indexed") != "true") {
      tally_.problem(method + " " + uri + " was not indexed within the sync wait");
      return;
    }
    ++tally_.write_checks;
    if (!gone_word.empty() && total_of(client, gone_word) != 0)
      tally_.problem(method + " " + uri + ": still found by " + gone_word);
    if (!new_word.empty() && total_of(client, new_word) != 1)
      tally_.problem(method + " " + uri + ": not found by " + new_word);
  }

  void write_loop(const ServerProcess& server, int writer, const std::atomic<bool>& done) {
    httplib::Client client = server.client();
    // Letters only, of one length: never split like an identifier, never a prefix of another.
    auto word = [writer](const char* what, int n) {
      std::string out = std::string("churn") + what + static_cast<char>('a' + writer);
      for (int digit = 0, rest = n; digit < 5; ++digit, rest /= 26)
        out += static_cast<char>('a' + rest % 26);
      return out;
    };
    for (int n = 0; !done; ++n) {
      std::string uri =
          "datacat://dataset/churn/w" + std::to_string(writer) + "/" + std::to_string(n);
      json asset = {{"type", "dataset"},
                    {"name", "churn" + std::to_string(n)},
                    {"description", "Churning " + word("made", n)},
                    {"owner", "churners"}};
      write_and_check(client, "PUT", uri, asset.dump(), "", word("made", n));
      write_and_check(client, "PATCH", uri,
                      json{{"description", "Edited " + word("edit", n)}}.dump(), word("made", n),
                      word("edit", n));
      if (n % 2 == 0) write_and_check(client, "DELETE", uri, "", word("edit", n), "");
    }
  }

  void reindex_loop(const std::atomic<bool>& done) {
    TempDir work;
    while (!done) {
      Outcome reindex = cli("reindex", work.path());
      if (reindex.exit_code != 0) tally_.problem("datacat reindex: " + reindex.err);
      ++tally_.reindexes;
    }
  }

  TempDir tmp_;
  std::string data_;
  httplib::Headers auth_;
  Tally tally_;
};

TEST_F(ConcurrencyTest, SearchesStayRightUnderWritesAndReindexSwaps) {
  const char* seconds_env = std::getenv("DATACAT_CONCURRENCY_SECONDS");
  const int seconds = seconds_env != nullptr ? std::atoi(seconds_env) : 60;
  std::unique_ptr<ServerProcess> server = ServerProcess::start(
      data_, tmp_.path(),
      {"DATACAT_ACCESS_LOG=", "DATACAT_SEARCH_CACHE_MB=0", "DATACAT_THREADS=16"});
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(server->wait_caught_up(60));
  // The questions are answered right before the load starts.
  const std::vector<Question> all = questions();
  for (const Question& q : all)
    ASSERT_EQ(wrong(q, get_json(*server, "/api/v1/search?per_page=100&" + q.path)), "") << q.path;

  std::atomic<bool> done{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) threads.emplace_back([&] { search_loop(*server, all, done); });
  for (int i = 0; i < 2; ++i) threads.emplace_back([&, i] { write_loop(*server, i, done); });
  threads.emplace_back([&] { reindex_loop(done); });
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  done = true;
  for (std::thread& thread : threads) thread.join();

  EXPECT_TRUE(server->alive()) << server->stderr_text();
  EXPECT_TRUE(server->wait_caught_up(60));
  EXPECT_EQ(server->stop(), 0) << server->stderr_text();
  Outcome check = cli("check");
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_EQ(tally_.problems, 0) << ::testing::PrintToString(tally_.first_problems);
  EXPECT_GT(tally_.searches, 0);
  EXPECT_GT(tally_.write_checks, 0);
  EXPECT_GT(tally_.reindexes, 1);
  std::cout << "[concurrency] " << seconds << " s: " << tally_.searches << " searches, "
            << tally_.writes << " synced writes (" << tally_.write_checks
            << " read back by search), " << tally_.reindexes << " reindex swaps, "
            << tally_.problems << " failed or wrong\n";
}

}  // namespace
}  // namespace datacat::testing
