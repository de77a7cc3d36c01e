package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/internal/cli"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

func TestP2PKeygen(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCLI(t, "", "p2p", "keygen", "--out", dir)
	if code != cli.ExitOK || errs != "" {
		t.Fatalf("code=%d err=%q", code, errs)
	}
	id, err := ident.ParseDeviceID(strings.TrimSpace(out))
	if err != nil || id.String() != strings.TrimSpace(out) {
		t.Fatalf("printed %q: %v", out, err)
	}
	p := filepath.Join(dir, "device-key.pem")
	st, err := os.Stat(p)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", st, err)
	}
	// The key's device ID is the one printed.
	code, out2, errs := runCLI(t, "", "p2p", "id", p)
	if code != cli.ExitOK || out2 != out || errs != "" {
		t.Fatalf("id: %d %q %q", code, out2, errs)
	}
	// Never overwrites.
	before, _ := os.ReadFile(p)
	if code, _, errs := runCLI(t, "", "p2p", "keygen", "--out", dir); code != cli.ExitFail || errs == "" {
		t.Fatalf("second keygen: %d %q", code, errs)
	}
	if after, _ := os.ReadFile(p); string(after) != string(before) {
		t.Fatal("key overwritten")
	}
	if code, _, _ := runCLI(t, "", "p2p", "keygen", "--out", filepath.Join(dir, "missing")); code != cli.ExitUsage {
		t.Fatalf("missing dir: %d", code)
	}
}

func TestP2PID(t *testing.T) {
	dir := t.TempDir()
	p := keyFile(t, dir, vectors.KeyDeviceA)
	want := deviceOf(t, vectors.KeyDeviceA)
	code, out, errs := runCLI(t, "", "p2p", "id", p)
	if code != cli.ExitOK || strings.TrimSpace(out) != want || errs != "" {
		t.Fatalf("id: %d %q %q", code, out, errs)
	}
	code, out, _ = runCLI(t, string(vectors.MustKey(vectors.KeyDeviceA).PEM), "p2p", "id", "-")
	if code != cli.ExitOK || strings.TrimSpace(out) != want {
		t.Fatalf("stdin: %d %q", code, out)
	}
	code, out, errs = runCLI(t, "", "p2p", "id", "--check", strings.ToLower(want))
	if code != cli.ExitOK || strings.TrimSpace(out) != want || errs != "" {
		t.Fatalf("check: %d %q %q", code, out, errs)
	}
	// A wrong check character: exit 1, the requirement named.
	bad := []byte(want)
	if bad[0] == 'A' {
		bad[0] = 'B'
	} else {
		bad[0] = 'A'
	}
	code, _, errs = runCLI(t, "", "p2p", "id", "--check", string(bad))
	if code != cli.ExitFail || !strings.Contains(errs, "IDENT-DEV-") {
		t.Fatalf("bad check: %d %q", code, errs)
	}
	for _, args := range [][]string{{"p2p"}, {"p2p", "id"}, {"p2p", "keygen"}, {"p2p", "id", "x", "--check", want}} {
		if code, _, _ := runCLI(t, "", args...); code != cli.ExitUsage {
			t.Errorf("%v: %d", args, code)
		}
	}
	if code, out, _ := runCLI(t, "", "p2p", "-h"); code != cli.ExitOK || !strings.Contains(out, "keygen") {
		t.Errorf("help: %d %q", code, out)
	}
}
