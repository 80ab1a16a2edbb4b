// GlossaryStore: glossaries, categories, terms and their links to assets, kept in the
// catalog's SQLite database next to the assets (schema migration 3).
//
// The outbox rule: every write that changes which approved terms an asset has, or the
// label, synonyms or ancestry of one of its approved terms, appends one outbox row per
// affected asset in the same transaction, so the search index follows (index_writer.h).
// Pending and dismissed links never touch the outbox.
//
// Every write is one transaction: on error nothing has changed. Errors: kInvalidArgument
// (field names the input: "label", "description", "synonyms[2]", "owner", "parent",
// "kind", "term", "status", "actor"), kNotFound, kAlreadyExists (field "label" for
// duplicate labels), kUnavailable when the database stays locked, kInternal for other
// storage faults. No exceptions escape.
// Thread-compatible: one GlossaryStore per thread (each owns its own connection); several
// stores and AssetStores, in several processes, may share one catalog file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "glossary/association.h"
#include "glossary/glossary_node.h"
#include "glossary/glossary_transfer.h"
#include "indexer/sqlite_db.h"
#include "indexer/status.h"

namespace datacat::glossary {

class GlossaryStore {
 public:
  // Opens (creating and migrating if needed) the catalog database at `catalog_path`.
  static Result<std::unique_ptr<GlossaryStore>> open(const std::string& catalog_path);

  // --- Nodes ---

  // A new glossary. Labels of glossaries are unique ignoring ASCII case (kAlreadyExists).
  Result<Node> create_glossary(const std::string& label, const std::string& description,
                               const std::string& owner);
  // Every glossary, by label (ignoring ASCII case).
  Result<std::vector<Node>> glossaries();
  // The node, or kNotFound.
  Result<Node> get(int64_t id);
  // The nodes of `ids` that exist, in the order of `ids` (unknown ids are skipped).
  Result<std::vector<Node>> nodes(const std::vector<int64_t>& ids);
  // The node, then its descendants depth-first; siblings in order categories first, then
  // terms, each by label (ignoring ASCII case). kNotFound for an unknown id.
  Result<std::vector<Node>> subtree(int64_t id);
  // A category or term under `parent_id` (a glossary or category: may_contain). kNotFound
  // (field "parent") for an unknown parent; kInvalidArgument for kind glossary ("kind"), a
  // parent that may not hold `kind` ("parent"), synonyms on a category ("synonyms").
  // Term labels are unique within their glossary ignoring ASCII case (kAlreadyExists).
  Result<Node> add_node(int64_t parent_id, NodeKind kind, const std::string& label,
                        const std::string& description, const std::vector<std::string>& synonyms);
  // Applies the set fields of `change` and sets `updated` (never `created`). synonyms are
  // for terms only, owner for glossaries only. parent_id moves a category or term under a
  // glossary or category of the same glossary, never under itself or a descendant
  // (kInvalidArgument "parent"); glossaries cannot move. A new label must keep the term's
  // synonyms distinct from it. Renames, synonym changes and moves write the outbox rows of
  // every approved link beneath the node.
  Result<Node> update_node(int64_t id, const NodeChange& change);
  // Deletes the node, its subtree and all their links (any status), recording a "removed"
  // history row by `actor` for each link and outbox rows for the assets of approved ones.
  // kNotFound for an unknown id.
  Status delete_node(int64_t id, const std::string& actor = {});
  // Up to `limit` terms whose label, description or a synonym contains `text` (ASCII case
  // ignored; % and _ are literal), labels starting with `text` first, then by label.
  // Empty text matches every term.
  Result<std::vector<Node>> search_terms(const std::string& text, size_t limit);

  // --- Export and import (glossary_transfer.h) ---

  // The document of glossary `glossary_id` (kNotFound when it is not a glossary).
  Result<GlossaryDocument> export_glossary(int64_t glossary_id);

  enum class ImportMode {
    kCreate,  // a new glossary; kAlreadyExists (field "label") when the label is taken
    kMerge,   // into the glossary with the label (created when there is none)
  };
  struct ImportSummary {
    Node glossary;
    size_t created = 0;    // categories and terms added
    size_t updated = 0;    // changed in place (description, synonyms, label case, a move)
    size_t unchanged = 0;  // already as the document says
  };
  // Imports `document` in one transaction: on any error nothing is written. Errors name the
  // document's place (transfer_field): invalid labels, descriptions and synonyms, a term
  // label used twice in the glossary (kAlreadyExists). The glossary needs a label and an
  // owner (fields "label", "owner").
  // Merging matches categories by label under the same parent and terms by label in the
  // glossary (ignoring ASCII case); a matched term takes the document's label, description,
  // synonyms and place (a move, with outbox rows for its approved links), a matched
  // category the document's description (unless TreeNode::implied). A matched glossary
  // keeps its owner, and its description unless the document's is non-empty. Nodes the
  // document leaves out are kept, with their links.
  // When `expected_glossary` is set, the glossary the label names must be that one (0: none
  // exists), else kFailedPrecondition: callers that checked rights on what they saw pass it.
  Result<ImportSummary> import_glossary(const GlossaryDocument& document, ImportMode mode,
                                        std::optional<int64_t> expected_glossary = std::nullopt);

  // --- Associations ---

  // Proposes (pending) a link of term `term_id` to asset `asset_uri` by `actor` (non-empty,
  // field "actor"). kNotFound with field "term" or "asset" when either is missing;
  // kInvalidArgument "term" when the node is not a term; kAlreadyExists when a pending or
  // approved link exists. A dismissed link goes back to pending (history "proposed").
  Result<Association> propose(int64_t term_id, const std::string& asset_uri,
                              const std::string& actor);
  // Approves or dismisses a link (`to` pending is kInvalidArgument "status"), recording who
  // and when; deciding to the current status is allowed and recorded again. kNotFound.
  Result<Association> decide(int64_t association_id, LinkStatus to, const std::string& actor);
  // Deletes a link of any status; history "removed". kNotFound.
  Status remove_association(int64_t association_id, const std::string& actor);
  // The link, or kNotFound.
  Result<Association> association(int64_t id);
  // Every link to a term of glossary `glossary_id` (optionally of one status), by id.
  // kNotFound when `glossary_id` is not a glossary.
  Result<std::vector<Association>> associations_of_glossary(int64_t glossary_id,
                                                            std::optional<LinkStatus> status);
  // The links of one asset, by id; empty for an unknown asset.
  Result<std::vector<Association>> associations_of_asset(const std::string& asset_uri);
  // The links of one term, by id. kNotFound for an unknown node.
  Result<std::vector<Association>> associations_of_term(int64_t term_id);
  // The history rows of a link, oldest first; they outlive the link. Empty when none.
  Result<std::vector<HistoryEntry>> history(int64_t association_id);

 private:
  explicit GlossaryStore(std::unique_ptr<indexer::SqliteDb> db) : db_(std::move(db)) {}

  // The helpers below throw indexer::SqliteError; public members catch and convert.
  static Status to_status(const std::exception& e);
  std::optional<Node> read_node(int64_t id);
  // Ids of `id` and every node beneath it.
  std::vector<int64_t> subtree_ids(int64_t id);
  // Levels above `id` (0 for a glossary), and below it (0 for a leaf).
  size_t depth_of(int64_t id);
  size_t height_of(int64_t id);
  // kInvalidArgument (field "parent") when a new node under `parent_id`, or the subtree of
  // `moving_id` (0: none) moved there, would nest deeper than NodeLimits::kDepth.
  Status check_depth(int64_t parent_id, int64_t moving_id);
  // Distinct asset uris of the approved links to terms in the subtree of `id`.
  std::vector<std::string> approved_uris_under(int64_t id);
  // kAlreadyExists (field "label") when another node (not `self`) holds `label` where
  // labels must be unique: among glossaries, or among the terms of `glossary_id`.
  Status check_label_free(NodeKind kind, int64_t glossary_id, const std::string& label,
                          int64_t self);
  void write_outbox(const std::vector<std::string>& uris, int64_t now);
  // Inserts a glossary (label checked free by the caller); returns its id.
  int64_t insert_glossary(const std::string& label, const std::string& description,
                          const std::string& owner, int64_t now);
  // Inserts a category or term under `parent` (checked by the caller); returns its id.
  int64_t insert_node(const Node& parent, NodeKind kind, const std::string& label,
                      const std::string& description, const std::vector<std::string>& synonyms,
                      int64_t now);
  // Stores `after` over `before` (same id), with the outbox rows a change the index shows
  // (label, synonyms, place) needs.
  void write_node(const Node& before, const Node& after, int64_t now);
  // Writes `nodes` under `parent` for import_glossary, counting into `summary`.
  Status import_children(const Node& parent, const std::vector<TreeNode>& nodes, int64_t now,
                         ImportSummary& summary);
  std::optional<Association> read_association(int64_t id);
  void write_history(const Association& link, std::string_view action, const std::string& actor,
                     int64_t now);

  std::unique_ptr<indexer::SqliteDb> db_;
};

}  // namespace datacat::glossary
