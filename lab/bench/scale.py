#!/usr/bin/python3
"""Scale benchmark of the lab (issue 4): one vtyguard-lab process serving a large fleet.

Prints (no assertions):
  - start-up time of the fleet;
  - RSS of the lab process idle, and per idle device (the difference to a one-device lab with the
    same configuration, divided by the extra devices);
  - sequential logins per second (one OpenSSH session at a time: login, `show version`, exit);
  - N concurrent OpenSSH sessions, each on its own device, each logged in and past `show version`
    before any leaves: time until all are in, sessions per second, latency percentiles, and RSS
    per active session.

Clients are real OpenSSH `ssh` processes (password through SSH_ASKPASS), so client CPU shares the
machine with the lab: on 2 cores the figures are a floor, not the server's limit. Build the lab
without sanitizers for meaningful figures:

    cmake -S . -B build-rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DVTYGUARD_SANITIZE=OFF
    cmake --build build-rel --target vtyguard-lab
    /usr/bin/python3 lab/bench/scale.py --lab build-rel/lab/vtyguard-lab [--sessions 200]

The fleet is lab/fleets/load.yaml (1,000 devices) when it exists, else --fleet, else one generated
here with --devices devices.
"""

import argparse
import os
import re
import resource
import selectors
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

GENERATED_CONFIG = """hostname {hostname}
enable secret 0 lab-enable
username admin privilege 15 secret 0 lab
ip domain name lab.example.net
crypto key generate rsa general-keys modulus 2048
interface GigabitEthernet0/0
 ip address {address} 255.255.0.0
ip route 127.0.0.0 255.255.254.0 127.21.255.254
line vty 0 15
 login local
 transport input ssh
end
"""


def run_lab(lab, *args, timeout=900):
    p = subprocess.run([lab, *args], capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout.strip(), p.stderr.strip()


def lab_pid(state):
    with open(os.path.join(state, "lab.pid")) as f:
        return int(f.read().strip())


def proc_field(pid, name):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(name + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {name} for {pid}")


def cpu_seconds(pid):
    """User + system CPU time of the process so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid):
    return proc_field(pid, "VmRSS")


def lab_status(lab, state):
    _, out, _ = run_lab(lab, "status", "--state", state)
    values = {}
    for line in out.splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            values[key] = value
    return values


def settle_rss(pid, seconds=2.0):
    """RSS after the process stopped growing for a moment (keys, listeners, threads settle)."""
    last = rss_kib(pid)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        time.sleep(seconds)
        now = rss_kib(pid)
        if abs(now - last) < 256:
            return now
        last = now
    return last


def read_inventory(path):
    hosts = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or line.startswith("["):
                continue
            words = shlex.split(line)
            variables = dict(w.split("=", 1) for w in words[1:])
            hosts.append((words[0], variables))
    return hosts


def write_one_device_fleet(fleet_path, out_path):
    """The same device kind as the fleet's first device or generate block, alone."""
    with open(fleet_path) as f:
        fleet = yaml.safe_load(f)
    base = os.path.dirname(os.path.abspath(fleet_path))
    one = {"defaults": fleet.get("defaults", {})}
    if fleet.get("generate"):
        block = dict(fleet["generate"][0])
        block["count"] = 1
        block["config"] = os.path.join(base, block["config"])
        one["generate"] = [block]
    else:
        device = dict(fleet["devices"][0])
        device["config"] = os.path.join(base, device["config"])
        device.pop("behind", None)
        one["devices"] = [device]
    with open(out_path, "w") as f:
        yaml.safe_dump(one, f)


def ssh_env(work, password):
    env = dict(os.environ)
    env["SSH_ASKPASS"] = os.path.join(work, "askpass.sh")
    env["SSH_ASKPASS_REQUIRE"] = "force"
    env["LAB_PASSWORD"] = password
    env.setdefault("DISPLAY", ":0")
    return env


def start_session(ssh_config, name, env):
    return subprocess.Popen(["ssh", "-tt", "-F", ssh_config, "-o", "ConnectTimeout=30", name],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def sequential_logins(ssh_config, hosts, count, env):
    started = time.monotonic()
    ok = 0
    for i in range(count):
        name, _ = hosts[i % len(hosts)]
        p = subprocess.run(["ssh", "-tt", "-F", ssh_config, name], input=b"terminal length 0\rshow version\rexit\r",
                           capture_output=True, env=env, timeout=60)
        ok += p.returncode == 0 and f"{name}#".encode() in p.stdout
    elapsed = time.monotonic() - started
    return ok, elapsed


def concurrent_sessions(lab, state, ssh_config, hosts, count, env, pid, timeout):
    """Opens `count` sessions at once; returns figures once all are in (or the timeout)."""
    sel = selectors.DefaultSelector()
    sessions = []
    cpu_before = cpu_seconds(pid)
    started = time.monotonic()
    for i in range(count):
        name, _ = hosts[i % len(hosts)]
        p = start_session(ssh_config, name, env)
        p.stdin.write(b"terminal length 0\rshow version\r")
        p.stdin.flush()
        os.set_blocking(p.stdout.fileno(), False)
        s = {"name": name, "proc": p, "out": b"", "ready": None, "launched": time.monotonic() - started,
             "prompt": re.compile(re.escape(name.encode()) + b"#")}
        sessions.append(s)
        sel.register(p.stdout, selectors.EVENT_READ, s)
    launched = time.monotonic() - started
    waiting = count
    deadline = started + timeout
    while waiting and time.monotonic() < deadline:
        for key, _ in sel.select(timeout=1):
            s = key.data
            try:
                chunk = os.read(key.fileobj.fileno(), 65536)
            except BlockingIOError:
                continue
            if not chunk:
                sel.unregister(key.fileobj)
                if s["ready"] is None:
                    waiting -= 1
                    s["ready"] = float("nan")
                continue
            s["out"] += chunk
            # Initial prompt, after `terminal length 0`, after `show version`.
            if s["ready"] is None and len(s["prompt"].findall(s["out"])) >= 3:
                s["ready"] = time.monotonic() - started
                waiting -= 1
    all_in = time.monotonic() - started
    # The lab rewrites its status file every second: let it catch up while every session is held.
    time.sleep(1.5)
    status = lab_status(lab, state)
    peak = rss_kib(pid)
    threads = proc_field(pid, "Threads")
    for s in sessions:
        try:
            s["proc"].stdin.write(b"exit\r")
            s["proc"].stdin.flush()
        except (BrokenPipeError, ValueError):
            pass
    for s in sessions:
        try:
            s["proc"].wait(timeout=30)
        except subprocess.TimeoutExpired:
            s["proc"].kill()
            s["proc"].wait()
        for stream in (s["proc"].stdin, s["proc"].stdout):
            try:
                stream.close()
            except BrokenPipeError:
                pass
    sel.close()
    done = [s for s in sessions if s["ready"] is not None and s["ready"] == s["ready"]]
    latencies = [s["ready"] - s["launched"] for s in done]
    return {
        "launched_s": launched,
        "all_in_s": all_in,
        "ok": len(latencies),
        "latencies": latencies,
        "last_ready_s": max((s["ready"] for s in done), default=0.0),
        "cpu_s": cpu_seconds(pid) - cpu_before,
        "active_sessions": int(status.get("active_sessions", "0")),
        "peak_kib": peak,
        "threads": threads,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lab", required=True, help="path of vtyguard-lab")
    parser.add_argument("--fleet", help="fleet file (default: lab/fleets/load.yaml, else a generated one)")
    parser.add_argument("--devices", type=int, default=1000, help="devices of a generated fleet")
    parser.add_argument("--sessions", type=int, default=200, help="concurrent sessions")
    parser.add_argument("--sequential", type=int, default=50, help="sequential logins")
    parser.add_argument("--timeout", type=float, default=300, help="seconds for all concurrent sessions to log in")
    args = parser.parse_args()
    lab = os.path.abspath(args.lab)
    if not shutil.which("ssh"):
        print("ssh (openssh-client) is not installed")
        return 1

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    work = tempfile.mkdtemp(prefix="vtyguard-scale-")
    with open(os.path.join(work, "askpass.sh"), "w") as f:
        f.write('#!/bin/sh\nprintf "%s\\n" "$LAB_PASSWORD"\n')
    os.chmod(os.path.join(work, "askpass.sh"), 0o755)

    fleet = args.fleet
    default_fleet = os.path.join(HERE, "..", "fleets", "load.yaml")
    if not fleet and os.path.exists(default_fleet):
        fleet = default_fleet
    if not fleet:
        fleet = os.path.join(work, "fleet.yaml")
        with open(os.path.join(work, "device.cfg"), "w") as f:
            f.write(GENERATED_CONFIG)
        with open(fleet, "w") as f:
            f.write(f"""defaults: {{username: admin, password: lab, enable: lab-enable, ssh_port: 2222}}
generate:
  - count: {args.devices}
    name: scale-{{n}}
    platform: cisco_ios
    address_from: 127.21.0.1
    config: device.cfg
    version: "15.2(4)E10"
    model: WS-C2960X-48TS-L
""")
    fleet = os.path.abspath(fleet)
    one = os.path.join(work, "one.yaml")
    write_one_device_fleet(fleet, one)
    state = os.path.join(work, "state")
    figures = []

    def report(label, value):
        figures.append((label, value))
        print(f"  {label:<54} {value}", flush=True)

    print(f"fleet {fleet}")
    try:
        code, out, err = run_lab(lab, "up", one, "--inventory", os.path.join(work, "one.ini"), "--state", state)
        if code != 0:
            print(f"one-device lab did not start: {err}")
            return 1
        one_rss = settle_rss(lab_pid(state))
        run_lab(lab, "down", "--state", state)
        report("RSS, one device", f"{one_rss / 1024:.1f} MiB")

        started = time.monotonic()
        inventory = os.path.join(work, "hosts.ini")
        code, out, err = run_lab(lab, "up", fleet, "--inventory", inventory, "--state", state)
        if code != 0:
            print(f"lab did not start: {err}")
            return 1
        report("start-up (up until ready)", f"{time.monotonic() - started:.2f} s")
        print(f"  {out}")
        pid = lab_pid(state)
        hosts = [(name, v) for name, v in read_inventory(inventory) if "ansible_ssh_common_args" not in v]
        devices = len(read_inventory(inventory))
        idle = settle_rss(pid)
        report("devices served", str(devices))
        report("RSS idle, whole fleet", f"{idle / 1024:.1f} MiB")
        if devices > 1:
            report("RSS per idle device", f"{(idle - one_rss) / (devices - 1):.1f} KiB")
        ssh_config = os.path.join(os.path.dirname(inventory), "ssh_config")
        password = hosts[0][1].get("ansible_password", "lab")
        env = ssh_env(work, password)

        ok, elapsed = sequential_logins(ssh_config, hosts, args.sequential, env)
        report(f"sequential sessions ({ok}/{args.sequential} ok)", f"{ok / elapsed:.1f} /s ({elapsed:.2f} s)")

        before = rss_kib(pid)
        result = concurrent_sessions(lab, state, ssh_config, hosts, args.sessions, env, pid, args.timeout)
        lat = result["latencies"]
        report(f"concurrent sessions in ({result['ok']}/{args.sessions})",
               f"{result['all_in_s']:.2f} s (launching took {result['launched_s']:.2f} s)")
        if lat:
            report("concurrent session rate", f"{result['ok'] / result['last_ready_s']:.1f} /s")
            report("per session, launch to past show version p50/p95/max",
                   f"{statistics.median(lat):.3f} / {percentile(lat, 95):.3f} / {max(lat):.3f} s")
            report("lab CPU per session (login, 2 commands)", f"{result['cpu_s'] / result['ok'] * 1000:.1f} ms")
        report("active sessions seen by the lab", str(result["active_sessions"]))
        report("threads of the lab with all sessions active", str(result["threads"]))
        report("RSS with all sessions active", f"{result['peak_kib'] / 1024:.1f} MiB")
        if result["ok"]:
            report("RSS per active session", f"{(result['peak_kib'] - before) / result['ok']:.1f} KiB")
        time.sleep(2)
        report("RSS after the sessions left", f"{rss_kib(pid) / 1024:.1f} MiB")
    finally:
        code, out, err = run_lab(lab, "down", "--state", state)
        if code not in (0, 5):
            print(f"down: {code} {err}")
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
