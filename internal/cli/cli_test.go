package cli

import (
	"bytes"
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseInterspersed(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		wantPos []string
		wantV   bool
		wantN   int
		wantErr bool
		help    bool
	}{
		{name: "flags first", args: []string{"-v", "-n", "3", "a", "b"}, wantPos: []string{"a", "b"}, wantV: true, wantN: 3},
		{name: "flags last", args: []string{"a", "b", "-v", "--n=4"}, wantPos: []string{"a", "b"}, wantV: true, wantN: 4},
		{name: "flags between", args: []string{"a", "-n", "5", "b"}, wantPos: []string{"a", "b"}, wantN: 5},
		{name: "double dash ends flags", args: []string{"a", "--", "-v", "b"}, wantPos: []string{"a", "-v", "b"}},
		{name: "no args", args: nil, wantPos: nil},
		{name: "unknown flag", args: []string{"a", "-x"}, wantErr: true},
		{name: "missing value", args: []string{"-n"}, wantErr: true},
		{name: "help", args: []string{"a", "-h"}, help: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			v := fs.Bool("v", false, "")
			n := fs.Int("n", 0, "")
			pos, err := Parse(fs, tc.args)
			switch {
			case tc.help:
				if !errors.Is(err, ErrHelp) {
					t.Fatalf("err = %v, want ErrHelp", err)
				}
				return
			case tc.wantErr:
				var ue *UsageError
				if !errors.As(err, &ue) {
					t.Fatalf("err = %v, want *UsageError", err)
				}
				return
			case err != nil:
				t.Fatalf("unexpected error %v", err)
			}
			if diff := cmp.Diff(tc.wantPos, pos); diff != "" {
				t.Errorf("positional (-want +got):\n%s", diff)
			}
			if *v != tc.wantV || *n != tc.wantN {
				t.Errorf("v=%v n=%d, want v=%v n=%d", *v, *n, tc.wantV, tc.wantN)
			}
		})
	}
}

func TestDispatch(t *testing.T) {
	ran := ""
	cmds := []Command{{Name: "hello", Summary: "says hello", Run: func(env Env, prog string, args []string) int {
		ran = prog + " " + strings.Join(args, ",")
		return 7
	}}}
	var out, errb bytes.Buffer
	env := Env{Stdout: &out, Stderr: &errb}
	if code := Dispatch(env, "p", "overview text", cmds, []string{"hello", "a", "b"}); code != 7 || ran != "p hello a,b" {
		t.Fatalf("code=%d ran=%q", code, ran)
	}
	out.Reset()
	if code := Dispatch(env, "p", "overview text", cmds, nil); code != ExitOK || !strings.Contains(out.String(), "hello  says hello") {
		t.Fatalf("overview: code=%d out=%q", code, out.String())
	}
	errb.Reset()
	if code := Dispatch(env, "p", "o", cmds, []string{"nope"}); code != ExitUsage || strings.Count(errb.String(), "\n") != 1 || !strings.HasPrefix(errb.String(), "p: unknown command") {
		t.Fatalf("unknown: code=%d stderr=%q", code, errb.String())
	}
}
