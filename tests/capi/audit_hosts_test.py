#!/usr/bin/python3
"""The ctypes example plugin/capi/examples/audit_hosts.py against a lab fleet on 127.93.2.0/24.

Proves: it prints one line per device with the status and failing checks `vtyguard audit -i` finds
for the same inventory (the broken devices' causes among them) and exits with the same code; Ctrl-C
(SIGINT) after the first device, with one worker, starts no further device and the summary says
cancelled; no credential of the lab appears in anything it prints.
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
LINE = re.compile(r"^(\S+)\s+(\S+)\s+likely cause: (\S+)\s+failing: (.*)$")

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


def device_lines(text):
    """{device: (status, first likely cause, failing checks)} of the example's device lines."""
    out = {}
    for line in text.splitlines():
        m = LINE.match(line)
        if m:
            out[m.group(1)] = (m.group(2), m.group(3).split(",")[0],
                               [] if m.group(4) == "none" else m.group(4).split())
    return out


def example_env():
    env = dict(os.environ)
    if env.get("VTYGUARD_EXAMPLE_PRELOAD"):  # the sanitizers' runtime for an ASan libvtyguard
        env["LD_PRELOAD"] = env["VTYGUARD_EXAMPLE_PRELOAD"]
        env["ASAN_OPTIONS"] = "detect_leaks=0"
    return env


def main():
    p = argparse.ArgumentParser()
    for a in ("--example", "--library", "--cli", "--lab", "--policy"):
        p.add_argument(a, required=True)
    args = p.parse_args()

    with tempfile.TemporaryDirectory(prefix="vtyguard-hosts-") as tmp:
        labdir = os.path.join(tmp, "lab")
        up = subprocess.run([sys.executable, os.path.join(HERE, "labfleet.py"), "up", "--lab", args.lab,
                             "--dir", labdir, "--net", "127.93.2"], stdout=subprocess.PIPE, text=True)
        if up.returncode != 0:
            print("the lab did not start", file=sys.stderr)
            return 1
        lab = json.loads(up.stdout)
        try:
            run(args, lab, tmp)
        finally:
            subprocess.run([sys.executable, os.path.join(HERE, "labfleet.py"), "down", "--lab", args.lab,
                            "--dir", labdir])
    if failures:
        print("%d checks failed" % len(failures), file=sys.stderr)
        return 1
    print("ok")
    return 0


def run(args, lab, tmp):
    known_hosts = os.path.join(tmp, "known_hosts")
    common = [lab["inventory"], "--policy", args.policy, "--known-hosts", known_hosts, "--accept-new"]
    secrets = (lab["password"], lab["enable"])

    # The whole fleet: the same statuses and findings as the CLI.
    full = subprocess.run([sys.executable, args.example, args.library] + common, env=example_env(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=240)
    print(full.stdout + full.stderr)
    seen = device_lines(full.stdout)
    check(set(seen) == set(lab["devices"]), "one line per device: %s" % sorted(seen))
    for name, expect in lab["devices"].items():
        if name not in seen:
            continue
        status, cause, failing = seen[name]
        check(status == expect["status"], "%s: status %s, expected %s" % (name, status, expect["status"]))
        if expect["status"] == "audited" and expect["cause"]:
            check(cause == expect["cause"] and failing == [expect["cause"]],
                  "%s: likely cause %s failing %s, expected %s" % (name, cause, failing, expect["cause"]))
        elif expect["status"] == "audited":
            check(cause == "-" and not failing, "%s: healthy, yet %s %s" % (name, cause, failing))
    check(re.search(r"r-no-key: not audited: .*SSH-001", full.stderr) is not None,
          "the refused device's error names SSH-001 among its causes")
    cli = subprocess.run([args.cli, "audit", "-i"] + common[:1] + common[1:] + ["--format", "jsonl"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=240)
    for line in cli.stdout.splitlines():
        d = json.loads(line)
        failing = [f["check"] for f in d["findings"] if f["verdict"] == "fail"]
        got = seen.get(d["device"])
        want = (d["status"], (d["likely_cause"] or ["-"])[0], failing)
        check(got == want, "%s: the example says %s, the CLI %s" % (d["device"], got, want))
    check(full.returncode == cli.returncode == 3, "exit codes: example %d, CLI %d, expected 3" % (
        full.returncode, cli.returncode))
    check("cancelled" not in full.stdout, "a run to the end is not cancelled")

    # Ctrl-C once the first device is printed: with one worker, the device in flight (r-vty-split
    # answers 200 ms late) finishes and no further one starts.
    proc = subprocess.Popen([sys.executable, args.example, args.library] + common + ["--workers", "1"],
                            env=example_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    start = time.monotonic()
    rest, err = proc.communicate(timeout=240)
    print(first + rest + err)
    lines = device_lines(first + rest)
    check(LINE.match(first) is not None, "the first line is a device line: %r" % first)
    check(0 < len(lines) < len(lab["devices"]), "cancelled after the first device: %d lines" % len(lines))
    check("cancelling" in err, "the example says it cancels")
    check(re.search(r"^%d of %d devices, .*cancelled; exit code 3$" % (len(lines), len(lab["devices"])), rest,
                    re.M) is not None, "the summary says cancelled with exit code 3")
    check(proc.returncode == 3, "exit code %d after Ctrl-C, expected 3" % proc.returncode)
    check(time.monotonic() - start < 60, "the cancelled run ended within the device timeout")

    for text in (full.stdout, full.stderr, first, rest, err, cli.stdout, cli.stderr):
        for s in secrets:
            check(s not in text, "a credential of the lab was printed")


if __name__ == "__main__":
    sys.exit(main())
