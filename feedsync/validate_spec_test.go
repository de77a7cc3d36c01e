package feedsync

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/livemesh-spec/livemesh/internal/specdoc"
)

// The worked examples of spec/feedsync.md §4.1 are checked here against the text of the
// specification: every fenced block after a "<!-- example: NAME -->" line is read, the XML
// ones are decoded and validated, and the "-report" and "-warnings" text blocks are the exact
// reports of the XML block they name.

func specExamples(t *testing.T) map[string]string {
	t.Helper()
	blocks, err := specdoc.ReadExamples("feedsync.md")
	if err != nil {
		t.Fatalf("reading the specification: %v", err)
	}
	return blocks
}

func TestSpecExamples(t *testing.T) {
	blocks := specExamples(t)
	for _, name := range []string{"atom-valid", "rss-valid", "rss-invalid", "rss-invalid-report", "rss-invalid-warnings"} {
		if _, ok := blocks[name]; !ok {
			t.Fatalf("spec/feedsync.md has no example %q", name)
		}
	}
	t.Run("[FS-HOST-1] [FS-HOST-2] [FS-SYNC-4] [FS-CONF-4] the valid Atom example", func(t *testing.T) {
		f := decodeForValidate(t, blocks["atom-valid"])
		if vs := Validate(f); len(vs) != 0 {
			t.Errorf("Validate: %v", vs)
		}
		if ws := Warnings(f); len(ws) != 0 {
			t.Errorf("Warnings: %v", ws)
		}
		if f.Format != Atom || f.Sharing == nil || len(f.Items) != 3 || f.Items[0].Sync == nil || f.Items[0].Sync.Conflicts == nil || f.Items[2].Sync != nil {
			t.Errorf("the example is not the feed the text describes: %+v", f)
		}
		if !f.Items[1].Sync.Deleted() {
			t.Error("task-2 is not a tombstone")
		}
	})
	t.Run("[FS-NS-1] [FS-NS-5] [FS-HOST-3] [FS-HOST-4] the valid RSS example", func(t *testing.T) {
		f := decodeForValidate(t, blocks["rss-valid"])
		if vs := Validate(f); len(vs) != 0 {
			t.Errorf("Validate: %v", vs)
		}
		if d := cmp.Diff([]string{"15 FS-HIST-4"}, report(Warnings(f))); d != "" {
			t.Errorf("Warnings (-want +got):\n%s", d)
		}
		if f.Format != RSS || f.Sharing == nil || len(f.Items) != 1 || f.Items[0].Sync == nil {
			t.Errorf("the example is not the feed the text describes: %+v", f)
		}
	})
	t.Run("[FS-VAL-1] [FS-VAL-5] the invalid example's report", func(t *testing.T) {
		f := decodeForValidate(t, blocks["rss-invalid"])
		want := strings.Split(strings.TrimSpace(blocks["rss-invalid-report"]), "\n")
		if d := cmp.Diff(want, report(Validate(f))); d != "" {
			t.Errorf("Validate (-spec +got):\n%s\n%s", d, numbered(blocks["rss-invalid"]))
		}
		want = strings.Split(strings.TrimSpace(blocks["rss-invalid-warnings"]), "\n")
		if d := cmp.Diff(want, report(Warnings(f))); d != "" {
			t.Errorf("Warnings (-spec +got):\n%s", d)
		}
	})
}
