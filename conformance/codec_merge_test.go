package conformance

import (
	"testing"
	"time"
)

// TestCodecMergeReference runs every merge case against the reference: each passes, and each
// property case stays well under a second with the default 100 checks.
func TestCodecMergeReference(t *testing.T) {
	cases := codecMergeCases()
	if err := CheckCases(cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		start := time.Now()
		rep := Run(Reference{}, []Case{c}, Options{Property: PropertyConfig{Seed: 3}}, nil)
		r := rep.Results[0]
		d := time.Since(start)
		if r.Verdict != Pass {
			t.Errorf("%s: %s %q", c.ID, r.Verdict, r.Messages)
		}
		t.Logf("%s: %s in %v", c.ID, r.Verdict, d.Round(time.Millisecond))
	}
}

// TestMxHistoriesReachConflicts: the random histories of the property cases reach the states
// that matter — merges with conflicts, conflicts between versions with the same updates and
// when, items with two or more conflicts, resolutions of conflicts — in a fair share of checks.
func TestMxHistoriesReachConflicts(t *testing.T) {
	var checks, conflicted, tied, multi int
	c := Case{ID: "selftest/merge/histories", Level: Must, Run: func(t *T) {
		t.Property(func(p *P) {
			checks++
			s := drawMxSetup(p.T, false, 12)
			perm := mxGatherPerm(p.T)
			r := newMxRun(p, mxModeRef, s)
			r.quiet = true
			var cf, ti, m bool
			r.onMerge = func(op FeedOp, res *FeedOpResult) {
				for _, it := range res.Items {
					if res.Outcomes[it.SyncID] != "conflict" {
						continue
					}
					cf = true
					x, err := mxParse(string(it.Canonical))
					if err != nil {
						p.Fatalf("%v", err)
					}
					vs := mxVersions(x)
					if len(vs) > 2 {
						m = true
					}
					w, _ := x.Sync.Topmost().Attr("when")
					u, _ := x.Sync.Attr("updates")
					for _, v := range vs[1:] {
						vw, _ := v.Sync.Topmost().Attr("when")
						vu, _ := v.Sync.Attr("updates")
						ti = ti || (vw == w && vu == u)
					}
				}
			}
			r.play(s.Shared, s.Actions)
			r.gather(perm)
			if cf {
				conflicted++
			}
			if ti {
				tied++
			}
			if m {
				multi++
			}
		})
	}}
	if r := Run(Reference{}, []Case{c}, Options{Property: PropertyConfig{Seed: 1, Checks: 200}}, nil).Results[0]; r.Verdict != Pass {
		t.Fatalf("%s %q", r.Verdict, r.Messages)
	}
	t.Logf("%d checks: %d with a merge in conflict, %d with a conflict of equal updates and when, %d with two or more conflicts", checks, conflicted, tied, multi)
	if conflicted*3 < checks || tied*20 < checks || multi*20 < checks {
		t.Errorf("too few conflicts")
	}
}
