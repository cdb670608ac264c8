#include "drivers/transport/error.hpp"

#include <algorithm>
#include <climits>

namespace vtyguard::drivers {

int remaining_ms(Deadline deadline) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(left, 0, INT_MAX));
}

std::string_view to_string(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::refused:
            return "refused";
        case ErrorKind::timeout:
            return "timeout";
        case ErrorKind::unreachable:
            return "unreachable";
        case ErrorKind::resolve_failed:
            return "resolve_failed";
        case ErrorKind::disconnected:
            return "disconnected";
        case ErrorKind::no_common_algorithm:
            return "no_common_algorithm";
        case ErrorKind::host_key_unknown:
            return "host_key_unknown";
        case ErrorKind::host_key_changed:
            return "host_key_changed";
        case ErrorKind::auth_failed:
            return "auth_failed";
        case ErrorKind::forward_denied:
            return "forward_denied";
        case ErrorKind::channel_refused:
            return "channel_refused";
        case ErrorKind::protocol:
            return "protocol";
        case ErrorKind::invalid_argument:
            return "invalid_argument";
        case ErrorKind::resource:
            return "resource";
        case ErrorKind::unsupported_platform:
            return "unsupported_platform";
    }
    return "unknown";
}

std::string_view to_string(Stage stage) {
    switch (stage) {
        case Stage::resolve:
            return "resolve";
        case Stage::tcp_connect:
            return "tcp_connect";
        case Stage::banner:
            return "banner";
        case Stage::key_exchange:
            return "key_exchange";
        case Stage::host_key:
            return "host_key";
        case Stage::authentication:
            return "authentication";
        case Stage::channel:
            return "channel";
        case Stage::io:
            return "io";
    }
    return "unknown";
}

std::string Error::what() const {
    std::string out = host.empty() ? std::string("(no host)") : host;
    out += ": ";
    out += message;
    if (!detail.empty() && message.find(detail) == std::string::npos) {
        out += " [";
        out += detail;
        out += "]";
    }
    return out;
}

}  // namespace vtyguard::drivers
