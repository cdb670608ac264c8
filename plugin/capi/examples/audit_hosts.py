#!/usr/bin/python3
"""Drive libvtyguard from Python with ctypes: audit an inventory's devices live, one line per device
as each finishes; Ctrl-C cancels (devices in flight finish, no new device starts).

    plugin/capi/examples/audit_hosts.py build/plugin/libvtyguard.so INVENTORY
        [--policy FILE] [--workers N] [--hosts NAME,...] [--known-hosts FILE] [--accept-new]

Credentials come from the inventory (environment variables, files, keys, the agent), never from
here. Exit status: the run's exit code (SPEC section 12: 3 when a device was not audited or was
never started because of Ctrl-C), or 2 when the library reports an error.
"""
import argparse
import ctypes
import json
import sys
import threading

LINE_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p)


def load(path):
    lib = ctypes.CDLL(path)
    lib.vtyguard_audit_hosts.argtypes = [ctypes.c_char_p, LINE_FN, ctypes.c_void_p, ctypes.c_void_p,
                                         ctypes.POINTER(ctypes.c_void_p)]
    lib.vtyguard_audit_hosts.restype = ctypes.c_int
    lib.vtyguard_cancel_new.restype = ctypes.c_void_p
    for name in ("vtyguard_cancel_request", "vtyguard_cancel_free"):
        getattr(lib, name).argtypes = [ctypes.c_void_p]
        getattr(lib, name).restype = None
    lib.vtyguard_free.argtypes = [ctypes.c_void_p]
    lib.vtyguard_free.restype = None
    return lib


def show(device):
    failing = [f["check"] for f in device["findings"] if f["verdict"] == "fail"]
    cause = ", ".join(device["likely_cause"]) or "-"
    print("%-20s %-12s likely cause: %-10s failing: %s" % (
        device["device"], device["status"], cause, " ".join(failing) or "none"), flush=True)


def audit_hosts(lib, request, cancel):
    """Runs vtyguard_audit_hosts, printing each device's line as it arrives; (status, response)."""

    # Called on the library's worker threads, one at a time; ctypes takes the GIL for it.
    def on_line(line, length, _user):
        show(json.loads(ctypes.string_at(line, length)))
        return 0

    callback = LINE_FN(on_line)  # kept alive for the whole call
    out = ctypes.c_void_p()
    status = lib.vtyguard_audit_hosts(json.dumps(request).encode(), callback, None, cancel, ctypes.byref(out))
    try:
        text = ctypes.string_at(out.value).decode() if out.value else "null"
    finally:
        lib.vtyguard_free(out)
    return status, json.loads(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("library")
    parser.add_argument("inventory")
    parser.add_argument("--policy")
    parser.add_argument("--workers", type=int)
    parser.add_argument("--hosts", help="only these inventory names, comma-separated")
    parser.add_argument("--known-hosts")
    parser.add_argument("--accept-new", action="store_true")
    args = parser.parse_args()

    lib = load(args.library)
    request = {"inventory": args.inventory, "accept_new": args.accept_new}
    if args.policy:
        request["policy_file"] = args.policy
    if args.workers is not None:
        request["workers"] = args.workers
    if args.hosts:
        request["hosts"] = args.hosts.split(",")
    if args.known_hosts:
        request["known_hosts"] = args.known_hosts

    # Python runs signal handlers on the main thread only, between bytecodes: the audit runs on
    # another thread so that Ctrl-C reaches this one, which then cancels through the token. It
    # waits on an Event, not Thread.join(timeout): Python 3.11 takes a join interrupted by Ctrl-C
    # for a finished thread (bpo-45274), and the token would be freed under the running audit.
    cancel = lib.vtyguard_cancel_new()
    result = {}
    done = threading.Event()

    def work():
        try:
            result["status"], result["response"] = audit_hosts(lib, request, cancel)
        finally:
            done.set()

    worker = threading.Thread(target=work)
    worker.start()
    while not done.is_set():
        try:
            done.wait(0.2)
        except KeyboardInterrupt:
            print("vtyguard: cancelling: devices in flight finish, no new device starts", file=sys.stderr, flush=True)
            lib.vtyguard_cancel_request(cancel)
    worker.join()
    lib.vtyguard_cancel_free(cancel)

    if "response" not in result:  # the thread's exception has been printed
        return 2
    response = result["response"]
    if result["status"] != 0:
        print("vtyguard: %s" % response["error"]["message"], file=sys.stderr)
        return 2
    print("%d of %d devices, %d audited, %d not audited%s; exit code %d" % (
        len(response["devices"]), response["hosts"], response["audited"], response["errors"],
        ", cancelled" if response["cancelled"] else "", response["exit_code"]))
    for device in response["devices"]:
        if device["status"] != "audited":
            print("%s: not audited: %s" % (device["device"], device["error"]), file=sys.stderr)
    return response["exit_code"]


if __name__ == "__main__":
    sys.exit(main())
