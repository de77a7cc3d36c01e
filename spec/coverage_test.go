package spec_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/conformance"
	"github.com/livemesh-spec/livemesh/internal/speccheck"
)

var update = flag.Bool("update", false, "rewrite ids.lock with the IDs the spec defines now")

// refsInRepo gathers every machine-readable reference to a requirement ID in the repository:
// string literals in Go tests, the req fields of the vectors and the requirement IDs that the
// conformance cases declare (spec/README.md §3).
func refsInRepo(t *testing.T) []speccheck.Ref {
	t.Helper()
	goRefs, err := speccheck.ScanGoTests("..")
	if err != nil {
		t.Fatal(err)
	}
	vecRefs, err := speccheck.ScanVectors("..", "vectors")
	if err != nil {
		t.Fatal(err)
	}
	return append(append(goRefs, vecRefs...), conformanceRefs(t)...)
}

// conformanceRefs lists one reference per requirement ID a conformance case declares; the
// reference's file is "conformance:" and the case ID.
func conformanceRefs(t *testing.T) []speccheck.Ref {
	t.Helper()
	cases, err := conformance.Cases()
	if err != nil {
		t.Fatal(err)
	}
	var refs []speccheck.Ref
	for _, c := range cases {
		for _, id := range c.Req {
			refs = append(refs, speccheck.Ref{ID: id, File: "conformance:" + c.ID, Kind: "conformance"})
		}
	}
	return refs
}

// TestConformanceCasesAreCounted shows that the coverage check sees the cases' requirement IDs.
func TestConformanceCasesAreCounted(t *testing.T) {
	refs := conformanceRefs(t)
	if len(refs) == 0 {
		t.Fatal("no conformance case declares a requirement ID")
	}
	for _, r := range refs {
		if r.Kind != "conformance" || !(strings.HasPrefix(r.File, "conformance:vectors/") || strings.HasPrefix(r.File, "conformance:codec/")) || !speccheck.ValidID(r.ID) {
			t.Errorf("ref %+v", r)
		}
	}
}

// TestSpecCoverage fails when a MUST of spec/*.md is named by no test, vector or conformance
// case, when a test names an ID the spec does not define, or when the spec text has defects.
// Run with -v to see the coverage table.
func TestSpecCoverage(t *testing.T) {
	reqs, probs, err := speccheck.ParseSpec(".")
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) == 0 {
		t.Fatal("no requirement IDs found in spec/*.md")
	}
	rep := speccheck.Check(reqs, probs, refsInRepo(t))
	var b strings.Builder
	rep.WriteTable(&b)
	t.Log("\n" + b.String())
	if !rep.OK() {
		t.Errorf("spec coverage check failed: %d MUSTs unnamed, %d unknown references, %d spec defects (table above)",
			len(rep.Uncovered), len(rep.Unknown), len(rep.Problems))
	}
}

// TestCoverageCheckFailsOnNewUntestedMust shows the check biting on the real spec: the spec
// files plus one new MUST that no test names must fail, naming that requirement.
func TestCoverageCheckFailsOnNewUntestedMust(t *testing.T) {
	dir := t.TempDir()
	mds, err := filepath.Glob("*.md")
	if err != nil || len(mds) == 0 {
		t.Fatalf("no spec files: %v", err)
	}
	for _, md := range mds {
		data, err := os.ReadFile(md)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, md), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Built by concatenation so that this file does not itself name the new ID.
	id := "ZZTEST-NEW-1"
	added := "\n- [" + id + "] An implementation MUST do a thing no test checks.\n"
	if err := os.WriteFile(filepath.Join(dir, "zz-added.md"), []byte(added), 0o644); err != nil {
		t.Fatal(err)
	}
	reqs, probs, err := speccheck.ParseSpec(dir)
	if err != nil {
		t.Fatal(err)
	}
	rep := speccheck.Check(reqs, probs, refsInRepo(t))
	if rep.OK() {
		t.Fatal("coverage check passed with an untested MUST added")
	}
	found := false
	for _, r := range rep.Uncovered {
		found = found || r.ID == id
	}
	if !found {
		t.Fatalf("the added MUST %s is not among the uncovered: %+v", id, rep.Uncovered)
	}
}

// TestIDsLock keeps ids.lock in step with the spec so that IDs are never reused or
// renumbered. With -update it records new IDs and level changes (never a removal).
func TestIDsLock(t *testing.T) {
	reqs, _, err := speccheck.ParseSpec(".")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("ids.lock")
	if err != nil && !(os.IsNotExist(err) && *update) {
		t.Fatal(err)
	}
	lock, err := speccheck.ParseLock(data)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		lock = speccheck.UpdateLock(reqs, lock)
		if err := os.WriteFile("ids.lock", speccheck.FormatLock(lock), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range speccheck.CompareLock(reqs, lock) {
		t.Error(p)
	}
}
