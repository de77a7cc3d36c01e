package main

import (
	"flag"
	"fmt"

	"github.com/livemesh-spec/livemesh/internal/cli"
)

var versionCommand = cli.Command{
	Name:    "version",
	Summary: "print meshconform's version",
	Usage:   "",
	Run: func(env cli.Env, prog string, args []string) int {
		fs := flag.NewFlagSet(prog, flag.ContinueOnError)
		pos, done, code := cli.ParseOrExit(env, prog, "", "Print meshconform's version, Go version and platform.", fs, args)
		if done {
			return code
		}
		if len(pos) > 0 {
			cli.Errorf(env, prog, "takes no arguments (see '%s -h')", prog)
			return cli.ExitUsage
		}
		fmt.Fprintln(env.Stdout, versionString())
		return cli.ExitOK
	},
}
