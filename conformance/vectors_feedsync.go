package conformance

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/livemesh-spec/livemesh/feedsync"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

func init() { opCheckers["feedsync-documents.v1.schema.json"] = checkFeedsyncDocuments }

// feedsyncDocTest is one test of feedsync/documents.json (schema
// feedsync-documents.v1.schema.json).
type feedsyncDocTest struct {
	vectors.Test
	Format      string   `json:"format"`
	Document    *string  `json:"document"`
	DocumentHex *string  `json:"documentHex"`
	Violations  []string `json:"violations"`
	Warnings    []string `json:"warnings"`
	Expected    *struct {
		Items []struct {
			SyncID    string `json:"syncId"`
			Canonical string `json:"canonical"`
		} `json:"items"`
	} `json:"expected"`
}

// document returns the test's document octets, from document or documentHex.
func (tc *feedsyncDocTest) document() ([]byte, error) {
	switch {
	case tc.Document != nil && tc.DocumentHex == nil:
		return []byte(*tc.Document), nil
	case tc.DocumentHex != nil && tc.Document == nil:
		return hex.DecodeString(*tc.DocumentHex)
	}
	return nil, errors.New("want exactly one of document and documentHex")
}

// feedsyncDecodeKinds names the kinds of *feedsync.DecodeError as the vectors do.
var feedsyncDecodeKinds = []struct {
	err  error
	name string
}{
	{feedsync.ErrSyntax, "syntax"},
	{feedsync.ErrDTD, "dtd"},
	{feedsync.ErrLimit, "limit"},
	{feedsync.ErrSSE, "sse"},
	{feedsync.ErrNotFeed, "not-feed"},
	{feedsync.ErrEncoding, "encoding"},
}

func feedsyncKindName(kind error) string {
	for _, k := range feedsyncDecodeKinds {
		if errors.Is(kind, k.err) {
			return k.name
		}
	}
	return fmt.Sprint(kind)
}

// FeedsImpl is the FeedSync document codec of an implementation (spec/feedsync.md §5–§7; the
// shim's feedsync.decode operation).
type FeedsImpl interface {
	// DecodeFeed decodes a document and, when it decodes, validates it and canonically encodes
	// its items. A document that does not decode gives a *Refusal naming the decode error's
	// kind (syntax, dtd, limit, sse, not-feed, encoding) and rule; an implementation without
	// the operation gives ErrUnimplemented.
	DecodeFeed(doc []byte) (*DecodedFeed, error)
}

// DecodedFeed is what an implementation reads in a document.
type DecodedFeed struct {
	Format     string      // "atom" or "rss"
	Violations []Violation // the validation report, in the order of [FS-VAL-5]
	Warnings   []string    // the requirement IDs of the SHOULD-level warnings
	Items      []FeedItem  // the items with sx:sync, in document order
}

// Violation is one entry of a validation report.
type Violation struct {
	Req  string
	Line int
}

// FeedItem is one synchronized item: its sx:sync id and its canonical bytes ([FS-CANON-1]).
type FeedItem struct {
	SyncID    string
	Canonical []byte
}

// checkFeedsyncDocuments decodes, validates and canonically encodes every document with impl
// and compares the results with the test's.
func checkFeedsyncDocuments(impl Impl, _ fs.FS, data []byte) ([]Failure, int, error) {
	return checkTests(impl, data, func(tc *feedsyncDocTest) (string, string) { return tc.ID, "feedsync.decode" }, runFeedsyncDocTest)
}

// runFeedsyncDocTest returns what differs between the implementation and the test (nothing
// when they agree).
func runFeedsyncDocTest(name string, impl FeedsImpl, tc *feedsyncDocTest) ([]string, error) {
	doc, err := tc.document()
	if err != nil {
		return []string{err.Error()}, nil
	}
	feed, err := impl.DecodeFeed(doc)
	if errors.Is(err, ErrUnimplemented) {
		return nil, fmt.Errorf("%w: %s: FeedSync decoding", ErrUnimplemented, name)
	}
	if err != nil {
		var r *Refusal
		if !errors.As(err, &r) {
			return []string{"test cannot run: " + err.Error()}, nil
		}
		switch {
		case tc.Result == vectors.Valid:
			return []string{name + " refuses a valid document: " + err.Error()}, nil
		case tc.Result == vectors.Acceptable:
			return nil, nil
		case tc.Error == "violation":
			return []string{fmt.Sprintf("%s refuses to decode (%s [%s]) a document the test expects to decode and draw %v: %v", name, r.Class, r.Req, tc.Violations, err)}, nil
		case r.Class != tc.Error || r.Req != tc.ErrorReq:
			return []string{fmt.Sprintf("%s refuses with %s [%s], test expects %s [%s]", name, r.Class, r.Req, tc.Error, tc.ErrorReq)}, nil
		}
		return nil, nil
	}
	if tc.Result == vectors.Invalid && tc.Error != "violation" {
		return []string{fmt.Sprintf("%s decodes a document the test expects refused with %s [%s]", name, tc.Error, tc.ErrorReq)}, nil
	}
	if feed.Format != tc.Format {
		return []string{fmt.Sprintf("%s reads the document as %s, test says %s", name, feed.Format, tc.Format)}, nil
	}
	var msgs []string
	report := feed.Violations
	reported := map[string]bool{}
	for _, v := range report {
		reported[v.Req] = true
	}
	switch tc.Result {
	case vectors.Valid:
		if len(report) > 0 {
			msgs = append(msgs, fmt.Sprintf("%s reports violations of a valid document: %s", name, violationList(report)))
		}
	case vectors.Invalid:
		if len(report) == 0 {
			msgs = append(msgs, fmt.Sprintf("%s reports no violation, test expects %v (first %s)", name, tc.Violations, tc.ErrorReq))
		}
		if !slices.Contains(tc.Violations, tc.ErrorReq) {
			msgs = append(msgs, fmt.Sprintf("errorReq %s is not among the violations %v", tc.ErrorReq, tc.Violations))
		}
		// The report is in the order of [FS-VAL-5]; its first violation is the primary one.
		if len(report) > 0 && report[0].Req != tc.ErrorReq {
			msgs = append(msgs, fmt.Sprintf("%s reports %s first (line %d), test expects %s", name, report[0].Req, report[0].Line, tc.ErrorReq))
		}
		for _, id := range tc.Violations {
			if !reported[id] {
				msgs = append(msgs, fmt.Sprintf("%s does not report %s (it reports %s)", name, id, violationList(report)))
			}
		}
	}
	for _, id := range tc.Warnings {
		if !slices.Contains(feed.Warnings, id) {
			msgs = append(msgs, fmt.Sprintf("%s does not warn %s", name, id))
		}
	}
	if tc.Result != vectors.Valid && tc.Result != vectors.Acceptable || tc.Expected == nil {
		return msgs, nil
	}
	synced := feed.Items
	if len(synced) != len(tc.Expected.Items) {
		return append(msgs, fmt.Sprintf("%s reads %d items with sx:sync, test expects %d", name, len(synced), len(tc.Expected.Items))), nil
	}
	for i, it := range synced {
		want := tc.Expected.Items[i]
		if it.SyncID != want.SyncID {
			msgs = append(msgs, fmt.Sprintf("item %d: %s reads sx:sync id %q, test expects %q", i, name, it.SyncID, want.SyncID))
		}
		if got := it.Canonical; string(got) != want.Canonical {
			msgs = append(msgs, fmt.Sprintf("item %d (%s): canonical bytes differ at byte %d: %s %q, test %q",
				i, want.SyncID, firstDiff(string(got), want.Canonical), name, excerpt(string(got), want.Canonical), excerpt(want.Canonical, string(got))))
		}
	}
	return msgs, nil
}

// decodeRefusing decodes doc with package feedsync; a decode error becomes the Refusal the
// shim sends (class: the error's kind; req: its rule).
func decodeRefusing(doc []byte) (*feedsync.Feed, error) {
	feed, err := feedsync.Decode(bytes.NewReader(doc))
	var de *feedsync.DecodeError
	if errors.As(err, &de) {
		return nil, &Refusal{Class: feedsyncKindName(de.Kind), Req: de.Req, Msg: err.Error()}
	}
	return feed, err
}

// DecodeFeed decodes, validates and canonically encodes with package feedsync.
func (Reference) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	feed, err := decodeRefusing(doc)
	if err != nil {
		return nil, err
	}
	out := &DecodedFeed{Format: map[feedsync.Format]string{feedsync.Atom: "atom", feedsync.RSS: "rss"}[feed.Format]}
	if out.Format == "" {
		out.Format = fmt.Sprint(feed.Format)
	}
	for _, v := range feedsync.Validate(feed) {
		out.Violations = append(out.Violations, Violation{Req: v.Req, Line: v.Line})
	}
	for _, w := range feedsync.Warnings(feed) {
		out.Warnings = append(out.Warnings, w.Req)
	}
	for _, it := range feed.Items {
		if it.Sync != nil {
			id, _ := it.Sync.Attr("id")
			out.Items = append(out.Items, FeedItem{SyncID: id, Canonical: it.Canonical()})
		}
	}
	return out, nil
}

func violationList(vs []Violation) string {
	if len(vs) == 0 {
		return "none"
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprintf("%d:%s", v.Line, v.Req)
	}
	return strings.Join(parts, " ")
}

// firstDiff returns the index of the first byte where a and b differ.
func firstDiff(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// excerpt returns a around the first difference with b.
func excerpt(a, b string) string {
	i := firstDiff(a, b)
	lo, hi := max(0, i-30), min(len(a), i+30)
	return a[lo:hi]
}
