package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
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

// reportFlags collects --report FORMAT=FILE values.
type reportFlags []reportTarget

type reportTarget struct{ format, file string }

func (r *reportFlags) String() string { return "" }

func (r *reportFlags) Set(v string) error {
	format, file, ok := strings.Cut(v, "=")
	if !ok || file == "" {
		return fmt.Errorf("want FORMAT=FILE, got %q", v)
	}
	if format != "json" && format != "junit" {
		return fmt.Errorf("unknown report format %q: want json or junit", format)
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
	shimCmd := fs.String("shim", "", "run against the implementation this `command` serves over the shim protocol (split on spaces, no shell)")
	var reports reportFlags
	fs.Var(&reports, "report", "also write a report, as `FORMAT=FILE` (format: json or junit); repeatable")
	pos, done, code := cli.ParseOrExit(env, prog, runUsage, runHelp, fs, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		cli.Errorf(env, prog, "unexpected argument %q (see '%s -h')", pos[0], prog)
		return cli.ExitUsage
	}
	opts := conformance.Options{Strict: *strict}
	var err error
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
	cases, err := conformance.Cases()
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
	if *shimCmd != "" {
		client, stop, err := startShim(env, *shimCmd)
		if err != nil {
			cli.Errorf(env, prog, "--shim: %v", err)
			return exitUnreachable
		}
		defer stop()
		code := finishRun(env, prog, conformance.Run(client, cases, opts, nil), *verbose, reports)
		if err := client.Err(); err != nil && code != cli.ExitUsage {
			cli.Errorf(env, prog, "--shim: %v", err)
			return exitUnreachable
		}
		return code
	}
	return finishRun(env, prog, conformance.Run(runImpl, cases, opts, nil), *verbose, reports)
}

// finishRun writes the reports of a run and returns its exit status.
func finishRun(env cli.Env, prog string, rep *conformance.Report, verbose bool, reports reportFlags) int {
	if err := rep.WriteText(env.Stdout, verbose); err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitUsage
	}
	for _, r := range reports {
		var b bytes.Buffer
		var err error
		if r.format == "junit" {
			err = rep.WriteJUnit(&b)
		} else {
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
	if rep.Failed() {
		return cli.ExitFail
	}
	return cli.ExitOK
}

// startShim starts the shim command with its stderr passed through, and reads its hello. stop
// closes its stdin and waits for it to exit.
func startShim(env cli.Env, command string) (*conformance.ShimClient, func(), error) {
	argv := strings.Fields(command)
	if len(argv) == 0 {
		return nil, nil, fmt.Errorf("empty command")
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stderr = env.Stderr
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
	return client, stop, nil
}
