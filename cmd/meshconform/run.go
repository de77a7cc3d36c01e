package main

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/livemesh-spec/livemesh/conformance"
	"github.com/livemesh-spec/livemesh/internal/cli"
)

var runCommand = cli.Command{
	Name:    "run",
	Summary: "run the conformance cases against the in-process reference implementation",
	Usage:   runUsage,
	Run:     runRun,
}

const runUsage = "[flags]"

const runHelp = `Run the conformance cases (spec/conformance.md) against the in-process reference
implementation, or with --shim against an implementation behind the shim protocol, and print
every case that did not pass, then a summary line.

Exit status: 0 when no MUST case failed, 1 when one did, 2 for a usage or configuration error,
3 when the shim cannot be started, breaks the protocol or exits during the run.
SHOULD and MAY cases are reported but never fail a run.`

// exitUnreachable is run's exit status when the implementation cannot be reached or crashes
// (spec/conformance.md §6).
const exitUnreachable = 3

// runImpl is the implementation that run checks; tests replace it with faulty ones.
var runImpl conformance.Impl = conformance.Reference{}

// suiteCases returns the suite; tests replace it with small suites of their own.
var suiteCases = conformance.Cases

// reportFlags collects --report FORMAT=FILE values.
type reportFlags []reportTarget

type reportTarget struct{ format, file string }

func (r *reportFlags) String() string { return "" }

func (r *reportFlags) Set(v string) error {
	format, file, ok := strings.Cut(v, "=")
	if !ok || file == "" {
		return fmt.Errorf("want FORMAT=FILE, got %q", v)
	}
	if format != "json" && format != "junit" && format != "html" {
		return fmt.Errorf("unknown report format %q: want json, junit or html", format)
	}
	*r = append(*r, reportTarget{format, file})
	return nil
}

func runRun(env cli.Env, prog string, args []string) int {
	fs := flag.NewFlagSet(prog, flag.ContinueOnError)
	runRE := fs.String("run", "", "run only the cases whose ID matches this `regexp`")
	skipRE := fs.String("skip", "", "do not run the cases whose ID matches this `regexp`")
	level := fs.String("level", "may", "run only cases at this `level` or stronger: must, should or may")
	list := fs.Bool("list", false, "list the selected cases (ID, level, requirement IDs) instead of running them")
	verbose := fs.Bool("v", false, "print passing cases too")
	expect := fs.String("expect", "", "read the cases expected to fail from this expectations `file` (spec/conformance.md §3.1)")
	strict := fs.Bool("strict", false, "fail the run when a case expected to fail passes")
	shimCmd := fs.String("shim", "", "run against the implementation this `command` serves over the shim protocol (words split on spaces; quote with ' or \")")
	seed := fs.Uint64("seed", 0, "first `seed` of every property case (0: a random one, printed)")
	checks := fs.Int("checks", 100, "generated checks per property case (`n` ≥ 1)")
	repeat := fs.Bool("repeat-until-failure", false, "run the selected cases again, with the next seed, until the run fails")
	traceDir := fs.String("trace", "", "write each case's shim exchanges and stderr, and each failing property's seed and counterexample, under this `directory`")
	var reports reportFlags
	fs.Var(&reports, "report", "also write a report, as `FORMAT=FILE` (format: json, junit or html); repeatable")
	pos, done, code := cli.ParseOrExit(env, prog, runUsage, runHelp, fs, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		cli.Errorf(env, prog, "unexpected argument %q (see '%s -h')", pos[0], prog)
		return cli.ExitUsage
	}
	opts := conformance.Options{Strict: *strict, TraceDir: *traceDir}
	var err error
	if *checks < 1 {
		cli.Errorf(env, prog, "--checks: %d: want at least 1", *checks)
		return cli.ExitUsage
	}
	if *expect != "" {
		f, err := os.Open(*expect)
		if err == nil {
			opts.Expected, err = conformance.ReadExpectations(f)
			f.Close()
		}
		if err != nil {
			cli.Errorf(env, prog, "--expect: %v", err)
			return cli.ExitUsage
		}
	}
	if opts.Level, err = conformance.ParseLevel(*level); err != nil {
		cli.Errorf(env, prog, "--level: %v", err)
		return cli.ExitUsage
	}
	for _, re := range []struct {
		flag, expr string
		dst        **regexp.Regexp
	}{{"--run", *runRE, &opts.Run}, {"--skip", *skipRE, &opts.Skip}} {
		if re.expr == "" {
			continue
		}
		if *re.dst, err = regexp.Compile(re.expr); err != nil {
			cli.Errorf(env, prog, "%s: %v", re.flag, err)
			return cli.ExitUsage
		}
	}
	if *traceDir != "" {
		if err := os.MkdirAll(*traceDir, 0o755); err != nil {
			cli.Errorf(env, prog, "--trace: %v", err)
			return cli.ExitUsage
		}
	}
	cases, err := suiteCases()
	if err != nil {
		cli.Errorf(env, prog, "loading the cases: %v", err)
		return cli.ExitUsage
	}
	if *list {
		for _, c := range conformance.Select(cases, opts) {
			fmt.Fprintf(env.Stdout, "%-6s %-40s %s\n", c.Level, c.ID, strings.Join(c.Req, " "))
		}
		return cli.ExitOK
	}
	var argv []string
	if *shimCmd != "" {
		if argv, err = splitCommand(*shimCmd); err != nil {
			cli.Errorf(env, prog, "--shim: %v", err)
			return cli.ExitUsage
		}
	}
	opts.Property = conformance.PropertyConfig{Seed: *seed, Checks: *checks, Replay: replayCommand(*shimCmd)}
	if opts.Property.Seed == 0 {
		opts.Property.Seed = randomSeed()
	}

	impl := runImpl
	var client *conformance.ShimClient
	if argv != nil {
		var stop func()
		client, stop, err = startShim(env, argv)
		if err != nil {
			cli.Errorf(env, prog, "--shim: %v", err)
			return exitUnreachable
		}
		defer stop()
		impl = client
	}
	for iteration := 1; ; iteration++ {
		p := newPrinter(env, *verbose)
		opts.OnStart = p.start
		rep := conformance.Run(impl, cases, opts, p.result)
		p.finish(rep)
		code := writeReports(env, prog, rep, reports)
		if client != nil {
			if err := client.Err(); err != nil && code != cli.ExitUsage {
				cli.Errorf(env, prog, "--shim: %v", err)
				return exitUnreachable
			}
		}
		if code == cli.ExitOK && rep.Failed() {
			code = cli.ExitFail
		}
		if !*repeat || code != cli.ExitOK {
			if *repeat {
				fmt.Fprintf(env.Stdout, "repeat-until-failure: iteration %d failed\n", iteration)
			}
			return code
		}
		fmt.Fprintf(env.Stdout, "repeat-until-failure: iteration %d passed\n", iteration)
		opts.Property.Seed++
		if opts.Property.Seed == 0 {
			opts.Property.Seed = 1
		}
	}
}

// randomSeed is a non-zero seed for a run that was given none.
func randomSeed() uint64 {
	for {
		var b [8]byte
		rand.Read(b[:])
		if s := binary.BigEndian.Uint64(b[:]) >> 1; s != 0 { // below 2^63: easy to type
			return s
		}
	}
}

// replayCommand is the start of a command line that runs the same implementation again.
func replayCommand(shim string) string {
	if shim == "" {
		return "meshconform run"
	}
	return "meshconform run --shim " + shellQuote(shim)
}

// shellQuote quotes s for a POSIX shell (and for splitCommand) when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`|&;<>()*?[]#~!{}") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// splitCommand splits a --shim command into words: spaces and tabs separate words; single
// quotes keep everything up to the next single quote; double quotes keep everything up to the
// next unescaped double quote, where a backslash escapes " and \; elsewhere a backslash
// keeps the next character. No other shell syntax applies (spec/conformance.md §6).
func splitCommand(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("unterminated ' in %q", s)
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, fmt.Errorf("unterminated \" in %q", s)
			}
			inWord = true
		case c == '\\':
			if i+1 >= len(s) {
				return nil, fmt.Errorf("trailing backslash in %q", s)
			}
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("empty command")
	}
	return words, nil
}

// writeReports writes the --report files of a run; it returns ExitUsage when one cannot be
// written, else ExitOK.
func writeReports(env cli.Env, prog string, rep *conformance.Report, reports reportFlags) int {
	for _, r := range reports {
		var b bytes.Buffer
		var err error
		switch r.format {
		case "junit":
			err = rep.WriteJUnit(&b)
		case "html":
			err = rep.WriteHTML(&b)
		default:
			err = rep.WriteJSON(&b)
		}
		if err == nil {
			err = os.WriteFile(r.file, b.Bytes(), 0o644)
		}
		if err != nil {
			cli.Errorf(env, prog, "--report %s=%s: %v", r.format, r.file, err)
			return cli.ExitUsage
		}
	}
	return cli.ExitOK
}

// startShim starts the shim command and reads its hello. The shim's stderr goes into the
// trace of the case that is running, and to meshconform's stderr between cases. stop closes
// its stdin and waits for it to exit.
func startShim(env cli.Env, argv []string) (*conformance.ShimClient, func(), error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	stderr := &shimStderr{fallback: env.Stderr}
	cmd.Stderr = stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, nil, err
	}
	stop := func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	}
	client, err := conformance.NewShimClient(stdout, stdin)
	if err != nil {
		stop()
		return nil, nil, err
	}
	stderr.setClient(client)
	return client, stop, nil
}

// shimStderr routes a shim's stderr: into the running case's trace, else to fallback.
type shimStderr struct {
	mu       sync.Mutex
	client   *conformance.ShimClient
	fallback io.Writer
}

func (s *shimStderr) setClient(c *conformance.ShimClient) {
	s.mu.Lock()
	s.client = c
	s.mu.Unlock()
}

func (s *shimStderr) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.client != nil && s.client.TraceStderr(p) {
		return len(p), nil
	}
	return s.fallback.Write(p)
}
