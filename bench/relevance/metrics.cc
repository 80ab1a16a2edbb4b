#include "bench/relevance/metrics.h"

#include <algorithm>
#include <cmath>

namespace datacat::relevance {

Scores score(const std::vector<std::string>& ranked,
             const std::unordered_set<std::string>& relevant) {
  Scores s;
  if (relevant.empty()) return s;
  size_t depth = std::min(ranked.size(), kDepth);
  size_t found = 0;
  double precision_sum = 0, dcg = 0;
  std::unordered_set<std::string> seen;  // a uri listed twice counts once
  for (size_t i = 0; i < depth; ++i) {
    if (!relevant.contains(ranked[i]) || !seen.insert(ranked[i]).second) continue;
    ++found;
    precision_sum += static_cast<double>(found) / static_cast<double>(i + 1);
    if (s.mrr == 0) s.mrr = 1.0 / static_cast<double>(i + 1);
    if (i < 5) s.p5 += 0.2;
    if (i < 10) dcg += 1.0 / std::log2(static_cast<double>(i) + 2);
  }
  auto total = static_cast<double>(relevant.size());
  s.r5 = s.p5 * 5 / total;
  s.map = precision_sum / total;
  double ideal = 0;
  for (size_t i = 0; i < std::min<size_t>(relevant.size(), 10); ++i)
    ideal += 1.0 / std::log2(static_cast<double>(i) + 2);
  s.ndcg10 = dcg / ideal;
  return s;
}

void Summary::add(const Scores& s) {
  mean.p5 += s.p5;
  mean.r5 += s.r5;
  mean.map += s.map;
  mean.mrr += s.mrr;
  mean.ndcg10 += s.ndcg10;
  ++queries;
}

Scores Summary::average() const {
  if (queries == 0) return {};
  double n = static_cast<double>(queries);
  return {mean.p5 / n, mean.r5 / n, mean.map / n, mean.mrr / n, mean.ndcg10 / n};
}

}  // namespace datacat::relevance
