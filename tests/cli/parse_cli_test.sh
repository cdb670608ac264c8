#!/usr/bin/env bash
# `vtyguard parse` as a user or a script meets it: exit codes (SPEC section 12: 2 for usage and
# input errors) and messages that name what is wrong.
set -u
vg=$1
fixtures=$2
fail=0
check() {  # check NAME EXPECTED_RC EXPECTED_TEXT -- command...
  local name=$1 want_rc=$2 want_text=$3
  shift 4
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [ "$rc" != "$want_rc" ] || ! grep -qF -- "$want_text" <<<"$out"; then
    echo "FAIL $name: rc=$rc (want $want_rc), output:"
    echo "$out" | head -5
    fail=1
  else
    echo "ok   $name"
  fi
}
priv="$fixtures/cisco_ios/show_privilege/level15.txt"
check "parses a file" 0 '"privilege": 15' -- "$vg" parse --platform cisco_ios --command "show privilege" "$priv"
check "abbreviated command" 0 '"command": "show privilege"' -- "$vg" parse --platform cisco_ios --command "sh priv" "$priv"
check "command slug" 0 '"privilege": 15' -- "$vg" parse --platform cisco_ios --command show_privilege "$priv"
check "standard input" 0 '"privilege": 1' -- bash -c "echo 'Current privilege level is 1' | '$vg' parse --platform cisco_ios --command 'show privilege' -"
check "unknown platform" 2 "unknown platform 'cisco_nxos'" -- "$vg" parse --platform cisco_nxos --command "show privilege" "$priv"
check "unknown command" 2 "no parser for 'show bgp summary' on cisco_ios" -- "$vg" parse --platform cisco_ios --command "show bgp summary" "$priv"
check "unreadable file" 2 "/nonexistent/capture.txt: cannot open" -- "$vg" parse --platform cisco_ios --command "show privilege" /nonexistent/capture.txt
check "a directory" 2 "$fixtures" -- "$vg" parse --platform cisco_ios --command "show privilege" "$fixtures"
check "missing option" 2 "--platform is required" -- "$vg" parse --command "show privilege" "$priv"
check "lists commands" 0 "show privilege" -- "$vg" commands --platform cisco_ios
exit $fail
