// ASA `show nameif` -> Device::interfaces: name, nameif and security_level, the only facts the
// output states (everything else of Interface stays empty). A row is `INTERFACE NAMEIF LEVEL`
// with a level of 0-100; the `Interface Name Security` header is understood and skipped.
#include "parsers/cisco_asa/show_nameif/parser.hpp"

#include "parsers/cisco_asa/show_nameif/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_asa::show_nameif {

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    for (const auto& line : split_lines(input.text, storage)) {
        if (is_cli_noise(line.text) || is_prompt_line(line.text)) continue;
        ast::Row row;
        switch (parse_line(line.text, row)) {
            case ast::Kind::header:
                break;
            case ast::Kind::row: {
                if (row.security < 0 || row.security > 100) {
                    diagnose(out, line, "security level outside 0-100");
                    break;
                }
                model::Interface i;
                i.name = std::move(row.interface);
                i.nameif = std::move(row.nameif);
                i.security_level = row.security;
                i.line = line.number;
                out.device.interfaces.push_back(std::move(i));
                break;
            }
            default:
                diagnose(out, line, "not a `show nameif` line");
        }
    }
}

}  // namespace vtyguard::parsers::cisco_asa::show_nameif
