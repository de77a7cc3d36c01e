package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

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

// failure is one problem found in a vector file, or in one test of it.
type failure struct {
	test string // empty for the file as a whole
	msg  string
}

// areaChecker runs the reference implementation over a loaded file's bytes.
type areaChecker func(fsys fs.FS, data []byte) ([]failure, int, error)

// checkers maps a schema file name to the reference check of its tests. Areas without an
// entry are checked against their schema and the common rules only.
var checkers = map[string]areaChecker{
	"keys-manifest.v1.schema.json": checkKeyManifest,
}

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
	paths, err := vectorFiles(tree, pos[1:])
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

// vectorFiles lists <dir>/<name>.json outside the schema directory, filtered by the areas.
func vectorFiles(tree fs.FS, areas []string) ([]string, error) {
	dirs, err := fs.ReadDir(tree, ".")
	if err != nil {
		return nil, fmt.Errorf("reading the vector tree: %w", err)
	}
	var out []string
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == vectors.SchemaDir {
			continue
		}
		entries, err := fs.ReadDir(tree, d.Name())
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			p := path.Join(d.Name(), e.Name())
			if e.IsDir() || !strings.HasSuffix(p, ".json") {
				continue
			}
			match := len(areas) == 0
			for _, a := range areas {
				match = match || p == a || strings.HasPrefix(p, strings.TrimSuffix(a, "/")+"/") || strings.TrimSuffix(p, ".json") == a
			}
			if match {
				out = append(out, p)
			}
		}
	}
	sort.Strings(out)
	if len(out) == 0 && len(areas) > 0 {
		return nil, fmt.Errorf("no vector files match %s", strings.Join(areas, " "))
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no vector files (<area>/<name>.json) in the tree")
	}
	return out, nil
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
		fails, n, note := checkVectorFile(tree, validator, p)
		passed += max(n-len(distinctTests(fails)), 0)
		if len(fails) == 0 {
			fmt.Fprintf(env.Stdout, "ok    %-28s %4d tests%s\n", p, n, note)
			continue
		}
		failed += max(len(distinctTests(fails)), 1)
		fmt.Fprintf(env.Stdout, "FAIL  %-28s %4d tests%s\n", p, n, note)
		for _, f := range fails {
			where := p
			if f.test != "" {
				where += "#" + f.test
			}
			fmt.Fprintf(env.Stdout, "      %s: %s\n", where, f.msg)
		}
	}
	fmt.Fprintf(env.Stdout, "vectors: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return cli.ExitFail
	}
	return cli.ExitOK
}

func distinctTests(fails []failure) map[string]bool {
	out := map[string]bool{}
	for _, f := range fails {
		out[f.test] = true
	}
	return out
}

// checkVectorFile checks one file: common rules, schema, then the reference. It returns the
// failures, the number of tests and a note saying what was checked.
func checkVectorFile(tree fs.FS, validator *vectors.Validator, p string) ([]failure, int, string) {
	f, err := vectors.LoadFS[json.RawMessage](tree, p)
	if err != nil {
		return []failure{{msg: err.Error()}}, 0, ""
	}
	data, err := fs.ReadFile(tree, p)
	if err != nil {
		return []failure{{msg: err.Error()}}, 0, ""
	}
	if err := validator.Validate(data); err != nil {
		return []failure{{msg: "does not validate against " + f.Schema + ": " + oneLine(err.Error())}}, f.NumberOfTests, ""
	}
	check, ok := checkers[f.Schema]
	if !ok {
		return nil, f.NumberOfTests, "  (schema only: no reference check for this area yet)"
	}
	fails, n, err := check(tree, data)
	if err != nil {
		return []failure{{msg: err.Error()}}, f.NumberOfTests, ""
	}
	return fails, n, ""
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
