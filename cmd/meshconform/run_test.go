package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/conformance"
	"github.com/livemesh-spec/livemesh/internal/cli"
	"github.com/livemesh-spec/livemesh/internal/testenv"
)

// wrongIdent is the reference except that every two user names compare equal.
type wrongIdent struct{ conformance.Reference }

func (wrongIdent) Name() string { return "wrong-ident" }

func (w wrongIdent) Ident(op, in, other string) (map[string]any, error) {
	if op == "user-name/compare" {
		return map[string]any{"equal": true}, nil
	}
	return w.Reference.Ident(op, in, other)
}

func withImpl(t *testing.T, impl conformance.Impl) {
	old := runImpl
	runImpl = impl
	t.Cleanup(func() { runImpl = old })
}

func TestRun(t *testing.T) {
	t.Run("[CONF-EXIT-1] every case passes against the reference: exit 0", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "run")
		if code != cli.ExitOK || errs != "" || !strings.HasPrefix(out, "PASS: reference: ") || strings.Count(out, "\n") != 1 {
			t.Errorf("code=%d out=%q err=%q", code, out, errs)
		}
	})
	t.Run("[CONF-EXIT-1] a failing MUST case: exit 1", func(t *testing.T) {
		withImpl(t, wrongIdent{})
		code, out, _ := runCLI(t, "", "run")
		if code != cli.ExitFail || !strings.Contains(out, "fail            MUST   vectors/ident/user-name\n    ident/user-name.json#") ||
			!strings.Contains(out, `wrong-ident gives {"equal":true}, test expects {"equal":false}`) || !strings.Contains(out, "FAIL: wrong-ident: 9 cases: 8 pass, 1 fail\n") {
			t.Errorf("code=%d out=%q", code, out)
		}
		// Only the failing area selected, then skipped.
		if code, _, _ := runCLI(t, "", "run", "--skip", "^vectors/ident/"); code != cli.ExitOK {
			t.Errorf("--skip the failing cases: code=%d", code)
		}
	})
	t.Run("[CONF-EXP-1] --expect FILE and --strict", func(t *testing.T) {
		withImpl(t, wrongIdent{})
		file := filepath.Join(t.TempDir(), "expect.json")
		os.WriteFile(file, []byte(`{"format":"livemesh-conformance-expectations.v1","expect":[
			{"case":"vectors/ident/*","verdict":"fail","reason":"user names compare equal"}]}`), 0o644)
		code, out, _ := runCLI(t, "", "run", "--expect", file)
		if code != cli.ExitOK || !strings.Contains(out, "expected-fail   MUST   vectors/ident/user-name\n    expected to fail: user names compare equal\n") ||
			!strings.Contains(out, "PASS: wrong-ident: 9 cases: 6 pass, 1 expected-fail, 2 unexpected-pass\n") {
			t.Errorf("code=%d out=%q", code, out)
		}
		if code, _, _ := runCLI(t, "", "run", "--expect", file, "--strict"); code != cli.ExitFail {
			t.Errorf("--strict with unexpected passes: code=%d", code)
		}
		if code, _, _ := runCLI(t, "", "run", "--expect", file, "--strict", "--skip", "ident/(ids|device-id)"); code != cli.ExitOK {
			t.Errorf("--strict with only the expected failure: code=%d", code)
		}
	})
	t.Run("[CONF-EXIT-1] usage and configuration errors: exit 2", func(t *testing.T) {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"format":"v0"}`), 0o644)
		for _, args := range [][]string{
			{"run", "extra"},
			{"run", "--nope"},
			{"run", "--run", "("},
			{"run", "--skip", "["},
			{"run", "--level", "required"},
			{"run", "--report", "xml=" + filepath.Join(dir, "r.xml")},
			{"run", "--report", "json"},
			{"run", "--expect", filepath.Join(dir, "missing.json")},
			{"run", "--expect", filepath.Join(dir, "bad.json")},
			{"run", "--report", "json=" + filepath.Join(dir, "missing", "r.json")},
		} {
			code, _, errs := runCLI(t, "", args...)
			if code != cli.ExitUsage || strings.Count(errs, "\n") != 1 {
				t.Errorf("%q: code=%d err=%q", args, code, errs)
			}
		}
	})
	t.Run("[CONF-SEL-1] --run, --skip and --level select cases; --list lists them", func(t *testing.T) {
		code, out, _ := runCLI(t, "", "run", "--list")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || len(lines) < 9 || !strings.HasPrefix(lines[0], "MUST   vectors/") {
			t.Fatalf("code=%d out=%q", code, out)
		}
		_, out, _ = runCLI(t, "", "run", "--list", "--run", "ident", "--skip", "user-name", "--level", "must")
		if strings.Count(out, "\n") != 2 || !strings.Contains(out, "vectors/ident/device-id") ||
			!strings.Contains(out, "vectors/ident/ids") || strings.Contains(out, "user-name") {
			t.Errorf("selected %q", out)
		}
		_, out, _ = runCLI(t, "", "run", "-v", "--run", "^vectors/p2p/records$")
		if out != "pass            MUST   vectors/p2p/records\nPASS: reference: 1 cases: 1 pass\n" {
			t.Errorf("verbose single case %q", out)
		}
	})
	t.Run("--report junit=FILE writes the JUnit XML report", func(t *testing.T) {
		withImpl(t, wrongIdent{})
		file := filepath.Join(t.TempDir(), "junit.xml")
		code, _, _ := runCLI(t, "", "run", "--report", "junit="+file, "--report", "json="+file+".json")
		data, err := os.ReadFile(file)
		if code != cli.ExitFail || err != nil || !strings.Contains(string(data), `<testsuites name="livemesh conformance: wrong-ident" tests="9" failures="1" skipped="0">`) ||
			!strings.Contains(string(data), `<failure message="fail (MUST)">`) {
			t.Errorf("code=%d err=%v\n%s", code, err, data)
		}
		if _, err := os.Stat(file + ".json"); err != nil {
			t.Errorf("second report: %v", err)
		}
	})
	t.Run("[CONF-REP-1] --report json=FILE writes the JSON report", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "report.json")
		code, _, errs := runCLI(t, "", "run", "--run", "ident", "--report", "json="+file)
		if code != 0 {
			t.Fatalf("code=%d err=%q", code, errs)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var rep struct {
			Format string `json:"format"`
			Failed bool   `json:"failed"`
			Cases  []struct {
				ID      string   `json:"id"`
				Level   string   `json:"level"`
				Req     []string `json:"req"`
				Verdict string   `json:"verdict"`
			} `json:"cases"`
		}
		if err := json.Unmarshal(data, &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Format != conformance.ReportFormat || rep.Failed || len(rep.Cases) != 3 || rep.Cases[0].ID != "vectors/ident/device-id" ||
			rep.Cases[0].Level != "MUST" || rep.Cases[0].Verdict != "pass" || len(rep.Cases[0].Req) == 0 {
			t.Errorf("report %s", data)
		}
	})
}

func TestRunShim(t *testing.T) {
	t.Setenv("MESHCONFORM_AS_MAIN", "1") // the test binary acts as meshconform (TestMain)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(self, " \t") {
		t.Skip("test binary path has spaces")
	}
	t.Run("the reference behind a real process boundary", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "run", "--shim", self+" shim")
		if code != cli.ExitOK || !strings.Contains(out, "PASS: reference: 9 cases: 9 pass\n") || errs != "" {
			t.Errorf("code=%d out=%q err=%q", code, out, errs)
		}
		code, out, _ = runCLI(t, "", "run", "-v", "--shim", self+" shim", "--run", "^vectors/ident/user-name$")
		if code != cli.ExitOK || out != "pass            MUST   vectors/ident/user-name\nPASS: reference: 1 cases: 1 pass\n" {
			t.Errorf("code=%d out=%q", code, out)
		}
	})
	t.Run("[CONF-EXIT-1] a shim that cannot start or sends no hello: exit 3", func(t *testing.T) {
		for _, shim := range []string{filepath.Join(t.TempDir(), "missing"), self + " version", self + " shim extra"} {
			code, _, errs := runCLI(t, "", "run", "--shim", shim)
			if code != 3 || !strings.Contains(errs, "--shim: ") {
				t.Errorf("%q: code=%d err=%q", shim, code, errs)
			}
		}
	})
	t.Run("the Python example shim: a second language through the same protocol", func(t *testing.T) {
		python := testenv.Tool(t, "python3", "python3-minimal")
		shim := filepath.Join(testenv.RepoRoot(t), "examples", "shim-python", "shim.py")
		if strings.ContainsAny(python+shim, " \t") {
			t.Skip("paths with spaces")
		}
		code, out, errs := runCLI(t, "", "run", "-v", "--shim", python+" "+shim, "--run", "^vectors/ident/")
		if code != cli.ExitOK || errs != "" || !strings.Contains(out, "pass            MUST   vectors/ident/ids\n") ||
			!strings.Contains(out, "unimplemented   MUST   vectors/ident/user-name\n") || !strings.HasSuffix(out, "PASS: python-example: 3 cases: 1 pass, 2 unimplemented\n") {
			t.Errorf("code=%d out=%q err=%q", code, out, errs)
		}
	})
	t.Run("meshconform shim answers on stdout", func(t *testing.T) {
		code, out, _ := runCLI(t, `{"id":1,"op":"ident.user-name/parse","args":{"inputHex":"416e6e406578616d706c652e636f6d"}}`+"\n"+`{"id":2,"op":"feedsync.nope"}`+"\n", "shim")
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[0], `{"shim":"livemesh-shim.v1","implementation":"reference","ops":["ident.`) ||
			!strings.HasPrefix(lines[1], `{"id":1,"ok":{`) || lines[2] != `{"id":2,"unimplemented":true}` {
			t.Errorf("code=%d out=%q", code, out)
		}
	})
}
