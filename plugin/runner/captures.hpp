// `--save-captures DIR`: a live device's outputs in the layout `vtyguard audit --from` reads
// (SPEC section 12): DIR/<device>/<command slug>.txt and DIR/<device>/meta.yaml (platform,
// hostname, address).
//
// Contract:
//  - The texts are saved as given: callers hand over redacted output (redact.hpp).
//  - A device folder is written whole into a hidden temporary folder and then renamed into place,
//    replacing the folder of an earlier run, so a run stopped half-way never leaves a device folder
//    that mixes runs or holds a truncated capture (and `--from` skips hidden folders).
//  - On success every capture's `file` is set to the path it was saved at.
//  - Device names that cannot be a folder name `--from` would read (empty, `.`/`..`, containing
//    `/`, hidden, `CVS`) are refused. Two commands with the same slug are refused.
//  - Never throws, never prints; false with `error` naming the path.
#pragma once

#include <filesystem>
#include <string>

#include "plugin/engine/audit.hpp"

namespace vtyguard::runner {

bool save_capture_set(const std::filesystem::path& dir, checks::CaptureSet& set, std::string& error);

}  // namespace vtyguard::runner
