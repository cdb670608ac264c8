// `show privilege` -> Device::privilege. Evidence collected below level 15 makes checks `unknown`.
#include "parsers/cisco_ios/show_privilege/parser.hpp"

#include "parsers/cisco_ios/show_privilege/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_ios::show_privilege {

void parse(const ParseInput& input, ParseResult& out) {
    std::vector<std::string> storage;
    for (const auto& line : split_lines(input.text, storage)) {
        if (is_cli_noise(line.text) || is_prompt_line(line.text)) continue;
        ast::Level level;
        if (parse_line(line.text, level)) {
            if (out.device.privilege)
                diagnose(out, line, "second privilege statement; the first one is kept");
            else
                out.device.privilege = level.level;
        } else {
            diagnose(out, line, "not a `show privilege` line");
        }
    }
}

}  // namespace vtyguard::parsers::cisco_ios::show_privilege
