package feedsync

import (
	"encoding/xml"
	"strconv"

	"github.com/livemesh-spec/livemesh/ident"
)

// maxCount is the largest updates and sequence value ([FS-LEX-3]).
const maxCount = 1<<31 - 1

// newHistory returns the history this endpoint writes for update number seq: sequence, when
// from the clock, by ([FS-CREATE-1], [FS-UPDATE-2]). It refuses an endpoint that can write
// neither, a by that is not an NSS and a clock outside the years 0000–9999 ([FS-ALG-4]).
func (e Endpoint) newHistory(op string, seq int) (*History, error) {
	if e.By == "" && e.Clock == nil {
		return nil, algErr(op, "FS-ALG-4", "the endpoint has neither by nor a clock")
	}
	h := &History{Attrs: []Attr{{Name: xml.Name{Local: "sequence"}, Value: strconv.Itoa(seq)}}}
	if e.Clock != nil {
		when := FormatDateTime(e.Clock())
		if when == "" {
			return nil, algErr(op, "FS-ALG-4", "the endpoint's clock reads a time outside the years 0000–9999")
		}
		h.Attrs = append(h.Attrs, Attr{Name: xml.Name{Local: "when"}, Value: when})
	}
	if e.By != "" {
		if _, err := ident.ParseEndpointID(e.By); err != nil {
			return nil, algErr(op, "FS-ALG-4", "the endpoint ID is not an NSS: "+err.Error())
		}
		h.Attrs = append(h.Attrs, Attr{Name: xml.Name{Local: "by"}, Value: e.By})
	}
	return h, nil
}

// Create makes a new item from content, the entry or item element without sx:sync ([FS-CREATE-1]):
// sx:sync with the given id, updates="1" and, only when noConflicts is true,
// noconflicts="true" ([FS-CREATE-3]); one history with sequence="1", when from the clock
// and by. The id must be an NSS ([FS-CREATE-2]); keeping it unique in a feed is the caller's
// task. content is copied, not modified.
func (e Endpoint) Create(content *Element, id string, noConflicts bool) (*Item, error) {
	const op = "create"
	if err := checkContent(op, content, 0); err != nil {
		return nil, err
	}
	if _, err := ident.ParseEndpointID(id); err != nil {
		return nil, algErr(op, "FS-CREATE-2", "the id is not an NSS: "+err.Error())
	}
	h, err := e.newHistory(op, 1)
	if err != nil {
		return nil, err
	}
	s := &Sync{Attrs: []Attr{{Name: xml.Name{Local: "id"}, Value: id}, {Name: xml.Name{Local: "updates"}, Value: "1"}}}
	if noConflicts {
		s.Attrs = append(s.Attrs, Attr{Name: xml.Name{Local: "noconflicts"}, Value: "true"})
	}
	s.Histories = []*History{h}
	it := &Item{Element: cloneElement(content), Sync: s}
	if _, err := checkItem(op, it); err != nil {
		return nil, err
	}
	return it, nil
}

// Update records a change of the item made by this endpoint ([FS-UPDATE-1] to [FS-UPDATE-6]):
// content (nil: keep the item's element) becomes the item's element, updates grows by one, a
// new topmost history with sequence = the new updates is written, a tombstone comes back to
// life (deleted is removed), and the conflicts last written by this endpoint are resolved
// implicitly ([FS-UPDATE-5]). opt.SparsePurge purges the histories afterwards ([FS-PURGE-2]);
// opt.StripTombstone is ignored. The input is not modified.
func (e Endpoint) Update(it *Item, content *Element, opt UpdateOptions) (*Item, error) {
	out, err := e.update("update", it, content, true)
	if err != nil {
		return nil, err
	}
	out.Sync.DelAttr("deleted")
	if opt.SparsePurge {
		sparsePurge(out.Sync)
	}
	return out, nil
}

// Delete makes the item a tombstone ([FS-DELETE-1]): an update that keeps the item's element
// and sets deleted="true". opt.StripTombstone then reduces the element to what the host format
// requires ([FS-DELETE-3]); opt.SparsePurge purges the histories ([FS-PURGE-2]).
func (e Endpoint) Delete(it *Item, opt UpdateOptions) (*Item, error) {
	out, err := e.update("delete", it, nil, true)
	if err != nil {
		return nil, err
	}
	out.Sync.SetAttr("deleted", "true")
	if opt.StripTombstone {
		out.Element = stripTombstone(out.Element)
	}
	if opt.SparsePurge {
		sparsePurge(out.Sync)
	}
	return out, nil
}

// Resolve resolves every conflict of the item ([FS-RESOLVE-1] to [FS-RESOLVE-4]): an update
// by this endpoint with content (nil: keep the winner's element and its deleted state; with
// content the item is not deleted), then each conflict item's histories that the item does
// not yet subsume are folded in below the new topmost, without counting as updates, and
// sx:conflicts is removed. With no conflicts it is an update. opt.SparsePurge purges the
// histories at the end; opt.StripTombstone is ignored.
func (e Endpoint) Resolve(it *Item, content *Element, opt UpdateOptions) (*Item, error) {
	out, err := e.update("resolve", it, content, false)
	if err != nil {
		return nil, err
	}
	if content != nil {
		out.Sync.DelAttr("deleted")
	}
	if c := out.Sync.Conflicts; c != nil {
		for _, ci := range c.Items {
			fold(out.Sync, ci)
		}
		out.Sync.Conflicts = nil
	}
	if opt.SparsePurge {
		sparsePurge(out.Sync)
	}
	return out, nil
}

// update is the part that Update, Delete and Resolve share: check, copy, count, new topmost
// history, and (implicit true) the implicit resolution of step 3.2.4.
func (e Endpoint) update(op string, it *Item, content *Element, implicit bool) (*Item, error) {
	f, err := checkItem(op, it)
	if err != nil {
		return nil, err
	}
	if content != nil {
		if err := checkContent(op, content, f); err != nil {
			return nil, err
		}
	}
	updates, _ := it.Sync.Updates()
	if updates >= maxCount {
		return nil, algErr(op, "FS-UPDATE-1", "updates is already 2147483647, the largest value")
	}
	updates++
	h, err := e.newHistory(op, updates)
	if err != nil {
		return nil, err
	}
	if e.By != "" {
		for _, old := range it.Sync.Histories {
			if by, ok := old.Attr("by"); ok && by == e.By {
				if seq, _ := old.Sequence(); seq >= updates {
					return nil, algErr(op, "FS-UPDATE-3", "a history by "+strconv.Quote(e.By)+" already has sequence "+strconv.Itoa(seq)+", not below the new updates "+strconv.Itoa(updates))
				}
			}
		}
	}
	out := &Item{Sync: cloneSync(it.Sync)}
	if content != nil {
		out.Element = cloneElement(content)
	} else {
		out.Element = cloneElement(it.Element)
	}
	s := out.Sync
	s.SetAttr("updates", strconv.Itoa(updates))
	s.Histories = append([]*History{h}, s.Histories...)
	if implicit && e.By != "" && s.Conflicts != nil {
		kept := s.Conflicts.Items[:0:0]
		for _, ci := range s.Conflicts.Items {
			if top := ci.Sync.Topmost(); top != nil {
				if by, ok := top.Attr("by"); ok && by == e.By {
					fold(s, ci)
					continue
				}
			}
			kept = append(kept, ci)
		}
		if len(kept) == 0 {
			s.Conflicts = nil
		} else {
			s.Conflicts.Items = kept
		}
	}
	return out, nil
}

// fold inserts, in document order, every history of the conflict item ci that no history of s
// subsumes immediately below s's topmost ([FS-RESOLVE-2]). Several folded histories therefore
// end in reverse relative order. s's histories are s's own (copied); ci's are copied.
func fold(s *Sync, ci *Item) {
	if ci == nil || ci.Sync == nil {
		return
	}
	for _, hx := range ci.Sync.Histories {
		subsumed := false
		for _, hy := range s.Histories {
			if HistorySubsumed(hx, hy) {
				subsumed = true
				break
			}
		}
		if subsumed {
			continue
		}
		s.Histories = append(s.Histories, nil)
		copy(s.Histories[2:], s.Histories[1:])
		s.Histories[1] = cloneHistory(hx)
	}
}

// sparsePurge keeps, per by, only the first history with the highest sequence, every history
// without by, and the topmost, in their order ([FS-PURGE-2]).
func sparsePurge(s *Sync) {
	best := map[string]int{} // by → index of the history kept
	for i, h := range s.Histories {
		by, ok := h.Attr("by")
		if !ok {
			continue
		}
		seq, _ := h.Sequence()
		if j, seen := best[by]; !seen {
			best[by] = i
		} else if old, _ := s.Histories[j].Sequence(); seq > old {
			best[by] = i
		}
	}
	out := s.Histories[:0:0]
	for i, h := range s.Histories {
		by, ok := h.Attr("by")
		if i == 0 || !ok || best[by] == i {
			out = append(out, h)
		}
	}
	s.Histories = out
}

// stripTombstone returns el reduced to what its host format requires ([FS-DELETE-3]): the
// element's name and attributes and, in Atom, its atom:id, atom:title and atom:updated
// children; in RSS, its title children or, when it has none, its description children. el is
// not modified (it is a copy already).
func stripTombstone(el *Element) *Element {
	out := &Element{Name: el.Name, Attrs: el.Attrs, Line: el.Line}
	keep := func(name xml.Name) bool {
		if el.Name.Space == AtomNamespace {
			return name.Space == AtomNamespace && (name.Local == "id" || name.Local == "title" || name.Local == "updated")
		}
		return name == xml.Name{Local: "title"}
	}
	if itemFormat(el) == RSS && countChildren(el, xml.Name{Local: "title"}) == 0 {
		keep = func(name xml.Name) bool { return name == xml.Name{Local: "description"} }
	}
	for _, n := range el.Children {
		if c, ok := n.(*Element); ok && c != nil && keep(c.Name) {
			out.Children = append(out.Children, c)
		}
	}
	return out
}
