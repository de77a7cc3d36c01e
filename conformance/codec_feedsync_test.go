package conformance

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// Every generated feed, in every lexical variant, decodes with the reference to the same items
// and validates with no violation.
func TestFeedsyncGeneratorValid(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		f := drawValidFeed(rt, 0)
		plain := writeFeedVariant(f, 0)
		want, err := refDecode(plain)
		if err != nil {
			rt.Fatalf("plain variant refused: %v\n%s", err, plain)
		}
		if len(want.Violations) > 0 {
			rt.Fatalf("plain variant draws %s\n%s", violationList(want.Violations), plain)
		}
		if n := len(f.syncedItems()); len(want.Items) != n {
			rt.Fatalf("%d items with sx:sync decoded, %d generated", len(want.Items), n)
		}
		for i := range 3 {
			seed := rapid.Uint64Min(1).Draw(rt, "seed")
			doc := writeFeedVariant(f, seed)
			got, err := refDecode(doc)
			if err != nil {
				rt.Fatalf("variant %d (%d) refused: %v\n%s", i, seed, err, doc)
			}
			if len(got.Violations) > 0 {
				rt.Fatalf("variant %d draws %s\n%s", seed, violationList(got.Violations), doc)
			}
			if d := itemsDiff(got.Items, want.Items); d != "" {
				rt.Fatalf("variant %d: %s\n%s\nplain:\n%s", seed, d, doc, plain)
			}
		}
	})
}

// The variants are really different: over a few seeds, the documents differ from the plain one
// in the ways the lexical-variants case claims.
func TestFeedsyncVariantsVary(t *testing.T) {
	seen := map[string]bool{}
	gen := rapid.Custom(func(t *rapid.T) *gFeed { return drawValidFeed(t, 1) })
	for i := range 200 {
		f := gen.Example(i)
		plain := writeFeedVariant(f, 0)
		doc := writeFeedVariant(f, uint64(i+1))
		for what, s := range map[string]string{"cdata": "<![CDATA[", "comment": "<!--", "quote": "='", "reference": "&#", "crlf": "\r\n", "bom": "\uFEFF", "default-sx": `xmlns="` + nsSX, "default-sx'": `xmlns='` + nsSX} {
			if strings.Contains(doc, s) && !strings.Contains(plain, s) {
				seen[what] = true
			}
		}
		seen["default-sx"] = seen["default-sx"] || seen["default-sx'"]
	}
	for _, what := range []string{"cdata", "comment", "quote", "reference", "crlf", "bom", "default-sx"} {
		if !seen[what] {
			t.Errorf("no variant has %s", what)
		}
	}
}

// Every mutation gives a document the reference decodes and reports at least one violation of.
func TestFeedsyncMutationsBreak(t *testing.T) {
	for _, m := range feedMutations {
		t.Run(m.name, func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) {
				f := drawValidFeed(rt, 1)
				what := m.do(rt, f)
				doc := writeFeedVariant(f, rapid.Uint64().Draw(rt, "variant"))
				got, err := refDecode(doc)
				if err != nil {
					rt.Fatalf("%s (%s): refused: %v\n%s", m.name, what, err, doc)
				}
				if len(got.Violations) == 0 {
					rt.Fatalf("%s (%s): no violation\n%s", m.name, what, doc)
				}
			})
		})
	}
}

// Every feedsync case passes against the reference, in process, each (outside -short) in under
// a second.
func TestFeedsyncCasesPassReference(t *testing.T) {
	cases := codecFeedsyncCases()
	if err := CheckCases(cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		start := time.Now()
		v, msgs := run(c, Reference{}, Options{Property: PropertyConfig{Seed: 7}})
		d := time.Since(start)
		if v != Pass {
			t.Errorf("%s: %s %q", c.ID, v, msgs)
		}
		if d > 5*time.Second { // a budget, not a benchmark: the machine may be busy or under -race
			t.Errorf("%s took %v", c.ID, d)
		}
		t.Logf("%s: %v", c.ID, d)
	}
}

// The cases name requirements of spec/feedsync.md §1–§7 that exist, the Unshowable map names
// real MUSTs no case names, every MUST of §1–§7 is named by a case, a vector or the map, and
// the cases' operations exist.
func TestFeedsyncCasesWellFormed(t *testing.T) {
	spec, err := os.ReadFile(filepath.Join("..", "spec", "feedsync.md"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(spec)
	end := strings.Index(text, "## 8. Algorithms")
	head := text[:end]
	named := map[string]bool{}
	for _, c := range codecFeedsyncCases() {
		if !strings.HasPrefix(c.ID, "codec/feedsync/") || len(c.Req) == 0 || c.Description == "" || len(c.Ops) == 0 {
			t.Errorf("%s: want a codec/feedsync/ ID, requirement IDs, a description and operations", c.ID)
		}
		for _, r := range c.Req {
			if !strings.Contains(head, "- ["+r+"]") {
				t.Errorf("%s: %s is not a requirement of spec/feedsync.md §1–§7", c.ID, r)
			}
			named[r] = true
		}
		for _, op := range c.Ops {
			if _, ok := shimOps[op]; !ok {
				t.Errorf("%s: unknown operation %s", c.ID, op)
			}
		}
	}
	vec, err := os.ReadFile(filepath.Join("..", "spec", "vectors", "feedsync", "documents.json"))
	if err != nil {
		t.Fatal(err)
	}
	for id, why := range codecFeedsyncUnshowable {
		if named[id] || why == "" || !strings.Contains(head, "- ["+id+"]") {
			t.Errorf("%s: unshowable, but a case names it, no reason is given or it is no requirement of §1–§7", id)
		}
	}
	for _, m := range regexp.MustCompile(`(?m)^- \[(FS-[A-Z]+-\d+)\]([^\n]*\n(?:  [^\n]*\n)*)`).FindAllStringSubmatch(head, -1) {
		id, body := m[1], m[2]
		if !strings.Contains(body, "MUST") {
			continue
		}
		if !named[id] && codecFeedsyncUnshowable[id] == "" && !strings.Contains(string(vec), `"`+id+`"`) {
			t.Errorf("%s: a MUST of §1–§7 that no case, vector or unshowable entry names", id)
		}
	}
}

// crazyFeedsImpl answers every FeedSync operation with nothing: no decoded feed, no merged
// document, and no error.
type crazyFeedsImpl struct{ empty bool }

func (crazyFeedsImpl) Name() string { return "crazy-feeds" }
func (c crazyFeedsImpl) DecodeFeed([]byte) (*DecodedFeed, error) {
	if c.empty {
		return &DecodedFeed{Items: []FeedItem{{}}}, nil
	}
	return nil, nil
}
func (c crazyFeedsImpl) FeedOp(FeedOp) (*FeedOpResult, error) {
	if c.empty {
		return &FeedOpResult{}, nil
	}
	return nil, nil
}

func (c crazyFeedsImpl) EncodeFeed([]byte) ([]byte, error) {
	if c.empty {
		return []byte{}, nil
	}
	return nil, nil
}

// The cases fail, without panicking, against an implementation whose answers are empty.
func TestFeedsyncCasesSurviveEmptyAnswers(t *testing.T) {
	for _, impl := range []crazyFeedsImpl{{}, {empty: true}} {
		for _, c := range codecFeedsyncCases() {
			v, msgs := run(c, impl, Options{Property: PropertyConfig{Seed: 1, Checks: 5, ShrinkTime: time.Second}})
			if v != Fail || strings.Contains(strings.Join(msgs, "\n"), "panicked") {
				t.Errorf("%s (empty %v): %s %q", c.ID, impl.empty, v, msgs)
			}
		}
	}
}

// Every document of the beyond-limits case is refused by the reference's default limits, as a
// limit error, and decodes with the raised ones.
func TestFeedsyncBeyondLimit(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		f := drawValidFeed(rt, 1)
		what := beyondLimit(rt, f)
		doc := writeFeedVariant(f, rapid.Uint64().Draw(rt, "variant"))
		_, err := refDecode(doc)
		if r, ok := err.(*Refusal); !ok || r.Class != "limit" || r.Req != "FS-DEC-6" {
			rt.Fatalf("%s: reference answers %v; want a limit refusal", what, err)
		}
		if _, err := refDecodeLarge(doc); err != nil {
			rt.Fatalf("%s: raised limits refuse: %v", what, err)
		}
	})
}
