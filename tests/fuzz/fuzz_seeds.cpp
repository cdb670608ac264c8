// fuzz_seeds FIXTURES_DIR OUT_DIR: one seed per fixture, prefixed with the byte that selects its
// parser in fuzz_parsers (the registry order of this build).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "parsers/parse.hpp"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: fuzz_seeds FIXTURES_DIR OUT_DIR\n";
        return 2;
    }
    const auto& rows = vtyguard::parsers::registry().rows();
    fs::create_directories(argv[2]);
    int written = 0;
    for (const auto& e : fs::recursive_directory_iterator(argv[1])) {
        if (e.path().extension() != ".txt") continue;
        auto rel = fs::relative(e.path(), argv[1]);
        auto it = rel.begin();
        const auto platform = (it++)->string();
        const auto slug = (it++)->string();
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (rows[i].platform != platform || vtyguard::parsers::command_slug(rows[i].command) != slug) continue;
            std::ifstream in(e.path(), std::ios::binary);
            std::ostringstream ss;
            ss << in.rdbuf();
            std::ofstream out(fs::path(argv[2]) / (platform + "__" + slug + "__" + e.path().stem().string()),
                              std::ios::binary);
            out.put(static_cast<char>(i));
            out << ss.str();
            ++written;
        }
    }
    std::cout << "fuzz_seeds: " << written << " seeds for " << rows.size() << " parsers\n";
    return written > 0 ? 0 : 1;
}
