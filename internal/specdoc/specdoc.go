// Package specdoc reads the worked examples out of the specification's Markdown, so that tests
// and vector generators check the spec's own text instead of a copy that can drift from it.
// An example is the fenced block that follows a line "<!-- example: NAME -->".
//
// Only tests and repository tools import this package.
package specdoc

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// Dir returns the spec directory of the source tree this package was built from.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "spec")
}

// Examples returns every example of a Markdown text by name. A block's text is its lines, each
// followed by a line feed.
func Examples(markdown []byte) (map[string]string, error) {
	blocks := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(markdown))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	label, inBlock, fence := "", false, ""
	var b strings.Builder
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case inBlock && strings.HasPrefix(strings.TrimSpace(line), fence):
			if _, dup := blocks[label]; dup {
				return nil, fmt.Errorf("line %d: example %q defined twice", n, label)
			}
			blocks[label] = b.String()
			inBlock, label = false, ""
		case inBlock:
			b.WriteString(line)
			b.WriteByte('\n')
		case strings.HasPrefix(line, "<!-- example: "):
			label = strings.TrimSuffix(strings.TrimPrefix(line, "<!-- example: "), " -->")
		case label != "" && (strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~")):
			inBlock, fence = true, line[:3]
			b.Reset()
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if inBlock {
		return nil, fmt.Errorf("example %q: fenced block not closed", label)
	}
	return blocks, nil
}

// ReadExamples returns the examples of a spec document, named relative to the spec directory
// (e.g. "feedsync.md").
func ReadExamples(doc string) (map[string]string, error) {
	data, err := os.ReadFile(filepath.Join(Dir(), doc))
	if err != nil {
		return nil, err
	}
	return Examples(data)
}

// Example returns one named example of a spec document.
func Example(doc, name string) (string, error) {
	ex, err := ReadExamples(doc)
	if err != nil {
		return "", err
	}
	s, ok := ex[name]
	if !ok {
		return "", fmt.Errorf("spec/%s has no example %q", doc, name)
	}
	return s, nil
}
