#include "indexer/linked_terms.h"

#include <nlohmann/json.hpp>

namespace datacat::indexer {
namespace {

constexpr int kMaxDepth = 64;  // guards against a corrupt parent chain

constexpr const char* kApprovedTerms =
    "SELECT a.asset_uri, n.id, n.label, n.synonyms, n.parent_id FROM associations a "
    "JOIN glossary_nodes n ON n.id = a.term_id WHERE a.status = 'approved'";

LinkedTerm term_of(const Statement& row) {
  LinkedTerm term;
  term.id = row.column_int(1);
  term.label = row.column_text(2);
  nlohmann::json synonyms = nlohmann::json::parse(row.column_view(3), nullptr, false);
  if (synonyms.is_array()) {
    for (const auto& synonym : synonyms)
      if (synonym.is_string()) term.synonyms.push_back(synonym.get<std::string>());
  }
  return term;
}

}  // namespace

template <typename ParentOf>
std::vector<int64_t> LinkedTermReader::ancestors(int64_t parent, ParentOf parent_of) {
  std::vector<int64_t> chain;
  for (int depth = 0; parent != 0 && depth < kMaxDepth; ++depth) {
    chain.push_back(parent);
    parent = parent_of(parent);
  }
  return chain;
}

std::vector<LinkedTerm> LinkedTermReader::of(const std::string& uri) {
  Statement query = db_.prepare(std::string(kApprovedTerms) + " AND a.asset_uri = ? ORDER BY n.id");
  query.bind(1, uri);
  Statement parent_query = db_.prepare("SELECT parent_id FROM glossary_nodes WHERE id = ?");
  auto parent_of = [&](int64_t id) {
    parent_query.bind(1, id);
    int64_t parent = parent_query.step() ? parent_query.column_int(0) : 0;
    parent_query.reset();
    return parent;
  };
  std::vector<LinkedTerm> terms;
  while (query.step()) {
    terms.push_back(term_of(query));
    terms.back().ancestors = ancestors(query.column_int(4), parent_of);
  }
  return terms;
}

std::unordered_map<std::string, std::vector<LinkedTerm>> LinkedTermReader::all() {
  std::unordered_map<int64_t, int64_t> parents;
  Statement nodes = db_.prepare("SELECT id, parent_id FROM glossary_nodes");
  while (nodes.step()) parents.emplace(nodes.column_int(0), nodes.column_int(1));
  auto parent_of = [&](int64_t id) {
    auto it = parents.find(id);
    return it == parents.end() ? 0 : it->second;
  };
  std::unordered_map<std::string, std::vector<LinkedTerm>> by_uri;
  Statement query = db_.prepare(std::string(kApprovedTerms) + " ORDER BY a.asset_uri, n.id");
  while (query.step()) {
    std::vector<LinkedTerm>& terms = by_uri[query.column_text(0)];
    terms.push_back(term_of(query));
    terms.back().ancestors = ancestors(query.column_int(4), parent_of);
  }
  return by_uri;
}

}  // namespace datacat::indexer
