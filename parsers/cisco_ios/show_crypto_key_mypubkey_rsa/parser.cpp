// `show crypto key mypubkey rsa` (IOS, IOS-XE, ASA) and IOS `show crypto key mypubkey all` ->
// Device::keys.
//
// A key block starts at `% Key pair was generated at: ...` (ASA without `%`) or, when that line is
// missing, at `Key name:`. Block lines: `Key name:` (may be empty on old releases; the ASA prints
// `<Default-RSA-Key>`, kept as written), `Key type: RSA KEYS|EC KEYS`, ` Storage Device:` /
// ` Storage:`, ` Usage:`, ` Key is [not] exportable.[ Redundancy enabled.]`, `Temporary key`
// (understood; the model has no field for it), ASA ` Modulus Size (bits): N`, ` Key Data:`
// followed by hex groups or `<KEY DATA REDACTED>`.
//
// Size (SSH-102, ASA-103): `Modulus Size (bits)` when printed, else decoded from the DER
// SubjectPublicKeyInfo in the hex dump (der.hpp): the bit length of the RSA modulus, or the EC
// curve size. Redacted data leaves it unknown without a diagnostic; hex data that is not a
// complete SubjectPublicKeyInfo is reported on its `Key Data:` line. Key data is never stored.
//
// Type: the `Key type` line; else the algorithm of the DER data; else `RSA` when the capture has
// no `Key type` line at all. That last case is the layout of the ASA and of IOS releases older
// than EC key support (and than `mypubkey all`), where this command lists RSA keys only.
#include "parsers/cisco_ios/show_crypto_key_mypubkey_rsa/parser.hpp"

#include <cstdint>
#include <optional>

#include "parsers/cisco_ios/show_crypto_key_mypubkey_rsa/der.hpp"
#include "parsers/cisco_ios/show_crypto_key_mypubkey_rsa/grammar.hpp"
#include "parsers/common/lines.hpp"

namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;  // the grammar only lets hex digits through
}

struct Block {
    std::size_t index = 0;  // in device.keys
    bool name_seen = false;
    bool type_seen = false;
    bool size_stated = false;
    bool redacted = false;
    bool odd_hex = false;  // a hex line with an odd number of digits: not a byte dump
    std::optional<InputLine> key_data_line;
    std::vector<std::uint8_t> der;
};

class Parser {
public:
    explicit Parser(ParseResult& out) : out_(out) {}

    void run(std::string_view text) {
        std::vector<std::string> storage;
        for (const auto& line : split_lines(text, storage)) {
            if (is_cli_noise(line.text) || is_prompt_line(line.text)) continue;
            ast::Line l;
            const bool in_data = block_ && block_->key_data_line && !block_->redacted;
            if (!parse_line(line.text, in_data, l)) {
                diagnose(out_, line, "not a `show crypto key mypubkey` line");
                continue;
            }
            handle(line, l);
        }
        close();
        if (caret_) diagnose(out_, *caret_, "caret marker without `% Invalid input` after it");
        if (!any_type_line_)
            for (auto& k : out_.device.keys)
                if (k.type.empty()) k.type = "RSA";
    }

private:
    void open(const InputLine& line) {
        close();
        out_.device.keys.push_back(model::CryptoKey{});
        out_.device.keys.back().line = line.number;
        block_ = Block{};
        block_->index = out_.device.keys.size() - 1;
    }

    model::CryptoKey& key() { return out_.device.keys[block_->index]; }

    void close() {
        if (!block_) return;
        auto& b = *block_;
        auto& k = key();
        if (b.key_data_line && !b.redacted && (!b.der.empty() || b.odd_hex)) {
            auto der = b.odd_hex ? std::nullopt : decode_spki(b.der);
            if (!der) {
                diagnose(out_, *b.key_data_line, "key data is not a complete DER SubjectPublicKeyInfo: size unknown");
            } else {
                if (!b.type_seen && !der->type.empty()) k.type = der->type;
                if (!b.size_stated) k.bits = der->bits;
            }
        }
        block_.reset();
    }

    void handle(const InputLine& line, ast::Line& l) {
        using K = ast::Kind;
        // The image has no `crypto` commands: no key can exist, and no SSH server either (the
        // same reading as a rejected `show ip ssh`, SSH-015).
        if (l.kind == K::caret) {
            caret_ = line;
            return;
        }
        if (l.kind == K::invalid_input) {
            caret_.reset();
            out_.device.ssh.available = false;
            return;
        }
        if (caret_) {
            diagnose(out_, *caret_, "caret marker without `% Invalid input` after it");
            caret_.reset();
        }
        if (l.kind == K::generated) {
            open(line);
            key().generated = std::string(trim(l.text));
            return;
        }
        if (l.kind == K::name) {
            if (!block_ || block_->name_seen) open(line);
            block_->name_seen = true;
            key().name = std::string(trim(l.text));
            return;
        }
        if (!block_) {
            diagnose(out_, line, "key attribute before any `Key pair was generated` or `Key name` line");
            return;
        }
        auto& k = key();
        switch (l.kind) {
            case K::type:
                k.type = l.text;
                block_->type_seen = true;
                any_type_line_ = true;
                break;
            case K::storage:
                k.storage = std::string(trim(l.text));
                break;
            case K::usage:
                k.usage = std::string(trim(l.text));
                break;
            case K::exportable:
                k.exportable = l.flag;
                break;
            case K::temporary:
                break;
            case K::size:
                k.bits = l.number;
                block_->size_stated = true;
                break;
            case K::key_data:
                if (block_->key_data_line)
                    diagnose(out_, line, "second `Key Data:` in one key block");
                else
                    block_->key_data_line = line;
                break;
            case K::redacted:
                if (!block_->key_data_line)
                    diagnose(out_, line, "redacted key data without `Key Data:` before it");
                else
                    block_->redacted = true;
                break;
            case K::hex:
                if (l.text.size() % 2) block_->odd_hex = true;
                for (std::size_t i = 0; i + 1 < l.text.size(); i += 2)
                    block_->der.push_back(
                        static_cast<std::uint8_t>(hex_value(l.text[i]) * 16 + hex_value(l.text[i + 1])));
                break;
            default:
                break;
        }
    }

    ParseResult& out_;
    std::optional<Block> block_;
    bool any_type_line_ = false;
    std::optional<InputLine> caret_;  // `   ^` waiting for its `% Invalid input`
};

}  // namespace

void parse(const ParseInput& input, ParseResult& out) {
    Parser(out).run(input.text);
}

}  // namespace vtyguard::parsers::cisco_ios::show_crypto_key_mypubkey_rsa
