package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/internal/testenv"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// Generation fails whenever the reference disagrees with a declared intent: every document
// case passes checkFsDocCase, and each mutation of its intent is rejected.
func TestFeedsyncIntentIsChecked(t *testing.T) {
	if err := loadFsExamples(); err != nil {
		t.Fatal(err)
	}
	cases := fsDocCases()
	if len(cases) < 40 {
		t.Fatalf("%d document cases", len(cases))
	}
	for _, c := range cases {
		if _, err := checkFsDocCase(c); err != nil {
			t.Errorf("%s: %v", c.id, err)
			continue
		}
		var mutants []fsDocCase
		switch c.kind {
		case "":
			m := c
			m.kind, m.errReq, m.violations, m.syncIDs, m.canonical = fsViolation, "FS-SYNC-3", []string{"FS-SYNC-3"}, nil, nil
			mutants = append(mutants, m)
			m = c
			m.syncIDs = append(append([]string{}, c.syncIDs...), "no-such-item")
			mutants = append(mutants, m)
			m = c
			m.warnings = append(append([]string{}, c.warnings...), "FS-CONF-7")
			mutants = append(mutants, m)
			for k, s := range c.canonical {
				m = c
				m.canonical = map[int]string{k: strings.Replace(s, `updates="`, `updates="9`, 1)}
				mutants = append(mutants, m)
			}
		case fsViolation:
			m := c
			m.kind, m.errReq, m.violations = "", "", nil
			m.syncIDs = []string{}
			mutants = append(mutants, m)
			m = c
			m.violations = append(append([]string{}, c.violations...), "FS-SYNC-8")
			mutants = append(mutants, m)
			if len(c.violations) > 1 {
				m = c
				m.violations = c.violations[:len(c.violations)-1]
				if m.errReq == c.violations[len(c.violations)-1] {
					m.errReq = c.violations[0]
				}
				mutants = append(mutants, m)
			}
			m = c
			m.kind = fsSyntax
			m.violations, m.warnings = nil, nil
			mutants = append(mutants, m)
		default:
			m := c
			m.errReq = "FS-DEC-8" // never the requirement of a refusal
			mutants = append(mutants, m)
			m = c
			if c.kind == fsSyntax {
				m.kind = fsLimit
			} else {
				m.kind = fsSyntax
			}
			mutants = append(mutants, m)
			m = c
			m.kind, m.errReq, m.syncIDs = "", "", []string{}
			m.req = []string{"FS-DEC-2"}
			mutants = append(mutants, m)
		}
		for i, m := range mutants {
			if _, err := checkFsDocCase(m); err == nil {
				t.Errorf("%s: mutant %d of the intent (kind %q, errReq %q, violations %v, sync ids %q) is accepted",
					c.id, i, m.kind, m.errReq, m.violations, m.syncIDs)
			}
		}
	}
}

// Every requirement named by the primary rules, and both formats, are covered in both
// directions: valid and invalid documents of each format.
func TestFeedsyncDocumentsShape(t *testing.T) {
	f, err := vectors.Load[fsDocTest]("feedsync/documents.json")
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, tc := range f.Tests {
		count[tc.Format+" "+string(tc.Result)]++
		if tc.Result == vectors.Invalid && tc.Error == fsViolation && len(tc.Violations) == 0 {
			t.Errorf("%s: no violations", tc.ID)
		}
		for _, id := range tc.Violations {
			if !strings.Contains(strings.Join(tc.Req, " "), id) {
				t.Errorf("%s: violation %s not in req", tc.ID, id)
			}
		}
	}
	for _, k := range []string{"atom valid", "atom invalid", "rss valid", "rss invalid"} {
		if count[k] < 10 {
			t.Errorf("%s: %d tests", k, count[k])
		}
	}
}

// The valid Atom documents of feedsync/documents.json are valid under the RELAX NG schema of
// RFC 4287 (the invalid ones are invalid on purpose and exempt).
func TestFeedsyncAtomDocumentsRelaxNG(t *testing.T) {
	xmllint := testenv.Tool(t, "xmllint", "libxml2-utils")
	rng := testenv.SharedFile(t, "schemas/atom.rng")
	f, err := vectors.Load[fsDocTest]("feedsync/documents.json")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	n := 0
	for _, tc := range f.Tests {
		if tc.Format != "atom" || tc.Result != vectors.Valid {
			continue
		}
		if tc.Document == nil {
			t.Errorf("%s: a valid document without document text", tc.ID)
			continue
		}
		n++
		p := filepath.Join(dir, tc.ID+".xml")
		if err := os.WriteFile(p, []byte(*tc.Document), 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(xmllint, "--noout", "--relaxng", rng, p).CombinedOutput()
		if err != nil {
			t.Errorf("%s: not valid under RFC 4287's RELAX NG schema: %v\n%s", tc.ID, err, out)
		}
	}
	if n < 10 {
		t.Errorf("only %d valid Atom documents", n)
	}
}

// The expected members of valid tests are JSON objects with items, even when empty.
func TestFeedsyncExpectedItems(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(committed, "feedsync", "documents.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Tests []map[string]json.RawMessage `json:"tests"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	for _, tc := range f.Tests {
		if string(tc["result"]) == `"valid"` && !strings.HasPrefix(string(tc["expected"]), `{"items":[`) &&
			!strings.Contains(string(tc["expected"]), `"items"`) {
			t.Errorf("%s: expected %s", tc["id"], tc["expected"])
		}
	}
}
