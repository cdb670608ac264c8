// AST of one ASA access-control entry (the text after `access-list NAME`) and of one child line of
// an `object` / `object-group` block. Every text field is a view into the parsed line: the grammar
// allocates nothing; conversion to the model (convert.cpp) copies what it keeps.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "parsers/model/model.hpp"

namespace vtyguard::parsers::cisco_asa::ast {

struct Address {
    bool present = false;
    model::Address::Kind kind = model::Address::Kind::any;
    std::string_view address;  // host / netmask / prefix / range start
    std::string_view mask;     // netmask / range end
    int prefix_length = -1;
    std::string_view name;  // object-group / object / interface / fqdn
    bool unresolved = false;
};

struct Port {
    bool present = false;
    model::PortMatch::Op op = model::PortMatch::Op::eq;
    std::string_view first;
    std::string_view second;  // range end
    std::string_view name;    // object-group
};

enum class Form { extended, standard, remark, webtype, ethertype, advanced };

struct Ace {
    Form form = Form::extended;
    bool has_sequence = false;
    std::uint32_t sequence = 0;
    model::Ace::Action action = model::Ace::Action::permit;
    bool trust = false;  // FTD `advanced trust`
    std::string_view protocol;
    std::string_view protocol_object_group;
    std::string_view protocol_object;
    std::string_view source_identity;       // `user X`, `object-group-user X`, `security-group tag N` ...
    std::string_view destination_identity;  // `security-group ...` before the destination
    std::string_view source_ifc;            // FTD `ifc NAMEIF` before the source
    std::string_view destination_ifc;
    Address source;
    Port source_ports;
    Address destination;
    Port destination_ports;
    std::string_view icmp_type;  // type and optional code as written: `echo`, `55 3`
    std::string_view log;        // `log`, `log informational interval 300`, `log disable`
    std::string_view time_range;
    bool inactive = false;  // `inactive` keyword or `(inactive)` decoration
    bool has_hitcnt = false;
    std::uint64_t hitcnt = 0;
    std::string_view hash;
    std::string_view remark;
    std::vector<std::string_view> options;  // other qualifiers as written
};

// One child line of `object network|service` or `object-group ...`.
struct Member {
    enum class Kind {
        address,         // object network: host|subnet|range|fqdn; object-group: network-object ...
        nat,             // object network: nat ... (NAT is not access control: ignored on purpose)
        service,         // object service: service PROTO ...; object-group: service-object PROTO ...
        service_object,  // service-object object NAME
        port,            // port-object eq|neq|lt|gt|range ...
        protocol,        // protocol-object P
        icmp_type,       // icmp-object T
        group,           // group-object NAME
        description,
        identity,  // object-group user|security: user X, user-group X, security-group name|tag X
    };
    Kind kind = Kind::description;
    Address address;
    std::string_view protocol;
    Port source_ports;
    Port destination_ports;
    std::string_view name;  // group / service-object object / icmp type / description / identity text
};

}  // namespace vtyguard::parsers::cisco_asa::ast
