// Drives libvtyguard the way a foreign host does: dlopen, dlsym, JSON in and out, vtyguard_free.
// Only the C header is used; nothing links against the library at build time.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "plugin/capi/vtyguard.h"

namespace {

using Call = int (*)(const char*, char**);

struct Lib {
    void* handle = nullptr;
    Lib() { handle = dlopen(VTYGUARD_LIBRARY_PATH, RTLD_NOW | RTLD_LOCAL); }
    ~Lib() {
        if (handle) dlclose(handle);
    }
    template <class F>
    F sym(const char* name) const {
        return reinterpret_cast<F>(dlsym(handle, name));
    }
    // Calls `name` with `request`; returns the status and the parsed response, freeing it the
    // library's way.
    std::pair<int, nlohmann::json> call(const char* name, const std::string& request) const {
        auto fn = sym<Call>(name);
        auto release = sym<void (*)(char*)>("vtyguard_free");
        if (!fn || !release) return {-1, nullptr};
        char* response = nullptr;
        const int rc = fn(request.c_str(), &response);
        nlohmann::json j = response ? nlohmann::json::parse(response, nullptr, false) : nlohmann::json();
        release(response);
        return {rc, j};
    }
};

const Lib& lib() {
    static Lib l;
    return l;
}

TEST(CApi, LoadsAndReportsItsAbiVersion) {
    ASSERT_NE(lib().handle, nullptr) << dlerror();
    auto version = lib().sym<int (*)()>("vtyguard_abi_version");
    ASSERT_NE(version, nullptr);
    EXPECT_EQ(version(), VTYGUARD_ABI_VERSION);
    auto name = lib().sym<const char* (*)()>("vtyguard_version");
    ASSERT_NE(name, nullptr);
    EXPECT_GT(std::string(name()).size(), 0u);
}

TEST(CApi, ParsesACapture) {
    nlohmann::json req = {{"platform", "cisco_ios"},
                          {"command", "sh ip ssh"},
                          {"text",
                           "SSH Enabled - version 2.0\nAuthentication timeout: 120 secs; Authentication "
                           "retries: 3\n"}};
    auto [rc, j] = lib().call("vtyguard_parse", req.dump());
    ASSERT_EQ(rc, VTYGUARD_OK) << j.dump();
    EXPECT_EQ(j["command"], "show ip ssh");
    EXPECT_EQ(j["ssh"]["enabled"], true);
    EXPECT_EQ(j["ssh"]["timeout"], 120);
}

TEST(CApi, ErrorsAreCodesWithAMessage) {
    auto [rc, j] = lib().call("vtyguard_parse", "{not json");
    EXPECT_EQ(rc, VTYGUARD_ERR_REQUEST);
    EXPECT_EQ(j["error"]["code"], VTYGUARD_ERR_REQUEST);
    EXPECT_NE(j["error"]["message"].get<std::string>().find("JSON"), std::string::npos);

    std::tie(rc, j) = lib().call("vtyguard_parse", R"({"platform":"cisco_nxos","command":"show ip ssh","text":""})");
    EXPECT_EQ(rc, VTYGUARD_ERR_INPUT);
    EXPECT_NE(j["error"]["message"].get<std::string>().find("cisco_nxos"), std::string::npos);

    std::tie(rc, j) = lib().call("vtyguard_audit_device", R"({"device":"r1","platform":"cisco_ios"})");
    EXPECT_EQ(rc, VTYGUARD_ERR_REQUEST);
    EXPECT_NE(j["error"]["message"].get<std::string>().find("captures"), std::string::npos);

    // A NULL request and a NULL response pointer are answered, not crashed on.
    auto fn = lib().sym<Call>("vtyguard_parse");
    ASSERT_NE(fn, nullptr);
    EXPECT_EQ(fn(nullptr, nullptr), VTYGUARD_ERR_REQUEST);
}

TEST(CApi, AuditsADeviceFromCaptures) {
    nlohmann::json req = {
        {"device", "r1"},
        {"platform", "cisco_ios"},
        {"address", "10.0.0.1"},
        {"policy", {{"management_sources", {"10.20.0.0/24"}}}},
        {"captures",
         {{"show ip ssh",
           "SSH Disabled - version 1.99\n%Please create RSA keys to enable SSH (and of atleast 768 "
           "bits for SSH v2).\n"},
          {"show crypto key mypubkey rsa", ""},
          {"show running-config", "hostname Router\n!\nline vty 0 4\n login\n transport input telnet\n!\nend\n"}}}};
    auto [rc, j] = lib().call("vtyguard_audit_device", req.dump());
    ASSERT_EQ(rc, VTYGUARD_OK) << j.dump();
    EXPECT_EQ(j["device"], "r1");
    EXPECT_EQ(j["platform"], "cisco_ios");
    ASSERT_TRUE(j["findings"].is_array());
    bool ssh001_failed = false;
    for (const auto& f : j["findings"])
        if (f["check"] == "SSH-001") ssh001_failed = f["verdict"] == "fail";
    EXPECT_TRUE(ssh001_failed) << j.dump(2);
}

TEST(CApi, AuditsAFolder) {
    nlohmann::json req = {{"dir", VTYGUARD_DEVICES_DIR "/cisco_ios"}, {"fixes", false}};
    auto [rc, j] = lib().call("vtyguard_audit_folder", req.dump());
    ASSERT_EQ(rc, VTYGUARD_OK) << j.dump();
    EXPECT_TRUE(j.contains("schema_version"));
    EXPECT_TRUE(j["devices"].is_array());
    EXPECT_FALSE(j["devices"].empty());

    std::tie(rc, j) = lib().call("vtyguard_audit_folder", R"({"dir":"/nonexistent/vtyguard"})");
    EXPECT_EQ(rc, VTYGUARD_ERR_INPUT);
    EXPECT_NE(j["error"]["message"].get<std::string>().find("/nonexistent/vtyguard"), std::string::npos);
}

}  // namespace
