// How typed or loaded credential lines are stored (private to lab/sim): clear-text secrets become
// the hashed forms a real device shows; `service password-encryption` turns clear passwords into
// type 7. Shared by load time and configuration mode so both store the same text.
#pragma once

#include <string>
#include <vector>

#include "lab/sim/model.hpp"

namespace vtyguard::lab {

// IOS `username NAME ...` merged with the user's existing line (IOS keeps one line per user).
std::string ios_username_line(const Config& c, const std::vector<std::string>& words, const std::string& salt,
                              bool encrypt_passwords);
// IOS `enable secret ...` / `enable password ...`.
std::string ios_enable_line(const std::vector<std::string>& words, const std::string& salt, bool encrypt_passwords);
// IOS line/`password` value (`password 7 ...` when encrypting).
std::string ios_password_child(const std::vector<std::string>& words, bool encrypt_passwords);
// ASA `username NAME password PW [privilege N]` and `enable password PW`.
std::string asa_username_line(const std::vector<std::string>& words, const std::string& salt);
std::string asa_enable_line(const std::vector<std::string>& words, const std::string& salt);

bool password_encryption_on(const Config& c);

}  // namespace vtyguard::lab
