package conformance

import (
	"fmt"
	"regexp"
	"strings"
)

// Level is a case's requirement level, the first keyword of the requirement it checks
// (spec/README.md §1).
type Level int

// The levels, strongest first. The zero Level is not a valid level of a case; as a filter it
// means "every level".
const (
	Must Level = iota + 1
	Should
	May
)

func (l Level) String() string {
	switch l {
	case Must:
		return "MUST"
	case Should:
		return "SHOULD"
	case May:
		return "MAY"
	}
	return fmt.Sprintf("Level(%d)", int(l))
}

// MarshalText writes the level as MUST, SHOULD or MAY.
func (l Level) MarshalText() ([]byte, error) {
	if l < Must || l > May {
		return nil, fmt.Errorf("conformance: invalid level %d", int(l))
	}
	return []byte(l.String()), nil
}

// ParseLevel reads must, should or may in any letter case.
func ParseLevel(s string) (Level, error) {
	switch strings.ToLower(s) {
	case "must":
		return Must, nil
	case "should":
		return Should, nil
	case "may":
		return May, nil
	}
	return 0, fmt.Errorf("unknown level %q: want must, should or may", s)
}

// Verdict is the outcome of one case.
type Verdict string

// The verdicts (spec/conformance.md §3).
const (
	Pass           Verdict = "pass"            // the implementation did what the case checks
	Fail           Verdict = "fail"            // it did not
	Skipped        Verdict = "skipped"         // the case could not run here (a precondition is missing)
	Unimplemented  Verdict = "unimplemented"   // the implementation does not offer the operation
	ExpectedFail   Verdict = "expected-fail"   // it failed, and the run was told to expect that
	UnexpectedPass Verdict = "unexpected-pass" // it passed although the run was told to expect a failure
)

// Verdicts lists every verdict in report order.
var Verdicts = []Verdict{Pass, Fail, Skipped, Unimplemented, ExpectedFail, UnexpectedPass}

// Case is one named check of an implementation.
type Case struct {
	// ID is hierarchical and stable: lower-case segments of letters, digits, '.', '_' and
	// '-' joined by '/', e.g. "codec/feedsync/merge/winner-total-order". It never changes
	// meaning once published.
	ID          string
	Level       Level
	Req         []string // the requirement IDs the case checks, e.g. "FS-MERGE-3"
	Flags       []string // bug classes the case catches, e.g. "case-sensitivity"
	Description string   // one sentence
	// Ops are the shim operations the case needs (spec/conformance.md §8). When the
	// implementation does not offer one of them, the case does not run and gets the verdict
	// unimplemented; a case that lists none runs whatever the implementation offers.
	Ops []string
	Run func(*T)
}

var caseIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*$`)

// ValidID reports whether id has the syntax of a case ID.
func ValidID(id string) bool { return caseIDPattern.MatchString(id) }

// CheckCases reports the first problem in a list of cases: an invalid or repeated ID, a
// missing level or Run.
func CheckCases(cases []Case) error {
	seen := map[string]bool{}
	for _, c := range cases {
		switch {
		case !ValidID(c.ID):
			return fmt.Errorf("case %q: invalid ID", c.ID)
		case seen[c.ID]:
			return fmt.Errorf("case %q: ID used twice", c.ID)
		case c.Level < Must || c.Level > May:
			return fmt.Errorf("case %q: no level", c.ID)
		case c.Run == nil:
			return fmt.Errorf("case %q: no Run", c.ID)
		}
		seen[c.ID] = true
	}
	return nil
}

// T is what a running case uses to reach the implementation and to report. Its methods must
// be called from the case's own goroutine.
type T struct {
	impl     Impl
	caseID   string
	seed     uint64         // the first seed of the case's property checks
	prop     PropertyConfig // how property checks run
	traceDir string         // where failure files go; "" for nowhere
	messages []string
	failed   bool
	stopped  Verdict // Skipped or Unimplemented when the case stopped with that verdict
	dropped  int     // messages not kept beyond MaxMessages
}

// stop is the panic value that ends a case early.
type stop struct{}

// Impl returns the implementation under test.
func (t *T) Impl() Impl { return t.impl }

// MaxMessages bounds the messages a case keeps: a case that compares hundreds of answers
// reports the first MaxMessages and then how many more there were.
const MaxMessages = 40

// Logf records a message shown with the case's result.
func (t *T) Logf(format string, a ...any) {
	if len(t.messages) >= MaxMessages {
		t.dropped++
		return
	}
	t.messages = append(t.messages, fmt.Sprintf(format, a...))
}

// note records a message whatever MaxMessages says: a property's counterexample and replay
// command are what a user needs most.
func (t *T) note(msg string) { t.messages = append(t.messages, msg) }

// Errorf records a failure and lets the case continue.
func (t *T) Errorf(format string, a ...any) {
	t.Logf(format, a...)
	t.failed = true
}

// Fatalf records a failure and ends the case.
func (t *T) Fatalf(format string, a ...any) {
	t.Errorf(format, a...)
	panic(stop{})
}

// Skipf ends the case with verdict skipped, unless it has already failed.
func (t *T) Skipf(format string, a ...any) {
	t.Logf(format, a...)
	t.stopped = Skipped
	panic(stop{})
}

// Unimplementedf ends the case with verdict unimplemented, unless it has already failed:
// the implementation said it does not offer an operation the case needs.
func (t *T) Unimplementedf(format string, a ...any) {
	t.Logf(format, a...)
	t.stopped = Unimplemented
	panic(stop{})
}

// Check ends the case as unimplemented when err says an operation is not offered, and
// returns err otherwise: `if err := t.Check(err); err != nil { … }`. P.Check is its
// counterpart inside a property.
func (t *T) Check(err error) error {
	if isUnimplemented(err) {
		t.Unimplementedf("%v", err)
	}
	return err
}

// Failed reports whether the case has failed so far.
func (t *T) Failed() bool { return t.failed }

// run runs c against impl and returns its raw verdict (before expectations) and messages.
// A panic in the case other than the T's own stop is a failure of the case, not of the run.
func run(c Case, impl Impl, opts Options) (v Verdict, messages []string) {
	t := &T{impl: impl, caseID: c.ID, seed: opts.Property.Seed, prop: opts.Property, traceDir: opts.TraceDir}
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(stop); !ok {
					t.Errorf("case panicked: %v", r)
				}
			}
		}()
		for _, op := range c.Ops {
			if !Offers(impl, op) {
				t.Unimplementedf("%s does not offer %s", impl.Name(), op)
			}
		}
		c.Run(t)
	}()
	if t.dropped > 0 {
		t.messages = append(t.messages, fmt.Sprintf("… and %d more messages", t.dropped))
	}
	switch {
	case t.failed:
		return Fail, t.messages
	case t.stopped != "":
		return t.stopped, t.messages
	}
	return Pass, t.messages
}
