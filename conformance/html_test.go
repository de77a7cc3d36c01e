package conformance

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/internal/testenv"
	"github.com/livemesh-spec/livemesh/spec"
)

// htmlSample is a strict run with every verdict, two sections, a known, an unknown and a
// requirement without keyword text, a hostile message and a failure's trace.
func htmlSample() *Report {
	c := func(id string, level Level, req ...string) Case {
		return Case{ID: id, Level: level, Req: req, Description: "checks " + id}
	}
	return &Report{
		Implementation: "fake <impl> & co",
		Strict:         true,
		Results: []Result{
			{Case: c("codec/feedsync/ok", Must, "CONF-REP-1"), Verdict: Pass, Messages: []string{"fine"}, Duration: 1500 * time.Microsecond,
				Trace: "PASSING-TRACE must not be shown"},
			{Case: c("codec/feedsync/broken", Must, "CONF-REP-1", "NOPE-NOPE-9"), Verdict: Fail,
				Messages: []string{`got <script>alert("x")</script> & more`, "second line"}, Duration: 2 * time.Millisecond,
				Trace: "-> {\"op\":\"feed.decode\"}\n<- {\"error\":\"<bad> & worse\"}\nstderr: panic"},
			{Case: c("codec/feedsync/should", Should), Verdict: Fail, Messages: []string{"a SHOULD failed"}},
			{Case: c("codec/tickets/skip", May), Verdict: Skipped, Messages: []string{"no network"}},
			{Case: c("codec/tickets/unimpl", Must), Verdict: Unimplemented, Messages: []string{"no tickets"}},
			{Case: c("vectors/ident/expected", Must), Verdict: ExpectedFail, Reason: "known bug #12", Messages: []string{"wrong"}},
			{Case: c("vectors/ident/surprise", Must), Verdict: UnexpectedPass, Reason: "known bug #13"},
		},
	}
}

// node is a parsed element of the report, its children in order (strings and *node).
type node struct {
	name  string
	attr  map[string]string
	kids  []any
	class []string
}

func (n *node) text() string {
	var b strings.Builder
	for _, k := range n.kids {
		switch k := k.(type) {
		case string:
			b.WriteString(k)
		case *node:
			b.WriteString(k.text())
		}
	}
	return b.String()
}

func (n *node) hasClass(c string) bool { return slices.Contains(n.class, c) }

// all returns every element below n (n included) for which keep is true, in document order.
func (n *node) all(keep func(*node) bool) []*node {
	var out []*node
	if keep(n) {
		out = append(out, n)
	}
	for _, k := range n.kids {
		if k, ok := k.(*node); ok {
			out = append(out, k.all(keep)...)
		}
	}
	return out
}

func (n *node) byName(name string) []*node {
	return n.all(func(m *node) bool { return m.name == name })
}

func (n *node) byClass(class string) []*node {
	return n.all(func(m *node) bool { return m.hasClass(class) })
}

// parseXHTML reads the report as XML: strict, so that it must be well-formed, with no named
// entities but XML's own.
func parseXHTML(t *testing.T, data []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	root := &node{name: "#document"}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("the report is not well-formed: %v", err)
		}
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			n.class = strings.Fields(n.attr["class"])
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.kids = append(top.kids, string(tok))
		}
	}
	if len(stack) != 1 {
		t.Fatalf("unclosed elements: %d", len(stack)-1)
	}
	return root
}

func writeHTML(t *testing.T, r *Report) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestHTMLReport(t *testing.T) {
	rep := htmlSample()
	out := writeHTML(t, rep)
	doc := parseXHTML(t, out)
	s := string(out)
	cases := map[string]*node{}
	for _, a := range doc.byName("article") {
		cases[a.attr["id"]] = a
	}

	t.Run("[CONF-REP-4] html report lists every case with its verdict, level and anchor", func(t *testing.T) {
		if !strings.HasPrefix(s, "<!DOCTYPE html>\n<html lang=\"en\">") {
			t.Errorf("document starts %q", s[:min(len(s), 40)])
		}
		if len(cases) != len(rep.Results) {
			t.Errorf("%d case elements, want %d", len(cases), len(rep.Results))
		}
		for _, res := range rep.Results {
			a := cases[res.Case.ID]
			if a == nil {
				t.Errorf("case %s missing", res.Case.ID)
				continue
			}
			h := a.byName("h3")[0].text()
			if !strings.HasPrefix(h, string(res.Verdict)+" "+res.Case.Level.String()+" "+res.Case.ID) {
				t.Errorf("case %s heading %q", res.Case.ID, h)
			}
			if !a.hasClass("v-" + string(res.Verdict)) {
				t.Errorf("case %s classes %v: no colour of its verdict", res.Case.ID, a.class)
			}
			if !strings.Contains(a.text(), "checks "+res.Case.ID) {
				t.Errorf("case %s lacks its description", res.Case.ID)
			}
			if got, want := a.hasClass("fails-run"), rep.FailsRun(res); got != want {
				t.Errorf("case %s marked as failing the run: %v, want %v", res.Case.ID, got, want)
			}
		}
		if got := cases["vectors/ident/expected"].text(); !strings.Contains(got, "expected to fail: known bug #12") {
			t.Errorf("expected-fail case lacks its reason: %q", got)
		}
		if got := cases["vectors/ident/surprise"].text(); !strings.Contains(got, "expected to fail, but passed: known bug #13") {
			t.Errorf("unexpected-pass case lacks its reason: %q", got)
		}
	})

	t.Run("[CONF-REP-4] html report header: outcome, implementation, strict, counts per verdict", func(t *testing.T) {
		header := doc.byName("header")[0]
		if o := header.byClass("outcome"); len(o) != 1 || o[0].text() != "FAIL" {
			t.Errorf("outcome %v", o)
		}
		text := header.text()
		for _, want := range []string{"fake <impl> & co", "strict run", rep.Summary()} {
			if !strings.Contains(text, want) {
				t.Errorf("header lacks %q: %q", want, text)
			}
		}
		tables := header.byName("table")
		if len(tables) != 1 {
			t.Fatalf("%d tables in the header", len(tables))
		}
		var names, nums []string
		for _, th := range tables[0].byName("th") {
			names = append(names, th.text())
		}
		for _, td := range tables[0].byName("td") {
			nums = append(nums, td.text())
		}
		wantNames := []string{"pass", "fail", "skipped", "unimplemented", "expected-fail", "unexpected-pass"}
		if !slices.Equal(names, wantNames) || !slices.Equal(nums, []string{"1", "2", "1", "1", "1", "1"}) {
			t.Errorf("counts %v = %v", names, nums)
		}
		// Both MUST failures of a strict run are listed as failing it: the failed case and
		// the unexpected pass.
		var failing []string
		for _, a := range header.byName("a") {
			failing = append(failing, a.text())
		}
		if !slices.Equal(failing, []string{"codec/feedsync/broken", "vectors/ident/surprise"}) {
			t.Errorf("cases listed as failing the run: %v", failing)
		}
		notStrict := *rep
		notStrict.Strict = false
		if h := parseXHTML(t, writeHTML(t, &notStrict)).byName("header")[0].text(); !strings.Contains(h, "not strict") {
			t.Errorf("non-strict header %q", h)
		}
	})

	t.Run("[CONF-REP-4] html report summary by section", func(t *testing.T) {
		var rows [][]string
		for _, table := range doc.byName("main")[0].byName("table") {
			for _, tr := range table.byName("tr") {
				var row []string
				for _, cell := range tr.all(func(n *node) bool { return n.name == "td" || n.name == "th" }) {
					row = append(row, cell.text())
				}
				rows = append(rows, row)
			}
		}
		want := [][]string{
			{"section", "cases", "pass", "fail", "skipped", "unimplemented", "expected-fail", "unexpected-pass", "fails the run"},
			{"codec/feedsync", "3", "1", "2", "0", "0", "0", "0", "1"},
			{"codec/tickets", "2", "0", "0", "1", "1", "0", "0", "no"},
			{"vectors/ident", "2", "0", "0", "0", "0", "1", "1", "1"},
		}
		if !slices.EqualFunc(rows, want, slices.Equal) {
			t.Errorf("summary table\n got %q\nwant %q", rows, want)
		}
		var sections []string
		for _, sec := range doc.byName("section") {
			sections = append(sections, sec.attr["id"]+"="+sec.byName("h2")[0].text())
		}
		if !slices.Equal(sections, []string{"section-codec/feedsync=codec/feedsync", "section-codec/tickets=codec/tickets", "section-vectors/ident=vectors/ident"}) {
			t.Errorf("sections %v", sections)
		}
		// Within a section, the case that fails the run comes first; the rest keep run order.
		var order []string
		for _, a := range doc.byName("section")[0].byName("article") {
			order = append(order, a.attr["id"])
		}
		if !slices.Equal(order, []string{"codec/feedsync/broken", "codec/feedsync/ok", "codec/feedsync/should"}) {
			t.Errorf("order in codec/feedsync: %v", order)
		}
		for _, a := range doc.byName("a") {
			if href := a.attr["href"]; !strings.HasPrefix(href, "#") || len(doc.all(func(n *node) bool { return n.attr["id"] == href[1:] })) != 1 {
				t.Errorf("link %q has no single target", href)
			}
		}
	})

	t.Run("[CONF-REP-4] html report quotes the requirements from the spec", func(t *testing.T) {
		req, ok := spec.Lookup("CONF-REP-1")
		if !ok {
			t.Fatal("CONF-REP-1 is not in the spec")
		}
		items := cases["codec/feedsync/broken"].byName("li")
		if len(items) != 2 {
			t.Fatalf("%d requirement items", len(items))
		}
		got := items[0].text()
		plain := strings.ReplaceAll(req.Text, "`", "")
		if !strings.HasPrefix(got, "[CONF-REP-1] MUST "+plain) || !strings.Contains(got, "conformance.md § "+req.Section) {
			t.Errorf("requirement item %q\nwant the text %q", got, plain)
		}
		if codes := items[0].byName("code"); len(codes) == 0 || codes[0].text() != "format" {
			t.Errorf("code spans of the requirement text: %v", codes)
		}
		if got := items[1].text(); !strings.HasPrefix(got, "["+"NOPE-NOPE-9] unknown requirement") {
			t.Errorf("unknown requirement shown as %q", got)
		}
		if len(cases["codec/feedsync/broken"].byName("details")) != 1 {
			t.Error("two requirements are folded away")
		}
		// Many requirements go in a details element, open when the case did not pass.
		many := []string{"CONF-REP-1", "CONF-REP-2", "CONF-REP-3", "CONF-ID-1"}
		folded := &Report{Implementation: "x", Results: []Result{
			{Case: Case{ID: "a/b/pass", Level: Must, Req: many}, Verdict: Pass},
			{Case: Case{ID: "a/b/fail", Level: Must, Req: many}, Verdict: Fail},
		}}
		for _, a := range parseXHTML(t, writeHTML(t, folded)).byName("article") {
			d := a.byClass("reqs")
			if len(d) != 1 || len(d[0].byName("li")) != 4 || d[0].byName("summary")[0].text() != "4 requirements: CONF-REP-1, CONF-REP-2, CONF-REP-3, CONF-ID-1" {
				t.Errorf("%s: requirements not folded: %v", a.attr["id"], d)
				continue
			}
			if _, open := d[0].attr["open"]; open != (a.attr["id"] == "a/b/fail") {
				t.Errorf("%s: requirements open: %v", a.attr["id"], open)
			}
		}
	})

	t.Run("[CONF-REP-4] html report escapes messages and traces", func(t *testing.T) {
		for _, bad := range []string{"<script", "<bad>", "<impl>", "& more", "& co"} {
			if strings.Contains(s, bad) {
				t.Errorf("the report contains %q unescaped", bad)
			}
		}
		for _, want := range []string{"&lt;script&gt;", "&amp; more", "&lt;impl&gt;"} {
			if !strings.Contains(s, want) {
				t.Errorf("the report lacks %q", want)
			}
		}
		hostile := &Report{Implementation: "x", Results: []Result{{
			Case:    Case{ID: `x/"><script>alert(1)</script>/y`, Level: Must, Description: "</p><script>", Flags: []string{"<b>"}},
			Verdict: Fail, Messages: []string{"]]><!--"}, Trace: "</pre></details><script>",
		}}}
		h := writeHTML(t, hostile)
		d := parseXHTML(t, h)
		if strings.Contains(string(h), "<script") || len(d.byName("article")) != 1 || d.byName("article")[0].attr["id"] != hostile.Results[0].Case.ID {
			t.Errorf("a hostile case escapes its element:\n%s", h)
		}
		pre := cases["codec/feedsync/broken"].byClass("messages")
		if len(pre) != 1 || pre[0].text() != strings.Join(htmlSample().Results[1].Messages, "\n") {
			t.Errorf("messages %v", pre)
		}
	})

	t.Run("[CONF-REP-4] html report shows the trace of a failure, in a details element", func(t *testing.T) {
		broken := cases["codec/feedsync/broken"]
		details := broken.byName("details")
		if len(details) != 1 || len(details[0].byName("summary")) != 1 {
			t.Fatalf("no details element with a summary in the failed case")
		}
		trace := details[0].byClass("trace")
		if len(trace) != 1 || trace[0].text() != htmlSample().Results[1].Trace {
			t.Errorf("trace %v", trace)
		}
		if strings.Contains(s, "PASSING-TRACE") {
			t.Error("a passing case's trace is shown")
		}
		if len(cases["codec/feedsync/ok"].byName("details")) != 0 {
			t.Error("a passing case has a details element")
		}
	})

	t.Run("[CONF-REP-4] html report is self-contained", func(t *testing.T) {
		for _, bad := range []string{"http://", "https://", "src=", "<script", "<link", "<iframe", "<img", "@import", "url("} {
			if strings.Contains(strings.ToLower(s), bad) {
				t.Errorf("the report contains %q", bad)
			}
		}
		if len(doc.byName("style")) != 1 {
			t.Error("no inline style sheet")
		}
	})

	t.Run("html report of an empty run", func(t *testing.T) {
		out := writeHTML(t, &Report{Implementation: "none"})
		d := parseXHTML(t, out)
		if o := d.byClass("outcome"); len(o) != 1 || o[0].text() != "PASS" || !strings.Contains(string(out), "No case ran.") {
			t.Errorf("empty report:\n%s", out)
		}
	})

	t.Run("html report of a real run", func(t *testing.T) {
		real := Run(fakeImpl{}, sample(), Options{Expected: Expectations{{Case: "x/fail", Verdict: "fail", Reason: "why"}}}, nil)
		d := parseXHTML(t, writeHTML(t, real))
		if n := len(d.byName("article")); n != len(real.Results) {
			t.Errorf("%d cases of %d", n, len(real.Results))
		}
		if li := d.byClass("req"); len(li) != 1 || !strings.Contains(li[0].text(), "[FS-MERGE-3] MUST") {
			t.Errorf("requirement list %v", li)
		}
	})

	t.Run("html report passes xmllint --html", func(t *testing.T) {
		xmllint := testenv.Tool(t, "xmllint", "libxml2-utils")
		file := filepath.Join(t.TempDir(), "report.html")
		if err := os.WriteFile(file, out, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(xmllint, "--html", "--noout", file)
		msg, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("xmllint: %v\n%s", err, msg)
		}
		// libxml2 before 2.14 parses HTML 4: it knows none of HTML5's elements, and says
		// so. Every other complaint is a defect of the report.
		html5 := regexp.MustCompile(`^Tag (header|main|section|article|details|summary) invalid$`)
		lines := strings.Split(string(msg), "\n")
		for i, line := range lines {
			_, after, ok := strings.Cut(line, "HTML parser error : ")
			if !ok {
				continue
			}
			if !html5.MatchString(after) {
				t.Errorf("xmllint: %s\n%s", line, strings.Join(lines[i+1:min(i+3, len(lines))], "\n"))
			}
		}
		// xmllint as an XML parser agrees with encoding/xml that the report is well-formed.
		msg, err = exec.Command(xmllint, "--noout", "--nonet", file).CombinedOutput()
		if err != nil || len(msg) > 0 {
			t.Errorf("xmllint (XML): %v\n%s", err, msg)
		}
	})

	t.Run("html report durations", func(t *testing.T) {
		for d, want := range map[time.Duration]string{
			0:                       "0 µs",
			250 * time.Microsecond:  "250 µs",
			1500 * time.Microsecond: "1.5 ms",
			2500 * time.Millisecond: "2.50 s",
		} {
			if got := formatDuration(d); got != want {
				t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
			}
		}
		if got := strconv.Quote(cases["codec/feedsync/ok"].byClass("meta")[0].text()); got != strconv.Quote("1.5 ms") {
			t.Errorf("duration shown as %s", got)
		}
	})
}

func TestSectionOf(t *testing.T) {
	for id, want := range map[string]string{
		"codec/feedsync/merge/winner-total-order": "codec/feedsync",
		"vectors/tickets/verify":                  "vectors/tickets",
		"x/pass":                                  "x",
		"a":                                       "a",
	} {
		if got := sectionOf(id); got != want {
			t.Errorf("sectionOf(%q) = %q, want %q", id, got, want)
		}
	}
}
