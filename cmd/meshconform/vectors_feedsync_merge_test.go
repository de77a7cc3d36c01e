package main

import (
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/internal/cli"
)

// TestVectorsCheckCatchesFeedsyncMergeMutations changes expected canonical bytes, outcomes,
// merged documents, refusal rules and results in a copy of feedsync/merge.json: the reference
// must then disagree with the file, and vectors check must exit 1 naming the test.
func TestVectorsCheckCatchesFeedsyncMergeMutations(t *testing.T) {
	const file = "feedsync/merge.json"
	cases := []struct{ name, from, to, test, want string }{
		{"canonical bytes of a created item",
			`<id>urn:uuid:1c3f4e2a-7d15-4b8e-9a0e-5f4c2d1b3a01</id><title>Buy milk</title>`,
			`<id>urn:uuid:1c3f4e2a-7d15-4b8e-9a0e-5f4c2d1b3a01</id><title>Buy mlik</title>`,
			"create-worked-example", "canonical bytes differ"},
		{"canonical bytes of a merged item", `sequence=\"2\" when=\"2008-04-23T10:05:00Z\"/><sx:history by=\"laptop.ana\" sequence=\"1\" when=\"2008-04-23T10:00:00Z\"/><sx:conflicts>`,
			`sequence=\"2\" when=\"2008-04-23T10:05:00Z\"/><sx:conflicts>`,
			"merge-feed-worked-example-laptop", "canonical bytes differ"},
		{"an outcome", `"outcome": "conflict",`, `"outcome": "updated",`,
			"merge-feed-worked-example-laptop", `reference outcome "conflict", test expects "updated"`},
		{"the merged document", `"document": "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed`,
			`"document": "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\n<feed`,
			"merge-feed-worked-example-laptop", "merged document differs"},
		{"the rule of a refusal", "\"req\": [\n        \"FS-UPDATE-1\"\n      ],\n      \"result\": \"invalid\",\n      \"error\": \"invalid-input\",\n      \"errorReq\": \"FS-UPDATE-1\",",
			"\"req\": [\n        \"FS-UPDATE-3\"\n      ],\n      \"result\": \"invalid\",\n      \"error\": \"invalid-input\",\n      \"errorReq\": \"FS-UPDATE-3\",",
			"update-updates-overflow", "reference refuses under FS-UPDATE-1, test expects invalid-input [FS-UPDATE-3]"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := mutatedCopy(t, file, tc.from, tc.to)
			code, out, _ := runCLI(t, "", "vectors", "check", "--dir", dir, "feedsync/merge")
			want := file + "#" + tc.test
			if code != cli.ExitFail || !strings.Contains(out, "FAIL  "+file) || !strings.Contains(out, want) || !strings.Contains(out, tc.want) {
				t.Errorf("code=%d, want 1, FAIL %s, %s and %q in:\n%s", code, file, want, tc.want, out)
			}
		})
	}
}

func TestVectorsCheckRunsFeedsyncMergeReference(t *testing.T) {
	code, out, errs := runCLI(t, "", "vectors", "check", "feedsync/merge")
	if code != cli.ExitOK || errs != "" || !strings.Contains(out, "ok    feedsync/merge.json") || strings.Contains(out, "schema only") {
		t.Errorf("code=%d stderr=%q\n%s", code, errs, out)
	}
}
