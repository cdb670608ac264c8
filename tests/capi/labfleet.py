#!/usr/bin/python3
"""A small lab fleet for the plugin-host tests (C ABI, its ctypes example, the Ansible module).

    labfleet.py up   --lab BUILD/lab/vtyguard-lab --dir DIR --net 127.93.N   -> prints JSON
    labfleet.py down --lab BUILD/lab/vtyguard-lab --dir DIR

`up` copies four scenario devices of lab/fleets (configs with their addresses moved into NET.0/24
and credentials that occur nowhere else, so outputs can be grepped for them), starts them with
`vtyguard-lab up` (state in DIR/state) and prints {"inventory", "fleet", "state", "password",
"enable", "devices": {name: expected}}: the lab's Ansible INI inventory, which carries the
credentials the way an operator's does, and what each device's live audit must find
(`status` and, for a device that is logged into, its first likely cause).

r-vty-split answers every command 200 ms late, so a test that cancels while it is in flight has
seconds, not milliseconds, to do so. Each test uses its own NET (tests/CMakeLists.txt).
"""
import argparse
import json
import os
import re
import subprocess
import sys

FLEETS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lab", "fleets")
PASSWORD = "Pw-h11Hosts-Vb6q"
ENABLE = "En-h11Hosts-Tm2c"

# name, scenario address, fleet keys, what the live audit finds (from this machine's 127.0.0.1)
DEVICES = [
    ("r-healthy", "127.10.0.1", {}, {"status": "audited", "cause": None}),
    ("r-vty-split", "127.10.0.7", {"faults": {"command_latency_ms": 200}}, {"status": "audited", "cause": "SSH-006"}),
    ("r-vty-acl", "127.10.0.8", {}, {"status": "audited", "cause": "SSH-007"}),
    ("r-no-key", "127.10.0.2", {}, {"status": "refused", "cause": "SSH-001"}),
]


def moved(text, net):
    text = text.replace("lab-enable", ENABLE)
    text = re.sub(r"\b(secret 0 |password )lab\b", r"\g<1>" + PASSWORD, text)
    return re.sub(r"\b127\.10\.0\.(\d{1,3})\b", net + r".\1", text)


def up(args):
    os.makedirs(args.dir, exist_ok=True)
    lines = ["defaults:", "  username: admin", "  password: " + PASSWORD, "  enable: " + ENABLE,
             "  ssh_port: 2222", "  platform: cisco_ios", '  version: "17.9.4a"', "  model: ISR4331/K9",
             "devices:"]
    expected = {}
    for name, address, extra, expect in DEVICES:
        with open(os.path.join(FLEETS, "scenarios", name + ".cfg")) as f:
            config = moved(f.read(), args.net)
        with open(os.path.join(args.dir, name + ".cfg"), "w") as f:
            f.write(config)
        lines += ["  - name: " + name, "    address: " + moved(address, args.net), "    config: " + name + ".cfg"]
        for key, value in extra.items():
            lines.append("    %s: %s" % (key, json.dumps(value)))
        expected[name] = expect
    fleet = os.path.join(args.dir, "fleet.yaml")
    with open(fleet, "w") as f:
        f.write("\n".join(lines) + "\n")
    inventory = os.path.join(args.dir, "inventory.ini")
    state = os.path.join(args.dir, "state")
    ran = subprocess.run([args.lab, "up", fleet, "--inventory", inventory, "--state", state],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if ran.returncode != 0:
        print("labfleet: vtyguard-lab up failed (%d): %s" % (ran.returncode, ran.stdout), file=sys.stderr)
        return 1
    print(json.dumps({"inventory": inventory, "fleet": fleet, "state": state, "password": PASSWORD,
                      "enable": ENABLE, "devices": expected}))
    return 0


def down(args):
    ran = subprocess.run([args.lab, "down", "--state", os.path.join(args.dir, "state")],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if ran.returncode != 0:
        print("labfleet: vtyguard-lab down: %s" % ran.stdout, file=sys.stderr)
    return ran.returncode


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["up", "down"])
    parser.add_argument("--lab", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--net", default="127.93.0")
    args = parser.parse_args()
    if not re.fullmatch(r"127\.\d{1,3}\.\d{1,3}", args.net):
        parser.error("--net takes the first three octets of a loopback /24, e.g. 127.93.1")
    return up(args) if args.command == "up" else down(args)


if __name__ == "__main__":
    sys.exit(main())
