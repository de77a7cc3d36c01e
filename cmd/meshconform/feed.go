package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/livemesh-spec/livemesh/feedsync"
	"github.com/livemesh-spec/livemesh/internal/cli"
)

var feedCommand = cli.Command{
	Name:    "feed",
	Summary: "validate, format or merge FeedSync feeds (spec/feedsync.md)",
	Usage:   feedUsage,
	Run:     runFeed,
}

const feedUsage = "validate FILE... | fmt FILE | merge LOCAL INCOMING"

const feedHelp = `FeedSync feeds in Atom 1.0 or RSS 2.0 ("-" reads standard input).

  validate FILE...  check each file against spec/feedsync.md; one line per violation,
                    FILE:LINE: [REQ-ID] message. Exit 0 when every file is valid, 1 when
                    any violates a rule, 2 when a file cannot be read or decoded at all.
  fmt FILE          write the file in the canonical encoding (spec/feedsync.md §6) to
                    standard output. Exit 2 when it cannot be decoded.
  merge LOCAL INCOMING
                    merge the INCOMING feed into the LOCAL one (spec/feedsync.md §10) and
                    write the merged feed to standard output; on standard error one line
                    ID: outcome (added, updated, conflict, unchanged) per incoming item in
                    synchronization, then a count line. Exit 1 when an input is invalid
                    (every violation on standard error as FILE:LINE: [REQ-ID] message) or
                    the feeds cannot be merged, 2 when a file cannot be read or decoded.`

func runFeed(env cli.Env, prog string, args []string) int {
	flags := flag.NewFlagSet(prog, flag.ContinueOnError)
	pos, done, code := cli.ParseOrExit(env, prog, feedUsage, feedHelp, flags, args)
	if done {
		return code
	}
	switch {
	case len(pos) >= 2 && pos[0] == "validate":
		return feedValidate(env, pos[1:])
	case len(pos) == 2 && pos[0] == "fmt":
		return feedFmt(env, prog, pos[1])
	case len(pos) == 3 && pos[0] == "merge":
		return feedMerge(env, prog, pos[1], pos[2])
	}
	cli.Errorf(env, prog, "want 'validate FILE...', 'fmt FILE' or 'merge LOCAL INCOMING' (see '%s -h')", prog)
	return cli.ExitUsage
}

// openInput opens a named file, or standard input for "-".
func openInput(env cli.Env, name string) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(env.Stdin), nil
	}
	return os.Open(name)
}

// decodeFile reads and decodes one feed. The error is already formatted as FILE:LINE: msg.
func decodeFile(env cli.Env, name string) (*feedsync.Feed, string) {
	r, err := openInput(env, name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is already at the start of the line
		}
		return nil, fmt.Sprintf("%s: %v", name, err)
	}
	defer r.Close()
	f, err := feedsync.Decode(bufio.NewReader(r))
	if err != nil {
		var de *feedsync.DecodeError
		if errors.As(err, &de) {
			req := ""
			if de.Req != "" {
				req = "[" + de.Req + "] "
			}
			if de.Line == 0 { // the whole document, such as its size
				return nil, fmt.Sprintf("%s: %s%s", name, req, de.Msg)
			}
			return nil, fmt.Sprintf("%s:%d: %s%s", name, de.Line, req, de.Msg)
		}
		return nil, fmt.Sprintf("%s: %v", name, err)
	}
	return f, ""
}

func feedValidate(env cli.Env, files []string) int {
	code := cli.ExitOK
	for _, name := range files {
		f, msg := decodeFile(env, name)
		if f == nil {
			fmt.Fprintln(env.Stdout, msg)
			code = cli.ExitUsage
			continue
		}
		for _, v := range feedsync.Validate(f) {
			fmt.Fprintf(env.Stdout, "%s:%d: [%s] %s\n", name, v.Line, v.Req, v.Msg)
			if code == cli.ExitOK {
				code = cli.ExitFail
			}
		}
	}
	return code
}

func feedFmt(env cli.Env, prog, name string) int {
	f, msg := decodeFile(env, name)
	if f == nil {
		cli.Errorf(env, prog, "%s", msg)
		return cli.ExitUsage
	}
	w := bufio.NewWriter(env.Stdout)
	if err := feedsync.Encode(w, f); err != nil {
		cli.Errorf(env, prog, "%s: %v", name, err)
		return cli.ExitFail
	}
	if err := w.Flush(); err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitFail
	}
	return cli.ExitOK
}
