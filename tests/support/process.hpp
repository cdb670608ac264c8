// Files, temporary folders and child processes for the tests that run vtyguard's programs
// (runner_test.cpp, live_fix_test.cpp, capi_dlopen_test.cpp). Nothing here links vtyguard's code, so
// the C ABI test stays a foreign host of libvtyguard.
//
// Contract:
//  - read_text returns a file's bytes, or "" when it cannot be read (tests compare contents and
//    print them after a failure; a missing file is not an error of its own).
//  - write_text creates the parent folders and throws std::runtime_error naming the file when it
//    cannot write, so a test never goes on with a file it did not write.
//  - TempDir is a new folder that only its owner can enter (mkdtemp), removed with everything in it
//    by the destructor unless the environment variable the test names is set; the constructor
//    throws std::runtime_error when no folder can be made.
//  - spawn starts a program (a name without `/` is looked up in PATH) with the test's environment,
//    standard output and error into the given files (mode 0600: outputs may hold what the tests
//    grep for secrets); it throws std::runtime_error when the program cannot be started.
//  - wait_exit waits for a child: its exit code, 128 + the signal that ended it, or -1 when it
//    cannot be waited for.
//  - run is spawn + wait_exit with the outputs in `dir`/`tag`.stdout and .stderr, read back into
//    the result; a program that cannot be started gives code 127 and the reason in `err`.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace vtyguard::test_support {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p);
void write_text(const fs::path& p, const std::string& text);

// The lines of `text` that are not empty, without their line ends.
std::vector<std::string> lines_of(const std::string& text);

class TempDir {
public:
    // Under the system temp folder, named `prefix`-XXXXXX; kept when `keep_env` is set (to read a
    // failed test's files).
    TempDir(const std::string& prefix, std::string keep_env);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
    std::string keep_env_;
};

pid_t spawn(const std::vector<std::string>& args, const fs::path& out, const fs::path& err);
int wait_exit(pid_t pid);

struct Ran {
    int code = -1;
    std::string out, err;
};

Ran run(const std::vector<std::string>& args, const fs::path& dir, const std::string& tag);

}  // namespace vtyguard::test_support
