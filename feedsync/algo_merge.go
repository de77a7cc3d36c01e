package feedsync

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
)

// HistorySubsumed reports whether history x is subsumed by history y ([FS-SUB-1]): when x has a
// by, y has the same by (compared octet by octet) and a sequence at least x's; when x has no
// by, y has no by either, the same when (both absent counts as the same) and the same sequence.
func HistorySubsumed(x, y *History) bool {
	if x == nil || y == nil {
		return false
	}
	xs, _ := x.Sequence()
	ys, _ := y.Sequence()
	xb, xhas := x.Attr("by")
	yb, yhas := y.Attr("by")
	if xhas {
		return yhas && xb == yb && ys >= xs
	}
	if yhas {
		return false
	}
	xw, xwhas := x.Attr("when")
	yw, ywhas := y.Attr("when")
	return xwhas == ywhas && xw == yw && xs == ys
}

// ItemSubsumed reports whether item x is subsumed by item y ([FS-SUB-2]): the topmost history
// of x is subsumed by some history of y (y's own histories, not those of its conflict items).
func ItemSubsumed(x, y *Item) bool {
	if x == nil || y == nil || x.Sync == nil || y.Sync == nil {
		return false
	}
	t := x.Sync.Topmost()
	if t == nil {
		return false
	}
	for _, h := range y.Sync.Histories {
		if HistorySubsumed(t, h) {
			return true
		}
	}
	return false
}

// version is one version of an item in a merge: an item without sx:conflicts, with its
// canonical bytes computed when first needed.
type version struct {
	it    *Item
	canon []byte
	done  bool
	arena *[]byte // where canonical bytes are appended; nil: a fresh slice
}

func (v *version) bytes() []byte {
	if !v.done {
		v.done = true
		if v.arena == nil {
			v.canon = v.it.Canonical()
		} else {
			start := len(*v.arena)
			b, err := AppendCanonical(*v.arena, v.it)
			if err == nil {
				*v.arena = b
				v.canon = b[start:len(b):len(b)]
			}
		}
	}
	return v.canon
}

// Compare is the winner order of [FS-WIN-1] and [FS-WIN-2], a total order on items: it returns
// a positive number when x wins over y, a negative one when y wins, and 0 only when the two
// have the same canonical bytes. The larger updates wins; with equal updates, the topmost
// history with a when beats one without and the later when wins; then one with a by beats one
// without and the larger by (octet order) wins; then the larger canonical bytes of the topmost
// history (as a unit of its own), then the larger canonical bytes of the item. An item without
// a valid sx:sync loses to one with.
func Compare(x, y *Item) int {
	vx, vy := &version{it: x}, &version{it: y}
	return compareVersions(vx, vy)
}

func compareVersions(x, y *version) int {
	if x.it == y.it {
		return 0
	}
	if c := compareHeads(x.it, y.it); c != 0 {
		return c
	}
	return bytes.Compare(x.bytes(), y.bytes())
}

// compareHeads is the winner order without the item's canonical bytes: updates, when, by and
// the canonical bytes of the topmost history.
func compareHeads(x, y *Item) int {
	xs, ys := x != nil && x.Sync != nil && x.Sync.Topmost() != nil, y != nil && y.Sync != nil && y.Sync.Topmost() != nil
	if !xs || !ys {
		return cmpBool(xs, ys)
	}
	xu, _ := x.Sync.Updates()
	yu, _ := y.Sync.Updates()
	if c := cmp.Compare(xu, yu); c != 0 {
		return c
	}
	tx, ty := x.Sync.Topmost(), y.Sync.Topmost()
	xw, xwok := tx.Attr("when")
	yw, ywok := ty.Attr("when")
	if c := cmpBool(xwok, ywok); c != 0 {
		return c
	}
	if c := strings.Compare(xw, yw); c != 0 { // [FS-LEX-5]: string order is time order
		return c
	}
	xb, xbok := tx.Attr("by")
	yb, ybok := ty.Attr("by")
	if c := cmpBool(xbok, ybok); c != 0 {
		return c
	}
	if c := strings.Compare(xb, yb); c != 0 {
		return c
	}
	if tx == ty {
		return 0
	}
	return bytes.Compare(historyCanonical(tx), historyCanonical(ty))
}

func cmpBool(x, y bool) int {
	switch {
	case x == y:
		return 0
	case x:
		return 1
	}
	return -1
}

// historyCanonical returns the canonical bytes of a history written as a unit of its own (§6
// with sx:history as the unit root, so that the FeedSync namespace is the default one).
func historyCanonical(h *History) []byte {
	e := getEncoder(false)
	defer putEncoder(e)
	t := e.begin(nameHistory, h.Attrs, e.rootCtx(), hasText(h.Extra))
	e.nodes(&t, h.Extra)
	e.end(&t)
	if e.err != nil {
		return nil
	}
	return append([]byte(nil), e.b...)
}

// versionsOf appends the versions of an item to vs ([FS-MERGE-1]): the item with its
// sx:conflicts detached, then its conflict items (flattened: their own sx:conflicts, which
// valid input does not have, detached too).
func versionsOf(vs []*version, it *Item, arena *[]byte) []*version {
	vs = append(vs, &version{it: detach(it), arena: arena})
	if c := it.Sync.Conflicts; c != nil {
		for _, ci := range c.Items {
			if ci != nil && ci.Sync != nil {
				vs = append(vs, &version{it: detach(ci), arena: arena})
			}
		}
	}
	return vs
}

// detach returns it without its sx:conflicts, sharing everything else with it.
func detach(it *Item) *Item {
	if it.Sync.Conflicts == nil {
		return it
	}
	s := *it.Sync
	s.Conflicts = nil
	return &Item{Element: it.Element, Sync: &s}
}

// dominated reports whether version x gives way to version y ([FS-MERGE-2] to [FS-MERGE-4]):
// x is subsumed by y, and unless y is also subsumed by x, in which case the one with the
// smaller canonical bytes gives way (and of identical ones, either).
func dominated(x, y *version) bool {
	if !ItemSubsumed(x.it, y.it) {
		return false
	}
	if !ItemSubsumed(y.it, x.it) {
		return true
	}
	return bytes.Compare(x.bytes(), y.bytes()) <= 0
}

// dedupe removes versions with the same canonical bytes as an earlier one in vs ([FS-MERGE-1],
// [FS-MERGE-4]). Only versions that subsume each other can be identical, so the bytes are
// computed only for those.
func dedupe(vs []*version) []*version {
	out := vs[:0]
next:
	for _, v := range vs {
		for _, w := range out {
			if ItemSubsumed(v.it, w.it) && ItemSubsumed(w.it, v.it) && bytes.Equal(v.bytes(), w.bytes()) {
				continue next
			}
		}
		out = append(out, v)
	}
	return out
}

// MergeItem merges the incoming version of an item into the local one (nil when the local
// store has no item with that id) as spec/feedsync.md §8 says ([FS-MERGE-1] to [FS-MERGE-10])
// and reports what happened. Both items must be valid items of the same format with the same
// sx:sync id; the result is a new item that shares nothing with the inputs.
func MergeItem(local, incoming *Item) (*Item, Outcome, error) {
	const op = "merge"
	fi, err := checkItem(op, incoming)
	if err != nil {
		return nil, 0, err
	}
	if local != nil {
		fl, err := checkItem(op, local)
		if err != nil {
			return nil, 0, err
		}
		if fl != fi {
			return nil, 0, algErr(op, "FS-MERGE-1", "the local item is an item of "+fl.String()+", the incoming one of "+fi.String())
		}
		lid, _ := local.Sync.ID()
		iid, _ := incoming.Sync.ID()
		if lid != iid {
			return nil, 0, algErr(op, "FS-MERGE-1", "the local item has id "+lid+", the incoming one "+iid)
		}
	}
	var m merger
	out, oc := m.merge(local, incoming)
	return out.Clone(), oc, nil // merge shares subtrees with the inputs
}

// merger holds the buffers one feed merge reuses.
type merger struct {
	arena []byte
	vs    []*version
}

// merge merges two valid items with the same id (local may be nil). The result may be local
// itself (when unchanged) and otherwise shares elements, histories and conflict items with
// the inputs.
func (m *merger) merge(local, incoming *Item) (*Item, Outcome) {
	m.arena = m.arena[:0]
	var vs []*version
	if local != nil {
		vs = versionsOf(vs, local, &m.arena)
	}
	vs = dedupe(versionsOf(vs, incoming, &m.arena))
	// The two passes of [FS-MERGE-2] and [FS-MERGE-3] followed by [FS-MERGE-5] keep exactly
	// the versions to which no other version of L or I gives way (a version the passes remove
	// gives way to another, and [FS-MERGE-5] removes every other such version), so they are
	// computed in one go over the de-duplicated union.
	survivors := vs
	if len(vs) > 1 {
		survivors = make([]*version, 0, len(vs))
		for _, x := range vs {
			if !slices.ContainsFunc(vs, func(y *version) bool { return y != x && dominated(x, y) }) {
				survivors = append(survivors, x)
			}
		}
		if len(survivors) == 0 { // histories that contradict each other: keep every version
			survivors = vs
		}
	}
	// [FS-MERGE-6]: the winner.
	w := survivors[0]
	for _, x := range survivors[1:] {
		if compareVersions(x, w) > 0 {
			w = x
		}
	}
	var losers []*version
	if !w.it.Sync.NoConflicts() {
		for _, x := range survivors {
			if x != w {
				losers = append(losers, x)
			}
		}
	}
	// [FS-MERGE-7]: the conflicts in their canonical order.
	slices.SortFunc(losers, conflictOrder)
	var out *Item
	if len(losers) == 0 {
		out = w.it
	} else {
		s := *w.it.Sync
		c := &Conflicts{Items: make([]*Item, len(losers))}
		for i, x := range losers {
			c.Items[i] = x.it
		}
		s.Conflicts = c
		out = &Item{Element: w.it.Element, Sync: &s}
	}
	if local == nil {
		return out, Added
	}
	if out == local || identicalItem(out, local) {
		return local, Unchanged
	}
	lb := local.Canonical()
	ob := out.Canonical()
	if bytes.Equal(lb, ob) {
		return local, Unchanged
	}
	if out.Sync.Conflicts != nil {
		return out, Conflict
	}
	return out, Updated
}

// conflictOrder is the order of conflict items ([FS-MERGE-7]): topmost by (absent first,
// then octet order), topmost sequence (numeric), topmost when (absent first, then time), then
// canonical bytes.
func conflictOrder(x, y *version) int {
	tx, ty := x.it.Sync.Topmost(), y.it.Sync.Topmost()
	xb, xbok := tx.Attr("by")
	yb, ybok := ty.Attr("by")
	if c := cmpBool(xbok, ybok); c != 0 {
		return c
	}
	if c := strings.Compare(xb, yb); c != 0 {
		return c
	}
	xs, _ := tx.Sequence()
	ys, _ := ty.Sequence()
	if c := cmp.Compare(xs, ys); c != 0 {
		return c
	}
	xw, xwok := tx.Attr("when")
	yw, ywok := ty.Attr("when")
	if c := cmpBool(xwok, ywok); c != 0 {
		return c
	}
	if c := strings.Compare(xw, yw); c != 0 {
		return c
	}
	return bytes.Compare(x.bytes(), y.bytes())
}

// MergeFeed merges the incoming feed into the local one ([FS-FEED-1] to [FS-FEED-5]) and
// returns the merged feed with the outcome of every incoming item that takes part in
// synchronization, in the order of the incoming feed. The result keeps the local feed's Root and
// Sharing (copied), the local items in their order, each merged with the incoming item of the
// same sx:sync id, and then the incoming items that the local feed lacks, in incoming order.
// Incoming items without sx:sync are not merged. Both feeds must pass Validate and have the
// same format.
//
// To stay fast on large feeds, the result shares *Item values with the inputs: a local item
// that the merge leaves unchanged, or that has no incoming counterpart, is the local *Item
// itself, and merged or added items share elements and histories with the inputs. Treat
// inputs and result as read-only, or Clone the result before changing it.
func MergeFeed(local, incoming *Feed) (*Feed, []ItemOutcome, error) {
	const op = "merge feed"
	if local == nil || incoming == nil {
		return nil, nil, algErr(op, "FS-FEED-1", "a nil feed")
	}
	if vs := Validate(local); len(vs) > 0 {
		return nil, nil, algErr(op, vs[0].Req, "the local feed: "+vs[0].String())
	}
	if vs := Validate(incoming); len(vs) > 0 {
		return nil, nil, algErr(op, vs[0].Req, "the incoming feed: "+vs[0].String())
	}
	if local.Format != incoming.Format {
		return nil, nil, algErr(op, "FS-FEED-1", "the local feed is "+local.Format.String()+", the incoming one "+incoming.Format.String())
	}
	type entry struct {
		it   *Item
		used bool
		oc   Outcome
	}
	byID := make(map[string]*entry, len(incoming.Items))
	for _, it := range incoming.Items {
		if it != nil && it.Sync != nil {
			id, _ := it.Sync.Attr("id")
			byID[id] = &entry{it: it}
		}
	}
	out := &Feed{Format: local.Format, Root: cloneElement(local.Root), Sharing: cloneSharing(local.Sharing),
		Items: make([]*Item, 0, len(local.Items)+len(incoming.Items)/8)}
	var m merger
	for _, it := range local.Items {
		if it == nil || it.Sync == nil {
			out.Items = append(out.Items, it)
			continue
		}
		id, _ := it.Sync.Attr("id")
		in := byID[id]
		if in == nil {
			out.Items = append(out.Items, it)
			continue
		}
		in.used = true
		if it.Sync.Conflicts == nil && identicalItem(it, in.it) {
			out.Items = append(out.Items, it)
			in.oc = Unchanged
			continue
		}
		res, oc := m.merge(it, in.it)
		out.Items = append(out.Items, res)
		in.oc = oc
	}
	outcomes := make([]ItemOutcome, 0, len(byID))
	for _, it := range incoming.Items {
		if it == nil || it.Sync == nil {
			continue
		}
		id, _ := it.Sync.Attr("id")
		e := byID[id]
		if !e.used {
			res := it
			if it.Sync.Conflicts != nil {
				res, _ = m.merge(nil, it)
			}
			out.Items = append(out.Items, res)
			e.oc = Added
		}
		outcomes = append(outcomes, ItemOutcome{ID: id, Outcome: e.oc})
	}
	return out, outcomes, nil
}
