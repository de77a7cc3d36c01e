package conformance

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// fakeImpl implements no area.
type fakeImpl struct{}

func (fakeImpl) Name() string { return "fake" }

func TestValidID(t *testing.T) {
	t.Run("[CONF-ID-1] case ID syntax", func(t *testing.T) {
		for id, want := range map[string]bool{
			"codec/feedsync/merge/winner-total-order": true,
			"vectors/ident/user-name":                 true,
			"vectors/keys/manifest":                   true,
			"a":                                       true,
			"":                                        false,
			"/a":                                      false,
			"a/":                                      false,
			"a//b":                                    false,
			"Codec/x":                                 false,
			"codec/-x":                                false,
			"codec x":                                 false,
		} {
			if got := ValidID(id); got != want {
				t.Errorf("ValidID(%q) = %v, want %v", id, got, want)
			}
		}
	})
}

func TestCheckCases(t *testing.T) {
	ok := func(*T) {}
	for _, tc := range []struct {
		name  string
		cases []Case
		want  string
	}{
		{"valid", []Case{{ID: "a/b", Level: Must, Run: ok}, {ID: "a/c", Level: May, Run: ok}}, ""},
		{"[CONF-ID-2] bad id", []Case{{ID: "A", Level: Must, Run: ok}}, "invalid ID"},
		{"[CONF-ID-2] repeated", []Case{{ID: "a", Level: Must, Run: ok}, {ID: "a", Level: Must, Run: ok}}, "used twice"},
		{"[CONF-ID-2] no level", []Case{{ID: "a", Run: ok}}, "no level"},
		{"no run", []Case{{ID: "a", Level: Must}}, "no Run"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckCases(tc.cases)
			if (err == nil) != (tc.want == "") || (err != nil && !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("CheckCases = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestParseLevel(t *testing.T) {
	for s, want := range map[string]Level{"must": Must, "SHOULD": Should, "May": May} {
		if got, err := ParseLevel(s); err != nil || got != want {
			t.Errorf("ParseLevel(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseLevel("required"); err == nil {
		t.Error("ParseLevel(required) accepted")
	}
}

// sample has one case of each raw verdict, at various levels.
func sample() []Case {
	return []Case{
		{ID: "x/pass", Level: Must, Req: []string{"FS-MERGE-3"}, Run: func(t *T) { t.Logf("fine") }},
		{ID: "x/fail", Level: Must, Run: func(t *T) { t.Errorf("first"); t.Errorf("second") }},
		{ID: "x/fatal", Level: Must, Run: func(t *T) { t.Fatalf("stop"); t.Errorf("never") }},
		{ID: "x/panic", Level: Must, Run: func(t *T) { panic("boom") }},
		{ID: "y/skip", Level: Should, Run: func(t *T) { t.Skipf("no network") }},
		{ID: "y/unimplemented", Level: May, Run: func(t *T) { t.Unimplementedf("no merge") }},
		{ID: "y/fail-then-skip", Level: Should, Run: func(t *T) { t.Errorf("bad"); t.Skipf("later") }},
	}
}

func verdicts(r *Report) map[string]Verdict {
	out := map[string]Verdict{}
	for _, res := range r.Results {
		out[res.Case.ID] = res.Verdict
	}
	return out
}

func TestVerdicts(t *testing.T) {
	t.Run("[CONF-VERD-1] one verdict per case; a panic fails only its case", func(t *testing.T) {
		rep := Run(fakeImpl{}, sample(), Options{}, nil)
		want := map[string]Verdict{
			"x/pass": Pass, "x/fail": Fail, "x/fatal": Fail, "x/panic": Fail,
			"y/skip": Skipped, "y/unimplemented": Unimplemented, "y/fail-then-skip": Fail,
		}
		if got := verdicts(rep); !maps.Equal(got, want) {
			t.Errorf("verdicts %v, want %v", got, want)
		}
		if got := rep.Results[2].Messages; !slices.Equal(got, []string{"stop"}) {
			t.Errorf("Fatalf did not stop the case: %q", got)
		}
		if got := rep.Results[3].Messages; len(got) != 1 || !strings.Contains(got[0], "boom") {
			t.Errorf("panic message %q", got)
		}
		if !rep.Failed() {
			t.Error("a run with failed MUST cases did not fail")
		}
	})
}

func TestExpectedFailures(t *testing.T) {
	t.Run("[CONF-VERD-2] [CONF-RUN-1] expected failures and unexpected passes", func(t *testing.T) {
		cases := sample()[:2]
		exp := Expectations{{Case: "x/pass", Verdict: "fail", Reason: "known bug 1"}, {Case: "x/*", Verdict: "fail", Reason: "known bug 2"}}
		rep := Run(fakeImpl{}, cases, Options{Expected: exp}, nil)
		want := map[string]Verdict{"x/pass": UnexpectedPass, "x/fail": ExpectedFail}
		if got := verdicts(rep); !maps.Equal(got, want) {
			t.Errorf("verdicts %v, want %v", got, want)
		}
		if rep.Failed() {
			t.Error("expected failures and an unexpected pass failed a non-strict run")
		}
		if rep = Run(fakeImpl{}, cases, Options{Expected: exp, Strict: true}, nil); !rep.Failed() {
			t.Error("an unexpected pass did not fail a strict run")
		}
	})
}

func TestShouldAndMayNeverFailARun(t *testing.T) {
	t.Run("[CONF-RUN-1] SHOULD and MAY cases never fail a run", func(t *testing.T) {
		rep := Run(fakeImpl{}, sample(), Options{Run: regexp.MustCompile(`^y/`)}, nil)
		if rep.Failed() || len(rep.Results) != 3 {
			t.Errorf("failed=%v with %d results", rep.Failed(), len(rep.Results))
		}
	})
}

func TestSelect(t *testing.T) {
	t.Run("[CONF-SEL-1] run, skip and level filters", func(t *testing.T) {
		ids := func(cs []Case) []string {
			var out []string
			for _, c := range cs {
				out = append(out, c.ID)
			}
			return out
		}
		all := sample()
		for _, tc := range []struct {
			name string
			opts Options
			want []string
		}{
			{"all", Options{}, ids(all)},
			{"run", Options{Run: regexp.MustCompile(`fail`)}, []string{"x/fail", "y/fail-then-skip"}},
			{"skip", Options{Skip: regexp.MustCompile(`^x/`)}, []string{"y/skip", "y/unimplemented", "y/fail-then-skip"}},
			{"run and skip", Options{Run: regexp.MustCompile(`^y/`), Skip: regexp.MustCompile(`skip`)}, []string{"y/unimplemented"}},
			{"level must", Options{Level: Must}, []string{"x/pass", "x/fail", "x/fatal", "x/panic"}},
			{"level should", Options{Level: Should}, []string{"x/pass", "x/fail", "x/fatal", "x/panic", "y/skip", "y/fail-then-skip"}},
			{"level may", Options{Level: May}, ids(all)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if got := ids(Select(all, tc.opts)); !slices.Equal(got, tc.want) {
					t.Errorf("got %v, want %v", got, tc.want)
				}
			})
		}
	})
}

func TestTextReport(t *testing.T) {
	t.Run("[CONF-REP-2] text report", func(t *testing.T) {
		rep := Run(fakeImpl{}, sample(), Options{}, nil)
		var b bytes.Buffer
		if err := rep.WriteText(&b, false); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, want := range []string{
			"fail            MUST   x/fail\n    first\n    second\n",
			"skipped         SHOULD y/skip\n    no network\n",
			"FAIL: fake: 7 cases: 1 pass, 4 fail, 1 skipped, 1 unimplemented\n",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("report lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "MUST   x/pass") {
			t.Errorf("a passing case is listed without verbose:\n%s", out)
		}
		// The summary by section: one line per section, before the summary line.
		if !strings.Contains(out, "\n  x/pass:           1 cases: 1 pass\n") || !strings.Contains(out, "\n  y/fail-then-skip: 1 cases: 1 fail\nFAIL: fake:") {
			t.Errorf("sections:\n%s", out)
		}
		b.Reset()
		rep.WriteText(&b, true)
		if !strings.Contains(b.String(), "pass            MUST   x/pass\n") {
			t.Errorf("verbose report lacks the passing case:\n%s", b.String())
		}
	})
}

func TestJSONReport(t *testing.T) {
	t.Run("[CONF-REP-1] JSON report members", func(t *testing.T) {
		rep := Run(fakeImpl{}, sample()[:2], Options{Expected: Expectations{{Case: "x/fail", Verdict: "fail", Reason: "why"}}}, nil)
		var b bytes.Buffer
		if err := rep.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal(b.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		keys := func(m map[string]any) []string {
			var out []string
			for k := range m {
				out = append(out, k)
			}
			slices.Sort(out)
			return out
		}
		if k := keys(got); !slices.Equal(k, []string{"cases", "checks", "counts", "failed", "format", "implementation", "seed", "strict"}) {
			t.Errorf("top-level fields %v", k)
		}
		if got["format"] != ReportFormat || got["implementation"] != "fake" || got["failed"] != false {
			t.Errorf("header %v", got)
		}
		counts := got["counts"].(map[string]any)
		if len(counts) != len(Verdicts) || counts["pass"] != 1.0 || counts["expected-fail"] != 1.0 || counts["fail"] != 0.0 {
			t.Errorf("counts %v", counts)
		}
		cases := got["cases"].([]any)
		c0, c1 := cases[0].(map[string]any), cases[1].(map[string]any)
		if k := keys(c0); !slices.Equal(k, []string{"description", "durationMs", "failsRun", "flags", "id", "level", "messages", "ops", "req", "verdict"}) {
			t.Errorf("case fields %v", k)
		}
		if c0["id"] != "x/pass" || c0["level"] != "MUST" || c0["verdict"] != "pass" || c0["failsRun"] != false {
			t.Errorf("case 0 %v", c0)
		}
		if c1["verdict"] != "expected-fail" || c1["reason"] != "why" {
			t.Errorf("case 1 %v", c1)
		}
	})
}

func TestVectorCasesPassAgainstTheReference(t *testing.T) {
	t.Run("[CONF-VEC-1] one case per vector file, passing against the reference", func(t *testing.T) {
		cases, err := VectorCases(vectors.FS())
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckCases(cases); err != nil {
			t.Fatal(err)
		}
		if n := len(vectors.VectorPaths()); len(cases) < n {
			t.Errorf("%d vector cases for %d vector files", len(cases), n)
		}
		rep := Run(Reference{}, cases, Options{}, nil)
		for _, res := range rep.Results {
			if !strings.HasPrefix(res.Case.ID, "vectors/") || (len(res.Case.Req) == 0 && res.Case.ID != "vectors/keys/manifest") {
				t.Errorf("%s: req %v", res.Case.ID, res.Case.Req)
			}
			if res.Verdict != Pass {
				t.Errorf("%s: %s %q", res.Case.ID, res.Verdict, res.Messages)
			}
		}
	})
}

// foldingIdent is the reference except that it compares user names without regard to letter
// case in the local part, and offers no device ID operations.
type foldingIdent struct{ Reference }

func (foldingIdent) Name() string { return "folding" }
func (f foldingIdent) Ident(op, in, other string) (map[string]any, error) {
	switch op {
	case "user-name/compare":
		a, errA := f.Reference.Ident("user-name/parse", strings.ToLower(in), "")
		b, errB := f.Reference.Ident("user-name/parse", strings.ToLower(other), "")
		if errA != nil || errB != nil {
			return f.Reference.Ident(op, in, other)
		}
		return map[string]any{"equal": a["key"] == b["key"]}, nil
	case "device-id/parse", "device-id/from-spki":
		return nil, ErrUnimplemented
	}
	return f.Reference.Ident(op, in, other)
}

func TestIdentOperations(t *testing.T) {
	t.Run("[CONF-VEC-1] ident vectors through the operations of IdentImpl", func(t *testing.T) {
		cases, err := VectorCases(vectors.FS())
		if err != nil {
			t.Fatal(err)
		}
		rep := Run(foldingIdent{}, cases, Options{Run: regexp.MustCompile(`^vectors/ident/`)}, nil)
		got := verdicts(rep)
		want := map[string]Verdict{"vectors/ident/device-id": Unimplemented, "vectors/ident/ids": Pass, "vectors/ident/user-name": Fail}
		if !maps.Equal(got, want) {
			t.Errorf("verdicts %v, want %v", got, want)
		}
		for _, r := range rep.Results {
			if r.Case.ID == "vectors/ident/user-name" && !strings.Contains(strings.Join(r.Messages, "\n"), "folding gives {\"equal\":true}, test expects {\"equal\":false}") {
				t.Errorf("messages %q", r.Messages)
			}
		}
		// The reference's own refusals carry the vector's class, requirement and chunk.
		_, err = Reference{}.Ident("device-id/parse", "not a device id", "")
		var ref *Refusal
		if !errors.As(err, &ref) || ref.Class == "" || ref.Req == "" {
			t.Errorf("refusal %#v", err)
		}
		if _, err := (Reference{}).Ident("no/such-op", "", ""); !errors.Is(err, ErrUnimplemented) {
			t.Errorf("unknown op: %v", err)
		}
	})
}

func TestVectorCasesAgainstOtherImplementations(t *testing.T) {
	t.Run("[CONF-VEC-1] an implementation of no area: every case but the key manifest is unimplemented", func(t *testing.T) {
		cases, err := VectorCases(vectors.FS())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range Run(fakeImpl{}, cases, Options{}, nil).Results {
			want := Unimplemented
			if r.Case.ID == "vectors/keys/manifest" {
				want = Pass
			}
			if r.Verdict != want {
				t.Errorf("%s: %s %q, want %s", r.Case.ID, r.Verdict, r.Messages, want)
			}
		}
	})
}

func TestReadExpectations(t *testing.T) {
	t.Run("[CONF-EXP-1] expectations file: patterns, first match, refusals", func(t *testing.T) {
		good := `{"format":"livemesh-conformance-expectations.v1","expect":[
			{"case":"vectors/tickets/verify","verdict":"fail","reason":"SHA-1 accepted"},
			{"case":"vectors/ident/*","verdict":"fail","reason":"no device IDs"}]}`
		exp, err := ReadExpectations(strings.NewReader(good))
		if err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string]string{
			"vectors/tickets/verify": "SHA-1 accepted", "vectors/ident/user-name": "no device IDs",
			"vectors/ident": "", "vectors/ident/user-name/x": "", "vectors/tickets/verify2": "",
		} {
			if got, ok := exp.Match(id); got != want || ok != (want != "") {
				t.Errorf("Match(%q) = %q, %v; want %q", id, got, ok, want)
			}
		}
		for name, bad := range map[string]string{
			"wrong format":   `{"format":"v0","expect":[]}`,
			"unknown member": `{"format":"livemesh-conformance-expectations.v1","expect":[],"extra":1}`,
			"bad pattern":    `{"format":"livemesh-conformance-expectations.v1","expect":[{"case":"a/[","verdict":"fail","reason":"r"}]}`,
			"empty pattern":  `{"format":"livemesh-conformance-expectations.v1","expect":[{"case":"","verdict":"fail","reason":"r"}]}`,
			"verdict pass":   `{"format":"livemesh-conformance-expectations.v1","expect":[{"case":"a","verdict":"pass","reason":"r"}]}`,
			"no reason":      `{"format":"livemesh-conformance-expectations.v1","expect":[{"case":"a","verdict":"fail"}]}`,
			"trailing data":  `{"format":"livemesh-conformance-expectations.v1","expect":[]} {}`,
			"not json":       `format: v1`,
		} {
			if _, err := ReadExpectations(strings.NewReader(bad)); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
	})
}

// sloppyRecords is the reference except that it opens records without checking their MAC:
// it strips the tag and decrypts with the keys of the secret.
type sloppyRecords struct{ Reference }

func (sloppyRecords) Name() string { return "sloppy" }
func (s sloppyRecords) OpenRecord(secret []byte, seq uint64, record []byte) (int, []byte, error) {
	typ, pt, err := s.Reference.OpenRecord(secret, seq, record)
	var r *Refusal
	if errors.As(err, &r) && r.Req == "P2P-REC-6" { // a bad MAC: pretend it was fine
		return 16, nil, nil
	}
	return typ, pt, err
}

func TestRecordOperations(t *testing.T) {
	t.Run("[CONF-VEC-1] p2p record vectors through the operations of RecordsImpl", func(t *testing.T) {
		cases, err := VectorCases(vectors.FS())
		if err != nil {
			t.Fatal(err)
		}
		sel := Options{Run: regexp.MustCompile(`^vectors/p2p/records$`)}
		if r := Run(Reference{}, cases, sel, nil).Results[0]; r.Verdict != Pass {
			t.Errorf("reference: %s %q", r.Verdict, r.Messages)
		}
		r := Run(sloppyRecords{}, cases, sel, nil).Results[0]
		if r.Verdict != Fail || !strings.Contains(strings.Join(r.Messages, "\n"), "sloppy accepts an invalid test") {
			t.Errorf("no MAC check: %s %q", r.Verdict, r.Messages)
		}
		if r := Run(fakeImpl{}, cases, sel, nil).Results[0]; r.Verdict != Unimplemented {
			t.Errorf("no record operations: %s %q", r.Verdict, r.Messages)
		}
	})
}

// lateTickets is the reference except that it accepts tickets refused for their validity
// period.
type lateTickets struct{ Reference }

func (lateTickets) Name() string { return "late" }
func (l lateTickets) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	c, err := l.Reference.VerifyTicket(p, prior, ticket)
	var r *Refusal
	if errors.As(err, &r) && strings.HasPrefix(r.Req, "TKT-TIME-") {
		return map[string]any{}, nil
	}
	return c, err
}

func TestTicketOperations(t *testing.T) {
	t.Run("[CONF-VEC-1] ticket vectors through the operation of TicketsImpl", func(t *testing.T) {
		cases, err := VectorCases(vectors.FS())
		if err != nil {
			t.Fatal(err)
		}
		sel := Options{Run: regexp.MustCompile(`^vectors/tickets/verify$`)}
		if r := Run(Reference{}, cases, sel, nil).Results[0]; r.Verdict != Pass {
			t.Errorf("reference: %s %q", r.Verdict, r.Messages)
		}
		r := Run(lateTickets{}, cases, sel, nil).Results[0]
		if r.Verdict != Fail || !strings.Contains(strings.Join(r.Messages, "\n"), "late accepts an invalid ticket (expected") {
			t.Errorf("expiry ignored: %s %q", r.Verdict, r.Messages)
		}
		if r := Run(fakeImpl{}, cases, sel, nil).Results[0]; r.Verdict != Unimplemented {
			t.Errorf("no ticket verification: %s %q", r.Verdict, r.Messages)
		}
	})
}

// lenientFeeds is the reference except that its validator reports nothing.
type lenientFeeds struct{ Reference }

func (lenientFeeds) Name() string { return "lenient" }
func (l lenientFeeds) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	f, err := l.Reference.DecodeFeed(doc)
	if f != nil {
		f.Violations = nil
	}
	return f, err
}

func TestFeedOperations(t *testing.T) {
	t.Run("[CONF-VEC-1] FeedSync document vectors through the operation of FeedsImpl", func(t *testing.T) {
		cases, err := VectorCases(vectors.FS())
		if err != nil {
			t.Fatal(err)
		}
		sel := Options{Run: regexp.MustCompile(`^vectors/feedsync/documents$`)}
		if r := Run(Reference{}, cases, sel, nil).Results[0]; r.Verdict != Pass {
			t.Errorf("reference: %s %q", r.Verdict, r.Messages)
		}
		r := Run(lenientFeeds{}, cases, sel, nil).Results[0]
		if r.Verdict != Fail || !strings.Contains(strings.Join(r.Messages, "\n"), "lenient reports no violation, test expects") {
			t.Errorf("no validation: %s %q", r.Verdict, r.Messages)
		}
		if r := Run(fakeImpl{}, cases, sel, nil).Results[0]; r.Verdict != Unimplemented {
			t.Errorf("no FeedSync decoding: %s %q", r.Verdict, r.Messages)
		}
	})
}

// anyClient is the reference except that it ignores which client the server expects.
type anyClient struct{ Reference }

func (anyClient) Name() string { return "any-client" }
func (a anyClient) ServeHandshake(h ServerHandshake) ([]byte, error) {
	h.PeerID = nil
	return a.Reference.ServeHandshake(h)
}

func TestHandshakeOperations(t *testing.T) {
	t.Run("[CONF-VEC-1] P2P handshake vectors through the operation of HandshakeImpl", func(t *testing.T) {
		cases, err := VectorCases(vectors.FS())
		if err != nil {
			t.Fatal(err)
		}
		sel := Options{Run: regexp.MustCompile(`^vectors/p2p/handshake$`)}
		if r := Run(Reference{}, cases, sel, nil).Results[0]; r.Verdict != Pass {
			t.Errorf("reference: %s %q", r.Verdict, r.Messages)
		}
		r := Run(anyClient{}, cases, sel, nil).Results[0]
		if r.Verdict != Fail || !strings.Contains(strings.Join(r.Messages, "\n"), "any-client accepted, want") {
			t.Errorf("unexpected client accepted: %s %q", r.Verdict, r.Messages)
		}
		if r := Run(fakeImpl{}, cases, sel, nil).Results[0]; r.Verdict != Unimplemented {
			t.Errorf("no handshake server: %s %q", r.Verdict, r.Messages)
		}
	})
}

// updatingMerge is the reference except that it reports every merged item as updated.
type updatingMerge struct{ Reference }

func (updatingMerge) Name() string { return "updating" }
func (u updatingMerge) FeedOp(op FeedOp) (*FeedOpResult, error) {
	r, err := u.Reference.FeedOp(op)
	if r != nil {
		for id := range r.Outcomes {
			r.Outcomes[id] = "updated"
		}
	}
	return r, err
}

func TestMergeOperations(t *testing.T) {
	t.Run("[CONF-VEC-1] FeedSync algorithm vectors through the operation of MergeImpl", func(t *testing.T) {
		cases, err := VectorCases(vectors.FS())
		if err != nil {
			t.Fatal(err)
		}
		sel := Options{Run: regexp.MustCompile(`^vectors/feedsync/merge$`)}
		if r := Run(Reference{}, cases, sel, nil).Results[0]; r.Verdict != Pass {
			t.Errorf("reference: %s %q", r.Verdict, r.Messages)
		}
		r := Run(updatingMerge{}, cases, sel, nil).Results[0]
		if r.Verdict != Fail || !strings.Contains(strings.Join(r.Messages, "\n"), `updating outcome "updated", test expects "conflict"`) {
			t.Errorf("wrong outcomes: %s %q", r.Verdict, r.Messages)
		}
	})
}

func TestJUnitReport(t *testing.T) {
	t.Run("[CONF-REP-3] JUnit XML report", func(t *testing.T) {
		rep := Run(fakeImpl{}, sample(), Options{}, nil)
		var b bytes.Buffer
		if err := rep.WriteJUnit(&b); err != nil {
			t.Fatal(err)
		}
		var got struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Skipped  int `xml:"skipped,attr"`
			Suites   []struct {
				Name  string `xml:"name,attr"`
				Cases []struct {
					Name    string `xml:"name,attr"`
					Failure *struct {
						Message string `xml:"message,attr"`
						Text    string `xml:",chardata"`
					} `xml:"failure"`
					Skipped *struct {
						Message string `xml:"message,attr"`
					} `xml:"skipped"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		if err := xml.Unmarshal(b.Bytes(), &got); err != nil {
			t.Fatalf("%v\n%s", err, b.String())
		}
		// x/fail, x/fatal, x/panic fail the run; y/fail-then-skip fails but is a SHOULD case.
		if got.Tests != 7 || got.Failures != 3 || got.Skipped != 3 || len(got.Suites) != 2 || got.Suites[0].Name != "x" {
			t.Errorf("tests=%d failures=%d skipped=%d suites=%d\n%s", got.Tests, got.Failures, got.Skipped, len(got.Suites), b.String())
		}
		if f := got.Suites[0].Cases[1].Failure; f == nil || f.Message != "fail (MUST)" || f.Text != "first\nsecond" {
			t.Errorf("x/fail: %+v", f)
		}
		if s := got.Suites[1].Cases[0].Skipped; s == nil || s.Message != "skipped (SHOULD)" {
			t.Errorf("y/skip: %+v", s)
		}
	})
}

// onlySyncIDs offers, of the identifier operations, sync-id/parse alone; when wrong, it
// accepts every sync ID.
type onlySyncIDs struct {
	Reference
	wrong bool
}

func (o onlySyncIDs) Name() string { return "only-sync-ids" }
func (o onlySyncIDs) Ident(op, in, other string) (map[string]any, error) {
	if op != "sync-id/parse" {
		return nil, ErrUnimplemented
	}
	if o.wrong {
		if _, err := o.Reference.Ident(op, in, other); err != nil {
			return map[string]any{"id": in}, nil
		}
	}
	return o.Reference.Ident(op, in, other)
}

func TestVectorCasesWithPartialImplementations(t *testing.T) {
	cases, err := VectorCases(vectors.FS())
	if err != nil {
		t.Fatal(err)
	}
	opts := Options{Run: regexp.MustCompile(`^vectors/ident/ids$`)}
	t.Run("[CONF-VEC-2] the tests of offered operations run; the others make the case unimplemented", func(t *testing.T) {
		r := Run(onlySyncIDs{}, cases, opts, nil).Results[0]
		msgs := strings.Join(r.Messages, "\n")
		if r.Verdict != Unimplemented || !strings.Contains(msgs, "only-sync-ids does not offer ") || !strings.Contains(msgs, "tests not run") ||
			strings.Contains(msgs, "sync-id/parse,") {
			t.Errorf("%s %q", r.Verdict, r.Messages)
		}
	})
	t.Run("[CONF-VEC-2] a failing test of an offered operation fails the case", func(t *testing.T) {
		r := Run(onlySyncIDs{wrong: true}, cases, opts, nil).Results[0]
		if r.Verdict != Fail || !strings.Contains(strings.Join(r.Messages, "\n"), "ident/ids.json#sync-id") {
			t.Errorf("%s %q", r.Verdict, r.Messages)
		}
	})
}

// otherClassIdent refuses exactly as the reference does, but names every refusal's class
// "key": the class of an identifier refusal is informative.
type otherClassIdent struct{ Reference }

func (otherClassIdent) Name() string { return "other-class" }
func (o otherClassIdent) Ident(op, in, other string) (map[string]any, error) {
	out, err := o.Reference.Ident(op, in, other)
	var r *Refusal
	if errors.As(err, &r) {
		c := *r
		c.Class = "key"
		return nil, &c
	}
	return out, err
}

func TestIdentRefusalClassIsInformative(t *testing.T) {
	t.Run("[CONF-CODEC-2] identifier refusals are compared by requirement ID and chunk, not class", func(t *testing.T) {
		cases, err := VectorCases(vectors.FS())
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range Run(otherClassIdent{}, cases, Options{Run: regexp.MustCompile(`^vectors/ident/`)}, nil).Results {
			if r.Verdict != Pass {
				t.Errorf("%s: %s %q", r.Case.ID, r.Verdict, r.Messages)
			}
		}
	})
}

func TestMergeInputsAreStandaloneElements(t *testing.T) {
	item := `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync"><id>urn:uuid:1</id><title>Buy milk</title><updated>2008-04-23T10:00:00Z</updated><sx:sync id="task-1" updates="1"><sx:history sequence="1" when="2008-04-23T10:00:00Z" by="laptop.ana"/></sx:sync></entry>`
	by := "phone"
	t.Run("content without a namespace declaration is in no namespace, not Atom's", func(t *testing.T) {
		c := `<entry><title>no namespace</title></entry>`
		_, err := Reference{}.FeedOp(FeedOp{Op: "update", Item: &item, Content: &c, By: &by})
		var r *Refusal
		if !errors.As(err, &r) || r.Req != "FS-ALG-3" {
			t.Errorf("update with a no-namespace entry as content: %v, want a refusal under FS-ALG-3", err)
		}
	})
	t.Run("an item without a namespace declaration is no Atom item", func(t *testing.T) {
		bare := strings.Replace(item, ` xmlns="http://www.w3.org/2005/Atom"`, "", 1)
		if _, err := (Reference{}).FeedOp(FeedOp{Op: "delete", Item: &bare, By: &by}); err == nil {
			t.Error("delete of an entry in no namespace succeeded")
		}
		if _, err := (Reference{}).FeedOp(FeedOp{Op: "delete", Item: &item, By: &by}); err != nil {
			t.Errorf("delete of the declared entry: %v", err)
		}
	})
}
