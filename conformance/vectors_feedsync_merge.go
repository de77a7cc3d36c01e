package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"

	"github.com/livemesh-spec/livemesh/feedsync"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

func init() { opCheckers["feedsync-merge.v1.schema.json"] = checkFeedsyncMerge }

// feedsyncMergeTest is one test of feedsync/merge.json (schema feedsync-merge.v1.schema.json).
type feedsyncMergeTest struct {
	vectors.Test
	Op          string  `json:"op"`
	Format      string  `json:"format"`
	Local       *string `json:"local"`
	Incoming    *string `json:"incoming"`
	Item        *string `json:"item"`
	Content     *string `json:"content"`
	SyncID      *string `json:"syncId"`
	NoConflicts *bool   `json:"noConflicts"`
	Endpoint    *struct {
		By   *string `json:"by"`
		When *string `json:"when"`
	} `json:"endpoint"`
	Options *struct {
		SparsePurge    bool `json:"sparsePurge"`
		StripTombstone bool `json:"stripTombstone"`
	} `json:"options"`
	Expected *struct {
		Items []struct {
			SyncID    string `json:"syncId"`
			Outcome   string `json:"outcome"`
			Canonical string `json:"canonical"`
		} `json:"items"`
		Document *string `json:"document"`
	} `json:"expected"`
}

// MergeImpl is the FeedSync algorithms of an implementation (spec/feedsync.md §10–§14; the
// shim's feedsync.create, update, delete, resolve, merge-item and merge-feed operations).
type MergeImpl interface {
	// FeedOp performs one operation. A refusal of the algorithm gives a *Refusal of class
	// "invalid-input" naming the rule; an operation it does not offer gives ErrUnimplemented.
	FeedOp(op FeedOp) (*FeedOpResult, error)
}

// FeedOp is one FeedSync algorithm operation with its inputs as the merge vectors give them:
// items as standalone <entry> or <item> elements, feeds as documents, content as one element.
type FeedOp struct {
	Op              string // "merge-feed", "merge-item", "create", "update", "delete", "resolve"
	Local, Incoming *string
	Item, Content   *string
	SyncID          *string
	NoConflicts     *bool
	By              *string    // the endpoint's by
	When            *time.Time // the endpoint's clock
	SparsePurge     bool
	StripTombstone  bool
}

// FeedOpResult is what an operation produced: the items with sx:sync (for merge-feed, those of
// the merged feed, in order), the outcome of each incoming item by sx:sync id ("added",
// "updated", "conflict", "unchanged"; merge operations only) and, for merge-feed, the merged
// document's encoding.
type FeedOpResult struct {
	Items    []FeedItem
	Outcomes map[string]string
	Document *string
}

// checkFeedsyncMerge runs every operation with impl and compares the resulting items,
// outcomes, merged documents and refusals with the test's.
func checkFeedsyncMerge(impl Impl, _ fs.FS, data []byte) ([]Failure, int, error) {
	return checkTests(impl, data, func(tc *feedsyncMergeTest) (string, string) { return tc.ID, "feedsync." + tc.Op }, runFeedsyncMergeTest)
}

func runFeedsyncMergeTest(name string, impl MergeImpl, tc *feedsyncMergeTest) ([]string, error) {
	op := FeedOp{Op: tc.Op, Local: tc.Local, Incoming: tc.Incoming, Item: tc.Item, Content: tc.Content,
		SyncID: tc.SyncID, NoConflicts: tc.NoConflicts}
	if e := tc.Endpoint; e != nil {
		op.By = e.By
		if e.When != nil {
			t, err := time.Parse(time.RFC3339Nano, *e.When)
			if err != nil {
				return []string{"test cannot run: endpoint when: " + err.Error()}, nil
			}
			op.When = &t
		}
	}
	if o := tc.Options; o != nil {
		op.SparsePurge, op.StripTombstone = o.SparsePurge, o.StripTombstone
	}
	res, err := impl.FeedOp(op)
	if errors.Is(err, ErrUnimplemented) {
		return nil, fmt.Errorf("%w: %s: operation %s", ErrUnimplemented, name, tc.Op)
	}
	if err != nil {
		var r *Refusal
		if !errors.As(err, &r) {
			return []string{"test cannot run: " + err.Error()}, nil
		}
		switch tc.Result {
		case vectors.Invalid:
			if tc.Error != r.Class || r.Req != tc.ErrorReq {
				return []string{fmt.Sprintf("%s refuses under %s, test expects %s [%s]", name, r.Req, tc.Error, tc.ErrorReq)}, nil
			}
			return nil, nil
		case vectors.Acceptable:
			return nil, nil
		}
		return []string{name + " refuses valid input: " + err.Error()}, nil
	}
	if tc.Result == vectors.Invalid {
		return []string{fmt.Sprintf("%s accepts input the test expects refused under %s", name, tc.ErrorReq)}, nil
	}
	if tc.Expected == nil {
		return nil, nil
	}
	var msgs []string
	if len(res.Items) != len(tc.Expected.Items) {
		return []string{fmt.Sprintf("%s gives %d items, test expects %d", name, len(res.Items), len(tc.Expected.Items))}, nil
	}
	for i, it := range res.Items {
		want := tc.Expected.Items[i]
		id := it.SyncID
		if id != want.SyncID {
			msgs = append(msgs, fmt.Sprintf("item %d: %s gives sx:sync id %q, test expects %q", i, name, id, want.SyncID))
			continue
		}
		if got := res.Outcomes[id]; got != want.Outcome {
			msgs = append(msgs, fmt.Sprintf("item %s: %s outcome %q, test expects %q", id, name, got, want.Outcome))
		}
		if got := string(it.Canonical); got != want.Canonical {
			msgs = append(msgs, fmt.Sprintf("item %s: canonical bytes differ at byte %d: %s %q, test %q",
				id, firstDiff(got, want.Canonical), name, excerpt(got, want.Canonical), excerpt(want.Canonical, got)))
		}
	}
	if tc.Expected.Document != nil && (res.Document == nil || *res.Document != *tc.Expected.Document) {
		got := ""
		if res.Document != nil {
			got = *res.Document
		}
		msgs = append(msgs, fmt.Sprintf("merged document differs at byte %d: %s %q, test %q",
			firstDiff(got, *tc.Expected.Document), name, excerpt(got, *tc.Expected.Document), excerpt(*tc.Expected.Document, got)))
	}
	return msgs, nil
}

// FeedOp performs a FeedSync algorithm operation with package feedsync.
func (Reference) FeedOp(op FeedOp) (*FeedOpResult, error) {
	res, err := feedOp(op)
	var ae *feedsync.AlgorithmError
	if errors.As(err, &ae) {
		return nil, &Refusal{Class: "invalid-input", Req: ae.Req, Msg: err.Error()}
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

func syncItems(items ...*feedsync.Item) []FeedItem {
	var out []FeedItem
	for _, it := range items {
		if it.Sync != nil {
			id, _ := it.Sync.Attr("id")
			out = append(out, FeedItem{SyncID: id, Canonical: it.Canonical()})
		}
	}
	return out
}

// feedOp performs an operation with package feedsync; an *feedsync.AlgorithmError is its
// refusal, any other error a broken input.
func feedOp(op FeedOp) (*FeedOpResult, error) {
	var ep feedsync.Endpoint
	if op.By != nil {
		ep.By = *op.By
	}
	if op.When != nil {
		t := *op.When
		ep.Clock = func() time.Time { return t }
	}
	opt := feedsync.UpdateOptions{SparsePurge: op.SparsePurge, StripTombstone: op.StripTombstone}
	var content *feedsync.Element
	if op.Content != nil {
		var err error
		if content, err = mergeContent(*op.Content); err != nil {
			return nil, err
		}
	}
	one := func(it *feedsync.Item, err error) (*FeedOpResult, error) {
		if err != nil {
			return nil, err
		}
		return &FeedOpResult{Items: syncItems(it)}, nil
	}
	switch op.Op {
	case "merge-feed":
		if op.Local == nil || op.Incoming == nil {
			return nil, errors.New("merge-feed without local or incoming")
		}
		l, err := feedsync.Decode(strings.NewReader(*op.Local))
		if err != nil {
			return nil, fmt.Errorf("local: %v", err)
		}
		in, err := feedsync.Decode(strings.NewReader(*op.Incoming))
		if err != nil {
			return nil, fmt.Errorf("incoming: %v", err)
		}
		out, outcomes, err := feedsync.MergeFeed(l, in)
		if err != nil {
			return nil, err
		}
		r := &FeedOpResult{Outcomes: map[string]string{}, Items: syncItems(out.Items...)}
		for _, o := range outcomes {
			r.Outcomes[o.ID] = strings.ToLower(o.Outcome.String())
		}
		var b bytes.Buffer
		if err := feedsync.Encode(&b, out); err != nil {
			return nil, fmt.Errorf("encoding the merged feed: %v", err)
		}
		doc := b.String()
		r.Document = &doc
		return r, nil
	case "merge-item":
		var l *feedsync.Item
		if op.Local != nil {
			var err error
			if l, err = mergeItemOf(*op.Local); err != nil {
				return nil, err
			}
		}
		if op.Incoming == nil {
			return nil, errors.New("merge-item without incoming")
		}
		in, err := mergeItemOf(*op.Incoming)
		if err != nil {
			return nil, err
		}
		out, o, err := feedsync.MergeItem(l, in)
		if err != nil {
			return nil, err
		}
		items := syncItems(out)
		r := &FeedOpResult{Items: items, Outcomes: map[string]string{}}
		for _, it := range items {
			r.Outcomes[it.SyncID] = strings.ToLower(o.String())
		}
		return r, nil
	case "create":
		if content == nil || op.SyncID == nil || op.NoConflicts == nil {
			return nil, errors.New("create without content, syncId or noConflicts")
		}
		return one(ep.Create(content, *op.SyncID, *op.NoConflicts))
	case "update", "delete", "resolve":
		if op.Item == nil {
			return nil, errors.New(op.Op + " without item")
		}
		it, err := mergeItemOf(*op.Item)
		if err != nil {
			return nil, err
		}
		switch op.Op {
		case "update":
			return one(ep.Update(it, content, opt))
		case "delete":
			return one(ep.Delete(it, opt))
		}
		return one(ep.Resolve(it, content, opt))
	}
	return nil, fmt.Errorf("%w: unknown FeedSync operation %q", ErrUnimplemented, op.Op)
}

const (
	mergeAtomHead = `<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title><updated>2008-01-01T00:00:00Z</updated>`
	mergeRSSHead  = `<rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>`
	// mergeItemHost holds a standalone item: its Atom elements are prefixed, so that it has
	// no default namespace for the item to inherit (spec/conformance.md §8).
	mergeItemHost = `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:id>urn:x</a:id><a:title>t</a:title><a:updated>2008-01-01T00:00:00Z</a:updated>`
)

// mergeItemOf reads a standalone item element as the one item of a minimal feed of the
// format its element names.
func mergeItemOf(s string) (*feedsync.Item, error) {
	doc := mergeItemHost + s + `</a:feed>`
	if strings.HasPrefix(s, "<item") {
		doc = mergeRSSHead + s + `</channel></rss>`
	}
	f, err := feedsync.Decode(strings.NewReader(doc))
	if err != nil {
		return nil, fmt.Errorf("item does not decode: %v", err)
	}
	if len(f.Items) != 1 {
		return nil, fmt.Errorf("item text holds %d items", len(f.Items))
	}
	return f.Items[0], nil
}

// mergeContent reads content as an element: as foreign markup of the feed element, where it
// is no item and an sx:sync in it stays part of it.
func mergeContent(s string) (*feedsync.Element, error) {
	const ns = "urn:livemesh:meshconform:content"
	// xmlns="" undoes the host document's default namespace: the content is a standalone
	// element, in the namespaces it declares itself and no other (spec/conformance.md §8).
	wrapped := `<c:content xmlns:c="` + ns + `" xmlns="">` + s + `</c:content>`
	doc := mergeAtomHead + wrapped + `</feed>`
	if strings.HasPrefix(s, "<item") {
		doc = `<rss version="2.0">` + wrapped + `<channel><title>t</title><link>https://x.example/</link><description>d</description></channel></rss>`
	}
	f, err := feedsync.Decode(strings.NewReader(doc))
	if err != nil {
		return nil, fmt.Errorf("content does not decode: %v", err)
	}
	for _, n := range f.Root.Children {
		if w, ok := n.(*feedsync.Element); ok && w.Name.Space == ns && len(w.Children) == 1 {
			if el, ok := w.Children[0].(*feedsync.Element); ok {
				return el, nil
			}
		}
	}
	return nil, errors.New("content is not one element")
}
