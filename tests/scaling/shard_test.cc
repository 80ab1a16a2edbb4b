// Shards on Xapian's remote backend (docs/scaling.md, "Shards"): a catalog split by the
// hash of each asset family's root uri into two data directories, each index served by a
// real `xapian-tcpsrv` child process, opened as one database with add_database, and
// compared with one reference index of the whole catalog.
//
// What it pins down, so the design page stays true: plain Xapian search over the shards
// finds and weighs what the single index does; FacetIndex::build and prefix completion
// work on the combined database; get_revision, which datacat's caches key on, throws; the
// spelling and synonym tables are not read through the remote backend; metadata comes
// from the first shard only; a write to a shard shows after reopen(); and one datacat
// Searcher per shard adds up to the whole index (totals, match sets, facet counts).
//
// DATACAT_SHARD_NDJSON=<file> runs it on another catalog (e.g. `datacat-gen assets`) and
// prints the timings the page quotes.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "indexer/doc_data.h"
#include "indexer/facet_index.h"
#include "indexer/index_schema.h"
#include "indexer/query_parser.h"
#include "tests/indexer/test_catalog.h"

namespace datacat::indexer {
namespace {

constexpr int kShards = 2;
constexpr const char* kTcpServer = "/usr/bin/xapian-tcpsrv";
constexpr const char* kSynonymKey = "client";

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// FNV-1a: stable across processes and builds, unlike std::hash.
uint64_t fnv1a(const std::string& text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

// A loopback port nobody listens on right now (the kernel's pick for port 0).
int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) ::close(fd);
    return -1;
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

bool accepts_connections(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  if (fd >= 0) ::close(fd);
  return ok;
}

// One `xapian-tcpsrv` child process serving one index read-only on a loopback port;
// killed on destruction.
class ShardServer {
 public:
  explicit ShardServer(const std::string& index_path) {
    port_ = free_port();
    if (port_ < 0) return;
    std::string port = std::to_string(port_);
    pid_ = ::fork();
    if (pid_ == 0) {
      // Its own process group: on SIGTERM xapian-tcpsrv kills its whole group (its
      // per-connection children), which would otherwise include this test.
      ::setpgid(0, 0);
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);  // the readiness probe's closed connection
      ::execl(kTcpServer, "xapian-tcpsrv", "--port", port.c_str(), "--interface", "127.0.0.1",
              "--quiet", index_path.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 500 && pid_ > 0; ++i) {  // up to 5 s
      if (accepts_connections(port_)) {
        ready_ = true;
        return;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;  // exited (e.g. the port was taken meanwhile)
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~ShardServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  ShardServer(const ShardServer&) = delete;
  ShardServer& operator=(const ShardServer&) = delete;

  bool ready() const { return ready_; }
  int port() const { return port_; }

 private:
  int port_ = -1;
  pid_t pid_ = -1;
  bool ready_ = false;
};

// The catalog's NDJSON lines split by shard: an asset goes with the root of its parent
// chain (a table with its dataset), so every shard holds the parents its assets inherit
// from, and the import's "parent exists" check passes.
std::array<std::string, kShards> split_by_root(const std::string& ndjson) {
  std::vector<std::pair<std::string, std::string>> lines;  // uri, line
  std::map<std::string, std::string> parent_of;
  std::istringstream input(ndjson);
  for (std::string line; std::getline(input, line);) {
    if (line.empty()) continue;
    nlohmann::json asset = nlohmann::json::parse(line);
    std::string uri = asset.at("uri");
    parent_of[uri] = asset.value("parent", "");
    lines.emplace_back(uri, line);
  }
  std::array<std::string, kShards> shards;
  for (const auto& [uri, line] : lines) {
    std::string root = uri;
    for (int depth = 0; depth < 16 && !parent_of[root].empty(); ++depth) root = parent_of[root];
    shards[fnv1a(root) % kShards] += line + "\n";
  }
  return shards;
}

std::string read_file(const std::string& path) {
  std::ifstream input(path);
  std::stringstream text;
  text << input.rdbuf();
  return text.str();
}

// Every match of `query`: uri -> weight.
std::map<std::string, double> matches(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
  std::map<std::string, double> out;
  for (auto it = mset.begin(); it != mset.end(); ++it)
    out[decode_doc_data(it.get_document().get_data()).uri] = it.get_weight();
  return out;
}

// Facet counts over `set` (no filters), by facet name and value.
std::map<std::string, uint32_t> counts(const FacetIndex& facets, const Roaring& set) {
  std::array<std::vector<std::string>, schema::kFacetCount> selected;
  std::array<Roaring, schema::kFacetCount> filter;
  std::array<bool, schema::kFacetCount> wanted;
  wanted.fill(true);
  auto result = facets.count(set, selected, filter, wanted, 1000);
  std::map<std::string, uint32_t> out;
  for (size_t f = 0; f < schema::kFacetCount; ++f) {
    for (const FacetCount& value : result[f])
      out[std::string(schema::kFacets[f].name) + "=" + value.value] = value.count;
  }
  return out;
}

// Terms starting with `prefix` and their frequencies, as prefix completion reads them.
std::vector<std::pair<std::string, Xapian::doccount>> terms_with_prefix(const Xapian::Database& db,
                                                                        const std::string& prefix) {
  std::vector<std::pair<std::string, Xapian::doccount>> out;
  for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term)
    out.emplace_back(*term, term.get_termfreq());
  return out;
}

// Words in the spelling table.
size_t spellings(const Xapian::Database& db) {
  size_t n = 0;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) ++n;
  return n;
}

class ShardTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* override_path = std::getenv("DATACAT_SHARD_NDJSON");
    std::string ndjson =
        read_file(override_path != nullptr ? override_path : testing::sample_catalog_path());
    root_ = new testing::TempDir();
    whole_ = new DataDir(root_->path() + "/whole");
    testing::import_ndjson(*whole_, ndjson);
    auto parts = split_by_root(ndjson);
    for (int s = 0; s < kShards; ++s) {
      shard_dirs_.emplace_back(root_->path() + "/shard" + std::to_string(s));
      testing::import_ndjson(shard_dirs_.back(), parts[s]);
      if (s == 0) {
        Xapian::WritableDatabase db(shard_dirs_.back().index_link(), Xapian::DB_OPEN);
        db.add_synonym(kSynonymKey, "customer");
        db.commit();
      }
      servers_.push_back(new ShardServer(shard_dirs_.back().index_link()));
    }
  }
  static void TearDownTestSuite() {
    for (ShardServer* server : servers_) delete server;
    servers_.clear();
    shard_dirs_.clear();
    delete whole_;
    delete root_;
  }

  void SetUp() override {
    for (ShardServer* server : servers_) ASSERT_TRUE(server->ready()) << "xapian-tcpsrv";
    reference_ = Xapian::Database(whole_->index_link());
    for (ShardServer* server : servers_)
      sharded_.add_database(Xapian::Remote::open("127.0.0.1", server->port()));
    for (const DataDir& dir : shard_dirs_)
      local_shards_.add_database(Xapian::Database(dir.index_link()));
  }

  static testing::TempDir* root_;
  static DataDir* whole_;
  static std::vector<DataDir> shard_dirs_;
  static std::vector<ShardServer*> servers_;

  Xapian::Database reference_;     // one index of the whole catalog
  Xapian::Database sharded_;       // the shards, through xapian-tcpsrv
  Xapian::Database local_shards_;  // the same shards opened from disk
};

testing::TempDir* ShardTest::root_ = nullptr;
DataDir* ShardTest::whole_ = nullptr;
std::vector<DataDir> ShardTest::shard_dirs_;
std::vector<ShardServer*> ShardTest::servers_;

TEST_F(ShardTest, EveryAssetIsInExactlyOneShard) {
  Xapian::doccount sum = 0;
  for (const DataDir& dir : shard_dirs_) {
    Xapian::doccount count = Xapian::Database(dir.index_link()).get_doccount();
    EXPECT_GT(count, 0u) << dir.root();
    sum += count;
  }
  EXPECT_EQ(sum, reference_.get_doccount());
  EXPECT_EQ(sharded_.get_doccount(), reference_.get_doccount());
  std::string id_prefix(schema::kUriPrefix);
  for (auto term = reference_.allterms_begin(id_prefix); term != reference_.allterms_end(id_prefix);
       ++term) {
    ASSERT_EQ(sharded_.get_termfreq(*term), 1u) << *term;
  }
}

TEST_F(ShardTest, XapianSearchOverRemoteShardsFindsAndWeighsAsOneIndex) {
  // The statistics BM25 needs (document count, average length, term frequencies) are
  // gathered from every shard, so each weight is the single index's.
  QueryParser parser;
  for (const char* text : {"orders", "customer", "billing address", "line items", "revenue",
                           "\"line item\"", "type:table", "sales OR finance", "customer -orders"}) {
    auto parsed = parser.parse(text);
    ASSERT_TRUE(parsed.is_ok()) << text;
    auto expected = matches(reference_, parsed->query);
    auto got = matches(sharded_, parsed->query);
    ASSERT_FALSE(expected.empty()) << text;
    ASSERT_EQ(got.size(), expected.size()) << text;
    for (const auto& [uri, weight] : expected) {
      ASSERT_TRUE(got.count(uri)) << text << ": " << uri;
      EXPECT_NEAR(got[uri], weight, 1e-9 * weight) << text << ": " << uri;
    }
  }
}

TEST_F(ShardTest, FacetIndexBuildsOverRemoteShardsWithTheSameCounts) {
  auto start = Clock::now();
  auto whole = FacetIndex::build(reference_);
  double whole_ms = ms_since(start);
  start = Clock::now();
  auto local = FacetIndex::build(local_shards_);
  double local_ms = ms_since(start);
  start = Clock::now();
  auto remote = FacetIndex::build(sharded_);
  double remote_ms = ms_since(start);
  std::printf(
      "FacetIndex::build, %u docs: one index %.1f ms, 2 local shards %.1f ms, "
      "2 remote shards %.1f ms\n",
      reference_.get_doccount(), whole_ms, local_ms, remote_ms);

  EXPECT_EQ(remote->universe().cardinality(), whole->universe().cardinality());
  EXPECT_EQ(counts(*remote, remote->universe()), counts(*whole, whole->universe()));

  // A match set counts the same too: facets only need docids of the combined database.
  QueryParser parser;
  auto parsed = parser.parse("customer");
  ASSERT_TRUE(parsed.is_ok());
  auto docs_of = [&](const Xapian::Database& db) {
    Xapian::Enquire enquire(db);
    enquire.set_query(parsed->query);
    Roaring set;
    for (Xapian::docid id : enquire.get_mset(0, db.get_doccount())) set.add(id);
    return set;
  };
  Roaring whole_set = docs_of(reference_);
  ASSERT_GT(whole_set.cardinality(), 0u);
  EXPECT_EQ(counts(*remote, docs_of(sharded_)), counts(*whole, whole_set));
}

TEST_F(ShardTest, PrefixCompletionReadsMergedTermsWithSummedFrequencies) {
  for (const char* prefix : {"XNcust", "XDord", "XKfin", "FT:"}) {
    auto expected = terms_with_prefix(reference_, prefix);
    EXPECT_FALSE(expected.empty()) << prefix;
    EXPECT_EQ(terms_with_prefix(sharded_, prefix), expected) << prefix;
  }
}

TEST_F(ShardTest, RevisionOfShardedDatabaseThrowsSoDatacatsCachesCannotKeyOnIt) {
  // TermBitmapCache, FacetIndexCache and Searcher key on get_revision(): with more than
  // one shard Xapian 1.4 refuses it, so the Searcher cannot run over shards unchanged.
  EXPECT_THROW(sharded_.get_revision(), Xapian::InvalidOperationError);
  EXPECT_THROW(local_shards_.get_revision(), Xapian::InvalidOperationError);
  // Nor does one remote shard alone tell its revision: the remote backend does not
  // implement it in 1.4. Only the uuid comes through (the shards' uuids joined by ':').
  Xapian::Database one = Xapian::Remote::open("127.0.0.1", servers_[0]->port());
  EXPECT_THROW(one.get_revision(), Xapian::UnimplementedError);
  std::string first = Xapian::Database(shard_dirs_[0].index_link()).get_uuid();
  std::string second = Xapian::Database(shard_dirs_[1].index_link()).get_uuid();
  EXPECT_EQ(sharded_.get_uuid(), first + ":" + second);
}

TEST_F(ShardTest, SynonymsAreNotReadThroughTheRemoteBackend) {
  // datacat does not use Xapian's synonym table (a glossary term's synonyms are indexed
  // as XT terms of the asset, which shards carry like any term); this pins down that the
  // table would not reach a front anyway. SetUpTestSuite added one synonym to shard 0.
  Xapian::Database local(shard_dirs_[0].index_link());
  EXPECT_NE(local.synonyms_begin(kSynonymKey), local.synonyms_end(kSynonymKey));
  Xapian::Database one = Xapian::Remote::open("127.0.0.1", servers_[0]->port());
  EXPECT_EQ(one.synonyms_begin(kSynonymKey), one.synonyms_end(kSynonymKey));
  EXPECT_EQ(one.synonym_keys_begin(), one.synonym_keys_end());
}

TEST_F(ShardTest, AWriteRoutedToItsShardIsSeenAfterReopen) {
  // The front routes an asset to the shard of its family's root uri; the shard's own
  // writer indexes it; the front sees it once it reopens the combined database.
  const std::string uri = "datacat://dataset/shard_routing_probe";
  const std::string line =
      "{\"uri\": \"" + uri + "\", \"type\": \"dataset\", \"name\": \"shard_routing_probe\"}\n";
  const std::string id_term = std::string(schema::kUriPrefix) + uri;
  ASSERT_EQ(sharded_.get_termfreq(id_term), 0u);
  const DataDir& shard = shard_dirs_[fnv1a(uri) % kShards];
  Xapian::doccount before = sharded_.get_doccount();
  testing::import_ndjson(shard, line);
  testing::import_ndjson(*whole_, line);          // keeps the reference equal for the other tests
  EXPECT_EQ(sharded_.get_termfreq(id_term), 0u);  // still the snapshot it opened
  sharded_.reopen();
  EXPECT_EQ(sharded_.get_termfreq(id_term), 1u);
  EXPECT_EQ(sharded_.get_doccount(), before + 1);
}

TEST_F(ShardTest, SpellingIsNotReadThroughTheRemoteBackend) {
  // A word of the spelling table, misspelt: every local index suggests it back.
  std::string word;
  for (auto it = reference_.spellings_begin(); it != reference_.spellings_end(); ++it) {
    if ((*it).size() >= 7 && it.get_termfreq() >= 2) {
      word = *it;
      break;
    }
  }
  ASSERT_FALSE(word.empty());
  std::string typo = word.substr(0, 3) + word.substr(4);  // one letter dropped
  EXPECT_EQ(reference_.get_spelling_suggestion(typo, 2), word);
  EXPECT_EQ(local_shards_.get_spelling_suggestion(typo, 2), word);
  // Over xapian-tcpsrv the spelling table reads as empty: no suggestion, no error.
  EXPECT_EQ(sharded_.get_spelling_suggestion(typo, 2), "");
  EXPECT_EQ(spellings(sharded_), 0u);
  EXPECT_GT(spellings(local_shards_), 0u);
}

TEST_F(ShardTest, MetadataComesFromTheFirstShardOnly) {
  // datacat.applied_seq is per shard (each shard has its own catalog and outbox).
  const std::string key(schema::kAppliedSeqKey);
  std::string first = Xapian::Database(shard_dirs_[0].index_link()).get_metadata(key);
  std::string second = Xapian::Database(shard_dirs_[1].index_link()).get_metadata(key);
  ASSERT_NE(first, second);
  EXPECT_EQ(sharded_.get_metadata(key), first);
}

TEST_F(ShardTest, ShardSearchersAddUpToTheWholeIndex) {
  // The design the page recommends: a datacat Searcher on each shard, merged by the front.
  // Shards hold disjoint assets, so totals, match sets and disjunctive facet counts add up.
  auto whole = Searcher::open(*whole_);
  ASSERT_TRUE(whole.is_ok()) << whole.status().to_string();
  std::vector<std::unique_ptr<Searcher>> shards;
  for (const DataDir& dir : shard_dirs_) {
    auto searcher = Searcher::open(dir);
    ASSERT_TRUE(searcher.is_ok()) << searcher.status().to_string();
    shards.push_back(std::move(*searcher));
  }
  std::vector<SearchRequest> requests(3);
  requests[0].query = "customer";
  requests[1].query = "orders";
  requests[1].filters = testing::filters({{"type", {"table"}}});
  requests[2].filters = testing::filters({{"tags", {"pii", "finance"}}});  // browsing
  for (SearchRequest& request : requests) {
    request.facet_size = SearchLimits::kMaxFacetSize;
    SearchResult expected = testing::search(**whole, request);
    ASSERT_GT(expected.total, 0u) << request.query;
    uint64_t total = 0;
    std::map<std::string, uint32_t> summed;
    std::vector<std::string> merged;
    for (auto& shard : shards) {
      SearchResult part = testing::search(*shard, request);
      total += part.total;
      for (const FacetResult& facet : part.facets) {
        for (const FacetCount& value : facet.values)
          summed[facet.name + "=" + value.value] += value.count;
      }
      for (const std::string& uri : testing::all_matches(*shard, request)) merged.push_back(uri);
    }
    EXPECT_EQ(total, expected.total) << request.query;
    std::map<std::string, uint32_t> wanted;
    for (const FacetResult& facet : expected.facets) {
      ASSERT_LT(facet.values.size(), request.facet_size) << facet.name;  // none cut off
      for (const FacetCount& value : facet.values) {
        if (value.count > 0) wanted[facet.name + "=" + value.value] = value.count;
      }
    }
    std::erase_if(summed, [](const auto& entry) { return entry.second == 0; });
    EXPECT_EQ(summed, wanted) << request.query;
    std::vector<std::string> all = testing::all_matches(**whole, request);
    std::sort(all.begin(), all.end());
    std::sort(merged.begin(), merged.end());
    EXPECT_EQ(merged, all) << request.query;
  }
}

TEST_F(ShardTest, SearchLatencyLocalAndRemote) {
  // Figures for docs/scaling.md; asserts only that each path answers.
  QueryParser parser;
  std::vector<Xapian::Query> queries;
  for (const char* text : {"orders", "customer", "billing address", "revenue", "type:table"})
    queries.push_back(parser.parse(text)->query);
  auto time = [&](const Xapian::Database& db, bool with_documents) {
    Xapian::Enquire enquire(db);
    Xapian::doccount found = 0;
    auto start = Clock::now();
    constexpr int kRounds = 20;
    for (int round = 0; round < kRounds; ++round) {
      for (const Xapian::Query& query : queries) {
        enquire.set_query(query);
        Xapian::MSet mset = enquire.get_mset(0, 20);
        if (with_documents) {
          for (auto it = mset.begin(); it != mset.end(); ++it) it.get_document().get_data();
        }
        found += mset.size();
      }
    }
    EXPECT_GT(found, 0u);
    return ms_since(start) / (kRounds * queries.size());
  };
  for (bool with_documents : {false, true}) {
    std::printf(
        "Enquire top 20%s, per query: one index %.3f ms, 2 local shards %.3f ms, "
        "2 remote shards %.3f ms\n",
        with_documents ? " and their documents" : "", time(reference_, with_documents),
        time(local_shards_, with_documents), time(sharded_, with_documents));
  }
  // What datacat's ranker and match sets read per term: the whole posting list with wdfs
  // (cached per revision locally; a remote shard would send it again for each new term).
  auto read_postings = [&](const Xapian::Database& db) {
    Xapian::termcount sum = 0;
    auto start = Clock::now();
    for (const char* term : {"XDcustom", "XNorder", "XDdata", "XDtabl", "FT:table"}) {
      for (auto post = db.postlist_begin(term); post != db.postlist_end(term); ++post)
        sum += post.get_wdf();
    }
    EXPECT_GT(sum, 0u);
    return ms_since(start);
  };
  std::printf(
      "Full postings of 5 common terms: one index %.3f ms, 2 local shards %.3f ms, "
      "2 remote shards %.3f ms\n",
      read_postings(reference_), read_postings(local_shards_), read_postings(sharded_));
}

}  // namespace
}  // namespace datacat::indexer
