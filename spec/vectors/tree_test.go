package vectors_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// compileSchemas loads every schema file of the tree into one compiler under its $id.
func compileSchemas(t *testing.T) (*jsonschema.Compiler, map[string]any) {
	t.Helper()
	c := jsonschema.NewCompiler()
	docs := map[string]any{}
	for _, name := range vectors.SchemaNames() {
		data, err := fs.ReadFile(vectors.FS(), vectors.SchemaDir+"/"+name)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		id, _ := vectors.SchemaID(name)
		if err := c.AddResource(id, doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs[name] = doc
	}
	return c, docs
}

func compile(t *testing.T, c *jsonschema.Compiler, schema string) *jsonschema.Schema {
	t.Helper()
	id, ok := vectors.SchemaID(schema)
	if !ok {
		t.Fatalf("bad schema name %q", schema)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatalf("%s: %v", schema, err)
	}
	return sch
}

func readVector(t *testing.T, p string) []byte {
	t.Helper()
	data, err := fs.ReadFile(vectors.FS(), p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestTreeHasVectors(t *testing.T) {
	if !slices.Contains(vectors.VectorPaths(), vectors.KeyManifestPath) {
		t.Fatalf("VectorPaths() = %v lacks %s", vectors.VectorPaths(), vectors.KeyManifestPath)
	}
	for _, p := range vectors.VectorPaths() {
		if strings.HasPrefix(p, vectors.SchemaDir+"/") {
			t.Errorf("VectorPaths() lists schema file %s", p)
		}
	}
}

func TestVectorFiles(t *testing.T) {
	c, _ := compileSchemas(t)
	validator, err := vectors.NewValidator(vectors.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range vectors.VectorPaths() {
		data := readVector(t, p)
		t.Run("[VEC-FILE-1] [VEC-FILE-3] [VEC-FILE-4] [VEC-FILE-5] [VEC-FILE-6] [VEC-FILE-7] [VEC-TEST-1] [VEC-TEST-2] [VEC-TEST-3] [VEC-TEST-4] [VEC-TEST-5] [VEC-TEST-6] [VEC-TEST-7] [VEC-TEST-8] [VEC-TEST-9] common rules: "+p, func(t *testing.T) {
			f, err := vectors.Load[json.RawMessage](p)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(vectors.SchemaNames(), f.Schema) {
				t.Errorf("schema %q is not in schema/", f.Schema)
			}
			if !strings.HasPrefix(f.Generator, "go run ./internal/vectorgen") {
				t.Errorf("generator %q is not the vector generator", f.Generator)
			}
		})
		t.Run("[VEC-FILE-8] size limit: "+p, func(t *testing.T) {
			if len(data) > vectors.MaxFileSize {
				t.Errorf("%d bytes", len(data))
			}
		})
		t.Run("[VEC-FILE-2] canonical layout: "+p, func(t *testing.T) {
			checkCanonical(t, data)
		})
		t.Run("[VEC-SCH-3] [VEC-FILE-4] [VEC-FILE-9] validates against its schema: "+p, func(t *testing.T) {
			var h struct{ Schema string }
			if err := json.Unmarshal(data, &h); err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if err := compile(t, c, h.Schema).Validate(inst); err != nil {
				t.Errorf("%s does not validate against %s:\n%v", p, h.Schema, err)
			}
			// The exported Validator, which meshconform uses, agrees.
			if err := validator.Validate(data); err != nil {
				t.Errorf("vectors.Validator: %v", err)
			}
		})
		t.Run("[VEC-SCH-2] the schema is closed: unknown members fail: "+p, func(t *testing.T) {
			var h struct{ Schema string }
			if err := json.Unmarshal(data, &h); err != nil {
				t.Fatal(err)
			}
			sch := compile(t, c, h.Schema)
			var doc map[string]any
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			doc["unknownHeaderMember"] = 1
			if sch.Validate(roundTrip(t, doc)) == nil {
				t.Error("an unknown header member validates")
			}
			delete(doc, "unknownHeaderMember")
			for i, tc := range doc["tests"].([]any) {
				m := tc.(map[string]any)
				m["unknownTestMember"] = 1
				if sch.Validate(roundTrip(t, doc)) == nil {
					t.Errorf("test %d: an unknown test member validates", i)
				}
				delete(m, "unknownTestMember")
				if e, ok := m["expected"].(map[string]any); ok {
					e["unknownExpectedMember"] = 1
					if sch.Validate(roundTrip(t, doc)) == nil {
						t.Errorf("test %d: an unknown member of expected validates", i)
					}
					delete(e, "unknownExpectedMember")
				}
			}
		})
	}
}

func roundTrip(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkCanonical checks the layout of [VEC-FILE-2]: UTF-8 without BOM, exactly the bytes
// json.Indent gives with two spaces and a final newline (which keeps member order), no
// HTML escapes, header members in order, common test members first and in order, notes
// sorted.
func checkCanonical(t *testing.T, data []byte) {
	t.Helper()
	if !utf8.Valid(data) || bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) || bytes.Contains(data, []byte("\r")) {
		t.Fatal("not UTF-8 without BOM and CR")
	}
	var compact, indented bytes.Buffer
	if err := json.Compact(&compact, data); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&indented, compact.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	indented.WriteByte('\n')
	if !bytes.Equal(indented.Bytes(), data) {
		t.Error("layout is not two-space indentation with a final newline")
	}
	for _, esc := range []string{`\u003c`, `\u003e`, `\u0026`} {
		if bytes.Contains(data, []byte(esc)) {
			t.Errorf("contains the escape %s", esc)
		}
	}
	var top orderedObject
	if err := json.Unmarshal(data, &top); err != nil {
		t.Fatal(err)
	}
	want := []string{"area", "schema", "generator", "notes", "numberOfTests", "tests"}
	if !slices.Equal(top.keys, want) {
		t.Errorf("header members %v, want %v", top.keys, want)
	}
	var notes orderedObject
	if err := json.Unmarshal(top.values["notes"], &notes); err != nil {
		t.Fatal(err)
	}
	if !sort.StringsAreSorted(notes.keys) {
		t.Errorf("notes not sorted: %v", notes.keys)
	}
	var tests []orderedObject
	if err := json.Unmarshal(top.values["tests"], &tests); err != nil {
		t.Fatal(err)
	}
	common := []string{"id", "comment", "flags", "req", "result", "error", "errorReq"}
	for i, tc := range tests {
		var got []string
		for j, k := range tc.keys {
			if slices.Contains(common, k) {
				got = append(got, k)
				if len(got) != j+1 {
					t.Errorf("test %d: common member %q after an area member", i, k)
				}
			}
		}
		var wantOrder []string
		for _, k := range common {
			if slices.Contains(got, k) {
				wantOrder = append(wantOrder, k)
			}
		}
		if !slices.Equal(got, wantOrder) {
			t.Errorf("test %d: common members in order %v, want %v", i, got, wantOrder)
		}
	}
}

// orderedObject decodes a JSON object keeping its member order.
type orderedObject struct {
	keys   []string
	values map[string]json.RawMessage
}

func (o *orderedObject) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("not an object")
	}
	o.values = map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		k := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		o.keys = append(o.keys, k)
		o.values[k] = v
	}
	return nil
}

func TestSchemas(t *testing.T) {
	c, docs := compileSchemas(t)
	t.Run("[VEC-SCH-1] names, $id and draft of every schema", func(t *testing.T) {
		if len(docs) == 0 {
			t.Fatal("no schemas")
		}
		entries, err := fs.ReadDir(vectors.FS(), vectors.SchemaDir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if _, _, ok := vectors.SchemaVersion(e.Name()); !ok {
				t.Errorf("%s: not <name>.v<N>.schema.json", e.Name())
			}
		}
		for name, doc := range docs {
			m := doc.(map[string]any)
			id, _ := vectors.SchemaID(name)
			if m["$id"] != id {
				t.Errorf("%s: $id %v, want %s", name, m["$id"], id)
			}
			if m["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
				t.Errorf("%s: $schema %v", name, m["$schema"])
			}
			compile(t, c, name)
		}
	})
	t.Run("[VEC-SCH-2] the common schema and how area schemas use it", func(t *testing.T) {
		common, ok := docs["common.v1.schema.json"].(map[string]any)
		if !ok {
			t.Fatal("no common.v1.schema.json")
		}
		defs := common["$defs"].(map[string]any)
		for _, d := range []string{"file", "test", "note", "bugType", "flag", "reqId", "errorClass", "hex", "sha256", "time"} {
			if defs[d] == nil {
				t.Errorf("common schema lacks $defs/%s", d)
			}
		}
		for name, doc := range docs {
			if name == "common.v1.schema.json" {
				continue
			}
			m := doc.(map[string]any)
			if m["$ref"] != "urn:livemesh:vectors:common:v1#/$defs/file" {
				t.Errorf("%s: top-level $ref %v", name, m["$ref"])
			}
			if m["unevaluatedProperties"] != false {
				t.Errorf("%s: not closed with unevaluatedProperties: false", name)
			}
			props, _ := m["properties"].(map[string]any)
			sc, _ := props["schema"].(map[string]any)
			if sc == nil || sc["const"] != name {
				t.Errorf("%s: does not fix schema to its own name", name)
			}
			if !strings.Contains(mustJSON(t, m), `"urn:livemesh:vectors:common:v1#/$defs/test"`) {
				t.Errorf("%s: tests do not $ref the common test definition", name)
			}
		}
	})
	t.Run("[VEC-FILE-9] [VEC-FILE-6] shared value types of the common schema", func(t *testing.T) {
		for _, c2 := range []struct {
			def  string
			good []any
			bad  []any
		}{
			{"hex", []any{"", "00ff", "0a1b2c"}, []any{"0", "00FF", "0x00", "zz", 5}},
			{"sha256", []any{strings.Repeat("ab", 32)}, []any{strings.Repeat("AB", 32), strings.Repeat("ab", 31)}},
			{"time", []any{"2000-01-01T00:00:00Z"}, []any{"2000-01-01T00:00:00.5Z", "2000-01-01T00:00:00+01:00", "2000-01-01"}},
			{"reqId", []any{"VEC-FILE-1", "IDENT-DEV-12"}, []any{"VEC-FILE-01", "vec-file-1", "VEC-1"}},
			{"errorClass", []any{"bad-check", "expired"}, []any{"BadCheck", "bad_check", "-bad"}},
			{"flag", []any{"ShortKey", "A"}, []any{"shortKey", "Short-Key"}},
			{"bugType", []any{"BASIC", "AUTH_BYPASS"}, []any{"basic", "NEW_KIND"}},
		} {
			sch, err := c.Compile("urn:livemesh:vectors:common:v1#/$defs/" + c2.def)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range c2.good {
				if err := sch.Validate(v); err != nil {
					t.Errorf("$defs/%s refuses %v: %v", c2.def, v, err)
				}
			}
			for _, v := range c2.bad {
				if sch.Validate(v) == nil {
					t.Errorf("$defs/%s accepts %v", c2.def, v)
				}
			}
		}
	})
	t.Run("[VEC-TEST-6] [VEC-TEST-8] [VEC-TEST-9] the common test definition ties error, flags and expected to result", func(t *testing.T) {
		sch, err := c.Compile("urn:livemesh:vectors:common:v1#/$defs/test")
		if err != nil {
			t.Fatal(err)
		}
		base := func() map[string]any {
			return map[string]any{"id": "a", "comment": "", "flags": []any{}, "req": []any{"VEC-TEST-1"}, "result": "valid"}
		}
		for _, c2 := range []struct {
			name string
			edit func(m map[string]any)
			ok   bool
		}{
			{"valid", func(m map[string]any) {}, true},
			{"invalid with error", func(m map[string]any) { m["result"] = "invalid"; m["error"] = "x" }, true},
			{"invalid without error", func(m map[string]any) { m["result"] = "invalid" }, false},
			{"invalid with expected", func(m map[string]any) { m["result"] = "invalid"; m["error"] = "x"; m["expected"] = 1 }, false},
			{"valid with error", func(m map[string]any) { m["error"] = "x" }, false},
			{"valid with errorReq", func(m map[string]any) { m["errorReq"] = "VEC-TEST-1" }, false},
			{"acceptable without flags", func(m map[string]any) { m["result"] = "acceptable" }, false},
			{"acceptable with a flag", func(m map[string]any) { m["result"] = "acceptable"; m["flags"] = []any{"F"} }, true},
			{"empty req", func(m map[string]any) { m["req"] = []any{} }, false},
		} {
			m := base()
			c2.edit(m)
			if err := sch.Validate(roundTrip(t, m)); (err == nil) != c2.ok {
				t.Errorf("%s: validation error %v, want ok=%v", c2.name, err, c2.ok)
			}
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// retiredVersions lists "<area>.v<N>" vector files deliberately removed after the release
// that followed their successor; none yet.
var retiredVersions = map[string]bool{}

func TestVersions(t *testing.T) {
	t.Run("[VEC-VER-2] an older version stays beside a newer one", func(t *testing.T) {
		paths := vectors.VectorPaths()
		for _, p := range paths {
			base, ver, ok := strings.Cut(strings.TrimSuffix(p, ".json"), ".v")
			if !ok {
				continue
			}
			var n int
			if _, err := fmt.Sscanf(ver, "%d", &n); err != nil || n < 2 {
				t.Errorf("%s: bad version suffix", p)
				continue
			}
			prev := base + ".json"
			if n > 2 {
				prev = fmt.Sprintf("%s.v%d.json", base, n-1)
			}
			if !slices.Contains(paths, prev) && !retiredVersions[strings.TrimSuffix(prev, ".json")] {
				t.Errorf("%s exists but its predecessor %s does not", p, prev)
			}
		}
		for _, name := range vectors.SchemaNames() {
			n, v, _ := vectors.SchemaVersion(name)
			if v > 1 && !slices.Contains(vectors.SchemaNames(), fmt.Sprintf("%s.v%d.schema.json", n, v-1)) &&
				!retiredVersions[n+fmt.Sprintf(".v%d", v-1)] {
				t.Errorf("schema %s exists but its predecessor version does not", name)
			}
		}
	})
}

func TestValidatorRefusesInvalidFile(t *testing.T) {
	t.Run("[VEC-LOAD-5] every schema loads under its $id into one draft 2020-12 validator", func(t *testing.T) {
		v, err := vectors.NewValidator(vectors.FS())
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range vectors.VectorPaths() {
			if err := v.Validate(readVector(t, p)); err != nil {
				t.Errorf("%s: %v", p, err)
			}
		}
	})
	v, err := vectors.NewValidator(vectors.FS())
	if err != nil {
		t.Fatal(err)
	}
	data := readVector(t, vectors.KeyManifestPath)
	bad := bytes.Replace(data, []byte(`"bits": 2048`), []byte(`"bits": "2048"`), 1)
	if bytes.Equal(bad, data) {
		t.Fatal("mutation did not apply")
	}
	if err := v.Validate(bad); err == nil {
		t.Error("a manifest with a string for bits validates")
	}
	if err := v.Validate([]byte(`{"schema": "nope.v1.schema.json"}`)); err == nil {
		t.Error("an unknown schema name validates")
	}
	if err := v.Validate([]byte(`{`)); err == nil {
		t.Error("malformed JSON validates")
	}
}
