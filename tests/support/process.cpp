#include "tests/support/process.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>

extern char** environ;

namespace vtyguard::test_support {

namespace {

// posix_spawnp's result: 0, or the error number that kept the program from starting.
int start(const std::vector<std::string>& args, const fs::path& out, const fs::path& err, pid_t& pid) {
    if (args.empty()) return EINVAL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const int rc = posix_spawnp(&pid, argv[0], &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

std::string cannot_start(const std::vector<std::string>& args, int rc) {
    return "cannot start " + (args.empty() ? std::string("(no program)") : args[0]) + ": " + std::strerror(rc);
}

}  // namespace

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error(p.string() + ": cannot write");
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

TempDir::TempDir(const std::string& prefix, std::string keep_env) : keep_env_(std::move(keep_env)) {
    std::string templ = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (!::mkdtemp(templ.data())) throw std::runtime_error(templ + ": no temporary folder: " + std::strerror(errno));
    path_ = templ;
}

TempDir::~TempDir() {
    std::error_code ec;
    if (!std::getenv(keep_env_.c_str())) fs::remove_all(path_, ec);
}

pid_t spawn(const std::vector<std::string>& args, const fs::path& out, const fs::path& err) {
    pid_t pid = -1;
    if (const int rc = start(args, out, err, pid); rc != 0) throw std::runtime_error(cannot_start(args, rc));
    return pid;
}

int wait_exit(pid_t pid) {
    int status = 0;
    pid_t got;
    while ((got = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    if (got != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

Ran run(const std::vector<std::string>& args, const fs::path& dir, const std::string& tag) {
    const fs::path out = dir / (tag + ".stdout"), err = dir / (tag + ".stderr");
    Ran r;
    pid_t pid = -1;
    if (const int rc = start(args, out, err, pid); rc != 0) {
        r.code = 127;
        r.err = cannot_start(args, rc);
        return r;
    }
    r.code = wait_exit(pid);
    r.out = read_text(out);
    r.err = read_text(err);
    return r;
}

}  // namespace vtyguard::test_support
