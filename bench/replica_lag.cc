// Replication lag, end to end: how long after a write is acknowledged on the primary
// (PUT ...?sync=true, so it is already searchable there) until a search on each replica
// finds it. Also the same measurement against the primary itself as the baseline (what
// any reader of the primary waits: nothing beyond the acknowledgement).
//   replica_lag_bench TOKEN WRITES PRIMARY_URL REPLICA_URL...
// Prints, per server, the median, p90 and max of the lag in milliseconds.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Server {
  std::string url;
  std::unique_ptr<httplib::Client> client;
  std::vector<double> lags_ms;
};

// A word of letters only, unique per write (never a prefix of another).
std::string word_of(int i) {
  std::string word = "lagword";
  for (int k = 0; k < 5; ++k, i /= 26) word += static_cast<char>('a' + i % 26);
  return word;
}

bool finds(httplib::Client& client, const std::string& word) {
  httplib::Result answer = client.Get("/api/v1/search?per_page=1&q=" + word);
  if (!answer || answer->status != 200) return false;
  return nlohmann::json::parse(answer->body).value("total", 0) == 1;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  size_t at = static_cast<size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[at];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::cerr << "usage: replica_lag_bench TOKEN WRITES PRIMARY_URL REPLICA_URL...\n";
    return 2;
  }
  std::string token = argv[1];
  int writes = std::stoi(argv[2]);
  std::vector<Server> servers;
  for (int i = 3; i < argc; ++i) {
    servers.push_back({argv[i], std::make_unique<httplib::Client>(argv[i]), {}});
  }
  httplib::Client& primary = *servers[0].client;
  httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  for (int i = 0; i < writes; ++i) {
    std::string word = word_of(i);
    nlohmann::json asset = {{"type", "dataset"},
                            {"name", "lag_" + std::to_string(i)},
                            {"description", "replication lag probe " + word},
                            {"owner", "bench"}};
    httplib::Result put =
        primary.Put("/api/v1/assets/bench%3Alag" + std::to_string(i) + "?sync=true", auth,
                    asset.dump(), "application/json");
    if (!put || put->status >= 300 || put->get_header_value("X-Datacat-Indexed") != "true") {
      std::cerr << "write " << i << " failed: " << (put ? put->body : "no answer") << "\n";
      return 1;
    }
    auto acknowledged = Clock::now();
    std::vector<bool> seen(servers.size(), false);
    size_t remaining = servers.size();
    while (remaining > 0) {
      for (size_t s = 0; s < servers.size(); ++s) {
        if (seen[s] || !finds(*servers[s].client, word)) continue;
        seen[s] = true;
        --remaining;
        servers[s].lags_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - acknowledged).count());
      }
      if (std::chrono::duration<double>(Clock::now() - acknowledged).count() > 30) {
        std::cerr << "write " << i << " not visible everywhere after 30 s\n";
        return 1;
      }
    }
    // Writes spaced out, so each measures a replica that was idle, not a queue.
    std::this_thread::sleep_for(std::chrono::milliseconds(37));
  }
  std::printf("%-34s %10s %10s %10s\n", "visible on (ms after the ack)", "median", "p90", "max");
  for (size_t s = 0; s < servers.size(); ++s) {
    std::string name = (s == 0 ? "primary (baseline) " : "replica ") + servers[s].url;
    std::printf("%-34s %10.1f %10.1f %10.1f\n", name.c_str(), percentile(servers[s].lags_ms, 0.5),
                percentile(servers[s].lags_ms, 0.9),
                *std::max_element(servers[s].lags_ms.begin(), servers[s].lags_ms.end()));
  }
  return 0;
}
