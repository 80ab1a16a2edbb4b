// Runs the real `datacat` binary (DATACAT_BINARY) as a child process for the CLI tests.
#pragma once

#include <string>

namespace datacat::testing {

struct Outcome {
  int exit_code = -1;  // -1 when the process did not exit normally
  std::string out;
  std::string err;
};

// The whole content of the file at `path` ("" when it cannot be read).
std::string read_file(const std::string& path);

// Runs `datacat ARGS` (a shell-quoted argument string) with `stdin_text` on stdin; its
// output files live in `work_dir`.
Outcome run_datacat(const std::string& args, const std::string& work_dir,
                    const std::string& stdin_text = "");

}  // namespace datacat::testing
