// Writes every report format for validation by tests/report/validate.py:
//
//   report_samples OUTDIR [CAPTURES_DIR...]
//
// OUTDIR receives report.json, report.jsonl, report.sarif, report.xml and report.txt for the
// hand-built sample reports plus every device folder (with a meta.yaml) and configuration backup
// (*.cfg) found under each CAPTURES_DIR, audited by the engine. Exit status 0 when everything was written.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "plugin/engine/report.hpp"
#include "tests/report/samples.hpp"

namespace fs = std::filesystem;
using namespace vtyguard::checks;

namespace {

bool write(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
        std::cerr << "report_samples: cannot write " << p << "\n";
        return false;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: report_samples OUTDIR [CAPTURES_DIR...]\n";
        return 2;
    }
    const fs::path out = argv[1];
    std::error_code ec;
    fs::create_directories(out, ec);
    if (ec) {
        std::cerr << "report_samples: " << out << ": " << ec.message() << "\n";
        return 2;
    }
    auto reports = vtyguard::report_samples::hand_built("/srv/fleet");
    for (int i = 2; i < argc; ++i) {
        if (!fs::exists(argv[i])) {
            std::cerr << "report_samples: " << argv[i] << " is absent\n";
            return 2;
        }
        for (auto& r : vtyguard::report_samples::audited(argv[i])) reports.push_back(std::move(r));
    }
    std::string jsonl;
    for (const auto& r : reports) jsonl += device_json(r).dump() + "\n";
    const bool ok = write(out / "report.json", report_json(reports).dump(2) + "\n") &&
                    write(out / "report.jsonl", jsonl) && write(out / "report.sarif", report_sarif(reports)) &&
                    write(out / "report.xml", report_junit(reports)) &&
                    write(out / "report.txt", report_text(reports, false));
    std::cout << "report_samples: " << reports.size() << " devices written to " << out.string() << "\n";
    return ok ? 0 : 1;
}
