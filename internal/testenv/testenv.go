// Package testenv lets tests ask for what lies outside the module — an installed tool, or the
// ../shared directory that sits beside the checkout in development and CI but not in a user's
// clone — with one rule (spec/README.md, README.md "Tests"): when CI=true the missing thing is a
// test failure, anywhere else the test is skipped with a message saying what is missing and how
// to get it. A test never skips silently in CI.
//
// Only test files import this package.
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// InCI reports whether the tests run in CI (the CI environment variable is "true").
func InCI() bool { return os.Getenv("CI") == "true" }

// missing fails the test in CI and skips it elsewhere.
func missing(t testing.TB, format string, args ...any) {
	t.Helper()
	if InCI() {
		t.Fatalf("CI=true and "+format, args...)
	} else {
		t.Skipf(format, args...)
	}
}

// Tool returns the path of an installed executable, or fails (CI) / skips (elsewhere).
// pkg names the Debian package that provides it, for the message.
func Tool(t testing.TB, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		missing(t, "%s is not installed (Debian package %s; .ci/run installs it)", name, pkg)
	}
	return path
}

// RepoRoot returns the module's root directory, found from this source file's location.
func RepoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("testenv: cannot locate the source tree")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// SharedFile returns the path of a file under ../shared (beside the checkout), or fails (CI) /
// skips (elsewhere, e.g. a user's clone, which has no ../shared).
func SharedFile(t testing.TB, rel string) string {
	t.Helper()
	path := filepath.Join(RepoRoot(t), "..", "shared", filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		missing(t, "%s is missing: ../shared sits beside the checkout only in development and CI (%v)", filepath.ToSlash(filepath.Join("..", "shared", rel)), err)
	}
	return path
}
