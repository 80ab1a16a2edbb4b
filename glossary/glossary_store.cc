// GlossaryStore: opening, the node tree and term search. The association workflow is in
// glossary_store_links.cc.
#include "glossary/glossary_store.h"

#include <algorithm>
#include <iterator>
#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "indexer/migrations.h"
#include "indexer/timestamp.h"

namespace datacat::glossary {
namespace {

using indexer::SqliteDb;
using indexer::SqliteError;
using indexer::Statement;
using indexer::Transaction;

// Columns of a node with its glossary's owner; decode_node reads them in this order.
constexpr const char* kNodeSelect =
    "SELECT n.id, n.kind, coalesce(n.glossary_id, n.id), coalesce(n.parent_id, 0), n.label, "
    "n.description, n.synonyms, g.owner, n.created, n.updated FROM glossary_nodes n "
    "JOIN glossary_nodes g ON g.id = coalesce(n.glossary_id, n.id) ";

// `id` (bound as ?1) and every node beneath it.
constexpr const char* kSubtreeCte =
    "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION "
    "SELECT n.id FROM glossary_nodes n JOIN sub ON n.parent_id = sub.id) ";

Node decode_node(const Statement& row) {
  Node node;
  node.id = row.column_int(0);
  std::optional<NodeKind> kind = parse_node_kind(row.column_view(1));
  if (!kind) throw SqliteError(SQLITE_CORRUPT, "unknown glossary node kind");
  node.kind = *kind;
  node.glossary_id = row.column_int(2);
  node.parent_id = row.column_int(3);
  node.label = row.column_text(4);
  node.description = row.column_text(5);
  node.synonyms = nlohmann::json::parse(row.column_view(6)).get<std::vector<std::string>>();
  node.owner = row.column_text(7);
  node.created = row.column_int(8);
  node.updated = row.column_int(9);
  return node;
}

std::string synonyms_json(const std::vector<std::string>& synonyms) {
  return nlohmann::json(synonyms).dump();
}

// `text` with LIKE's wildcards and the escape character escaped by a backslash.
std::string like_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '%' || c == '_') out += '\\';
    out += c;
  }
  return out;
}

Status node_not_found(int64_t id, const std::string& field = {}) {
  return Status(StatusCode::kNotFound, "no glossary node with id " + std::to_string(id), field);
}

}  // namespace

Status GlossaryStore::to_status(const std::exception& e) {
  const auto* sqlite = dynamic_cast<const SqliteError*>(&e);
  if (sqlite != nullptr && (sqlite->code() == SQLITE_BUSY || sqlite->code() == SQLITE_LOCKED)) {
    return Status(StatusCode::kUnavailable, std::string("catalog database busy: ") + e.what());
  }
  if (sqlite != nullptr && sqlite->code() == SQLITE_CONSTRAINT &&
      std::string_view(e.what()).find("UNIQUE") != std::string_view::npos) {
    return Status(StatusCode::kAlreadyExists, std::string("already exists: ") + e.what());
  }
  return Status::internal(std::string("catalog database: ") + e.what());
}

Result<std::unique_ptr<GlossaryStore>> GlossaryStore::open(const std::string& catalog_path) {
  try {
    auto db = std::make_unique<SqliteDb>(catalog_path);
    indexer::migrate(*db);
    return std::unique_ptr<GlossaryStore>(new GlossaryStore(std::move(db)));
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

std::optional<Node> GlossaryStore::read_node(int64_t id) {
  Statement query = db_->prepare(std::string(kNodeSelect) + "WHERE n.id = ?");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return decode_node(query);
}

std::vector<int64_t> GlossaryStore::subtree_ids(int64_t id) {
  Statement query = db_->prepare(std::string(kSubtreeCte) + "SELECT id FROM sub");
  query.bind(1, id);
  std::vector<int64_t> ids;
  while (query.step()) ids.push_back(query.column_int(0));
  return ids;
}

size_t GlossaryStore::depth_of(int64_t id) {
  Statement query = db_->prepare(
      "WITH RECURSIVE up(id, d) AS (SELECT ?1, 0 UNION ALL "
      "SELECT n.parent_id, up.d + 1 FROM glossary_nodes n JOIN up ON n.id = up.id "
      "WHERE n.parent_id IS NOT NULL) SELECT max(d) FROM up");
  query.bind(1, id);
  return query.step() ? static_cast<size_t>(query.column_int(0)) : 0;
}

size_t GlossaryStore::height_of(int64_t id) {
  Statement query = db_->prepare(
      "WITH RECURSIVE down(id, d) AS (SELECT ?1, 0 UNION ALL "
      "SELECT n.id, down.d + 1 FROM glossary_nodes n JOIN down ON n.parent_id = down.id) "
      "SELECT max(d) FROM down");
  query.bind(1, id);
  return query.step() ? static_cast<size_t>(query.column_int(0)) : 0;
}

Status GlossaryStore::check_depth(int64_t parent_id, int64_t moving_id) {
  size_t depth = depth_of(parent_id) + 1 + (moving_id != 0 ? height_of(moving_id) : 0);
  if (depth <= NodeLimits::kDepth) return Status::ok();
  return Status::invalid(
      "categories nest at most " + std::to_string(NodeLimits::kDepth) + " levels deep", "parent");
}

std::vector<std::string> GlossaryStore::approved_uris_under(int64_t id) {
  Statement query = db_->prepare(std::string(kSubtreeCte) +
                                 "SELECT DISTINCT asset_uri FROM associations "
                                 "WHERE status = 'approved' AND term_id IN (SELECT id FROM sub) "
                                 "ORDER BY asset_uri");
  query.bind(1, id);
  std::vector<std::string> uris;
  while (query.step()) uris.push_back(query.column_text(0));
  return uris;
}

void GlossaryStore::write_outbox(const std::vector<std::string>& uris, int64_t now) {
  Statement insert = db_->prepare("INSERT INTO outbox(uri, created) VALUES (?, ?)");
  for (const std::string& uri : uris) {
    insert.bind(1, uri).bind(2, now).run();
  }
}

Status GlossaryStore::check_label_free(NodeKind kind, int64_t glossary_id, const std::string& label,
                                       int64_t self) {
  if (kind == NodeKind::kCategory) return Status::ok();
  Statement query = db_->prepare(
      "SELECT 1 FROM glossary_nodes WHERE kind = ?1 AND coalesce(glossary_id, 0) = ?2 "
      "AND label = ?3 COLLATE NOCASE AND id <> ?4");
  query.bind(1, node_kind_name(kind))
      .bind(2, kind == NodeKind::kGlossary ? int64_t{0} : glossary_id)
      .bind(3, label)
      .bind(4, self);
  if (!query.step()) return Status::ok();
  return Status(StatusCode::kAlreadyExists,
                kind == NodeKind::kGlossary ? "a glossary with this label exists"
                                            : "a term with this label exists in the glossary",
                "label");
}

int64_t GlossaryStore::insert_glossary(const std::string& label, const std::string& description,
                                       const std::string& owner, int64_t now) {
  Statement insert = db_->prepare(
      "INSERT INTO glossary_nodes(kind, label, description, owner, created, updated) "
      "VALUES ('glossary', ?, ?, ?, ?, ?)");
  insert.bind(1, label).bind(2, description).bind(3, owner).bind(4, now).bind(5, now).run();
  return sqlite3_last_insert_rowid(db_->handle());
}

int64_t GlossaryStore::insert_node(const Node& parent, NodeKind kind, const std::string& label,
                                   const std::string& description,
                                   const std::vector<std::string>& synonyms, int64_t now) {
  Statement insert = db_->prepare(
      "INSERT INTO glossary_nodes(kind, glossary_id, parent_id, label, description, synonyms, "
      "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, node_kind_name(kind))
      .bind(2, parent.glossary_id)
      .bind(3, parent.id)
      .bind(4, label)
      .bind(5, description)
      .bind(6, synonyms_json(synonyms))
      .bind(7, now)
      .bind(8, now)
      .run();
  return sqlite3_last_insert_rowid(db_->handle());
}

void GlossaryStore::write_node(const Node& before, const Node& after, int64_t now) {
  Statement write = db_->prepare(
      "UPDATE glossary_nodes SET label = ?, description = ?, synonyms = ?, owner = ?, "
      "parent_id = ?, updated = ? WHERE id = ?");
  write.bind(1, after.label).bind(2, after.description);
  write.bind(3, synonyms_json(after.synonyms));
  if (after.kind == NodeKind::kGlossary) {
    write.bind(4, after.owner).bind_null(5);
  } else {
    write.bind_null(4).bind(5, after.parent_id);
  }
  write.bind(6, now).bind(7, after.id).run();
  // What the index shows of a term: its label, synonyms and ancestors' labels.
  if (after.label != before.label || after.synonyms != before.synonyms ||
      after.parent_id != before.parent_id) {
    write_outbox(approved_uris_under(after.id), now);
  }
}

Result<Node> GlossaryStore::create_glossary(const std::string& label,
                                            const std::string& description,
                                            const std::string& owner) {
  if (Status s = check_label(label); !s.is_ok()) return s;
  if (Status s = check_description(description); !s.is_ok()) return s;
  if (Status s = check_owner(owner); !s.is_ok()) return s;
  try {
    int64_t now = indexer::now_unix_seconds();
    Transaction txn(*db_, Transaction::Kind::kWrite);
    if (Status s = check_label_free(NodeKind::kGlossary, 0, label, 0); !s.is_ok()) return s;
    std::optional<Node> node = read_node(insert_glossary(label, description, owner, now));
    txn.commit();
    return *node;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::vector<Node>> GlossaryStore::glossaries() {
  try {
    Statement query =
        db_->prepare(std::string(kNodeSelect) +
                     "WHERE n.kind = 'glossary' ORDER BY n.label COLLATE NOCASE, n.id");
    std::vector<Node> out;
    while (query.step()) out.push_back(decode_node(query));
    return out;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<Node> GlossaryStore::get(int64_t id) {
  try {
    std::optional<Node> node = read_node(id);
    if (!node) return node_not_found(id);
    return *node;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::vector<Node>> GlossaryStore::nodes(const std::vector<int64_t>& ids) {
  try {
    Transaction txn(*db_, Transaction::Kind::kRead);
    std::vector<Node> out;
    for (int64_t id : ids) {
      if (std::optional<Node> node = read_node(id)) out.push_back(std::move(*node));
    }
    txn.commit();
    return out;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::vector<Node>> GlossaryStore::subtree(int64_t id) {
  try {
    Transaction txn(*db_, Transaction::Kind::kRead);
    std::optional<Node> root = read_node(id);
    if (!root) return node_not_found(id);
    // The whole glossary in sibling order, then a depth-first walk from `root`.
    Statement query = db_->prepare(std::string(kNodeSelect) +
                                   "WHERE coalesce(n.glossary_id, n.id) = ? AND n.id <> ? "
                                   "ORDER BY n.kind = 'term', n.label COLLATE NOCASE, n.id");
    query.bind(1, root->glossary_id).bind(2, root->glossary_id);
    std::unordered_map<int64_t, std::vector<Node>> children;
    while (query.step()) {
      Node node = decode_node(query);
      children[node.parent_id].push_back(std::move(node));
    }
    txn.commit();
    std::vector<Node> out;
    std::vector<Node> stack{std::move(*root)};
    while (!stack.empty()) {
      out.push_back(std::move(stack.back()));
      stack.pop_back();
      auto it = children.find(out.back().id);
      if (it == children.end()) continue;
      std::move(it->second.rbegin(), it->second.rend(), std::back_inserter(stack));
    }
    return out;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<Node> GlossaryStore::add_node(int64_t parent_id, NodeKind kind, const std::string& label,
                                     const std::string& description,
                                     const std::vector<std::string>& synonyms) {
  if (kind == NodeKind::kGlossary) {
    return Status::invalid("a glossary has no parent: use create_glossary", "kind");
  }
  if (Status s = check_label(label); !s.is_ok()) return s;
  if (Status s = check_description(description); !s.is_ok()) return s;
  if (kind != NodeKind::kTerm && !synonyms.empty()) {
    return Status::invalid("only terms have synonyms", "synonyms");
  }
  if (Status s = check_synonyms(synonyms, label); !s.is_ok()) return s;
  try {
    int64_t now = indexer::now_unix_seconds();
    Transaction txn(*db_, Transaction::Kind::kWrite);
    std::optional<Node> parent = read_node(parent_id);
    if (!parent) return node_not_found(parent_id, "parent");
    if (!may_contain(parent->kind, kind)) {
      return Status::invalid("a " + std::string(node_kind_name(parent->kind)) + " cannot hold a " +
                                 std::string(node_kind_name(kind)),
                             "parent");
    }
    if (Status s = check_depth(parent->id, 0); !s.is_ok()) return s;
    if (Status s = check_label_free(kind, parent->glossary_id, label, 0); !s.is_ok()) return s;
    std::optional<Node> node =
        read_node(insert_node(*parent, kind, label, description, synonyms, now));
    txn.commit();
    return *node;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<Node> GlossaryStore::update_node(int64_t id, const NodeChange& change) {
  if (change.label) {
    if (Status s = check_label(*change.label); !s.is_ok()) return s;
  }
  if (change.description) {
    if (Status s = check_description(*change.description); !s.is_ok()) return s;
  }
  if (change.owner) {
    if (Status s = check_owner(*change.owner); !s.is_ok()) return s;
  }
  try {
    int64_t now = indexer::now_unix_seconds();
    Transaction txn(*db_, Transaction::Kind::kWrite);
    std::optional<Node> node = read_node(id);
    if (!node) return node_not_found(id);
    if (change.owner && node->kind != NodeKind::kGlossary) {
      return Status::invalid("only glossaries have an owner", "owner");
    }
    if (change.synonyms && node->kind != NodeKind::kTerm) {
      return Status::invalid("only terms have synonyms", "synonyms");
    }
    if (change.parent_id) {
      if (node->kind == NodeKind::kGlossary) {
        return Status::invalid("a glossary cannot move", "parent");
      }
      std::optional<Node> parent = read_node(*change.parent_id);
      if (!parent) return node_not_found(*change.parent_id, "parent");
      if (!may_contain(parent->kind, node->kind)) {
        return Status::invalid("a " + std::string(node_kind_name(parent->kind)) +
                                   " cannot hold a " + std::string(node_kind_name(node->kind)),
                               "parent");
      }
      if (parent->glossary_id != node->glossary_id) {
        return Status::invalid("cannot move a node to another glossary", "parent");
      }
      std::vector<int64_t> beneath = subtree_ids(id);
      if (std::find(beneath.begin(), beneath.end(), parent->id) != beneath.end()) {
        return Status::invalid("cannot move a node under itself or its descendants", "parent");
      }
      if (Status s = check_depth(parent->id, id); !s.is_ok()) return s;
    }
    Node updated = *node;
    if (change.label) updated.label = *change.label;
    if (change.description) updated.description = *change.description;
    if (change.owner) updated.owner = *change.owner;
    if (change.synonyms) updated.synonyms = *change.synonyms;
    if (change.parent_id) updated.parent_id = *change.parent_id;
    if (node->kind == NodeKind::kTerm) {
      if (Status s = check_synonyms(updated.synonyms, updated.label); !s.is_ok()) {
        if (change.synonyms) return s;
        return Status::invalid("repeats one of the term's synonyms", "label");
      }
    }
    if (updated.label != node->label) {
      Status free = check_label_free(node->kind, node->glossary_id, updated.label, id);
      if (!free.is_ok()) return free;
    }
    write_node(*node, updated, now);
    std::optional<Node> result = read_node(id);
    txn.commit();
    return *result;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Status GlossaryStore::delete_node(int64_t id, const std::string& actor) {
  try {
    int64_t now = indexer::now_unix_seconds();
    Transaction txn(*db_, Transaction::Kind::kWrite);
    if (!read_node(id)) return node_not_found(id);
    // Before the delete: the foreign keys cascade the links away with their terms.
    std::vector<std::string> uris = approved_uris_under(id);
    Statement links = db_->prepare(
        std::string(kSubtreeCte) +
        "SELECT id FROM associations WHERE term_id IN (SELECT id FROM sub) ORDER BY id");
    links.bind(1, id);
    std::vector<int64_t> link_ids;
    while (links.step()) link_ids.push_back(links.column_int(0));
    for (int64_t link_id : link_ids) {
      write_history(*read_association(link_id), "removed", actor, now);
    }
    // Links first, explicitly: their removal must not depend on the cascade alone.
    Statement erase_links =
        db_->prepare(std::string(kSubtreeCte) +
                     "DELETE FROM associations WHERE term_id IN (SELECT id FROM sub)");
    erase_links.bind(1, id).run();
    Statement erase = db_->prepare("DELETE FROM glossary_nodes WHERE id = ?");
    erase.bind(1, id).run();
    write_outbox(uris, now);
    txn.commit();
    return Status::ok();
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::vector<Node>> GlossaryStore::search_terms(const std::string& text, size_t limit) {
  try {
    std::string escaped = like_escape(text);
    auto max = static_cast<size_t>(std::numeric_limits<int64_t>::max());
    Statement query = db_->prepare(
        std::string(kNodeSelect) +
        "WHERE n.kind = 'term' AND (n.label LIKE ?1 ESCAPE '\\' "
        "OR n.description LIKE ?1 ESCAPE '\\' "
        "OR EXISTS (SELECT 1 FROM json_each(n.synonyms) s WHERE s.value LIKE ?1 ESCAPE '\\')) "
        "ORDER BY n.label LIKE ?2 ESCAPE '\\' DESC, n.label COLLATE NOCASE, n.id LIMIT ?3");
    query.bind(1, "%" + escaped + "%")
        .bind(2, escaped + "%")
        .bind(3, static_cast<int64_t>(std::min(limit, max)));
    std::vector<Node> out;
    while (query.step()) out.push_back(decode_node(query));
    return out;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

}  // namespace datacat::glossary
