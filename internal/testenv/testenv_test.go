package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder captures Skip and Fatal without stopping the real test.
type recorder struct {
	testing.TB
	skipped, failed bool
}

func (r *recorder) Helper()                      {}
func (r *recorder) Skipf(string, ...any)         { r.skipped = true }
func (r *recorder) Fatalf(string, ...any)        { r.failed = true }
func (r *recorder) Fatal(...any)                 { r.failed = true }
func (r *recorder) Logf(format string, a ...any) {}

func TestMissingToolFailsInCIAndSkipsElsewhere(t *testing.T) {
	for _, ci := range []string{"true", ""} {
		t.Setenv("CI", ci)
		r := &recorder{TB: t}
		Tool(r, "livemesh-no-such-tool", "none")
		if ci == "true" && (!r.failed || r.skipped) {
			t.Errorf("CI=true: failed=%v skipped=%v, want a failure", r.failed, r.skipped)
		}
		if ci == "" && (r.failed || !r.skipped) {
			t.Errorf("outside CI: failed=%v skipped=%v, want a skip", r.failed, r.skipped)
		}
	}
}

func TestSharedFile(t *testing.T) {
	if _, err := os.Stat(filepath.Join(RepoRoot(t), "go.mod")); err != nil {
		t.Fatalf("RepoRoot %s has no go.mod", RepoRoot(t))
	}
	t.Setenv("CI", "true")
	r := &recorder{TB: t}
	SharedFile(r, "no/such/file")
	if !r.failed {
		t.Error("missing shared file did not fail under CI=true")
	}
}
