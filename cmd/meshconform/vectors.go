package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"

	"github.com/livemesh-spec/livemesh/conformance"
	"github.com/livemesh-spec/livemesh/internal/cli"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

var vectorsCommand = cli.Command{
	Name:    "vectors",
	Summary: "list the published test vectors, or check them against their schemas and the reference",
	Usage:   vectorsUsage,
	Run:     runVectors,
}

const vectorsUsage = "list|check [flags] [AREA...]"

const vectorsHelp = `Work with the test vectors of spec/vectors (embedded in this binary, or a copy on disk).

  list   one line per vector file: path, schema, number of tests
  check  validate every file against its JSON Schema and the common rules of the format, then
         run the reference implementation over each test; exit 1 if anything fails

AREA limits the files to those whose path starts with it (e.g. "ident" or "ident/user-name").`

func runVectors(env cli.Env, prog string, args []string) int {
	fs := flag.NewFlagSet(prog, flag.ContinueOnError)
	dir := fs.String("dir", "", "read the vectors from this spec/vectors `directory` instead of the embedded copy")
	pos, done, code := cli.ParseOrExit(env, prog, vectorsUsage, vectorsHelp, fs, args)
	if done {
		return code
	}
	if len(pos) == 0 {
		cli.Errorf(env, prog, "missing subcommand: list or check (see '%s -h')", prog)
		return cli.ExitUsage
	}
	tree := vectors.FS()
	if *dir != "" {
		if st, err := os.Stat(*dir); err != nil || !st.IsDir() {
			cli.Errorf(env, prog, "--dir %s: not a readable directory", *dir)
			return cli.ExitUsage
		}
		tree = os.DirFS(*dir)
	}
	paths, err := conformance.VectorFiles(tree, pos[1:])
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitUsage
	}
	switch pos[0] {
	case "list":
		return listVectors(env, tree, paths)
	case "check":
		return checkVectors(env, prog, tree, paths)
	}
	cli.Errorf(env, prog, "unknown subcommand %q: want list or check", pos[0])
	return cli.ExitUsage
}

func listVectors(env cli.Env, tree fs.FS, paths []string) int {
	for _, p := range paths {
		f, err := vectors.LoadFS[json.RawMessage](tree, p)
		if err != nil {
			fmt.Fprintf(env.Stdout, "%-28s unreadable: %v\n", p, err)
			continue
		}
		fmt.Fprintf(env.Stdout, "%-28s %-30s %4d tests\n", p, f.Schema, f.NumberOfTests)
	}
	return cli.ExitOK
}

func checkVectors(env cli.Env, prog string, tree fs.FS, paths []string) int {
	validator, err := vectors.NewValidator(tree)
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitUsage
	}
	passed, failed := 0, 0
	for _, p := range paths {
		fails, n, note := conformance.CheckVectorFile(conformance.Reference{}, tree, validator, p)
		passed += max(n-len(distinctTests(fails)), 0)
		if len(fails) == 0 {
			fmt.Fprintf(env.Stdout, "ok    %-28s %4d tests%s\n", p, n, note)
			continue
		}
		failed += max(len(distinctTests(fails)), 1)
		fmt.Fprintf(env.Stdout, "FAIL  %-28s %4d tests%s\n", p, n, note)
		for _, f := range fails {
			where := p
			if f.Test != "" {
				where += "#" + f.Test
			}
			fmt.Fprintf(env.Stdout, "      %s: %s\n", where, f.Msg)
		}
	}
	fmt.Fprintf(env.Stdout, "vectors: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return cli.ExitFail
	}
	return cli.ExitOK
}

func distinctTests(fails []conformance.Failure) map[string]bool {
	out := map[string]bool{}
	for _, f := range fails {
		out[f.Test] = true
	}
	return out
}
