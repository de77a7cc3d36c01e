package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/internal/cli"
	"github.com/livemesh-spec/livemesh/internal/testenv"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// copyTree writes the embedded vector tree to a temporary directory.
func copyTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(vectors.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(vectors.FS(), p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// mutatedCopy copies the embedded tree to a temporary directory and replaces the first
// occurrence of from with to in one file, failing when the mutation does not apply.
func mutatedCopy(t *testing.T, file, from, to string) string {
	t.Helper()
	dir := copyTree(t)
	p := filepath.Join(dir, filepath.FromSlash(file))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	mutated := bytes.Replace(data, []byte(from), []byte(to), 1)
	if bytes.Equal(mutated, data) {
		t.Fatalf("mutation %q did not apply to %s", from, file)
	}
	if err := os.WriteFile(p, mutated, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestVectorsCheckPassesOnThePublishedVectors(t *testing.T) {
	code, out, errs := runCLI(t, "", "vectors", "check")
	if code != cli.ExitOK || errs != "" {
		t.Fatalf("code=%d stderr=%q\n%s", code, errs, out)
	}
	for _, p := range vectors.VectorPaths() {
		if !strings.Contains(out, "ok    "+p) {
			t.Errorf("no ok line for %s:\n%s", p, out)
		}
	}
	if !strings.Contains(out, " 0 failed\n") {
		t.Errorf("summary line missing:\n%s", out)
	}
	t.Run("[VEC-LOAD-4] every test of every file is run, none skipped", func(t *testing.T) {
		total := 0
		for _, p := range vectors.VectorPaths() {
			f, err := vectors.Load[json.RawMessage](p)
			if err != nil {
				t.Fatal(err)
			}
			total += len(f.Tests)
		}
		if want := fmt.Sprintf("vectors: %d passed, 0 failed\n", total); !strings.HasSuffix(out, want) {
			t.Errorf("summary does not count all %d tests:\n%s", total, out[max(0, len(out)-200):])
		}
	})
	// The same tree on disk gives the same answer.
	code, out2, _ := runCLI(t, "", "vectors", "check", "--dir", copyTree(t))
	if code != cli.ExitOK || out2 != out {
		t.Errorf("--dir copy: code=%d\n%s", code, out2)
	}
}

// TestVectorsCheckCatchesMutations shows that the check can fail: each mutation of a copy of
// the tree makes it exit 1 naming the file (and test) concerned.
func TestVectorsCheckCatchesMutations(t *testing.T) {
	cases := []struct {
		name, file, from, to, want string
	}{
		{"manifest fact no longer matches its key file", "keys/manifest.json", `"certSerial": 1,`, `"certSerial": 99,`, "keys/manifest.json#idp-2048: key file gives"},
		{"schema violation", "keys/manifest.json", `"bits": 2048,`, `"bits": "2048",`, "does not validate against keys-manifest.v1.schema.json"},
		{"common rule broken", "keys/manifest.json", `"numberOfTests": 8,`, `"numberOfTests": 9,`, "FAIL  keys/manifest.json"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := mutatedCopy(t, tc.file, tc.from, tc.to)
			code, out, _ := runCLI(t, "", "vectors", "check", "--dir", dir)
			if code != cli.ExitFail || !strings.Contains(out, tc.want) {
				t.Errorf("code=%d, want 1 and %q in:\n%s", code, tc.want, out)
			}
		})
	}
}

func TestVectorsListAndUsage(t *testing.T) {
	code, out, _ := runCLI(t, "", "vectors", "list")
	if code != 0 || !strings.Contains(out, "keys/manifest.json") {
		t.Errorf("list: code=%d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "", "vectors", "list", "keys")
	if code != 0 || strings.Count(out, "\n") != 1 {
		t.Errorf("list keys: code=%d\n%s", code, out)
	}
	for _, args := range [][]string{{"vectors"}, {"vectors", "frob"}, {"vectors", "check", "no-such-area"}, {"vectors", "check", "--dir", "/no/such/dir"}} {
		code, _, errs := runCLI(t, "", args...)
		if code != cli.ExitUsage || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: code=%d stderr=%q", args, code, errs)
		}
	}
}

// TestIdentDeviceIDAgreesWithOpenSSL computes each published key's device ID from the
// SubjectPublicKeyInfo that openssl writes, in PEM and in DER, and from the key file itself.
func TestIdentDeviceIDAgreesWithOpenSSL(t *testing.T) {
	openssl := testenv.Tool(t, "openssl", "openssl")
	for _, name := range vectors.KeyNames() {
		k := vectors.MustKey(name)
		file := filepath.Join(testenv.RepoRoot(t), "spec", "vectors", filepath.FromSlash(k.File))
		code, fromFile, errs := runCLI(t, "", "ident", "device-id", file)
		if code != 0 {
			t.Fatalf("%s: code=%d %s", name, code, errs)
		}
		for _, form := range []string{"PEM", "DER"} {
			der, err := exec.Command(openssl, "pkey", "-in", file, "-pubout", "-outform", form).Output()
			if err != nil {
				t.Fatalf("openssl: %v", err)
			}
			code, fromStdin, errs := runCLI(t, string(der), "ident", "device-id", "-")
			if code != 0 || fromStdin != fromFile {
				t.Errorf("%s %s: code=%d got %q want %q %s", name, form, code, fromStdin, fromFile, errs)
			}
		}
	}
}

func TestIdentParse(t *testing.T) {
	cases := []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{"parse", "device-id", "a3r73d6-2fg5wbp-k2zkv66-mhw3blr-wnwiyrg-s7dbz27-3ivpy4g-3zf6uqj"}, 0, "A3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ\n", ""},
		{[]string{"parse", "device-id", "B3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ"}, 1, "", "IDENT-DEV-9"},
		{[]string{"parse", "user-name", "John.Smith@Example.COM"}, 0, "John.Smith@Example.COM\nkey: john.smith@example.com\n", ""},
		{[]string{"parse", "user-name", "a@localhost"}, 1, "", "IDENT-USER-8"},
		{[]string{"parse", "resource-id", "UICFO4FJCPQU5CLZ3SLHA73UUY"}, 0, "UICFO4FJCPQU5CLZ3SLHA73UUY\n", ""},
		{[]string{"parse", "ticket-id", "_00112233445566778899AABBCCDDEEFF"}, 1, "", "IDENT-TKT-3"},
		{[]string{"parse", "endpoint-id", "a%00b"}, 1, "", "IDENT-EP-3"},
		{[]string{"parse", "colour", "x"}, 2, "", "unknown KIND"},
		{[]string{"parse", "device-id"}, 2, "", "want 'device-id FILE'"},
		{[]string{"device-id", "/no/such/file"}, 2, "", "no such file"},
	}
	for _, tc := range cases {
		code, out, errs := runCLI(t, "", append([]string{"ident"}, tc.args...)...)
		if code != tc.code || out != tc.out || !strings.Contains(errs, tc.err) || (tc.err != "" && strings.Count(errs, "\n") != 1) {
			t.Errorf("%v: code=%d out=%q err=%q, want %d %q %q", tc.args, code, out, errs, tc.code, tc.out, tc.err)
		}
	}
	code, _, errs := runCLI(t, "not a key", "ident", "device-id", "-")
	if code != 1 || !strings.Contains(errs, "no CERTIFICATE") {
		t.Errorf("garbage key: code=%d err=%q", code, errs)
	}
}

// TestVectorsCheckCatchesIdentMutations flips expectations in the ident files: the reference
// must then disagree with the file.
func TestVectorsCheckCatchesIdentMutations(t *testing.T) {
	cases := []struct{ name, file, from, to, want string }{
		{"device ID of a published key", "ident/device-id.json", `"deviceId": "F4LAHGR-`, `"deviceId": "G4LAHGR-`, "reference gives"},
		{"expected requirement of a refusal", "ident/user-name.json", `"errorReq": "IDENT-USER-8"`, `"errorReq": "IDENT-USER-9"`, "[VEC-TEST-7] errorReq"},
		{"valid marked invalid", "ident/ids.json", `"result": "valid"`, `"result": "invalid", "error": "syntax", "errorReq": "IDENT-EP-1"`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := mutatedCopy(t, tc.file, tc.from, tc.to)
			code, out, _ := runCLI(t, "", "vectors", "check", "--dir", dir, "ident")
			if code != cli.ExitFail || !strings.Contains(out, "FAIL  "+tc.file) || !strings.Contains(out, tc.want) {
				t.Errorf("code=%d, want 1, FAIL %s and %q in:\n%s", code, tc.file, tc.want, out)
			}
		})
	}
}
