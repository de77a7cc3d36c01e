// Package cli holds the small pieces every livemesh binary shares: subcommand dispatch over the
// standard flag package, flags accepted before or after positional arguments, one-line errors
// and documented exit codes (design.md §5 "CLIs").
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Exit codes shared by every livemesh binary. Later subcommands may define more (the
// conformance runner does) but never reuse these for another meaning.
const (
	ExitOK    = 0 // the command did what was asked
	ExitFail  = 1 // the command ran and found a failure (a check failed, a value is invalid)
	ExitUsage = 2 // the command line or configuration is wrong
)

// Env is what a command may touch: its output streams and its stdin. Commands never use
// os.Stdout directly so that tests can run them in-process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// Command is one subcommand. Run receives the arguments after the subcommand's name and
// returns an exit code; it reports errors itself through Errorf.
type Command struct {
	Name    string
	Summary string // one line, shown in the parent's help
	Usage   string // text after "usage: PROG NAME ", e.g. "[flags] FILE..."
	Run     func(env Env, prog string, args []string) int
}

// ErrHelp is returned by Parse when -h or --help was given; the caller exits 0.
var ErrHelp = flag.ErrHelp

// UsageError marks a problem with the command line: exit code 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Parse parses flags that may stand before, between or after positional arguments, as
// design.md §5 asks; "--" ends flag parsing. It returns the positional arguments in order.
// The FlagSet must use flag.ContinueOnError.
func Parse(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard) // we print errors ourselves, in one line
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, ErrHelp
			}
			return nil, &UsageError{Msg: err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		// flag stops at the first non-flag, or after "--", which it consumes. If the word
		// before rest is "--", everything left is positional.
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(positional, rest...), nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

// Errorf prints "prog: message" on one line to stderr.
func Errorf(env Env, prog, format string, a ...any) {
	msg := fmt.Sprintf(format, a...)
	msg = strings.ReplaceAll(msg, "\n", " ")
	fmt.Fprintf(env.Stderr, "%s: %s\n", prog, msg)
}

// PrintFlags writes a flag set's defaults to w in the usual Go layout.
func PrintFlags(w io.Writer, fs *flag.FlagSet) {
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// Dispatch runs the subcommand named by args[0]. With no arguments, or with -h/--help/help,
// it prints the overview and returns 0; an unknown name is a usage error (exit 2).
func Dispatch(env Env, prog, overview string, cmds []Command, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help" {
		if len(args) >= 2 && args[0] == "help" {
			for _, c := range cmds {
				if c.Name == args[1] {
					return c.Run(env, prog+" "+c.Name, []string{"-h"})
				}
			}
			Errorf(env, prog, "unknown command %q (see '%s -h')", args[1], prog)
			return ExitUsage
		}
		PrintOverview(env.Stdout, prog, overview, cmds)
		return ExitOK
	}
	for _, c := range cmds {
		if c.Name == args[0] {
			return c.Run(env, prog+" "+c.Name, args[1:])
		}
	}
	Errorf(env, prog, "unknown command %q (see '%s -h')", args[0], prog)
	return ExitUsage
}

// PrintOverview writes the top-level help: the overview text and one line per command.
func PrintOverview(w io.Writer, prog, overview string, cmds []Command) {
	fmt.Fprintf(w, "%s\n\nusage: %s COMMAND [flags] [args]\n\ncommands:\n", strings.TrimSpace(overview), prog)
	sorted := append([]Command(nil), cmds...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	width := 0
	for _, c := range sorted {
		width = max(width, len(c.Name))
	}
	for _, c := range sorted {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.Name, c.Summary)
	}
	fmt.Fprintf(w, "\nRun '%s COMMAND -h' for a command's flags.\n", prog)
}

// FlagUsage prints a subcommand's help: its usage line, summary and flags.
func FlagUsage(w io.Writer, prog, usage, summary string, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: %s %s\n\n%s\n", prog, usage, summary)
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintf(w, "\nflags:\n")
		PrintFlags(w, fs)
	}
}

// ParseOrExit is the common prologue of a subcommand: it parses args, prints help on -h
// (returning done=true, code 0) and a one-line error on bad flags (done=true, code 2).
func ParseOrExit(env Env, prog, usage, summary string, fs *flag.FlagSet, args []string) (positional []string, done bool, code int) {
	pos, err := Parse(fs, args)
	switch {
	case errors.Is(err, ErrHelp):
		FlagUsage(env.Stdout, prog, usage, summary, fs)
		return nil, true, ExitOK
	case err != nil:
		Errorf(env, prog, "%v (see '%s -h')", err, prog)
		return nil, true, ExitUsage
	}
	return pos, false, ExitOK
}
