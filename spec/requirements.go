package spec

import (
	"bufio"
	"bytes"
	"embed"
	"io/fs"
	"path"
	"regexp"
	"strings"
	"sync"
)

// The specification's Markdown, as shipped with the module: the documents of this directory
// and of its subdirectories one level down (spec/vectors/README.md defines the VEC
// requirements).
//
//go:embed *.md */*.md
var files embed.FS

// Requirement is one requirement the specification defines (README.md §2).
type Requirement struct {
	ID      string // e.g. "FS-MERGE-3"
	Level   string // MUST, SHOULD or MAY: the first BCP 14 keyword of Text ("" when it has none)
	Text    string // the paragraph or list item joined into one line, without the leading [ID]; Markdown as written
	Doc     string // the document that defines it, relative to spec/, e.g. "feedsync.md"
	Section string // the nearest heading above it, without its #s, e.g. "7. Reports"
}

// Lookup returns the requirement with the given ID, e.g. Lookup("CONF-REP-1").
func Lookup(id string) (Requirement, bool) {
	r, ok := parsed().byID[id]
	return r, ok
}

// Requirements returns every requirement in document order (documents sorted by path). A
// requirement defined twice (a defect the coverage check reports) is listed once, as first
// defined.
func Requirements() []Requirement {
	return append([]Requirement(nil), parsed().list...)
}

type index struct {
	list []Requirement
	byID map[string]Requirement
}

var parsed = sync.OnceValue(func() index {
	idx := index{byID: map[string]Requirement{}}
	// fs.WalkDir visits in lexical order, the order internal/speccheck reads the files in.
	_ = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && skipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if path.Ext(p) != ".md" {
			return nil
		}
		data, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		for _, r := range parseMarkdown(p, data) {
			if _, dup := idx.byID[r.ID]; !dup {
				idx.byID[r.ID] = r
				idx.list = append(idx.list, r)
			}
		}
		return nil
	})
	return idx
})

func skipDir(name string) bool {
	return name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")
}

// The syntax of README.md §1–§2. requirements_test.go keeps this parser in step with
// internal/speccheck, the repository's full checker, which non-test code may not import.
const idPattern = `[A-Z][A-Z0-9]+-[A-Z][A-Z0-9]+-[1-9][0-9]*`

var (
	// A definition: optional indentation, optional list marker, optional bold, then [ID].
	definition = regexp.MustCompile(`^\s*(?:(?:[-*+]|[0-9]+[.)])\s+)?(?:\*\*)?\[(` + idPattern + `)\](?:\*\*)?(?:\s+|$)(.*)$`)
	listItem   = regexp.MustCompile(`^\s*(?:[-*+]|[0-9]+[.)])\s+`)
	keyword    = regexp.MustCompile(`\b(MUST NOT|MUST|REQUIRED|SHALL NOT|SHALL|SHOULD NOT|SHOULD|NOT RECOMMENDED|RECOMMENDED|MAY|OPTIONAL)\b`)
	codeSpan   = regexp.MustCompile("`[^`]*`")
)

// levelOf returns the level of the first keyword outside code spans.
func levelOf(text string) string {
	switch keyword.FindString(codeSpan.ReplaceAllString(text, "")) {
	case "MUST", "MUST NOT", "REQUIRED", "SHALL", "SHALL NOT":
		return "MUST"
	case "SHOULD", "SHOULD NOT", "RECOMMENDED", "NOT RECOMMENDED":
		return "SHOULD"
	case "MAY", "OPTIONAL":
		return "MAY"
	}
	return ""
}

// parseMarkdown returns the requirements one document defines. A definition starts a list
// item or a paragraph; its text runs to the next blank line, heading, list item, fence or
// definition. Fenced code blocks define nothing.
func parseMarkdown(doc string, data []byte) []Requirement {
	var reqs []Requirement
	var cur *Requirement
	var text strings.Builder
	flush := func() {
		if cur != nil {
			cur.Text = strings.TrimSpace(text.String())
			cur.Level = levelOf(cur.Text)
			reqs = append(reqs, *cur)
			cur = nil
		}
	}
	section := ""
	fence := ""
	inParagraph := false // the previous line is non-blank text
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
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
		if m := definition.FindStringSubmatch(line); m != nil && (listItem.MatchString(line) || !prevInParagraph) {
			flush()
			cur = &Requirement{ID: m[1], Doc: doc, Section: section}
			text.Reset()
			text.WriteString(m[2])
			continue
		}
		if strings.HasPrefix(trimmed, "#") {
			section = strings.TrimSpace(strings.TrimLeft(trimmed, "#"))
		}
		if trimmed == "" || strings.HasPrefix(trimmed, "#") || listItem.MatchString(line) {
			flush()
		} else if cur != nil {
			text.WriteString(" " + trimmed)
		}
	}
	flush()
	return reqs
}
