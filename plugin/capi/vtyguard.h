/* libvtyguard: the C ABI of vtyguard (SPEC section 9; issue 3 item 8).
 *
 * Contract:
 *  - Every call takes one request as a NUL-terminated UTF-8 JSON text and writes one response,
 *    also JSON, to *response. The caller frees the response with vtyguard_free() and nothing else.
 *  - The return value is VTYGUARD_OK or an error code; on error the response is
 *    {"error": {"code": N, "message": "..."}} and the message names the file, line or field.
 *  - No C++ exception crosses this boundary; nothing is printed; the library never aborts on input.
 *  - Calls are independent and thread-safe (no shared mutable state).
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
 */
#ifndef VTYGUARD_H
#define VTYGUARD_H

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

void vtyguard_free(char* response);

#ifdef __cplusplus
}
#endif

#endif /* VTYGUARD_H */
