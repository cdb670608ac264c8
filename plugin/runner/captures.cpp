#include "plugin/runner/captures.hpp"

#include <unistd.h>

#include <fstream>
#include <set>

#include <yaml-cpp/yaml.h>

#include "parsers/parse.hpp"

namespace vtyguard::runner {

namespace fs = std::filesystem;

namespace {

bool write_text(const fs::path& p, const std::string& text, std::string& error) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        error = p.string() + ": cannot write";
        return false;
    }
    return true;
}

std::string meta_yaml(const checks::CaptureSet& set) {
    YAML::Emitter y;
    y << YAML::BeginMap;
    y << YAML::Key << "platform" << YAML::Value << set.platform;
    if (!set.hostname.empty()) y << YAML::Key << "hostname" << YAML::Value << set.hostname;
    if (!set.address.empty()) y << YAML::Key << "address" << YAML::Value << set.address;
    y << YAML::EndMap;
    return std::string(y.c_str()) + "\n";
}

}  // namespace

bool save_capture_set(const fs::path& dir, checks::CaptureSet& set, std::string& error) {
    const std::string& name = set.name;
    if (name.empty() || name == "." || name == ".." || name.front() == '.' || name == "CVS" ||
        name.find('/') != std::string::npos || name.find('\0') != std::string::npos) {
        error = dir.string() + ": device '" + name + "': not a name an audit folder can hold (captures not saved)";
        return false;
    }
    std::set<std::string> slugs;
    for (const auto& c : set.captures)
        if (!slugs.insert(parsers::command_slug(c.command)).second) {
            error = dir.string() + ": device '" + name + "': two commands save as " + parsers::command_slug(c.command) +
                    ".txt";
            return false;
        }
    try {
        const fs::path final_dir = dir / name;
        const fs::path tmp = dir / ("." + name + ".tmp." + std::to_string(::getpid()));
        std::error_code ec;
        fs::remove_all(tmp, ec);
        if (!fs::create_directories(tmp, ec) || ec) {
            error = tmp.string() + ": cannot create" + (ec ? ": " + ec.message() : std::string());
            return false;
        }
        std::vector<std::string> files;
        for (const auto& c : set.captures) {
            const std::string file = parsers::command_slug(c.command) + ".txt";
            if (!write_text(tmp / file, c.text, error)) {
                fs::remove_all(tmp, ec);
                return false;
            }
            files.push_back(file);
        }
        if (!write_text(tmp / "meta.yaml", meta_yaml(set), error)) {
            fs::remove_all(tmp, ec);
            return false;
        }
        fs::remove_all(final_dir, ec);
        fs::rename(tmp, final_dir, ec);
        if (ec) {
            error = final_dir.string() + ": cannot move the captures into place: " + ec.message();
            fs::remove_all(tmp, ec);
            return false;
        }
        for (std::size_t i = 0; i < set.captures.size(); ++i) set.captures[i].file = (final_dir / files[i]).string();
        return true;
    } catch (const std::exception& e) {
        error = dir.string() + ": " + e.what();
        return false;
    }
}

}  // namespace vtyguard::runner
