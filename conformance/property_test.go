package conformance

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// thresholdImpl answers the identifier operation "user-name/parse" with the input's length,
// and refuses inputs longer than limit; the property below says every input is accepted.
type thresholdImpl struct{ limit int }

func (thresholdImpl) Name() string { return "threshold" }
func (i thresholdImpl) Ident(op, in, _ string) (map[string]any, error) {
	if op != "user-name/parse" {
		return nil, ErrUnimplemented
	}
	if len(in) > i.limit {
		return nil, &Refusal{Class: "syntax", Req: "IDENT-USER-1"}
	}
	return map[string]any{"n": len(in)}, nil
}

var lengthCase = Case{
	ID: "selftest/property/length", Level: Must, Ops: []string{"ident.user-name/parse"},
	Description: "every string is accepted",
	Run: func(t *T) {
		t.Property(func(p *P) {
			s := rapid.StringN(0, 64, -1).Draw(p.T, "s")
			_, err := p.Impl().(IdentImpl).Ident("user-name/parse", s, "")
			p.Stepf("user-name/parse(%q) → %v", s, err)
			if p.Check(err) != nil {
				p.Fatalf("refused %q: %v", s, err)
			}
		})
	},
}

var replayPattern = regexp.MustCompile(`seed (\d+); replay this failure: meshconform run --shim x --run '\^selftest/property/length\$' --seed (\d+) --checks 1`)

func TestPropertyCases(t *testing.T) {
	t.Run("[CONF-PROP-1] [CONF-PROP-2] a failing property shows its seed, a replay command and the shrunk steps, and writes only its .fail file in the trace directory", func(t *testing.T) {
		t.Chdir(t.TempDir()) // rapid would write testdata/rapid/... here by default
		trace := t.TempDir()
		opts := Options{TraceDir: trace, Property: PropertyConfig{Seed: 7, Checks: 200, Replay: "meshconform run --shim x"}}
		r := Run(thresholdImpl{limit: 3}, []Case{lengthCase}, opts, nil).Results[0]
		msgs := strings.Join(r.Messages, "\n")
		if r.Verdict != Fail {
			t.Fatalf("verdict %s %q", r.Verdict, r.Messages)
		}
		m := replayPattern.FindStringSubmatch(msgs)
		if m == nil || m[1] != m[2] {
			t.Fatalf("no replay line in %q", msgs)
		}
		// Shrinking finds the shortest refused input: four characters, the first step.
		if !strings.Contains(msgs, "1. user-name/parse(") || strings.Contains(msgs, "2. user-name/parse(") {
			t.Errorf("counterexample steps: %q", msgs)
		}
		if !strings.Contains(msgs, "property failed on check ") {
			t.Errorf("no failure line: %q", msgs)
		}
		if strings.Contains(msgs, "-rapid.") {
			t.Errorf("rapid's go test hint leaked: %q", msgs)
		}
		if left, _ := os.ReadDir("."); len(left) != 0 {
			t.Errorf("the working directory holds %v", left)
		}
		fail, err := os.ReadFile(filepath.Join(trace, "selftest_property_length.fail"))
		if err != nil || !strings.Contains(string(fail), "seed "+m[1]) {
			t.Errorf("fail file: %v %q", err, fail)
		}
		// The replay command's seed with one check fails again at once.
		seed, _ := strconv.ParseUint(m[1], 10, 64)
		r2 := Run(thresholdImpl{limit: 3}, []Case{lengthCase}, Options{Property: PropertyConfig{Seed: seed, Checks: 1}}, nil).Results[0]
		if r2.Verdict != Fail {
			t.Errorf("replay with seed %d: %s %q", seed, r2.Verdict, r2.Messages)
		}
	})
	t.Run("[CONF-PROP-1] a passing property passes, with the same seed giving the same run", func(t *testing.T) {
		r := Run(thresholdImpl{limit: 1 << 20}, []Case{lengthCase}, Options{Property: PropertyConfig{Seed: 3, Checks: 50}}, nil).Results[0]
		if r.Verdict != Pass {
			t.Errorf("verdict %s %q", r.Verdict, r.Messages)
		}
	})
	t.Run("[CONF-VERD-3] an operation answered unimplemented inside a property makes the case unimplemented", func(t *testing.T) {
		r := Run(unimplIdent{}, []Case{lengthCase}, Options{Property: PropertyConfig{Seed: 3, Checks: 50}}, nil).Results[0]
		if r.Verdict != Unimplemented {
			t.Errorf("verdict %s %q", r.Verdict, r.Messages)
		}
	})
	t.Run("[CONF-VERD-3] a case whose operation is not offered is unimplemented without running", func(t *testing.T) {
		r := Run(fakeImpl{}, []Case{lengthCase}, Options{}, nil).Results[0]
		if r.Verdict != Unimplemented || !strings.Contains(strings.Join(r.Messages, " "), "does not offer ident.user-name/parse") {
			t.Errorf("verdict %s %q", r.Verdict, r.Messages)
		}
	})
}

// unimplIdent offers the identifier area but answers unimplemented to everything.
type unimplIdent struct{}

func (unimplIdent) Name() string { return "unimpl" }
func (unimplIdent) Ident(string, string, string) (map[string]any, error) {
	return nil, ErrUnimplemented
}

func TestCaseMessagesAreBounded(t *testing.T) {
	t.Run("[CONF-REP-2] a case keeps its first MaxMessages messages and says how many more there were", func(t *testing.T) {
		c := Case{ID: "selftest/many", Level: Must, Description: "fails a lot", Run: func(t *T) {
			for i := range 100 {
				t.Errorf("failure %d", i)
			}
		}}
		r := Run(fakeImpl{}, []Case{c}, Options{}, nil).Results[0]
		if r.Verdict != Fail || len(r.Messages) != MaxMessages+1 || r.Messages[MaxMessages] != "… and 60 more messages" || r.Messages[0] != "failure 0" {
			t.Errorf("%s: %d messages, last %q", r.Verdict, len(r.Messages), r.Messages[len(r.Messages)-1])
		}
	})
	t.Run("[CONF-PROP-1] a property's counterexample and replay line are kept past the bound", func(t *testing.T) {
		c := Case{ID: "selftest/noisy-property", Level: Must, Ops: []string{"ident.user-name/parse"}, Description: "noisy", Run: func(t *T) {
			for i := range 100 {
				t.Logf("note %d", i)
			}
			lengthCase.Run(t)
		}}
		r := Run(thresholdImpl{limit: 3}, []Case{c}, Options{Property: PropertyConfig{Seed: 7, Checks: 200}}, nil).Results[0]
		msgs := strings.Join(r.Messages, "\n")
		if r.Verdict != Fail || !strings.Contains(msgs, "replay this failure") || !strings.Contains(msgs, "1. user-name/parse(") {
			t.Errorf("%s %q", r.Verdict, r.Messages)
		}
	})
}
