package main

import (
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/internal/cli"
)

// TestVectorsCheckCatchesHandshakeMutations changes a verdict, an error class, a rule and
// the server's bytes in a copy of p2p/handshake.json: the reference must disagree.
func TestVectorsCheckCatchesHandshakeMutations(t *testing.T) {
	const file = "p2p/handshake.json"
	cases := []struct{ name, from, to, want string }{
		{"an error class", `"error": "signature",`, `"error": "finished",`, "want finished [P2P-HS-9]"},
		{"the rule reported", "\"P2P-HS-9\"\n      ],\n      \"result\": \"invalid\",\n      \"error\": \"signature\",\n      \"errorReq\": \"P2P-HS-9\"",
			"\"P2P-HS-11\"\n      ],\n      \"result\": \"invalid\",\n      \"error\": \"signature\",\n      \"errorReq\": \"P2P-HS-11\"", "want signature [P2P-HS-11]"},
		{"the server's bytes", `"server": "02016a0001`, `"server": "02016a0002`, "the server sent other bytes"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := mutatedCopy(t, file, tc.from, tc.to)
			code, out, _ := runCLI(t, "", "vectors", "check", "--dir", dir, "p2p")
			if code != cli.ExitFail || !strings.Contains(out, "FAIL  "+file) || !strings.Contains(out, tc.want) {
				t.Errorf("code=%d, want 1, FAIL %s and %q in:\n%s", code, file, tc.want, out)
			}
		})
	}
	code, out, _ := runCLI(t, "", "vectors", "check", "p2p")
	if code != cli.ExitOK || !strings.Contains(out, "ok    p2p/handshake.json") {
		t.Errorf("code=%d\n%s", code, out)
	}
}
