package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/livemesh-spec/livemesh/feedsync"
	"github.com/livemesh-spec/livemesh/internal/cli"
	"github.com/livemesh-spec/livemesh/internal/specdoc"
)

// Documents of spec/feedsync.md §4.1.
const (
	feedValidAtom = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync">
  <id>urn:uuid:2b5e8a90-0f0c-4a43-8c43-6c1d6f0e4a11</id>
  <title>Tasks</title>
  <updated>2008-04-23T10:07:00Z</updated>
  <!-- a comment, dropped by fmt -->
  <entry>
    <id>urn:uuid:1c3f4e2a-7d15-4b8e-9a0e-5f4c2d1b3a01</id>
    <sx:sync updates="1" id="task-1"><sx:history sequence="1" when="2008-04-23T10:00:00Z" by="laptop.ana"/></sx:sync>
    <title>Buy oat milk &amp; bread</title>
    <updated>2008-04-23T10:07:00Z</updated>
  </entry>
</feed>
`
	feedValidRSS = `<rss version="2.0" xmlns:fs="http://feedsync.org/2007/feedsync" xmlns:ex="urn:example:ext">
  <channel>
    <title>Tasks</title>
    <link>https://mesh.example/feeds/tasks</link>
    <description>Shared tasks</description>
    <item>
      <title>Buy oat milk</title>
      <fs:sync id="task-1" updates="2" noconflicts="false" ex:origin="import">
        <fs:history sequence="2" when="2008-04-23T10:07:00Z" by="laptop.ana"/>
        <fs:history sequence="1" when="2008-04-23T10:00:00Z"/>
        <ex:note>kept by every replica</ex:note>
      </fs:sync>
    </item>
  </channel>
</rss>
`
	feedDTD = `<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>T</title></channel></rss>
`
)

// The invalid RSS example of spec/feedsync.md §4.1 and its report (line, then requirement ID),
// read from the spec so that the CLI is checked against the spec's own text.
var feedInvalidRSS, feedInvalidReport string

func TestMain(m *testing.M) {
	if os.Getenv("MESHCONFORM_AS_MAIN") == "1" { // the test binary acting as meshconform, for subprocess tests
		main()
	}
	ex, err := specdoc.ReadExamples("feedsync.md")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	feedInvalidRSS, feedInvalidReport = ex["rss-invalid"], ex["rss-invalid-report"]
	if feedInvalidRSS == "" || feedInvalidReport == "" {
		fmt.Fprintln(os.Stderr, "spec/feedsync.md lacks the rss-invalid examples")
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// writeFeeds writes name → content into a temporary directory and returns the paths.
func writeFeeds(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	out := map[string]string{}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		out[name] = p
	}
	return out
}

// reportLine is one violation line of feed validate: FILE:LINE: [REQ-ID] message.
var reportLine = regexp.MustCompile(`^(.+):([1-9][0-9]*): \[([A-Z][A-Z0-9]*-[A-Z][A-Z0-9]*-[1-9][0-9]*)\] (\S.*)$`)

func TestFeedValidate(t *testing.T) {
	p := writeFeeds(t, map[string]string{
		"atom.xml": feedValidAtom, "rss.xml": feedValidRSS, "invalid.xml": feedInvalidRSS,
		"dtd.xml": feedDTD, "empty.xml": "",
	})
	t.Run("[FS-VAL-1] valid files: exit 0, no output", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "feed", "validate", p["atom.xml"], p["rss.xml"])
		if code != cli.ExitOK || out != "" || errs != "" {
			t.Errorf("code=%d out=%q err=%q", code, out, errs)
		}
	})
	t.Run("[FS-VAL-6] a warning is not a violation", func(t *testing.T) {
		// feedValidRSS has the FS-HIST-4 warning of the specification.
		f, err := feedsync.Decode(strings.NewReader(feedValidRSS))
		if err != nil || len(feedsync.Warnings(f)) == 0 {
			t.Fatalf("the sample has no warning: %v", err)
		}
		if code, out, _ := runCLI(t, "", "feed", "validate", p["rss.xml"]); code != 0 || out != "" {
			t.Errorf("code=%d out=%q", code, out)
		}
	})
	t.Run("[FS-VAL-2] [FS-VAL-5] invalid file: exit 1, one FILE:LINE: [REQ-ID] line per violation, the report of §4.1", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "feed", "validate", p["invalid.xml"])
		if code != cli.ExitFail || errs != "" {
			t.Fatalf("code=%d err=%q", code, errs)
		}
		var got strings.Builder
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			m := reportLine.FindStringSubmatch(line)
			if m == nil || m[1] != p["invalid.xml"] {
				t.Errorf("not FILE:LINE: [REQ-ID] message: %q", line)
				continue
			}
			fmt.Fprintf(&got, "%s %s\n", m[2], m[3])
		}
		if d := cmp.Diff(feedInvalidReport, got.String()); d != "" {
			t.Errorf("report differs from spec/feedsync.md §4.1 (-spec +got):\n%s", d)
		}
	})
	t.Run("multiple files: each reported under its own name, the worst exit code", func(t *testing.T) {
		code, out, _ := runCLI(t, "", "feed", "validate", p["atom.xml"], p["invalid.xml"], p["rss.xml"])
		if code != cli.ExitFail || strings.Count(out, "\n") != 13 || strings.Contains(out, p["atom.xml"]) || strings.Contains(out, p["rss.xml"]) {
			t.Errorf("code=%d\n%s", code, out)
		}
		code, out, _ = runCLI(t, "", "feed", "validate", p["invalid.xml"], p["dtd.xml"], p["atom.xml"])
		if code != cli.ExitUsage || strings.Count(out, "\n") != 14 {
			t.Errorf("invalid and undecodable: code=%d, want 2\n%s", code, out)
		}
	})
	for _, c := range []struct {
		name, file, want string
	}{
		{"[FS-DEC-3] a DOCTYPE", "dtd.xml", ":2: [FS-DEC-3] "},
		{"[FS-DEC-2] an empty file", "empty.xml", ": [FS-DEC-2] "},
		{"a missing file", "missing.xml", ": no such file or directory"},
	} {
		t.Run(c.name+": exit 2, one line saying why", func(t *testing.T) {
			name := p[c.file]
			if name == "" {
				name = filepath.Join(t.TempDir(), c.file)
			}
			code, out, _ := runCLI(t, "", "feed", "validate", name)
			if code != cli.ExitUsage || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, name) || !strings.Contains(out, c.want) {
				t.Errorf("code=%d out=%q, want 2 and %q", code, out, c.want)
			}
		})
	}
	t.Run("- reads standard input", func(t *testing.T) {
		code, out, _ := runCLI(t, feedInvalidRSS, "feed", "validate", "-")
		if code != cli.ExitFail || !strings.HasPrefix(out, "-:6: [FS-SHARE-3] ") {
			t.Errorf("code=%d out=%q", code, out)
		}
		if code, out, _ := runCLI(t, feedValidAtom, "feed", "validate", "-", p["rss.xml"]); code != 0 || out != "" {
			t.Errorf("stdin and a file: code=%d out=%q", code, out)
		}
	})
}

func TestFeedFmt(t *testing.T) {
	// invalid.xml is the invalid example without the second sx:sync of its last item, which
	// two-syncs.xml keeps.
	oneSync := strings.Replace(feedInvalidRSS, `      <sx:sync id="task-2" updates="1"/>`+"\n", "", 1)
	p := writeFeeds(t, map[string]string{"atom.xml": feedValidAtom, "rss.xml": feedValidRSS, "invalid.xml": oneSync,
		"two-syncs.xml": feedInvalidRSS, "dtd.xml": feedDTD})
	for _, name := range []string{"atom.xml", "rss.xml", "invalid.xml", "two-syncs.xml"} {
		t.Run("[FS-ENC-2] "+name+": the canonical encoding, decoding to the same model, idempotent", func(t *testing.T) {
			code, out, errs := runCLI(t, "", "feed", "fmt", p[name])
			if code != cli.ExitOK || errs != "" {
				t.Fatalf("code=%d err=%q", code, errs)
			}
			in, err := os.ReadFile(p[name])
			if err != nil {
				t.Fatal(err)
			}
			f1, err := feedsync.Decode(bytes.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			if err := feedsync.Encode(&want, f1); err != nil {
				t.Fatal(err)
			}
			if out != want.String() {
				t.Errorf("fmt output is not feedsync.Encode of the input:\n%s", out)
			}
			if !strings.HasPrefix(out, `<?xml version="1.0" encoding="utf-8"?>`+"\n") || !strings.HasSuffix(out, ">\n") {
				t.Errorf("[FS-ENC-1] layout: %q", out)
			}
			f2, err := feedsync.Decode(strings.NewReader(out))
			if err != nil {
				t.Fatalf("fmt output does not decode: %v", err)
			}
			if d := cmp.Diff(f1, f2, feedModelCmp...); d != "" {
				t.Errorf("decode(fmt(x)) differs from decode(x) (-in +fmt):\n%s", d)
			}
			if len(feedsync.Validate(f1)) != len(feedsync.Validate(f2)) {
				t.Errorf("fmt changed the number of violations")
			}
			code, again, _ := runCLI(t, out, "feed", "fmt", "-")
			if code != 0 || again != out {
				t.Errorf("fmt is not idempotent:\n%s\n---\n%s", out, again)
			}
		})
	}
	t.Run("a comment is dropped and sx:sync moves last", func(t *testing.T) {
		_, out, _ := runCLI(t, "", "feed", "fmt", p["atom.xml"])
		if strings.Contains(out, "<!--") || !strings.Contains(out, "<updated>2008-04-23T10:07:00Z</updated>\n    <sx:sync id=\"task-1\" updates=\"1\">") {
			t.Errorf("output:\n%s", out)
		}
	})
	t.Run("undecodable input: exit 2, one line on stderr", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "feed", "fmt", p["dtd.xml"])
		if code != cli.ExitUsage || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "[FS-DEC-3]") {
			t.Errorf("code=%d out=%q err=%q", code, out, errs)
		}
		code, _, errs = runCLI(t, "", "feed", "fmt", filepath.Join(t.TempDir(), "missing.xml"))
		if code != cli.ExitUsage || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "no such file") {
			t.Errorf("missing: code=%d err=%q", code, errs)
		}
	})
}

func TestFeedUsage(t *testing.T) {
	for _, args := range [][]string{{"feed", "-h"}, {"feed", "validate", "-h"}, {"feed", "fmt", "-h"}, {"feed", "--help"}, {"help", "feed"}} {
		code, out, errs := runCLI(t, "", args...)
		if code != 0 || errs != "" || !strings.Contains(out, "usage: meshconform feed validate FILE... | fmt FILE") {
			t.Errorf("%v: code=%d out=%q err=%q", args, code, out, errs)
		}
	}
	for _, args := range [][]string{
		{"feed"}, {"feed", "validate"}, {"feed", "fmt"}, {"feed", "fmt", "a", "b"},
		{"feed", "frob", "x.xml"}, {"feed", "validate", "--bogus", "x.xml"},
	} {
		code, out, errs := runCLI(t, "", args...)
		if code != cli.ExitUsage || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "meshconform feed: ") {
			t.Errorf("%v: code=%d out=%q err=%q", args, code, out, errs)
		}
	}
	code, out, _ := runCLI(t, "", "-h")
	if code != 0 || !strings.Contains(out, "feed") {
		t.Errorf("overview does not list feed: %q", out)
	}
}

// feedModelCmp compares feedsync models without their lines (which depend on the layout) and
// with attributes in any order (Decode keeps document order, Encode writes the canonical order).
var feedModelCmp = []cmp.Option{
	cmpopts.SortSlices(func(a, b feedsync.Attr) bool {
		if a.Name.Space != b.Name.Space {
			return a.Name.Space < b.Name.Space
		}
		return a.Name.Local < b.Name.Local
	}),
	cmpopts.IgnoreFields(feedsync.Element{}, "Line"),
	cmpopts.IgnoreFields(feedsync.Sync{}, "Line"),
	cmpopts.IgnoreFields(feedsync.History{}, "Line"),
	cmpopts.IgnoreFields(feedsync.Conflicts{}, "Line"),
	cmpopts.IgnoreFields(feedsync.Sharing{}, "Line"),
	cmpopts.IgnoreFields(feedsync.Related{}, "Line"),
}
