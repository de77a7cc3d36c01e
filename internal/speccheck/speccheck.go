// Package speccheck extracts the requirement IDs of the livemesh specification (spec/*.md) and
// finds the tests, vectors and conformance cases that name them, following the conventions of
// spec/README.md §2–§3. The coverage test under spec/ is built on it.
package speccheck

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Level is a requirement's strength, from its first BCP 14 keyword.
type Level int

const (
	LevelNone Level = iota // no keyword: a defect of the spec text
	MUST
	SHOULD
	MAY
)

func (l Level) String() string {
	switch l {
	case MUST:
		return "MUST"
	case SHOULD:
		return "SHOULD"
	case MAY:
		return "MAY"
	}
	return "NONE"
}

// ParseLevel is the inverse of Level.String.
func ParseLevel(s string) (Level, bool) {
	switch s {
	case "MUST":
		return MUST, true
	case "SHOULD":
		return SHOULD, true
	case "MAY":
		return MAY, true
	}
	return LevelNone, false
}

// Requirement is one requirement defined in the specification.
type Requirement struct {
	ID    string
	Level Level
	File  string // path relative to the spec directory
	Line  int
	Text  string // the requirement's text, joined into one line
}

// Ref is one place that names a requirement ID in a machine-readable way.
type Ref struct {
	ID   string
	File string // path relative to the scanned root
	Line int
	Kind string // "go-test", "vector", "conformance"
}

// Problem is a defect of the spec text or of a reference.
type Problem struct {
	File string
	Line int
	Msg  string
}

func (p Problem) String() string { return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg) }

// idPattern is the shape of a requirement ID (spec/README.md §2).
const idPattern = `[A-Z][A-Z0-9]+-[A-Z][A-Z0-9]+-[1-9][0-9]*`

var (
	bracketedID = regexp.MustCompile(`\[(` + idPattern + `)\]`)
	wholeID     = regexp.MustCompile(`^` + idPattern + `$`)
	// A definition: optional indentation, optional list marker, optional bold, then [ID].
	definition = regexp.MustCompile(`^\s*(?:(?:[-*+]|[0-9]+[.)])\s+)?(?:\*\*)?\[(` + idPattern + `)\](?:\*\*)?(?:\s+|$)(.*)$`)
	listItem   = regexp.MustCompile(`^\s*(?:[-*+]|[0-9]+[.)])\s+`)
	keyword    = regexp.MustCompile(`\b(MUST NOT|MUST|REQUIRED|SHALL NOT|SHALL|SHOULD NOT|SHOULD|NOT RECOMMENDED|RECOMMENDED|MAY|OPTIONAL)\b`)
	codeSpan   = regexp.MustCompile("`[^`]*`")
)

// ValidID reports whether s has the shape of a requirement ID.
func ValidID(s string) bool { return wholeID.MatchString(s) }

func levelOf(text string) Level {
	m := keyword.FindString(codeSpan.ReplaceAllString(text, ""))
	switch m {
	case "MUST", "MUST NOT", "REQUIRED", "SHALL", "SHALL NOT":
		return MUST
	case "SHOULD", "SHOULD NOT", "RECOMMENDED", "NOT RECOMMENDED":
		return SHOULD
	case "MAY", "OPTIONAL":
		return MAY
	}
	return LevelNone
}

// ParseSpec reads every *.md file directly under specDir and its subdirectories (skipping
// testdata) and returns the requirements they define, in file and line order, and the defects
// found: duplicate definitions, requirements without a keyword, cross-references to IDs
// that no file defines.
func ParseSpec(specDir string) ([]Requirement, []Problem, error) {
	var files []string
	err := filepath.WalkDir(specDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != specDir && skipDir(d.Name()) {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".md") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	sort.Strings(files)
	var reqs []Requirement
	var probs []Problem
	type xref struct {
		id   string
		file string
		line int
	}
	var xrefs []xref
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, nil, err
		}
		rel, _ := filepath.Rel(specDir, path)
		rel = filepath.ToSlash(rel)
		fileReqs, refs := parseMarkdown(rel, data)
		reqs = append(reqs, fileReqs...)
		for _, r := range refs {
			xrefs = append(xrefs, xref{r.ID, rel, r.Line})
		}
	}
	defined := map[string]Requirement{}
	for _, r := range reqs {
		if prev, dup := defined[r.ID]; dup {
			probs = append(probs, Problem{r.File, r.Line, fmt.Sprintf("[%s] is defined again (first at %s:%d); IDs are defined once", r.ID, prev.File, prev.Line)})
			continue
		}
		defined[r.ID] = r
		if r.Level == LevelNone {
			probs = append(probs, Problem{r.File, r.Line, fmt.Sprintf("[%s] has no BCP 14 keyword (MUST, SHOULD, MAY, …), so it has no level", r.ID)})
		}
	}
	for _, x := range xrefs {
		if _, ok := defined[x.id]; !ok {
			probs = append(probs, Problem{x.file, x.line, fmt.Sprintf("cross-reference to [%s], which no spec file defines", x.id)})
		}
	}
	return reqs, probs, nil
}

// parseMarkdown returns the definitions in one file and its cross-references. Fenced code
// blocks are skipped entirely and inline code spans are ignored, so that examples of the
// syntax do not define or cite anything.
func parseMarkdown(file string, data []byte) ([]Requirement, []Ref) {
	var reqs []Requirement
	var refs []Ref
	var cur *Requirement
	flush := func() {
		if cur != nil {
			cur.Text = strings.TrimSpace(cur.Text)
			cur.Level = levelOf(cur.Text)
			reqs = append(reqs, *cur)
			cur = nil
		}
	}
	fence := ""
	inParagraph := false // the previous line is non-blank text
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		prevInParagraph := inParagraph
		inParagraph = trimmed != "" && !strings.HasPrefix(trimmed, "#")
		if fence != "" {
			if strings.HasPrefix(trimmed, fence) {
				fence = ""
			}
			continue
		}
		if strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~") {
			flush()
			fence = trimmed[:3]
			continue
		}
		// A definition starts a list item, or a paragraph (after a blank line, a heading or
		// the start of the file). A wrapped line that happens to begin with "[ID]" continues
		// the text before it and is only a cross-reference.
		if m := definition.FindStringSubmatch(line); m != nil && (listItem.MatchString(line) || !prevInParagraph) {
			flush()
			cur = &Requirement{ID: m[1], File: file, Line: n, Text: m[2]}
			refs = append(refs, crossRefs(m[2], n)...)
			continue
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "#") || listItem.MatchString(line) {
			flush()
		} else if cur != nil {
			cur.Text += " " + trimmed
		}
		refs = append(refs, crossRefs(line, n)...)
	}
	flush()
	return reqs, refs
}

func crossRefs(text string, line int) []Ref {
	var refs []Ref
	for _, m := range bracketedID.FindAllStringSubmatch(codeSpan.ReplaceAllString(text, ""), -1) {
		refs = append(refs, Ref{ID: m[1], Line: line})
	}
	return refs
}

func skipDir(name string) bool {
	return name == "testdata" || name == "vendor" || name == "node_modules" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// ScanGoTests finds every Go string literal in a _test.go file under root (skipping testdata
// and hidden directories) that contains a bracketed requirement ID. Comments never count:
// the files are parsed, and only string literals are read.
func ScanGoTests(root string) ([]Ref, error) {
	var refs []Ref
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("speccheck: %w", err)
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, m := range bracketedID.FindAllStringSubmatch(s, -1) {
				refs = append(refs, Ref{ID: m[1], File: rel, Line: fset.Position(lit.Pos()).Line, Kind: "go-test"})
			}
			return true
		})
		return nil
	})
	return refs, err
}

// ScanVectors reads every *.json file under dir that has a top-level "tests" array and
// returns the IDs in each test's "req" array (spec/vectors/README.md).
func ScanVectors(root, dir string) ([]Ref, error) {
	var refs []Ref
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && skipDir(d.Name()) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".json") {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var doc struct {
			Tests []struct {
				ID  json.RawMessage `json:"id"`
				Req []string        `json:"req"`
			} `json:"tests"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			return nil // not a vector file (schemas, manifests); the vector tests judge those
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		for _, tc := range doc.Tests {
			for _, id := range tc.Req {
				refs = append(refs, Ref{ID: id, File: rel + "#" + strings.Trim(string(tc.ID), `"`), Kind: "vector"})
			}
		}
		return nil
	})
	return refs, err
}

// Report is the outcome of matching requirements with the places that name them.
type Report struct {
	Requirements []Requirement
	Refs         map[string][]Ref // requirement ID → references
	Uncovered    []Requirement    // MUSTs with no reference: the check fails
	Unchecked    []Requirement    // SHOULDs and MAYs with no reference: listed, not failed
	Unknown      []Ref            // references to IDs the spec does not define: the check fails
	Problems     []Problem        // defects of the spec text: the check fails
}

// OK reports whether the check passes.
func (r *Report) OK() bool {
	return len(r.Uncovered) == 0 && len(r.Unknown) == 0 && len(r.Problems) == 0
}

// Check matches requirements with references.
func Check(reqs []Requirement, probs []Problem, refs []Ref) *Report {
	rep := &Report{Refs: map[string][]Ref{}, Problems: probs}
	defined := map[string]bool{}
	for _, r := range reqs {
		if !defined[r.ID] { // a duplicate is already a Problem; count the first definition
			defined[r.ID] = true
			rep.Requirements = append(rep.Requirements, r)
		}
	}
	for _, ref := range refs {
		if !defined[ref.ID] {
			rep.Unknown = append(rep.Unknown, ref)
			continue
		}
		rep.Refs[ref.ID] = append(rep.Refs[ref.ID], ref)
	}
	for _, r := range rep.Requirements {
		if len(rep.Refs[r.ID]) > 0 {
			continue
		}
		if r.Level == MUST {
			rep.Uncovered = append(rep.Uncovered, r)
		} else {
			rep.Unchecked = append(rep.Unchecked, r)
		}
	}
	return rep
}

// WriteTable prints the coverage table: every requirement with its level, where it is
// defined and how many tests, vectors and conformance cases name it; then the totals and the
// lists of what fails or is left unchecked.
func (r *Report) WriteTable(w *strings.Builder) {
	fmt.Fprintf(w, "%-18s %-6s %-28s %5s %7s %5s\n", "requirement", "level", "defined at", "tests", "vectors", "cases")
	byLevel := map[Level][2]int{}
	for _, q := range r.Requirements {
		var tests, vecs, cases int
		for _, ref := range r.Refs[q.ID] {
			switch ref.Kind {
			case "go-test":
				tests++
			case "vector":
				vecs++
			default:
				cases++
			}
		}
		c := byLevel[q.Level]
		c[0]++
		if tests+vecs+cases > 0 {
			c[1]++
		}
		byLevel[q.Level] = c
		fmt.Fprintf(w, "%-18s %-6s %-28s %5d %7d %5d\n", q.ID, q.Level, fmt.Sprintf("%s:%d", q.File, q.Line), tests, vecs, cases)
	}
	fmt.Fprintln(w)
	for _, l := range []Level{MUST, SHOULD, MAY} {
		c := byLevel[l]
		fmt.Fprintf(w, "%-6s %d of %d checked\n", l, c[1], c[0])
	}
	for _, q := range r.Unchecked {
		fmt.Fprintf(w, "unchecked %s [%s] %s:%d\n", q.Level, q.ID, q.File, q.Line)
	}
	for _, q := range r.Uncovered {
		fmt.Fprintf(w, "FAIL: MUST [%s] (%s:%d) is named by no test, vector or conformance case\n", q.ID, q.File, q.Line)
	}
	for _, ref := range r.Unknown {
		fmt.Fprintf(w, "FAIL: %s:%d names [%s], which the spec does not define\n", ref.File, ref.Line, ref.ID)
	}
	for _, p := range r.Problems {
		fmt.Fprintf(w, "FAIL: %s\n", p)
	}
}
