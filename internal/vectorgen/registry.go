package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// GeneratedFile is one file a generator produces.
type GeneratedFile struct {
	Path string // relative to spec/vectors, slash-separated: "<dir>/<name>.json"
	Data []byte // the complete file
}

// Generator produces every vector file of one directory of spec/vectors.
type Generator struct {
	Dir      string                          // the directory it owns, e.g. "keys" or "ident"
	Generate func() ([]GeneratedFile, error) // must return the same bytes on every call
}

var registry = map[string]Generator{}

// register adds a generator; call it from an init function in area_<dir>.go.
func register(g Generator) {
	if g.Dir == "" || strings.Contains(g.Dir, "/") || g.Dir == vectors.SchemaDir {
		panic(fmt.Sprintf("vectorgen: bad generator directory %q", g.Dir))
	}
	if _, dup := registry[g.Dir]; dup {
		panic(fmt.Sprintf("vectorgen: two generators for %q", g.Dir))
	}
	registry[g.Dir] = g
}

// dirs returns the registered directories, sorted.
func dirs() []string {
	out := make([]string, 0, len(registry))
	for d := range registry {
		out = append(out, d)
	}
	sort.Strings(out)
	return out
}

// generate runs the generators of the given directories (all when empty) and returns their
// files sorted by path. It checks each file lies in its generator's directory, is produced
// once, and is a loadable vector file.
func generate(only []string) ([]GeneratedFile, error) {
	if len(only) == 0 {
		only = dirs()
	}
	var out []GeneratedFile
	seen := map[string]bool{}
	for _, d := range only {
		g, ok := registry[d]
		if !ok {
			return nil, fmt.Errorf("no generator for directory %q (have %s)", d, strings.Join(dirs(), ", "))
		}
		files, err := g.Generate()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d, err)
		}
		for _, f := range files {
			if path.Dir(f.Path) != d || path.Ext(f.Path) != ".json" {
				return nil, fmt.Errorf("%s: generator produced %q outside %s/*.json", d, f.Path, d)
			}
			if seen[f.Path] {
				return nil, fmt.Errorf("%s: %q produced twice", d, f.Path)
			}
			seen[f.Path] = true
			out = append(out, f)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// newFile fills in a vector file's header: the generator command and numberOfTests.
func newFile[T any](area, schema string, notes map[string]vectors.Note, tests []T) *vectors.File[T] {
	if notes == nil {
		notes = map[string]vectors.Note{}
	}
	return &vectors.File[T]{
		Header: vectors.Header{
			Area:          area,
			Schema:        schema,
			Generator:     "go run ./internal/vectorgen -area " + strings.SplitN(area, "/", 2)[0],
			Notes:         notes,
			NumberOfTests: len(tests),
		},
		Tests: tests,
	}
}

// encodeFile encodes a vector file in the canonical form of [VEC-FILE-2] and checks it loads
// with the common rules of the format, so that a generator cannot write a broken file.
func encodeFile[T any](f *vectors.File[T]) (GeneratedFile, error) {
	p, ok := vectors.PathFor(f.Area, f.Schema)
	if !ok {
		return GeneratedFile{}, fmt.Errorf("bad area %q or schema %q", f.Area, f.Schema)
	}
	data, err := marshal(f)
	if err != nil {
		return GeneratedFile{}, fmt.Errorf("%s: %w", p, err)
	}
	if _, err := vectors.Decode[json.RawMessage](data); err != nil {
		return GeneratedFile{}, fmt.Errorf("%s: generated file does not load: %w", p, err)
	}
	return GeneratedFile{Path: p, Data: data}, nil
}

// marshal is the canonical JSON encoding of vector files: members in struct order (maps
// sorted by key), two-space indentation, no HTML escaping, a final newline.
func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil { // Encode appends the final newline
		return nil, err
	}
	return b.Bytes(), nil
}
