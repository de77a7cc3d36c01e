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

func init() { checkers["feedsync-documents.v1.schema.json"] = checkFeedsyncDocuments }

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

// checkFeedsyncDocuments decodes, validates and canonically encodes every document with
// package feedsync and compares the results with the test's.
func checkFeedsyncDocuments(_ fs.FS, data []byte) ([]Failure, int, error) {
	f, err := vectors.Decode[feedsyncDocTest](data)
	if err != nil {
		return nil, 0, err
	}
	var fails []Failure
	for i := range f.Tests {
		tc := &f.Tests[i]
		for _, msg := range runFeedsyncDocTest(tc) {
			fails = append(fails, Failure{tc.ID, msg})
		}
	}
	return fails, len(f.Tests), nil
}

// runFeedsyncDocTest returns what differs between the reference and the test (nothing when
// they agree).
func runFeedsyncDocTest(tc *feedsyncDocTest) []string {
	doc, err := tc.document()
	if err != nil {
		return []string{err.Error()}
	}
	feed, err := feedsync.Decode(bytes.NewReader(doc))
	if err != nil {
		var de *feedsync.DecodeError
		if !errors.As(err, &de) {
			return []string{"test cannot run: " + err.Error()}
		}
		got := feedsyncKindName(de.Kind)
		switch {
		case tc.Result == vectors.Valid:
			return []string{"reference refuses a valid document: " + err.Error()}
		case tc.Result == vectors.Acceptable:
			return nil
		case tc.Error == "violation":
			return []string{fmt.Sprintf("reference refuses to decode (%s [%s]) a document the test expects to decode and draw %v: %v", got, de.Req, tc.Violations, err)}
		case got != tc.Error || de.Req != tc.ErrorReq:
			return []string{fmt.Sprintf("reference refuses with %s [%s], test expects %s [%s]", got, de.Req, tc.Error, tc.ErrorReq)}
		}
		return nil
	}
	if tc.Result == vectors.Invalid && tc.Error != "violation" {
		return []string{fmt.Sprintf("reference decodes a document the test expects refused with %s [%s]", tc.Error, tc.ErrorReq)}
	}
	if want := map[string]feedsync.Format{"atom": feedsync.Atom, "rss": feedsync.RSS}[tc.Format]; feed.Format != want {
		return []string{fmt.Sprintf("reference reads the document as %s, test says %s", feed.Format, tc.Format)}
	}
	var msgs []string
	report := feedsync.Validate(feed)
	reported := map[string]bool{}
	for _, v := range report {
		reported[v.Req] = true
	}
	switch tc.Result {
	case vectors.Valid:
		if len(report) > 0 {
			msgs = append(msgs, fmt.Sprintf("reference reports violations of a valid document: %s", violationList(report)))
		}
	case vectors.Invalid:
		if len(report) == 0 {
			msgs = append(msgs, fmt.Sprintf("reference reports no violation, test expects %v (first %s)", tc.Violations, tc.ErrorReq))
		}
		if !slices.Contains(tc.Violations, tc.ErrorReq) {
			msgs = append(msgs, fmt.Sprintf("errorReq %s is not among the violations %v", tc.ErrorReq, tc.Violations))
		}
		// The report is in the order of [FS-VAL-5]; its first violation is the primary one.
		if len(report) > 0 && report[0].Req != tc.ErrorReq {
			msgs = append(msgs, fmt.Sprintf("reference reports %s first (line %d), test expects %s", report[0].Req, report[0].Line, tc.ErrorReq))
		}
		for _, id := range tc.Violations {
			if !reported[id] {
				msgs = append(msgs, fmt.Sprintf("reference does not report %s (it reports %s)", id, violationList(report)))
			}
		}
	}
	warned := map[string]bool{}
	for _, w := range feedsync.Warnings(feed) {
		warned[w.Req] = true
	}
	for _, id := range tc.Warnings {
		if !warned[id] {
			msgs = append(msgs, fmt.Sprintf("reference does not warn %s", id))
		}
	}
	if tc.Result != vectors.Valid && tc.Result != vectors.Acceptable || tc.Expected == nil {
		return msgs
	}
	var synced []*feedsync.Item
	for _, it := range feed.Items {
		if it.Sync != nil {
			synced = append(synced, it)
		}
	}
	if len(synced) != len(tc.Expected.Items) {
		return append(msgs, fmt.Sprintf("reference reads %d items with sx:sync, test expects %d", len(synced), len(tc.Expected.Items)))
	}
	for i, it := range synced {
		want := tc.Expected.Items[i]
		if id, _ := it.Sync.Attr("id"); id != want.SyncID {
			msgs = append(msgs, fmt.Sprintf("item %d: reference reads sx:sync id %q, test expects %q", i, id, want.SyncID))
		}
		if got := it.Canonical(); string(got) != want.Canonical {
			msgs = append(msgs, fmt.Sprintf("item %d (%s): canonical bytes differ at byte %d: reference %q, test %q",
				i, want.SyncID, firstDiff(string(got), want.Canonical), excerpt(string(got), want.Canonical), excerpt(want.Canonical, string(got))))
		}
	}
	return msgs
}

func violationList(vs []feedsync.Violation) string {
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
