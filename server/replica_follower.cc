#include "server/replica_follower.h"

#include <httplib.h>
#include <sys/stat.h>
#include <xapian.h>

#include <regex>

#include "server/child_process.h"
#include "server/logging.h"
#include "server/replication_source.h"
#include "server/token_store.h"

namespace datacat::server {
namespace {

constexpr std::chrono::seconds kPrimaryTimeout{2};
constexpr std::chrono::seconds kReplicateTimeout{300};
constexpr std::chrono::seconds kRetryDelay{1};

// What the primary's GET /replication says about its index.
struct PrimaryIndex {
  std::string uuid;
  uint64_t revision = 0;
  int replication_port = 0;
};

Result<PrimaryIndex> ask_primary(const std::string& host, int port) {
  httplib::Client client(host, port);
  client.set_connection_timeout(kPrimaryTimeout);
  client.set_read_timeout(kPrimaryTimeout);
  httplib::Result answer = client.Get("/replication");
  if (!answer) return Status(StatusCode::kUnavailable, "no answer: " + to_string(answer.error()));
  if (answer->status != 200)
    return Status(StatusCode::kUnavailable,
                  "GET /replication: HTTP " + std::to_string(answer->status));
  nlohmann::json body = nlohmann::json::parse(answer->body, nullptr, false);
  if (!body.is_object() || body.value("role", "") != "primary" || !body.contains("index") ||
      !body["index"].is_object())
    return Status(StatusCode::kUnavailable, "not a datacat primary with replication on");
  PrimaryIndex out;
  out.uuid = body["index"].value("uuid", "");
  out.revision = body["index"].value("revision", uint64_t{0});
  out.replication_port = body.value("replication_port", 0);
  if (out.replication_port <= 0) return Status(StatusCode::kUnavailable, "replication is off");
  return out;
}

struct LocalCopy {
  std::string uuid;
  uint64_t revision = 0;
};

// The copy's uuid and revision, or nullopt when there is no copy yet.
std::optional<LocalCopy> read_copy(const std::string& path) {
  struct stat info {};
  if (stat((path + "/XAPIANDB").c_str(), &info) != 0) return std::nullopt;
  try {
    Xapian::Database db(path);
    return LocalCopy{db.get_uuid(), db.get_revision()};
  } catch (const Xapian::Error&) {
    return std::nullopt;  // being switched over by xapian-replicate: read it next tick
  }
}

}  // namespace

Result<std::unique_ptr<ReplicaFollower>> ReplicaFollower::create(const std::string& primary_url,
                                                                 const std::string& data_dir) {
  static const std::regex kUrl(R"(http://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\]):([0-9]{1,5})/?)");
  std::smatch match;
  if (!std::regex_match(primary_url, match, kUrl)) {
    return Status::invalid("expected the primary's address as http://host:port",
                           "replication.replica_of");
  }
  int port = std::stoi(match[2].str());
  if (port < 1 || port > 65535)
    return Status::invalid("port must be 1 to 65535", "replication.replica_of");
  std::string url =
      primary_url.back() == '/' ? primary_url.substr(0, primary_url.size() - 1) : primary_url;
  return std::unique_ptr<ReplicaFollower>(new ReplicaFollower(url, match[1].str(), port, data_dir));
}

ReplicaFollower::ReplicaFollower(std::string primary_url, std::string host, int port,
                                 std::string data_dir)
    : primary_url_(std::move(primary_url)),
      host_(std::move(host)),
      port_(port),
      data_dir_(std::move(data_dir)) {
  status_.primary = primary_url_;
  // A copy left by an earlier run serves at once, before the primary answers.
  if (std::optional<LocalCopy> copy = read_copy(copy_path())) {
    status_.have_copy = true;
    status_.uuid = copy->uuid;
    status_.revision = copy->revision;
    version_ = 1;
  }
}

ReplicaFollower::~ReplicaFollower() {
  stop();
}

void ReplicaFollower::start() {
  thread_ = std::thread([this] { run(); });
}

void ReplicaFollower::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ || !thread_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

int ReplicaFollower::wait_for(ChildProcess& child) {
  auto deadline = std::chrono::steady_clock::now() + kReplicateTimeout;
  for (;;) {
    if (std::optional<int> code = child.poll()) return *code;
    // A stopping server does not wait for a long full copy: xapian-replicate leaves the
    // copy it had, and the next start carries on.
    if (stopping_ || std::chrono::steady_clock::now() > deadline) {
      child.stop();
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

ReplicaStatus ReplicaFollower::status() const {
  std::lock_guard<std::mutex> lock(mutex_);
  ReplicaStatus out = status_;
  if (out.lag_revisions != 0 && behind_since_ != std::chrono::steady_clock::time_point{}) {
    out.lag_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - behind_since_).count();
  }
  return out;
}

void ReplicaFollower::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    tick();
    lock.lock();
    wake_.wait_for(lock, kPollInterval);
  }
}

void ReplicaFollower::tick() {
  Result<PrimaryIndex> primary = ask_primary(host_, port_);
  std::optional<LocalCopy> copy = read_copy(copy_path());
  auto behind = [&primary](const std::optional<LocalCopy>& c) {
    return !c || c->uuid != primary->uuid || c->revision < primary->revision;
  };
  std::string replicate_error;
  bool replicated = false;
  bool backing_off = std::chrono::steady_clock::now() < retry_at_;
  if (primary.is_ok() && behind(copy) && !backing_off) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (behind_since_ == std::chrono::steady_clock::time_point{})
        behind_since_ = std::chrono::steady_clock::now();
    }
    // One pass: every changeset the primary has (each a whole commit), or a full copy.
    std::vector<std::string> argv = {"xapian-replicate",
                                     "--host",
                                     host_,
                                     "--port",
                                     std::to_string(primary->replication_port),
                                     "--master",
                                     ReplicationSource::kDatabaseName,
                                     "--one-shot",
                                     "--reader-time=0",
                                     "--quiet",
                                     copy_path()};
    Result<ChildProcess> child = ChildProcess::spawn(argv, data_dir_ + "/replication.log");
    if (!child.is_ok()) {
      replicate_error = child.status().message();
    } else if (int code = wait_for(*child); code != 0 && !stopping_) {
      replicate_error = "xapian-replicate exited with " + std::to_string(code) + " (see " +
                        data_dir_ + "/replication.log)";
    }
    replicated = true;
    // A failing replication (the port unreachable, say) is tried again a second later,
    // not at every poll.
    if (!replicate_error.empty()) retry_at_ = std::chrono::steady_clock::now() + kRetryDelay;
    copy = read_copy(copy_path());
  }

  std::lock_guard<std::mutex> lock(mutex_);
  if (replicated) ++status_.replications;
  if (!replicate_error.empty()) {
    if (replicate_error != status_.replicate_error)
      log_event("error", "replication_failed", {{"error", replicate_error}});
  }
  if (replicated) status_.replicate_error = replicate_error;
  status_.primary_reachable = primary.is_ok();
  status_.primary_error = primary.is_ok() ? "" : primary.status().message();
  if (primary.is_ok()) {
    status_.primary_uuid = primary->uuid;
    status_.primary_revision = primary->revision;
  }
  bool moved = copy && (!status_.have_copy || copy->uuid != status_.uuid ||
                        copy->revision != status_.revision);
  if (copy) {
    status_.have_copy = true;
    status_.uuid = copy->uuid;
    status_.revision = copy->revision;
  }
  if (moved) version_.fetch_add(1);
  if (!status_.have_copy || status_.primary_uuid.empty()) {
    status_.lag_revisions = -1;
  } else if (status_.uuid != status_.primary_uuid) {
    status_.lag_revisions = -1;  // the primary swapped in a new index: a full copy is due
  } else {
    status_.lag_revisions = status_.primary_revision > status_.revision
                                ? static_cast<int64_t>(status_.primary_revision - status_.revision)
                                : 0;
  }
  if (status_.lag_revisions == 0) behind_since_ = {};
}

Result<Identity> ReplicaFollower::identify_token(const std::string& authorization) {
  std::string key = sha256_hex(authorization);
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = tokens_.find(key); it != tokens_.end() && it->second.expires > now)
      return it->second.identity;
  }
  httplib::Client client(host_, port_);
  client.set_connection_timeout(kPrimaryTimeout);
  client.set_read_timeout(kPrimaryTimeout);
  httplib::Result answer = client.Get("/api/v1/me", {{"Authorization", authorization}});
  if (!answer) {
    return Status(StatusCode::kUnavailable,
                  "cannot verify the token: the primary " + primary_url_ + " does not answer");
  }
  nlohmann::json body = nlohmann::json::parse(answer->body, nullptr, false);
  if (answer->status == 401) {
    std::string message = "invalid token";
    if (body.is_object() && body.contains("error") && body["error"].is_object())
      message = body["error"].value("message", message);
    return Status(StatusCode::kUnauthenticated, message);
  }
  if (answer->status != 200 || !body.is_object() || !body["user"].is_string()) {
    return Status(StatusCode::kUnavailable, "cannot verify the token: the primary answered HTTP " +
                                                std::to_string(answer->status));
  }
  Identity identity;
  identity.user = body["user"].get<std::string>();
  if (body["groups"].is_array()) {
    for (const nlohmann::json& group : body["groups"])
      if (group.is_string()) identity.groups.push_back(group.get<std::string>());
  }
  identity.admin = body.value("admin", false);
  std::lock_guard<std::mutex> lock(mutex_);
  if (tokens_.size() > 10000) tokens_.clear();
  tokens_[key] = CachedIdentity{identity, now + kTokenTtl};
  return identity;
}

}  // namespace datacat::server
