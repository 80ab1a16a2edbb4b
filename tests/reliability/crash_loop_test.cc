// Crash safety. One client writes through the API: bulk imports, replacements, merge
// patches, deletes, and glossary links proposed and approved. `datacat serve` is killed
// with SIGKILL at a random moment, then started again. After every restart:
// - each acknowledged write is in the catalog (GET answers the version and text written);
// - each is in the index exactly once: a search for the asset's newest word finds it once,
//   its replaced word finds nothing, an approved link makes it match its term;
// - `datacat check` finds no difference between the catalog and the index;
// - a write the kill cut off is there whole or not at all, never in part.
// Every fifth round the server is also killed while it catches up after a restart.
// DATACAT_CRASH_ROUNDS (default 50) and DATACAT_CRASH_SEED change the run.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "server/http_types.h"
#include "tests/indexer/test_catalog.h"
#include "tests/reliability/server_process.h"
#include "tests/server/cli_runner.h"

namespace datacat::testing {
namespace {

using nlohmann::json;

int env_int(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? std::atoi(value) : fallback;
}

// What the client believes about one asset.
struct AssetState {
  bool exists = false;
  int64_t version = 0;
  std::string description;
  std::string word;      // the unique word of `description`
  std::string old_word;  // the word it replaced (must no longer find the asset)
  std::string parent;    // tables: their dataset's uri
  int64_t term = 0;      // the term of its approved link, 0 for none
  bool operator==(const AssetState&) const = default;
};

using States = std::map<std::string, AssetState>;

class CrashLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = tmp_.path() + "/data";
    rng_.seed(static_cast<unsigned>(env_int("DATACAT_CRASH_SEED", 20261121)));
    ASSERT_EQ(cli("import " + sample_catalog_path()).exit_code, 0);
    Outcome glossary =
        cli("glossary import " + std::string(DATACAT_SOURCE_DIR) +
            "/config/sample/glossary-business.csv --label Business --owner finance-platform");
    ASSERT_EQ(glossary.exit_code, 0) << glossary.err;
    Outcome token = cli("token create --user root --admin");
    ASSERT_EQ(token.exit_code, 0) << token.err;
    token_ = token.out.substr(0, token.out.find('\n'));
  }

  Outcome cli(const std::string& args) {
    return run_datacat(args + " --data-dir " + data_, tmp_.path());
  }

  std::unique_ptr<ServerProcess> start() {
    return ServerProcess::start(data_, tmp_.path(), {"DATACAT_ACCESS_LOG=", "DATACAT_THREADS=8"});
  }

  // A fresh 8-letter word: never a prefix of another, never a near-miss spelling of one.
  std::string word() {
    std::string out = "cw";
    for (int i = 0; i < 8; ++i) out += static_cast<char>('a' + rng_() % 26);
    return out;
  }
  int64_t pick(int64_t n) { return static_cast<int64_t>(rng_() % static_cast<uint64_t>(n)); }
  std::string sync() { return pick(2) == 0 ? "?sync=true" : ""; }

  std::vector<std::string> existing(bool tables_only = false) const {
    std::vector<std::string> out;
    for (const auto& [uri, state] : model_)
      if (state.exists && (!tables_only || !state.parent.empty())) out.push_back(uri);
    return out;
  }

  json asset_json(const std::string& uri, const AssetState& state) const {
    json body = {{"uri", uri},
                 {"name", uri.substr(uri.rfind('/') + 1)},
                 {"description", state.description},
                 {"owner", "crash-team"}};
    body["type"] = state.parent.empty() ? "dataset" : "table";
    if (!state.parent.empty()) body["parent"] = state.parent;
    return body;
  }

  AssetState rewritten(const std::string& uri, const std::string& prefix) {
    AssetState next = model_[uri];
    next.old_word = next.word;
    next.word = word();
    next.description = prefix + " " + next.word;
    next.version += 1;
    return next;
  }

  // Sends one write whose effect, when acknowledged, is `after`. Returns false when the
  // connection broke (the server was killed): the write is then in flight, unknown.
  bool write(httplib::Client& client, const std::string& method, const std::string& path,
             const std::string& body, States after, json* answer = nullptr) {
    States before;
    for (const auto& [uri, state] : after) before[uri] = model_[uri];
    in_flight_ = {before, after};
    httplib::Headers auth = {{"Authorization", "Bearer " + token_}};
    httplib::Result result =
        method == "POST"    ? client.Post(path, auth, body, "application/x-ndjson")
        : method == "PUT"   ? client.Put(path, auth, body, "application/json")
        : method == "PATCH" ? client.Patch(path, auth, body, "application/merge-patch+json")
                            : client.Delete(path, auth);
    if (!result) return false;
    if (result->status / 100 != 2) {
      ADD_FAILURE() << method << " " << path << " answered " << result->status << ": "
                    << result->body;
      return false;
    }
    if (answer != nullptr) *answer = json::parse(result->body);
    for (auto& [uri, state] : after) {
      model_[uri] = state;
      touched_.insert(uri);
    }
    in_flight_.reset();
    ++acknowledged_;
    return true;
  }

  bool bulk(httplib::Client& client) {
    std::string id = "d" + std::to_string(next_id_++);
    std::string dataset = "datacat://dataset/crash/" + id;
    States after;
    after[dataset] = {true, 1, "", "", "", "", 0};
    for (int t = 0; t < 2; ++t)
      after["datacat://table/crash/" + id + "/t" + std::to_string(t)] = {true, 1,       "", "",
                                                                         "",   dataset, 0};
    std::string ndjson;
    for (auto& [uri, state] : after) {
      state.word = word();
      state.description = "Crash test asset " + state.word;
    }
    ndjson += asset_json(dataset, after[dataset]).dump() + "\n";  // the dataset first
    for (const auto& [uri, state] : after)
      if (uri != dataset) ndjson += asset_json(uri, state).dump() + "\n";
    return write(client, "POST", "/api/v1/assets:bulk" + sync(), ndjson, after);
  }

  bool put(httplib::Client& client, const std::string& uri) {
    AssetState next = rewritten(uri, "Replaced");
    return write(client, "PUT", path_of(uri) + sync(), asset_json(uri, next).dump(), {{uri, next}});
  }

  bool patch(httplib::Client& client, const std::string& uri) {
    AssetState next = rewritten(uri, "Patched");
    return write(client, "PATCH", path_of(uri) + sync(),
                 json{{"description", next.description}}.dump(), {{uri, next}});
  }

  bool remove(httplib::Client& client, const std::string& uri) {
    States after;
    for (const auto& [other, state] : model_)
      if (state.exists && (other == uri || state.parent == uri)) {
        after[other] = state;
        after[other].exists = false;
        after[other].term = 0;
      }
    return write(client, "DELETE", path_of(uri) + sync(), "", after);
  }

  // Proposes a link of a random term to `uri`, then approves it.
  bool link(httplib::Client& client, const std::string& uri) {
    linked_.insert(uri);  // proposing twice would be a 409; one link per asset
    int64_t term = terms_[pick(static_cast<int64_t>(terms_.size()))];
    json proposal;
    States unchanged = {{uri, model_[uri]}};
    std::string body = json{{"term", term}, {"asset", uri}}.dump();
    if (!write(client, "POST", "/api/v1/associations", body, unchanged, &proposal)) {
      in_flight_.reset();  // a pending link changes nothing that is checked
      return false;
    }
    AssetState approved = model_[uri];
    approved.term = term;
    return write(client, "POST",
                 "/api/v1/associations/" + std::to_string(proposal["id"].get<int64_t>()) +
                     "/approve" + sync(),
                 "", {{uri, approved}});
  }

  static std::string path_of(const std::string& uri) {
    return "/api/v1/assets/" + server::url_encode(uri);
  }

  // Writes until the server goes away.
  void write_until_killed(ServerProcess& server) {
    httplib::Client client = server.client();
    for (;;) {
      std::vector<std::string> assets = existing();
      std::vector<std::string> unlinked;
      for (const std::string& uri : assets)
        if (!linked_.contains(uri)) unlinked.push_back(uri);
      int64_t op = assets.size() < 6 ? 0 : pick(10);
      bool ok = op <= 2            ? bulk(client)
                : op <= 4          ? put(client, assets[pick(assets.size())])
                : op <= 6          ? patch(client, assets[pick(assets.size())])
                : op == 7          ? remove(client, assets[pick(assets.size())])
                : unlinked.empty() ? bulk(client)
                                   : link(client, unlinked[pick(unlinked.size())]);
      if (!ok) return;
    }
  }

  // What the catalog and the index hold for `uri`.
  AssetState actual(ServerProcess& server, const std::string& uri, const AssetState& expected) {
    AssetState got = expected;
    json asset = get_json(server, path_of(uri));
    got.exists = asset.is_object() && asset.contains("uri");
    got.version = got.exists ? asset["version"].get<int64_t>() : expected.version;
    got.description = got.exists ? asset.value("description", "") : expected.description;
    if (got.exists) {
      got.word = got.description.substr(got.description.rfind(' ') + 1);
      got.term = 0;
      json links = get_json(server, path_of(uri) + "/terms");
      for (const json& link : links["associations"])
        if (link["status"] == "approved") got.term = link["term"]["id"].get<int64_t>();
    } else {
      got.term = 0;
    }
    return got;
  }

  int64_t hits(ServerProcess& server, const std::string& query, const std::string& uri) {
    json result = get_json(server, "/api/v1/search?per_page=5&q=" + server::url_encode(query));
    EXPECT_TRUE(result.is_object()) << query;
    if (!result.is_object()) return -1;
    for (const json& hit : result["hits"]) EXPECT_EQ(hit["uri"], uri) << query;
    return result["total"].get<int64_t>();
  }

  // Checks every asset written since the last check against the catalog and the index.
  void verify(ServerProcess& server) {
    ASSERT_TRUE(server.wait_caught_up(60)) << server.stderr_text();
    if (in_flight_) {
      // The cut-off write: all of it or none of it, then the client adopts what is there.
      int before = 0, after = 0, size = static_cast<int>(in_flight_->after.size());
      for (const auto& [uri, expected] : in_flight_->after) {
        AssetState got = actual(server, uri, expected);
        AssetState old = in_flight_->before[uri];
        bool is_before =
            got.exists == old.exists &&
            (!old.exists || (got.version == old.version && got.description == old.description &&
                             got.term == old.term));
        bool is_after = got.exists == expected.exists &&
                        (!expected.exists ||
                         (got.version == expected.version &&
                          got.description == expected.description && got.term == expected.term));
        before += is_before;
        after += is_after;
        EXPECT_TRUE(is_before || is_after) << uri << " is neither before nor after the write";
      }
      EXPECT_TRUE(before == size || after == size) << "a write was applied in part";
      States& chosen = after == size ? in_flight_->after : in_flight_->before;
      for (auto& [uri, state] : chosen) {
        model_[uri] = state;
        touched_.insert(uri);
      }
      in_flight_.reset();
    }
    for (const std::string& uri : touched_) {
      const AssetState& expected = model_[uri];
      AssetState got = actual(server, uri, expected);
      EXPECT_EQ(got.exists, expected.exists) << uri;
      if (expected.exists) {
        EXPECT_EQ(got.version, expected.version) << uri;
        EXPECT_EQ(got.description, expected.description) << uri;
        EXPECT_EQ(got.term, expected.term) << uri;
        EXPECT_EQ(hits(server, expected.word, uri), 1) << uri << " by " << expected.word;
        if (!expected.old_word.empty()) {
          EXPECT_EQ(hits(server, expected.old_word, uri), 0) << uri << " by its old word";
        }
        if (expected.term != 0) {
          std::string by_term = expected.word + " glossary:" + std::to_string(expected.term);
          EXPECT_EQ(hits(server, by_term, uri), 1) << uri << " by its term";
        }
      } else if (!expected.word.empty()) {  // empty: a cut-off bulk never created it
        EXPECT_EQ(hits(server, expected.word, uri), 0) << uri << " is deleted";
      }
      ++verified_;
    }
    touched_.clear();
    Outcome check = cli("check");
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  }

  TempDir tmp_;
  std::string data_;
  std::string token_;
  std::mt19937 rng_;
  std::vector<int64_t> terms_;
  States model_;
  std::set<std::string> touched_;
  std::set<std::string> linked_;
  struct InFlight {
    States before;
    States after;
  };
  std::optional<InFlight> in_flight_;
  int next_id_ = 0;
  int64_t acknowledged_ = 0;
  int64_t verified_ = 0;
};

void collect_terms(const json& node, std::vector<int64_t>& out) {
  if (node.value("kind", "") == "term") out.push_back(node["id"].get<int64_t>());
  for (const json& child : node.value("children", json::array())) collect_terms(child, out);
}

TEST_F(CrashLoopTest, EveryAcknowledgedWriteSurvivesSigkill) {
  const int rounds = env_int("DATACAT_CRASH_ROUNDS", 50);
  {
    std::unique_ptr<ServerProcess> server = start();
    ASSERT_NE(server, nullptr);
    json glossaries = get_json(*server, "/api/v1/glossaries");
    int64_t id = glossaries["glossaries"][0]["id"].get<int64_t>();
    collect_terms(get_json(*server, "/api/v1/glossaries/" + std::to_string(id) + "/tree"), terms_);
    ASSERT_FALSE(terms_.empty());
  }
  int kills_in_recovery = 0;
  for (int round = 0; round < rounds && !HasFailure(); ++round) {
    if (round % 5 == 4) {
      // Killed while catching up on the outbox the previous round left.
      std::unique_ptr<ServerProcess> early = start();
      ASSERT_NE(early, nullptr);
      std::this_thread::sleep_for(std::chrono::milliseconds(pick(30)));
      early->kill();
      ++kills_in_recovery;
    }
    std::unique_ptr<ServerProcess> server = start();
    ASSERT_NE(server, nullptr);
    verify(*server);
    auto delay = std::chrono::milliseconds(20 + pick(400));  // picked before the writer runs
    std::thread writer([&] { write_until_killed(*server); });
    std::this_thread::sleep_for(delay);
    ASSERT_TRUE(server->alive()) << server->stderr_text();
    server->kill();
    writer.join();
  }
  std::unique_ptr<ServerProcess> last = start();
  ASSERT_NE(last, nullptr);
  verify(*last);
  EXPECT_EQ(last->stop(), 0) << last->stderr_text();
  std::cout << "[crash loop] " << rounds << " SIGKILLs while writing and " << kills_in_recovery
            << " while recovering; " << acknowledged_ << " acknowledged writes, " << verified_
            << " asset checks, " << existing().size() << " assets written that remain\n";
  EXPECT_GT(acknowledged_, rounds);  // the loop really wrote between the kills
}

}  // namespace
}  // namespace datacat::testing
