package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

const modulePath = "github.com/livemesh-spec/livemesh"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("vectorgen", flag.ContinueOnError)
	fl.SetOutput(stderr)
	check := fl.Bool("check", false, "compare with the committed files instead of writing; exit 1 on any difference")
	prune := fl.Bool("prune", false, "delete stale vector files (files no generator produces)")
	area := fl.String("area", "", "comma-separated directories to generate (default: all)")
	dir := fl.String("dir", "", "the spec/vectors directory (default: found from the module root)")
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage: go run ./internal/vectorgen [-check] [-prune] [-area dir[,dir...]] [-dir path]\n\n")
		fmt.Fprintf(stderr, "Generates the test vectors under spec/vectors (see spec/vectors/README.md).\n")
		fmt.Fprintf(stderr, "Exit codes: 0 ok, 1 differences (-check), 2 usage or generation error.\n\n")
		fl.PrintDefaults()
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() != 0 {
		fmt.Fprintf(stderr, "vectorgen: unexpected argument %q\n", fl.Arg(0))
		return 2
	}
	if *check && *prune {
		fmt.Fprintln(stderr, "vectorgen: -check and -prune exclude each other")
		return 2
	}
	root := *dir
	if root == "" {
		var err error
		if root, err = vectorsDir(); err != nil {
			fmt.Fprintln(stderr, "vectorgen:", err)
			return 2
		}
	}
	var only []string
	if *area != "" {
		only = strings.Split(*area, ",")
	}
	files, err := generate(only)
	if err != nil {
		fmt.Fprintln(stderr, "vectorgen:", err)
		return 2
	}
	diffs, err := compare(os.DirFS(root), files, only)
	if err != nil {
		fmt.Fprintln(stderr, "vectorgen:", err)
		return 2
	}
	if *check {
		for _, d := range diffs {
			fmt.Fprintln(stdout, d)
		}
		if len(diffs) > 0 {
			fmt.Fprintf(stderr, "vectorgen: %d file(s) not fresh; run: go run ./internal/vectorgen\n", len(diffs))
			return 1
		}
		fmt.Fprintf(stdout, "vectorgen: %d file(s) fresh\n", len(files))
		return 0
	}
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Data
	}
	code := 0
	for _, d := range diffs {
		p := filepath.Join(root, filepath.FromSlash(d.Path))
		switch d.Kind {
		case kindStale:
			if !*prune {
				fmt.Fprintf(stderr, "vectorgen: %s is stale (no generator produces it); delete it or run with -prune\n", d.Path)
				code = 1
				continue
			}
			if err := os.Remove(p); err != nil {
				fmt.Fprintln(stderr, "vectorgen:", err)
				return 2
			}
			fmt.Fprintf(stdout, "removed %s\n", d.Path)
		default:
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				fmt.Fprintln(stderr, "vectorgen:", err)
				return 2
			}
			if err := os.WriteFile(p, byPath[d.Path], 0o644); err != nil {
				fmt.Fprintln(stderr, "vectorgen:", err)
				return 2
			}
			fmt.Fprintf(stdout, "wrote %s\n", d.Path)
		}
	}
	return code
}

// vectorsDir finds spec/vectors from the working directory by walking up to the module root.
func vectorsDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && modulePathOf(data) == modulePath {
			return filepath.Join(d, "spec", "vectors"), nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("not inside module %s (from %s); use -dir", modulePath, wd)
		}
		d = parent
	}
}

func modulePathOf(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		if f := strings.Fields(sc.Text()); len(f) == 2 && f[0] == "module" {
			return strings.Trim(f[1], `"`)
		}
	}
	return ""
}

const (
	kindDiffers = "differs"
	kindMissing = "missing"
	kindStale   = "stale"
)

// fileDiff is one way the committed tree differs from a fresh generation.
type fileDiff struct {
	Path      string
	Kind      string // kindDiffers, kindMissing or kindStale
	Line      int    // first differing line (1-based), for kindDiffers
	Committed string // that line in the committed file ("" past its end)
	Generated string // that line in the generated file ("" past its end)
}

func (d fileDiff) String() string {
	switch d.Kind {
	case kindDiffers:
		return fmt.Sprintf("%s: differs from a fresh generation at line %d\n\tcommitted: %q\n\tgenerated: %q",
			d.Path, d.Line, d.Committed, d.Generated)
	case kindMissing:
		return fmt.Sprintf("%s: generated but not committed", d.Path)
	default:
		return fmt.Sprintf("%s: stale: committed but no generator produces it", d.Path)
	}
}

// compare compares generated files with the tree in fsys (spec/vectors). Stale files are
// looked for in the given directories, or in the whole tree when only is empty: every .json
// file outside schema/, testdata/, internal/ and hidden directories must be generated.
func compare(fsys fs.FS, files []GeneratedFile, only []string) ([]fileDiff, error) {
	var out []fileDiff
	generated := map[string]bool{}
	for _, f := range files {
		generated[f.Path] = true
		old, err := fs.ReadFile(fsys, f.Path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			out = append(out, fileDiff{Path: f.Path, Kind: kindMissing})
		case err != nil:
			return nil, err
		case !bytes.Equal(old, f.Data):
			line, c, g := firstDifference(old, f.Data)
			out = append(out, fileDiff{Path: f.Path, Kind: kindDiffers, Line: line, Committed: c, Generated: g})
		}
	}
	roots := only
	if len(roots) == 0 {
		roots = []string{"."}
	}
	for _, r := range roots {
		err := fs.WalkDir(fsys, r, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == r {
					return fs.SkipDir
				}
				return err
			}
			if d.IsDir() {
				name := d.Name()
				if p != "." && (name == "schema" || name == "testdata" || name == "internal" ||
					strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
					return fs.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(p, ".json") && !generated[p] {
				out = append(out, fileDiff{Path: p, Kind: kindStale})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// firstDifference returns the first line (1-based) at which a and b differ, and that line of
// each.
func firstDifference(a, b []byte) (int, string, string) {
	al := strings.SplitAfter(string(a), "\n")
	bl := strings.SplitAfter(string(b), "\n")
	for i := 0; ; i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y || (i >= len(al) && i >= len(bl)) {
			return i + 1, x, y
		}
	}
}
