package feedsync

import (
	"encoding/xml"
	"errors"
	"time"
)

// The algorithms of spec/feedsync.md §8 onwards: create, update, delete, merge and resolve.
//
// Every algorithm is a pure function: it never modifies its inputs, takes the time from the
// Endpoint's Clock (never from the system clock) and returns new values. Inputs must pass
// validation (spec/feedsync.md §1–§4); invalid input is refused with an *AlgorithmError that
// names the rule broken ([FS-ALG-2]).

// ErrInvalidInput is matched (errors.Is) by every *AlgorithmError.
var ErrInvalidInput = errors.New("feedsync: invalid input to an algorithm")

// AlgorithmError is the error of every algorithm of this package. Op names the algorithm
// ("create", "update", "delete", "resolve", "merge", "merge feed"), Req the requirement ID of
// the rule that refused the input (a §1–§4 format rule such as "FS-SYNC-5" for an invalid
// item, or an algorithm rule such as "FS-UPDATE-3"), and Msg says what is wrong.
type AlgorithmError struct {
	Op, Req, Msg string
}

func (e *AlgorithmError) Error() string {
	return "feedsync: " + e.Op + ": [" + e.Req + "] " + e.Msg
}

// Is reports whether target is ErrInvalidInput.
func (e *AlgorithmError) Is(target error) bool { return target == ErrInvalidInput }

func algErr(op, req, msg string) *AlgorithmError { return &AlgorithmError{Op: op, Req: req, Msg: msg} }

// Endpoint is a FeedSync writer: the endpoint on whose behalf Create, Update, Delete and
// Resolve write a new history. At least one of By and Clock must be set ([FS-HIST-3]).
type Endpoint struct {
	// By is the endpoint ID written as the by of new histories: an NSS
	// (ident.ParseEndpointID), or "" for a writer that records only when.
	By string
	// Clock gives the time written as the when of new histories (FormatDateTime of its
	// value); nil for a writer that records only by.
	Clock func() time.Time
}

// UpdateOptions are the optional steps of an update (spec/feedsync.md, FS-PURGE and
// FS-DELETE rules). Both happen only inside an update, never in a merge.
type UpdateOptions struct {
	// SparsePurge removes, after the update, every history that a later history of the same
	// by makes redundant: per by only the highest sequence stays, every history without by
	// stays, the order is kept and the topmost is never removed ([FS-PURGE-1]).
	SparsePurge bool
	// StripTombstone (Delete only; Update and Resolve ignore it) reduces the deleted item's
	// element to what the host format requires ([FS-DELETE-3]).
	StripTombstone bool
}

// Outcome says what a merge did to the local item.
type Outcome int

// The outcomes of MergeItem and MergeFeed ([FS-MERGE-9]).
const (
	Unchanged Outcome = iota // the result's canonical bytes equal the local item's
	Added                    // there was no local item
	Updated                  // the result differs from the local item and has no conflicts
	Conflict                 // the result differs from the local item and has conflicts
)

func (o Outcome) String() string {
	switch o {
	case Unchanged:
		return "Unchanged"
	case Added:
		return "Added"
	case Updated:
		return "Updated"
	case Conflict:
		return "Conflict"
	}
	return "Outcome(?)"
}

// ItemOutcome is the outcome of merging one incoming item, by its sx:sync id.
type ItemOutcome struct {
	ID      string
	Outcome Outcome
}

// itemFormat returns the format whose items are named like el: atom:entry (Atom) or item in no
// namespace (RSS); 0 for anything else.
func itemFormat(el *Element) Format {
	if el == nil {
		return 0
	}
	switch el.Name {
	case xml.Name{Space: AtomNamespace, Local: "entry"}:
		return Atom
	case xml.Name{Local: "item"}:
		return RSS
	}
	return 0
}

// checkItem refuses an item that is not a valid item of its format with a synchronized
// sx:sync ([FS-ALG-2]); it returns the format.
func checkItem(op string, it *Item) (Format, error) {
	if it == nil || it.Element == nil {
		return 0, algErr(op, "FS-ALG-2", "no item")
	}
	f := itemFormat(it.Element)
	if f == 0 {
		return 0, algErr(op, "FS-ALG-2", "the element "+it.Element.Name.Local+" is neither an atom:entry nor an RSS item")
	}
	if it.Sync == nil {
		return 0, algErr(op, "FS-ALG-2", "the item has no sx:sync")
	}
	v := &validator{format: f}
	v.item(it, "", false)
	if len(v.errs) > 0 {
		first := sortViolations(v.errs)[0]
		return 0, algErr(op, first.Req, first.Msg)
	}
	return f, nil
}

// checkContent refuses host content that cannot become the element of an item of format f
// (f 0: Atom or RSS): it must be an atom:entry or RSS item without sx:sync.
func checkContent(op string, content *Element, f Format) error {
	cf := itemFormat(content)
	if cf == 0 {
		return algErr(op, "FS-ALG-3", "the content is not an atom:entry or RSS item element")
	}
	if f != 0 && cf != f {
		return algErr(op, "FS-ALG-3", "the content is an item of "+cf.String()+", the item one of "+f.String())
	}
	for _, n := range content.Children {
		if el, ok := n.(*Element); ok && el != nil && el.Name == nameSync {
			return algErr(op, "FS-ALG-3", "the content has an sx:sync element")
		}
	}
	return nil
}

// Clone returns a deep copy of the item (nil for nil).
func (it *Item) Clone() *Item {
	if it == nil {
		return nil
	}
	return &Item{Element: cloneElement(it.Element), Sync: cloneSync(it.Sync)}
}

// Clone returns a deep copy of the feed (nil for nil).
func (f *Feed) Clone() *Feed {
	if f == nil {
		return nil
	}
	out := &Feed{Format: f.Format, Root: cloneElement(f.Root), Sharing: cloneSharing(f.Sharing)}
	if f.Items != nil {
		out.Items = make([]*Item, len(f.Items))
		for i, it := range f.Items {
			out.Items[i] = it.Clone()
		}
	}
	return out
}

func cloneAttrs(a []Attr) []Attr {
	if a == nil {
		return nil
	}
	return append(make([]Attr, 0, len(a)), a...)
}

func cloneNodes(ns []Node) []Node {
	if ns == nil {
		return nil
	}
	out := make([]Node, len(ns))
	for i, n := range ns {
		if el, ok := n.(*Element); ok {
			out[i] = cloneElement(el)
		} else {
			out[i] = n
		}
	}
	return out
}

func cloneElement(el *Element) *Element {
	if el == nil {
		return nil
	}
	return &Element{Name: el.Name, Attrs: cloneAttrs(el.Attrs), Children: cloneNodes(el.Children), Line: el.Line}
}

func cloneHistory(h *History) *History {
	if h == nil {
		return nil
	}
	return &History{Attrs: cloneAttrs(h.Attrs), Extra: cloneNodes(h.Extra), Line: h.Line}
}

func cloneSync(s *Sync) *Sync {
	if s == nil {
		return nil
	}
	out := &Sync{Attrs: cloneAttrs(s.Attrs), Extra: cloneNodes(s.Extra), Line: s.Line}
	if s.Histories != nil {
		out.Histories = make([]*History, len(s.Histories))
		for i, h := range s.Histories {
			out.Histories[i] = cloneHistory(h)
		}
	}
	if c := s.Conflicts; c != nil {
		oc := &Conflicts{Attrs: cloneAttrs(c.Attrs), Extra: cloneNodes(c.Extra), Line: c.Line}
		if c.Items != nil {
			oc.Items = make([]*Item, len(c.Items))
			for i, it := range c.Items {
				oc.Items[i] = it.Clone()
			}
		}
		out.Conflicts = oc
	}
	return out
}

func cloneSharing(s *Sharing) *Sharing {
	if s == nil {
		return nil
	}
	out := &Sharing{Attrs: cloneAttrs(s.Attrs), Extra: cloneNodes(s.Extra), Line: s.Line}
	if s.Related != nil {
		out.Related = make([]*Related, len(s.Related))
		for i, r := range s.Related {
			if r != nil {
				out.Related[i] = &Related{Attrs: cloneAttrs(r.Attrs), Extra: cloneNodes(r.Extra), Line: r.Line}
			}
		}
	}
	return out
}

// identicalItem reports whether two items are the same model (attribute lists in the same
// order, the same nodes), lines aside. Identical items have the same canonical bytes; the
// converse does not hold (attribute order), so this is only a fast path.
func identicalItem(a, b *Item) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil {
		return false
	}
	return identicalElement(a.Element, b.Element) && identicalSync(a.Sync, b.Sync)
}

func identicalSync(a, b *Sync) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || len(a.Histories) != len(b.Histories) ||
		!identicalAttrs(a.Attrs, b.Attrs) || !identicalNodes(a.Extra, b.Extra) {
		return false
	}
	for i, ha := range a.Histories {
		hb := b.Histories[i]
		if ha == hb {
			continue
		}
		if ha == nil || hb == nil || !identicalAttrs(ha.Attrs, hb.Attrs) || !identicalNodes(ha.Extra, hb.Extra) {
			return false
		}
	}
	ca, cb := a.Conflicts, b.Conflicts
	if ca == cb {
		return true
	}
	if ca == nil || cb == nil || len(ca.Items) != len(cb.Items) ||
		!identicalAttrs(ca.Attrs, cb.Attrs) || !identicalNodes(ca.Extra, cb.Extra) {
		return false
	}
	for i := range ca.Items {
		if !identicalItem(ca.Items[i], cb.Items[i]) {
			return false
		}
	}
	return true
}

func identicalAttrs(a, b []Attr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func identicalElement(a, b *Element) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil {
		return false
	}
	return a.Name == b.Name && identicalAttrs(a.Attrs, b.Attrs) && identicalNodes(a.Children, b.Children)
}

func identicalNodes(a, b []Node) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		switch x := a[i].(type) {
		case Text:
			if y, ok := b[i].(Text); !ok || x != y {
				return false
			}
		case *Element:
			if y, ok := b[i].(*Element); !ok || !identicalElement(x, y) {
				return false
			}
		default:
			return false
		}
	}
	return true
}
