package vectors_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// sampleTest is an area test type of the kind areas declare.
type sampleTest struct {
	vectors.Test
	Input    string `json:"input"`
	Expected string `json:"expected,omitempty"`
}

const sampleSchema = "sample-thing.v1.schema.json"

// sampleDoc returns a well-formed vector file as a JSON value that cases then break.
func sampleDoc() map[string]any {
	return map[string]any{
		"area":      "sample/thing",
		"schema":    sampleSchema,
		"generator": "go run ./internal/vectorgen -area sample",
		"notes": map[string]any{
			"EdgeFlag": map[string]any{"bugType": "EDGE_CASE", "description": "an edge"},
			"Either":   map[string]any{"bugType": "EDGE_CASE", "description": "both behaviours conform", "links": []any{"https://example.org/x"}},
		},
		"numberOfTests": 3,
		"tests": []any{
			map[string]any{"id": "plain", "comment": "", "flags": []any{}, "req": []any{"VEC-TEST-1"},
				"result": "valid", "input": "00ff", "expected": "ok"},
			map[string]any{"id": "broken-input", "comment": "refused", "flags": []any{"EdgeFlag"},
				"req": []any{"VEC-TEST-5", "VEC-TEST-6"}, "result": "invalid", "error": "bad-input",
				"errorReq": "VEC-TEST-6", "input": "zz"},
			map[string]any{"id": "either-way", "comment": "", "flags": []any{"Either"}, "req": []any{"VEC-TEST-8"},
				"result": "acceptable", "input": "", "futureMember": true},
		},
	}
}

func tests(d map[string]any) []any { return d["tests"].([]any) }
func test(d map[string]any, i int) map[string]any {
	return tests(d)[i].(map[string]any)
}

func encode(t *testing.T, d map[string]any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func sampleFS(data []byte) fstest.MapFS {
	return fstest.MapFS{
		"sample/thing.json":                  {Data: data},
		"schema/" + sampleSchema:             {Data: []byte("{}")},
		"schema/sample-thing.v2.schema.json": {Data: []byte("{}")},
	}
}

func TestLoadGoodFile(t *testing.T) {
	f, err := vectors.LoadFS[sampleTest](sampleFS(encode(t, sampleDoc())), "sample/thing.json", sampleSchema)
	if err != nil {
		t.Fatal(err)
	}
	if f.Area != "sample/thing" || f.Schema != sampleSchema || f.NumberOfTests != 3 || len(f.Tests) != 3 {
		t.Fatalf("header %+v, %d tests", f.Header, len(f.Tests))
	}
	if f.Notes["Either"].Links[0] != "https://example.org/x" || f.Notes["EdgeFlag"].BugType != "EDGE_CASE" {
		t.Errorf("notes %+v", f.Notes)
	}
	b := f.Tests[1]
	if b.ID != "broken-input" || b.Result != vectors.Invalid || b.Error != "bad-input" || b.ErrorReq != "VEC-TEST-6" ||
		b.Input != "zz" || !b.HasFlag("EdgeFlag") || b.HasFlag("Either") {
		t.Errorf("test 1 = %+v", b)
	}
	if f.Tests[0].Expected != "ok" || f.Tests[0].Flags == nil {
		t.Errorf("test 0 = %+v", f.Tests[0])
	}
	t.Run("[VEC-LOAD-2] unknown test members are ignored", func(t *testing.T) {
		if f.Tests[2].ID != "either-way" || f.Tests[2].Result != vectors.Acceptable {
			t.Errorf("test 2 = %+v", f.Tests[2])
		}
	})
	t.Run("any test type: raw JSON and the common members", func(t *testing.T) {
		if _, err := vectors.LoadFS[json.RawMessage](sampleFS(encode(t, sampleDoc())), "sample/thing.json"); err != nil {
			t.Error(err)
		}
		if _, err := vectors.LoadFS[vectors.Test](sampleFS(encode(t, sampleDoc())), "sample/thing.json"); err != nil {
			t.Error(err)
		}
	})
}

func TestLoadRefusesBrokenFiles(t *testing.T) {
	type tc struct {
		name   string
		mutate func(d map[string]any)
		raw    []byte // instead of mutate
		path   string // default sample/thing.json
		kind   error
		req    string
		open   bool // load without restricting the schema
	}
	cases := []tc{
		{name: "[VEC-FILE-1] area not <dir>/<name>", mutate: func(d map[string]any) { d["area"] = "Sample/thing" }, kind: vectors.ErrHeader, req: "VEC-FILE-1"},
		{name: "[VEC-FILE-1] area with three segments", mutate: func(d map[string]any) { d["area"] = "sample/thing/x" }, kind: vectors.ErrHeader, req: "VEC-FILE-1"},
		{name: "[VEC-FILE-1] area disagrees with the path", mutate: func(d map[string]any) { d["area"] = "sample/other" }, kind: vectors.ErrHeader, req: "VEC-FILE-1"},
		{name: "[VEC-FILE-1] schema v2 in a v1 path", mutate: func(d map[string]any) { d["schema"] = "sample-thing.v2.schema.json" }, kind: vectors.ErrHeader, req: "VEC-FILE-1", open: true},
		{name: "[VEC-FILE-2] malformed JSON", raw: []byte(`{"area": "sample/thing",`), kind: vectors.ErrSyntax, req: "VEC-FILE-2"},
		{name: "[VEC-FILE-2] empty file", raw: []byte{}, kind: vectors.ErrSyntax, req: "VEC-FILE-2"},
		{name: "[VEC-FILE-2] duplicate member", raw: []byte(`{"area": "a/b", "area": "a/b"}`), kind: vectors.ErrSyntax, req: "VEC-FILE-2"},
		{name: "[VEC-FILE-2] duplicate member in a test", raw: []byte(`{"tests": [{"id": "a", "id": "b"}]}`), kind: vectors.ErrSyntax, req: "VEC-FILE-2"},
		{name: "[VEC-FILE-2] data after the object", raw: []byte(`{} {}`), kind: vectors.ErrSyntax, req: "VEC-FILE-2"},
		{name: "[VEC-FILE-2] invalid UTF-8", raw: []byte("{\"area\": \"\xff\"}"), kind: vectors.ErrSyntax, req: "VEC-FILE-2"},
		{name: "[VEC-FILE-2] byte order mark", raw: []byte("\xef\xbb\xbf{}"), kind: vectors.ErrSyntax, req: "VEC-FILE-2"},
		{name: "[VEC-FILE-2] nesting too deep", raw: []byte(strings.Repeat("[", 100) + strings.Repeat("]", 100)), kind: vectors.ErrSyntax, req: "VEC-FILE-2"},
		{name: "[VEC-FILE-3] [VEC-LOAD-1] unknown header member", mutate: func(d map[string]any) { d["algorithm"] = "x" }, kind: vectors.ErrHeader, req: "VEC-FILE-3"},
		{name: "[VEC-FILE-3] [VEC-LOAD-1] unknown member in a note", mutate: func(d map[string]any) {
			d["notes"].(map[string]any)["EdgeFlag"].(map[string]any)["effect"] = "x"
		}, kind: vectors.ErrHeader, req: "VEC-FILE-3"},
		{name: "[VEC-FILE-3] [VEC-LOAD-1] missing header member", mutate: func(d map[string]any) { delete(d, "generator") }, kind: vectors.ErrHeader, req: "VEC-FILE-3"},
		{name: "[VEC-FILE-3] [VEC-LOAD-1] null header member", mutate: func(d map[string]any) { d["notes"] = nil }, kind: vectors.ErrHeader, req: "VEC-FILE-3"},
		{name: "[VEC-FILE-3] header member of the wrong type", mutate: func(d map[string]any) { d["numberOfTests"] = "3" }, kind: vectors.ErrHeader, req: "VEC-FILE-3"},
		{name: "[VEC-FILE-3] top level not an object", raw: []byte(`[]`), kind: vectors.ErrHeader, req: "VEC-FILE-3"},
		{name: "[VEC-FILE-4] schema name malformed", mutate: func(d map[string]any) { d["schema"] = "sample.schema.json" }, kind: vectors.ErrHeader, req: "VEC-FILE-4"},
		{name: "[VEC-FILE-4] schema not in schema/", mutate: func(d map[string]any) { d["schema"] = "other.v1.schema.json" }, kind: vectors.ErrHeader, req: "VEC-FILE-4", open: true},
		{name: "[VEC-LOAD-1] schema the loader does not know", mutate: func(d map[string]any) { d["schema"] = "sample-thing.v2.schema.json" }, path: "sample/thing.v2.json", kind: vectors.ErrHeader, req: "VEC-LOAD-1"},
		{name: "[VEC-FILE-5] empty generator", mutate: func(d map[string]any) { d["generator"] = " " }, kind: vectors.ErrHeader, req: "VEC-FILE-5"},
		{name: "[VEC-FILE-6] note used by no test", mutate: func(d map[string]any) {
			d["notes"].(map[string]any)["Unused"] = map[string]any{"bugType": "BASIC", "description": "x"}
		}, kind: vectors.ErrHeader, req: "VEC-FILE-6"},
		{name: "[VEC-FILE-6] flag name not UpperCamelCase", mutate: func(d map[string]any) {
			n := d["notes"].(map[string]any)
			n["edge-flag"] = n["EdgeFlag"]
			delete(n, "EdgeFlag")
			test(d, 1)["flags"] = []any{"edge-flag"}
		}, kind: vectors.ErrHeader, req: "VEC-FILE-6"},
		{name: "[VEC-FILE-6] note without bugType", mutate: func(d map[string]any) {
			delete(d["notes"].(map[string]any)["EdgeFlag"].(map[string]any), "bugType")
		}, kind: vectors.ErrHeader, req: "VEC-FILE-6"},
		{name: "[VEC-FILE-6] note with empty description", mutate: func(d map[string]any) {
			d["notes"].(map[string]any)["EdgeFlag"].(map[string]any)["description"] = ""
		}, kind: vectors.ErrHeader, req: "VEC-FILE-6"},
		{name: "[VEC-FILE-7] numberOfTests wrong", mutate: func(d map[string]any) { d["numberOfTests"] = 4 }, kind: vectors.ErrHeader, req: "VEC-FILE-7"},
		{name: "[VEC-FILE-8] file larger than the limit", raw: []byte(`{"area": "` + strings.Repeat("a", vectors.MaxFileSize) + `"}`), kind: vectors.ErrTooLarge, req: "VEC-FILE-8"},
		{name: "[VEC-TEST-1] duplicate id", mutate: func(d map[string]any) { test(d, 1)["id"] = "plain" }, kind: vectors.ErrTest, req: "VEC-TEST-1"},
		{name: "[VEC-TEST-1] id not kebab case", mutate: func(d map[string]any) { test(d, 0)["id"] = "Plain_1" }, kind: vectors.ErrTest, req: "VEC-TEST-1"},
		{name: "[VEC-TEST-1] id missing", mutate: func(d map[string]any) { delete(test(d, 0), "id") }, kind: vectors.ErrTest, req: "VEC-TEST-1"},
		{name: "[VEC-TEST-1] test not an object", mutate: func(d map[string]any) { d["tests"] = []any{"x", "y", "z"} }, kind: vectors.ErrTest, req: "VEC-TEST-1"},
		{name: "[VEC-TEST-2] comment missing", mutate: func(d map[string]any) { delete(test(d, 0), "comment") }, kind: vectors.ErrTest, req: "VEC-TEST-2"},
		{name: "[VEC-TEST-3] flags missing", mutate: func(d map[string]any) { delete(test(d, 0), "flags") }, kind: vectors.ErrTest, req: "VEC-TEST-3"},
		{name: "[VEC-TEST-3] flag not defined in notes", mutate: func(d map[string]any) { test(d, 0)["flags"] = []any{"Nope"} }, kind: vectors.ErrTest, req: "VEC-TEST-3"},
		{name: "[VEC-TEST-3] flag listed twice", mutate: func(d map[string]any) { test(d, 1)["flags"] = []any{"EdgeFlag", "EdgeFlag"} }, kind: vectors.ErrTest, req: "VEC-TEST-3"},
		{name: "[VEC-TEST-4] req empty", mutate: func(d map[string]any) { test(d, 0)["req"] = []any{} }, kind: vectors.ErrTest, req: "VEC-TEST-4"},
		{name: "[VEC-TEST-4] req missing", mutate: func(d map[string]any) { delete(test(d, 0), "req") }, kind: vectors.ErrTest, req: "VEC-TEST-4"},
		{name: "[VEC-TEST-4] req not an ID", mutate: func(d map[string]any) { test(d, 0)["req"] = []any{"vec-test-1"} }, kind: vectors.ErrTest, req: "VEC-TEST-4"},
		{name: "[VEC-TEST-4] req listed twice", mutate: func(d map[string]any) { test(d, 0)["req"] = []any{"VEC-TEST-1", "VEC-TEST-1"} }, kind: vectors.ErrTest, req: "VEC-TEST-4"},
		{name: "[VEC-TEST-5] result unknown", mutate: func(d map[string]any) { test(d, 0)["result"] = "ok" }, kind: vectors.ErrTest, req: "VEC-TEST-5"},
		{name: "[VEC-TEST-5] result missing", mutate: func(d map[string]any) { delete(test(d, 0), "result") }, kind: vectors.ErrTest, req: "VEC-TEST-5"},
		{name: "[VEC-TEST-6] invalid without error", mutate: func(d map[string]any) { delete(test(d, 1), "error") }, kind: vectors.ErrTest, req: "VEC-TEST-6"},
		{name: "[VEC-TEST-6] error on a valid test", mutate: func(d map[string]any) { test(d, 0)["error"] = "bad-input" }, kind: vectors.ErrTest, req: "VEC-TEST-6"},
		{name: "[VEC-TEST-6] error class not kebab case", mutate: func(d map[string]any) { test(d, 1)["error"] = "BadInput" }, kind: vectors.ErrTest, req: "VEC-TEST-6"},
		{name: "[VEC-TEST-7] errorReq on an acceptable test", mutate: func(d map[string]any) { test(d, 2)["errorReq"] = "VEC-TEST-8" }, kind: vectors.ErrTest, req: "VEC-TEST-7"},
		{name: "[VEC-TEST-7] errorReq not in req", mutate: func(d map[string]any) { test(d, 1)["errorReq"] = "VEC-TEST-9" }, kind: vectors.ErrTest, req: "VEC-TEST-7"},
		{name: "[VEC-TEST-8] acceptable without a flag", mutate: func(d map[string]any) {
			test(d, 2)["flags"] = []any{}
			delete(d["notes"].(map[string]any), "Either")
		}, kind: vectors.ErrTest, req: "VEC-TEST-8"},
		{name: "[VEC-TEST-9] expected on an invalid test", mutate: func(d map[string]any) { test(d, 1)["expected"] = "x" }, kind: vectors.ErrTest, req: "VEC-TEST-9"},
		{name: "[VEC-SCH-3] test does not fit the area's type", mutate: func(d map[string]any) { test(d, 0)["input"] = 5 }, kind: vectors.ErrTest, req: "VEC-SCH-3"},
	}
	t.Run("[VEC-LOAD-3] the loader refuses files that break the common rules", func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				data := c.raw
				if c.mutate != nil {
					d := sampleDoc()
					c.mutate(d)
					data = encode(t, d)
				}
				p := c.path
				if p == "" {
					p = "sample/thing.json"
				}
				fsys := sampleFS(nil)
				fsys[p] = &fstest.MapFile{Data: data}
				schemas := []string{sampleSchema}
				if c.open {
					schemas = nil
				}
				f, err := vectors.LoadFS[sampleTest](fsys, p, schemas...)
				if err == nil {
					t.Fatalf("loaded: %+v", f.Header)
				}
				var le *vectors.LoadError
				if !errors.As(err, &le) {
					t.Fatalf("error %T %v is not a *LoadError", err, err)
				}
				if !errors.Is(err, c.kind) || le.Req != c.req {
					t.Errorf("got kind %v req %s (%v), want kind %v req %s", le.Kind, le.Req, err, c.kind, c.req)
				}
				if le.Path != p {
					t.Errorf("Path = %q, want %q", le.Path, p)
				}
				if !strings.Contains(err.Error(), "["+c.req+"]") {
					t.Errorf("message %q does not name the requirement", err)
				}
			})
		}
	})
}

func TestLoadMissingFile(t *testing.T) {
	for _, p := range []string{"sample/none.json", "../escape.json", ""} {
		_, err := vectors.LoadFS[sampleTest](sampleFS(nil), p)
		var le *vectors.LoadError
		if !errors.As(err, &le) || !errors.Is(err, vectors.ErrNotFound) {
			t.Errorf("%q: error %v, want ErrNotFound", p, err)
		}
		if p == "sample/none.json" && !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%q: error %v does not wrap fs.ErrNotExist", p, err)
		}
	}
	if _, err := vectors.Load[sampleTest]("nope/nothing.json"); !errors.Is(err, vectors.ErrNotFound) {
		t.Errorf("Load(missing) = %v", err)
	}
}

func TestLoadVersionedPath(t *testing.T) {
	d := sampleDoc()
	d["schema"] = "sample-thing.v2.schema.json"
	fsys := sampleFS(nil)
	fsys["sample/thing.v2.json"] = &fstest.MapFile{Data: encode(t, d)}
	if _, err := vectors.LoadFS[sampleTest](fsys, "sample/thing.v2.json", "sample-thing.v2.schema.json"); err != nil {
		t.Error(err)
	}
	for _, c := range []struct{ area, schema, want string }{
		{"a/b", "x.v1.schema.json", "a/b.json"},
		{"a/b", "x-y.v12.schema.json", "a/b.v12.json"},
		{"a", "x.v1.schema.json", ""},
		{"a/b", "x.v0.schema.json", ""},
		{"a/b", "x.v01.schema.json", ""},
	} {
		got, ok := vectors.PathFor(c.area, c.schema)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("PathFor(%q, %q) = %q, %v; want %q", c.area, c.schema, got, ok, c.want)
		}
	}
	if id, ok := vectors.SchemaID("keys-manifest.v1.schema.json"); !ok || id != "urn:livemesh:vectors:keys-manifest:v1" {
		t.Errorf("SchemaID = %q, %v", id, ok)
	}
}

func TestLoadErrorUnwrap(t *testing.T) {
	cause := errors.New("cause")
	e := &vectors.LoadError{Path: "a/b.json", Kind: vectors.ErrTest, Req: "VEC-TEST-1", Test: "x", Msg: "m", Err: cause}
	if !errors.Is(e, vectors.ErrTest) || !errors.Is(e, cause) || errors.Is(e, vectors.ErrHeader) {
		t.Error("errors.Is does not see kind and cause")
	}
	if got, want := e.Error(), "vectors: a/b.json: test x: [VEC-TEST-1] m: cause"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
