package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/internal/cli"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

const ticketNow = "2026-03-04T05:06:07Z"

// keyFile writes a published key file (private key and certificate) to a temp dir.
func keyFile(t *testing.T, dir, name string) string {
	t.Helper()
	p := filepath.Join(dir, name+".pem")
	if err := os.WriteFile(p, vectors.MustKey(name).PEM, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func deviceOf(t *testing.T, key string) string {
	t.Helper()
	d, err := ident.DeviceIDFromPublicKey(vectors.MustKey(key).Public())
	if err != nil {
		t.Fatal(err)
	}
	return d.String()
}

// issueTicket runs ticket issue and writes the ticket to a file.
func issueTicket(t *testing.T, dir string, args ...string) string {
	t.Helper()
	code, out, errs := runCLI(t, "", append([]string{"ticket", "issue", "--now", ticketNow}, args...)...)
	if code != cli.ExitOK || errs != "" {
		t.Fatalf("issue %v: code=%d err=%q", args, code, errs)
	}
	p := filepath.Join(dir, "ticket.xml")
	if err := os.WriteFile(p, []byte(out), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTicketIssueVerify(t *testing.T) {
	dir := t.TempDir()
	cloudA, cloudB := keyFile(t, dir, vectors.KeyCloudA), keyFile(t, dir, vectors.KeyCloudB)
	devA, devB := deviceOf(t, vectors.KeyDeviceA), deviceOf(t, vectors.KeyDeviceB)
	kinds := []struct {
		name string
		args []string
		want map[string]any
	}{
		{"user", []string{"--kind", "user", "--subject", "用户@例子.中国"}, map[string]any{"kind": "user", "user": "用户@例子.中国"}},
		{"auth", []string{"--kind", "auth", "--subject", "a@m.com"}, map[string]any{"kind": "auth", "oneTime": true}},
		{"device", []string{"--kind", "device", "--subject", strings.ToLower(devA)}, map[string]any{"kind": "device", "device": devA}},
		{"device-claim", []string{"--kind", "device-claim", "--subject", devA, "--user", "alice@example.com"}, map[string]any{"user": "alice@example.com", "device": devA}},
		{"resource", []string{"--kind", "resource", "--subject", "alice@example.com", "--resource", "/V0.1/Mesh", "--action", "Read,Write", "--action", "Delete", "--one-time"}, map[string]any{"resource": "/V0.1/Mesh", "oneTime": true}},
		{"peer", []string{"--kind", "peer", "--subject", devA, "--peer", devB, "--user", "alice@example.com"}, map[string]any{"peerDevice": devB, "basis": "same-user"}},
		{"peer shared-object", []string{"--kind", "peer", "--subject", devA, "--peer", devB, "--object", "UICFO4FJCPQU5CLZ3SLHA73UUY"}, map[string]any{"basis": "shared-object", "object": "UICFO4FJCPQU5CLZ3SLHA73UUY"}},
	}
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) {
			file := issueTicket(t, dir, append([]string{"--key", cloudA, "--cert", cloudA, "--issuer", "urn:cloud"}, k.args...)...)
			code, out, errs := runCLI(t, "", "ticket", "verify", "--cert", cloudA, "--now", ticketNow, file)
			if code != cli.ExitOK {
				t.Fatalf("verify: code=%d out=%q err=%q", code, out, errs)
			}
			if !strings.Contains(errs, "audience is not checked") || !strings.Contains(errs, "issuer is not checked") {
				t.Errorf("no note on stderr: %q", errs)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			for key, want := range k.want {
				if got[key] != want {
					t.Errorf("%s = %v, want %v", key, got[key], want)
				}
			}
		})
	}
	file := issueTicket(t, dir, "--kind", "user", "--subject", "alice@example.com", "--key", cloudA, "--cert", cloudA, "--audience", "urn:aud", "--issuer", "urn:cloud", "--lifetime", "10m")
	t.Run("flags after the file, audience and issuer checked: no note", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "ticket", "verify", file, "--cert", cloudB, "--cert", cloudA, "--now", ticketNow, "--audience", "urn:aud", "--issuer", "urn:cloud")
		if code != cli.ExitOK || errs != "" || !strings.Contains(out, `"notOnOrAfter": "2026-03-04T05:16:07Z"`) {
			t.Fatalf("code=%d out=%q err=%q", code, out, errs)
		}
	})
	t.Run("standard input", func(t *testing.T) {
		data, _ := os.ReadFile(file)
		code, out, _ := runCLI(t, string(data), "ticket", "verify", "--cert", cloudA, "--now", ticketNow, "-")
		if code != cli.ExitOK || !strings.Contains(out, `"kind": "user"`) {
			t.Fatalf("code=%d out=%q", code, out)
		}
	})
	refusals := []struct {
		name, want string
		args       []string
	}{
		{"expired", "expired [TKT-TIME-4]", []string{"--cert", cloudA, "--now", "2026-03-04T06:00:00Z"}},
		{"not yet valid", "not-yet-valid [TKT-TIME-3]", []string{"--cert", cloudA, "--now", "2026-03-04T04:00:00Z"}},
		{"unpinned key", "signature [TKT-SIG-11]", []string{"--cert", cloudB, "--now", ticketNow}},
		{"audience", "audience [TKT-VER-4]", []string{"--cert", cloudA, "--now", ticketNow, "--audience", "urn:other"}},
		{"issuer", "issuer [TKT-VER-3]", []string{"--cert", cloudA, "--now", ticketNow, "--issuer", "urn:other"}},
	}
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			code, out, _ := runCLI(t, "", append([]string{"ticket", "verify", file}, r.args...)...)
			if code != cli.ExitFail || !strings.HasPrefix(out, file+": "+r.want+" ") || strings.Count(out, "\n") != 1 {
				t.Fatalf("code=%d out=%q", code, out)
			}
		})
	}
	t.Run("malformed file", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.xml")
		os.WriteFile(bad, []byte("<x/>"), 0o600)
		code, out, _ := runCLI(t, "", "ticket", "verify", "--cert", cloudA, bad)
		if code != cli.ExitFail || !strings.Contains(out, "malformed [TKT-FMT-3]") {
			t.Fatalf("code=%d out=%q", code, out)
		}
	})
}

func TestTicketErrors(t *testing.T) {
	dir := t.TempDir()
	cloudA, weak := keyFile(t, dir, vectors.KeyCloudA), keyFile(t, dir, vectors.KeyWeak1024)
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"help", []string{"ticket", "-h"}, cli.ExitOK, ""},
		{"no action", []string{"ticket"}, cli.ExitUsage, "want 'issue"},
		{"unknown kind", []string{"ticket", "issue", "--kind", "admin", "--subject", "a@b.c", "--key", cloudA, "--cert", cloudA}, cli.ExitUsage, "--kind"},
		{"no key", []string{"ticket", "issue", "--kind", "user", "--subject", "a@b.c", "--cert", cloudA}, cli.ExitUsage, "--key"},
		{"bad subject", []string{"ticket", "issue", "--kind", "user", "--subject", "nobody", "--key", cloudA, "--cert", cloudA}, cli.ExitUsage, "IDENT-USER-1"},
		{"verify flag on issue", []string{"ticket", "issue", "--skew", "1m"}, cli.ExitUsage, "--skew"},
		{"issue flag on verify", []string{"ticket", "verify", "--kind", "user", "x"}, cli.ExitUsage, "--kind"},
		{"verify without file", []string{"ticket", "verify", "--cert", cloudA}, cli.ExitUsage, "want 'issue"},
		{"verify without cert", []string{"ticket", "verify", "x"}, cli.ExitUsage, "--cert"},
		{"missing file", []string{"ticket", "verify", "--cert", cloudA, filepath.Join(dir, "nope")}, cli.ExitUsage, "nope"},
		{"weak key", []string{"ticket", "issue", "--kind", "user", "--subject", "a@b.c", "--key", weak, "--cert", weak}, cli.ExitFail, "TKT-SIG-10"},
		{"weak pinned key", []string{"ticket", "verify", "--cert", weak, "x"}, cli.ExitUsage, "TKT-SIG-10"},
		{"claim outside the character set", []string{"ticket", "issue", "--kind", "user", "--subject", "a@b.c", "--key", cloudA, "--cert", cloudA, "--audience", "a\tb"}, cli.ExitFail, "TKT-CLAIM-1"},
		{"kind rule", []string{"ticket", "issue", "--kind", "resource", "--subject", "a@b.c", "--key", cloudA, "--cert", cloudA, "--resource", "/a"}, cli.ExitFail, "TKT-KIND-6"},
		{"bad flag", []string{"ticket", "verify", "--bogus"}, cli.ExitUsage, "bogus"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCLI(t, "", tc.args...)
			if code != tc.code {
				t.Fatalf("code=%d, want %d (out=%q err=%q)", code, tc.code, out, errs)
			}
			if tc.code == cli.ExitOK {
				if !strings.Contains(out, "usage: meshconform ticket") {
					t.Fatalf("help: %q", out)
				}
				return
			}
			if !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "meshconform ticket: ") {
				t.Fatalf("stderr %q, want one line with %q", errs, tc.want)
			}
		})
	}
}
