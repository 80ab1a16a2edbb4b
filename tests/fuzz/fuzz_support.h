// Set-up shared by the libFuzzer harnesses: a temporary data directory, removed at exit,
// loaded with real assets (SQLite catalog and Xapian index), and a loud abort for broken
// set-up or a violated invariant. Harnesses never write outside such a directory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "indexer/data_dir.h"

namespace datacat::fuzz {

// A fresh directory under $TMPDIR (else /tmp), "datacat-fuzz-<name>-XXXXXX", removed
// recursively when the process exits normally (a crash leaves it for inspection).
// The returned reference stays valid until exit.
const std::string& temp_dir(const std::string& name);

// The whole file; aborts when it cannot be read.
std::string read_file(const std::string& path);

// Path of a file of the source tree, e.g. "config/sample/catalog.ndjson".
std::string source_path(const std::string& relative);

// Imports NDJSON into `dir` (created if needed) and brings its index up to date; aborts on
// any error.
void load_ndjson(const indexer::DataDir& dir, std::string_view ndjson);

// Runs `test` on the input on a thread with the stack a server handler has
// (server/handler_stack.h), so an input that recurses too deep for the server crashes the
// harness too; returns what `test` returns.
int on_worker_stack(int (*test)(const uint8_t*, size_t), const uint8_t* data, size_t size);

// Prints "datacat fuzz: invariant failed: <what>" and aborts (libFuzzer saves the input).
[[noreturn]] void fail(const std::string& what);

}  // namespace datacat::fuzz

// Aborts with the condition's text when `condition` is false.
#define FUZZ_CHECK(condition)                            \
  do {                                                   \
    if (!(condition)) ::datacat::fuzz::fail(#condition); \
  } while (false)
