package main

import (
	"bufio"
	"errors"
	"fmt"

	"github.com/livemesh-spec/livemesh/feedsync"
	"github.com/livemesh-spec/livemesh/internal/cli"
)

// feedMerge merges the incoming feed into the local one (spec/feedsync.md §10): the merged
// feed on standard output, one "ID: outcome" line per incoming item in synchronization and a
// count line on standard error. Exit 1 when an input breaks a rule of §1–§4 (every violation
// on standard error as FILE:LINE: [REQ] message, nothing on standard output) or the feeds
// cannot be merged (formats differ); exit 2 when a file cannot be read or decoded.
func feedMerge(env cli.Env, prog, localName, incomingName string) int {
	if localName == "-" && incomingName == "-" {
		cli.Errorf(env, prog, "only one of LOCAL and INCOMING can be standard input")
		return cli.ExitUsage
	}
	local, msg := decodeFile(env, localName)
	if local == nil {
		cli.Errorf(env, prog, "%s", msg)
		return cli.ExitUsage
	}
	incoming, msg := decodeFile(env, incomingName)
	if incoming == nil {
		cli.Errorf(env, prog, "%s", msg)
		return cli.ExitUsage
	}
	invalid := false
	for _, in := range []struct {
		name string
		feed *feedsync.Feed
	}{{localName, local}, {incomingName, incoming}} {
		for _, v := range feedsync.Validate(in.feed) {
			fmt.Fprintf(env.Stderr, "%s:%d: [%s] %s\n", in.name, v.Line, v.Req, v.Msg)
			invalid = true
		}
	}
	if invalid {
		return cli.ExitFail
	}
	merged, outcomes, err := feedsync.MergeFeed(local, incoming)
	if err != nil {
		var ae *feedsync.AlgorithmError
		if errors.As(err, &ae) {
			cli.Errorf(env, prog, "%s and %s: [%s] %s", localName, incomingName, ae.Req, ae.Msg)
		} else {
			cli.Errorf(env, prog, "%v", err)
		}
		return cli.ExitFail
	}
	w := bufio.NewWriter(env.Stdout)
	if err := feedsync.Encode(w, merged); err != nil {
		cli.Errorf(env, prog, "encoding the merged feed: %v", err)
		return cli.ExitFail
	}
	if err := w.Flush(); err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitFail
	}
	var count [4]int
	for _, o := range outcomes {
		fmt.Fprintf(env.Stderr, "%s: %s\n", o.ID, outcomeName(o.Outcome))
		if o.Outcome >= 0 && int(o.Outcome) < len(count) {
			count[o.Outcome]++
		}
	}
	fmt.Fprintf(env.Stderr, "%d incoming items: %d added, %d updated, %d conflict, %d unchanged\n",
		len(outcomes), count[feedsync.Added], count[feedsync.Updated], count[feedsync.Conflict], count[feedsync.Unchanged])
	return cli.ExitOK
}

// outcomeName is the outcome as the vectors write it (spec/feedsync.md FS-MERGE-9).
func outcomeName(o feedsync.Outcome) string {
	switch o {
	case feedsync.Added:
		return "added"
	case feedsync.Updated:
		return "updated"
	case feedsync.Conflict:
		return "conflict"
	case feedsync.Unchanged:
		return "unchanged"
	}
	return o.String()
}
