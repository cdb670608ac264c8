// What every connection goes through before SSH or telnet: the device's admission decision
// (SPEC section 7's table) and a free vty line; plus the output path shared by both transports.
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <thread>

#include "lab/server/internal.hpp"

namespace vtyguard::lab::detail {

using namespace std::chrono_literals;

void Log::operator()(const std::string& line) const {
    if (!sink_) return;
    std::lock_guard lock(mutex_);
    sink_(line);
}

std::string ConnectionContext::describe() const {
    const DeviceSpec& spec = entry.device->spec();
    return spec.name + " " + spec.address + ":" + std::to_string(port) +
           (service == Service::ssh ? "/ssh" : "/telnet") + " from " + peer;
}

bool pause(const std::atomic<bool>& stopping, std::chrono::milliseconds d) {
    // Short slices so stop() is noticed within its ~100 ms budget.
    const auto until = std::chrono::steady_clock::now() + d;
    while (!stopping) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= until) return true;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(until - now, 20ms));
    }
    return false;
}

SendResult send_with_faults(const Faults& faults, const Reply& reply, const std::atomic<bool>& stopping,
                            const std::function<bool(std::string_view)>& write) {
    if (reply.commands > 0 && faults.command_latency.count() > 0) {
        if (!pause(stopping, faults.command_latency * reply.commands)) return SendResult::failed;
    }
    std::string_view text = reply.text;
    bool drop = false;
    if (faults.drop_after > 0 && reply.commands > 0 && text.size() >= faults.drop_after) {
        text = text.substr(0, faults.drop_after);
        drop = true;
    }
    if (faults.slow_chunk > 0) {
        for (std::size_t offset = 0; offset < text.size(); offset += faults.slow_chunk) {
            if (offset > 0 && !pause(stopping, faults.slow_delay)) return SendResult::failed;
            if (!write(text.substr(offset, faults.slow_chunk))) return SendResult::failed;
        }
    } else if (!text.empty() && !write(text)) {
        return SendResult::failed;
    }
    return drop ? SendResult::dropped : SendResult::ok;
}

namespace {

// Pager prompts: IOS ` --More-- `, ASA `<--- More --->`.
constexpr std::string_view kPagerMarks[] = {"--More--", "<--- More --->"};

// Where the pager prompt that ends `out` starts its line, or npos when `out` does not end in one.
std::size_t pager_line(const std::string& out) {
    for (std::string_view mark : kPagerMarks) {
        const auto at = out.rfind(mark);
        if (at == std::string::npos || out.find('\n', at) != std::string::npos) continue;
        const auto line_start = out.rfind('\n', at);
        return line_start == std::string::npos ? 0 : line_start + 1;
    }
    return std::string::npos;
}

// What follows a pager prompt once a key was pressed starts by erasing it: backspaces and
// blanks on IOS, carriage returns and blanks on ASA.
std::string_view skip_pager_erase(std::string_view text) {
    std::size_t end = 0;
    for (std::size_t i = 0; i < text.size() && (text[i] == '\b' || text[i] == '\r' || text[i] == ' '); ++i) {
        if (text[i] != ' ') end = i + 1;
    }
    return text.substr(end);
}

}  // namespace

std::string run_exec(Session& session, std::string_view command, bool& failed, bool& closed) {
    Reply reply = session.input(std::string(command) + "\n");
    std::string out = std::move(reply.text);
    closed = reply.close;
    // An exec channel has no terminal to page on: keep pressing space and splice the pages.
    for (int pages = 0; pages < 100000 && !closed; ++pages) {
        const auto line_start = pager_line(out);
        if (line_start == std::string::npos) break;
        out.erase(line_start);
        Reply more = session.input(" ");
        closed = more.close;
        out += skip_pager_erase(more.text);
    }
    if (out.starts_with(command)) out.erase(0, command.size());
    if (out.starts_with("\r\n")) {
        out.erase(0, 2);
    } else if (out.starts_with("\n")) {
        out.erase(0, 1);
    }
    // The prompt that follows the output is the last, unterminated line.
    if (!closed && !out.empty() && out.back() != '\n') {
        const auto last = out.rfind('\n');
        out.erase(last == std::string::npos ? 0 : last + 1);
    }
    // An error is an optional caret line under the offending word, then `% ...` (IOS) or
    // `ERROR: % ...` (ASA).
    failed = false;
    for (std::size_t start = 0; start < out.size();) {
        const auto end = std::min(out.find('\n', start), out.size());
        const std::string_view line = std::string_view(out).substr(start, end - start);
        start = end + 1;
        const auto first = line.find_first_not_of(" \r");
        if (first == std::string_view::npos || line.find_first_not_of(" ^\r") == std::string_view::npos) continue;
        failed = line[first] == '%' || line.substr(first).starts_with("ERROR:");
        break;
    }
    return out;
}

namespace {

// Silent drop: the connection stays open and unanswered until the client gives up or the lab
// stops; what the client sends is read and discarded so its close is noticed.
void hold_silently(ConnectionContext& ctx) {
    char buffer[4096];
    pollfd p{ctx.fd, POLLIN, 0};
    while (!ctx.stopping) {
        const int ready = ::poll(&p, 1, 100);
        if (ready < 0 && errno != EINTR) return;
        if (ready <= 0) continue;
        const ssize_t n = ::recv(ctx.fd, buffer, sizeof buffer, 0);
        if (n == 0 || (n < 0 && errno != EINTR)) return;
    }
}

class LineGuard {
public:
    LineGuard(Device& device, int line) : device_(device), line_(line) {}
    ~LineGuard() { device_.release_line(line_); }
    LineGuard(const LineGuard&) = delete;
    LineGuard& operator=(const LineGuard&) = delete;

private:
    Device& device_;
    int line_;
};

}  // namespace

void serve_connection(ConnectionContext& ctx) {
    Device& device = *ctx.entry.device;
    try {
        // One call: the line reserved is the one whose access-class judged the connection.
        const Device::Admitted admitted = device.admit_and_acquire(ctx.peer, ctx.peer_port, ctx.port, ctx.service);
        switch (admitted.admission) {
            case Admission::close_before_banner:
                ctx.log(ctx.describe() + ": denied or every line busy, closed before the banner");
                ::close(ctx.fd);
                return;
            case Admission::silent_drop:
                ctx.log(ctx.describe() + ": silently dropped");
                hold_silently(ctx);
                ::close(ctx.fd);
                ctx.log(ctx.describe() + ": dropped connection closed");
                return;
            case Admission::accept:
                break;
        }
        const int line = *admitted.line;
        LineGuard guard(device, line);
        ctx.line = line;
        ctx.log(ctx.describe() + ": accepted on line " + std::to_string(line));
        if (ctx.service == Service::ssh) {
            serve_ssh(ctx);
        } else {
            serve_telnet(ctx);
        }
        ctx.log(ctx.describe() + ": closed");
    } catch (const std::exception& e) {
        // Only allocation failures can get here; the transports have released what they own.
        ctx.log(ctx.describe() + ": internal error: " + e.what());
    }
}

}  // namespace vtyguard::lab::detail
