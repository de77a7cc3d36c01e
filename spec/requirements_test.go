package spec

import (
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/internal/speccheck"
)

// TestLookupAgreesWithSpeccheck keeps the package's small parser (which non-test code uses to
// show requirement texts) in step with internal/speccheck, the parser of the coverage check:
// the same IDs, each with the same level, document and text.
func TestLookupAgreesWithSpeccheck(t *testing.T) {
	want, _, err := speccheck.ParseSpec(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("speccheck finds no requirements")
	}
	first := map[string]speccheck.Requirement{}
	for _, w := range want {
		if _, dup := first[w.ID]; !dup {
			first[w.ID] = w
		}
	}
	got := Requirements()
	if len(got) != len(first) {
		t.Errorf("Requirements() has %d IDs, speccheck %d", len(got), len(first))
	}
	for _, g := range got {
		if _, ok := first[g.ID]; !ok {
			t.Errorf("[%s] (%s) is not a requirement to speccheck", g.ID, g.Doc)
		}
	}
	for id, w := range first {
		g, ok := Lookup(id)
		if !ok {
			t.Errorf("Lookup(%q): not found (speccheck: %s:%d)", id, w.File, w.Line)
			continue
		}
		wantLevel := ""
		if w.Level != speccheck.LevelNone {
			wantLevel = w.Level.String()
		}
		if g.ID != id || g.Level != wantLevel || g.Doc != w.File {
			t.Errorf("Lookup(%q) = ID %q, level %q, doc %q; speccheck: level %q, %s:%d", id, g.ID, g.Level, g.Doc, wantLevel, w.File, w.Line)
		}
		if g.Text != w.Text {
			t.Errorf("[%s] text differs from speccheck's:\n got %q\nwant %q", id, g.Text, w.Text)
		}
		if strings.HasPrefix(g.Text, "[") || strings.Contains(g.Text, "\n") {
			t.Errorf("[%s] text %q keeps its ID or a line break", id, g.Text)
		}
		if g.Section == "" {
			t.Errorf("[%s] has no section", id)
		}
	}
}

func TestLookup(t *testing.T) {
	r, ok := Lookup("CONF-REP-1")
	if !ok {
		t.Fatal("CONF-REP-1 not found")
	}
	if r.Level != "MUST" || r.Doc != "conformance.md" || !strings.HasPrefix(r.Section, "7.") ||
		!strings.HasPrefix(r.Text, "The JSON report MUST be one JSON object") || !strings.Contains(r.Text, "`livemesh-conformance-report.v1`") {
		t.Errorf("Lookup(CONF-REP-1) = %+v", r)
	}
	if r, ok := Lookup("VEC-FILE-1"); !ok || r.Doc != "vectors/README.md" || r.Level != "MUST" {
		t.Errorf("Lookup(VEC-FILE-1) = %+v, %v; want the requirement of vectors/README.md", r, ok)
	}
	for _, id := range []string{"", "CONF-REP-0", "NOPE-NOPE-1", "[CONF-REP-1]"} {
		if r, ok := Lookup(id); ok {
			t.Errorf("Lookup(%q) = %+v, want not found", id, r)
		}
	}
	// The example in README.md §2 sits in a code fence: it defines nothing.
	if r, ok := Lookup("IDENT-DEV-4"); ok && r.Doc == "README.md" {
		t.Errorf("the fenced example defines [IDENT-DEV-4]: %+v", r)
	}
}
