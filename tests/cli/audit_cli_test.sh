#!/usr/bin/env bash
# `vtyguard audit --from` and `vtyguard fix` as a user or a CI job meets them: exit codes and their
# precedence (SPEC section 12: 0 clean, 1 a finding at or above --fail-on, 2 usage or input error,
# 3 a device could not be audited; 2 before 3 before 1), every report format parseable, and the
# three fix files per device.
#   audit_cli_test.sh VTYGUARD TESTS_DIR
set -u
vg=$1
tests=$2
audit=$tests/audit
backups=$tests/backups
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

ok() { echo "ok   $1"; }
bad() {
  echo "FAIL $1"
  fail=1
}

# check NAME EXPECTED_RC EXPECTED_TEXT -- command...   (stdout and stderr together)
check() {
  local name=$1 want_rc=$2 want_text=$3
  shift 4
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [ "$rc" != "$want_rc" ] || ! grep -qF -- "$want_text" <<<"$out"; then
    bad "$name: rc=$rc (want $want_rc), output:"
    echo "$out" | head -8
  else
    ok "$name"
  fi
}

# Fleets put together from the fixtures.
fleet() {  # fleet NAME SOURCE...  -> prints the folder
  local dir=$tmp/$1
  shift
  mkdir -p "$dir"
  cp -r "$@" "$dir"/
  echo "$dir"
}
failing_high=$(fleet failing_high "$backups/oxidized-iosxe.cfg")  # high findings, no critical
only_low=$(fleet only_low "$backups/rancid-ios.cfg")         # one low finding (SSH-111)
with_nxos=$(fleet with_nxos "$audit/clean/core-r1.cfg" "$backups/nxos.cfg")
failing_and_nxos=$(fleet failing_and_nxos "$audit/fleet1/edge-r2" "$backups/nxos.cfg")
bad_meta=$(fleet bad_meta "$audit/clean/core-r1.cfg" "$audit/fleet1/edge-r2")
printf 'platform: cisco_ios\nadress: 10.20.0.2\n' >"$bad_meta/edge-r2/meta.yaml"
policy=$audit/policy.yaml

# --- exit codes
check "clean fleet" 0 "0 failing findings" -- "$vg" audit --from "$audit/clean" --policy "$policy"
check "failing fleet" 1 "SSH-007" -- "$vg" audit --from "$audit/fleet1" --policy "$policy"
check "unknown counts only when asked" 1 "UNKNOWN" -- "$vg" audit --from "$audit/clean" --policy "$policy" --fail-on-unknown
check "high findings fail by default" 1 "SSH-006" -- "$vg" audit --from "$failing_high"
check "--fail-on critical ignores high" 0 "SSH-006" -- "$vg" audit --from "$failing_high" --fail-on critical
check "low findings pass by default" 0 "SSH-111" -- "$vg" audit --from "$only_low"
check "--fail-on low catches them" 1 "SSH-111" -- "$vg" audit --from "$only_low" --fail-on low
check "a refused device" 3 "looks like Cisco NX-OS" -- "$vg" audit --from "$with_nxos" --policy "$policy"
check "3 before 1" 3 "nxos.cfg:2: not a supported platform" -- "$vg" audit --from "$failing_and_nxos" --policy "$policy"
check "bad meta.yaml names file and line" 3 "edge-r2/meta.yaml:2: unknown key 'adress'" -- \
  "$vg" audit --from "$bad_meta" --format json
check "bad policy names file and line" 2 "bad-policy.yaml:3: unknown policy key 'ssh_prot'" -- \
  "$vg" audit --from "$audit/fleet1" --policy "$audit/bad-policy.yaml"
check "2 before 3" 2 "bad-policy.yaml:3:" -- "$vg" audit --from "$with_nxos" --policy "$audit/bad-policy.yaml"
check "missing policy file" 2 "/nonexistent/policy.yaml: cannot read" -- \
  "$vg" audit --from "$audit/fleet1" --policy /nonexistent/policy.yaml
check "missing folder" 2 "/nonexistent/fleet: no such folder" -- "$vg" audit --from /nonexistent/fleet
check "a device folder as --from" 2 "is itself a device folder" -- "$vg" audit --from "$audit/fleet1/edge-r2"
check "empty folder" 2 "no device folders or configuration backups" -- "$vg" audit --from "$(mkdir -p "$tmp/empty" && echo "$tmp/empty")"
check "unknown format" 2 "--format" -- "$vg" audit --from "$audit/fleet1" --format yaml
check "unknown severity" 2 "--fail-on" -- "$vg" audit --from "$audit/fleet1" --fail-on severe
check "--from is required" 2 "--from is required" -- "$vg" audit
check "parse still works" 0 '"privilege": 15' -- \
  "$vg" parse --platform cisco_ios --command "show privilege" "$audit/fleet1/edge-r2/show_privilege.txt"

# --- report formats: non-empty and parseable
formats() {
  local fmt=$1 out="$tmp/report.$1" rc
  "$vg" audit --from "$audit/fleet1" --policy "$policy" --format "$fmt" >"$out" 2>"$tmp/stderr.$fmt"
  rc=$?
  if [ "$rc" != 1 ] || [ ! -s "$out" ]; then
    bad "--format $fmt: rc=$rc (want 1), $(wc -c <"$out") bytes"
    return
  fi
  if "$py" - "$fmt" "$out" <<'EOF'; then ok "--format $1 parses"; else bad "--format $1 does not parse"; fi
import json, sys, xml.etree.ElementTree as ET
fmt, path = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
names = ["branch-r3", "edge-r2", "fw4"]
if fmt == "json":
    d = json.loads(text)
    assert d["schema_version"] == 1, d["schema_version"]
    assert [x["device"] for x in d["devices"]] == names
    for x in d["devices"]:
        for k in ("device", "hostname", "platform", "address", "status", "probe", "likely_cause", "findings"):
            assert k in x, k
    edge = d["devices"][1]
    assert edge["likely_cause"][0] == "SSH-007", edge["likely_cause"]
    assert any(f["fix"] and f["fix"]["verified"] for f in edge["findings"])
    assert d["devices"][2]["address"] == "10.20.50.1"
elif fmt == "jsonl":
    lines = [l for l in text.splitlines() if l.strip()]
    assert [json.loads(l)["device"] for l in lines] == names
elif fmt == "junit":
    root = ET.fromstring(text.encode())
    suites = root.findall(".//testsuite")
    assert len(suites) == 3, len(suites)
    assert root.findall(".//failure"), "no failures"
elif fmt == "sarif":
    d = json.loads(text)
    assert d["version"] == "2.1.0"
    results = d["runs"][0]["results"]
    assert results, "no results"
    uris = [l["physicalLocation"]["artifactLocation"]["uri"] for r in results for l in r.get("locations", []) if "physicalLocation" in l]
    assert any(u.endswith("branch-r3.cfg") for u in uris), uris
else:
    assert "edge-r2" in text and "SSH-007" in text
EOF
}
for f in text json jsonl junit sarif; do formats "$f"; done

# --output writes the report to a file and nothing to standard output
out=$("$vg" audit --from "$audit/fleet1" --policy "$policy" --format json --output "$tmp/out.json" 2>/dev/null)
rc=$?
if [ "$rc" = 1 ] && [ -z "$out" ] && "$py" -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out.json"; then
  ok "--output FILE"
else
  bad "--output FILE: rc=$rc, stdout ${#out} bytes"
fi
check "--output into a missing folder" 2 "/nonexistent/dir/out.json: cannot write" -- \
  "$vg" audit --from "$audit/fleet1" --output /nonexistent/dir/out.json

# --no-fix: no finding carries a fix
if "$vg" audit --from "$audit/fleet1" --policy "$policy" --format json --no-fix 2>/dev/null |
  "$py" -c 'import json,sys; d=json.load(sys.stdin); assert all(f["fix"] is None for x in d["devices"] for f in x["findings"]); assert all("plan" not in x for x in d["devices"])'; then
  ok "--no-fix"
else
  bad "--no-fix"
fi

# --- fix --out: three files per device with a plan, named after the device (SPEC section 12)
check "fix writes files" 1 "edge-r2: wrote" -- "$vg" fix --from "$audit/fleet1" --policy "$policy" --out "$tmp/fixes"
for d in branch-r3 edge-r2; do
  for part in fix runbook rollback; do
    if [ -s "$tmp/fixes/$d.$part.txt" ]; then ok "fix: $d.$part.txt"; else bad "fix: $d.$part.txt missing or empty"; fi
  done
done
written=$(cd "$tmp/fixes" && find . -type f -printf '%f\n' | sort | tr '\n' ' ')
want="branch-r3.fix.txt branch-r3.rollback.txt branch-r3.runbook.txt edge-r2.fix.txt edge-r2.rollback.txt edge-r2.runbook.txt "
if [ "$written" = "$want" ]; then ok "fix: exactly six files, none for fw4"; else bad "fix: wrote $written"; fi
if grep -q "permit tcp 10.20.0.0 0.0.255.255 any eq 22" "$tmp/fixes/edge-r2.fix.txt" &&
  grep -q "edge-r2.rollback.txt" "$tmp/fixes/edge-r2.runbook.txt"; then
  ok "fix: edge-r2 plan and runbook"
else
  bad "fix: edge-r2 plan or runbook content"
fi
check "fix --out is required" 2 "--out is required" -- "$vg" fix --from "$audit/fleet1"
touch "$tmp/a-file"
check "fix --out is a file" 2 "cannot create the output folder" -- "$vg" fix --from "$audit/fleet1" --out "$tmp/a-file"
check "fix on a clean fleet" 0 "core-r1: no fix to write" -- \
  "$vg" fix --from "$audit/clean" --policy "$policy" --out "$tmp/fixes-clean"
check "fix with a refused device" 3 "nxos: not audited" -- "$vg" fix --from "$with_nxos" --policy "$policy" --out "$tmp/fixes-nx"

# How Ansible runs a binary module: the args file (with its `_ansible_*` keys) as the only argument.
# Any other JSON file given alone is a usage error, not a module run.
printf '{"from": "%s", "policy": "%s", "_ansible_check_mode": true}\n' "$audit/fleet1" "$policy" >"$tmp/args.json"
check "module: args file alone runs the module" 1 '"failed":true' -- "$vg" "$tmp/args.json"
check "module: failing findings in the msg" 1 '"msg":"' -- "$vg" "$tmp/args.json"
printf '{"schema_version": 1, "devices": []}\n' >"$tmp/report.json"
check "module: a report file alone is a usage error" 2 "A subcommand is required" -- "$vg" "$tmp/report.json"

exit $fail
