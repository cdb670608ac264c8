#include "tests/lab/scenarios_support.hpp"

#include <sys/wait.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

namespace vtyguard::lab::scenarios {

namespace {

std::uint32_t parse_ipv4(const std::string& s, const fs::path& file) {
    std::uint32_t out = 0;
    int parts = 0;
    std::stringstream ss(s);
    for (std::string p; std::getline(ss, p, '.');) {
        if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string::npos || std::stoi(p) > 255)
            throw std::runtime_error(file.string() + ": not an IPv4 address: " + s);
        out = out << 8 | static_cast<std::uint32_t>(std::stoi(p));
        ++parts;
    }
    if (parts != 4) throw std::runtime_error(file.string() + ": not an IPv4 address: " + s);
    return out;
}

std::string format_ipv4(std::uint32_t a) {
    return std::to_string(a >> 24) + "." + std::to_string(a >> 16 & 255) + "." + std::to_string(a >> 8 & 255) + "." +
           std::to_string(a & 255);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
    return s;
}

// The device's own key, else the fleet default.
std::optional<YAML::Node> lookup(const YAML::Node& device, const YAML::Node& defaults, const char* key) {
    if (device[key]) return device[key];
    if (defaults.IsMap() && defaults[key]) return defaults[key];
    return std::nullopt;
}

FleetDevice read_device(const YAML::Node& n, const YAML::Node& defaults, const fs::path& file) {
    const fs::path dir = file.parent_path();
    auto text = [&](const char* key, std::string fallback = {}) {
        const auto v = lookup(n, defaults, key);
        return v ? v->as<std::string>() : fallback;
    };
    FleetDevice d;
    d.name = text("name");
    d.platform = text("platform");
    d.address = text("address");
    if (d.name.empty() || d.platform.empty() || text("config").empty())
        throw std::runtime_error(file.string() + ": line " + std::to_string(n.Mark().line + 1) +
                                 ": a device needs name, platform and config");
    d.config = fs::absolute(dir / text("config")).lexically_normal();
    d.config_text = read_text(d.config);
    d.version = text("version");
    d.model = text("model");
    d.username = text("username");
    d.password = text("password");
    d.enable = text("enable");
    d.source = text("source");
    if (const auto v = lookup(n, defaults, "ssh_port")) d.ssh_port = v->as<std::uint16_t>();
    if (const auto v = lookup(n, defaults, "telnet_port")) d.telnet_port = v->as<std::uint16_t>();
    if (const auto v = lookup(n, defaults, "legacy_crypto")) d.legacy_crypto = v->as<bool>();
    if (const auto v = lookup(n, defaults, "crypto_image")) d.crypto_image = v->as<bool>();
    if (const auto v = lookup(n, defaults, "expect")) {
        d.has_expect = true;
        d.expect = v->as<std::vector<std::string>>();
    }
    return d;
}

}  // namespace

std::vector<FleetDevice> read_fleet(const fs::path& file) {
    std::vector<FleetDevice> out;
    try {
        const YAML::Node root = YAML::LoadFile(file.string());
        const YAML::Node defaults = root["defaults"];
        for (const auto& n : root["devices"]) out.push_back(read_device(n, defaults, file));
        for (const auto& g : root["generate"]) {
            const int count = g["count"].as<int>();
            const std::string pattern = g["name"].as<std::string>();
            const std::uint32_t first = parse_ipv4(g["address_from"].as<std::string>(), file);
            const std::size_t width = std::to_string(count).size();
            for (int i = 0; i < count; ++i) {
                std::string n = std::to_string(i + 1);
                n.insert(0, width - n.size(), '0');
                YAML::Node one = YAML::Clone(g);
                one.remove("count");
                one.remove("address_from");
                one["name"] = replace_all(pattern, "{n}", n);
                one["address"] = format_ipv4(first + static_cast<std::uint32_t>(i));
                FleetDevice d = read_device(one, defaults, file);
                d.config_text = replace_all(replace_all(d.config_text, "{hostname}", d.name), "{address}", d.address);
                out.push_back(std::move(d));
            }
        }
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    return out;
}

fs::path policy_for(const FleetDevice& d, const fs::path& lab_policy) {
    const fs::path own = d.config.parent_path() / (d.name + ".policy.yaml");
    return fs::exists(own) ? own : lab_policy;
}

std::vector<std::string> management_sources(const fs::path& policy) {
    try {
        const YAML::Node root = YAML::LoadFile(policy.string());
        if (!root["management_sources"]) return {};
        return root["management_sources"].as<std::vector<std::string>>();
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(policy.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
}

std::string command_slug(const std::string& command) {
    std::string out;
    for (char c : command) {
        const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const bool kept = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '-';
        if (kept)
            out += l;
        else if (!out.empty() && out.back() != '_')
            out += '_';
    }
    while (!out.empty() && out.back() == '_') out.pop_back();
    return out;
}

char section_of(const std::string& check) {
    if (check == "SSH-008" || check == "SSH-018") return 'B';
    if (check.rfind("SSH-0", 0) == 0 || check.rfind("ASA-0", 0) == 0 || check.rfind("NET-", 0) == 0) return 'A';
    return 'B';
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error(p.string() + ": cannot be read");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_text(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error(p.string() + ": cannot be written");
}

std::map<std::string, nlohmann::json> run_audit(const fs::path& dir, const fs::path& policy) {
    const fs::path report = dir.string() + ".report.json";
    const fs::path log = dir.string() + ".log";
    const std::string cmd = std::string("'") + VTYGUARD_CLI + "' audit --from '" + dir.string() + "' --policy '" +
                            policy.string() + "' --format json --output '" + report.string() + "' >'" + log.string() +
                            "' 2>&1";
    const int status = std::system(cmd.c_str());
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::string output;
    if (fs::exists(log)) output = read_text(log);
    // 0: clean, 1: findings at or above `high` (the broken scenarios); 2 and 3 are errors.
    if ((code != 0 && code != 1) || !fs::exists(report))
        throw std::runtime_error(cmd + "\nexit code " + std::to_string(code) + "\n" + output);
    const auto j = nlohmann::json::parse(read_text(report));
    std::map<std::string, nlohmann::json> out;
    for (const auto& d : j.at("devices")) out[d.at("device").get<std::string>()] = d;
    return out;
}

std::set<std::string> failing(const nlohmann::json& device) {
    std::set<std::string> out;
    for (const auto& f : device.at("findings"))
        if (f.at("verdict") == "fail") out.insert(f.at("check").get<std::string>());
    return out;
}

std::set<std::string> of_section(const std::set<std::string>& checks, char section) {
    std::set<std::string> out;
    for (const auto& c : checks)
        if (section_of(c) == section) out.insert(c);
    return out;
}

std::set<std::string> of_section(const std::vector<std::string>& checks, char section) {
    return of_section(std::set<std::string>(checks.begin(), checks.end()), section);
}

std::string describe_failures(const nlohmann::json& device) {
    std::string out;
    for (const auto& f : device.at("findings"))
        if (f.at("verdict") == "fail")
            out += "  " + f.at("check").get<std::string>() + " (" + f.at("severity").get<std::string>() +
                   "): " + f.at("reason").get<std::string>() + "\n";
    return out.empty() ? "  (no failing check)\n" : out;
}

std::string join(const std::set<std::string>& s) {
    std::string out = "[";
    for (const auto& x : s) out += (out.size() > 1 ? ", " : "") + x;
    return out + "]";
}

}  // namespace vtyguard::lab::scenarios
