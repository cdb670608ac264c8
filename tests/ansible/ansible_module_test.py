#!/usr/bin/python3
"""The `vtyguard` binary as an Ansible binary module, run by Debian's ansible-playbook against a lab
fleet on 127.93.3.0/24 (tests/capi/labfleet.py). Exit 77 (skipped) when ansible-playbook is missing.

The binary is put in a module directory as `vtyguard` (ANSIBLE_LIBRARY); one playbook on localhost
(connection: local) runs every case as a task with `ignore_errors`, and the json stdout callback
gives each task's result. Proves: the broken devices' causes are in `findings` and the refused one
is in `not_audited`; `failed`/`changed`/`msg` as README "Ansible module" defines them (fix files
written once: changed, then not; check mode writes nothing yet says what would change; `fail_on:
none`); inline policies, `hosts` limits and offline `from` audits; bad args fail naming the arg
and never echo an unknown arg's value; no credential of the lab anywhere in Ansible's output.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.path.join(HERE, "..", "..", "lab", "captures")
DUMMY = "Not-A-Real-Value-h11q"  # the value of an unknown arg; must never be echoed

failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


def playbook(lab, policy, tmp):
    live = {"inventory": lab["inventory"], "policy": policy, "known_hosts": os.path.join(tmp, "known_hosts"),
            "accept_new": True, "connect_timeout": 5, "command_timeout": 10, "device_timeout": 60}
    fixes = os.path.join(tmp, "fixes")
    inline_policy = {"management_sources": ["127.0.10.0/24", "127.0.0.0/23"], "ssh_port": 22,
                     "domain": "lab.example.net", "admin_user": "admin", "client_profile": "openssh-9",
                     "min_vty_lines": 5}

    def task(name, args, **extra):
        t = {"name": name, "vtyguard": args, "ignore_errors": True}
        t.update(extra)
        return t

    tasks = [
        task("fleet", dict(live, fixes_dir=fixes)),
        task("fleet again", dict(live, fixes_dir=fixes)),
        task("check mode", dict(live, fixes_dir=os.path.join(tmp, "fixes-check")), check_mode=True),
        task("healthy", dict(live, hosts=["r-healthy"], policy=inline_policy)),
        task("fail_on none", dict(live, hosts="r-vty-acl, r-vty-split", fail_on="none")),
        task("offline", {"from": CAPTURES, "policy": policy}),
        task("bad workers", dict(live, workers="many")),
        task("bad fail_on", dict(live, fail_on="severe")),
        task("unknown arg", dict(live, secret_password=DUMMY)),
        task("both sources", dict(live, **{"from": CAPTURES})),
        task("live arg offline", {"from": CAPTURES, "workers": 2}),
        task("missing inventory", dict(live, inventory=os.path.join(tmp, "nope.ini"))),
        task("unknown host", dict(live, hosts=["r-nope"])),
    ]
    return [{"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": tasks}], fixes


def main():
    p = argparse.ArgumentParser()
    for a in ("--vtyguard", "--lab", "--labfleet", "--policy"):
        p.add_argument(a, required=True)
    args = p.parse_args()
    ansible = shutil.which("ansible-playbook")
    if not ansible:
        print("ansible-playbook is not installed (apt-get install ansible): skipped")
        return 77

    with tempfile.TemporaryDirectory(prefix="vtyguard-ansible-") as tmp:
        labdir = os.path.join(tmp, "lab")
        up = subprocess.run([sys.executable, args.labfleet, "up", "--lab", args.lab, "--dir", labdir,
                             "--net", "127.93.3"], stdout=subprocess.PIPE, text=True)
        if up.returncode != 0:
            print("the lab did not start", file=sys.stderr)
            return 1
        lab = json.loads(up.stdout)
        try:
            run(args, ansible, lab, tmp)
        finally:
            subprocess.run([sys.executable, args.labfleet, "down", "--lab", args.lab, "--dir", labdir])
    if failures:
        print("%d checks failed" % len(failures), file=sys.stderr)
        return 1
    print("ok")
    return 0


def run(args, ansible, lab, tmp):
    library = os.path.join(tmp, "library")
    os.makedirs(library)
    shutil.copy(args.vtyguard, os.path.join(library, "vtyguard"))
    plays, fixes = playbook(lab, args.policy, tmp)
    book = os.path.join(tmp, "playbook.yml")
    with open(book, "w") as f:
        json.dump(plays, f, indent=1)  # JSON is YAML
    env = dict(os.environ, ANSIBLE_LIBRARY=library, ANSIBLE_STDOUT_CALLBACK="json", ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCAL_TEMP=os.path.join(tmp, "ansible-local"),
               ANSIBLE_REMOTE_TEMP=os.path.join(tmp, "ansible-remote"), ANSIBLE_RETRY_FILES_ENABLED="0",
               ANSIBLE_PYTHON_INTERPRETER="/usr/bin/python3", ANSIBLE_LOCALHOST_WARNING="0",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="0")
    ran = subprocess.run([ansible, "-i", "localhost,", book], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, timeout=540)
    if ran.stderr:
        print(ran.stderr, file=sys.stderr)
    check(ran.returncode == 0, "ansible-playbook exit %d (every task ignores errors)" % ran.returncode)
    try:
        out = json.loads(ran.stdout)
    except ValueError:
        print(ran.stdout)
        check(False, "the json callback's output is JSON")
        return
    results = {t["task"]["name"]: t["hosts"]["localhost"] for t in out["plays"][0]["tasks"]}
    for name, r in results.items():
        print("%-18s failed=%-5s changed=%-5s msg=%s" % (name, r.get("failed"), r.get("changed"), r.get("msg")))

    # The whole fleet: the causes, the refusal, the fix files, failed for the device not audited.
    r = results["fleet"]
    check(r.get("failed") is True and r.get("exit_code") == 3, "fleet: failed with exit code 3 (r-no-key)")
    check(r.get("changed") is True, "fleet: changed (fix files written)")
    findings = r.get("findings", {})
    for device, cause in (("r-vty-acl", "SSH-007"), ("r-vty-split", "SSH-006")):
        f = findings.get(device, {})
        check(f.get("likely_cause", [None])[0] == cause and [x["check"] for x in f.get("failing", [])] == [cause],
              "fleet: %s's finding is %s: %s" % (device, cause, f))
        check(os.path.exists(os.path.join(fixes, device + ".fix.txt")), "fleet: %s.fix.txt written" % device)
    check("r-healthy" not in findings, "fleet: r-healthy has no failing finding")
    na = r.get("not_audited", {}).get("r-no-key", {})
    check(na.get("status") == "refused" and "SSH-001" in na.get("error", ""),
          "fleet: r-no-key refused, SSH-001 among its causes: %s" % na)
    check(re.match(r"^4 devices, 3 audited, 2 failing \(.*\), 1 not audited \(r-no-key: refused\); "
                   r"6 fix files written in ", r.get("msg", "")) is not None, "fleet: msg %r" % r.get("msg"))
    check(len(r.get("devices", [])) == 4 and r.get("schema_version") == 1, "fleet: the full device reports")
    check(sorted(os.path.basename(f) for f in r.get("fix_files", [])) ==
          sorted(d + s for d in ("r-vty-acl", "r-vty-split") for s in (".fix.txt", ".runbook.txt", ".rollback.txt")),
          "fleet: fix_files %s" % r.get("fix_files"))

    r = results["fleet again"]
    check(r.get("changed") is False and r.get("fix_files") == [], "again: the same fix files change nothing")
    check(r.get("failed") is True, "again: still failed")

    r = results["check mode"]
    check(r.get("changed") is True and len(r.get("fix_files", [])) == 6, "check mode: says what would change")
    check(not os.path.exists(os.path.join(tmp, "fixes-check")), "check mode: writes nothing")
    check("would change" in r.get("msg", ""), "check mode: msg %r" % r.get("msg"))

    r = results["healthy"]
    # Ansible drops a `failed: false` from the results it reports.
    check(not r.get("failed", False) and r.get("changed") is False and r.get("exit_code") == 0,
          "healthy: neither failed nor changed")
    check(r.get("msg") == "1 devices, 1 audited, 0 failing, 0 not audited", "healthy: msg %r" % r.get("msg"))

    r = results["fail_on none"]
    check(not r.get("failed", False) and r.get("exit_code") == 0, "fail_on none: findings do not fail the task")
    check(sorted(r.get("findings", {})) == ["r-vty-acl", "r-vty-split"], "fail_on none: the findings are there")

    r = results["offline"]
    check(r.get("exit_code") in (0, 1) and len(r.get("devices", [])) > 0, "offline: audited the captures")
    check(any(f.get("likely_cause") for f in r.get("findings", {}).values()), "offline: causes found")

    for name, says in (("bad workers", "`workers`"), ("bad fail_on", "`fail_on`"), ("unknown arg", "secret_password"),
                       ("both sources", "exclusive"), ("live arg offline", "`workers` is for live audits"),
                       ("missing inventory", "nope.ini"), ("unknown host", "r-nope: not in the inventory")):
        r = results[name]
        check(r.get("failed") is True and r.get("changed") is False and r.get("exit_code") == 2,
              "%s: failed, exit code 2" % name)
        check(says in r.get("msg", ""), "%s: msg %r names %s" % (name, r.get("msg"), says))

    everything = ran.stdout + ran.stderr
    check(DUMMY not in everything, "an unknown arg's value is not echoed")
    for key in ("password", "enable"):
        check(lab[key] not in everything, "the lab's %s is not in Ansible's output" % key)


if __name__ == "__main__":
    sys.exit(main())
