// Ranking metrics as trec_eval computes them over the top 100, binary judgments: P@5, R@5,
// MAP, MRR and nDCG@10, each in [0, 1] per query; Summary averages them over a query set
// (reported x100).
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

namespace datacat::relevance {

inline constexpr size_t kDepth = 100;  // ranks looked at, as trec_eval's default run depth

struct Scores {
  double p5 = 0, r5 = 0, map = 0, mrr = 0, ndcg10 = 0;
};

// The scores of one ranked list (uris, best first; only the first kDepth count) against the
// uris judged relevant. An empty `relevant` scores 0 everywhere.
Scores score(const std::vector<std::string>& ranked,
             const std::unordered_set<std::string>& relevant);

// Mean of per-query scores.
struct Summary {
  Scores mean;
  size_t queries = 0;
  void add(const Scores& s);
  Scores average() const;
};

}  // namespace datacat::relevance
