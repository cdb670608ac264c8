// AST of the fact lines of IOS / IOS-XE `show version` (the rest of the output is prose).
#pragma once

#include <string>

namespace vtyguard::parsers::cisco_ios::show_version::ast {

// Two captured texts; what they mean depends on the line kind.
struct Pair {
    std::string a;
    std::string b;
};

enum class Kind {
    none,
    xe_banner,      // `Cisco IOS XE Software, Version 17.09.04a`: a = release
    ios_banner,     // `Cisco IOS Software[ [Cupertino]], FAMILY (IMAGE), Version R, ...`,
                    // `IOS (tm) ... Version R, ...`: a = text before `Version`, b = release
    xe_copyright,   // `Cisco IOS-XE software, Copyright (c) ...`
    uptime,         // `HOST uptime is 1 week, 2 days`: a = host, b = uptime
    image,          // `System image file is "flash:..."`: a = file
    processor,      // `cisco WS-C3750X-48P (PowerPC405) processor ...`: a = model
    board_id,       // `Processor board ID FOC1234X0AB`: a = serial
    model_number,   // `Model Number : C9300-48P`: a
    system_serial,  // `System Serial Number : FOC...`: a
    crypto_notice,  // `This product contains cryptographic features ...`
};

struct Line {
    Kind kind = Kind::none;
    Pair pair;
};

}  // namespace vtyguard::parsers::cisco_ios::show_version::ast
