package conformance

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// VectorFiles lists <dir>/<name>.json of a vector tree outside the schema directory, sorted,
// keeping those whose path equals or starts with one of areas ("ident", "ident/user-name",
// "ident/user-name.json"); no areas keeps all.
func VectorFiles(tree fs.FS, areas []string) ([]string, error) {
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

// CheckVectorFile checks one file: the common rules of the format, its schema, then impl over
// its tests. It returns the failures, the number of tests and a note saying what was not
// checked (empty when everything was). An impl that does not offer the area gives the note
// and no failure.
func CheckVectorFile(impl Impl, tree fs.FS, validator *vectors.Validator, p string) ([]Failure, int, string) {
	fails, n, unimpl := checkVectorFile(impl, tree, validator, p)
	if unimpl != nil {
		return fails, n, "  (not all tests checked: " + unimpl.Error() + ")"
	}
	return fails, n, ""
}

// checkVectorFile is CheckVectorFile returning, instead of a note, the error wrapping
// ErrUnimplemented that stopped the check (or one saying the harness has no check).
func checkVectorFile(impl Impl, tree fs.FS, validator *vectors.Validator, p string) ([]Failure, int, error) {
	f, err := vectors.LoadFS[json.RawMessage](tree, p)
	if err != nil {
		return []Failure{{Msg: err.Error()}}, 0, nil
	}
	data, err := fs.ReadFile(tree, p)
	if err != nil {
		return []Failure{{Msg: err.Error()}}, 0, nil
	}
	if err := validator.Validate(data); err != nil {
		return []Failure{{Msg: "does not validate against " + f.Schema + ": " + oneLine(err.Error())}}, f.NumberOfTests, nil
	}
	check, ok := opCheckers[f.Schema]
	if !ok {
		return nil, f.NumberOfTests, errors.New("the harness has no check for this area yet")
	}
	fails, n, err := check(impl, tree, data)
	if errors.Is(err, ErrUnimplemented) {
		return fails, f.NumberOfTests, err
	}
	if err != nil {
		return []Failure{{Msg: err.Error()}}, f.NumberOfTests, nil
	}
	return fails, n, nil
}

// VectorCases returns one MUST case per vector file of tree, with ID "vectors/<area>/<name>"
// (the file's path without ".json"); its requirement IDs are the union of its tests' req.
// The case fails when the file does not validate against its schema or when the
// implementation's answer to any test differs from the file's; it is unimplemented when the
// implementation does not offer the area, and skipped when the harness has no check for the
// file's schema.
func VectorCases(tree fs.FS) ([]Case, error) {
	paths, err := VectorFiles(tree, nil)
	if err != nil {
		return nil, err
	}
	validator, err := vectors.NewValidator(tree)
	if err != nil {
		return nil, err
	}
	var cases []Case
	for _, p := range paths {
		f, err := vectors.LoadFS[vectors.Test](tree, p)
		if err != nil {
			return nil, err
		}
		reqSet := map[string]bool{}
		for _, tc := range f.Tests {
			for _, r := range tc.Req {
				reqSet[r] = true
			}
		}
		req := make([]string, 0, len(reqSet))
		for r := range reqSet {
			req = append(req, r)
		}
		sort.Strings(req)
		cases = append(cases, Case{
			ID:          "vectors/" + strings.TrimSuffix(p, ".json"),
			Level:       Must,
			Req:         req,
			Description: fmt.Sprintf("every test of spec/vectors/%s (%s) gives the expected answer", p, f.Schema),
			Run: func(t *T) {
				if _, ok := opCheckers[f.Schema]; !ok {
					t.Skipf("the harness has no check for %s yet", f.Schema)
				}
				// Tests whose operation the implementation does not offer are not run; the
				// others are, so that a failure among them is reported ([CONF-VEC-2]).
				fails, n, unimpl := checkVectorFile(t.Impl(), tree, validator, p)
				for _, fl := range fails {
					where := p
					if fl.Test != "" {
						where += "#" + fl.Test
					}
					t.Errorf("%s: %s", where, fl.Msg)
				}
				if unimpl != nil {
					t.Unimplementedf("%v", unimpl)
				}
				t.Logf("%d tests", n)
			},
		})
	}
	return cases, nil
}

// Cases returns every case of the suite — the vector cases against the vectors embedded in
// this module, then the codec tier's cases area by area — after checking the list with
// CheckCases ([CONF-ID-2]).
func Cases() ([]Case, error) {
	cases, err := VectorCases(vectors.FS())
	if err != nil {
		return nil, err
	}
	cases = append(cases, CodecCases()...)
	if err := CheckCases(cases); err != nil {
		return nil, err
	}
	return cases, nil
}

// checkTests is the loop every vector area's check shares: it decodes the file's tests,
// takes the implementation's area interface A (none: the file is unimplemented), and runs
// each test. run returns what differs (nothing when the implementation agrees), an error
// wrapping ErrUnimplemented for an operation the implementation does not offer — the test is
// counted as not run ([CONF-VEC-2]) — or another error, which stops the file. idOp names a
// test and the operation it asks.
func checkTests[Tc, A any](impl Impl, data []byte, idOp func(*Tc) (id, op string), run func(name string, a A, tc *Tc) ([]string, error)) ([]Failure, int, error) {
	f, err := vectors.Decode[Tc](data)
	if err != nil {
		return nil, 0, err
	}
	a, ok := impl.(A)
	if !ok {
		return nil, len(f.Tests), fmt.Errorf("%w: %s offers no %s operations", ErrUnimplemented, impl.Name(), reflect.TypeFor[A]().Name())
	}
	var missing notOffered
	var fails []Failure
	for i := range f.Tests {
		tc := &f.Tests[i]
		id, op := idOp(tc)
		msgs, err := run(impl.Name(), a, tc)
		if errors.Is(err, ErrUnimplemented) {
			missing.add(op)
			continue
		}
		if err != nil {
			return nil, len(f.Tests), err
		}
		for _, msg := range msgs {
			fails = append(fails, Failure{id, msg})
		}
	}
	return fails, len(f.Tests), missing.err(impl.Name())
}

// one turns a single message ("" when none) into checkTests's list.
func one(msg string, err error) ([]string, error) {
	if msg == "" {
		return nil, err
	}
	return []string{msg}, err
}

// notOffered collects the operations that a vector file's tests needed and the implementation
// does not offer.
type notOffered struct {
	ops   []string
	tests int
}

func (n *notOffered) add(op string) {
	n.tests++
	if !slices.Contains(n.ops, op) {
		n.ops = append(n.ops, op)
	}
}

// err is nil when every test ran, else an error wrapping ErrUnimplemented saying what did not.
func (n *notOffered) err(impl string) error {
	if n.tests == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s does not offer %s (%d tests not run)", ErrUnimplemented, impl, strings.Join(n.ops, ", "), n.tests)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
