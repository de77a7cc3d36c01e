package vectors

import (
	"embed"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// The embedded tree. Vector files live exactly one directory deep (<dir>/<name>.json), which
// the second pattern matches for every area added later; it also matches keys/manifest.json
// and the schema files.
//
//go:embed keys/*.pem */*.json
var files embed.FS

// FS returns the embedded tree: keys/*.pem, schema/*.schema.json and every vector file
// <dir>/<name>.json. Paths are slash-separated and relative to spec/vectors.
func FS() fs.FS { return files }

// SchemaDir is the directory of the JSON Schema files inside FS.
const SchemaDir = "schema"

// VectorPaths returns the paths (relative to spec/vectors, sorted) of every embedded vector
// file: each <dir>/<name>.json outside SchemaDir.
func VectorPaths() []string {
	var out []string
	dirs, _ := fs.ReadDir(files, ".") // the embedded FS cannot fail on "."
	for _, d := range dirs {
		if !d.IsDir() || d.Name() == SchemaDir {
			continue
		}
		entries, _ := fs.ReadDir(files, d.Name())
		for _, e := range entries {
			if !e.IsDir() && strings.HasSuffix(e.Name(), ".json") {
				out = append(out, path.Join(d.Name(), e.Name()))
			}
		}
	}
	sort.Strings(out)
	return out
}

// SchemaNames returns the file names (sorted) of the embedded JSON Schemas, for example
// "common.v1.schema.json". Read them with fs.ReadFile(FS(), SchemaDir+"/"+name).
func SchemaNames() []string {
	var out []string
	entries, _ := fs.ReadDir(files, SchemaDir)
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".schema.json") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}
