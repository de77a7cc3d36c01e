package main

import (
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/internal/cli"
)

// TestVectorsCheckCatchesFeedsyncMutations changes canonical bytes, violation IDs, error
// classes and results in a copy of feedsync/documents.json: the reference must then disagree
// with the file, and vectors check must exit 1 naming the test and the difference.
func TestVectorsCheckCatchesFeedsyncMutations(t *testing.T) {
	const file = "feedsync/documents.json"
	cases := []struct{ name, from, to, test, want string }{
		{"canonical bytes of an item",
			`"canonical": "<item xmlns:sx=\"http://feedsync.org/2007/feedsync\"><title>Task 1</title>`,
			`"canonical": "<item xmlns:sx=\"http://feedsync.org/2007/feedsync\"><title>Task 2</title>`,
			"rss-minimal", "canonical bytes differ"},
		{"sync id of an item", `"syncId": "task-2"`, `"syncId": "task-3"`,
			"atom-worked-example", `reference reads sx:sync id "task-2", test expects "task-3"`},
		{"a violation ID", "\"violations\": [\n        \"FS-SHARE-3\",\n        \"FS-REL-2\",",
			"\"violations\": [\n        \"FS-SHARE-3\",\n        \"FS-SYNC-7\",",
			"rss-worked-example-invalid", "reference does not report FS-SYNC-7"},
		{"the primary violation", "\"errorReq\": \"FS-SHARE-3\",", "\"errorReq\": \"FS-REL-2\",",
			"rss-worked-example-invalid", "reference reports FS-SHARE-3 first (line 6), test expects FS-REL-2"},
		{"a decode error class", "\"error\": \"dtd\",", "\"error\": \"syntax\",",
			"rss-091-doctype", "reference refuses with dtd [FS-DEC-3], test expects syntax [FS-DEC-3]"},
		{"a refused document marked valid", "\"result\": \"invalid\",\n      \"error\": \"dtd\",\n      \"errorReq\": \"FS-DEC-3\",",
			"\"result\": \"valid\",\n      \"expected\": {\"items\": []},",
			"rss-091-doctype", "reference refuses a valid document"},
		{"a warning", "\"warnings\": [\n        \"FS-SHARE-5\"", "\"warnings\": [\n        \"FS-CONF-7\"",
			"", "reference does not warn FS-CONF-7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := mutatedCopy(t, file, tc.from, tc.to)
			code, out, _ := runCLI(t, "", "vectors", "check", "--dir", dir, "feedsync")
			want := file + "#" + tc.test
			if code != cli.ExitFail || !strings.Contains(out, "FAIL  "+file) || !strings.Contains(out, want) || !strings.Contains(out, tc.want) {
				t.Errorf("code=%d, want 1, FAIL %s, %s and %q in:\n%s", code, file, want, tc.want, out)
			}
		})
	}
}

func TestVectorsCheckRunsFeedsyncReference(t *testing.T) {
	code, out, errs := runCLI(t, "", "vectors", "check", "feedsync")
	if code != cli.ExitOK || errs != "" || !strings.Contains(out, "ok    feedsync/documents.json") || strings.Contains(out, "schema only") {
		t.Errorf("code=%d stderr=%q\n%s", code, errs, out)
	}
}
