#include "indexer/data_dir.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace datacat::indexer {
namespace fs = std::filesystem;

namespace {
constexpr std::string_view kGenerationPrefix = "index.";
}

Status DataDir::ensure_exists() const {
  std::error_code error;
  fs::create_directories(root_, error);
  if (error) {
    return Status::invalid("cannot create data directory " + root_ + ": " + error.message(),
                           "data_dir");
  }
  return Status::ok();
}

int DataDir::current_generation() const {
  std::error_code error;
  fs::path target = fs::read_symlink(index_link(), error);
  if (error) return 0;
  std::string name = target.filename().string();
  if (name.rfind(kGenerationPrefix, 0) != 0) return 0;
  return std::atoi(name.c_str() + kGenerationPrefix.size());
}

std::string DataDir::generation_path(int generation) const {
  return root_ + "/" + std::string(kGenerationPrefix) + std::to_string(generation);
}

Status DataDir::swap_index(int generation) const {
  int previous = current_generation();
  std::string temp_link = root_ + "/index.swap";
  ::unlink(temp_link.c_str());
  std::string target = std::string(kGenerationPrefix) + std::to_string(generation);
  if (::symlink(target.c_str(), temp_link.c_str()) != 0 ||
      ::rename(temp_link.c_str(), index_link().c_str()) != 0) {
    return Status::internal("cannot swap index to " + target + ": " + std::strerror(errno));
  }
  // Keep the previous generation: a process may still be reading it.
  for (const auto& entry : fs::directory_iterator(root_)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(kGenerationPrefix, 0) != 0 || name == "index.swap") continue;
    int number = std::atoi(name.c_str() + kGenerationPrefix.size());
    if (number > 0 && number < previous) {
      std::error_code ignored;
      fs::remove_all(entry.path(), ignored);
    }
  }
  return Status::ok();
}

std::string default_data_dir() {
  const char* env = std::getenv("DATACAT_DATA_DIR");
  return env != nullptr && *env != '\0' ? env : "data";
}

}  // namespace datacat::indexer
