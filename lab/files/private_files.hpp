// Directories and files that hold the lab's secrets (host keys, the jump hosts' client key, the
// inventory's passwords). The default state directory lives in a world-writable place
// (/tmp/vtyguard-lab-<uid>), where another local user could create it first and plant a client
// key that the lab would then authorize on its jump hosts: nothing here trusts a directory that
// someone else could have written to.
//
// Contract:
//  - A private directory is a real directory (not a symlink) owned by the effective uid with no
//    group or other permission bits. Only the last component is checked: its parents are the
//    caller's choice (a sticky /tmp keeps other users from renaming it).
//  - Private files are created with mode 0600 from the start (never made private afterwards) and
//    replace their destination atomically, so a reader never sees half a file.
//  - Library code: never prints, never throws; errors name the path and what is wrong with it.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace vtyguard::lab {

enum class PrivateDir {
    missing,  // nothing at that path
    ok,       // a private directory
    unsafe,   // something else (the error says what)
};

// What is at `dir` now, without changing anything.
PrivateDir inspect_private_dir(const std::filesystem::path& dir, std::string& error);

// Creates `dir` with mode 0700 (missing parents with the default mode) or accepts it when it is
// already private; false and `error` otherwise (an unsafe directory is never repaired: someone
// else may already have put files in it).
bool ensure_private_dir(const std::filesystem::path& dir, std::string& error);

// Writes `text` to `path` through a 0600 temporary file in the same directory, renamed over it.
bool write_private_file(const std::filesystem::path& path, std::string_view text, std::string& error);

}  // namespace vtyguard::lab
