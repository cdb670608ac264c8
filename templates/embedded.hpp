// The fix, rollback and runbook templates compiled into the library (SPEC section 6).
//
// Contract:
//  - all() lists every `templates/<platform>/<file>.mustache` of the source tree at build time,
//    sorted by path, as (`<platform>/<file>.mustache`, text). The text is the file's bytes.
//  - find() looks one up by that relative path; nullptr when there is none.
//  - Plain data: never throws, never allocates after the first call.
#pragma once

#include <string_view>
#include <vector>

namespace vtyguard::templates {

struct Template {
    std::string_view path;  // `cisco_ios/SSH-005.fix.mustache`
    std::string_view text;
};

const std::vector<Template>& all();

inline const Template* find(std::string_view path) {
    for (const auto& t : all())
        if (t.path == path) return &t;
    return nullptr;
}

}  // namespace vtyguard::templates
