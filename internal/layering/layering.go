// Package layering states the import rules of design.md §2 as data and checks a package graph
// against them. Its test runs the check on the module itself (from `go list -deps`), so a
// layering slip fails CI rather than waiting for a reviewer to notice.
package layering

import (
	"fmt"
	"sort"
	"strings"
)

// Module is the module path every rule is relative to.
const Module = "github.com/livemesh-spec/livemesh"

// Rule says which of our packages a package (or a tree of packages) may depend on, directly
// or indirectly, in its non-test files.
type Rule struct {
	Pkg   string   // path relative to the module; "cloud/..." matches cloud and everything below
	Floor int      // design.md §2's floor, for messages
	Allow []string // packages (relative, "..." wildcards allowed) it may depend on; "*" = any
	Deny  []string // never allowed, even if Allow would match
}

// A tree pattern, so that the private subpackages of a floor-0 package count with it (Go's
// internal rule already keeps others from importing them directly).
var floor0 = []string{"ident/...", "spec/vectors/..."}
var floor1 = append(append([]string{}, floor0...), "feedsync", "saml")
var floor2 = append(append([]string{}, floor1...), "wire", "resource")

// Rules is design.md §2's table. A package of the module that matches no rule is itself a
// violation: a new package must be placed on a floor before it can land.
var Rules = []Rule{
	{Pkg: "ident/...", Floor: 0, Allow: []string{"ident/..."}},
	{Pkg: "spec/vectors/...", Floor: 0, Allow: []string{"spec/vectors/..."}}, // its own key tooling
	{Pkg: "spec", Floor: 0}, // the spec's Markdown (embedded) and a lookup of its requirement texts
	{Pkg: "feedsync", Floor: 1, Allow: []string{"ident/..."}},
	{Pkg: "saml", Floor: 1, Allow: []string{"ident/..."}},
	{Pkg: "wire", Floor: 2, Allow: []string{"ident/..."}}, // tickets are opaque bytes to wire
	{Pkg: "resource", Floor: 2, Allow: floor1},
	{Pkg: "cloud/...", Floor: 3, Allow: append([]string{"internal/cli"}, floor2...)},
	{Pkg: "client", Floor: 3, Allow: floor2},
	{Pkg: "peer/...", Floor: 4, Allow: append([]string{"client", "internal/cli"}, floor2...)},
	{Pkg: "conformance/...", Floor: 4, Allow: append([]string{"client", "spec"}, floor2...), Deny: []string{"cloud/...", "peer/..."}},
	{Pkg: "cmd/...", Floor: 5, Allow: []string{"*"}},
	// Small shared helpers and tools. Helpers import nothing of ours; tools (which generate
	// vectors or check the repository) may import anything, but nothing may import a tool.
	{Pkg: "internal/cli", Floor: 0},
	{Pkg: "internal/speccheck", Floor: 5},
	{Pkg: "internal/layering", Floor: 5},
	{Pkg: "internal/vectorgen/...", Floor: 5, Allow: []string{"*"}},
	{Pkg: "internal/testenv", Floor: 5},                                          // imported by test files only
	{Pkg: "internal/specdoc", Floor: 5},                                          // imported by test files and vectorgen only
	{Pkg: "internal/ticketforge", Floor: 5, Allow: []string{"spec/vectors/..."}}, // likewise
	{Pkg: "internal/p2pindep", Floor: 5},                                         // likewise; independent of wire on purpose
}

// tools may be imported by nothing in the module (non-test files).
var tools = []string{"internal/speccheck", "internal/layering", "internal/vectorgen/...", "internal/testenv", "internal/specdoc", "internal/ticketforge", "internal/p2pindep"}

// ThirdParty lists the modules our non-test code may import directly (the project's chosen
// dependencies); anything else needs a decision recorded in a closing note first.
var ThirdParty = []string{
	"github.com/beevik/etree",
	"github.com/russellhaering/goxmldsig",
	"github.com/google/go-cmp",
	"pgregory.net/rapid",
	"go.etcd.io/bbolt",
	"golang.org/x/text",
	"github.com/santhosh-tekuri/jsonschema/v6",
}

// Package is one node of the graph, as `go list` reports it.
type Package struct {
	ImportPath string
	Imports    []string // direct imports of non-test files
	Deps       []string // transitive dependencies of non-test files
	Standard   bool
	CgoFiles   []string
}

func match(pattern, rel string) bool {
	if pattern == "*" {
		return true
	}
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return rel == base || strings.HasPrefix(rel, base+"/")
	}
	return rel == pattern
}

func matchAny(patterns []string, rel string) bool {
	for _, p := range patterns {
		if match(p, rel) {
			return true
		}
	}
	return false
}

func rel(path string) (string, bool) {
	if path == Module {
		return ".", true
	}
	r, ok := strings.CutPrefix(path, Module+"/")
	return r, ok
}

func ruleFor(relPath string) (Rule, bool) {
	// The most specific rule wins: an exact name before a "..." tree.
	var best Rule
	found := false
	for _, r := range Rules {
		if match(r.Pkg, relPath) && (!found || len(r.Pkg) > len(best.Pkg)) {
			best, found = r, true
		}
	}
	return best, found
}

// isStd reports whether an import path belongs to the standard library (no dot in the
// first element), for packages `go list` did not describe.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// Check returns every violation of the rules in the graph, sorted.
func Check(pkgs []Package) []string {
	var out []string
	for _, p := range pkgs {
		r, ours := rel(p.ImportPath)
		if !ours {
			continue
		}
		if len(p.CgoFiles) > 0 {
			out = append(out, fmt.Sprintf("%s uses cgo (%s); the project builds without cgo", r, strings.Join(p.CgoFiles, ", ")))
		}
		rule, ok := ruleFor(r)
		if !ok {
			out = append(out, fmt.Sprintf("%s is not in the layering table (internal/layering.Rules, design.md §2); place it on a floor", r))
			continue
		}
		for _, d := range p.Deps {
			dr, ours := rel(d)
			if !ours {
				continue
			}
			switch {
			case matchAny(tools, dr) && !match("cmd/...", r) && !matchAny(tools, r):
				out = append(out, fmt.Sprintf("%s (floor %d) depends on %s, a repository tool nothing may import", r, rule.Floor, dr))
			case matchAny(rule.Deny, dr):
				out = append(out, fmt.Sprintf("%s (floor %d) depends on %s, which design.md §2 forbids it", r, rule.Floor, dr))
			case !matchAny(rule.Allow, dr) && !matchAny(tools, dr):
				out = append(out, fmt.Sprintf("%s (floor %d) depends on %s, which its floor may not import", r, rule.Floor, dr))
			}
		}
		for _, imp := range p.Imports {
			if _, ours := rel(imp); ours || isStd(imp) {
				continue
			}
			allowed := false
			for _, m := range ThirdParty {
				allowed = allowed || imp == m || strings.HasPrefix(imp, m+"/")
			}
			if !allowed {
				out = append(out, fmt.Sprintf("%s imports %s, which is not among the project's chosen dependencies", r, imp))
			}
		}
	}
	sort.Strings(out)
	return out
}
