package main

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/livemesh-spec/livemesh/feedsync"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// feedsync/merge.json (schema feedsync-merge.v1.schema.json): the algorithms of
// spec/feedsync.md §8–§11 as operations. Each test runs one operation (op): merge-feed (two
// feed documents), merge-item (two items, or an incoming item alone), create (content, an id
// and an endpoint), update, delete and resolve (an item, maybe content, an endpoint and
// options). Items and content are standalone XML elements (an atom:entry or RSS item with its
// own namespace declarations). A valid test's expected lists the resulting items with their
// canonical bytes (§6) and, for merges, the outcome of every incoming item; a merge-feed test
// also gives the encoded merged document. Invalid inputs are refused with error invalid-input
// and the requirement of the first rule broken.
//
// Every case is declared with its intent: the summary of each resulting item (outcome, id,
// updates, deleted, noconflicts, title, histories, and the same for each conflict item), and
// for some cases the canonical bytes written out by hand. Generation runs package feedsync and
// fails when it disagrees with any declaration.

func init() { feedsyncFiles = append(feedsyncFiles, feedsyncMergeFile) }

const (
	fsmArea   = "feedsync/merge"
	fsmSchema = "feedsync-merge.v1.schema.json"
	fsmError  = "invalid-input"
)

// fsmTest is one test of feedsync/merge.json; members after the common ones in schema order.
type fsmTest struct {
	vectors.Test
	Op          string       `json:"op"`
	Format      string       `json:"format"`
	Local       *string      `json:"local,omitempty"`
	Incoming    *string      `json:"incoming,omitempty"`
	Item        *string      `json:"item,omitempty"`
	Content     *string      `json:"content,omitempty"`
	SyncID      *string      `json:"syncId,omitempty"`
	NoConflicts *bool        `json:"noConflicts,omitempty"`
	Endpoint    *fsmEndpoint `json:"endpoint,omitempty"`
	Options     *fsmOptions  `json:"options,omitempty"`
	Expected    *fsmExpected `json:"expected,omitempty"`
}

type fsmEndpoint struct {
	By   *string `json:"by,omitempty"`
	When *string `json:"when,omitempty"`
}

type fsmOptions struct {
	SparsePurge    bool `json:"sparsePurge"`
	StripTombstone bool `json:"stripTombstone"`
}

type fsmExpected struct {
	Items    []fsmItem `json:"items"`
	Document *string   `json:"document,omitempty"`
}

type fsmItem struct {
	SyncID    string `json:"syncId"`
	Outcome   string `json:"outcome,omitempty"`
	Canonical string `json:"canonical"`
}

// fsmCase declares one test and its intent.
type fsmCase struct {
	id, comment string
	flags       []string
	req         []string
	op, format  string

	local, incoming, item, content *string // XML text
	syncID                         string
	noConflicts                    bool
	by, when                       *string // the endpoint
	opt                            feedsync.UpdateOptions

	// Intent. errReq != "": refused with that requirement. Otherwise want is the summary of
	// every resulting item, in order (fsmSummary), and canonical[k] the hand-written canonical
	// bytes of item k.
	errReq    string
	want      []string
	canonical map[int]string
}

var fsmNotes = map[string]vectors.Note{
	"WorkedExample": {BugType: "BASIC",
		Description: "A step of the worked example of spec/feedsync.md §13 (the research notes' §6 example): create, concurrent edits, merge in both directions, resolution, a tombstone that wins."},
	"WinnerRule": {BugType: "EDGE_CASE",
		Description: "Two concurrent versions that one step of the winner rule decides (FS-WIN-1, FS-WIN-2): more updates, a when over none, the later when, a by over none, by in octet order, both when absent, the topmost history's bytes. An implementation that compares by by length or with a collation, or that lets the local side win ties, picks another winner."},
	"ByLength": {BugType: "LEGACY",
		Description: "The two by values are ordered differently by length than by octets. Three 2008 libraries picked the longer by (and no winner when the lengths were equal); livemesh compares octets."},
	"Collation": {BugType: "LEGACY",
		Description: "The two by values differ only where a culture-sensitive or case-insensitive collation orders them otherwise than octets (upper case before lower case in octet order)."},
	"MutuallySubsumed": {BugType: "CONVERGENCE",
		Description: "Two different versions whose topmost histories subsume each other (writers without by in the same second). The one with the smaller canonical bytes gives way (FS-MERGE-4) whichever side is local; deciding by side makes replicas swap versions forever."},
	"ConflictPreserved": {BugType: "CONVERGENCE",
		Description: "Conflict items must survive further merges until they are resolved or subsumed; an implementation that keeps only the winner of the last merge loses a version."},
	"ConflictOrder": {BugType: "CANONICALIZATION",
		Description: "The conflict items of the result are flattened, de-duplicated and ordered by topmost by (absent first), sequence, when and canonical bytes (FS-MERGE-7), so that replicas hold the same bytes."},
	"Normalized": {BugType: "CONVERGENCE",
		Description: "The incoming item is not in the form a merge produces (a loser as the item, unsorted or duplicate conflicts); the stored item is the normalized merge of its versions (FS-MERGE-10), not a copy."},
	"NoConflicts": {BugType: "EDGE_CASE",
		Description: "noconflicts=\"true\": the winner is kept and the losers discarded; no sx:conflicts is written. The flag is the winner's, per item."},
	"Tombstone": {BugType: "EDGE_CASE",
		Description: "A deleted item: it conflicts with concurrent edits like any version, an edit brings it back, and stripping keeps exactly the elements its host format requires."},
	"Resolution": {BugType: "MISSING_STEP",
		Description: "Resolution is an update followed by folding every non-subsumed history of every conflict item immediately below the new topmost (FS-RESOLVE-2), without changing updates. Implementations that fold first, or stop at the first subsumed history, write other histories."},
	"ImplicitResolution": {BugType: "MISSING_STEP",
		Description: "FeedSync 1.0.1 step 3.2.4 as livemesh reads it (FS-UPDATE-5): an update folds and removes the conflict items last written by the updating endpoint, and only those."},
	"SparsePurge": {BugType: "EDGE_CASE",
		Description: "Sparse purge as the last step of an update keeps, per by, the highest sequence, every history without by and the topmost, in order (FS-PURGE-2). Keeping only the topmost loses conflicts."},
	"EndpointClock": {BugType: "EDGE_CASE",
		Description: "The endpoint's clock reads a time with a fraction of a second or an offset; when is written in UTC with the fraction cut off (FS-ALG-4), never rounded or written with an offset."},
	"FeedLevel": {BugType: "BASIC",
		Description: "Feed-level behaviour of a merge: local items keep their order and bytes, new items follow in incoming order, items without sx:sync are not copied, the local feed's sx:sharing and host content are kept (FS-FEED-2 to FS-FEED-5)."},
	"InvalidInput": {BugType: "MISSING_STEP",
		Description: "Input an algorithm must refuse (FS-ALG-2 to FS-ALG-4, FS-UPDATE-1, FS-UPDATE-3, FS-MERGE-1, FS-FEED-1), naming the first rule broken; an implementation that proceeds writes an invalid or ambiguous item."},
	"Overflow": {BugType: "EDGE_CASE",
		Description: "updates is already 2147483647: an update must be refused, not wrapped to a negative or zero count or saturated."},
}

func feedsyncMergeFile() (GeneratedFile, error) {
	cases := fsmCases()
	tests := make([]fsmTest, 0, len(cases))
	notes := map[string]vectors.Note{}
	seen := map[string]bool{}
	var errs []error
	for _, c := range cases {
		if seen[c.id] {
			errs = append(errs, fmt.Errorf("%s#%s: duplicate test ID", fsmArea, c.id))
		}
		seen[c.id] = true
		t, err := buildFsmTest(c)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s#%s: %w", fsmArea, c.id, err))
			continue
		}
		for _, f := range t.Flags {
			n, ok := fsmNotes[f]
			if !ok {
				return GeneratedFile{}, fmt.Errorf("%s#%s: flag %s has no note", fsmArea, c.id, f)
			}
			notes[f] = n
		}
		tests = append(tests, t)
	}
	if len(errs) > 0 {
		return GeneratedFile{}, errors.Join(errs...)
	}
	return encodeFile(newFile(fsmArea, fsmSchema, notes, tests))
}

func buildFsmTest(c fsmCase) (fsmTest, error) {
	exp, err := checkFsmCase(c)
	if err != nil {
		return fsmTest{}, err
	}
	var req []string
	for _, id := range append([]string{c.errReq}, c.req...) {
		if id != "" && !slices.Contains(req, id) {
			req = append(req, id)
		}
	}
	flags := c.flags
	if flags == nil {
		flags = []string{}
	}
	t := fsmTest{
		Test:     vectors.Test{ID: c.id, Comment: c.comment, Flags: flags, Req: req, Result: vectors.Valid},
		Op:       c.op,
		Format:   c.format,
		Local:    c.local,
		Incoming: c.incoming,
		Item:     c.item,
		Content:  c.content,
	}
	if c.op == "create" {
		id, nc := c.syncID, c.noConflicts
		t.SyncID, t.NoConflicts = &id, &nc
	}
	if c.by != nil || c.when != nil {
		t.Endpoint = &fsmEndpoint{By: c.by, When: c.when}
	} else if fsmWrites(c.op) {
		t.Endpoint = &fsmEndpoint{}
	}
	if c.op == "update" || c.op == "delete" || c.op == "resolve" {
		t.Options = &fsmOptions{SparsePurge: c.opt.SparsePurge, StripTombstone: c.opt.StripTombstone}
	}
	if c.errReq != "" {
		t.Result, t.Error, t.ErrorReq = vectors.Invalid, fsmError, c.errReq
	} else {
		t.Expected = exp
	}
	return t, nil
}

func fsmWrites(op string) bool {
	return op == "create" || op == "update" || op == "delete" || op == "resolve"
}

// fsmResult is what the reference computes for a case.
type fsmResult struct {
	items    []*feedsync.Item
	outcomes map[string]feedsync.Outcome // merges: by sx:sync id
	feed     *feedsync.Feed              // merge-feed
}

// runFsm runs the reference on a case's inputs.
func runFsm(c fsmCase) (*fsmResult, error) {
	if c.format != "atom" && c.format != "rss" {
		return nil, fmt.Errorf("format %q", c.format)
	}
	ep, err := fsmEndpointOf(c.by, c.when)
	if err != nil {
		return nil, err
	}
	item := func(s *string) (*feedsync.Item, error) {
		if s == nil {
			return nil, errors.New("missing item")
		}
		return fsmDecodeItem(*s)
	}
	content := func() (*feedsync.Element, error) {
		if c.content == nil {
			return nil, nil
		}
		return fsmDecodeContent(*c.content)
	}
	switch c.op {
	case "merge-feed":
		if c.local == nil || c.incoming == nil {
			return nil, errors.New("merge-feed needs local and incoming")
		}
		l, err := feedsync.Decode(strings.NewReader(*c.local))
		if err != nil {
			return nil, fmt.Errorf("local: %v", err)
		}
		i, err := feedsync.Decode(strings.NewReader(*c.incoming))
		if err != nil {
			return nil, fmt.Errorf("incoming: %v", err)
		}
		out, outcomes, err := feedsync.MergeFeed(l, i)
		if err != nil {
			return &fsmResult{}, err
		}
		r := &fsmResult{feed: out, outcomes: map[string]feedsync.Outcome{}}
		for _, o := range outcomes {
			r.outcomes[o.ID] = o.Outcome
		}
		for _, it := range out.Items {
			if it.Sync != nil {
				r.items = append(r.items, it)
			}
		}
		return r, nil
	case "merge-item":
		var l *feedsync.Item
		if c.local != nil {
			if l, err = item(c.local); err != nil {
				return nil, err
			}
		}
		i, err := item(c.incoming)
		if err != nil {
			return nil, err
		}
		out, o, err := feedsync.MergeItem(l, i)
		if err != nil {
			return &fsmResult{}, err
		}
		id, _ := out.Sync.Attr("id")
		return &fsmResult{items: []*feedsync.Item{out}, outcomes: map[string]feedsync.Outcome{id: o}}, nil
	case "create":
		el, err := content()
		if err != nil {
			return nil, err
		}
		out, err := ep.Create(el, c.syncID, c.noConflicts)
		if err != nil {
			return &fsmResult{}, err
		}
		return &fsmResult{items: []*feedsync.Item{out}}, nil
	case "update", "delete", "resolve":
		it, err := item(c.item)
		if err != nil {
			return nil, err
		}
		el, err := content()
		if err != nil {
			return nil, err
		}
		var out *feedsync.Item
		switch c.op {
		case "update":
			out, err = ep.Update(it, el, c.opt)
		case "delete":
			if c.content != nil {
				return nil, errors.New("delete takes no content")
			}
			out, err = ep.Delete(it, c.opt)
		default:
			out, err = ep.Resolve(it, el, c.opt)
		}
		if err != nil {
			return &fsmResult{}, err
		}
		return &fsmResult{items: []*feedsync.Item{out}}, nil
	}
	return nil, fmt.Errorf("op %q", c.op)
}

// fsmEndpointOf makes the endpoint of a test: by, and a clock that reads when (RFC 3339).
func fsmEndpointOf(by, when *string) (feedsync.Endpoint, error) {
	var ep feedsync.Endpoint
	if by != nil {
		ep.By = *by
	}
	if when != nil {
		t, err := time.Parse(time.RFC3339Nano, *when)
		if err != nil {
			return ep, fmt.Errorf("when %q: %v", *when, err)
		}
		ep.Clock = func() time.Time { return t }
	}
	return ep, nil
}

// fsmDecodeItem reads a standalone item element as the one item of a minimal feed of the
// format its element names (atom:entry: Atom, item: RSS); the schema's rule for item, local
// and incoming of item operations.
func fsmDecodeItem(s string) (*feedsync.Item, error) {
	f, err := feedsync.Decode(strings.NewReader(fsmWrap(s, false)))
	if err != nil {
		return nil, fmt.Errorf("item does not decode: %v", err)
	}
	if len(f.Items) != 1 {
		return nil, fmt.Errorf("item text holds %d items", len(f.Items))
	}
	return f.Items[0], nil
}

// fsmDecodeContent reads content as an element: inside a foreign wrapper in a minimal feed,
// where it is not an item, so an sx:sync in it stays part of the element.
func fsmDecodeContent(s string) (*feedsync.Element, error) {
	f, err := feedsync.Decode(strings.NewReader(fsmWrap(s, true)))
	if err != nil {
		return nil, fmt.Errorf("content does not decode: %v", err)
	}
	for _, n := range f.Root.Children {
		if w, ok := n.(*feedsync.Element); ok && w.Name.Space == fsmWrapNS {
			for _, k := range w.Children {
				if el, ok := k.(*feedsync.Element); ok && len(w.Children) == 1 {
					return el, nil
				}
			}
		}
	}
	return nil, errors.New("content text is not one element")
}

const fsmWrapNS = "urn:livemesh:vectors:feedsync-merge:content"

// fsmWrap puts an element into a minimal feed of the format the element names: as an item,
// or (wrapped) as foreign markup.
func fsmWrap(s string, wrapped bool) string {
	rss := strings.HasPrefix(s, "<item")
	if wrapped {
		s = `<w:w xmlns:w="` + fsmWrapNS + `">` + s + `</w:w>` // a prefix, so the default namespace stays
	}
	if rss {
		if wrapped {
			return `<rss version="2.0">` + s + `<channel><title>t</title><link>https://x.example/</link><description>d</description></channel></rss>`
		}
		return `<rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>` + s + `</channel></rss>`
	}
	return `<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title><updated>2008-01-01T00:00:00Z</updated>` + s + `</feed>`
}

// checkFsmCase runs the reference and compares it with the intent; it returns expected.
func checkFsmCase(c fsmCase) (*fsmExpected, error) {
	if len(c.req) == 0 {
		return nil, errors.New("no requirement IDs")
	}
	if c.errReq != "" && (c.want != nil || c.canonical != nil) {
		return nil, errors.New("an invalid case declares no items")
	}
	if c.errReq == "" && len(c.want) == 0 {
		return nil, errors.New("a valid case declares its items")
	}
	r, err := runFsm(c)
	if r == nil {
		return nil, fmt.Errorf("test cannot run: %v", err)
	}
	if err != nil {
		var ae *feedsync.AlgorithmError
		if !errors.As(err, &ae) || !errors.Is(err, feedsync.ErrInvalidInput) {
			return nil, fmt.Errorf("the reference fails with %T, not *feedsync.AlgorithmError: %v", err, err)
		}
		if c.errReq == "" {
			return nil, fmt.Errorf("declared valid, the reference refuses: %v", err)
		}
		if ae.Req != c.errReq {
			return nil, fmt.Errorf("declared refused under %s, the reference refuses under %s: %v", c.errReq, ae.Req, err)
		}
		return nil, nil
	}
	if c.errReq != "" {
		return nil, fmt.Errorf("declared refused under %s, the reference accepts", c.errReq)
	}
	var got []string
	exp := &fsmExpected{Items: []fsmItem{}}
	for k, it := range r.items {
		id, _ := it.Sync.Attr("id")
		canon := it.Canonical()
		if canon == nil {
			return nil, fmt.Errorf("result item %q cannot be encoded", id)
		}
		format := c.format
		if err := checkCanonicalItem(format, canon); err != nil {
			return nil, fmt.Errorf("item %q: %w", id, err)
		}
		if err := fsmValidItem(format, string(canon)); err != nil {
			return nil, fmt.Errorf("item %q: %w", id, err)
		}
		if want, ok := c.canonical[k]; ok && want != string(canon) {
			return nil, fmt.Errorf("item %d (%q): declared canonical bytes\n%s\nthe reference gives\n%s", k, id, want, canon)
		}
		e := fsmItem{SyncID: id, Canonical: string(canon)}
		s := fsmSummary(it)
		if r.outcomes != nil {
			if o, ok := r.outcomes[id]; ok {
				e.Outcome = strings.ToLower(o.String())
				s = e.Outcome + ": " + s
			}
		}
		got = append(got, s)
		exp.Items = append(exp.Items, e)
	}
	if !slices.Equal(got, c.want) {
		return nil, fmt.Errorf("declared items\n\t%s\nthe reference gives\n\t%s", strings.Join(c.want, "\n\t"), strings.Join(got, "\n\t"))
	}
	for k := range c.canonical {
		if k >= len(r.items) {
			return nil, fmt.Errorf("canonical bytes declared for item %d of %d", k, len(r.items))
		}
	}
	if r.feed != nil {
		if vs := feedsync.Validate(r.feed); len(vs) > 0 {
			return nil, fmt.Errorf("the merged feed is invalid: %v", vs)
		}
		var b bytes.Buffer
		if err := feedsync.Encode(&b, r.feed); err != nil {
			return nil, err
		}
		doc := b.String()
		exp.Document = &doc
	}
	return exp, nil
}

// fsmValidItem checks that an item, as the one item of a minimal feed, validates.
func fsmValidItem(format, canon string) error {
	f := feedsync.Atom
	if format == "rss" {
		f = feedsync.RSS
	}
	var doc string
	if f == feedsync.Atom {
		doc = `<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title><updated>2008-01-01T00:00:00Z</updated>` + canon + `</feed>`
	} else {
		doc = `<rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>` + canon + `</channel></rss>`
	}
	feed, err := feedsync.Decode(strings.NewReader(doc))
	if err != nil {
		return err
	}
	if vs := feedsync.Validate(feed); len(vs) > 0 {
		return fmt.Errorf("the result item is invalid: %v", vs)
	}
	return nil
}

// fsmSummary describes an item for the intents: id, updates, flags, title, histories, and
// each conflict item the same way after " | ". A history is seq:by@hh:mm:ss with the device ID
// written dev, by omitted when absent and @… when when is absent; a date other than
// 2008-04-23 is written in full.
func fsmSummary(it *feedsync.Item) string {
	return fsmVersion(it, true)
}

func fsmVersion(it *feedsync.Item, top bool) string {
	s := it.Sync
	id, _ := s.Attr("id")
	u, _ := s.Attr("updates")
	var b strings.Builder
	if top {
		b.WriteString(id + " ")
	}
	b.WriteString("u" + u)
	if v, ok := s.Attr("deleted"); ok {
		b.WriteString(" deleted=" + v)
	}
	if v, ok := s.Attr("noconflicts"); ok {
		b.WriteString(" noconflicts=" + v)
	}
	fmt.Fprintf(&b, " %q [", fsmTitle(it.Element))
	for i, h := range s.Histories {
		if i > 0 {
			b.WriteString(" ")
		}
		seq, _ := h.Attr("sequence")
		b.WriteString(seq + ":")
		if by, ok := h.Attr("by"); ok {
			if by == fsDeviceA {
				by = "dev"
			}
			b.WriteString(by)
		}
		if w, ok := h.Attr("when"); ok {
			b.WriteString("@" + strings.TrimSuffix(strings.TrimPrefix(w, "2008-04-23T"), "Z"))
		}
	}
	b.WriteString("]")
	if top && s.Conflicts != nil {
		for _, c := range s.Conflicts.Items {
			b.WriteString(" | " + fsmVersion(c, false))
		}
	}
	return b.String()
}

// fsmTitle is the text of the item's title (Atom or RSS), or of its RSS description when it
// has no title, or "".
func fsmTitle(el *feedsync.Element) string {
	find := func(local string) string {
		for _, n := range el.Children {
			if c, ok := n.(*feedsync.Element); ok && c.Name.Local == local && (c.Name.Space == "" || c.Name.Space == feedsync.AtomNamespace) {
				var t strings.Builder
				for _, k := range c.Children {
					if x, ok := k.(feedsync.Text); ok {
						t.WriteString(string(x))
					}
				}
				return t.String()
			}
		}
		return ""
	}
	if t := find("title"); t != "" {
		return t
	}
	return find("description")
}
