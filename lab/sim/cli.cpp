// Session: a vty with a pty (echo, line editing, paging, prompts), the content faults, and the
// dispatch to the platform's exec/configuration commands. Nested hop sessions are driven from
// here so that a device's lock is never held while another device is asked anything.
#include <regex>

#include "lab/sim/cli_internal.hpp"
#include "lab/sim/util.hpp"

namespace vtyguard::lab {

std::string CliCtx::hostname() const {
    return hostname_of(st.running, st.personality);
}

std::string prompt_of(const CliCtx& c) {
    std::string p = c.hostname();
    if (c.in_config) {
        p += "(" + (c.modes.empty() ? std::string("config") : c.modes.back().prompt) + ")#";
    } else {
        p += c.privilege >= 15 ? "#" : ">";
    }
    // ASA prompts end with a blank (`fw1# `)
    if (!c.ios()) p += " ";
    return p;
}

std::string invalid_input(const CliCtx& c, std::string_view line, std::size_t word) {
    const std::size_t prompt_len = prompt_of(c).size();
    const std::size_t col = prompt_len + word_offset(line, word);
    std::string out = std::string(col, ' ') + "^\n";
    out += c.ios() ? "% Invalid input detected at '^' marker.\n\n" : "ERROR: % Invalid input detected at '^' marker.\n";
    return out;
}

std::string cmd_error(const CliCtx& c, const CmdMatch& m, std::string_view line) {
    switch (m.status) {
        case CmdMatch::Status::ok:
            return "";
        case CmdMatch::Status::incomplete:
            return c.ios() ? "% Incomplete command.\n\n" : "ERROR: % Incomplete command\n";
        case CmdMatch::Status::ambiguous: {
            const auto w = util::words(line);
            std::string typed;
            for (std::size_t i = 0; i <= m.error_word && i < w.size(); ++i) typed += (i ? " " : "") + w[i];
            return c.ios() ? "% Ambiguous command:  \"" + typed + "\"\n" : "ERROR: % Ambiguous command\n";
        }
        case CmdMatch::Status::invalid:
            return invalid_input(c, line, m.error_word);
    }
    return "";
}

std::pair<std::string, std::string> split_pipe(std::string_view line) {
    const auto bar = line.find('|');
    if (bar == std::string_view::npos) return {std::string(line), ""};
    return {std::string(util::trim(line.substr(0, bar))), std::string(util::trim(line.substr(bar + 1)))};
}

namespace {

// Cisco regular expressions: `_` matches a delimiter or the start/end of the line.
std::optional<std::regex> cisco_regex(std::string_view pattern) {
    std::string re;
    for (char ch : pattern) {
        if (ch == '_')
            re += "(?:^|$|[ ,{}()])";
        else
            re += ch;
    }
    try {
        return std::regex(re, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
        return std::nullopt;
    }
}

}  // namespace

std::optional<std::string> apply_filter(std::string_view output, std::string_view filter, std::string& error,
                                        bool asa) {
    auto w = util::words(filter);
    if (w.empty()) {
        error = asa ? "ERROR: % Incomplete command\n" : "% Incomplete command.\n\n";
        return std::nullopt;
    }
    static const char* kinds[] = {"include", "exclude", "begin", "section", "count", "grep"};
    std::string kind;
    for (const char* k : kinds)
        if (util::is_prefix_ci(w[0], k)) {
            if (!kind.empty()) {
                error = "% Ambiguous command:  \"" + w[0] + "\"\n";
                return std::nullopt;
            }
            kind = k;
        }
    if (kind.empty() || (asa && (kind == "section" || kind == "count")) || (!asa && kind == "grep")) {
        error =
            asa ? "ERROR: % Invalid input detected at '^' marker.\n" : "% Invalid input detected at '^' marker.\n\n";
        return std::nullopt;
    }
    std::size_t first_pattern_word = 1;
    bool section_exclude = false;
    if (kind == "section" && w.size() > 1 &&
        (util::is_prefix_ci(w[1], "include") || util::is_prefix_ci(w[1], "exclude"))) {
        section_exclude = util::is_prefix_ci(w[1], "exclude");
        first_pattern_word = 2;
    }
    if (kind == "grep" && w.size() > 1 && w[1] == "-v") {
        kind = "exclude";
        first_pattern_word = 2;
    } else if (kind == "grep") {
        kind = "include";
    }
    // the pattern is the rest of the line as typed (it may contain blanks)
    std::string_view rest = filter;
    for (std::size_t i = 0; i < first_pattern_word && !rest.empty(); ++i) {
        rest = util::trim(rest);
        const auto sp = rest.find(' ');
        rest = sp == std::string_view::npos ? std::string_view{} : rest.substr(sp + 1);
    }
    rest = util::trim(rest);
    if (rest.empty()) {
        error = asa ? "ERROR: % Incomplete command\n" : "% Incomplete command.\n\n";
        return std::nullopt;
    }
    const auto re = cisco_regex(rest);
    if (!re) {
        error = "% Invalid regular expression\n";
        return std::nullopt;
    }
    const auto lines = util::split_lines(output);
    auto hit = [&](const std::string& l) { return std::regex_search(l, *re); };
    std::string out;
    if (kind == "include" || kind == "exclude") {
        for (const auto& l : lines)
            if (hit(l) == (kind == "include")) out += l + "\n";
    } else if (kind == "begin") {
        bool on = false;
        for (const auto& l : lines) {
            on = on || hit(l);
            if (on) out += l + "\n";
        }
    } else if (kind == "count") {
        std::size_t n = 0;
        for (const auto& l : lines) n += hit(l) ? 1 : 0;
        out = "Number of lines which match regexp = " + std::to_string(n) + "\n";
    } else {  // section: a top-level line with its indented lines, kept whole when any line matches
        std::size_t i = 0;
        while (i < lines.size()) {
            std::size_t j = i + 1;
            while (j < lines.size() && !lines[j].empty() && lines[j][0] == ' ') ++j;
            bool any = false;
            for (std::size_t k = i; k < j; ++k) any = any || hit(lines[k]);
            if (any != section_exclude && !util::trim(lines[i]).empty())
                for (std::size_t k = i; k < j; ++k) out += lines[k] + "\n";
            i = j;
        }
    }
    return out;
}

// ---- Session ----------------------------------------------------------------------------------

struct Session::Impl {
    CliCtx ctx;
    std::string linebuf;
    bool last_cr = false;
    int esc = 0;                    // 0: none, 1: after ESC, 2: inside a CSI sequence
    std::vector<std::string> more;  // lines still to page out
    std::optional<Pending> ask;
    std::optional<Hop> hop;
    bool closed = false;
    unsigned garbage_seq = 0;

    Impl(Device& d, const Fleet* fleet, std::string user, int privilege, std::string source, Service service, int line)
        : ctx(d, fleet, std::move(user), std::move(source), service, line, privilege) {
        std::lock_guard lock(d.mutex());
        ctx.reloads_at_start = ctx.st.reloads;
        if (!ctx.ios()) {
            ctx.term.length = 24;
            for (const auto& n : ctx.st.running.nodes) {
                const auto w = n.words();
                if (w.size() >= 3 && util::iequals(w[0], "pager") && util::iequals(w[1], "lines"))
                    ctx.term.length = static_cast<int>(util::to_number(w[2]).value_or(24));
                if (w.size() == 2 && util::iequals(w[0], "no") && util::iequals(w[1], "pager")) ctx.term.length = 0;
            }
        }
        if (line >= 0) {
            auto it = ctx.st.lines_in_use.find(line);
            if (it != ctx.st.lines_in_use.end()) {
                it->second.user = ctx.user;
                it->second.source = ctx.source;
                it->second.labelled = true;
            }
        }
    }

    const Faults& faults() const { return ctx.spec.faults; }

    // "\n" -> "\r\n", with the garbage fault's bytes mixed in.
    std::string wire(std::string_view text) {
        std::string out;
        out.reserve(text.size() + text.size() / 16);
        static const char* junk[] = {"\x00", "\x1b[K", "\x07", "\xff\xfe", "\x1b[?25h", "\x0e\x0f"};
        for (char ch : text) {
            if (ch == '\n') {
                out += "\r\n";
                if (faults().garbage && (++garbage_seq % 3 == 0)) {
                    const char* j = junk[(garbage_seq / 3) % 6];
                    out.append(j, j[0] == '\0' ? 1 : std::char_traits<char>::length(j));
                }
            } else {
                out += ch;
            }
        }
        return out;
    }

    // The prompt names the hostname, which another session may be changing: read under the lock.
    std::string prompt() const {
        std::lock_guard lock(ctx.device.mutex());
        return prompt_of(ctx);
    }

    std::string more_marker() const { return ctx.ios() ? " --More-- " : "<--- More --->"; }
    std::string more_erase() const {
        return ctx.ios() ? std::string(10, '\b') + std::string(10, ' ') + std::string(10, '\b')
                         : "\r" + std::string(14, ' ') + "\r";
    }

    // The next `count` lines still waiting behind `--More--`.
    std::string page_out(std::size_t count) {
        std::string out;
        std::size_t n = 0;
        while (!more.empty() && n < count) {
            out += more.front() + "\n";
            more.erase(more.begin());
            ++n;
        }
        return out;
    }

    void emit(Reply& r, Out o) {
        if (o.close) {
            r.text += wire(o.text);
            r.close = true;
            closed = true;
            return;
        }
        if (o.ask) {
            r.text += wire(o.text) + o.ask->prompt;
            ask = std::move(o.ask);
            return;
        }
        const int page = ctx.term.length;
        auto lines = util::split_lines(o.text);
        if (page > 1 && static_cast<int>(lines.size()) > page - 1) {
            more = std::move(lines);
            std::string first = page_out(static_cast<std::size_t>(page - 1));
            r.text += wire(first) + more_marker();
            return;
        }
        r.text += wire(o.text) + prompt();
    }

    void more_key(Reply& r, char ch) {
        r.text += more_erase();
        std::string chunk;
        if (ch == ' ')
            chunk = page_out(static_cast<std::size_t>(std::max(ctx.term.length - 1, 1)));
        else if (ch == '\r' || ch == '\n')
            chunk = page_out(1);
        else
            more.clear();  // any other key stops the output, like IOS
        r.text += wire(chunk);
        if (more.empty())
            r.text += prompt();
        else
            r.text += more_marker();
    }

    Out run_line(const std::string& line) {
        if (ask) {
            Pending p = std::move(*ask);
            ask.reset();
            if (p.unlocked) return p.then(ctx, line);
            std::lock_guard lock(ctx.device.mutex());
            return p.then(ctx, line);
        }
        std::lock_guard lock(ctx.device.mutex());
        expire_timers(ctx.st, ctx.spec, ctx.st.now());
        if (ctx.st.reloads != ctx.reloads_at_start) {
            Out gone;  // the device reloaded: its sessions are gone
            gone.close = true;
            return gone;
        }
        if (ctx.line >= 0)
            if (auto it = ctx.st.lines_in_use.find(ctx.line); it != ctx.st.lines_in_use.end())
                it->second.last_input = std::chrono::steady_clock::now();
        if (util::trim(line).empty()) return {};
        if (ctx.ios()) return ctx.in_config ? ios_config(ctx, line) : ios_exec(ctx, line);
        return ctx.in_config ? asa_config(ctx, line) : asa_exec(ctx, line);
    }

    void finish_hop(Reply& r) {
        if (!hop) return;
        if (hop->line >= 0) hop->target->release_line(hop->line);
        const std::string target = hop->target_text;
        hop.reset();
        r.text += wire("\n[Connection to " + target + " closed by foreign host]\n") + prompt();
    }

    void line_done(Reply& r) {
        const std::string line = linebuf;
        linebuf.clear();
        ++r.commands;
        Out o = run_line(line);
        if (ctx.hop_intent) {
            const auto intent = std::move(*ctx.hop_intent);
            ctx.hop_intent.reset();
            o = start_hop(ctx, intent.words, intent.service);
        }
        if (ctx.hop_request) {
            // A nested session started: its greeting follows the connection text.
            hop = std::move(*ctx.hop_request);
            ctx.hop_request.reset();
            r.text += wire(o.text);
            Reply first = hop->session->start();
            r.text += first.text;
            if (first.close) finish_hop(r);
            return;
        }
        emit(r, std::move(o));
    }

    Reply input(std::string_view bytes) {
        Reply r;
        if (closed || faults().no_prompt) return r;
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            if (hop) {
                // everything typed goes to the nested session until it ends
                Reply inner = hop->session->input(bytes.substr(i));
                r.text += inner.text;
                r.commands += inner.commands;
                if (inner.close) finish_hop(r);
                return r;
            }
            if (closed) break;
            const char ch = bytes[i];
            if (!more.empty()) {
                if (ch == '\n' && last_cr) {
                    last_cr = false;
                    continue;
                }
                last_cr = ch == '\r';
                more_key(r, ch);
                continue;
            }
            if (esc == 1) {
                esc = ch == '[' ? 2 : 0;
                continue;
            }
            if (esc == 2) {
                if (ch >= 0x40 && ch <= 0x7e) esc = 0;
                continue;
            }
            if (ch == '\n' && last_cr) {
                last_cr = false;
                continue;
            }
            last_cr = ch == '\r';
            const bool echo = !ask || ask->echo;
            if (ch == '\r' || ch == '\n') {
                r.text += "\r\n";
                line_done(r);
            } else if (ch == 0x08 || ch == 0x7f) {
                if (!linebuf.empty()) {
                    linebuf.pop_back();
                    if (echo) r.text += "\b \b";
                }
            } else if (ch == 0x15) {  // ^U: erase the line
                if (echo)
                    for (std::size_t k = 0; k < linebuf.size(); ++k) r.text += "\b \b";
                linebuf.clear();
            } else if (ch == 0x1b) {
                esc = 1;
            } else if ((ch == 0x1a || ch == 0x03) && !ask) {  // ^Z / ^C: leave configuration mode
                if (ctx.in_config) {
                    r.text += "^Z\r\n";
                    std::lock_guard lock(ctx.device.mutex());
                    ctx.in_config = false;
                    ctx.modes.clear();
                    linebuf.clear();
                    r.text += prompt_of(ctx);
                }
            } else if (static_cast<unsigned char>(ch) >= 0x20 || ch == '\t') {
                linebuf += ch == '\t' ? ' ' : ch;
                if (echo) r.text += ch == '\t' ? ' ' : ch;
            }
        }
        return r;
    }

    std::string banner_text(std::string_view kind) const {
        for (const auto& n : ctx.st.running.nodes) {
            const auto w = n.words();
            if (w.size() < 2 || !util::iequals(w[0], "banner") || !util::iequals(w[1], kind)) continue;
            if (!ctx.ios()) {
                // ASA: every `banner motd TEXT` line adds a line
                std::string out;
                for (const auto& m : ctx.st.running.nodes) {
                    const auto mw = m.words();
                    if (mw.size() >= 2 && util::iequals(mw[0], "banner") && util::iequals(mw[1], kind))
                        out += (mw.size() > 2 ? m.text.substr(m.text.find(mw[1]) + mw[1].size() + 1) : "") + "\n";
                }
                return out;
            }
            // IOS: the delimited body; a one-line banner sits between the delimiters
            std::string first = n.text.substr(n.text.find(w[1]) + w[1].size());
            first = std::string(util::trim(first));
            const std::string delim = first.rfind("^C", 0) == 0 ? "^C" : first.substr(0, 1);
            std::string out;
            const std::string after = first.substr(delim.size());
            if (n.body.empty()) {
                const auto end = after.find(delim);
                out = after.substr(0, end) + "\n";
            } else {
                if (!util::trim(after).empty()) out += after + "\n";
                for (const auto& b : n.body) {
                    const auto at = b.find(delim);
                    if (at != std::string::npos) {
                        if (at > 0) out += b.substr(0, at) + "\n";
                        break;
                    }
                    out += b + "\n";
                }
            }
            // $(hostname) and $(domain) tokens
            for (const auto& [tok, val] : {std::pair<std::string, std::string>{"$(hostname)", ctx.hostname()},
                                           {"$(domain)", domain_of(ctx.st.running, ctx.st.personality)}}) {
                std::size_t at;
                while ((at = out.find(tok)) != std::string::npos) out.replace(at, tok.size(), val);
            }
            return out;
        }
        return "";
    }

    Reply start() {
        Reply r;
        if (faults().no_prompt) return r;
        std::string text;
        {
            std::lock_guard lock(ctx.device.mutex());
            std::string motd = banner_text("motd");
            if (faults().prompt_banner) motd += "Authorised access only\n" + ctx.hostname() + "#\n";
            if (!motd.empty()) text += "\n" + motd;
            if (ctx.ios()) {
                const std::string exec = banner_text("exec");
                if (!exec.empty()) text += "\n" + exec;
            }
            text += "\n";
        }
        r.text = wire(text) + prompt();
        return r;
    }
};

Session::Session(Device& device, const Fleet* fleet, std::string user, int privilege, std::string source_address,
                 Service service, int line)
    : impl_(std::make_unique<Impl>(device, fleet, std::move(user), privilege, std::move(source_address), service,
                                   line)) {}

Session::~Session() {
    if (impl_ && impl_->hop && impl_->hop->line >= 0) impl_->hop->target->release_line(impl_->hop->line);
}

Reply Session::start() {
    return impl_->start();
}
Reply Session::input(std::string_view bytes) {
    return impl_->input(bytes);
}

}  // namespace vtyguard::lab
