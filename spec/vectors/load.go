package vectors

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxFileSize is the largest vector file the loader reads, in bytes [VEC-FILE-8].
const MaxFileSize = 8 << 20

// maxDepth bounds the nesting of JSON values the loader accepts.
const maxDepth = 64

// Result is the verdict a test expects [VEC-TEST-5].
type Result string

// The three results of a test.
const (
	Valid      Result = "valid"      // a conforming implementation accepts, and produces Expected
	Invalid    Result = "invalid"    // a conforming implementation refuses, with the error class
	Acceptable Result = "acceptable" // either is conforming; the test's flags say why
)

// Note defines one flag of a vector file: the bug class that tests carrying it probe
// [VEC-FILE-6].
type Note struct {
	BugType     string   `json:"bugType"`
	Description string   `json:"description"`
	Links       []string `json:"links,omitempty"`
}

// Header is the part of a vector file before its tests [VEC-FILE-3]. Its JSON members appear
// in this order.
type Header struct {
	Area          string          `json:"area"`
	Schema        string          `json:"schema"`
	Generator     string          `json:"generator"`
	Notes         map[string]Note `json:"notes"`
	NumberOfTests int             `json:"numberOfTests"`
}

// Test holds the members every test has [VEC-TEST-1]..[VEC-TEST-7]. An area's test type
// embeds it and adds the area's inputs and, for operations, an Expected member:
//
//	type DeviceIDTest struct {
//		vectors.Test
//		SPKI     string `json:"spki"`
//		Expected string `json:"expected,omitempty"`
//	}
//
// (Embedded fields are flattened by encoding/json, so the area's members sit next to these.)
type Test struct {
	ID       string   `json:"id"`
	Comment  string   `json:"comment"`
	Flags    []string `json:"flags"`
	Req      []string `json:"req"`
	Result   Result   `json:"result"`
	Error    string   `json:"error,omitempty"`
	ErrorReq string   `json:"errorReq,omitempty"`
}

// HasFlag reports whether the test carries the flag.
func (t *Test) HasFlag(flag string) bool {
	for _, f := range t.Flags {
		if f == flag {
			return true
		}
	}
	return false
}

// File is a decoded vector file: its header and its tests, decoded into the caller's type T.
// Encoding a File with encoding/json yields the members in the order the format fixes.
type File[T any] struct {
	Header
	Tests []T `json:"tests"`
}

// Kinds of load failure. A *LoadError wraps exactly one of them; test with errors.Is.
var (
	ErrNotFound = errors.New("vector file not found")
	ErrTooLarge = errors.New("vector file too large")
	ErrSyntax   = errors.New("vector file is not well-formed JSON")
	ErrHeader   = errors.New("vector file header is invalid")
	ErrTest     = errors.New("vector test is invalid")
)

// LoadError reports why a vector file could not be loaded. It never carries a partial file.
type LoadError struct {
	Path string // the file's path inside the FS; empty for Decode
	Kind error  // ErrNotFound, ErrTooLarge, ErrSyntax, ErrHeader or ErrTest
	Req  string // the requirement of spec/vectors/README.md the file breaks; empty for I/O errors
	Test string // the failing test's id, or "#n" (0-based) when it has no usable id
	Msg  string // what is wrong
	Err  error  // the underlying error, if any
}

func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString("vectors: ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	if e.Test != "" {
		fmt.Fprintf(&b, "test %s: ", e.Test)
	}
	if e.Req != "" {
		fmt.Fprintf(&b, "[%s] ", e.Req)
	}
	b.WriteString(e.Msg)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the kind and the underlying error, so errors.Is works with both.
func (e *LoadError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// Load reads and decodes the embedded vector file at path (relative to spec/vectors, e.g.
// "keys/manifest.json"). When schemas are given, the file's schema must be one of them
// [VEC-LOAD-1]. See LoadFS.
func Load[T any](path string, schemas ...string) (*File[T], error) {
	return LoadFS[T](files, path, schemas...)
}

// LoadFS reads the vector file at path in fsys and decodes it like Decode. In addition it
// checks that the path agrees with the header's area and schema version [VEC-FILE-1] and that
// the named schema exists in fsys under SchemaDir [VEC-FILE-4]. It reads at most
// MaxFileSize+1 bytes.
func LoadFS[T any](fsys fs.FS, name string, schemas ...string) (*File[T], error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, &LoadError{Path: name, Kind: ErrNotFound, Msg: "cannot open", Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, &LoadError{Path: name, Kind: ErrNotFound, Msg: "cannot read", Err: err}
	}
	file, err := Decode[T](data, schemas...)
	if err != nil {
		var le *LoadError
		if errors.As(err, &le) {
			le.Path = name
		}
		return nil, err
	}
	if want, ok := PathFor(file.Area, file.Schema); !ok || want != name {
		return nil, &LoadError{Path: name, Kind: ErrHeader, Req: "VEC-FILE-1",
			Msg: fmt.Sprintf("area %q with schema %q belongs in %q", file.Area, file.Schema, want)}
	}
	if _, err := fs.Stat(fsys, SchemaDir+"/"+file.Schema); err != nil {
		return nil, &LoadError{Path: name, Kind: ErrHeader, Req: "VEC-FILE-4",
			Msg: fmt.Sprintf("schema %q is not in %s/", file.Schema, SchemaDir), Err: err}
	}
	return file, nil
}

// PathFor returns the path (relative to spec/vectors) of the vector file of the area that
// conforms to the named schema: "<area>.json" for schema version 1, "<area>.v<N>.json" for
// version N > 1 [VEC-FILE-1]. It reports false when area or schema is malformed.
func PathFor(area, schema string) (string, bool) {
	if !areaRE.MatchString(area) {
		return "", false
	}
	_, v, ok := SchemaVersion(schema)
	if !ok {
		return "", false
	}
	if v == 1 {
		return area + ".json", true
	}
	return area + ".v" + strconv.Itoa(v) + ".json", true
}

// SchemaVersion splits a schema file name "<name>.v<N>.schema.json" into its name and major
// version [VEC-SCH-1].
func SchemaVersion(schema string) (name string, version int, ok bool) {
	m := schemaRE.FindStringSubmatch(schema)
	if m == nil {
		return "", 0, false
	}
	v, err := strconv.Atoi(m[2])
	if err != nil || v < 1 {
		return "", 0, false
	}
	return m[1], v, true
}

// SchemaID returns the $id of the named schema file: "urn:livemesh:vectors:<name>:v<N>"
// [VEC-SCH-1].
func SchemaID(schema string) (string, bool) {
	name, v, ok := SchemaVersion(schema)
	if !ok {
		return "", false
	}
	return "urn:livemesh:vectors:" + name + ":v" + strconv.Itoa(v), true
}

const segment = `[a-z][a-z0-9]*(?:-[a-z0-9]+)*`

var (
	areaRE   = regexp.MustCompile(`^` + segment + `/` + segment + `$`)
	schemaRE = regexp.MustCompile(`^(` + segment + `)\.v([1-9][0-9]{0,5})\.schema\.json$`)
	flagRE   = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*$`)
	bugRE    = regexp.MustCompile(`^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$`)
	idRE     = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	reqRE    = regexp.MustCompile(`^[A-Z][A-Z0-9]*-[A-Z][A-Z0-9]*-[1-9][0-9]*$`)
	errRE    = regexp.MustCompile(`^` + segment + `$`)
)

// The header as read, with pointers so that a missing member can be told from a zero one.
type rawHeader struct {
	Area          *string             `json:"area"`
	Schema        *string             `json:"schema"`
	Generator     *string             `json:"generator"`
	Notes         *map[string]rawNote `json:"notes"`
	NumberOfTests *int                `json:"numberOfTests"`
	Tests         *[]json.RawMessage  `json:"tests"`
}

type rawNote struct {
	BugType     *string  `json:"bugType"`
	Description *string  `json:"description"`
	Links       []string `json:"links"`
}

type rawTest struct {
	ID       *string          `json:"id"`
	Comment  *string          `json:"comment"`
	Flags    *[]string        `json:"flags"`
	Req      *[]string        `json:"req"`
	Result   *string          `json:"result"`
	Error    *string          `json:"error"`
	ErrorReq *string          `json:"errorReq"`
	Expected *json.RawMessage `json:"expected"`
}

// Decode decodes a vector file and checks the rules of the format that hold for every area:
// well-formed UTF-8 JSON without duplicate member names [VEC-FILE-2], a header with exactly the
// known members [VEC-FILE-3] and well-formed values, notes and flags that define each other
// [VEC-FILE-6] [VEC-TEST-3], numberOfTests [VEC-FILE-7], and per test the common members
// [VEC-TEST-1]..[VEC-TEST-9]. Members of a test that T does not declare are ignored
// [VEC-LOAD-2]. When schemas are given, the file's schema must be one of them [VEC-LOAD-1].
// Every failure is a *LoadError; Decode never panics.
func Decode[T any](data []byte, schemas ...string) (*File[T], error) {
	if len(data) > MaxFileSize {
		return nil, &LoadError{Kind: ErrTooLarge, Req: "VEC-FILE-8",
			Msg: fmt.Sprintf("more than %d bytes", MaxFileSize)}
	}
	if !utf8.Valid(data) {
		return nil, &LoadError{Kind: ErrSyntax, Req: "VEC-FILE-2", Msg: "not valid UTF-8"}
	}
	if err := checkStructure(data); err != nil {
		return nil, &LoadError{Kind: ErrSyntax, Req: "VEC-FILE-2", Msg: "malformed JSON", Err: err}
	}
	var rh rawHeader
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rh); err != nil {
		return nil, &LoadError{Kind: ErrHeader, Req: "VEC-FILE-3", Msg: "bad header", Err: err}
	}
	h, tests, err := checkHeader(&rh)
	if err != nil {
		return nil, err
	}
	if len(schemas) > 0 && !slices.Contains(schemas, h.Schema) {
		return nil, headerErr("VEC-LOAD-1", "schema %q is not one this loader knows (%s)",
			h.Schema, strings.Join(schemas, ", "))
	}
	out := &File[T]{Header: h, Tests: make([]T, len(tests))}
	used := map[string]bool{}
	ids := map[string]int{}
	for i, raw := range tests {
		name := "#" + strconv.Itoa(i)
		var rt rawTest
		if err := json.Unmarshal(raw, &rt); err != nil {
			return nil, &LoadError{Kind: ErrTest, Req: "VEC-TEST-1", Test: name, Msg: "bad common members", Err: err}
		}
		if rt.ID != nil && idRE.MatchString(*rt.ID) {
			name = *rt.ID
		}
		if err := checkTest(&rt, h.Notes, ids, i, used); err != nil {
			err.Test = name
			return nil, err
		}
		if err := json.Unmarshal(raw, &out.Tests[i]); err != nil {
			return nil, &LoadError{Kind: ErrTest, Req: "VEC-SCH-3", Test: name,
				Msg: "does not fit the test type", Err: err}
		}
	}
	for flag := range h.Notes {
		if !used[flag] {
			return nil, &LoadError{Kind: ErrHeader, Req: "VEC-FILE-6",
				Msg: fmt.Sprintf("note %q is used by no test", flag)}
		}
	}
	return out, nil
}

func headerErr(req, format string, args ...any) *LoadError {
	return &LoadError{Kind: ErrHeader, Req: req, Msg: fmt.Sprintf(format, args...)}
}

func checkHeader(rh *rawHeader) (Header, []json.RawMessage, error) {
	var h Header
	for _, m := range []struct {
		name    string
		missing bool
	}{
		{"area", rh.Area == nil}, {"schema", rh.Schema == nil}, {"generator", rh.Generator == nil},
		{"notes", rh.Notes == nil}, {"numberOfTests", rh.NumberOfTests == nil}, {"tests", rh.Tests == nil},
	} {
		if m.missing {
			return h, nil, headerErr("VEC-FILE-3", "member %q is missing or null", m.name)
		}
	}
	h.Area, h.Schema, h.Generator, h.NumberOfTests = *rh.Area, *rh.Schema, *rh.Generator, *rh.NumberOfTests
	if !areaRE.MatchString(h.Area) {
		return h, nil, headerErr("VEC-FILE-1", "area %q is not <dir>/<name> in lower-case kebab case", h.Area)
	}
	if _, _, ok := SchemaVersion(h.Schema); !ok {
		return h, nil, headerErr("VEC-FILE-4", "schema %q is not <name>.v<N>.schema.json", h.Schema)
	}
	if strings.TrimSpace(h.Generator) == "" {
		return h, nil, headerErr("VEC-FILE-5", "generator is empty")
	}
	h.Notes = make(map[string]Note, len(*rh.Notes))
	for flag, n := range *rh.Notes {
		if !flagRE.MatchString(flag) {
			return h, nil, headerErr("VEC-FILE-6", "flag %q is not UpperCamelCase", flag)
		}
		if n.BugType == nil || !bugRE.MatchString(*n.BugType) {
			return h, nil, headerErr("VEC-FILE-6", "note %q: bugType missing or not UPPER_SNAKE_CASE", flag)
		}
		if n.Description == nil || strings.TrimSpace(*n.Description) == "" {
			return h, nil, headerErr("VEC-FILE-6", "note %q: description missing or empty", flag)
		}
		h.Notes[flag] = Note{BugType: *n.BugType, Description: *n.Description, Links: n.Links}
	}
	if h.NumberOfTests != len(*rh.Tests) {
		return h, nil, headerErr("VEC-FILE-7", "numberOfTests is %d but the file has %d tests",
			h.NumberOfTests, len(*rh.Tests))
	}
	return h, *rh.Tests, nil
}

func testErr(req, format string, args ...any) *LoadError {
	return &LoadError{Kind: ErrTest, Req: req, Msg: fmt.Sprintf(format, args...)}
}

func checkTest(rt *rawTest, notes map[string]Note, ids map[string]int, i int, used map[string]bool) *LoadError {
	if rt.ID == nil || !idRE.MatchString(*rt.ID) {
		return testErr("VEC-TEST-1", "id missing or not kebab case")
	}
	if j, dup := ids[*rt.ID]; dup {
		return testErr("VEC-TEST-1", "id also used by test #%d", j)
	}
	ids[*rt.ID] = i
	if rt.Comment == nil {
		return testErr("VEC-TEST-2", "comment missing")
	}
	if rt.Flags == nil {
		return testErr("VEC-TEST-3", "flags missing")
	}
	seen := map[string]bool{}
	for _, f := range *rt.Flags {
		if seen[f] {
			return testErr("VEC-TEST-3", "flag %q listed twice", f)
		}
		seen[f] = true
		if _, ok := notes[f]; !ok {
			return testErr("VEC-TEST-3", "flag %q is not defined in notes", f)
		}
		used[f] = true
	}
	if rt.Req == nil || len(*rt.Req) == 0 {
		return testErr("VEC-TEST-4", "req missing or empty")
	}
	reqs := map[string]bool{}
	for _, r := range *rt.Req {
		if !reqRE.MatchString(r) {
			return testErr("VEC-TEST-4", "req %q is not a requirement ID", r)
		}
		if reqs[r] {
			return testErr("VEC-TEST-4", "req %q listed twice", r)
		}
		reqs[r] = true
	}
	if rt.Result == nil {
		return testErr("VEC-TEST-5", "result missing")
	}
	res := Result(*rt.Result)
	switch res {
	case Valid, Invalid, Acceptable:
	default:
		return testErr("VEC-TEST-5", "result %q is not valid, invalid or acceptable", *rt.Result)
	}
	switch {
	case res == Invalid && rt.Error == nil:
		return testErr("VEC-TEST-6", "invalid test without error")
	case res != Invalid && rt.Error != nil:
		return testErr("VEC-TEST-6", "error on a %s test", res)
	case rt.Error != nil && !errRE.MatchString(*rt.Error):
		return testErr("VEC-TEST-6", "error %q is not a kebab-case error class", *rt.Error)
	}
	if rt.ErrorReq != nil {
		if res != Invalid {
			return testErr("VEC-TEST-7", "errorReq on a %s test", res)
		}
		if !reqs[*rt.ErrorReq] {
			return testErr("VEC-TEST-7", "errorReq %q is not listed in req", *rt.ErrorReq)
		}
	}
	if res == Acceptable && len(*rt.Flags) == 0 {
		return testErr("VEC-TEST-8", "acceptable test without a flag")
	}
	if res == Invalid && rt.Expected != nil {
		return testErr("VEC-TEST-9", "expected output on an invalid test")
	}
	return nil
}

// checkStructure walks the document once: exactly one JSON value, nesting at most maxDepth,
// and no object with two members of the same name (which encoding/json would silently merge).
func checkStructure(data []byte) error {
	type frame struct {
		keys   map[string]bool // nil for an array
		expect bool            // in an object: the next token is a member name or '}'
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var stack []frame
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		if n := len(stack); n > 0 && stack[n-1].expect {
			if d, ok := tok.(json.Delim); !ok || d != '}' {
				k, ok := tok.(string)
				if !ok {
					return fmt.Errorf("member name expected")
				}
				if stack[n-1].keys[k] {
					return fmt.Errorf("duplicate member %q", k)
				}
				stack[n-1].keys[k] = true
				stack[n-1].expect = false
				continue
			}
		}
		switch d, _ := tok.(json.Delim); d {
		case '{', '[':
			if len(stack) >= maxDepth {
				return fmt.Errorf("nested deeper than %d levels", maxDepth)
			}
			f := frame{}
			if d == '{' {
				f = frame{keys: map[string]bool{}, expect: true}
			}
			stack = append(stack, f)
			continue
		case '}', ']':
			stack = stack[:len(stack)-1]
		}
		// a value ended
		if len(stack) == 0 {
			if _, err := dec.Token(); err != io.EOF {
				return fmt.Errorf("data after the top-level value")
			}
			return nil
		}
		if stack[len(stack)-1].keys != nil {
			stack[len(stack)-1].expect = true
		}
	}
}
