#include "lab/files/private_files.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace vtyguard::lab {

namespace {

std::string user_of(uid_t uid) {
    if (const passwd* pw = getpwuid(uid); pw && pw->pw_name) return std::to_string(uid) + " (" + pw->pw_name + ")";
    return std::to_string(uid);
}

std::string octal(mode_t mode) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
    return buf;
}

// Without trailing slashes: lstat("link/") would follow the symlink it must see.
std::filesystem::path without_trailing_slash(const std::filesystem::path& path) {
    std::string text = path.string();
    while (text.size() > 1 && text.back() == '/') text.pop_back();
    return text;
}

}  // namespace

PrivateDir inspect_private_dir(const std::filesystem::path& path, std::string& error) {
    const auto dir = without_trailing_slash(path);
    struct stat st {};
    if (lstat(dir.c_str(), &st) != 0) {
        if (errno == ENOENT) return PrivateDir::missing;
        error = dir.string() + ": " + std::strerror(errno);
        return PrivateDir::unsafe;
    }
    if (S_ISLNK(st.st_mode)) {
        error = dir.string() + " is a symbolic link, not a private directory";
        return PrivateDir::unsafe;
    }
    if (!S_ISDIR(st.st_mode)) {
        error = dir.string() + " is not a directory";
        return PrivateDir::unsafe;
    }
    if (st.st_uid != geteuid()) {
        error = dir.string() + " is owned by uid " + user_of(st.st_uid) + ", not by the current user (uid " +
                user_of(geteuid()) + ")";
        return PrivateDir::unsafe;
    }
    if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
        error = dir.string() + " has mode " + octal(st.st_mode) + ": group and others must have no access (700)";
        return PrivateDir::unsafe;
    }
    return PrivateDir::ok;
}

bool ensure_private_dir(const std::filesystem::path& path, std::string& error) {
    const auto dir = without_trailing_slash(path);
    if (dir.has_parent_path() && dir.parent_path() != dir) {
        std::error_code ec;
        std::filesystem::create_directories(dir.parent_path(), ec);
        if (ec) {
            error = "cannot create " + dir.parent_path().string() + ": " + ec.message();
            return false;
        }
    }
    // mkdir creates it 0700 or fails when something is there already: either way the result is
    // judged by what is at the path now, so a directory someone made first is never adopted.
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        error = "cannot create " + dir.string() + ": " + std::strerror(errno);
        return false;
    }
    switch (inspect_private_dir(dir, error)) {
        case PrivateDir::ok:
            return true;
        case PrivateDir::missing:
            error = dir.string() + " disappeared while it was being created";
            return false;
        case PrivateDir::unsafe:
            return false;
    }
    return false;
}

bool write_private_file(const std::filesystem::path& path, std::string_view text, std::string& error) {
    std::string pattern = path.string() + ".tmp.XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    // mkostemp creates the file with O_EXCL and mode 0600: it is private before it holds anything.
    const int fd = mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) {
        error = "cannot create a temporary file next to " + path.string() + ": " + std::strerror(errno);
        return false;
    }
    const std::string temp(name.data());
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            error = "cannot write " + temp + ": " + std::strerror(n < 0 ? errno : EIO);
            close(fd);
            unlink(temp.c_str());
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    if (close(fd) != 0) {
        error = "cannot write " + temp + ": " + std::strerror(errno);
        unlink(temp.c_str());
        return false;
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        error = "cannot write " + path.string() + ": " + std::strerror(errno);
        unlink(temp.c_str());
        return false;
    }
    return true;
}

}  // namespace vtyguard::lab
