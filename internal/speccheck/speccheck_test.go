package speccheck

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestParseSpecFixture(t *testing.T) {
	reqs, probs, err := ParseSpec("testdata/spec")
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		ID, File string
		Line     int
		Level    Level
	}
	var gotReqs []got
	for _, r := range reqs {
		gotReqs = append(gotReqs, got{r.ID, r.File, r.Line, r.Level})
	}
	want := []got{
		{"AA-ONE-1", "alpha.md", 5, MUST},
		{"AA-ONE-2", "alpha.md", 7, SHOULD},
		{"AA-ONE-3", "alpha.md", 8, MAY},
		{"AA-TWO-1", "alpha.md", 11, MUST},
		{"AA-TWO-2", "alpha.md", 14, SHOULD}, // the keyword in a code span does not count
		{"AA-TWO-3", "alpha.md", 16, LevelNone},
		{"AA-ONE-1", "beta.md", 1, MUST},
		{"BB-ONE-10", "beta.md", 2, MUST},
		{"BB-ONE-2", "beta.md", 3, MAY},
		{"BB-TWO-1", "beta.md", 4, MUST},
	}
	if diff := cmp.Diff(want, gotReqs); diff != "" {
		t.Errorf("requirements (-want +got):\n%s", diff)
	}
	if last := reqs[len(reqs)-1]; !strings.Contains(last.Text, "on a line that starts with a cross-reference") {
		t.Errorf("a wrapped line starting with an ID was not read as a continuation: %q", last.Text)
	}
	if !strings.Contains(reqs[0].Text, "across two lines.") {
		t.Errorf("continuation line not joined: %q", reqs[0].Text)
	}
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.String())
	}
	wantProbs := []string{
		"alpha.md:16: [" + "AA-TWO-3] has no BCP 14 keyword (MUST, SHOULD, MAY, …), so it has no level",
		"beta.md:1: [" + "AA-ONE-1] is defined again (first at alpha.md:5); IDs are defined once",
		"alpha.md:22: cross-reference to [" + "ZZ-MISSING-1], which no spec file defines",
	}
	if diff := cmp.Diff(wantProbs, msgs); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestScanGoTestsReadsOnlyStringLiterals(t *testing.T) {
	refs, err := ScanGoTests("testdata/tree")
	if err != nil {
		t.Fatal(err)
	}
	want := []Ref{
		{ID: "AA-ONE-1", File: "pkg/a_test.go", Line: 7, Kind: "go-test"},
		{ID: "AA-TWO-1", File: "pkg/a_test.go", Line: 8, Kind: "go-test"},
		{ID: "BB-ONE-10", File: "pkg/a_test.go", Line: 8, Kind: "go-test"},
		{ID: "QQ-UNKNOWN-1", File: "pkg/a_test.go", Line: 10, Kind: "go-test"},
		{ID: "BB-TWO-1", File: "pkg/a_test.go", Line: 12, Kind: "go-test"},
	}
	if diff := cmp.Diff(want, refs); diff != "" {
		t.Errorf("refs (-want +got):\n%s", diff)
	}
}

func TestScanVectors(t *testing.T) {
	refs, err := ScanVectors("testdata/tree", "testdata/tree/vectors")
	if err != nil {
		t.Fatal(err)
	}
	want := []Ref{{ID: "BB-ONE-2", File: "vectors/area/v.json#first", Kind: "vector"}}
	if diff := cmp.Diff(want, refs); diff != "" {
		t.Errorf("refs (-want +got):\n%s", diff)
	}
}

func TestCheckFailsOnUncoveredMustAndUnknownRefs(t *testing.T) {
	reqs, probs, err := ParseSpec("testdata/spec")
	if err != nil {
		t.Fatal(err)
	}
	goRefs, _ := ScanGoTests("testdata/tree")
	vecRefs, _ := ScanVectors("testdata/tree", "testdata/tree/vectors")
	rep := Check(reqs, probs, append(goRefs, vecRefs...))
	if rep.OK() {
		t.Fatal("Check passed a fixture with spec defects and an unknown reference")
	}
	ids := func(rs []Requirement) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	if len(rep.Uncovered) != 0 {
		t.Fatalf("fixture MUSTs are all named, yet uncovered = %v", ids(rep.Uncovered))
	}
	// A MUST added without a test makes the check fail.
	reqs = append(reqs, Requirement{ID: "CC-NEW-1", Level: MUST, File: "gamma.md", Line: 1})
	rep = Check(reqs, probs, append(goRefs, vecRefs...))
	if diff := cmp.Diff([]string{"CC-NEW-1"}, ids(rep.Uncovered)); diff != "" {
		t.Errorf("uncovered (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"AA-ONE-2", "AA-ONE-3", "AA-TWO-2", "AA-TWO-3"}, ids(rep.Unchecked)); diff != "" {
		t.Errorf("unchecked (-want +got):\n%s", diff)
	}
	if len(rep.Unknown) != 1 || rep.Unknown[0].ID != "QQ-UNKNOWN-1" {
		t.Errorf("unknown = %+v, want QQ-UNKNOWN-1 only", rep.Unknown)
	}
	var b strings.Builder
	rep.WriteTable(&b)
	for _, want := range []string{"FAIL: MUST [" + "CC-NEW-1]", "names [" + "QQ-UNKNOWN-1]", "unchecked SHOULD [" + "AA-ONE-2]", "MUST   4 of 5 checked"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, b.String())
		}
	}
}

func TestCheckPassesWhenEverythingIsNamed(t *testing.T) {
	reqs := []Requirement{{ID: "AB-BB-1", Level: MUST}, {ID: "AB-BB-2", Level: SHOULD}}
	rep := Check(reqs, nil, []Ref{{ID: "AB-BB-1", Kind: "go-test"}})
	if !rep.OK() || len(rep.Unchecked) != 1 {
		t.Fatalf("report = %+v", rep)
	}
}

func TestLock(t *testing.T) {
	reqs := []Requirement{
		{ID: "AB-BB-2", Level: MUST, File: "a.md", Line: 1},
		{ID: "AB-BB-10", Level: SHOULD, File: "a.md", Line: 2},
		{ID: "AB-BB-3", Level: MUST, File: "a.md", Line: 3},
	}
	lock := UpdateLock(reqs, nil)
	text := FormatLock(lock)
	parsed, err := ParseLock(text)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(lock, parsed, cmpopts.SortSlices(func(a, b LockEntry) bool { return a.ID < b.ID })); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	if !strings.Contains(string(text), "AB-BB-2 MUST active\nAB-BB-3 MUST active\nAB-BB-10 SHOULD active\n") {
		t.Errorf("lock not in numeric order:\n%s", text)
	}
	if p := CompareLock(reqs, parsed); len(p) != 0 {
		t.Errorf("fresh lock disagrees: %v", p)
	}

	cases := []struct {
		name string
		reqs []Requirement
		lock string
		want string
	}{
		{"new ID missing from lock", reqs, "AB-BB-2 MUST active\nAB-BB-10 SHOULD active\n", "AB-BB-3] (a.md:3) is not in ids.lock"},
		{"ID removed without retiring", reqs[:2], string(text), "AB-BB-3] is in ids.lock but no longer in the spec"},
		{"retired ID reused", reqs, "AB-BB-2 MUST active\nAB-BB-10 SHOULD active\nAB-BB-3 MUST retired\n", "AB-BB-3] (a.md:3) was retired and may not be reused"},
		{"level changed", reqs, "AB-BB-2 SHOULD active\nAB-BB-10 SHOULD active\nAB-BB-3 MUST active\n", "AB-BB-2] (a.md:1) is MUST in the spec but SHOULD in ids.lock"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l, err := ParseLock([]byte(tc.lock))
			if err != nil {
				t.Fatal(err)
			}
			p := CompareLock(tc.reqs, l)
			if len(p) != 1 || !strings.Contains(p[0], tc.want) {
				t.Errorf("problems = %q, want one containing %q", p, tc.want)
			}
		})
	}
	// Updating never revives a retired ID nor drops an active one.
	l, _ := ParseLock([]byte("AB-BB-3 MUST retired\nAB-BB-9 MUST active\n"))
	up := UpdateLock(reqs, l)
	if p := CompareLock(reqs, up); len(p) != 2 {
		t.Errorf("after update, want the reuse and the unretired removal still reported, got %q", p)
	}
	for _, bad := range []string{"AB-BB-1 MUST", "AB-BB-1 MUSTY active", "aa-b-1 MUST active", "AB-BB-1 MUST active\nAB-BB-1 MUST active"} {
		if _, err := ParseLock([]byte(bad)); err == nil {
			t.Errorf("ParseLock(%q) accepted", bad)
		}
	}
}
