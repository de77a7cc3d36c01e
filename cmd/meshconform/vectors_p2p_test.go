package main

import (
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/internal/cli"
)

// TestVectorsCheckCatchesP2PMutations changes outputs, verdicts, error classes and rules in a
// copy of p2p/records.json: the reference must then disagree with the file.
func TestVectorsCheckCatchesP2PMutations(t *testing.T) {
	const file = "p2p/records.json"
	cases := []struct{ name, from, to, test, want string }{
		{"a sealed record's tag", `"record": "10002b83b47faea7fe3ecfc2594b424ec42efb006e88a927e1f864f75e03b35bec774682f960464e009ee02228ff"`,
			`"record": "10002b83b47faea7fe3ecfc2594b424ec42efb006e88a927e1f864f75e03b35bec774682f960464e009ee02228fe"`,
			"seal-worked-example", "reference gives record 10002b"},
		{"a derived key", `"encKey": "441fc70065aeea3c8b48ce9f87b37b96"`, `"encKey": "441fc70065aeea3c8b48ce9f87b37b97"`,
			"derive-worked-example", "reference gives encKey 441fc7"},
		{"a stream's data", `"data": "6669727374207365636f6e64207468697264"`, `"data": "6669727374207365636f6e64207468697265"`,
			"stream-three-records", "test expects data 6669"},
		{"a dropped record opened at its own number", `"seq": "6"`, `"seq": "5"`,
			"open-wrong-seq", "reference accepts an invalid test"},
		{"the rule reported first", "\"P2P-ALERT-3\"\n      ],\n      \"result\": \"invalid\",\n      \"error\": \"bad-record\",\n      \"errorReq\": \"P2P-REC-6\"",
			"\"P2P-ALERT-3\"\n      ],\n      \"result\": \"invalid\",\n      \"error\": \"bad-record\",\n      \"errorReq\": \"P2P-SEQ-3\"",
			"open-seq-max-bad-tag", "reference refuses with bad-record [P2P-REC-6], test expects bad-record [P2P-SEQ-3]"},
		{"an error class", `"error": "bad-record",`, `"error": "alert",`,
			"", "test expects alert"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := mutatedCopy(t, file, tc.from, tc.to)
			code, out, _ := runCLI(t, "", "vectors", "check", "--dir", dir, "p2p")
			want := file + "#" + tc.test
			if code != cli.ExitFail || !strings.Contains(out, "FAIL  "+file) || !strings.Contains(out, want) || !strings.Contains(out, tc.want) {
				t.Errorf("code=%d, want 1, FAIL %s, %s and %q in:\n%s", code, file, want, tc.want, out)
			}
		})
	}
}

func TestVectorsCheckRunsP2PReference(t *testing.T) {
	code, out, errs := runCLI(t, "", "vectors", "check", "p2p")
	if code != cli.ExitOK || errs != "" || !strings.Contains(out, "ok    p2p/records.json") || strings.Contains(out, "schema only") {
		t.Errorf("code=%d stderr=%q\n%s", code, errs, out)
	}
}
