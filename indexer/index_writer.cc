#include "indexer/index_writer.h"

#include "indexer/doc_data.h"
#include "indexer/index_schema.h"

namespace datacat::indexer {

int64_t read_applied_seq(const Xapian::Database& db) {
  std::string value = db.get_metadata(std::string(schema::kAppliedSeqKey));
  return value.empty() ? 0 : std::stoll(value);
}

IndexWriter::IndexWriter(DataDir dir, Xapian::WritableDatabase db, int generation,
                         bool follows_swaps)
    : dir_(std::move(dir)),
      db_(std::move(db)),
      generation_(generation),
      follows_swaps_(follows_swaps) {
  applied_seq_ = read_applied_seq(db_);
}

void IndexWriter::follow_swap() {
  if (!follows_swaps_) return;
  int generation = dir_.current_generation();
  if (generation == generation_ || generation == 0) return;
  Xapian::WritableDatabase next(dir_.generation_path(generation), Xapian::DB_OPEN);
  db_.close();
  db_ = std::move(next);
  generation_ = generation;
  applied_seq_ = read_applied_seq(db_);
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const DataDir& dir) {
  try {
    int generation = dir.current_generation();
    bool fresh = generation == 0;
    if (fresh) generation = 1;
    Xapian::WritableDatabase db(dir.generation_path(generation), Xapian::DB_CREATE_OR_OPEN);
    if (fresh) {
      db.set_metadata(std::string(schema::kSchemaKey), std::string(schema::kSchemaVersion));
      db.commit();
      if (Status s = dir.swap_index(generation); !s.is_ok()) return s;
    }
    return std::unique_ptr<IndexWriter>(new IndexWriter(dir, std::move(db), generation, true));
  } catch (const Xapian::DatabaseLockError& e) {
    return Status(StatusCode::kUnavailable,
                  "the index is locked by another datacat process: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    return Status::internal("cannot open the index for writing: " + e.get_description());
  }
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::open_generation(const DataDir& dir,
                                                                  int generation) {
  try {
    Xapian::WritableDatabase db(dir.generation_path(generation), Xapian::DB_OPEN);
    return std::unique_ptr<IndexWriter>(new IndexWriter(dir, std::move(db), generation, false));
  } catch (const Xapian::Error& e) {
    return Status::internal("cannot open index generation " + std::to_string(generation) + ": " +
                            e.get_description());
  }
}

Status IndexWriter::apply(AssetStore& store, const std::string& uri, Batch& batch) {
  if (!batch.seen.insert(uri).second) return Status::ok();
  Result<std::optional<Asset>> asset = store.get_resolved(uri);
  if (!asset.is_ok()) return asset.status();
  std::string id_term = uri_term(uri);
  ++batch.documents;
  // The words the old document gave the spelling table leave with it.
  for (auto post = db_.postlist_begin(id_term); post != db_.postlist_end(id_term); ++post) {
    for (const std::string& word :
         spelling_words_of(decode_doc_data(db_.get_document(*post).get_data()))) {
      --batch.spelling[word];
    }
  }
  if (!asset->has_value()) {
    db_.delete_document(id_term);
    return Status::ok();
  }
  db_.replace_document(id_term, builder_.build(**asset));
  for (const std::string& word : builder_.spelling_words()) ++batch.spelling[word];
  if ((*asset)->type == AssetType::kDataset) {
    // Children inherit from their dataset: refresh them too.
    Result<std::vector<std::string>> kids = store.children(uri);
    if (!kids.is_ok()) return kids.status();
    for (const std::string& kid : *kids) {
      if (Status s = apply(store, kid, batch); !s.is_ok()) return s;
    }
  }
  return Status::ok();
}

Result<CatchUpStats> IndexWriter::catch_up(AssetStore& store, int batch_rows) {
  CatchUpStats stats;
  try {
    follow_swap();
    Result<int64_t> first = store.first_outbox_seq();
    Result<int64_t> last = store.last_outbox_seq();
    if (!first.is_ok()) return first.status();
    if (!last.is_ok()) return last.status();
    if (*last > applied_seq_ && *first > applied_seq_ + 1) {
      return Status(
          StatusCode::kFailedPrecondition,
          "the index misses changes that are no longer in the outbox; run `datacat reindex`");
    }
    for (;;) {
      Result<std::vector<OutboxEntry>> rows = store.outbox_after(applied_seq_, batch_rows);
      if (!rows.is_ok()) return rows.status();
      if (rows->empty()) break;
      // One batch: each uri once (its current state covers every row about it).
      Batch batch;
      db_.begin_transaction();
      for (const OutboxEntry& row : *rows) {
        if (Status s = apply(store, row.uri, batch); !s.is_ok()) {
          db_.cancel_transaction();
          return s;
        }
      }
      for (const auto& [word, change] : batch.spelling) {
        if (change > 0) db_.add_spelling(word, static_cast<Xapian::termcount>(change));
        if (change < 0) db_.remove_spelling(word, static_cast<Xapian::termcount>(-change));
      }
      stats.documents += batch.documents;
      int64_t last = rows->back().seq;
      db_.set_metadata(std::string(schema::kAppliedSeqKey), std::to_string(last));
      db_.commit_transaction();
      applied_seq_ = last;
      stats.entries += static_cast<int64_t>(rows->size());
    }
  } catch (const Xapian::Error& e) {
    try {
      db_.cancel_transaction();
    } catch (const Xapian::Error&) {
      // Not inside a transaction: nothing to undo.
    }
    return Status::internal("index write failed: " + e.get_description());
  }
  stats.applied_seq = applied_seq_;
  return stats;
}

}  // namespace datacat::indexer
