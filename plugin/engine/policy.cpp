#include "plugin/engine/policy.hpp"

#include <cctype>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace vtyguard::checks {

namespace {

std::string where(std::string_view name, const YAML::Node& n) {
    std::string s(name);
    const auto m = n.Mark();
    if (m.line >= 0) s += ":" + std::to_string(m.line + 1);
    return s;
}

struct Bad {
    std::string message;
};

std::string scalar(std::string_view name, const YAML::Node& n, std::string_view key) {
    if (!n.IsScalar()) throw Bad{where(name, n) + ": `" + std::string(key) + "` must be a single value"};
    return n.Scalar();
}

int integer(std::string_view name, const YAML::Node& n, std::string_view key, int lo, int hi) {
    const std::string s = scalar(name, n, key);
    try {
        std::size_t used = 0;
        const int v = std::stoi(s, &used);
        if (used == s.size() && v >= lo && v <= hi) return v;
    } catch (const std::exception&) {
    }
    throw Bad{where(name, n) + ": `" + std::string(key) + "` must be a number from " + std::to_string(lo) + " to " +
              std::to_string(hi) + ", not '" + s + "'"};
}

std::vector<std::string> list(std::string_view name, const YAML::Node& n, std::string_view key) {
    std::vector<std::string> out;
    if (n.IsScalar()) return {n.Scalar()};
    if (!n.IsSequence()) throw Bad{where(name, n) + ": `" + std::string(key) + "` must be a list"};
    for (const auto& item : n) out.push_back(scalar(name, item, key));
    return out;
}

// A prefix as the engine needs it: `A/len` or a bare address (a host).
bool plausible_prefix(const std::string& p) {
    if (p.empty()) return false;
    for (char c : p)
        if (!(std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':' || c == '/')) return false;
    return true;
}

}  // namespace

bool parse_policy(std::string_view yaml, std::string_view name, Policy& out, std::string& error) {
    Policy p;
    try {
        const YAML::Node root = YAML::Load(std::string(yaml));
        if (root.IsNull()) {
            out = p;
            return true;
        }
        if (!root.IsMap()) throw Bad{where(name, root) + ": the policy must be a mapping of keys"};
        for (const auto& kv : root) {
            const std::string key = kv.first.as<std::string>();
            const YAML::Node& v = kv.second;
            if (key == "management_sources") {
                p.management_sources = list(name, v, key);
                for (const auto& s : p.management_sources)
                    if (!plausible_prefix(s))
                        throw Bad{where(name, v) + ": management source '" + s +
                                  "' is not an address or prefix (10.20.0.0/16)"};
            } else if (key == "ssh_port") {
                p.ssh_port = integer(name, v, key, 1, 65535);
            } else if (key == "domain") {
                p.domain = scalar(name, v, key);
            } else if (key == "admin_user") {
                p.admin_user = scalar(name, v, key);
            } else if (key == "aaa_group") {
                p.aaa_group = scalar(name, v, key);
            } else if (key == "client_profile") {
                p.client_profile = scalar(name, v, key);
            } else if (key == "min_vty_lines") {
                p.min_vty_lines = integer(name, v, key, 1, 1000);
            } else if (key == "severity_overrides") {
                if (!v.IsMap()) throw Bad{where(name, v) + ": `severity_overrides` must map check ids to severities"};
                for (const auto& o : v) {
                    const std::string sev = scalar(name, o.second, key);
                    auto s = severity_from_string(sev);
                    if (!s)
                        throw Bad{where(name, o.second) + ": unknown severity '" + sev +
                                  "' (info, low, medium, high, critical)"};
                    p.severity_overrides[o.first.as<std::string>()] = *s;
                }
            } else if (key == "skip_checks") {
                for (auto& id : list(name, v, key)) p.skip_checks.insert(id);
            } else if (key == "targets") {
                if (!v.IsMap()) throw Bad{where(name, v) + ": `targets` must map device names to addresses"};
                for (const auto& t : v) p.targets[t.first.as<std::string>()] = scalar(name, t.second, key);
            } else {
                throw Bad{where(name, kv.first) + ": unknown policy key '" + key +
                          "' (management_sources, ssh_port, domain, admin_user, aaa_group, client_profile, "
                          "min_vty_lines, severity_overrides, skip_checks, targets)"};
            }
        }
    } catch (const Bad& b) {
        error = b.message;
        return false;
    } catch (const YAML::Exception& e) {
        error = std::string(name) + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg;
        return false;
    }
    out = std::move(p);
    return true;
}

bool load_policy(const std::string& path, Policy& out, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot read the policy file";
        return false;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_policy(ss.str(), path, out, error);
}

}  // namespace vtyguard::checks
