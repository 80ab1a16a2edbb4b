#include "tests/fuzz/fuzz_support.h"

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "indexer/importer.h"
#include "indexer/index_writer.h"
#include "indexer/ndjson.h"
#include "indexer/store.h"
#include "server/handler_stack.h"

namespace datacat::fuzz {
namespace fs = std::filesystem;
namespace {

// Removes the directories at exit (static destruction, after the harnesses' own statics
// that were created later, e.g. an App holding files in them).
struct TempDirs {
  std::vector<std::unique_ptr<std::string>> paths;
  ~TempDirs() {
    std::error_code ignored;
    for (const auto& path : paths) fs::remove_all(*path, ignored);
  }
};

TempDirs& temp_dirs() {
  static TempDirs dirs;
  return dirs;
}

}  // namespace

const std::string& temp_dir(const std::string& name) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                        "/datacat-fuzz-" + name + "-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) fail("cannot create " + pattern);
  temp_dirs().paths.push_back(std::make_unique<std::string>(pattern));
  return *temp_dirs().paths.back();
}

std::string read_file(const std::string& path) {
  std::ifstream input(path, std::ios::binary);
  if (!input) fail("cannot read " + path);
  std::stringstream text;
  text << input.rdbuf();
  return text.str();
}

std::string source_path(const std::string& relative) {
  return std::string(DATACAT_SOURCE_DIR) + "/" + relative;
}

void load_ndjson(const indexer::DataDir& dir, std::string_view ndjson) {
  if (Status s = dir.ensure_exists(); !s.is_ok()) fail(s.to_string());
  std::istringstream input{std::string(ndjson)};
  indexer::ParsedBatch batch = indexer::parse_ndjson(input, "seed");
  if (!batch.errors.empty()) fail(batch.errors.front().to_string());
  auto store = indexer::AssetStore::open(dir.catalog_path());
  if (!store.is_ok()) fail(store.status().to_string());
  auto report = indexer::import_batch(**store, std::move(batch), {});
  if (!report.is_ok()) fail(report.status().to_string());
  if (!report->errors.empty()) fail(report->errors.front().to_string());
  auto writer = indexer::IndexWriter::open(dir);
  if (!writer.is_ok()) fail(writer.status().to_string());
  if (auto caught = (*writer)->catch_up(**store); !caught.is_ok())
    fail(caught.status().to_string());
}

void fail(const std::string& what) {
  std::fprintf(stderr, "datacat fuzz: invariant failed: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

int on_worker_stack(int (*test)(const uint8_t*, size_t), const uint8_t* data, size_t size) {
  int result = 0;
  server::run_on_handler_stack([&] { result = test(data, size); });
  return result;
}

}  // namespace datacat::fuzz
