package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/internal/cli"
)

// runCLI runs meshconform in-process and returns its exit code and output streams.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(cli.Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		code, out, errs := runCLI(t, "", args...)
		if code != 0 || !strings.HasPrefix(out, "meshconform ") || !strings.Contains(out, "go1.") || errs != "" {
			t.Errorf("%v: code=%d out=%q err=%q", args, code, out, errs)
		}
	}
	code, _, errs := runCLI(t, "", "version", "extra")
	if code != cli.ExitUsage || strings.Count(errs, "\n") != 1 {
		t.Errorf("version with an argument: code=%d err=%q", code, errs)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{nil, {"-h"}, {"--help"}, {"help"}} {
		code, out, _ := runCLI(t, "", args...)
		if code != 0 || !strings.Contains(out, "usage: meshconform COMMAND") || !strings.Contains(out, "version") {
			t.Errorf("%v: code=%d out=%q", args, code, out)
		}
	}
	code, out, _ := runCLI(t, "", "version", "-h")
	if code != 0 || !strings.Contains(out, "usage: meshconform version") {
		t.Errorf("version -h: code=%d out=%q", code, out)
	}
	code, _, errs := runCLI(t, "", "frobnicate")
	if code != cli.ExitUsage || !strings.HasPrefix(errs, "meshconform: unknown command \"frobnicate\"") {
		t.Errorf("unknown command: code=%d err=%q", code, errs)
	}
	code, _, errs = runCLI(t, "", "version", "--bogus")
	if code != cli.ExitUsage || strings.Count(errs, "\n") != 1 {
		t.Errorf("bad flag: code=%d err=%q", code, errs)
	}
}
