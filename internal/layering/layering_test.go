package layering

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// goList describes every package of the module, non-test files only, optionally with a
// go build overlay (so a test can add a file without touching the tree).
func goList(t *testing.T, overlay string) []Package {
	t.Helper()
	args := []string{"list", "-deps=false", "-json=ImportPath,Imports,Deps,Standard,CgoFiles"}
	if overlay != "" {
		args = append(args, "-overlay", overlay)
	}
	args = append(args, Module+"/...")
	cmd := exec.Command("go", args...)
	cmd.Dir = "../.."
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, stderr.String())
	}
	var pkgs []Package
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p Package
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	if len(pkgs) == 0 {
		t.Fatal("go list found no packages")
	}
	return pkgs
}

// TestModuleLayering is the CI guard: the module as it stands obeys design.md §2.
func TestModuleLayering(t *testing.T) {
	for _, v := range Check(goList(t, "")) {
		t.Error(v)
	}
}

// TestDeliberateBadImportIsCaught adds, through a build overlay, a file to ident (floor 0)
// that imports spec/vectors, and requires the check to name that exact slip.
func TestDeliberateBadImportIsCaught(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "ident")); err != nil {
		t.Fatalf("package ident is missing: %v", err)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.go")
	src := "package ident\n\nimport _ \"" + Module + "/spec/vectors\"\n"
	if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	overlay, _ := json.Marshal(map[string]any{"Replace": map[string]string{
		filepath.Join(root, "ident", "zz_layering_probe.go"): bad,
	}})
	ovPath := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(ovPath, overlay, 0o644); err != nil {
		t.Fatal(err)
	}
	got := Check(goList(t, ovPath))
	want := "ident (floor 0) depends on spec/vectors, which its floor may not import"
	found := false
	for _, v := range got {
		found = found || v == want
	}
	if !found {
		t.Fatalf("bad import not caught; violations: %q", got)
	}
}

func TestCheckRules(t *testing.T) {
	m := func(s string) string { return Module + "/" + s }
	cases := []struct {
		name string
		pkg  Package
		want []string
	}{
		{"codec may import ident", Package{ImportPath: m("feedsync"), Deps: []string{m("ident"), "strings"}}, nil},
		{"codec may not import another codec", Package{ImportPath: m("feedsync"), Deps: []string{m("saml"), m("ident")}},
			[]string{"feedsync (floor 1) depends on saml, which its floor may not import"}},
		{"wire knows no SAML", Package{ImportPath: m("wire"), Deps: []string{m("saml")}},
			[]string{"wire (floor 2) depends on saml, which its floor may not import"}},
		{"conformance never imports cloud", Package{ImportPath: m("conformance/cases"), Deps: []string{m("client"), m("cloud/cloudtest")}},
			[]string{"conformance/cases (floor 4) depends on cloud/cloudtest, which design.md §2 forbids it"}},
		{"conformance never imports peer", Package{ImportPath: m("conformance"), Deps: []string{m("peer")}},
			[]string{"conformance (floor 4) depends on peer, which design.md §2 forbids it"}},
		{"peer may use client", Package{ImportPath: m("peer"), Deps: []string{m("client"), m("wire"), m("ident")}}, nil},
		{"client may not use cloud", Package{ImportPath: m("client"), Deps: []string{m("cloud")}},
			[]string{"client (floor 3) depends on cloud, which its floor may not import"}},
		{"binaries import anything", Package{ImportPath: m("cmd/mockcloud"), Deps: []string{m("cloud"), m("internal/vectorgen")}}, nil},
		{"nothing imports a tool", Package{ImportPath: m("resource"), Deps: []string{m("internal/vectorgen")}},
			[]string{"resource (floor 2) depends on internal/vectorgen, a repository tool nothing may import"}},
		{"unknown package", Package{ImportPath: m("misc")}, []string{"misc is not in the layering table (internal/layering.Rules, design.md §2); place it on a floor"}},
		{"unchosen dependency", Package{ImportPath: m("saml"), Imports: []string{"github.com/beevik/etree", "github.com/other/xml"}},
			[]string{"saml imports github.com/other/xml, which is not among the project's chosen dependencies"}},
		{"cgo refused", Package{ImportPath: m("ident"), CgoFiles: []string{"c.go"}}, []string{"ident uses cgo (c.go); the project builds without cgo"}},
		{"other modules are not judged", Package{ImportPath: "github.com/beevik/etree", Deps: []string{m("cloud")}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, Check([]Package{tc.pkg})); diff != "" {
				t.Errorf("violations (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEveryRuleNamesAFloorPackageOfDesign(t *testing.T) {
	// The table must list each package of design.md §2 exactly once.
	seen := map[string]bool{}
	for _, r := range Rules {
		if seen[r.Pkg] {
			t.Errorf("rule for %s listed twice", r.Pkg)
		}
		seen[r.Pkg] = true
	}
	for _, p := range []string{"ident/...", "spec/vectors/...", "feedsync", "saml", "wire", "resource", "cloud/...", "client", "peer/...", "conformance/...", "cmd/..."} {
		if !seen[p] {
			t.Errorf("design.md §2 package %s has no rule", p)
		}
	}
	if !strings.HasPrefix(Module, "github.com/livemesh-spec/") {
		t.Errorf("module path %s", Module)
	}
}
