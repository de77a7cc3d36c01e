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

func init() { checkers["feedsync-merge.v1.schema.json"] = checkFeedsyncMerge }

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

// checkFeedsyncMerge runs every operation with package feedsync and compares the resulting
// items, outcomes, merged documents and refusals with the test's.
func checkFeedsyncMerge(_ fs.FS, data []byte) ([]Failure, int, error) {
	f, err := vectors.Decode[feedsyncMergeTest](data)
	if err != nil {
		return nil, 0, err
	}
	var fails []Failure
	for i := range f.Tests {
		tc := &f.Tests[i]
		for _, msg := range runFeedsyncMergeTest(tc) {
			fails = append(fails, Failure{tc.ID, msg})
		}
	}
	return fails, len(f.Tests), nil
}

// mergeResult is what an operation produced.
type mergeResult struct {
	items    []*feedsync.Item
	outcomes map[string]string
	document *string
}

func runFeedsyncMergeTest(tc *feedsyncMergeTest) []string {
	res, err := runMergeOp(tc)
	if res == nil {
		return []string{"test cannot run: " + err.Error()}
	}
	if err != nil {
		var ae *feedsync.AlgorithmError
		if !errors.As(err, &ae) {
			return []string{fmt.Sprintf("reference fails with %T, not an algorithm error: %v", err, err)}
		}
		switch tc.Result {
		case vectors.Invalid:
			if tc.Error != "invalid-input" || ae.Req != tc.ErrorReq {
				return []string{fmt.Sprintf("reference refuses under %s, test expects %s [%s]", ae.Req, tc.Error, tc.ErrorReq)}
			}
			return nil
		case vectors.Acceptable:
			return nil
		}
		return []string{"reference refuses valid input: " + err.Error()}
	}
	if tc.Result == vectors.Invalid {
		return []string{fmt.Sprintf("reference accepts input the test expects refused under %s", tc.ErrorReq)}
	}
	if tc.Expected == nil {
		return nil
	}
	var msgs []string
	if len(res.items) != len(tc.Expected.Items) {
		return []string{fmt.Sprintf("reference gives %d items, test expects %d", len(res.items), len(tc.Expected.Items))}
	}
	for i, it := range res.items {
		want := tc.Expected.Items[i]
		id, _ := it.Sync.Attr("id")
		if id != want.SyncID {
			msgs = append(msgs, fmt.Sprintf("item %d: reference gives sx:sync id %q, test expects %q", i, id, want.SyncID))
			continue
		}
		if got := res.outcomes[id]; got != want.Outcome {
			msgs = append(msgs, fmt.Sprintf("item %s: reference outcome %q, test expects %q", id, got, want.Outcome))
		}
		if got := string(it.Canonical()); got != want.Canonical {
			msgs = append(msgs, fmt.Sprintf("item %s: canonical bytes differ at byte %d: reference %q, test %q",
				id, firstDiff(got, want.Canonical), excerpt(got, want.Canonical), excerpt(want.Canonical, got)))
		}
	}
	if tc.Expected.Document != nil && (res.document == nil || *res.document != *tc.Expected.Document) {
		got := ""
		if res.document != nil {
			got = *res.document
		}
		msgs = append(msgs, fmt.Sprintf("merged document differs at byte %d: reference %q, test %q",
			firstDiff(got, *tc.Expected.Document), excerpt(got, *tc.Expected.Document), excerpt(*tc.Expected.Document, got)))
	}
	return msgs
}

// runMergeOp performs a test's operation. A nil result means the test itself is broken (its
// inputs cannot be read); a result with an error is the reference's refusal.
func runMergeOp(tc *feedsyncMergeTest) (*mergeResult, error) {
	var ep feedsync.Endpoint
	if e := tc.Endpoint; e != nil {
		if e.By != nil {
			ep.By = *e.By
		}
		if e.When != nil {
			t, err := time.Parse(time.RFC3339Nano, *e.When)
			if err != nil {
				return nil, fmt.Errorf("endpoint when: %v", err)
			}
			ep.Clock = func() time.Time { return t }
		}
	}
	var opt feedsync.UpdateOptions
	if o := tc.Options; o != nil {
		opt = feedsync.UpdateOptions{SparsePurge: o.SparsePurge, StripTombstone: o.StripTombstone}
	}
	var content *feedsync.Element
	if tc.Content != nil {
		var err error
		if content, err = mergeContent(*tc.Content); err != nil {
			return nil, err
		}
	}
	one := func(it *feedsync.Item, err error) (*mergeResult, error) {
		if err != nil {
			return &mergeResult{}, err
		}
		return &mergeResult{items: []*feedsync.Item{it}}, nil
	}
	switch tc.Op {
	case "merge-feed":
		if tc.Local == nil || tc.Incoming == nil {
			return nil, errors.New("merge-feed without local or incoming")
		}
		l, err := feedsync.Decode(strings.NewReader(*tc.Local))
		if err != nil {
			return nil, fmt.Errorf("local: %v", err)
		}
		in, err := feedsync.Decode(strings.NewReader(*tc.Incoming))
		if err != nil {
			return nil, fmt.Errorf("incoming: %v", err)
		}
		out, outcomes, err := feedsync.MergeFeed(l, in)
		if err != nil {
			return &mergeResult{}, err
		}
		r := &mergeResult{outcomes: map[string]string{}}
		for _, o := range outcomes {
			r.outcomes[o.ID] = strings.ToLower(o.Outcome.String())
		}
		for _, it := range out.Items {
			if it.Sync != nil {
				r.items = append(r.items, it)
			}
		}
		var b bytes.Buffer
		if err := feedsync.Encode(&b, out); err != nil {
			return nil, fmt.Errorf("encoding the merged feed: %v", err)
		}
		doc := b.String()
		r.document = &doc
		return r, nil
	case "merge-item":
		var l *feedsync.Item
		if tc.Local != nil {
			var err error
			if l, err = mergeItemOf(*tc.Local); err != nil {
				return nil, err
			}
		}
		if tc.Incoming == nil {
			return nil, errors.New("merge-item without incoming")
		}
		in, err := mergeItemOf(*tc.Incoming)
		if err != nil {
			return nil, err
		}
		out, o, err := feedsync.MergeItem(l, in)
		if err != nil {
			return &mergeResult{}, err
		}
		id, _ := out.Sync.Attr("id")
		return &mergeResult{items: []*feedsync.Item{out}, outcomes: map[string]string{id: strings.ToLower(o.String())}}, nil
	case "create":
		if content == nil || tc.SyncID == nil || tc.NoConflicts == nil {
			return nil, errors.New("create without content, syncId or noConflicts")
		}
		return one(ep.Create(content, *tc.SyncID, *tc.NoConflicts))
	case "update", "delete", "resolve":
		if tc.Item == nil {
			return nil, errors.New(tc.Op + " without item")
		}
		it, err := mergeItemOf(*tc.Item)
		if err != nil {
			return nil, err
		}
		switch tc.Op {
		case "update":
			return one(ep.Update(it, content, opt))
		case "delete":
			return one(ep.Delete(it, opt))
		}
		return one(ep.Resolve(it, content, opt))
	}
	return nil, fmt.Errorf("unknown op %q", tc.Op)
}

const (
	mergeAtomHead = `<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title><updated>2008-01-01T00:00:00Z</updated>`
	mergeRSSHead  = `<rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>`
)

// mergeItemOf reads a standalone item element as the one item of a minimal feed of the
// format its element names.
func mergeItemOf(s string) (*feedsync.Item, error) {
	doc := mergeAtomHead + s + `</feed>`
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
	wrapped := `<c:content xmlns:c="` + ns + `">` + s + `</c:content>`
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
