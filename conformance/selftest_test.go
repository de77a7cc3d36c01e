package conformance

import (
	"flag"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// faultyShim is an implementation with one known bug, written in test code from the public
// APIs of the reference packages or a small local re-implementation, and the cases that must
// catch it (spec/conformance.md §9). Each area's faulty_<area>_test.go registers its own in
// an init function.
type faultyShim struct {
	impl     Impl     // its Name says what the bug is
	bug      string   // one sentence: the bug, as an implementer would make it
	caughtBy []string // case IDs that must fail against it
}

var faultyShims []faultyShim

// fullSelfTest asks for the full self-test: every case against every faulty shim, with the
// run's default checks. It takes minutes, so go test ./... (and CI) runs the quick one.
var fullSelfTest = flag.Bool("selftest.full", false, "run every case against every faulty shim (minutes), not only the cases that claim to catch it")

// selfTestOptions are the property settings of the self-test: few checks and bounded
// shrinking in the quick self-test, the run's defaults in the full one.
func selfTestOptions() PropertyConfig {
	if !*fullSelfTest {
		return PropertyConfig{Seed: 1, Checks: 25, ShrinkTime: 2 * time.Second}
	}
	return PropertyConfig{Seed: 1}
}

// TestSelfTestFaultyShims runs the suite against every faulty shim: each case that claims to
// catch it must fail. By default only those cases run; the full self-test
// (go test ./conformance -run TestSelfTest -v -selftest.full) runs every case and logs which
// others catch it.
func TestSelfTestFaultyShims(t *testing.T) {
	all, err := Cases()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, c := range all {
		ids[c.ID] = true
	}
	if len(faultyShims) < 10 {
		t.Errorf("%d faulty shims: the self-test wants at least 10", len(faultyShims))
	}
	names := map[string]bool{}
	for _, f := range faultyShims {
		name := f.impl.Name()
		// Each faulty shim shows that its catching cases compare answers as [CONF-CODEC-2]
		// says: a wrong answer of that kind fails them.
		t.Run("[CONF-CODEC-2] "+name, func(t *testing.T) {
			if names[name] {
				t.Fatalf("two faulty shims named %s", name)
			}
			names[name] = true
			if len(f.caughtBy) == 0 || f.bug == "" {
				t.Fatalf("%s names no catching case or no bug", name)
			}
			opts := Options{Property: selfTestOptions()}
			if !*fullSelfTest {
				var quoted []string
				for _, id := range f.caughtBy {
					if !ids[id] {
						t.Fatalf("%s: no case %s", name, id)
					}
					quoted = append(quoted, regexp.QuoteMeta(id))
				}
				opts.Run = regexp.MustCompile("^(" + strings.Join(quoted, "|") + ")$")
			}
			rep := Run(f.impl, all, opts, nil)
			var caught, missed []string
			for _, r := range rep.Results {
				want := slices.Contains(f.caughtBy, r.Case.ID)
				switch {
				case r.Verdict == Fail:
					caught = append(caught, r.Case.ID)
				case want:
					missed = append(missed, fmt.Sprintf("%s: %s %q", r.Case.ID, r.Verdict, r.Messages))
				}
			}
			for _, m := range missed {
				t.Errorf("%s (%s) not caught by %s", name, f.bug, m)
			}
			t.Logf("%s (%s): caught by %s", name, f.bug, strings.Join(caught, ", "))
		})
	}
}

// TestSelfTestReference runs every case against the reference, in process and behind the
// shim protocol over pipes (cmd/meshconform's TestRunShim crosses a real process boundary):
// everything passes.
func TestSelfTestReference(t *testing.T) {
	all, err := Cases()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		impl func(t *testing.T) Impl
	}{
		{"in process", func(*testing.T) Impl { return Reference{} }},
		{"behind the shim", func(t *testing.T) Impl { return pipeShim(t, Reference{}) }},
	} {
		t.Run("[CONF-VERD-1] the reference "+tc.name+": every case passes", func(t *testing.T) {
			rep := Run(tc.impl(t), all, Options{Property: selfTestOptions()}, nil)
			for _, r := range rep.Results {
				if r.Verdict != Pass {
					t.Errorf("%s: %s %q", r.Case.ID, r.Verdict, r.Messages)
				}
			}
			if len(rep.Results) != len(all) {
				t.Errorf("%d results for %d cases", len(rep.Results), len(all))
			}
		})
	}
}
