package main

import (
	"flag"

	"github.com/livemesh-spec/livemesh/conformance"
	"github.com/livemesh-spec/livemesh/internal/cli"
)

var shimCommand = cli.Command{
	Name:    "shim",
	Summary: "serve the reference implementation over the shim protocol on stdin/stdout",
	Usage:   "",
	Run:     runShim,
}

const shimHelp = `Serve the reference implementation over the shim protocol (spec/conformance.md §8): write
the hello line, then answer one JSON request a line from stdin on stdout until stdin ends.
So 'meshconform run --shim "meshconform shim"' crosses a real process boundary.`

func runShim(env cli.Env, prog string, args []string) int {
	fs := flag.NewFlagSet(prog, flag.ContinueOnError)
	pos, done, code := cli.ParseOrExit(env, prog, "", shimHelp, fs, args)
	if done {
		return code
	}
	if len(pos) > 0 {
		cli.Errorf(env, prog, "unexpected argument %q (see '%s -h')", pos[0], prog)
		return cli.ExitUsage
	}
	if err := conformance.ServeShim(conformance.Reference{}, env.Stdin, env.Stdout); err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitFail
	}
	return cli.ExitOK
}
