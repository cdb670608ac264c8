#include "lab/sim/secrets.hpp"

#include "lab/sim/util.hpp"

namespace vtyguard::lab {

bool password_encryption_on(const Config& c) {
    return c.find("service password-encryption") != nullptr;
}

namespace {

// A single-digit encryption type before a value (`secret 9 $9$...`, `password 7 0822...`).
bool is_type(const std::string& w) {
    return w.size() == 1 && w[0] >= '0' && w[0] <= '9';
}

}  // namespace

std::string ios_username_line(const Config& c, const std::vector<std::string>& words, const std::string& salt,
                              bool encrypt) {
    // words: username NAME [privilege N] [secret|password [T] V] [nopassword] ...
    const std::string name = words.size() > 1 ? words[1] : "";
    std::string privilege, credential;
    std::vector<std::string> other;
    for (std::size_t i = 2; i < words.size(); ++i) {
        const auto k = util::lower(words[i]);
        if (k == "privilege" && i + 1 < words.size()) {
            privilege = words[++i];
        } else if (k == "secret" && i + 1 < words.size()) {
            std::string type = "0", value;
            if (is_type(words[i + 1]) && i + 2 < words.size()) type = words[++i];
            value = util::join(words, " ", i + 1);
            i = words.size();
            credential =
                type == "0" ? "secret 9 " + util::ios_type9(value, salt + ":" + name) : "secret " + type + " " + value;
        } else if (k == "password" && i + 1 < words.size()) {
            std::string type = "0", value;
            if (is_type(words[i + 1]) && i + 2 < words.size()) type = words[++i];
            value = util::join(words, " ", i + 1);
            i = words.size();
            if (type == "0" && encrypt)
                credential = "password 7 " + util::type7_encode(value, static_cast<int>(util::fnv1a(name) % 16));
            else
                credential = "password " + type + " " + value;
        } else if (k == "nopassword") {
            credential = "nopassword";
        } else {
            other.push_back(words[i]);
        }
    }
    // merge with the user's current line
    for (const auto& n : c.nodes) {
        const auto w = n.words();
        if (w.size() < 2 || !util::iequals(w[0], "username") || w[1] != name) continue;
        for (std::size_t i = 2; i < w.size(); ++i) {
            const auto k = util::lower(w[i]);
            if (k == "privilege" && i + 1 < w.size()) {
                if (privilege.empty()) privilege = w[i + 1];
                ++i;
            } else if ((k == "secret" || k == "password") && i + 1 < w.size()) {
                if (credential.empty()) credential = util::join(w, " ", i);
                break;
            } else if (k == "nopassword") {
                if (credential.empty()) credential = "nopassword";
            }
        }
    }
    std::string line = "username " + name;
    for (const auto& o : other) line += " " + o;
    if (!privilege.empty()) line += " privilege " + privilege;
    if (!credential.empty()) line += " " + credential;
    return line;
}

std::string ios_enable_line(const std::vector<std::string>& words, const std::string& salt, bool encrypt) {
    // words: enable secret|password [level N] [T] VALUE
    if (words.size() < 3) return util::join(words, " ");
    const auto kind = util::lower(words[1]);
    std::size_t i = 2;
    std::string level;
    if (util::iequals(words[i], "level") && i + 2 < words.size()) {
        level = " level " + words[i + 1];
        i += 2;
    }
    std::string type = "0";
    if (is_type(words[i]) && i + 1 < words.size()) type = words[i++];
    const std::string value = util::join(words, " ", i);
    if (kind == "secret") {
        if (type == "0") return "enable secret" + level + " 9 " + util::ios_type9(value, salt + ":enable");
        return "enable secret" + level + " " + type + " " + value;
    }
    if (type == "0" && encrypt) return "enable password" + level + " 7 " + util::type7_encode(value, 8);
    if (type == "0") return "enable password" + level + " " + value;
    return "enable password" + level + " " + type + " " + value;
}

std::string ios_password_child(const std::vector<std::string>& words, bool encrypt) {
    if (words.size() < 2) return util::join(words, " ");
    std::string type = "0";
    std::size_t i = 1;
    if (is_type(words[1]) && words.size() > 2) type = words[i++];
    const std::string value = util::join(words, " ", i);
    if (type == "0" && encrypt) return "password 7 " + util::type7_encode(value, 5);
    if (type == "0") return "password " + value;
    return "password " + type + " " + value;
}

std::string asa_username_line(const std::vector<std::string>& words, const std::string& salt) {
    // username NAME password PW [pbkdf2|encrypted|nt-encrypted] [privilege N]
    std::string line = "username";
    for (std::size_t i = 1; i < words.size(); ++i) {
        if (util::iequals(words[i], "password") && i + 1 < words.size()) {
            const bool hashed = i + 2 < words.size() &&
                                (util::iequals(words[i + 2], "pbkdf2") || util::iequals(words[i + 2], "encrypted") ||
                                 util::iequals(words[i + 2], "nt-encrypted"));
            if (hashed) {
                line += " password " + words[i + 1] + " " + words[i + 2];
                i += 2;
            } else {
                line += " password " + util::asa_pbkdf2(words[i + 1], salt + ":" + words[1]) + " pbkdf2";
                i += 1;
            }
            continue;
        }
        line += " " + words[i];
    }
    return line;
}

std::string asa_enable_line(const std::vector<std::string>& words, const std::string& salt) {
    // enable password PW [level N] [pbkdf2|encrypted]
    if (words.size() < 3) return util::join(words, " ");
    for (std::size_t i = 3; i < words.size(); ++i)
        if (util::iequals(words[i], "pbkdf2") || util::iequals(words[i], "encrypted")) return util::join(words, " ");
    std::string line = "enable password " + util::asa_pbkdf2(words[2], salt + ":enable");
    for (std::size_t i = 3; i < words.size(); ++i) line += " " + words[i];
    return line + " pbkdf2";
}

}  // namespace vtyguard::lab
