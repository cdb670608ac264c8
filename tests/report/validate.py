#!/usr/bin/python3
"""Validates real vtyguard reports (written by the report_samples program).

  validate.py json  --samples BIN --schema FILE --out DIR [--captures DIR...]
      report.json and every report.jsonl line against plugin/schema/report.schema.json
      (Debian's python3-jsonschema), mutated reports that the schema must reject, and the JUnit
      XML's count attributes.
  validate.py sarif --samples BIN --out DIR [--captures DIR...]
      report.sarif with `sarif-multitool validate` (npm @microsoft/sarif-multitool), and a broken
      SARIF file that the validator must reject. Exit 77 (skipped) only when node or npm is not
      installed; a missing multitool with node present is a failure (.ci/setup installs it).

Run with /usr/bin/python3: Debian's Python packages import only there.
"""
import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SKIP = 77
failures = []


def fail(msg):
    failures.append(msg)
    print(f"FAIL: {msg}")


def write_samples(args):
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    cmd = [args.samples, str(out)] + list(args.captures or [])
    r = subprocess.run(cmd, capture_output=True, text=True)
    sys.stdout.write(r.stdout)
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        sys.exit(f"report_samples failed with status {r.returncode}")
    return out


# ---- JSON -----------------------------------------------------------------------------------

def schema_errors(validator, doc):
    return sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))


def check_json(args):
    import jsonschema

    out = write_samples(args)
    schema = json.loads(Path(args.schema).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)

    raw = (out / "report.json").read_bytes()
    raw.decode("utf-8")  # raises on invalid UTF-8
    report = json.loads(raw)
    for e in schema_errors(validator, report):
        fail(f"report.json {'/'.join(map(str, e.absolute_path))}: {e.message}")

    lines = (out / "report.jsonl").read_text(encoding="utf-8").splitlines()
    if len(lines) != len(report["devices"]):
        fail(f"report.jsonl has {len(lines)} lines for {len(report['devices'])} devices")
    for n, line in enumerate(lines, 1):
        device = json.loads(line)
        if n <= len(report["devices"]) and device != report["devices"][n - 1]:
            fail(f"report.jsonl:{n}: differs from the device in report.json")
        for e in schema_errors(validator, {"schema_version": report["schema_version"], "devices": [device]}):
            fail(f"report.jsonl:{n}: {e.message}")

    # The samples must exercise what the schema constrains, or a wrong enum could pass unseen.
    findings = [f for d in report["devices"] for f in d["findings"]]
    seen = {
        "verdict": {f["verdict"] for f in findings},
        "severity": {f["severity"] for f in findings},
        "status": {d["status"] for d in report["devices"]},
    }
    want = {
        "verdict": {"pass", "fail", "unknown", "not_applicable"},
        "severity": {"info", "low", "medium", "high", "critical"},
        "status": {"audited", "error"},
    }
    for k in want:
        if not want[k] <= seen[k]:
            fail(f"the samples never produce {k} {sorted(want[k] - seen[k])}")
    if not any(f.get("acl") for f in findings) or not any(f["fix"] for f in findings):
        fail("the samples carry no ACL details or no fix")

    # Mutations the schema must reject: a schema that accepts anything would pass the check above.
    dev = next(i for i, d in enumerate(report["devices"]) if d["findings"] and d["status"] == "audited")
    fi = next(i for i, f in enumerate(report["devices"][dev]["findings"]) if f["fix"])

    def at(doc):
        return doc["devices"][dev]

    def fnd(doc):
        return at(doc)["findings"][fi]

    mutations = {
        "unknown top-level key": lambda d: d.update(summary={}),
        "schema_version as a string": lambda d: d.update(schema_version="1"),
        "unknown device key": lambda d: at(d).update(color="red"),
        "device without findings": lambda d: at(d).pop("findings"),
        "status `ok`": lambda d: at(d).update(status="ok"),
        "audited device with an error": lambda d: at(d).update(error="x"),
        "error device without error": lambda d: next(x for x in d["devices"] if x["status"] == "error").pop("error"),
        "platform `cisco_nxos` on an audited device": lambda d: at(d).update(platform="cisco_nxos"),
        "verdict `passed`": lambda d: fnd(d).update(verdict="passed"),
        "severity `severe`": lambda d: fnd(d).update(severity="severe"),
        "finding without evidence": lambda d: fnd(d).pop("evidence"),
        "finding without fix": lambda d: fnd(d).pop("fix"),
        "unknown finding key": lambda d: fnd(d).update(title="x"),
        "check id `ssh7`": lambda d: fnd(d).update(check="ssh7"),
        "fix without would_lock_out": lambda d: fnd(d)["fix"].pop("would_lock_out"),
        "fix verified as a string": lambda d: fnd(d)["fix"].update(verified="yes"),
        "evidence without file": lambda d: fnd(d)["evidence"][0].pop("file"),
        "evidence line -1": lambda d: fnd(d)["evidence"][0].update(line=-1),
        "probe result `closed`": lambda d: at(d).update(probe={"result": "closed"}),
    }
    for name, mutate in mutations.items():
        doc = copy.deepcopy(report)
        mutate(doc)
        if validator.is_valid(doc):
            fail(f"the schema accepts a report with {name}")

    check_junit(out / "report.xml", report)
    return finish("json")


def check_junit(path, report):
    root = ET.parse(path).getroot()
    if root.tag != "testsuites":
        return fail(f"{path}: root is <{root.tag}>")
    suites = root.findall("testsuite")
    if len(suites) != len(report["devices"]):
        fail(f"{path}: {len(suites)} testsuites for {len(report['devices'])} devices")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for s in suites:
        cases = s.findall("testcase")
        got = {
            "tests": len(cases),
            "failures": sum(1 for c in cases if c.find("failure") is not None),
            "errors": sum(1 for c in cases if c.find("error") is not None),
            "skipped": sum(1 for c in cases if c.find("skipped") is not None),
        }
        for k, v in got.items():
            totals[k] += v
            if int(s.get(k, -1)) != v:
                fail(f"{path}: testsuite {s.get('name')}: {k}={s.get(k)}, counted {v}")
        for c in cases:
            if c.get("classname") != s.get("name"):
                fail(f"{path}: testcase {c.get('name')} classname {c.get('classname')} in suite {s.get('name')}")
    for k, v in totals.items():
        if int(root.get(k, -1)) != v:
            fail(f"{path}: testsuites {k}={root.get(k)}, counted {v}")


# ---- SARIF ----------------------------------------------------------------------------------

def multitool():
    env = os.environ.get("SARIF_MULTITOOL")
    if env:
        return [env]
    local = REPO / ".cache" / "sarif-multitool" / "node_modules" / ".bin" / "sarif-multitool"
    if local.exists():
        return [str(local)]
    on_path = shutil.which("sarif-multitool")
    return [on_path] if on_path else None


def validate_sarif(tool, path, log):
    """Runs `validate`; returns the validator's results as (level, rule, text). The multitool exits
    0 even when it reports errors, so the verdict is read from its own SARIF log."""
    if log.exists():
        log.unlink()
    r = subprocess.run(tool + ["validate", "--quiet", "true", "-o", str(log), str(path)], capture_output=True,
                       text=True)
    if r.returncode != 0 or not log.exists():
        sys.stdout.write(r.stdout + r.stderr)
        sys.exit(f"sarif-multitool validate {path} failed to run (status {r.returncode})")
    out = []
    for run in json.loads(log.read_text(encoding="utf-8-sig"))["runs"]:
        for res in run.get("results", []):
            msg = res.get("message", {})
            text = msg.get("text") or " ".join(map(str, msg.get("arguments", [])))
            out.append((res.get("level", "warning"), res.get("ruleId", "?"), text))
        for inv in run.get("invocations", []):
            for n in inv.get("toolExecutionNotifications", []) + inv.get("toolConfigurationNotifications", []):
                if n.get("level", "warning") == "error":
                    out.append(("error", "tool", n.get("message", {}).get("text", "")))
    return out


# Authoring-guidance warnings of the multitool that the report format accepts on purpose. Any other
# warning, and every error, fails the test.
ACCEPTED_WARNINGS = {
    "SARIF2005": "no tool.driver.informationUri: the project has no public home page to point at",
    "SARIF2017": "no region when the evidence is a whole output (line 0, e.g. a missing `login block-for`)",
}


def check_sarif(args):
    missing = [t for t in ("node", "npm") if shutil.which(t) is None]
    if missing:
        print(f"SKIP: {' and '.join(missing)} not installed, so @microsoft/sarif-multitool cannot run "
              "(.ci/setup installs them)")
        return SKIP
    tool = multitool()
    if tool is None:
        print("FAIL: node and npm are installed but sarif-multitool is not: run `bash .ci/setup` "
              f"(it installs @microsoft/sarif-multitool into {REPO / '.cache' / 'sarif-multitool'})")
        return 1

    out = write_samples(args)
    sarif = out / "report.sarif"
    doc = json.loads(sarif.read_text(encoding="utf-8"))
    results = doc["runs"][0]["results"]
    if not results or not any("region" in loc.get("physicalLocation", {})
                              for r in results for loc in r["locations"]):
        fail("the samples give no SARIF result with a region: nothing real was validated")

    found = validate_sarif(tool, sarif, out / "report.validation.sarif")
    allowed = {}
    for level, rule, text in found:
        if level == "warning" and rule in ACCEPTED_WARNINGS:
            allowed[rule] = allowed.get(rule, 0) + 1
        elif level in ("error", "warning"):
            fail(f"report.sarif: {level} {rule}: {text}")
    for rule, n in allowed.items():
        print(f"accepted {n} x {rule}: {ACCEPTED_WARNINGS[rule]}")

    # The validator must be able to fail: a broken log (no driver, an invalid level, a region
    # starting at line 0) has to give errors.
    broken = copy.deepcopy(doc)
    del broken["runs"][0]["tool"]["driver"]
    broken["runs"][0]["results"][0]["level"] = "severe"
    broken_path = out / "broken.sarif"
    broken_path.write_text(json.dumps(broken, indent=2), encoding="utf-8")
    errors = [f for f in validate_sarif(tool, broken_path, out / "broken.validation.sarif") if f[0] == "error"]
    if not errors:
        fail("sarif-multitool accepts a SARIF log without tool.driver and with level `severe`")
    else:
        print(f"negative check: the validator rejects broken.sarif with {len(errors)} errors")
    return finish("sarif")


def finish(what):
    if failures:
        print(f"{what}: {len(failures)} problems")
        return 1
    print(f"{what}: ok")
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", choices=["json", "sarif"])
    p.add_argument("--samples", required=True, help="the report_samples program")
    p.add_argument("--schema", default=str(REPO / "plugin" / "schema" / "report.schema.json"))
    p.add_argument("--out", required=True, help="a scratch folder (replaced)")
    p.add_argument("--captures", nargs="*", help="folders of device captures to audit into the reports")
    args = p.parse_args()
    return check_json(args) if args.what == "json" else check_sarif(args)


if __name__ == "__main__":
    sys.exit(main())
