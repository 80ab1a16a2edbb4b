// datacat-relevance: the relevance benchmark (docs/relevance.md). Builds the benchmark's
// catalogs, runs each judged set on datacat's default search and on the plain BM25
// baseline in the same run, and prints P@5, R@5, MAP, MRR and nDCG@10 (x100) per set, the
// ratio datacat / baseline, per-kind MRR for the own set, and every unmet judgment.
//
//   datacat-relevance [--source DIR] [--work DIR] [--sets datafinder,own] [--kinds] [-v]
//                     [--per-query] [--toggle feature,...]
// Exit status 0, or 1 when a catalog or a query file cannot be loaded.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "bench/relevance/suite.h"

namespace datacat::relevance {
namespace {

void print_row(const std::string& set, size_t queries, const char* engine, const Scores& s) {
  std::printf("%-20s %7zu  %-8s %6.1f %6.1f %6.1f %6.1f %8.1f\n", set.c_str(), queries, engine,
              s.p5 * 100, s.r5 * 100, s.map * 100, s.mrr * 100, s.ndcg10 * 100);
}

double ratio(double a, double b) {
  return b > 0 ? a / b : 0;
}

void print_report(const SetReport& report, bool kinds, bool verbose, bool per_query) {
  Scores ours = report.datacat.average();
  Scores base = report.baseline.average();
  print_row(report.name, report.datacat.queries, "datacat", ours);
  print_row("", report.datacat.queries, "bm25", base);
  std::printf("%-20s %7s  %-8s %6.2f %6.2f %6.2f %6.2f %8.2f\n", "", "", "ratio",
              ratio(ours.p5, base.p5), ratio(ours.r5, base.r5), ratio(ours.map, base.map),
              ratio(ours.mrr, base.mrr), ratio(ours.ndcg10, base.ndcg10));
  if (kinds && report.datacat_by_kind.size() > 1) {
    for (const auto& [kind, summary] : report.datacat_by_kind) {
      Scores k = summary.average();
      Scores b = report.baseline_by_kind.at(kind).average();
      std::printf("    %-20s %3zu  MRR %5.1f (bm25 %5.1f)  nDCG@10 %5.1f (bm25 %5.1f)\n",
                  kind.c_str(), summary.queries, k.mrr * 100, b.mrr * 100, k.ndcg10 * 100,
                  b.ndcg10 * 100);
    }
  }
  if (per_query) {
    for (const QueryOutcome& outcome : report.outcomes) {
      std::printf("    RR %5.1f (bm25 %5.1f)  %s\n", outcome.datacat.mrr * 100,
                  outcome.baseline.mrr * 100, outcome.query->text.c_str());
    }
  }
  if (report.judged > 0) {
    std::printf("    judgments met: %zu of %zu\n", report.met, report.judged);
    for (const QueryOutcome& outcome : report.outcomes) {
      if (outcome.met && !verbose) continue;
      std::printf("    %s [%s/%s] \"%s\"  top:", outcome.met ? "met  " : "UNMET",
                  outcome.query->catalog.c_str(), outcome.query->kind.c_str(),
                  outcome.query->text.c_str());
      for (const std::string& uri : outcome.top) std::printf(" %s", uri.c_str());
      std::printf("\n");
    }
  }
}

int run(const std::string& source, const std::string& work, const std::string& sets, bool kinds,
        bool verbose, bool per_query, const std::vector<std::string>& toggles) {
  indexer::RankingOptions ranking;
  for (const std::string& toggle : toggles) {
    if (Status s = apply_feature_change(toggle, ranking); !s.is_ok()) {
      std::cerr << "datacat-relevance: " << s.to_string() << "\n";
      return 1;
    }
  }
  bool datafinder = sets.find("datafinder") != std::string::npos;
  bool own = sets.find("own") != std::string::npos;
  Result<Suite> suite = load_suite(source, work, datafinder, own);
  if (!suite.is_ok()) {
    std::cerr << "datacat-relevance: " << suite.status().to_string() << "\n";
    return 1;
  }
  std::printf("%-20s %7s  %-8s %6s %6s %6s %6s %8s\n", "set", "queries", "engine", "P@5", "R@5",
              "MAP", "MRR", "nDCG@10");
  for (const JudgedSet& set : suite->sets) {
    Result<SetReport> report = run_set(set, suite->engines, ranking);
    if (!report.is_ok()) {
      std::cerr << "datacat-relevance: " << report.status().to_string() << "\n";
      return 1;
    }
    print_report(*report, kinds, verbose, per_query);
  }
  return 0;
}

}  // namespace
}  // namespace datacat::relevance

int main(int argc, char** argv) {
  CLI::App app{"Relevance benchmark: datacat's default search against plain BM25"};
  std::string source = ".";
  std::string work = (std::filesystem::temp_directory_path() / "datacat-relevance").string();
  std::string sets = "datafinder,own";
  bool kinds = false;
  bool verbose = false;
  bool per_query = false;
  std::vector<std::string> toggles;
  app.add_option("--source", source, "Source tree (bench/relevance, config/sample)");
  app.add_option("--work", work, "Work directory for the catalogs (rebuilt each run)");
  app.add_option("--sets", sets, "Comma-separated: datafinder, own");
  app.add_flag("--kinds", kinds, "MRR and nDCG@10 per query kind");
  app.add_flag("-v,--verbose", verbose, "Every judged query, met or not");
  app.add_flag("--per-query", per_query, "Reciprocal rank of each query, datacat and baseline");
  app.add_option("--toggle", toggles,
                 "Ranking features to switch (off, or on for feedback): bm25f, exact_boost, "
                 "name_start_boost, relax_few, coordination, word_pairs, "
                 "distinct_words, prefix, feedback")
      ->delimiter(',');
  CLI11_PARSE(app, argc, argv);
  return datacat::relevance::run(source, work, sets, kinds, verbose, per_query, toggles);
}
