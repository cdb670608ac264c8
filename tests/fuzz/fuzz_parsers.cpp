// libFuzzer entry: byte 0 selects a registry row, the rest is the capture. The JSON rendering is
// exercised too, since it walks everything a parser produced.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plugin/json/model_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto& rows = vtyguard::parsers::registry().rows();
    if (size < 1 || rows.empty()) return 0;
    const auto& row = rows[data[0] % rows.size()];
    std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    vtyguard::parsers::ParseResult result;
    result.device.platform = row.platform;
    row.parse(vtyguard::parsers::ParseInput{text, row.args == vtyguard::parsers::Args::required ? "10.0.0.1" : ""},
              result);
    auto j = vtyguard::json::parse_result(result, row.command, row.sections);
    (void)vtyguard::json::dump(j);
    return 0;
}
