package conformance

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"time"
)

// Options select the cases of a run and say which failures are expected.
type Options struct {
	Run   *regexp.Regexp // when set, only cases whose ID matches run
	Skip  *regexp.Regexp // when set, cases whose ID matches do not run (and are not reported)
	Level Level          // when set, only cases at this level or stronger run (Should: MUST and SHOULD)

	// Expected says which cases are expected to fail, and why: such a case that fails gets
	// expected-fail, and one that passes gets unexpected-pass.
	Expected Expectations
	// Strict makes an unexpected pass fail the run.
	Strict bool

	// Property says how property cases generate their checks.
	Property PropertyConfig
	// TraceDir, when set, receives a file per failing property case with its seed, replay
	// command and counterexample; an implementation that can trace (the shim client) also
	// writes its exchanges there.
	TraceDir string

	// OnStart, when set, is called before each selected case runs, with its index from 0
	// and the number of selected cases (for a progress line).
	OnStart func(i, n int, c Case)
}

// Tracer is an Impl that can record its exchanges with the implementation while a case runs
// (the shim client: every request and answer line, and the shim's stderr). SetTrace(nil)
// stops recording.
type Tracer interface {
	SetTrace(w io.Writer)
}

// Select returns the cases that opts select, in their order.
func Select(cases []Case, opts Options) []Case {
	var out []Case
	for _, c := range cases {
		if opts.Run != nil && !opts.Run.MatchString(c.ID) {
			continue
		}
		if opts.Skip != nil && opts.Skip.MatchString(c.ID) {
			continue
		}
		if opts.Level != 0 && c.Level > opts.Level {
			continue
		}
		out = append(out, c)
	}
	return out
}

// Result is the outcome of one case.
type Result struct {
	Case     Case
	Verdict  Verdict
	Reason   string   // for expected-fail and unexpected-pass: why the failure was expected
	Messages []string // what the case logged
	Duration time.Duration
	// Trace is the implementation's exchanges during the case (for a shim: every request
	// and answer line, and what it wrote on stderr), kept for cases that did not pass and
	// cut to MaxTrace bytes; empty when the implementation cannot trace.
	Trace string
}

// MaxTrace bounds the trace a Result keeps in memory (the trace directory gets it whole).
const MaxTrace = 64 << 10

// Report is the outcome of a run.
type Report struct {
	Implementation string
	Strict         bool
	Property       PropertyConfig // the seed and checks of the run's property cases
	Results        []Result
}

// Run runs the cases that opts select against impl, one after another, and reports them.
// progress, when not nil, is called after each case.
func Run(impl Impl, cases []Case, opts Options, progress func(Result)) *Report {
	rep := &Report{Implementation: impl.Name(), Strict: opts.Strict, Property: opts.Property}
	selected := Select(cases, opts)
	tracer, _ := impl.(Tracer)
	for i, c := range selected {
		if opts.OnStart != nil {
			opts.OnStart(i, len(selected), c)
		}
		var trace bytes.Buffer
		if tracer != nil {
			tracer.SetTrace(&trace)
		}
		start := time.Now()
		v, msgs := run(c, impl, opts)
		r := Result{Case: c, Verdict: v, Messages: msgs, Duration: time.Since(start)}
		if tracer != nil {
			tracer.SetTrace(nil)
			if v != Pass {
				r.Trace = cutTrace(trace.String())
			}
			if opts.TraceDir != "" {
				name := filepath.Join(opts.TraceDir, traceName(c.ID)+".trace")
				if err := os.WriteFile(name, trace.Bytes(), 0o644); err != nil {
					r.Messages = append(r.Messages, "writing the trace: "+err.Error())
				}
			}
		}
		if reason, ok := opts.Expected.Match(c.ID); ok {
			switch v {
			case Fail:
				r.Verdict, r.Reason = ExpectedFail, reason
			case Pass:
				r.Verdict, r.Reason = UnexpectedPass, reason
			}
		}
		rep.Results = append(rep.Results, r)
		if progress != nil {
			progress(r)
		}
	}
	return rep
}

// cutTrace keeps at most MaxTrace bytes of a trace: its start and its end.
func cutTrace(s string) string {
	if len(s) <= MaxTrace {
		return s
	}
	half := MaxTrace / 2
	return s[:half] + "\n… (trace cut; the trace directory has it whole) …\n" + s[len(s)-half:]
}

// Counts returns the number of results with each verdict.
func (r *Report) Counts() map[Verdict]int {
	n := map[Verdict]int{}
	for _, res := range r.Results {
		n[res.Verdict]++
	}
	return n
}

// FailsRun reports whether a result makes the run fail: a MUST case that failed, or — in a
// strict run — one that passed unexpectedly. SHOULD and MAY cases never fail a run.
func (r *Report) FailsRun(res Result) bool {
	if res.Case.Level != Must {
		return false
	}
	return res.Verdict == Fail || (r.Strict && res.Verdict == UnexpectedPass)
}

// Failed reports whether any result fails the run.
func (r *Report) Failed() bool {
	for _, res := range r.Results {
		if r.FailsRun(res) {
			return true
		}
	}
	return false
}
