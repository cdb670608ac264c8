#!/usr/bin/python3
"""Real clients against the lab (issue 4, SPEC section 10).

Starts `vtyguard-lab up` on a small fleet written here (an IOS router, an ASA, an IOS router
without an RSA key, and two routers behind one and two OpenSSH jump hosts), then proves that:
  - OpenSSH `ssh` logs in directly, with `-J` through one and two jump hosts, with the lab's
    ssh_config (ProxyJump chains) and with the inventory's ansible_ssh_common_args (ProxyCommand);
  - netmiko's cisco_ios and cisco_asa drivers log in, enable, read `show` output computed from
    the config, and push config that the next session sees; netmiko also passes two jump hosts
    with the inventory's ProxyCommand (the paramiko path Ansible uses);
  - a device without an RSA key refuses the connection; an access-class deny from one source
    address closes before the banner while another source logs in; an ASA allow-list miss is a
    silent drop (timeout);
  - the `vtyguard-lab` command line reports its states with distinct exit codes.
`vtyguard-lab down` always runs at the end. Exit 77 (skipped) only when sshd, ssh or netmiko is
not installed.

    real_clients_test.py --lab PATH/TO/vtyguard-lab [-v]
"""

import argparse
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

SKIP = 77
LAB = None  # path of vtyguard-lab, from the command line
WORK = None  # temporary directory with the fleet, state and inventory
STATE = None
INVENTORY = None
SSH_CONFIG = None
AGENT_ENV = {}  # SSH_AUTH_SOCK/SSH_AGENT_PID of the agent holding the jump hosts' key

PASSWORD = "lab"
ENABLE = "lab-enable"
# Client source addresses (access-class and ASA allow-lists are written in these terms).
ALLOWED_SOURCE = "127.0.10.5"
DENIED_SOURCE = "127.0.10.66"

R1 = "127.60.0.1"
FW1 = "127.60.0.2"
NOKEY = "127.60.0.3"
BEHIND1 = "127.60.1.1"
BEHIND2 = "127.60.1.2"
LEGACY = "127.60.0.4"
BASTION1 = "127.60.9.1"
BASTION2 = "127.60.9.2"
PORT = 2222

FLEET = f"""
defaults:
  username: admin
  password: {PASSWORD}
  enable: {ENABLE}
  ssh_port: {PORT}
jump_hosts:
  - name: t-bastion1
    address: {BASTION1}
  - name: t-bastion2
    address: {BASTION2}
    via: t-bastion1
devices:
  - name: t-r1
    platform: cisco_ios
    address: {R1}
    config: t-r1.cfg
    version: "17.9.4a"
    model: C1111-8P
    source: {ALLOWED_SOURCE}
  - name: t-fw1
    platform: cisco_asa
    address: {FW1}
    config: t-fw1.cfg
    version: "9.16(4)"
    model: ASA5516
  - name: t-nokey
    platform: cisco_ios
    address: {NOKEY}
    config: t-nokey.cfg
    version: "17.9.4a"
    model: C1111-8P
  - name: t-legacy
    platform: cisco_ios
    address: {LEGACY}
    config: t-legacy.cfg
    version: "15.2(4)E10"
    model: WS-C2960X-48TS-L
    legacy_crypto: true
  - name: t-behind1
    platform: cisco_ios
    address: {BEHIND1}
    config: t-behind1.cfg
    version: "17.9.4a"
    model: C1111-8P
    behind: t-bastion1
  - name: t-behind2
    platform: cisco_ios
    address: {BEHIND2}
    config: t-behind2.cfg
    version: "17.9.4a"
    model: C1111-8P
    behind: t-bastion2
"""


def ios_config(hostname, address, rsa_key=True):
    key = "crypto key generate rsa general-keys modulus 2048\n" if rsa_key else ""
    return f"""hostname {hostname}
enable secret 0 {ENABLE}
no aaa new-model
ip domain name lab.example.net
{key}username admin privilege 15 secret 0 {PASSWORD}
username op privilege 1 secret 0 {PASSWORD}
interface GigabitEthernet0/0/0
 ip address {address} 255.255.255.0
ip route 127.0.0.0 255.255.254.0 {address[:-1]}254
ip route 127.0.10.0 255.255.255.0 {address[:-1]}254
ip ssh version 2
ip ssh time-out 90
ip ssh authentication-retries 2
ip access-list standard VTY-MGMT
 10 deny   {DENIED_SOURCE}
 20 permit 127.0.10.0 0.0.0.255
 30 permit 127.0.0.0 0.0.1.255
 40 deny   any log
line vty 0 4
 access-class VTY-MGMT in
 login local
 transport input ssh
line vty 5 15
 access-class VTY-MGMT in
 login local
 transport input ssh
end
"""


FW_CONFIG = f"""hostname t-fw1
domain-name lab.example.net
enable password {ENABLE}
interface Management1/1
 management-only
 nameif management
 security-level 100
 ip address {FW1} 255.255.255.0
route management 127.0.0.0 255.255.254.0 127.60.0.254 1
route management 127.0.10.0 255.255.255.0 127.60.0.254 1
aaa authentication ssh console LOCAL
crypto key generate rsa modulus 2048 noconfirm
ssh {ALLOWED_SOURCE} 255.255.255.255 management
ssh 127.0.0.0 255.255.254.0 management
ssh timeout 5
ssh version 2
username admin password {PASSWORD} privilege 15
"""


def lab(*args, timeout=300):
    """Runs vtyguard-lab; (exit code, stdout, stderr)."""
    p = subprocess.run([LAB, *args], capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def write(path, text, mode=0o644):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


def ssh_env(password=PASSWORD):
    env = dict(os.environ)
    env.update(AGENT_ENV)
    env["SSH_ASKPASS"] = os.path.join(WORK, "askpass.sh")
    env["SSH_ASKPASS_REQUIRE"] = "force"
    env["LAB_PASSWORD"] = password
    env.setdefault("DISPLAY", ":0")
    return env


def run_ssh(args, commands, timeout=60, password=PASSWORD, connect_timeout=10):
    """Runs `ssh -tt ARGS` typing `commands` (a list of lines); (exit code, stdout, stderr).

    stdin stays open until ssh ends: the device closes the session on `exit`, and an early EOF
    must not race the commands."""
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    p = subprocess.Popen(["ssh", "-tt", "-o", f"ConnectTimeout={connect_timeout}", *args], stdin=subprocess.PIPE, stdout=out,
                         stderr=err, env=ssh_env(password))
    try:
        if commands:
            p.stdin.write(("\r".join(commands) + "\r").encode())
            p.stdin.flush()
        p.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    except BrokenPipeError:
        p.wait(timeout=timeout)
    finally:
        try:
            p.stdin.close()
        except BrokenPipeError:
            pass
    out.seek(0)
    err.seek(0)
    return p.returncode, out.read().decode(errors="replace"), err.read().decode(errors="replace")


def read_inventory(path):
    """Host name -> variables, parsed like Ansible's INI reader (shlex on each host line)."""
    hosts = {}
    group = None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("["):
                group = line.strip("[]")
                continue
            words = shlex.split(line)
            variables = dict(w.split("=", 1) for w in words[1:])
            variables["group"] = group
            hosts[words[0]] = variables
    return hosts


def status():
    code, out, _ = lab("status", "--state", STATE)
    values = {}
    for line in out.splitlines():
        if "=" in line:
            key, value = line.split("=", 1)
            values.setdefault(key, []).append(value)
    return code, values


def jump_endpoint(name):
    """(user@address, port) of a running jump host, from `vtyguard-lab status`."""
    _, values = status()
    for entry in values.get("jump_host", []):
        jname, where = entry.split()[:2]
        if jname == name:
            login, port = where.rsplit(":", 1)
            return login, int(port)
    raise AssertionError(f"jump host {name} not in status: {values}")


def mini_config():
    """An ssh_config that only skips host-key prompts: jump logins then rely on the agent."""
    return os.path.join(WORK, "mini_ssh_config")


def tcp_connect(address, port, source=None, timeout=5):
    s = socket.socket()
    s.settimeout(timeout)
    try:
        if source:
            s.bind((source, 0))
        s.connect((address, port))
        return s
    except Exception:
        s.close()
        raise


class Cli(unittest.TestCase):
    def test_status_reports_the_running_fleet(self):
        code, values = status()
        self.assertEqual(code, 0)
        self.assertEqual(values["devices"], ["6"])
        self.assertEqual(len(values["jump_host"]), 2)
        # Five devices have an RSA key; the one without has no listener.
        self.assertEqual(values["listeners"], ["5"])

    def test_second_up_with_the_same_state_is_refused(self):
        code, _, err = lab("up", os.path.join(WORK, "fleet.yaml"), "--inventory", INVENTORY, "--state", STATE)
        self.assertEqual(code, 4, err)
        self.assertIn("already running", err)

    def test_bad_fleet_names_file_and_line(self):
        bad = os.path.join(WORK, "bad.yaml")
        write(bad, "devices:\n  - name: x\n    platform: cisco_nxos\n")
        code, _, err = lab("up", bad, "--inventory", os.path.join(WORK, "bad.ini"), "--state",
                           os.path.join(WORK, "bad-state"))
        self.assertEqual(code, 3, err)
        self.assertIn(f"{bad}:3: platform: 'cisco_nxos' is not cisco_ios or cisco_asa", err)

    def test_usage_error(self):
        code, _, _ = lab("up")
        self.assertEqual(code, 2)

    def test_inventory_lists_every_device_with_its_platform(self):
        hosts = read_inventory(INVENTORY)
        self.assertEqual(set(hosts), {"t-r1", "t-fw1", "t-nokey", "t-legacy", "t-behind1", "t-behind2"})
        self.assertEqual(hosts["t-r1"]["group"], "cisco_ios")
        self.assertEqual(hosts["t-r1"]["ansible_network_os"], "cisco.ios.ios")
        self.assertEqual(hosts["t-fw1"]["group"], "cisco_asa")
        self.assertEqual(hosts["t-fw1"]["ansible_network_os"], "cisco.asa.asa")
        self.assertEqual(hosts["t-r1"]["ansible_host"], R1)
        self.assertEqual(hosts["t-r1"]["ansible_port"], str(PORT))
        self.assertEqual(hosts["t-r1"]["ansible_user"], "admin")
        self.assertEqual(hosts["t-r1"]["ansible_password"], PASSWORD)
        self.assertEqual(hosts["t-r1"]["ansible_become_password"], ENABLE)
        self.assertNotIn("ansible_ssh_common_args", hosts["t-r1"])
        self.assertIn("ProxyCommand=", hosts["t-behind2"]["ansible_ssh_common_args"])
        self.assertTrue(os.path.exists(os.path.join(os.path.dirname(INVENTORY), "ssh_config")))


class OpenSSH(unittest.TestCase):
    COMMANDS = ["terminal length 0", "show ip ssh", "exit"]

    def assertLoggedIn(self, result, hostname):
        code, out, err = result
        self.assertIn(f"{hostname}#", out, f"exit {code}\nstdout:\n{out}\nstderr:\n{err}")
        self.assertIn("SSH Enabled - version 2.0", out)
        self.assertIn("Authentication timeout: 90 secs; Authentication retries: 2", out)

    def test_direct_with_the_lab_ssh_config(self):
        self.assertLoggedIn(run_ssh(["-F", SSH_CONFIG, "t-r1"], self.COMMANDS), "t-r1")

    def test_direct_by_address_and_port(self):
        self.assertLoggedIn(run_ssh(["-F", mini_config(), "-b", ALLOWED_SOURCE, "-p", str(PORT), f"admin@{R1}"],
                                    self.COMMANDS), "t-r1")

    def test_one_jump_host_with_dash_j(self):
        login, port = jump_endpoint("t-bastion1")
        self.assertLoggedIn(run_ssh(["-F", mini_config(), "-J", f"{login}:{port}", "-p", str(PORT), f"admin@{BEHIND1}"],
                                    self.COMMANDS), "t-behind1")

    def test_two_jump_hosts_with_dash_j(self):
        login1, port1 = jump_endpoint("t-bastion1")
        login2, port2 = jump_endpoint("t-bastion2")
        self.assertLoggedIn(run_ssh(["-F", mini_config(), "-J", f"{login1}:{port1},{login2}:{port2}", "-p", str(PORT),
                                     f"admin@{BEHIND2}"], self.COMMANDS), "t-behind2")

    def test_two_jump_hosts_with_the_lab_ssh_config(self):
        self.assertLoggedIn(run_ssh(["-F", SSH_CONFIG, "t-behind2"], self.COMMANDS), "t-behind2")

    def test_two_jump_hosts_with_the_inventory_proxycommand(self):
        host = read_inventory(INVENTORY)["t-behind2"]
        args = shlex.split(host["ansible_ssh_common_args"])
        self.assertLoggedIn(run_ssh(["-F", "/dev/null", *args, "-p", host["ansible_port"],
                                     f"{host['ansible_user']}@{host['ansible_host']}"], self.COMMANDS,
                                    password=host["ansible_password"]), "t-behind2")

    def test_legacy_device_needs_the_options_the_lab_writes(self):
        # Not mini_config(): its LogLevel ERROR hides the negotiation failure.
        code, out, err = run_ssh(["-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o",
                                  "UserKnownHostsFile=/dev/null", "-p", str(PORT), f"admin@{LEGACY}"], [])
        self.assertEqual(code, 255, out + err)
        self.assertIn("no matching key exchange method found", err)
        self.assertLoggedIn(run_ssh(["-F", SSH_CONFIG, "t-legacy"], self.COMMANDS), "t-legacy")
        host = read_inventory(INVENTORY)["t-legacy"]
        self.assertLoggedIn(run_ssh(["-F", mini_config(), *shlex.split(host["ansible_ssh_common_args"]), "-p",
                                     host["ansible_port"], f"admin@{LEGACY}"], self.COMMANDS), "t-legacy")

    def test_device_without_rsa_key_refuses(self):
        code, out, err = run_ssh(["-F", SSH_CONFIG, "t-nokey"], [])
        self.assertEqual(code, 255, out + err)
        self.assertIn("Connection refused", err)
        with self.assertRaises(ConnectionRefusedError):
            tcp_connect(NOKEY, PORT)

    def test_access_class_denies_one_source_and_admits_another(self):
        code, out, err = run_ssh(["-F", SSH_CONFIG, "-b", DENIED_SOURCE, "t-r1"], self.COMMANDS)
        self.assertEqual(code, 255, out + err)
        self.assertIn("kex_exchange_identification", err, "closed before the SSH banner")
        self.assertNotIn("refused", err)
        self.assertNotIn("t-r1#", out)
        # The TCP handshake itself succeeds: the deny comes after accept.
        tcp_connect(R1, PORT, source=DENIED_SOURCE).close()
        self.assertLoggedIn(run_ssh(["-F", SSH_CONFIG, "-b", ALLOWED_SOURCE, "t-r1"], self.COMMANDS), "t-r1")

    def test_asa_allow_list_miss_is_a_silent_drop(self):
        code, out, err = run_ssh(["-F", SSH_CONFIG, "-b", DENIED_SOURCE, "t-fw1"], [], timeout=30, connect_timeout=3)
        self.assertEqual(code, 255, out + err)
        self.assertIn("timed out", err)
        code, out, err = run_ssh(["-F", SSH_CONFIG, "-b", ALLOWED_SOURCE, "t-fw1"], ["exit"])
        self.assertIn("t-fw1>", out, f"exit {code}\n{out}\n{err}")


def netmiko_connect(device_type, host, username="admin", **extra):
    from netmiko import ConnectHandler
    # fast_cli: netmiko otherwise waits 2 s of silence after every config line and prompt check.
    return ConnectHandler(device_type=device_type, host=host, port=PORT, username=username, password=PASSWORD,
                          secret=ENABLE, timeout=30, fast_cli=True, **extra)


class Netmiko(unittest.TestCase):
    def test_cisco_ios_enable_show_and_config(self):
        # `op` has privilege 1: the session starts at `>` and enable() needs the enable secret.
        conn = netmiko_connect("cisco_ios", R1, username="op")
        try:
            self.assertEqual(conn.find_prompt(), "t-r1>")
            conn.enable()
            self.assertTrue(conn.check_enable_mode())
            self.assertEqual(conn.find_prompt(), "t-r1#")
            out = conn.send_command("show ip ssh")
            self.assertIn("SSH Enabled - version 2.0", out)
            self.assertIn("Authentication timeout: 90 secs; Authentication retries: 2", out)
            conn.send_config_set(["ip ssh time-out 45", "ip ssh authentication-retries 4"])
        finally:
            conn.disconnect()
        # A new session sees the change; put it back for the other tests.
        conn = netmiko_connect("cisco_ios", R1)
        try:
            out = conn.send_command("show ip ssh")
            self.assertIn("Authentication timeout: 45 secs; Authentication retries: 4", out)
            running = conn.send_command("show running-config | include ip ssh")
            self.assertIn("ip ssh time-out 45", running)
            conn.send_config_set(["ip ssh time-out 90", "ip ssh authentication-retries 2"])
        finally:
            conn.disconnect()

    def test_cisco_ios_access_list_counts_the_denied_source(self):
        def denied_matches():
            conn = netmiko_connect("cisco_ios", R1)
            try:
                out = conn.send_command("show access-lists VTY-MGMT")
            finally:
                conn.disconnect()
            m = re.search(r"10 deny\s+" + re.escape(DENIED_SOURCE) + r"(?:\s+\((\d+) match(?:es)?\))?", out)
            self.assertIsNotNone(m, out)
            return int(m.group(1) or 0)
        before = denied_matches()
        for _ in range(2):
            s = tcp_connect(R1, PORT, source=DENIED_SOURCE)
            s.settimeout(5)
            try:
                self.assertEqual(s.recv(100), b"", "closed before any banner")
            except ConnectionResetError:
                pass
            s.close()
        self.assertEqual(denied_matches(), before + 2)

    def test_cisco_asa_enable_show_and_config(self):
        conn = netmiko_connect("cisco_asa", FW1)
        try:
            self.assertTrue(conn.check_enable_mode())
            self.assertEqual(conn.find_prompt(), "t-fw1#")
            out = conn.send_command("show running-config ssh")
            self.assertIn(f"ssh {ALLOWED_SOURCE} 255.255.255.255 management", out)
            self.assertIn("ssh timeout 5", out)
            conn.send_config_set(["ssh timeout 30"])
        finally:
            conn.disconnect()
        conn = netmiko_connect("cisco_asa", FW1)
        try:
            out = conn.send_command("show running-config ssh")
            self.assertIn("ssh timeout 30", out)
            self.assertNotIn("ssh timeout 5\n", out + "\n")
            conn.send_config_set(["ssh timeout 5"])
        finally:
            conn.disconnect()

    def test_through_two_jump_hosts_with_the_inventory_proxycommand(self):
        host = read_inventory(INVENTORY)["t-behind2"]
        proxy = [a for a in shlex.split(host["ansible_ssh_common_args"]) if a.startswith("ProxyCommand=")]
        self.assertEqual(len(proxy), 1)
        config = os.path.join(WORK, "paramiko_ssh_config")
        # paramiko expands %p from the config's Port (22 when absent), not from the connect call.
        write(config, f"Host {BEHIND2}\n    Port {host['ansible_port']}\n"
                      f"    ProxyCommand {proxy[0][len('ProxyCommand='):]}\n")
        conn = netmiko_connect("cisco_ios", BEHIND2, ssh_config_file=config)
        try:
            self.assertEqual(conn.find_prompt(), "t-behind2#")
            self.assertIn("SSH Enabled - version 2.0", conn.send_command("show ip ssh"))
        finally:
            conn.disconnect()


def start_agent():
    out = subprocess.run(["ssh-agent", "-s"], capture_output=True, text=True, check=True).stdout
    for key in ("SSH_AUTH_SOCK", "SSH_AGENT_PID"):
        m = re.search(key + r"=([^;]+);", out)
        AGENT_ENV[key] = m.group(1)
    key = os.path.join(STATE, "jump", "client_ed25519")
    subprocess.run(["ssh-add", "-q", key], env={**os.environ, **AGENT_ENV}, check=True, capture_output=True)


def stop_agent():
    if "SSH_AGENT_PID" in AGENT_ENV:
        subprocess.run(["ssh-agent", "-k"], env={**os.environ, **AGENT_ENV}, capture_output=True)


def main():
    global LAB, WORK, STATE, INVENTORY, SSH_CONFIG
    parser = argparse.ArgumentParser()
    parser.add_argument("--lab", required=True)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("unittest_args", nargs="*")
    args = parser.parse_args()
    LAB = os.path.abspath(args.lab)

    missing = [tool for tool in ("/usr/sbin/sshd", "/usr/bin/ssh-keygen") if not os.path.exists(tool)]
    missing += [tool for tool in ("ssh", "ssh-agent", "ssh-add") if not shutil.which(tool)]
    try:
        import netmiko  # noqa: F401
    except ImportError:
        missing.append("python3-netmiko")
    if missing:
        print("SKIP: not installed: " + ", ".join(missing))
        return SKIP

    WORK = tempfile.mkdtemp(prefix="vtyguard-real-clients-")
    STATE = os.path.join(WORK, "state")
    INVENTORY = os.path.join(WORK, "inventory", "hosts.ini")
    SSH_CONFIG = os.path.join(WORK, "inventory", "ssh_config")
    write(os.path.join(WORK, "fleet.yaml"), FLEET)
    write(os.path.join(WORK, "t-r1.cfg"), ios_config("t-r1", R1))
    write(os.path.join(WORK, "t-nokey.cfg"), ios_config("t-nokey", NOKEY, rsa_key=False))
    write(os.path.join(WORK, "t-legacy.cfg"), ios_config("t-legacy", LEGACY))
    write(os.path.join(WORK, "t-behind1.cfg"), ios_config("t-behind1", BEHIND1))
    write(os.path.join(WORK, "t-behind2.cfg"), ios_config("t-behind2", BEHIND2))
    write(os.path.join(WORK, "t-fw1.cfg"), FW_CONFIG)
    write(os.path.join(WORK, "askpass.sh"), '#!/bin/sh\nprintf "%s\\n" "$LAB_PASSWORD"\n', 0o755)
    write(mini_config(), "Host *\n    StrictHostKeyChecking no\n    UserKnownHostsFile /dev/null\n"
                         "    LogLevel ERROR\n    PubkeyAuthentication yes\n")

    started = time.monotonic()
    code, out, err = lab("up", os.path.join(WORK, "fleet.yaml"), "--inventory", INVENTORY, "--state", STATE)
    print(f"vtyguard-lab up: exit {code} in {time.monotonic() - started:.2f} s: {out.strip()} {err.strip()}")
    result = None
    try:
        if code != 0:
            print(open(os.path.join(STATE, "lab.log")).read() if os.path.exists(os.path.join(STATE, "lab.log")) else "")
            return 1
        start_agent()
        suite = unittest.TestSuite()
        loader = unittest.TestLoader()
        for case in (Cli, OpenSSH, Netmiko):
            suite.addTests(loader.loadTestsFromTestCase(case))
        if args.unittest_args:
            suite = unittest.TestSuite(t for t in suite if any(a in t.id() for a in args.unittest_args))
        result = unittest.TextTestRunner(verbosity=2).run(suite)
    finally:
        stop_agent()
        _, values = status()
        jump_pids = []
        for name in ("t-bastion1", "t-bastion2"):
            pid_file = os.path.join(STATE, "jump", name, "sshd.pid")
            if os.path.exists(pid_file):
                jump_pids.append(int(open(pid_file).read().strip() or 0))
        code, out, err = lab("down", "--state", STATE)
        print(f"vtyguard-lab down: exit {code}: {out.strip()} {err.strip()}")
    down_ok = code == 0
    # After down: nothing listens, the jump hosts are gone, status says so.
    try:
        tcp_connect(R1, PORT).close()
        print("FAIL: the lab still accepts connections after down")
        down_ok = False
    except OSError:
        pass
    for pid in jump_pids:
        if os.path.exists(f"/proc/{pid}") and "Z" not in open(f"/proc/{pid}/stat").read().split(")")[-1][:3]:
            print(f"FAIL: jump host sshd {pid} still runs after down")
            down_ok = False
    if status()[0] != 5:
        print("FAIL: status after down is not 5 (not running)")
        down_ok = False
    log = os.path.join(STATE, "lab.log")
    if result is None or not result.wasSuccessful():
        if os.path.exists(log):
            print("---- lab.log (last 60 lines) ----")
            print("".join(open(log, errors="replace").readlines()[-60:]))
    if not args.keep:
        shutil.rmtree(WORK, ignore_errors=True)
    else:
        print(f"kept {WORK}")
    return 0 if result is not None and result.wasSuccessful() and down_ok else 1


if __name__ == "__main__":
    sys.exit(main())
