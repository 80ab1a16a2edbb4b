// GlossaryStore: export and import of whole glossaries (glossary_transfer.h).
#include <cctype>
#include <unordered_map>

#include "glossary/glossary_store.h"
#include "indexer/timestamp.h"

namespace datacat::glossary {
namespace {

using indexer::Statement;
using indexer::Transaction;

// `status` with its field placed in the document.
Status at(const TreeNode& node, const Status& status) {
  return Status(status.code(), status.message(), transfer_field(node, status.field()));
}

Status check_tree_node(const TreeNode& node) {
  if (Status s = check_label(node.label); !s.is_ok()) return at(node, s);
  if (Status s = check_description(node.description); !s.is_ok()) return at(node, s);
  if (node.kind != NodeKind::kTerm && !node.synonyms.empty()) {
    return at(node, Status::invalid("only terms have synonyms", "synonyms"));
  }
  if (node.kind == NodeKind::kTerm && !node.children.empty()) {
    return at(node, Status::invalid("a term has no children", "children"));
  }
  if (Status s = check_synonyms(node.synonyms, node.label); !s.is_ok()) return at(node, s);
  for (const TreeNode& child : node.children) {
    if (Status s = check_tree_node(child); !s.is_ok()) return s;
  }
  return Status::ok();
}

// kAlreadyExists naming the second of two terms with one label (ignoring ASCII case), in
// document order; `seen` maps lower-cased labels to their first term.
Status check_terms_distinct(const std::vector<TreeNode>& nodes,
                            std::unordered_map<std::string, const TreeNode*>& seen) {
  for (const TreeNode& node : nodes) {
    if (node.kind == NodeKind::kTerm) {
      std::string key = node.label;
      for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      auto [it, added] = seen.emplace(key, &node);
      if (!added) {
        return Status(StatusCode::kAlreadyExists,
                      "the term \"" + node.label + "\" is also at " + it->second->source,
                      transfer_field(node, "label"));
      }
    }
    if (Status s = check_terms_distinct(node.children, seen); !s.is_ok()) return s;
  }
  return Status::ok();
}

}  // namespace

Result<GlossaryDocument> GlossaryStore::export_glossary(int64_t glossary_id) {
  Result<std::vector<Node>> nodes = subtree(glossary_id);
  if (!nodes.is_ok()) return nodes.status();
  if (nodes->front().kind != NodeKind::kGlossary) {
    return Status(StatusCode::kNotFound, "no glossary with id " + std::to_string(glossary_id));
  }
  return document_of(*nodes);
}

Status GlossaryStore::import_children(const Node& parent, const std::vector<TreeNode>& nodes,
                                      int64_t now, ImportSummary& summary) {
  for (const TreeNode& node : nodes) {
    // The existing node this one merges into: a category by label under the same parent,
    // a term by label anywhere in the glossary.
    std::optional<Node> existing;
    bool category = node.kind == NodeKind::kCategory;
    Statement find = db_->prepare(
        category ? "SELECT id FROM glossary_nodes WHERE kind = 'category' AND parent_id = ? "
                   "AND label = ? ORDER BY id LIMIT 1"
                 : "SELECT id FROM glossary_nodes WHERE kind = 'term' AND glossary_id = ? "
                   "AND label = ? COLLATE NOCASE LIMIT 1");
    find.bind(1, category ? parent.id : parent.glossary_id).bind(2, node.label);
    if (find.step()) existing = read_node(find.column_int(0));
    int64_t id = 0;
    if (!existing) {
      id = insert_node(parent, node.kind, node.label, node.description, node.synonyms, now);
      ++summary.created;
    } else {
      Node updated = *existing;
      updated.label = node.label;
      if (!node.implied) updated.description = node.description;
      updated.synonyms = node.synonyms;
      updated.parent_id = parent.id;
      if (updated == *existing) {
        ++summary.unchanged;
      } else {
        updated.updated = now;
        write_node(*existing, updated, now);
        ++summary.updated;
      }
      id = existing->id;
    }
    if (node.kind == NodeKind::kCategory) {
      if (Status s = import_children(*read_node(id), node.children, now, summary); !s.is_ok())
        return s;
    }
  }
  return Status::ok();
}

Result<GlossaryStore::ImportSummary> GlossaryStore::import_glossary(
    const GlossaryDocument& document, ImportMode mode, std::optional<int64_t> expected_glossary) {
  if (Status s = check_label(document.label); !s.is_ok()) return s;
  if (Status s = check_description(document.description); !s.is_ok()) return s;
  if (Status s = check_owner(document.owner); !s.is_ok()) return s;
  for (const TreeNode& node : document.children) {
    if (Status s = check_tree_node(node); !s.is_ok()) return s;
  }
  // Term labels are unique in a glossary: the document must not repeat one either.
  std::unordered_map<std::string, const TreeNode*> terms;
  if (Status s = check_terms_distinct(document.children, terms); !s.is_ok()) return s;
  try {
    int64_t now = indexer::now_unix_seconds();
    Transaction txn(*db_, Transaction::Kind::kWrite);
    ImportSummary summary;
    Statement find = db_->prepare(
        "SELECT id FROM glossary_nodes WHERE kind = 'glossary' AND label = ? COLLATE NOCASE");
    find.bind(1, document.label);
    std::optional<Node> glossary;
    if (find.step()) glossary = read_node(find.column_int(0));
    if (expected_glossary && *expected_glossary != (glossary ? glossary->id : 0)) {
      return Status(StatusCode::kFailedPrecondition,
                    "the glossary with this label changed while importing; try again", "label");
    }
    if (glossary && mode == ImportMode::kCreate) {
      return Status(StatusCode::kAlreadyExists, "a glossary with this label exists", "label");
    }
    if (!glossary) {
      glossary =
          read_node(insert_glossary(document.label, document.description, document.owner, now));
    } else if (!document.description.empty() && document.description != glossary->description) {
      Node updated = *glossary;
      updated.description = document.description;
      write_node(*glossary, updated, now);
    }
    if (Status s = import_children(*glossary, document.children, now, summary); !s.is_ok())
      return s;
    summary.glossary = *read_node(glossary->id);
    txn.commit();
    return summary;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

}  // namespace datacat::glossary
