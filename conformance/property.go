package conformance

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// P is one check of a property case: a rapid.T to draw inputs from, and the implementation
// under test. Property cases log every operation they ask of the implementation with Stepf,
// so that the shrunk counterexample reads as numbered operations with the answers.
type P struct {
	*rapid.T
	impl  Impl
	steps int
	state *propState
}

// Impl returns the implementation under test.
func (p *P) Impl() Impl { return p.impl }

// Stepf logs one operation of the check, numbered from 1 in each check: what was asked and
// what the implementation (and, for a differential case, the reference) answered. Only the
// final replay of a shrunk counterexample shows these lines.
func (p *P) Stepf(format string, a ...any) {
	p.steps++
	p.Logf("%d. %s", p.steps, fmt.Sprintf(format, a...))
}

// Unimplemented ends the property case with verdict unimplemented: err (wrapping
// ErrUnimplemented) came from an operation the implementation does not offer after all.
func (p *P) Unimplemented(err error) {
	p.state.unimplemented = err
	p.SkipNow()
}

// Check reports err as the end of the case when it is ErrUnimplemented, and returns err
// otherwise. Use it on every answer: `if err := p.Check(err); ...`.
func (p *P) Check(err error) error {
	if isUnimplemented(err) {
		p.Unimplemented(err)
	}
	return err
}

// propState is what one property case's checks share.
type propState struct {
	unimplemented error
}

// PropertyConfig is how a run drives property cases (spec/conformance.md §5.3).
type PropertyConfig struct {
	// Seed is the first seed of every property case; 0 asks for a random one, which the
	// run reports. Check k (from 0) of a case uses Seed + 0 + 1 + … + k, so a failing
	// check's own seed with Checks 1 replays exactly that check.
	Seed uint64
	// Checks is the number of generated inputs per property case (0: 100).
	Checks int
	// ShrinkTime bounds the minimization of a counterexample (0: 10 s).
	ShrinkTime time.Duration
	// Replay is the command line that reruns this run's implementation, e.g.
	// "meshconform run --shim 'x'"; a failing property prints it with --run, --seed and
	// --checks appended. Empty: "meshconform run".
	Replay string
}

// rapidMu serializes property cases: rapid keeps its settings in process-wide flags.
var rapidMu sync.Mutex

// rapidFlags are the rapid settings a property case sets, and restores afterwards.
var rapidFlags = []string{"rapid.checks", "rapid.seed", "rapid.nofailfile", "rapid.shrinktime", "rapid.failfile", "rapid.v", "rapid.log"}

var testingInit sync.Once

// initTesting makes testing.Short callable, as rapid calls it: outside a test binary (in
// meshconform) it registers the testing flags and marks the command line parsed, since
// testing.Short panics before both. meshconform parses its own flag sets, never this one.
func initTesting() {
	testingInit.Do(func() {
		if flag.Lookup("test.short") == nil {
			testing.Init()
		}
		if !flag.Parsed() {
			flag.CommandLine.Parse(nil)
		}
	})
}

// setRapid sets rapid's process-wide flags and returns a function that restores them.
func setRapid(values map[string]string) (restore func(), err error) {
	old := map[string]string{}
	for _, name := range rapidFlags {
		f := flag.Lookup(name)
		if f == nil {
			return nil, fmt.Errorf("rapid has no flag %s", name)
		}
		old[name] = f.Value.String()
	}
	restore = func() {
		for name, v := range old {
			flag.Set(name, v)
		}
	}
	for name, v := range values {
		if err := flag.Set(name, v); err != nil {
			restore()
			return nil, err
		}
	}
	return restore, nil
}

// rapidChecks is the rapid.checks value that makes rapid run n checks: rapid runs a fifth of
// its setting under go test -short, and the harness's own count must not change with it.
func rapidChecks(n int) int {
	if testing.Short() {
		return n * 5
	}
	return n
}

// failedAfter finds rapid's "failed after N tests" at the start of its failure message.
var failedAfter = regexp.MustCompile(`^\[rapid\] (?:failed|panic) after (\d+) tests: `)

// seedPattern finds the failing check's seed in rapid's failure message.
var seedPattern = regexp.MustCompile(`-rapid\.seed=(\d+)`)

// rapidTB adapts a case's T to rapid.TB. rapid reports a failure through Errorf with its
// own reproduction hint; the adapter keeps the seed and replaces the hint with ours.
type rapidTB struct {
	t     *T
	state *propState
	seed  uint64 // the failing check's seed, once known
}

func (a *rapidTB) Helper()                 {}
func (a *rapidTB) Name() string            { return "livemesh-conformance/" + a.t.caseID }
func (a *rapidTB) Log(args ...any)         { a.t.note(fmt.Sprint(args...)) }
func (a *rapidTB) Logf(f string, x ...any) { a.t.note(fmt.Sprintf(f, x...)) }
func (a *rapidTB) Skipf(f string, x ...any) {
	a.t.Skipf(f, x...)
}
func (a *rapidTB) Skip(args ...any) { a.t.Skipf("%s", fmt.Sprint(args...)) }
func (a *rapidTB) SkipNow()         { a.t.Skipf("skipped") }
func (a *rapidTB) Errorf(f string, x ...any) {
	if a.state.unimplemented != nil {
		return // rapid complains that every check was skipped: the case is unimplemented instead
	}
	msg := fmt.Sprintf(f, x...)
	if m := seedPattern.FindStringSubmatch(msg); m != nil {
		a.seed, _ = strconv.ParseUint(m[1], 10, 64)
	}
	// Keep rapid's first line, in our words; drop its hint, which names go test flags.
	msg = failedAfter.ReplaceAllStringFunc(msg, func(s string) string {
		n, _ := strconv.Atoi(failedAfter.FindStringSubmatch(s)[1])
		return fmt.Sprintf("property failed on check %d (after %d passing): ", n+1, n)
	})
	msg = strings.Replace(msg, "[rapid] flaky test, can not reproduce a failure",
		"property failed, but not again on the same input: does the implementation keep state between requests, or depend on time or randomness?", 1)
	var keep []string
	for _, line := range strings.Split(msg, "\n") {
		if strings.HasPrefix(line, "To reproduce") || strings.HasPrefix(line, "To try to reproduce") {
			continue
		}
		if line == "Failed test output:" {
			line = "shrunk counterexample (draws, then numbered steps):"
		}
		if line != "" {
			keep = append(keep, line)
		}
	}
	a.t.note(strings.Join(keep, "\n"))
	a.t.failed = true
}
func (a *rapidTB) Error(args ...any) { a.Errorf("%s", fmt.Sprint(args...)) }
func (a *rapidTB) Fatalf(f string, x ...any) {
	a.Errorf(f, x...)
	panic(stop{})
}
func (a *rapidTB) Fatal(args ...any) { a.Fatalf("%s", fmt.Sprint(args...)) }
func (a *rapidTB) FailNow() {
	if a.state.unimplemented != nil {
		a.t.Unimplementedf("%v", a.state.unimplemented)
	}
	a.t.failed = true
	panic(stop{})
}
func (a *rapidTB) Fail()        { a.t.failed = true }
func (a *rapidTB) Failed() bool { return a.t.failed && a.state.unimplemented == nil }

// Property runs prop as a rapid property: PropertyConfig.Checks generated checks, then, on
// a failure, a shrunk counterexample whose draws and steps the case's messages show, with
// the seed and a command line that replays exactly that check. No fail file is written
// anywhere but under the run's trace directory.
func (t *T) Property(prop func(*P)) {
	cfg := t.prop
	checks := cfg.Checks
	if checks <= 0 {
		checks = 100
	}
	shrink := cfg.ShrinkTime
	if shrink <= 0 {
		shrink = 10 * time.Second
	}
	rapidMu.Lock()
	defer rapidMu.Unlock()
	initTesting()
	restore, err := setRapid(map[string]string{
		"rapid.checks":     strconv.Itoa(rapidChecks(checks)),
		"rapid.seed":       strconv.FormatUint(t.seed, 10),
		"rapid.nofailfile": "true",
		"rapid.failfile":   "",
		"rapid.shrinktime": shrink.String(),
		"rapid.v":          "false",
		"rapid.log":        "false",
	})
	if err != nil {
		t.Fatalf("property: %v", err)
	}
	defer restore()
	state := &propState{}
	a := &rapidTB{t: t, state: state}
	defer func() {
		if a.seed == 0 || !t.failed {
			return
		}
		replay := cfg.Replay
		if replay == "" {
			replay = "meshconform run"
		}
		line := fmt.Sprintf("%s --run '^%s$' --seed %d --checks 1", replay, regexp.QuoteMeta(t.caseID), a.seed)
		t.note(fmt.Sprintf("seed %d; replay this failure: %s", a.seed, line))
		if t.traceDir != "" {
			name := filepath.Join(t.traceDir, traceName(t.caseID)+".fail")
			body := fmt.Sprintf("case %s\nseed %d\nreplay %s\n\n%s\n", t.caseID, a.seed, line, strings.Join(t.messages, "\n"))
			if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
				t.Logf("writing %s: %v", name, err)
			}
		}
	}()
	rapid.Check(a, func(rt *rapid.T) {
		if state.unimplemented != nil {
			rt.SkipNow()
		}
		prop(&P{T: rt, impl: t.impl, state: state})
	})
	if state.unimplemented != nil {
		t.Unimplementedf("%v", state.unimplemented)
	}
}

// traceName turns a case ID into a file name: its segments joined by "_".
func traceName(id string) string { return strings.ReplaceAll(id, "/", "_") }
