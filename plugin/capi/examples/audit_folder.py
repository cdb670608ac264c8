#!/usr/bin/python3
"""Drive libvtyguard from Python with ctypes: audit a folder of captures, print one line per device.

    plugin/capi/examples/audit_folder.py build/plugin/libvtyguard.so lab/captures [policy.yaml]

Exit status: the report's exit code (SPEC section 12), or 2 when the library reports an error.
"""
import ctypes
import json
import sys


def load(path):
    lib = ctypes.CDLL(path)
    for name in ("vtyguard_parse", "vtyguard_audit_device", "vtyguard_audit_folder", "vtyguard_render_fixes"):
        fn = getattr(lib, name)
        fn.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
        fn.restype = ctypes.c_int
    lib.vtyguard_free.argtypes = [ctypes.c_void_p]
    lib.vtyguard_free.restype = None
    lib.vtyguard_abi_version.restype = ctypes.c_int
    return lib


def call(lib, name, request):
    """Returns (status, response); the response buffer is freed by the library."""
    out = ctypes.c_void_p()
    status = getattr(lib, name)(json.dumps(request).encode(), ctypes.byref(out))
    try:
        text = ctypes.string_at(out.value).decode() if out.value else "null"
    finally:
        lib.vtyguard_free(out)
    return status, json.loads(text)


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    lib = load(sys.argv[1])
    if lib.vtyguard_abi_version() != 1:
        print("unsupported libvtyguard ABI %d" % lib.vtyguard_abi_version(), file=sys.stderr)
        return 2
    request = {"dir": sys.argv[2], "fixes": True}
    if len(sys.argv) > 3:
        request["policy_file"] = sys.argv[3]
    status, report = call(lib, "vtyguard_audit_folder", request)
    if status != 0:
        print("vtyguard: %s" % report["error"]["message"], file=sys.stderr)
        return 2
    for d in report["devices"]:
        failed = [f["check"] for f in d["findings"] if f["verdict"] == "fail"]
        cause = ", ".join(d["likely_cause"]) or "-"
        print("%-20s %-10s %-9s likely cause: %-10s failing: %s" % (
            d["device"], d["platform"], d["status"], cause, " ".join(failed) or "none"))
    return report["exit_code"]


if __name__ == "__main__":
    sys.exit(main())
