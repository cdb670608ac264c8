// Drives libvtyguard the way a foreign host does: dlopen, dlsym, JSON in and out, vtyguard_free.
// Only the C header is used; nothing links against the library at build time.
//
// vtyguard_audit_hosts runs against a small lab fleet on 127.93.1.0/24 (tests/capi/labfleet.py
// starts it with `vtyguard-lab up`): its lines must be the `vtyguard audit -i` lines of the same
// inventory, the broken devices' causes found, cancellation must start no further device, and no
// credential may appear in a line or a response.
#include <dlfcn.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "plugin/capi/vtyguard.h"
#include "tests/support/process.hpp"

namespace {

namespace fs = std::filesystem;
using Call = int (*)(const char*, char**);
using AuditHosts = int (*)(const char*, vtyguard_line_fn, void*, vtyguard_cancel*, char**);

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

// --- vtyguard_audit_hosts ------------------------------------------------------------------------

namespace {

using vtyguard::test_support::Ran;
using vtyguard::test_support::run;

// VTYGUARD_CAPI_KEEP=1 keeps a test's files (the lab's state, every output).
class TempDir : public vtyguard::test_support::TempDir {
public:
    TempDir() : vtyguard::test_support::TempDir("vtyguard-capi", "VTYGUARD_CAPI_KEEP") {}
};

// What the on_line callback saw.
struct Lines {
    std::mutex mu;
    std::vector<std::string> lines;
    std::atomic<int> inside{0};
    bool overlapped = false;        // two calls at once
    bool on_caller_thread = false;  // a call on the thread that called vtyguard_audit_hosts
    std::thread::id caller = std::this_thread::get_id();
    std::size_t cancel_after = 0;      // return non-zero once this many lines arrived (0: never)
    std::function<void()> first_line;  // run (in the callback) after the first line
};

int on_line(const char* line, size_t length, void* user) {
    auto& l = *static_cast<Lines*>(user);
    if (l.inside.fetch_add(1) != 0) l.overlapped = true;
    std::size_t n;
    {
        std::lock_guard lock(l.mu);
        if (std::this_thread::get_id() == l.caller) l.on_caller_thread = true;
        // The length is the line's and the text is NUL-terminated there.
        l.lines.emplace_back(line, length);
        if (line[length] != '\0') l.lines.back() += "<not NUL-terminated>";
        n = l.lines.size();
    }
    if (n == 1 && l.first_line) l.first_line();
    l.inside.fetch_sub(1);
    return l.cancel_after && n >= l.cancel_after ? 1 : 0;
}

// What two live audits of a device agree on: the lab's state moves between them (ACL hit counts,
// sessions in `show users`, the probe's timing), the verdicts and fixes do not.
nlohmann::json comparable(const nlohmann::json& device) {
    nlohmann::json out = device;
    out.erase("findings");
    out.erase("probe");
    out["probe_result"] = device["probe"].value("result", "");
    for (const auto& f : device["findings"])
        out["verdicts"].push_back(
            {f["check"], f["verdict"], f["severity"], f["fix"].is_object() ? f["fix"]["plan"] : nlohmann::json()});
    return out;
}

std::vector<std::string> failing(const nlohmann::json& device) {
    std::vector<std::string> out;
    for (const auto& f : device["findings"])
        if (f["verdict"] == "fail") out.push_back(f["check"]);
    return out;
}

class AuditHostsLab : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        tmp_ = new TempDir;
        const Ran up = run({"/usr/bin/python3", VTYGUARD_LABFLEET, "up", "--lab", VTYGUARD_LAB, "--dir",
                            (tmp_->path() / "lab").string(), "--net", "127.93.1"},
                           tmp_->path(), "lab-up");
        lab_ = nlohmann::json::parse(up.out, nullptr, false);
        if (up.code != 0 || !lab_.is_object()) {
            error_ = "the lab did not start (" + std::to_string(up.code) + "): " + up.err;
            lab_ = nullptr;
        }
    }
    static void TearDownTestSuite() {
        if (lab_.is_object())
            run({"/usr/bin/python3", VTYGUARD_LABFLEET, "down", "--lab", VTYGUARD_LAB, "--dir",
                 (tmp_->path() / "lab").string()},
                tmp_->path(), "lab-down");
        delete tmp_;
        tmp_ = nullptr;
    }
    void SetUp() override {
        ASSERT_TRUE(lib().handle) << dlerror();
        ASSERT_TRUE(lab_.is_object()) << error_;
        audit_ = lib().sym<AuditHosts>("vtyguard_audit_hosts");
        ASSERT_NE(audit_, nullptr);
    }

    // The request every test starts from: the lab's inventory and policy, host keys learnt into a
    // file of the test's own.
    static nlohmann::json request() {
        return {{"inventory", lab_["inventory"]},
                {"policy_file", VTYGUARD_LAB_FLEETS_DIR "/policy.yaml"},
                {"known_hosts", (tmp_->path() / "known_hosts").string()},
                {"accept_new", true},
                {"timeouts", {{"connect", 5}, {"command", 10}, {"device", 60}}}};
    }

    // Calls vtyguard_audit_hosts; the status, the parsed response and the raw texts seen.
    struct Result {
        int rc = -1;
        nlohmann::json response;
        std::string raw;
    };
    Result audit(const nlohmann::json& req, Lines* lines, vtyguard_cancel* cancel = nullptr) const {
        char* response = nullptr;
        Result r;
        r.rc = audit_(req.dump().c_str(), lines ? on_line : nullptr, lines, cancel, &response);
        r.raw = response ? response : "";
        r.response = nlohmann::json::parse(r.raw, nullptr, false);
        lib().sym<void (*)(char*)>("vtyguard_free")(response);
        return r;
    }

    // Neither credential of the lab in `text`.
    static void expect_no_secret(const std::string& text, const std::string& what) {
        for (const char* key : {"password", "enable"}) {
            const std::string secret = lab_[key];
            EXPECT_EQ(text.find(secret), std::string::npos) << what << " holds the lab's " << key;
        }
    }

    static inline TempDir* tmp_ = nullptr;
    static inline nlohmann::json lab_;
    static inline std::string error_;
    AuditHosts audit_ = nullptr;
};

TEST_F(AuditHostsLab, LinesAreTheCliLinesAndTheCausesAreFound) {
    Lines lines;
    nlohmann::json req = request();
    req["workers"] = 2;
    const auto r = audit(req, &lines);
    ASSERT_EQ(r.rc, VTYGUARD_OK) << r.raw;
    const auto& devices = lab_["devices"];
    EXPECT_FALSE(lines.overlapped) << "on_line was called twice at once";
    EXPECT_FALSE(lines.on_caller_thread) << "lines come from the worker threads";

    // One line per device, each a device object; the response holds the same devices.
    ASSERT_EQ(lines.lines.size(), devices.size()) << r.raw;
    std::map<std::string, nlohmann::json> by_name;
    for (const auto& text : lines.lines) {
        const auto j = nlohmann::json::parse(text, nullptr, false);
        ASSERT_TRUE(j.is_object()) << text;
        by_name[j["device"]] = j;
        expect_no_secret(text, "a line");
    }
    expect_no_secret(r.raw, "the response");
    EXPECT_EQ(r.response["schema_version"], 1);
    EXPECT_EQ(r.response["hosts"], devices.size());
    EXPECT_EQ(r.response["audited"], 3);
    EXPECT_EQ(r.response["errors"], 1);
    EXPECT_EQ(r.response["cancelled"], false);
    EXPECT_EQ(r.response["exit_code"], 3) << "r-no-key cannot be audited";
    ASSERT_EQ(r.response["devices"].size(), devices.size());
    for (const auto& d : r.response["devices"]) EXPECT_EQ(d, by_name.at(d["device"])) << d["device"];

    // What each device's audit finds: the broken ones' causes, the refusal's candidates.
    for (const auto& [name, expect] : devices.items()) {
        SCOPED_TRACE(name);
        ASSERT_TRUE(by_name.count(name));
        const auto& d = by_name[name];
        EXPECT_EQ(d["status"], expect["status"]) << d.dump(1);
        if (expect["status"] != "audited") {
            EXPECT_NE(d["error"].get<std::string>().find(expect["cause"].get<std::string>()), std::string::npos)
                << d["error"];
        } else if (expect["cause"].is_null()) {
            EXPECT_TRUE(d["likely_cause"].empty()) << d.dump(1);
            EXPECT_TRUE(failing(d).empty()) << d.dump(1);
        } else {
            ASSERT_FALSE(d["likely_cause"].empty()) << d.dump(1);
            EXPECT_EQ(d["likely_cause"][0], expect["cause"]);
            EXPECT_EQ(failing(d), std::vector<std::string>{expect["cause"].get<std::string>()});
        }
    }

    // `vtyguard audit -i` on the same inventory writes the same lines.
    const Ran cli =
        run({VTYGUARD_CLI, "audit", "-i", lab_["inventory"], "--policy", VTYGUARD_LAB_FLEETS_DIR "/policy.yaml",
             "--known-hosts", (tmp_->path() / "known_hosts").string(), "--connect-timeout", "5", "--command-timeout",
             "10", "--device-timeout", "60", "--format", "jsonl"},
            tmp_->path(), "cli");
    EXPECT_EQ(cli.code, r.response["exit_code"]) << cli.err;
    std::istringstream in(cli.out);
    std::size_t n = 0;
    for (std::string text; std::getline(in, text); ++n) {
        const auto j = nlohmann::json::parse(text, nullptr, false);
        ASSERT_TRUE(j.is_object()) << text;
        ASSERT_TRUE(by_name.count(j["device"])) << text;
        EXPECT_EQ(comparable(j), comparable(by_name[j["device"]])) << j["device"];
    }
    EXPECT_EQ(n, devices.size());

    // `hosts` limits the run; a critical finding alone is exit code 1, and `fail_on` moves it.
    Lines one;
    req["hosts"] = {"r-vty-acl"};
    auto limited = audit(req, &one);
    ASSERT_EQ(limited.rc, VTYGUARD_OK) << limited.raw;
    ASSERT_EQ(one.lines.size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(one.lines[0])["device"], "r-vty-acl");
    EXPECT_EQ(limited.response["hosts"], 1);
    EXPECT_EQ(limited.response["exit_code"], 1);
    req["hosts"] = {"r-vty-split"};  // SSH-006 is high: below a fail_on of critical
    req["fail_on"] = "critical";
    limited = audit(req, nullptr);
    ASSERT_EQ(limited.rc, VTYGUARD_OK) << limited.raw;
    ASSERT_EQ(limited.response["devices"].size(), 1u);
    EXPECT_EQ(limited.response["devices"][0]["likely_cause"][0], "SSH-006");
    EXPECT_EQ(limited.response["exit_code"], 0);
}

TEST_F(AuditHostsLab, ACallbackThatReturnsNonZeroStartsNoFurtherDevice) {
    Lines lines;
    lines.cancel_after = 1;
    nlohmann::json req = request();
    req["workers"] = 1;
    const auto r = audit(req, &lines);
    ASSERT_EQ(r.rc, VTYGUARD_OK) << r.raw;
    // One worker: the device it finished is the last one it starts.
    EXPECT_EQ(lines.lines.size(), 1u);
    EXPECT_LT(lines.lines.size(), lab_["devices"].size());
    EXPECT_EQ(r.response["cancelled"], true);
    EXPECT_EQ(r.response["devices"].size(), lines.lines.size());
    EXPECT_EQ(r.response["hosts"], lab_["devices"].size());
    EXPECT_EQ(r.response["exit_code"], 3) << "devices left unstarted were not audited";
}

TEST_F(AuditHostsLab, ACancelTokenStopsTheRunFromAnotherThread) {
    auto make = lib().sym<vtyguard_cancel* (*)()>("vtyguard_cancel_new");
    auto request_cancel = lib().sym<void (*)(vtyguard_cancel*)>("vtyguard_cancel_request");
    auto requested = lib().sym<int (*)(const vtyguard_cancel*)>("vtyguard_cancel_requested");
    auto release = lib().sym<void (*)(vtyguard_cancel*)>("vtyguard_cancel_free");
    ASSERT_TRUE(make && request_cancel && requested && release);
    std::unique_ptr<vtyguard_cancel, void (*)(vtyguard_cancel*)> token(make(), release);
    ASSERT_TRUE(token);
    EXPECT_EQ(requested(token.get()), 0);

    // The first line wakes a canceller thread; the callback returns only once it has cancelled,
    // so the one worker sees the request before it would start its next device.
    std::mutex mu;
    std::condition_variable cv;
    bool first = false;
    std::thread canceller([&] {
        std::unique_lock lock(mu);
        if (cv.wait_for(lock, std::chrono::seconds(120), [&] { return first; })) request_cancel(token.get());
    });
    Lines lines;
    lines.first_line = [&] {
        {
            std::lock_guard lock(mu);
            first = true;
        }
        cv.notify_all();
        for (int i = 0; i < 1000 && !requested(token.get()); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    };
    nlohmann::json req = request();
    req["workers"] = 1;
    const auto r = audit(req, &lines, token.get());
    {
        std::lock_guard lock(mu);
        first = true;
    }
    cv.notify_all();
    canceller.join();
    ASSERT_EQ(r.rc, VTYGUARD_OK) << r.raw;
    EXPECT_EQ(requested(token.get()), 1);
    EXPECT_EQ(lines.lines.size(), 1u);
    EXPECT_EQ(r.response["cancelled"], true);
    EXPECT_EQ(r.response["exit_code"], 3);

    // A token already requested starts no device at all; NULL is ignored.
    Lines none;
    const auto again = audit(req, &none, token.get());
    ASSERT_EQ(again.rc, VTYGUARD_OK) << again.raw;
    EXPECT_TRUE(none.lines.empty());
    EXPECT_TRUE(again.response["devices"].empty());
    EXPECT_EQ(again.response["cancelled"], true);
    EXPECT_EQ(again.response["exit_code"], 3);
    request_cancel(nullptr);
    EXPECT_EQ(requested(nullptr), 0);
}

TEST(CApi, AuditHostsNamesTheFieldOfABadRequest) {
    ASSERT_NE(lib().handle, nullptr) << dlerror();
    TempDir tmp;
    const std::string inventory = (tmp.path() / "hosts.txt").string();
    std::ofstream(inventory) << "127.93.1.250 cisco_ios\n";
    auto audit = lib().sym<AuditHosts>("vtyguard_audit_hosts");
    ASSERT_NE(audit, nullptr);
    struct Case {
        nlohmann::json request;
        int rc;
        std::string says;
    };
    const nlohmann::json inv = {{"inventory", inventory}};
    auto with = [&](const char* key, nlohmann::json value) {
        nlohmann::json j = inv;
        j[key] = std::move(value);
        return j;
    };
    for (const auto& c : std::vector<Case>{
             {nlohmann::json::object(), VTYGUARD_ERR_REQUEST, "`inventory`"},
             {{{"inventory", 7}}, VTYGUARD_ERR_REQUEST, "`inventory`"},
             {{{"inventory", "/nonexistent/vtyguard.ini"}}, VTYGUARD_ERR_INPUT, "/nonexistent/vtyguard.ini"},
             {with("invetory", "x"), VTYGUARD_ERR_REQUEST, "`invetory` is not known"},
             {with("inventory_format", "csv"), VTYGUARD_ERR_REQUEST, "`inventory_format`: csv: unknown"},
             {with("shard", "4/3"), VTYGUARD_ERR_REQUEST, "`shard`"},
             {with("hosts", {"r-nope"}), VTYGUARD_ERR_REQUEST, "`hosts`: r-nope: not in the inventory"},
             {with("hosts", "127.93.1.250"), VTYGUARD_ERR_REQUEST, "`hosts` must be a list"},
             {with("workers", -1), VTYGUARD_ERR_REQUEST, "`workers`"},
             {with("workers", 1.5), VTYGUARD_ERR_REQUEST, "`workers`"},
             {with("timeouts", {{"connect", -1}}), VTYGUARD_ERR_REQUEST, "`timeouts.connect`"},
             {with("timeouts", {{"conect", 1}}), VTYGUARD_ERR_REQUEST, "`timeouts.conect` is not known"},
             {with("accept_new", "yes"), VTYGUARD_ERR_REQUEST, "`accept_new`"},
             {with("policy_file", "/nonexistent/policy.yaml"), VTYGUARD_ERR_INPUT, "/nonexistent/policy.yaml"},
             {with("policy", {{"min_vty_lines", "many"}}), VTYGUARD_ERR_INPUT, "min_vty_lines"},
             {with("fail_on", "severe"), VTYGUARD_ERR_REQUEST, "`fail_on`"},
             {with("save_captures", "/proc/nope"), VTYGUARD_ERR_INPUT, "`save_captures`: /proc/nope"},
         }) {
        SCOPED_TRACE(c.request.dump());
        char* response = nullptr;
        const int rc = audit(c.request.dump().c_str(), nullptr, nullptr, nullptr, &response);
        const auto j = nlohmann::json::parse(response ? response : "", nullptr, false);
        lib().sym<void (*)(char*)>("vtyguard_free")(response);
        EXPECT_EQ(rc, c.rc);
        ASSERT_TRUE(j.is_object());
        EXPECT_EQ(j["error"]["code"], c.rc);
        EXPECT_NE(j["error"]["message"].get<std::string>().find(c.says), std::string::npos) << j["error"]["message"];
    }
    // Not JSON, NULL, no response pointer: answered, never crashed on.
    EXPECT_EQ(audit("{", nullptr, nullptr, nullptr, nullptr), VTYGUARD_ERR_REQUEST);
    EXPECT_EQ(audit(nullptr, nullptr, nullptr, nullptr, nullptr), VTYGUARD_ERR_REQUEST);
}

}  // namespace
