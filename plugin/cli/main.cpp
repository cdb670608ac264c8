// The `vtyguard` command line. Exit codes follow SPEC section 12: 0 clean, 2 usage or input
// error (the message names the file).
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "plugin/json/model_json.hpp"

namespace {

constexpr int kExitUsage = 2;

bool read_input(const std::string& path, std::string& out, std::string& error) {
    if (path == "-") {
        std::ostringstream ss;
        ss << std::cin.rdbuf();
        out = ss.str();
        return true;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        error = path + ": is a directory, not a capture file";
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = path + ": cannot open: " + std::strerror(errno);
        return false;
    }
    std::ostringstream ss;
    if (!(ss << in.rdbuf()) && in.peek() != std::char_traits<char>::eof()) {
        error = path + ": read error";
        return false;
    }
    out = ss.str();
    return true;
}

int run_parse(const std::string& platform, const std::string& command, const std::string& file) {
    std::string text, error;
    if (!read_input(file, text, error)) {
        std::cerr << "vtyguard parse: " << error << "\n";
        return kExitUsage;
    }
    vtyguard::parsers::ParseResult result;
    vtyguard::parsers::Resolved resolved;
    if (!vtyguard::parsers::parse(platform, command, text, result, resolved, error)) {
        std::cerr << "vtyguard parse: " << error << "\n";
        return kExitUsage;
    }
    std::cout << vtyguard::json::dump(vtyguard::json::parse_result(result, resolved.command, resolved.sections))
              << "\n";
    return 0;
}

int run_commands(const std::string& platform) {
    for (const auto& row : vtyguard::parsers::registry().rows()) {
        if (!platform.empty() && row.platform != platform) continue;
        std::cout << row.platform << "\t" << row.command;
        for (const auto& a : row.aliases) std::cout << "\t(" << a << ")";
        std::cout << "\n";
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"vtyguard: why is SSH to this Cisco device refused or unsafe"};
    app.require_subcommand(1);

    std::string platform, command, file;
    auto* parse = app.add_subcommand("parse", "Parse one captured command output and print it as JSON");
    parse->add_option("--platform", platform, "cisco_ios or cisco_asa")->required();
    parse->add_option("--command", command, "the command that produced the capture, e.g. \"show ip ssh\"")->required();
    parse->add_option("file", file, "capture file, or - for standard input")->required();

    std::string list_platform;
    auto* commands = app.add_subcommand("commands", "List the commands vtyguard can parse");
    commands->add_option("--platform", list_platform, "only this platform");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : kExitUsage;
    }
    if (*parse) return run_parse(platform, command, file);
    if (*commands) return run_commands(list_platform);
    return kExitUsage;
}
