// AST of one IOS access-control entry and of one object-group member line. Every text field is a
// view into the parsed line and every list is a fixed array: the grammar allocates nothing, and the
// conversion to the model (convert.cpp) copies what it keeps (short strings fit SSO).
#pragma once

#include <cstdint>
#include <string_view>

#include "parsers/model/model.hpp"

namespace vtyguard::parsers::cisco_ios::ast {

// A small list of views; push() fails (returns false) when full, which fails the parse rather than
// dropping a token. The slots are left uninitialised (only `count` of them are ever read): an
// Ace is made for every line, and zeroing unused slots was a measurable part of the parse.
template <std::size_t N>
struct Views {
    struct Slot {
        const char* data;
        std::size_t size;
    };
    Slot items[N];
    std::uint8_t count = 0;
    bool push(std::string_view v) {
        if (count == N) return false;
        items[count++] = Slot{v.data(), v.size()};
        return true;
    }
    void clear() { count = 0; }
    bool empty() const { return count == 0; }
    std::string_view operator[](std::size_t i) const { return {items[i].data, items[i].size}; }
};

struct Address {
    bool present = false;
    model::Address::Kind kind = model::Address::Kind::any;
    std::string_view address;  // host / wildcard / netmask / prefix / range start
    std::string_view mask;     // wildcard bits / netmask / range end
    int prefix_length = -1;
    std::string_view name;  // object-group / fqdn
};

struct Port {
    bool present = false;
    model::PortMatch::Op op = model::PortMatch::Op::eq;
    Views<10> ports;        // as written; range: two values
    std::string_view name;  // object_group (`portgroup NAME`)
};

struct Ace {
    bool has_sequence = false;
    std::uint32_t sequence = 0;
    model::Ace::Action action = model::Ace::Action::permit;
    std::string_view remark;
    std::string_view protocol;
    std::string_view protocol_object_group;
    Address source;
    Port source_ports;
    Address destination;
    Port destination_ports;
    Views<10> flags;  // `syn`, `match-all`, `+ack`, ...
    bool established = false;
    std::string_view icmp_type;  // `echo`, `3 4`
    Views<8> options;            // other qualifiers as written
    std::string_view log;        // `log`, `log-input`, `log (tag = x)`, `log cookie`
    std::string_view time_range;
    std::string_view state;  // `active` / `inactive`
    bool has_matches = false;
    std::uint64_t matches = 0;
};

// One child line of an `object-group` block (without its indentation).
struct Member {
    enum class Kind { address, service, protocol, port, group, description };
    Kind kind = Kind::description;
    Address address;
    std::string_view protocol;  // service: `tcp`, `udp`, `tcp-udp`, `icmp`, `ip`, `6`; protocol member
    Port source_ports;
    Port destination_ports;
    std::string_view name;  // group / description / icmp type of a service member
};

}  // namespace vtyguard::parsers::cisco_ios::ast
