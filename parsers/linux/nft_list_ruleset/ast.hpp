// AST of one logical line of `nft list ruleset` (a set's elements wrapped over several lines are
// joined first, see parser.cpp): block heads and ends, chain and set properties, and rules as
// their tokens (the meaning of the tokens is parser.cpp's).
#pragma once

#include <string>
#include <vector>

namespace vtyguard::parsers::lnx::nft_list_ruleset::ast {

// A rule token: a word (`ip`, `saddr`, `!=`, `10.0.0.0/8`, `established,related`, `@mgmt`), a
// double-quoted string (unquoted here), or an anonymous set `{ a, b }` (its elements, trimmed).
struct Token {
    int kind = 0;  // TokenKind
    std::string text;
    std::vector<std::string> elements;
};
enum TokenKind { kWord = 0, kQuoted = 1, kSet = 2 };

// `table inet filter {`
struct Table {
    std::string family;
    std::string name;
};

// `chain input {`, `set mgmt {`, `map m {`, `flowtable f {`, `ct helper h {`, ...
struct Block {
    std::string what;  // `chain`, `set`, `map`, `flowtable`, `counter`, `quota`, `ct helper`, ...
    std::string name;
};

// `type filter hook input priority filter; policy drop;`
struct ChainSpec {
    std::string type;
    std::string hook;
    std::string priority;  // as written, up to the `;`
    std::string policy;    // empty when not printed
};

enum class Kind {
    none,
    table,         // Table
    block,         // Block
    close,         // `}`
    chain_spec,    // ChainSpec
    set_elements,  // `elements = { ... }` (elements in `tokens[0]`)
    set_property,  // `type ipv4_addr`, `typeof ip saddr`, `flags interval`, `size N`, `timeout 1h`, ...
    comment,       // `# Warning: table ip filter is managed by iptables-nft, do not touch!`
    rule,          // tokens
};

struct Line {
    Kind kind = Kind::none;
    Table table;
    Block block;
    ChainSpec chain_spec;
    std::vector<Token> tokens;
};

}  // namespace vtyguard::parsers::lnx::nft_list_ruleset::ast
