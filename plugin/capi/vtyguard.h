/* libvtyguard: the C ABI of vtyguard (SPEC section 9; issue 3 item 8).
 *
 * Contract:
 *  - Every call takes one request as a NUL-terminated UTF-8 JSON text and writes one response,
 *    also JSON, to *response. The caller frees the response with vtyguard_free() and nothing else.
 *  - The return value is VTYGUARD_OK or an error code; on error the response is
 *    {"error": {"code": N, "message": "..."}} and the message names the file, line or field.
 *  - No C++ exception crosses this boundary; nothing is printed; the library never aborts on input.
 *  - Calls are independent and thread-safe (no shared mutable state but a cancel token the caller
 *    shares on purpose).
 *  - The ABI is versioned: VTYGUARD_ABI_VERSION changes when a signature or a request/response
 *    shape changes incompatibly; vtyguard_abi_version() reports the library's.
 *
 * Requests:
 *  vtyguard_parse:         {"platform", "command", "text"}          -> the `vtyguard parse` JSON
 *  vtyguard_audit_device:  {"device", "platform", "address"?, "captures": {COMMAND: TEXT, ...},
 *                           "policy"?: {policy keys}, "fixes"?: true}  -> one device object of the report
 *  vtyguard_audit_folder:  {"dir", "policy"?: {...} | "policy_file"?: PATH, "fixes"?: true}
 *                                                                     -> {schema_version, devices, exit_code}
 *  vtyguard_render_fixes:  the vtyguard_audit_device request       -> {device, fix, runbook, rollback,
 *                                                                      verified, withheld, secrets}
 *  vtyguard_audit_hosts:   a live audit of an inventory's hosts (`vtyguard audit -i`), below.
 *
 * Added within ABI 1 (new functions only, the calls above unchanged, so VTYGUARD_ABI_VERSION stays
 * 1): vtyguard_audit_hosts and the vtyguard_cancel token. A host that needs them looks them up
 * (dlsym) rather than trusting the version number.
 *
 * vtyguard_audit_hosts(request, on_line, user, cancel, response)
 *  request: {"inventory": PATH,                      vtyguard YAML, Ansible INI/YAML, Nornir, host list,
 *                                                    ssh_config; credentials come from its references
 *                                                    (environment, files, keys, agent), never the request
 *            "inventory_format"?: "auto" | ...,      as `--inventory-format`
 *            "shard"?: "K/N", "hosts"?: [NAME, ...], only these devices (every name in the inventory)
 *            "policy"?: {policy keys} | "policy_file"?: PATH,
 *            "workers"?: N (0: min(32, hosts)),
 *            "timeouts"?: {"connect"?, "command"?, "device"?: seconds},
 *            "known_hosts"?: PATH, "accept_new"?: bool, "fixes"?: bool (default true),
 *            "save_captures"?: DIR, "fail_on"?: "info".."critical" (default "high"),
 *            "fail_on_unknown"?: bool}
 *           A field not listed here is an error (a misspelt "hosts" must not audit the whole fleet).
 *  on_line: may be NULL. Called with one device's JSON line (the `vtyguard audit --format jsonl` line,
 *           without the newline; `line` is NUL-terminated and valid only during the call) as each
 *           device finishes, from the library's worker threads, one call at a time (workers
 *           wait while it runs: keep it short). Return non-zero to cancel the run, as
 *           vtyguard_cancel_request would.
 *  cancel:  may be NULL. Once requested (from any thread, or a signal handler), no further device
 *           starts; a device in flight stops before its next login or command (at most one
 *           command's time, within its command timeout) with status `cancelled`, its line still
 *           arrives, and the call returns. A token stays requested: use a new one for each run.
 *  response: {"schema_version", "devices": [every finished device, in inventory order],
 *             "hosts": devices selected, "audited", "errors": devices not audited,
 *             "cancelled": cancellation left devices unstarted, "warnings": [...],
 *             "exit_code": SPEC section 12 (0 clean, 1 a finding at or above fail_on, 3 a device not
 *             audited or left unstarted)}. A bad request or inventory is an error response (exit
 *             code 2 on the command line): its message names the field, or the file and line.
 *  No password or other secret is ever in a line or the response.
 */
#ifndef VTYGUARD_H
#define VTYGUARD_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VTYGUARD_ABI_VERSION 1

enum vtyguard_status {
    VTYGUARD_OK = 0,
    VTYGUARD_ERR_REQUEST = 1,  /* the request is not JSON or lacks a field */
    VTYGUARD_ERR_INPUT = 2,    /* unknown platform or command, unreadable folder, bad policy */
    VTYGUARD_ERR_INTERNAL = 3  /* a bug: reported, never thrown */
};

int vtyguard_abi_version(void);
const char* vtyguard_version(void); /* static string; do not free */

int vtyguard_parse(const char* request, char** response);
int vtyguard_audit_device(const char* request, char** response);
int vtyguard_audit_folder(const char* request, char** response);
int vtyguard_render_fixes(const char* request, char** response);

typedef int (*vtyguard_line_fn)(const char* line, size_t length, void* user);
typedef struct vtyguard_cancel vtyguard_cancel;

vtyguard_cancel* vtyguard_cancel_new(void);           /* NULL when out of memory */
void vtyguard_cancel_request(vtyguard_cancel* cancel); /* thread- and async-signal-safe; NULL is ignored */
int vtyguard_cancel_requested(const vtyguard_cancel* cancel); /* 1 once requested, else 0 */
void vtyguard_cancel_free(vtyguard_cancel* cancel);    /* after the runs using it have returned */

int vtyguard_audit_hosts(const char* request, vtyguard_line_fn on_line, void* user, vtyguard_cancel* cancel,
                         char** response);

void vtyguard_free(char* response);

#ifdef __cplusplus
}
#endif

#endif /* VTYGUARD_H */
