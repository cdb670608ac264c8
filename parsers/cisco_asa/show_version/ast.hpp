// AST of the fact lines of ASA `show version` (the rest of the output is prose).
#pragma once

#include <string>

namespace vtyguard::parsers::cisco_asa::show_version::ast {

// Two captured texts; what they mean depends on the line kind.
struct Pair {
    std::string a;
    std::string b;
};

enum class Kind {
    none,
    banner,         // `Cisco Adaptive Security Appliance Software Version 9.12(4)67 [<context>]`: a = release
    asdm,           // `Device Manager Version 7.12(2)`: a = ASDM version (no model field; understood)
    hardware,       // `Hardware:   ASA5512, 4096 MB RAM, CPU ...`: a = model
    serial,         // `Serial Number: FCH1234ABCD`: a
    uptime,         // `HOST up 10 days 2 hours`: a = host, b = uptime
    image,          // `System image file is "disk0:/asa9-12-4-67-smp-k8.bin"`: a
    strong_crypto,  // `Encryption-3DES-AES : Enabled   perpetual`: a = Enabled/Disabled
};

struct Line {
    Kind kind = Kind::none;
    Pair pair;
};

}  // namespace vtyguard::parsers::cisco_asa::show_version::ast
