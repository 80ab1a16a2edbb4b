// GlossaryStore's association workflow: propose, decide, remove, list, history. The
// outbox rule (glossary_store.h) applies to every change of an approved link.
#include <string>

#include "glossary/glossary_store.h"
#include "indexer/timestamp.h"

namespace datacat::glossary {
namespace {

using indexer::SqliteError;
using indexer::Statement;
using indexer::Transaction;

// Columns of a link; decode_association reads them in this order.
constexpr const char* kAssociationSelect =
    "SELECT a.id, a.term_id, a.asset_uri, a.status, a.proposed_by, a.proposed_at, "
    "coalesce(a.decided_by, ''), coalesce(a.decided_at, 0) FROM associations a ";

Association decode_association(const Statement& row) {
  Association link;
  link.id = row.column_int(0);
  link.term_id = row.column_int(1);
  link.asset_uri = row.column_text(2);
  std::optional<LinkStatus> status = parse_link_status(row.column_view(3));
  if (!status) throw SqliteError(SQLITE_CORRUPT, "unknown association status");
  link.status = *status;
  link.proposed_by = row.column_text(4);
  link.proposed_at = row.column_int(5);
  link.decided_by = row.column_text(6);
  link.decided_at = row.column_int(7);
  return link;
}

std::vector<Association> collect(Statement& query) {
  std::vector<Association> out;
  while (query.step()) out.push_back(decode_association(query));
  return out;
}

Status link_not_found(int64_t id) {
  return Status::not_found("no association with id " + std::to_string(id));
}

Status check_actor(const std::string& actor) {
  if (actor.empty()) return Status::invalid("must not be empty", "actor");
  return Status::ok();
}

}  // namespace

std::optional<Association> GlossaryStore::read_association(int64_t id) {
  Statement query = db_->prepare(std::string(kAssociationSelect) + "WHERE a.id = ?");
  query.bind(1, id);
  if (!query.step()) return std::nullopt;
  return decode_association(query);
}

void GlossaryStore::write_history(const Association& link, std::string_view action,
                                  const std::string& actor, int64_t now) {
  Statement insert = db_->prepare(
      "INSERT INTO association_history(association_id, term_id, asset_uri, action, actor, at) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, link.id)
      .bind(2, link.term_id)
      .bind(3, link.asset_uri)
      .bind(4, action)
      .bind(5, actor)
      .bind(6, now)
      .run();
}

Result<Association> GlossaryStore::propose(int64_t term_id, const std::string& asset_uri,
                                           const std::string& actor) {
  if (Status s = check_actor(actor); !s.is_ok()) return s;
  try {
    int64_t now = indexer::now_unix_seconds();
    Transaction txn(*db_, Transaction::Kind::kWrite);
    std::optional<Node> term = read_node(term_id);
    if (!term) {
      return Status(StatusCode::kNotFound, "no term with id " + std::to_string(term_id), "term");
    }
    if (term->kind != NodeKind::kTerm) {
      return Status::invalid("node " + std::to_string(term_id) + " is a " +
                                 std::string(node_kind_name(term->kind)) + ", not a term",
                             "term");
    }
    Statement asset = db_->prepare("SELECT 1 FROM assets WHERE uri = ?");
    asset.bind(1, asset_uri);
    if (!asset.step()) {
      return Status(StatusCode::kNotFound, "no asset with uri '" + asset_uri + "'", "asset");
    }
    Statement existing =
        db_->prepare("SELECT id, status FROM associations WHERE term_id = ? AND asset_uri = ?");
    existing.bind(1, term_id).bind(2, asset_uri);
    int64_t id = 0;
    if (existing.step()) {
      id = existing.column_int(0);
      std::string status = existing.column_text(1);
      if (status != link_status_name(LinkStatus::kDismissed)) {
        return Status(StatusCode::kAlreadyExists,
                      "the term is already linked to the asset (" + status + ")");
      }
      // A dismissed link is proposed again: it was not approved, so the index is unaffected.
      Statement reopen = db_->prepare(
          "UPDATE associations SET status = 'pending', proposed_by = ?, proposed_at = ?, "
          "decided_by = NULL, decided_at = NULL WHERE id = ?");
      reopen.bind(1, actor).bind(2, now).bind(3, id).run();
    } else {
      Statement insert = db_->prepare(
          "INSERT INTO associations(term_id, asset_uri, status, proposed_by, proposed_at) "
          "VALUES (?, ?, 'pending', ?, ?)");
      insert.bind(1, term_id).bind(2, asset_uri).bind(3, actor).bind(4, now).run();
      id = sqlite3_last_insert_rowid(db_->handle());
    }
    Association link = *read_association(id);
    write_history(link, "proposed", actor, now);
    txn.commit();
    return link;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<Association> GlossaryStore::decide(int64_t association_id, LinkStatus to,
                                          const std::string& actor) {
  if (to == LinkStatus::kPending) {
    return Status::invalid("a decision approves or dismisses", "status");
  }
  if (Status s = check_actor(actor); !s.is_ok()) return s;
  try {
    int64_t now = indexer::now_unix_seconds();
    Transaction txn(*db_, Transaction::Kind::kWrite);
    std::optional<Association> link = read_association(association_id);
    if (!link) return link_not_found(association_id);
    Statement write = db_->prepare(
        "UPDATE associations SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?");
    write.bind(1, link_status_name(to)).bind(2, actor).bind(3, now).bind(4, association_id).run();
    bool was_approved = link->status == LinkStatus::kApproved;
    link->status = to;
    link->decided_by = actor;
    link->decided_at = now;
    write_history(*link, link_status_name(to), actor, now);
    if (was_approved != (to == LinkStatus::kApproved)) write_outbox({link->asset_uri}, now);
    txn.commit();
    return *link;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Status GlossaryStore::remove_association(int64_t association_id, const std::string& actor) {
  if (Status s = check_actor(actor); !s.is_ok()) return s;
  try {
    int64_t now = indexer::now_unix_seconds();
    Transaction txn(*db_, Transaction::Kind::kWrite);
    std::optional<Association> link = read_association(association_id);
    if (!link) return link_not_found(association_id);
    Statement erase = db_->prepare("DELETE FROM associations WHERE id = ?");
    erase.bind(1, association_id).run();
    write_history(*link, "removed", actor, now);
    if (link->status == LinkStatus::kApproved) write_outbox({link->asset_uri}, now);
    txn.commit();
    return Status::ok();
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<Association> GlossaryStore::association(int64_t id) {
  try {
    std::optional<Association> link = read_association(id);
    if (!link) return link_not_found(id);
    return *link;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::vector<Association>> GlossaryStore::associations_of_glossary(
    int64_t glossary_id, std::optional<LinkStatus> status) {
  try {
    Transaction txn(*db_, Transaction::Kind::kRead);
    std::optional<Node> glossary = read_node(glossary_id);
    if (!glossary || glossary->kind != NodeKind::kGlossary) {
      return Status::not_found("no glossary with id " + std::to_string(glossary_id));
    }
    Statement query = db_->prepare(std::string(kAssociationSelect) +
                                   "JOIN glossary_nodes t ON t.id = a.term_id "
                                   "WHERE t.glossary_id = ?1 AND (?2 = '' OR a.status = ?2) "
                                   "ORDER BY a.id");
    query.bind(1, glossary_id).bind(2, status ? link_status_name(*status) : "");
    std::vector<Association> out = collect(query);
    txn.commit();
    return out;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::vector<Association>> GlossaryStore::associations_of_asset(
    const std::string& asset_uri) {
  try {
    Statement query =
        db_->prepare(std::string(kAssociationSelect) + "WHERE a.asset_uri = ? ORDER BY a.id");
    query.bind(1, asset_uri);
    return collect(query);
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::vector<Association>> GlossaryStore::associations_of_term(int64_t term_id) {
  try {
    Transaction txn(*db_, Transaction::Kind::kRead);
    if (!read_node(term_id)) {
      return Status::not_found("no glossary node with id " + std::to_string(term_id));
    }
    Statement query =
        db_->prepare(std::string(kAssociationSelect) + "WHERE a.term_id = ? ORDER BY a.id");
    query.bind(1, term_id);
    std::vector<Association> out = collect(query);
    txn.commit();
    return out;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

Result<std::vector<HistoryEntry>> GlossaryStore::history(int64_t association_id) {
  try {
    Statement query = db_->prepare(
        "SELECT seq, association_id, term_id, asset_uri, action, actor, at "
        "FROM association_history WHERE association_id = ? ORDER BY seq");
    query.bind(1, association_id);
    std::vector<HistoryEntry> out;
    while (query.step()) {
      out.push_back({query.column_int(0), query.column_int(1), query.column_int(2),
                     query.column_text(3), query.column_text(4), query.column_text(5),
                     query.column_int(6)});
    }
    return out;
  } catch (const std::exception& e) {
    return to_status(e);
  }
}

}  // namespace datacat::glossary
