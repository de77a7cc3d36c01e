package main

import (
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/internal/cli"
)

// TestVectorsCheckCatchesTicketsMutations changes an expected error class, a requirement, a
// claim, a result and a policy input in a copy of tickets/verify.json: the reference must
// then disagree with the file, and vectors check must exit 1 naming the test.
func TestVectorsCheckCatchesTicketsMutations(t *testing.T) {
	const file = "tickets/verify.json"
	cases := []struct{ name, from, to, test, want string }{
		{"an error class", `"error": "signature",` + "\n" + `      "errorReq": "TKT-SIG-5",`,
			`"error": "malformed",` + "\n" + `      "errorReq": "TKT-SIG-5",`,
			"reference-other-element", "reference refuses with signature [TKT-SIG-5], test expects malformed [TKT-SIG-5]"},
		{"a requirement", "\"TKT-VER-3\"\n      ],\n      \"result\": \"invalid\",\n      \"error\": \"issuer\",\n      \"errorReq\": \"TKT-VER-3\",",
			"\"TKT-VER-4\"\n      ],\n      \"result\": \"invalid\",\n      \"error\": \"issuer\",\n      \"errorReq\": \"TKT-VER-4\",",
			"wrong-issuer", "reference refuses with issuer [TKT-VER-3], test expects issuer [TKT-VER-4]"},
		{"a claim", `"user": "alice@example.com"`, `"user": "mallory@example.com"`,
			"auth-token", "reference gives"},
		{"a result", "\"result\": \"invalid\",\n      \"error\": \"replay\",", "\"result\": \"valid\",\n      \"error\": \"replay\",",
			"replay", ""},
		{"the policy's clock", `"now": "2026-03-04T06:09:06Z"`, `"now": "2026-03-04T06:09:07Z"`,
			"user-ticket-last-second", "reference refuses a valid ticket"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := mutatedCopy(t, file, tc.from, tc.to)
			code, out, _ := runCLI(t, "", "vectors", "check", "--dir", dir, "tickets")
			if code != cli.ExitFail || !strings.Contains(out, "FAIL  "+file) {
				t.Fatalf("code=%d, want 1 and FAIL %s in:\n%s", code, file, out)
			}
			if tc.want != "" && (!strings.Contains(out, file+"#"+tc.test) || !strings.Contains(out, tc.want)) {
				t.Errorf("want %s#%s and %q in:\n%s", file, tc.test, tc.want, out)
			}
		})
	}
}

func TestVectorsCheckRunsTicketsReference(t *testing.T) {
	code, out, errs := runCLI(t, "", "vectors", "check", "tickets")
	if code != cli.ExitOK || errs != "" || !strings.Contains(out, "ok    tickets/verify.json") || strings.Contains(out, "schema only") {
		t.Errorf("code=%d stderr=%q\n%s", code, errs, out)
	}
}
