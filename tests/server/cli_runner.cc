#include "tests/server/cli_runner.h"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace datacat::testing {
std::string read_file(const std::string& path) {
  std::ifstream input(path);
  std::stringstream text;
  text << input.rdbuf();
  return text.str();
}

Outcome run_datacat(const std::string& args, const std::string& work_dir,
                    const std::string& stdin_text) {
  std::string in = work_dir + "/stdin";
  std::ofstream(in) << stdin_text;
  std::string out = work_dir + "/stdout";
  std::string err = work_dir + "/stderr";
  std::string command =
      std::string(DATACAT_BINARY) + " " + args + " <" + in + " >" + out + " 2>" + err;
  int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, read_file(out), read_file(err)};
}

}  // namespace datacat::testing
