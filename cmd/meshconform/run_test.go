package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/conformance"
	"github.com/livemesh-spec/livemesh/internal/cli"
	"github.com/livemesh-spec/livemesh/internal/testenv"
	"pgregory.net/rapid"
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
		code, out, errs := runCLI(t, "", "run", "--checks", "10")
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if code != cli.ExitOK || errs != "" || !strings.HasPrefix(lines[len(lines)-1], "PASS: reference: ") {
			t.Errorf("code=%d out=%q err=%q", code, out, errs)
		}
		// Nothing but the summary by section, the property line and the summary.
		for _, l := range lines[:len(lines)-1] {
			if !strings.HasPrefix(l, "  ") {
				t.Errorf("unexpected line %q", l)
			}
		}
	})
	t.Run("[CONF-EXIT-1] a failing MUST case: exit 1", func(t *testing.T) {
		withImpl(t, wrongIdent{})
		code, out, _ := runCLI(t, "", "run", "--run", "^vectors/")
		if code != cli.ExitFail || !strings.Contains(out, "fail            MUST   vectors/ident/user-name\n    ident/user-name.json#") ||
			!strings.Contains(out, `wrong-ident gives {"equal":true}, test expects {"equal":false}`) || !strings.Contains(out, "FAIL: wrong-ident: 9 cases: 8 pass, 1 fail\n") {
			t.Errorf("code=%d out=%q", code, out)
		}
		// Only the failing area selected, then skipped.
		if code, _, _ := runCLI(t, "", "run", "--run", "^vectors/", "--skip", "^vectors/ident/"); code != cli.ExitOK {
			t.Errorf("--skip the failing cases: code=%d", code)
		}
	})
	t.Run("[CONF-EXP-1] --expect FILE and --strict", func(t *testing.T) {
		withImpl(t, wrongIdent{})
		file := filepath.Join(t.TempDir(), "expect.json")
		os.WriteFile(file, []byte(`{"format":"livemesh-conformance-expectations.v1","expect":[
			{"case":"vectors/ident/*","verdict":"fail","reason":"user names compare equal"}]}`), 0o644)
		code, out, _ := runCLI(t, "", "run", "--run", "^vectors/", "--expect", file)
		if code != cli.ExitOK || !strings.Contains(out, "expected-fail   MUST   vectors/ident/user-name\n    expected to fail: user names compare equal\n") ||
			!strings.Contains(out, "PASS: wrong-ident: 9 cases: 6 pass, 1 expected-fail, 2 unexpected-pass\n") {
			t.Errorf("code=%d out=%q", code, out)
		}
		if code, _, _ := runCLI(t, "", "run", "--run", "^vectors/", "--expect", file, "--strict"); code != cli.ExitFail {
			t.Errorf("--strict with unexpected passes: code=%d", code)
		}
		if code, _, _ := runCLI(t, "", "run", "--run", "^vectors/", "--expect", file, "--strict", "--skip", "ident/(ids|device-id)"); code != cli.ExitOK {
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
		_, out, _ = runCLI(t, "", "run", "--list", "--run", "^vectors/ident", "--skip", "user-name", "--level", "must")
		if strings.Count(out, "\n") != 2 || !strings.Contains(out, "vectors/ident/device-id") ||
			!strings.Contains(out, "vectors/ident/ids") || strings.Contains(out, "user-name") {
			t.Errorf("selected %q", out)
		}
		_, out, _ = runCLI(t, "", "run", "-v", "--seed", "5", "--run", "^vectors/p2p/records$")
		if out != "pass            MUST   vectors/p2p/records\n  vectors/p2p: 1 cases: 1 pass\n  properties: seed 5, 100 checks per case\nPASS: reference: 1 cases: 1 pass\n" {
			t.Errorf("verbose single case %q", out)
		}
	})
	t.Run("--report junit=FILE writes the JUnit XML report", func(t *testing.T) {
		withImpl(t, wrongIdent{})
		file := filepath.Join(t.TempDir(), "junit.xml")
		code, _, _ := runCLI(t, "", "run", "--run", "^vectors/", "--report", "junit="+file, "--report", "json="+file+".json")
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
		code, _, errs := runCLI(t, "", "run", "--run", "^vectors/ident", "--report", "json="+file)
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
		code, out, errs := runCLI(t, "", "run", "--checks", "20", "--shim", self+" shim")
		if code != cli.ExitOK || !regexp.MustCompile(`\nPASS: reference: (\d+) cases: (\d+) pass\n$`).MatchString(out) || errs != "" {
			t.Errorf("code=%d out=%q err=%q", code, out, errs)
		}
		code, out, _ = runCLI(t, "", "run", "-v", "--seed", "9", "--shim", "'"+self+"' shim", "--run", "^vectors/ident/user-name$")
		if code != cli.ExitOK || out != "pass            MUST   vectors/ident/user-name\n  vectors/ident: 1 cases: 1 pass\n  properties: seed 9, 100 checks per case\nPASS: reference: 1 cases: 1 pass\n" {
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
		// Every identifier operation: every vector and codec case of the area passes, none is
		// unimplemented.
		code, out, errs := runCLI(t, "", "run", "-v", "--checks", "20", "--shim", python+" "+shim, "--run", "^(vectors|codec)/ident/")
		total := regexp.MustCompile(`\nPASS: python-example: (\d+) cases: (\d+) pass\n$`).FindStringSubmatch(out)
		if code != cli.ExitOK || errs != "" || total == nil || total[1] != total[2] || strings.Contains(out, "unimplemented") ||
			!regexp.MustCompile(`\npass +MUST +codec/ident/`).MatchString(out) {
			t.Errorf("code=%d out=%q err=%q", code, out, errs)
		}
		for _, c := range []string{"device-id", "ids", "user-name"} {
			if !strings.Contains(out, "pass            MUST   vectors/ident/"+c+"\n") {
				t.Errorf("vectors/ident/%s does not pass: %q", c, out)
			}
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

func TestSplitCommand(t *testing.T) {
	t.Run("[CONF-SHIM-1] --shim words: spaces separate, quotes and backslashes keep", func(t *testing.T) {
		for in, want := range map[string][]string{
			"meshconform shim":          {"meshconform", "shim"},
			"  a\tb  c ":                {"a", "b", "c"},
			`'/path with/space' shim`:   {"/path with/space", "shim"},
			`"a \"b\" \\c" d`:           {`a "b" \c`, "d"},
			`a\ b c`:                    {"a b", "c"},
			`python3 -c 'print("x y")'`: {"python3", "-c", `print("x y")`},
			`''`:                        {""},
			`x'y z'w`:                   {"xy zw"},
		} {
			got, err := splitCommand(in)
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("splitCommand(%q) = %q, %v; want %q", in, got, err, want)
			}
		}
		for _, bad := range []string{"", "   ", "'open", `"open`, `trailing\`} {
			if got, err := splitCommand(bad); err == nil {
				t.Errorf("splitCommand(%q) = %q, want an error", bad, got)
			}
		}
		// shellQuote's output splits back into the same word.
		for _, w := range []string{"plain", "with space", "it's", `"q"`, `back\slash`, ""} {
			if got, err := splitCommand(shellQuote(w)); err != nil || len(got) != 1 || got[0] != w {
				t.Errorf("shellQuote(%q) = %s splits to %q, %v", w, shellQuote(w), got, err)
			}
		}
	})
	t.Run("[CONF-EXIT-1] an unterminated quote in --shim is a usage error", func(t *testing.T) {
		code, _, errs := runCLI(t, "", "run", "--shim", "'meshconform shim")
		if code != cli.ExitUsage || !strings.Contains(errs, "unterminated") {
			t.Errorf("code=%d err=%q", code, errs)
		}
	})
}

func TestPrinter(t *testing.T) {
	t.Run("a live progress line is redrawn on stderr and cleared before results", func(t *testing.T) {
		var out, errw bytes.Buffer
		p := &printer{out: &out, errw: &errw, live: true}
		c := conformance.Case{ID: "codec/x/y", Level: conformance.Must}
		p.start(0, 12, c)
		p.result(conformance.Result{Case: c, Verdict: conformance.Fail, Messages: []string{"bad"}})
		p.start(1, 12, conformance.Case{ID: "codec/x/z"})
		p.finish(&conformance.Report{Implementation: "i", Results: []conformance.Result{{Case: c, Verdict: conformance.Fail}}})
		if got, want := errw.String(), "[ 1/12] codec/x/y\r\x1b[K[ 2/12] codec/x/z  (1 failed)\r\x1b[K"; got != want {
			t.Errorf("stderr %q, want %q", got, want)
		}
		if !strings.HasPrefix(out.String(), "fail            MUST   codec/x/y\n    bad\n  codec/x: 1 cases: 1 fail\n") {
			t.Errorf("stdout %q", out.String())
		}
	})
	t.Run("not a terminal: no progress line", func(t *testing.T) {
		var out, errw bytes.Buffer
		p := newPrinter(cli.Env{Stdout: &out, Stderr: &errw}, false)
		p.start(0, 1, conformance.Case{ID: "a/b"})
		if p.live || errw.Len() != 0 {
			t.Errorf("live=%v stderr %q", p.live, errw.String())
		}
	})
}

// shortNames is an implementation of user-name/parse that refuses names longer than 3 bytes.
type shortNames struct{}

func (shortNames) Name() string { return "short-names" }
func (shortNames) Ident(op, in, _ string) (map[string]any, error) {
	if len(in) > 3 {
		return nil, &conformance.Refusal{Class: "syntax", Req: "IDENT-USER-1"}
	}
	return map[string]any{"n": len(in)}, nil
}

// withSuite makes run use cases instead of the suite: a property case that fails against
// shortNames once a drawn string is longer than 3 bytes.
func withPropertySuite(t *testing.T) {
	old := suiteCases
	suiteCases = func() ([]conformance.Case, error) {
		return []conformance.Case{{
			ID: "selftest/long-names", Level: conformance.Must, Ops: []string{"ident.user-name/parse"},
			Description: "long names are accepted",
			Run: func(t *conformance.T) {
				t.Property(func(p *conformance.P) {
					s := rapid.StringN(0, 32, -1).Draw(p.T, "s")
					_, err := p.Impl().(conformance.IdentImpl).Ident("user-name/parse", s, "")
					p.Stepf("user-name/parse(%q) → %v", s, err)
					if p.Check(err) != nil {
						p.Fatalf("refused")
					}
				})
			},
		}}, nil
	}
	t.Cleanup(func() { suiteCases = old })
}

var replayLine = regexp.MustCompile(`replay this failure: meshconform run --run '\^selftest/long-names\$' --seed (\d+) --checks 1\n`)

func TestRunProperties(t *testing.T) {
	withPropertySuite(t)
	withImpl(t, shortNames{})
	t.Run("[CONF-PROP-1] a failing property prints its seed and a command that replays it", func(t *testing.T) {
		t.Chdir(t.TempDir())
		code, out, _ := runCLI(t, "", "run", "--seed", "11", "--checks", "300")
		m := replayLine.FindStringSubmatch(out)
		if code != cli.ExitFail || m == nil || !strings.Contains(out, "1. user-name/parse(") || !strings.Contains(out, "  properties: seed 11, 300 checks per case\n") {
			t.Fatalf("code=%d out=%q", code, out)
		}
		code, out2, _ := runCLI(t, "", "run", "--run", "^selftest/long-names$", "--seed", m[1], "--checks", "1")
		if code != cli.ExitFail || !strings.Contains(out2, "seed "+m[1]+";") {
			t.Errorf("replay: code=%d out=%q", code, out2)
		}
		if left, _ := os.ReadDir("."); len(left) != 0 {
			t.Errorf("[CONF-PROP-2] the working directory holds %v", left)
		}
	})
	t.Run("--repeat-until-failure stops at the first failing run", func(t *testing.T) {
		// One check per run: the first strings rapid draws are short, so a few runs pass first.
		code, out, _ := runCLI(t, "", "run", "--seed", "1", "--checks", "1", "--repeat-until-failure")
		passed := strings.Count(out, "repeat-until-failure: iteration ")
		if code != cli.ExitFail || !strings.Contains(out, " failed\n") || passed < 1 {
			t.Errorf("code=%d out=%q", code, out)
		}
	})
	t.Run("[CONF-EXIT-1] --checks below 1 is a usage error", func(t *testing.T) {
		if code, _, errs := runCLI(t, "", "run", "--checks", "0"); code != cli.ExitUsage || strings.Count(errs, "\n") != 1 {
			t.Errorf("code=%d err=%q", code, errs)
		}
	})
}

func TestRunTraceAndHTML(t *testing.T) {
	t.Setenv("MESHCONFORM_AS_MAIN", "1")
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("[CONF-TRACE-1] --trace DIR holds one trace per case run through the shim", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "traces")
		code, _, errs := runCLI(t, "", "run", "--shim", shellQuote(self)+" shim", "--trace", dir, "--run", "^vectors/ident/")
		if code != cli.ExitOK {
			t.Fatalf("code=%d err=%q", code, errs)
		}
		for _, name := range []string{"vectors_ident_device-id.trace", "vectors_ident_ids.trace", "vectors_ident_user-name.trace"} {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil || !strings.HasPrefix(string(data), `> {"id":`) || !strings.Contains(string(data), "\n< {\"id\":") {
				t.Errorf("%s: %v %.100q", name, err, data)
			}
		}
	})
	t.Run("[CONF-REP-4] --report html=FILE writes one self-contained HTML file", func(t *testing.T) {
		withImpl(t, wrongIdent{})
		file := filepath.Join(t.TempDir(), "report.html")
		code, _, _ := runCLI(t, "", "run", "--run", "^vectors/ident/", "--report", "html="+file)
		data, err := os.ReadFile(file)
		if code != cli.ExitFail || err != nil || !strings.Contains(string(data), "vectors/ident/user-name") || strings.Contains(string(data), "http://") {
			t.Errorf("code=%d err=%v %.200s", code, err, data)
		}
	})
}
