// Thin RAII wrappers over the SQLite C API, used only inside the store adapters.
// Errors are thrown as SqliteError and caught by the adapter, which returns a Status.
// Not thread-safe: one SqliteDb per thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace datacat::indexer {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

// A prepared statement; reset automatically before each new bind round by reset().
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&&) noexcept = default;

  // Binds are 1-based, as in SQLite.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, int64_t value);
  Statement& bind_null(int index);
  // Steps once; true when a row is available.
  bool step();
  // Steps to completion (for statements that return no rows).
  void run();
  void reset();

  int64_t column_int(int index) const;
  std::string column_text(int index) const;
  std::string_view column_view(int index) const;  // valid until the next step/reset
  bool column_is_null(int index) const;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// An open database connection with datacat's settings: WAL, foreign keys on,
// synchronous=NORMAL (durable across process crashes; see docs/operations.md), a busy
// timeout so concurrent writers wait instead of failing.
class SqliteDb {
 public:
  explicit SqliteDb(const std::string& path);
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(db_.get(), sql); }
  int64_t changes() const { return sqlite3_changes64(db_.get()); }
  sqlite3* handle() const { return db_.get(); }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::unique_ptr<sqlite3, Closer> db_;
};

// RAII transaction: BEGIN IMMEDIATE (or deferred for readers) on construction, ROLLBACK
// on destruction unless commit() was called.
class Transaction {
 public:
  enum class Kind { kRead, kWrite };
  Transaction(SqliteDb& db, Kind kind);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  SqliteDb& db_;
  bool open_ = true;
};

}  // namespace datacat::indexer
