package conformance

import (
	"bytes"
	"encoding/xml"
	"strings"
	"time"

	"github.com/livemesh-spec/livemesh/feedsync"
	"github.com/livemesh-spec/livemesh/ident"
)

// Faulty FeedSync algorithm implementations: the reference with one bug each, written with the
// public API of package feedsync.

func init() {
	faultyShims = append(faultyShims,
		faultyShim{
			impl:     faultyMerge{name: "faulty-merge-keeps-local", item: mergeKeepsLocal},
			bug:      "when both sides changed an item (neither version subsumes the other), the merge keeps the local version and records no conflict",
			caughtBy: []string{"codec/feedsync/merge/concurrent-edits-either-side", "codec/feedsync/merge/conflicts-preserved"},
		},
		faultyShim{
			impl:     faultyMerge{name: "faulty-merge-winner-by-length", item: mergeWinnerByLength},
			bug:      "with equal updates and when, the winner is the version whose by is longer (as in Mesh4n), not the greater in octet order",
			caughtBy: []string{"codec/feedsync/merge/concurrent-edits-either-side", "codec/feedsync/merge/winner-total-order"},
		},
		faultyShim{
			impl: faultyMerge{name: "faulty-merge-conflicts-dropped", item: mergeConflictsDropped},
			bug:  "the merge keeps the winner and drops the losing versions instead of recording them as conflicts",
			caughtBy: []string{"codec/feedsync/merge/concurrent-edits-either-side", "codec/feedsync/delete/tombstone-vs-edit",
				"codec/feedsync/merge/conflicts-preserved"},
		},
		faultyShim{
			impl:     faultyMerge{name: "faulty-merge-conflicts-unsorted", item: mergeConflictsUnsorted},
			bug:      "conflicts are listed in the order the merge met them (local versions first), not in the order of [FS-MERGE-7]",
			caughtBy: []string{"codec/feedsync/merge/winner-total-order"},
		},
		faultyShim{
			impl:     faultyMerge{name: "faulty-merge-purges-histories", item: mergePurges},
			bug:      "the merge sparse-purges the merged item's histories",
			caughtBy: []string{"codec/feedsync/purge/merge-keeps-histories", "codec/feedsync/merge/differential-histories"},
		},
		faultyShim{
			impl:     faultyMerge{name: "faulty-update-no-increment", edit: updateNoIncrement},
			bug:      "an update writes its new history with sequence = the old updates and leaves updates as it was",
			caughtBy: []string{"codec/feedsync/update/counts-every-update", "codec/feedsync/merge/differential-histories"},
		},
		faultyShim{
			impl:     faultyMerge{name: "faulty-resolve-no-fold", edit: resolveNoFold},
			bug:      "resolve removes sx:conflicts without folding the conflicts' histories into the item",
			caughtBy: []string{"codec/feedsync/resolve/folds-and-clears", "codec/feedsync/merge/differential-histories"},
		},
		faultyShim{
			impl: faultyMerge{name: "faulty-rewrites-atom-updated", edit: rewriteAtomUpdated, item: mergeRewritesAtomUpdated},
			bug:  "every algorithm keeps atom:updated current: create, update, delete, resolve and merge set it to the item's topmost when",
			caughtBy: []string{"codec/feedsync/create/host-content-kept", "codec/feedsync/update/host-content-kept",
				"codec/feedsync/resolve/host-content-kept", "codec/feedsync/merge/host-content-kept"},
		},
		faultyShim{
			impl:     faultyMerge{name: "faulty-strip-tombstone-everywhere", item: mergeStrips, edit: resolveStrips},
			bug:      "the stripTombstone option is honoured wherever the result is a tombstone: in resolve and in merges, not only in delete",
			caughtBy: []string{"codec/feedsync/delete/strip-only-in-delete"},
		},
		faultyShim{
			impl:     faultyMerge{name: "faulty-endpoint-id-unchecked", edit: byUnchecked},
			bug:      "an endpoint ID that is not an NSS is accepted: the edit is written without by",
			caughtBy: []string{"codec/feedsync/update/refusals"},
		},
		faultyShim{
			impl:     &faultyMonotonicClock{},
			bug:      "the endpoint's clock is made monotonic: a reading earlier than the last when written is replaced by that when",
			caughtBy: []string{"codec/feedsync/update/clock-as-read", "codec/feedsync/merge/no-hidden-state"},
		},
	)
}

// faultyMerge is the reference with a faulty item merge (used by merge-item and merge-feed)
// and/or a faulty edit (create, update, delete, resolve).
type faultyMerge struct {
	Reference
	name string
	// item, when set, merges two items (local nil when there is none) in place of MergeItem.
	item func(op FeedOp, local, incoming *feedsync.Item) (*feedsync.Item, error)
	// edit, when set, post-processes or replaces the answer to an edit.
	edit func(op FeedOp) (*FeedOpResult, error)
}

func (f faultyMerge) Name() string { return f.name }

func (f faultyMerge) FeedOp(op FeedOp) (*FeedOpResult, error) {
	switch op.Op {
	case "merge-item", "merge-feed":
		if f.item != nil {
			return faultyMergeOp(op, f.item)
		}
	case "create", "update", "delete", "resolve":
		if f.edit != nil {
			return f.edit(op)
		}
	}
	return f.Reference.FeedOp(op)
}

// faultyMergeOp performs merge-item or merge-feed as the reference does (refusals included),
// with the item merge replaced by merge.
func faultyMergeOp(op FeedOp, merge func(op FeedOp, local, incoming *feedsync.Item) (*feedsync.Item, error)) (*FeedOpResult, error) {
	if _, err := (Reference{}).FeedOp(op); err != nil { // the reference's refusals
		return nil, err
	}
	outcome := func(local, out *feedsync.Item) string {
		switch {
		case local == nil:
			return "added"
		case bytes.Equal(local.Canonical(), out.Canonical()):
			return "unchanged"
		case out.Sync.Conflicts != nil:
			return "conflict"
		}
		return "updated"
	}
	if op.Op == "merge-item" {
		var local *feedsync.Item
		if op.Local != nil {
			var err error
			if local, err = mergeItemOf(*op.Local); err != nil {
				return nil, err
			}
		}
		in, err := mergeItemOf(*op.Incoming)
		if err != nil {
			return nil, err
		}
		out, err := merge(op, local, in)
		if err != nil {
			return nil, err
		}
		items := syncItems(out)
		return &FeedOpResult{Items: items, Outcomes: map[string]string{items[0].SyncID: outcome(local, out)}}, nil
	}
	l, err := feedsync.Decode(strings.NewReader(*op.Local))
	if err != nil {
		return nil, err
	}
	in, err := feedsync.Decode(strings.NewReader(*op.Incoming))
	if err != nil {
		return nil, err
	}
	byID := map[string]*feedsync.Item{}
	var order []string
	for _, it := range in.Items {
		if it.Sync != nil {
			id, _ := it.Sync.Attr("id")
			byID[id] = it
			order = append(order, id)
		}
	}
	out := &feedsync.Feed{Format: l.Format, Root: l.Root, Sharing: l.Sharing}
	outcomes := map[string]string{}
	seen := map[string]bool{}
	for _, it := range l.Items {
		if it.Sync == nil {
			out.Items = append(out.Items, it)
			continue
		}
		id, _ := it.Sync.Attr("id")
		inc := byID[id]
		if inc == nil {
			out.Items = append(out.Items, it)
			continue
		}
		seen[id] = true
		m, err := merge(op, it, inc)
		if err != nil {
			return nil, err
		}
		outcomes[id] = outcome(it, m)
		out.Items = append(out.Items, m)
	}
	for _, id := range order {
		if seen[id] {
			continue
		}
		m, err := merge(op, nil, byID[id])
		if err != nil {
			return nil, err
		}
		outcomes[id] = "added"
		out.Items = append(out.Items, m)
	}
	var b bytes.Buffer
	if err := feedsync.Encode(&b, out); err != nil {
		return nil, err
	}
	doc := b.String()
	return &FeedOpResult{Items: syncItems(out.Items...), Outcomes: outcomes, Document: &doc}, nil
}

// faultyDetach is the item without its sx:conflicts.
func faultyDetach(it *feedsync.Item) *feedsync.Item { return mxDetach(it) }

// withConflicts is w with the given conflict items (none: no sx:conflicts).
func withConflicts(w *feedsync.Item, cs []*feedsync.Item) *feedsync.Item {
	s := *w.Sync
	s.Conflicts = nil
	if len(cs) > 0 {
		s.Conflicts = &feedsync.Conflicts{Items: cs}
	}
	return &feedsync.Item{Element: w.Element, Sync: &s}
}

func refMergeItem(local, in *feedsync.Item) (*feedsync.Item, error) {
	out, _, err := feedsync.MergeItem(local, in)
	return out, err
}

func mergeKeepsLocal(_ FeedOp, local, in *feedsync.Item) (*feedsync.Item, error) {
	if local != nil {
		l, i := faultyDetach(local), faultyDetach(in)
		if !feedsync.ItemSubsumed(l, i) && !feedsync.ItemSubsumed(i, l) {
			return local, nil
		}
	}
	return refMergeItem(local, in)
}

// byLengthCompare is the winner order with by compared by length first.
func byLengthCompare(x, y *feedsync.Item) int {
	xu, _ := x.Sync.Updates()
	yu, _ := y.Sync.Updates()
	tx, ty := x.Sync.Topmost(), y.Sync.Topmost()
	xw, _ := tx.Attr("when")
	yw, _ := ty.Attr("when")
	xb, xok := tx.Attr("by")
	yb, yok := ty.Attr("by")
	if xu == yu && xw == yw && xok && yok && len(xb) != len(yb) {
		return len(xb) - len(yb)
	}
	return feedsync.Compare(x, y)
}

func mergeWinnerByLength(_ FeedOp, local, in *feedsync.Item) (*feedsync.Item, error) {
	out, err := refMergeItem(local, in)
	if err != nil || out.Sync.Conflicts == nil {
		return out, err
	}
	vs := mxVersions(out)
	w := 0
	for i := range vs {
		if byLengthCompare(vs[i], vs[w]) > 0 {
			w = i
		}
	}
	var rest []*feedsync.Item
	for i, v := range vs {
		if i != w {
			rest = append(rest, v)
		}
	}
	return withConflicts(vs[w], rest), nil
}

func mergeConflictsDropped(_ FeedOp, local, in *feedsync.Item) (*feedsync.Item, error) {
	out, err := refMergeItem(local, in)
	if err != nil {
		return nil, err
	}
	return withConflicts(out, nil), nil
}

// mergeConflictsUnsorted lists the reference's conflicts in the order the versions come in
// the inputs: the local item's versions, then the incoming item's.
func mergeConflictsUnsorted(_ FeedOp, local, in *feedsync.Item) (*feedsync.Item, error) {
	out, err := refMergeItem(local, in)
	if err != nil || out.Sync.Conflicts == nil {
		return out, err
	}
	var met []*feedsync.Item
	if local != nil {
		met = mxVersions(local)
	}
	met = append(met, mxVersions(in)...)
	var cs []*feedsync.Item
	for _, v := range met {
		vb := v.Canonical()
		for _, c := range out.Sync.Conflicts.Items {
			if bytes.Equal(c.Canonical(), vb) {
				dup := false
				for _, d := range cs {
					dup = dup || bytes.Equal(d.Canonical(), vb)
				}
				if !dup {
					cs = append(cs, c)
				}
			}
		}
	}
	return withConflicts(out, cs), nil
}

// sparsePurged keeps, per by, the first history with the highest sequence, every history
// without by, and the topmost.
func sparsePurged(hs []*feedsync.History) []*feedsync.History {
	best := map[string]int{}
	for i, h := range hs {
		by, ok := h.Attr("by")
		if !ok {
			continue
		}
		seq, _ := h.Sequence()
		if j, seen := best[by]; !seen {
			best[by] = i
		} else if old, _ := hs[j].Sequence(); seq > old {
			best[by] = i
		}
	}
	var out []*feedsync.History
	for i, h := range hs {
		by, ok := h.Attr("by")
		if i == 0 || !ok || best[by] == i {
			out = append(out, h)
		}
	}
	return out
}

func mergePurges(_ FeedOp, local, in *feedsync.Item) (*feedsync.Item, error) {
	out, err := refMergeItem(local, in)
	if err != nil {
		return nil, err
	}
	s := *out.Sync
	s.Histories = sparsePurged(s.Histories)
	return &feedsync.Item{Element: out.Element, Sync: &s}, nil
}

// editItem performs an edit with the reference and returns its one item, read.
func editItem(op FeedOp) (*feedsync.Item, error) {
	res, err := Reference{}.FeedOp(op)
	if err != nil {
		return nil, err
	}
	return mergeItemOf(string(res.Items[0].Canonical))
}

func oneResult(it *feedsync.Item) *FeedOpResult { return &FeedOpResult{Items: syncItems(it)} }

func updateNoIncrement(op FeedOp) (*FeedOpResult, error) {
	if op.Op != "update" {
		return Reference{}.FeedOp(op)
	}
	it, err := editItem(op)
	if err != nil {
		return nil, err
	}
	old, _ := mergeItemOf(*op.Item)
	u, _ := old.Sync.Attr("updates")
	it.Sync.SetAttr("updates", u)
	it.Sync.Topmost().SetAttr("sequence", u)
	return oneResult(it), nil
}

func resolveNoFold(op FeedOp) (*FeedOpResult, error) {
	if op.Op != "resolve" || op.Item == nil {
		return Reference{}.FeedOp(op)
	}
	old, err := mergeItemOf(*op.Item)
	if err != nil {
		return Reference{}.FeedOp(op)
	}
	var b bytes.Buffer
	if err := feedsync.EncodeCanonical(&b, withConflicts(old, nil)); err != nil {
		return nil, err
	}
	op.Item = mxStr(b.String())
	return Reference{}.FeedOp(op)
}

var atomUpdated = xml.Name{Space: feedsync.AtomNamespace, Local: "updated"}

func rewriteAtomUpdated(op FeedOp) (*FeedOpResult, error) {
	it, err := editItem(op)
	if err != nil {
		return nil, err
	}
	return oneResult(withAtomUpdated(it)), nil
}

// withAtomUpdated is it with atom:updated set to its topmost history's when.
func withAtomUpdated(it *feedsync.Item) *feedsync.Item {
	when, ok := it.Sync.Topmost().Attr("when")
	if !ok {
		return it
	}
	el := &feedsync.Element{Name: it.Element.Name, Attrs: it.Element.Attrs}
	for _, n := range it.Element.Children {
		if c, ok := n.(*feedsync.Element); ok && c.Name == atomUpdated {
			n = &feedsync.Element{Name: c.Name, Attrs: c.Attrs, Children: []feedsync.Node{feedsync.Text(when)}}
		}
		el.Children = append(el.Children, n)
	}
	return &feedsync.Item{Element: el, Sync: it.Sync}
}

func mergeRewritesAtomUpdated(_ FeedOp, local, in *feedsync.Item) (*feedsync.Item, error) {
	out, err := refMergeItem(local, in)
	if err != nil {
		return nil, err
	}
	return withAtomUpdated(out), nil
}

// stripped reduces an Atom entry to atom:id, atom:title and atom:updated, an RSS item to its
// titles.
func stripped(el *feedsync.Element) *feedsync.Element {
	out := &feedsync.Element{Name: el.Name, Attrs: el.Attrs}
	for _, n := range el.Children {
		if c, ok := n.(*feedsync.Element); ok {
			if (c.Name.Space == feedsync.AtomNamespace && (c.Name.Local == "id" || c.Name.Local == "title" || c.Name.Local == "updated")) ||
				(c.Name == xml.Name{Local: "title"}) {
				out.Children = append(out.Children, c)
			}
		}
	}
	return out
}

func resolveStrips(op FeedOp) (*FeedOpResult, error) {
	if op.Op != "resolve" || !op.StripTombstone {
		return Reference{}.FeedOp(op)
	}
	it, err := editItem(op)
	if err != nil {
		return nil, err
	}
	if it.Sync.Deleted() {
		it.Element = stripped(it.Element)
	}
	return oneResult(it), nil
}

func mergeStrips(op FeedOp, local, in *feedsync.Item) (*feedsync.Item, error) {
	out, err := refMergeItem(local, in)
	if err != nil || !op.StripTombstone || !out.Sync.Deleted() {
		return out, err
	}
	return &feedsync.Item{Element: stripped(out.Element), Sync: out.Sync}, nil
}

func byUnchecked(op FeedOp) (*FeedOpResult, error) {
	if op.By != nil && !ident.ValidNSS(*op.By) {
		op.By = nil
	}
	return Reference{}.FeedOp(op)
}

// faultyMonotonicClock never writes a when earlier than the latest it has written.
type faultyMonotonicClock struct {
	Reference
	last time.Time
}

func (*faultyMonotonicClock) Name() string { return "faulty-monotonic-clock" }

func (f *faultyMonotonicClock) FeedOp(op FeedOp) (*FeedOpResult, error) {
	if op.When != nil {
		w := op.When.Truncate(time.Second)
		if w.Before(f.last) {
			w = f.last
		}
		f.last = w
		op.When = &w
	}
	return f.Reference.FeedOp(op)
}
