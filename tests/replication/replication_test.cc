// Read replicas on Xapian replication (docs/scaling.md), on real parts: a primary
// `datacat serve --replication-port` and two `datacat serve --replica-of` replicas, each a
// separate process with its own data directory, talking over loopback. Checked: writes on
// the primary reach both replicas (search, asset reads, deletions, a reindex swap); a
// replica refuses writes and catalog-only reads, naming the primary; a killed replica
// catches up when it starts again; a replica never shows part of a bulk write.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "tests/indexer/test_catalog.h"
#include "tests/reliability/server_process.h"
#include "tests/server/cli_runner.h"

namespace datacat::testing {
namespace {

using nlohmann::json;
using std::chrono::steady_clock;

constexpr int kCatchUpSeconds = 30;

// A loopback port nobody listens on now (for xapian-replicate-server, which cannot be
// asked which port it bound).
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t size = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
  close(fd);
  return ntohs(address.sin_port);
}

// Total hits of `word` (letters only, so it needs no URL encoding) on `server`; -1 when the
// search fails.
int64_t hits(const ServerProcess& server, const std::string& word) {
  json body = get_json(server, "/api/v1/search?per_page=100&q=" + word);
  return body.is_object() && body.contains("total") ? body["total"].get<int64_t>() : -1;
}

// Waits until `check()` holds; false after kCatchUpSeconds.
template <typename Check>
bool eventually(Check check) {
  auto deadline = steady_clock::now() + std::chrono::seconds(kCatchUpSeconds);
  while (steady_clock::now() < deadline) {
    if (check()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::string dataset_json(const std::string& name, const std::string& description) {
  return json{{"type", "dataset"},           {"name", name},          {"description", description},
              {"owner", "replication-team"}, {"region", "eu-west-1"}, {"environment", "prod"}}
      .dump();
}

class ReplicationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    primary_dir_ = tmp_.path() + "/primary";
    ASSERT_EQ(cli("import " + sample_catalog_path()).exit_code, 0);
    Outcome token = cli("token create --user root --admin");
    ASSERT_EQ(token.exit_code, 0) << token.err;
    token_ = token.out.substr(0, token.out.find('\n'));
    replication_port_ = free_port();
    primary_ =
        ServerProcess::start(primary_dir_, tmp_.path(),
                             {"DATACAT_ACCESS_LOG=", "DATACAT_THREADS=8",
                              "DATACAT_REPLICATION_PORT=" + std::to_string(replication_port_)});
    ASSERT_NE(primary_, nullptr);
    for (int i = 0; i < 2; ++i) {
      replica_dirs_.push_back(tmp_.path() + "/replica" + std::to_string(i));
      replicas_.push_back(start_replica(i));
      ASSERT_NE(replicas_.back(), nullptr);
    }
    // Until its first copy arrives a replica has nothing to serve (/readyz says 503).
    for (auto& replica : replicas_) ASSERT_TRUE(eventually([&] { return caught_up(*replica); }));
  }

  Outcome cli(const std::string& args) {
    return run_datacat(args + " --data-dir " + primary_dir_, tmp_.path());
  }

  std::unique_ptr<ServerProcess> start_replica(int i) {
    return ServerProcess::start(
        replica_dirs_[i], tmp_.path(),
        {"DATACAT_ACCESS_LOG=", "DATACAT_THREADS=8",
         "DATACAT_REPLICA_OF=http://127.0.0.1:" + std::to_string(primary_->port())});
  }

  httplib::Headers auth() const { return {{"Authorization", "Bearer " + token_}}; }

  // A write on the primary, acknowledged once indexed there (sync=true).
  void write(const std::string& method, const std::string& path, const std::string& body,
             const std::string& content_type = "application/json") {
    httplib::Client client = primary_->client();
    httplib::Request request;
    request.method = method;
    request.path = path + (path.find('?') == std::string::npos ? "?" : "&") + "sync=true";
    request.headers = auth();
    request.body = body;
    if (!body.empty()) request.set_header("Content-Type", content_type);
    httplib::Result answer = client.send(request);
    ASSERT_TRUE(answer) << method << " " << path;
    ASSERT_LT(answer->status, 300) << method << " " << path << ": " << answer->body;
    ASSERT_EQ(answer->get_header_value("X-Datacat-Indexed"), "true") << path;
  }

  // The replica's copy is at the primary's index revision (and the same index).
  bool caught_up(const ServerProcess& replica) const {
    json mine = get_json(replica, "/replication");
    json primary = get_json(*primary_, "/replication");
    if (!mine.is_object() || !primary.is_object()) return false;
    const json& copy = mine["replica"];
    return copy["lag_revisions"] == 0 && copy["uuid"] == primary["index"]["uuid"] &&
           copy["revision"] == primary["index"]["revision"];
  }

  TempDir tmp_;
  std::string primary_dir_;
  std::vector<std::string> replica_dirs_;
  std::string token_;
  int replication_port_ = 0;
  std::unique_ptr<ServerProcess> primary_;
  std::vector<std::unique_ptr<ServerProcess>> replicas_;
};

TEST_F(ReplicationTest, WritesOnThePrimaryReachBothReplicas) {
  write("PUT", "/api/v1/assets/repl%3Aorders", dataset_json("orders", "quokkaledger totals"));
  for (auto& replica : replicas_) {
    ASSERT_TRUE(eventually([&] { return hits(*replica, "quokkaledger") == 1; }))
        << "replica on port " << replica->port() << " never saw the new asset";
    // The asset itself, both forms, exactly as the primary gives it.
    for (std::string path : {"/api/v1/assets/repl%3Aorders",
                             "/api/v1/assets/repl%3Aorders"
                             "?resolved=true"}) {
      httplib::Result mine = replica->client().Get(path);
      httplib::Result theirs = primary_->client().Get(path);
      ASSERT_TRUE(mine && theirs);
      EXPECT_EQ(mine->status, 200);
      EXPECT_EQ(json::parse(mine->body), json::parse(theirs->body)) << path;
      EXPECT_EQ(mine->get_header_value("ETag"), theirs->get_header_value("ETag")) << path;
    }
    // A table inherits its dataset's owner: stored without it, resolved with it.
    EXPECT_EQ(get_json(*replica, "/api/v1/search?q=quokkaledger")["hits"][0]["uri"], "repl:orders");
  }
  // A table of the dataset: the stored form leaves the owner to inheritance.
  write("PUT", "/api/v1/assets/repl%3Aorders%2Flines",
        json{{"type", "table"},
             {"name", "lines"},
             {"parent", "repl:orders"},
             {"description", "wombatrow lines"}}
            .dump());
  for (auto& replica : replicas_) {
    ASSERT_TRUE(eventually([&] { return hits(*replica, "wombatrow") == 1; }));
    json stored = get_json(*replica, "/api/v1/assets/repl%3Aorders%2Flines");
    json resolved = get_json(*replica, "/api/v1/assets/repl%3Aorders%2Flines?resolved=true");
    EXPECT_FALSE(stored.contains("owner")) << stored;
    EXPECT_EQ(resolved["owner"], "replication-team") << resolved;
    EXPECT_EQ(stored, get_json(*primary_, "/api/v1/assets/repl%3Aorders%2Flines"));
  }
  // A change and a deletion.
  write("PATCH", "/api/v1/assets/repl%3Aorders", R"({"description":"numbatledger totals"})",
        "application/merge-patch+json");
  write("DELETE", "/api/v1/assets/repl%3Aorders%2Flines", "");
  for (auto& replica : replicas_) {
    ASSERT_TRUE(eventually([&] {
      return hits(*replica, "numbatledger") == 1 && hits(*replica, "quokkaledger") == 0 &&
             hits(*replica, "wombatrow") == 0;
    }));
    EXPECT_EQ(replica->client().Get("/api/v1/assets/repl%3Aorders%2Flines")->status, 404);
    EXPECT_EQ(get_json(*replica, "/api/v1/assets/repl%3Aorders")["version"], 2);
    ASSERT_TRUE(eventually([&] { return caught_up(*replica); }));
    json ready = get_json(*replica, "/readyz");
    EXPECT_EQ(ready["status"], "ready");
    EXPECT_EQ(ready["role"], "replica");
    EXPECT_EQ(ready["checks"]["replication"]["lag_revisions"], 0);
    EXPECT_EQ(ready["checks"]["index"]["documents"],
              get_json(*primary_, "/replication")["index"]["documents"]);
    std::string metrics = replica->client().Get("/metrics")->body;
    EXPECT_NE(metrics.find("\ndatacat_replica_lag_revisions 0\n"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("\ndatacat_replica_primary_up 1\n"), std::string::npos);
  }
}

TEST_F(ReplicationTest, AReplicaRefusesWritesNamingThePrimary) {
  std::string primary = "http://127.0.0.1:" + std::to_string(primary_->port());
  httplib::Client client = replicas_[0]->client();
  struct Attempt {
    std::string method, path, body;
  };
  std::vector<Attempt> attempts = {
      {"PUT", "/api/v1/assets/repl%3Anew", dataset_json("new", "dingoledger")},
      {"PATCH", "/api/v1/assets/urn%3Aanything", R"({"label":"x"})"},
      {"DELETE", "/api/v1/assets/urn%3Aanything", ""},
      {"POST", "/api/v1/assets:bulk", dataset_json("bulk", "dingoledger")},
      {"POST", "/api/v1/glossaries", R"({"label":"G","owner":"t"})"},
      {"GET", "/api/v1/glossaries", ""},
      {"GET", "/api/v1/assets", ""},
  };
  for (const Attempt& attempt : attempts) {
    httplib::Request request;
    request.method = attempt.method;
    request.path = attempt.path;
    request.headers = auth();
    request.body = attempt.body;
    if (!attempt.body.empty()) request.set_header("Content-Type", "application/json");
    httplib::Result answer = client.send(request);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, 421) << attempt.method << " " << attempt.path;
    json error = json::parse(answer->body)["error"];
    EXPECT_EQ(error["code"], "read_only_replica");
    EXPECT_EQ(error["primary"], primary);
    EXPECT_NE(error["message"].get<std::string>().find(primary), std::string::npos);
  }
  // Nothing of it reached the primary.
  EXPECT_EQ(primary_->client().Get("/api/v1/assets/repl%3Anew", auth())->status, 404);
  EXPECT_EQ(hits(*primary_, "dingoledger"), 0);
  // Tokens are the primary's: a valid one reads, an unknown one is refused.
  EXPECT_EQ(client.Get("/api/v1/search?q=sales", auth())->status, 200);
  httplib::Result bad =
      client.Get("/api/v1/search?q=sales", {{"Authorization", "Bearer dct_999_unknown"}});
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 401);
  // What a replica serves: the web page, suggestions, facets.
  EXPECT_EQ(client.Get("/")->status, 200);
  EXPECT_EQ(client.Get("/api/v1/suggest?q=sal")->status, 200);
  EXPECT_EQ(client.Get("/api/v1/facets/tags")->status, 200);
}

TEST_F(ReplicationTest, AKilledReplicaCatchesUpWhenItStartsAgain) {
  replicas_[1]->kill();
  for (int i = 0; i < 5; ++i) {
    write("PUT", "/api/v1/assets/repl%3Adown" + std::to_string(i),
          dataset_json("down" + std::to_string(i), "platypusrow"));
  }
  ASSERT_TRUE(eventually([&] { return hits(*replicas_[0], "platypusrow") == 5; }));
  // A reindex swaps in a new index generation while the replica is down: it needs a full
  // copy of the new one, not changesets of the old one.
  Outcome reindex = cli("reindex");
  ASSERT_EQ(reindex.exit_code, 0) << reindex.err;
  write("PUT", "/api/v1/assets/repl%3Aafter", dataset_json("after", "echidnarow"));

  replicas_[1] = start_replica(1);
  ASSERT_NE(replicas_[1], nullptr);
  for (auto& replica : replicas_) {
    ASSERT_TRUE(eventually([&] {
      return hits(*replica, "platypusrow") == 5 && hits(*replica, "echidnarow") == 1;
    })) << "replica on port "
        << replica->port() << " did not catch up";
    ASSERT_TRUE(eventually([&] { return caught_up(*replica); }));
  }
  // The primary stopping does not stop a replica from serving what it has.
  EXPECT_EQ(primary_->stop(), 0);
  EXPECT_EQ(hits(*replicas_[1], "echidnarow"), 1);
  ASSERT_TRUE(eventually([&] {
    return get_json(*replicas_[1], "/replication")["replica"]["primary_reachable"] == false;
  }));
  EXPECT_EQ(get_json(*replicas_[1], "/readyz")["status"], "ready");
}

// Whether anything accepts connections on the loopback `port`.
bool listening(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  bool accepted = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return accepted;
}

// A primary killed outright takes its xapian-replicate-server with it: an orphan would
// hold the replication port, and the restarted primary could not serve replicas there.
TEST_F(ReplicationTest, AKilledPrimaryLeavesNoReplicationServerBehind) {
  ASSERT_TRUE(listening(replication_port_));
  primary_->kill();
  EXPECT_TRUE(eventually([&] { return !listening(replication_port_); }));
}

// Bulk writes of kBulk datasets sharing a word, each one commit on the primary, while
// readers on both replicas search for the word without pause: every answer must be all
// of the bulk or none of it, and never go back to none once all was seen.
TEST_F(ReplicationTest, AReplicaNeverShowsPartOfABulkWrite) {
  constexpr int kBulks = 12;
  constexpr int kBulk = 40;
  std::atomic<int> round{-1};
  std::atomic<bool> done{false};
  std::atomic<int64_t> observations{0};
  std::vector<std::string> problems;
  std::mutex problems_mutex;
  auto word_of = [](int r) {
    return "bulkword" + std::string(1, static_cast<char>('a' + r)) + "quoll";
  };
  auto reader = [&](const ServerProcess* replica) {
    std::vector<bool> complete(kBulks, false);
    while (!done) {
      int r = round.load();
      for (int seen = 0; seen <= r; ++seen) {
        httplib::Result answer =
            replica->client().Get("/api/v1/search?per_page=100&q=" + word_of(seen));
        json body = answer ? json::parse(answer->body, nullptr, false) : json();
        int64_t total = answer && answer->status == 200 ? body["total"].get<int64_t>() : -1;
        if (total < 0) {
          std::lock_guard<std::mutex> lock(problems_mutex);
          problems.push_back("port " + std::to_string(replica->port()) +
                             " failed: " + (answer ? answer->body : "no answer"));
        }
        ++observations;
        bool bad =
            (total != 0 && total != kBulk) || total < 0 || (complete[seen] && total != kBulk);
        if (bad) {
          std::lock_guard<std::mutex> lock(problems_mutex);
          problems.push_back("port " + std::to_string(replica->port()) + " bulk " +
                             std::to_string(seen) + ": " + std::to_string(total) + " hits");
        }
        if (total == kBulk) complete[seen] = true;
      }
    }
  };
  std::vector<std::thread> readers;
  for (auto& replica : replicas_) {
    readers.emplace_back(reader, replica.get());
    readers.emplace_back(reader, replica.get());
  }
  for (int r = 0; r < kBulks; ++r) {
    std::string ndjson;
    for (int i = 0; i < kBulk; ++i) {
      std::string name = "bulk" + std::to_string(r) + "_" + std::to_string(i);
      ndjson += json{{"uri", "repl:" + name},
                     {"type", "dataset"},
                     {"name", name},
                     {"description", word_of(r) + " row"},
                     {"owner", "replication-team"}}
                    .dump() +
                "\n";
    }
    round = r;
    write("POST", "/api/v1/assets:bulk", ndjson, "application/x-ndjson");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (auto& replica : replicas_) {
    EXPECT_TRUE(eventually([&] { return hits(*replica, word_of(kBulks - 1)) == kBulk; }));
  }
  done = true;
  for (std::thread& t : readers) t.join();
  EXPECT_GT(observations.load(), kBulks * 4);
  EXPECT_TRUE(problems.empty()) << problems.size() << " partial answers, first: "
                                << (problems.empty() ? "" : problems.front());
  std::cout << "[ replicas ] " << observations.load() << " searches during " << kBulks
            << " bulks of " << kBulk << std::endl;
}

// Before its first copy a replica is up but not ready, and says why.
TEST(ReplicaWithoutPrimaryTest, IsNotReadyAndSaysWhy) {
  TempDir tmp;
  std::string nobody = "http://127.0.0.1:" + std::to_string(free_port());
  std::unique_ptr<ServerProcess> replica = ServerProcess::start(
      tmp.path() + "/replica", tmp.path(), {"DATACAT_ACCESS_LOG=", "DATACAT_REPLICA_OF=" + nobody});
  ASSERT_NE(replica, nullptr);
  ASSERT_TRUE(eventually([&] {
    return get_json(*replica, "/replication")["replica"].value("primary_error", "") != "";
  }));
  httplib::Result ready = replica->client().Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503);
  json checks = json::parse(ready->body)["checks"];
  EXPECT_EQ(checks["replication"]["have_copy"], false);
  EXPECT_EQ(checks["replication"]["primary_reachable"], false);
  EXPECT_EQ(checks["replication"]["primary"], nobody);
  EXPECT_EQ(replica->client().Get("/api/v1/search?q=sales")->status, 503);
  EXPECT_EQ(replica->stop(), 0);
}

TEST(ReplicaWithoutPrimaryTest, AMalformedPrimaryAddressIsRefusedAtStart) {
  TempDir tmp;
  Outcome serve = run_datacat(
      "serve --port 0 --replica-of 10.0.0.5:8080 --data-dir " + tmp.path() + "/r", tmp.path());
  EXPECT_NE(serve.exit_code, 0);
  EXPECT_NE(serve.err.find("replication.replica_of"), std::string::npos) << serve.err;
}

}  // namespace
}  // namespace datacat::testing
