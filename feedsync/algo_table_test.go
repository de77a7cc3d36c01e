package feedsync

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Table tests of the algorithms of spec/feedsync.md §8–§12, one group per requirement, with the
// edge cases of the 2008 test suites and the 2008 bugs (spec §14) as regression cases.
//
// Items are built in code: ver(title, updates, histories...) is an Atom entry with sx:sync
// id="task-1"; h(seq, when, by) a history, when written "10:05" for 2008-04-23T10:05:00Z and ""
// for absent, by "" for absent. sum(item) prints an item compactly for comparisons:
// "title u2 [by:seq@when ...]" plus " deleted", " nc" and " {conflict | conflict}".

const day = "2008-04-23T"

func h(seq int, when, by string) *History {
	hi := &History{Attrs: []Attr{{Name: xml.Name{Local: "sequence"}, Value: strconv.Itoa(seq)}}}
	if when != "" {
		hi.Attrs = append(hi.Attrs, Attr{Name: xml.Name{Local: "when"}, Value: day + when + ":00Z"})
	}
	if by != "" {
		hi.Attrs = append(hi.Attrs, Attr{Name: xml.Name{Local: "by"}, Value: by})
	}
	return hi
}

func content(title string) *Element {
	return exAtom("entry", exAtom("id", Text("urn:example:task-1")), exAtom("title", Text(title)),
		exAtom("updated", Text("2008-04-23T10:00:00Z")))
}

func ver(title string, updates int, hs ...*History) *Item {
	return &Item{Element: content(title), Sync: &Sync{
		Attrs:     []Attr{{Name: xml.Name{Local: "id"}, Value: "task-1"}, {Name: xml.Name{Local: "updates"}, Value: strconv.Itoa(updates)}},
		Histories: hs,
	}}
}

func confl(it *Item, cs ...*Item) *Item {
	it = it.Clone()
	it.Sync.Conflicts = &Conflicts{Items: cs}
	return it
}

func setSyncAttr(it *Item, name, value string) *Item {
	it = it.Clone()
	it.Sync.SetAttr(name, value)
	return it
}

func sum(it *Item) string {
	if it == nil {
		return "<nil>"
	}
	var b strings.Builder
	title := "?"
	for _, n := range it.Element.Children {
		if el, ok := n.(*Element); ok && el.Name.Local == "title" && len(el.Children) == 1 {
			title = string(el.Children[0].(Text))
		}
	}
	b.WriteString(title)
	if it.Sync == nil {
		return b.String() + " (no sync)"
	}
	u, _ := it.Sync.Attr("updates")
	b.WriteString(" u" + u + " [")
	for i, hi := range it.Sync.Histories {
		if i > 0 {
			b.WriteByte(' ')
		}
		by, _ := hi.Attr("by")
		seq, _ := hi.Attr("sequence")
		b.WriteString(by + ":" + seq)
		if w, ok := hi.Attr("when"); ok {
			b.WriteString("@" + strings.TrimSuffix(strings.TrimPrefix(w, day), ":00Z"))
		}
	}
	b.WriteString("]")
	if v, ok := it.Sync.Attr("deleted"); ok {
		b.WriteString(" deleted=" + v)
	}
	if v, ok := it.Sync.Attr("noconflicts"); ok {
		b.WriteString(" nc=" + v)
	}
	if c := it.Sync.Conflicts; c != nil {
		var cs []string
		for _, ci := range c.Items {
			cs = append(cs, sum(ci))
		}
		b.WriteString(" {" + strings.Join(cs, " | ") + "}")
	}
	return b.String()
}

func ep(by, when string) Endpoint {
	e := Endpoint{By: by}
	if when != "" {
		e.Clock = clockAt(day + when + ":00Z")
	}
	return e
}

// reqOf returns the Req of an *AlgorithmError, or "" (and fails) for another error.
func reqOf(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var ae *AlgorithmError
	if !errors.As(err, &ae) || !errors.Is(err, ErrInvalidInput) {
		t.Fatalf("error %v (%T) is not an *AlgorithmError matching ErrInvalidInput", err, err)
	}
	return ae.Req
}

// must returns v, and panics (failing the test) on an error.
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func check[T any](t *testing.T, want, got T) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// merged runs MergeItem and returns sum(result) and the outcome, checking the result is valid.
func merged(t *testing.T, local, incoming *Item) (string, Outcome) {
	t.Helper()
	out, oc, err := MergeItem(local, incoming)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := checkItem("test", out); err != nil {
		t.Errorf("merge result invalid: %v", err)
	}
	return sum(out), oc
}

func TestAlgoConventions(t *testing.T) {
	a1 := ver("A", 1, h(1, "10:00", "a"))
	a2 := ver("A2", 2, h(2, "10:05", "a"), h(1, "10:00", "a"))
	b2 := ver("B2", 2, h(2, "10:06", "b"), h(1, "10:00", "a"))
	t.Run("[FS-ALG-1] no algorithm modifies its inputs and repeated calls agree", func(t *testing.T) {
		local := confl(a2, ver("C", 2, h(2, "10:01", "c"), h(1, "10:00", "a")))
		before := [][]byte{local.Canonical(), b2.Canonical(), a1.Canonical()}
		content := content("new")
		contentCopy := cloneElement(content)
		r1, _, _ := MergeItem(local, b2)
		r2, _, _ := MergeItem(local, b2)
		must(ep("c", "10:09").Update(local, content, UpdateOptions{SparsePurge: true}))
		must(ep("a", "10:09").Update(local, nil, UpdateOptions{}))
		must(ep("c", "10:09").Resolve(local, nil, UpdateOptions{SparsePurge: true}))
		must(ep("c", "10:09").Delete(local, UpdateOptions{StripTombstone: true, SparsePurge: true}))
		must(ep("a", "10:09").Create(content, "task-1", false))
		after := [][]byte{local.Canonical(), b2.Canonical(), a1.Canonical()}
		if d := cmp.Diff(before, after); d != "" {
			t.Errorf("inputs changed:\n%s", d)
		}
		if !identicalElement(content, contentCopy) {
			t.Error("content changed")
		}
		if !bytes.Equal(r1.Canonical(), r2.Canonical()) {
			t.Error("two merges of the same items differ")
		}
		// The result of MergeItem shares nothing with its inputs.
		r1.Element.Children = nil
		r1.Sync.Histories[0].SetAttr("by", "zz")
		if !bytes.Equal(local.Canonical(), before[0]) || !bytes.Equal(b2.Canonical(), before[1]) {
			t.Error("changing MergeItem's result changed an input")
		}
	})
	t.Run("[FS-ALG-2] invalid input is refused with the rule broken", func(t *testing.T) {
		noSync := &Item{Element: content("x")}
		noHist := ver("x", 1)
		zeroUpd := setSyncAttr(a1, "updates", "0")
		seq0 := ver("x", 1, h(0, "10:00", "a"))
		noWhoWhen := ver("x", 1, &History{Attrs: []Attr{{Name: xml.Name{Local: "sequence"}, Value: "1"}}})
		notItem := &Item{Element: &Element{Name: xml.Name{Local: "foo"}}, Sync: a1.Sync}
		cases := []struct {
			name string
			err  error
			want string
		}{
			{"update without sx:sync", second(ep("a", "10:00").Update(noSync, nil, UpdateOptions{})), "FS-ALG-2"},
			{"update of a non-item", second(ep("a", "10:00").Update(notItem, nil, UpdateOptions{})), "FS-ALG-2"},
			{"update nil", second(ep("a", "10:00").Update(nil, nil, UpdateOptions{})), "FS-ALG-2"},
			{"sync without history (ShouldThrowIfSyncNoHistory)", third(MergeItem(a1, noHist)), "FS-SYNC-7"},
			{"local without history", third(MergeItem(noHist, a1)), "FS-SYNC-7"},
			{"updates 0", second(ep("a", "10:00").Update(zeroUpd, nil, UpdateOptions{})), "FS-LEX-3"},
			{"sequence 0", third(MergeItem(nil, seq0)), "FS-LEX-3"},
			{"history with neither when nor by", second(ep("a", "10:00").Delete(noWhoWhen, UpdateOptions{})), "FS-HIST-3"},
			{"incoming without sx:sync", third(MergeItem(a1, noSync)), "FS-ALG-2"},
			{"resolve without sx:sync", second(ep("a", "10:00").Resolve(noSync, nil, UpdateOptions{})), "FS-ALG-2"},
			{"an Atom entry without title", second(ep("a", "10:00").Create(exAtom("entry", exAtom("id", Text("x")), exAtom("updated", Text("2008-01-01T00:00:00Z"))), "t", false)), "FS-HOST-2"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				if c.err == nil {
					t.Fatal("no error")
				}
				check(t, c.want, reqOf(t, c.err))
			})
		}
	})
	t.Run("[FS-ALG-3] content must be an item of the item's format without sx:sync", func(t *testing.T) {
		withSync := content("x")
		withSync.Children = append(withSync.Children, &Element{Name: nameSync})
		rssItem := &Element{Name: xml.Name{Local: "item"}, Children: []Node{&Element{Name: xml.Name{Local: "title"}, Children: []Node{Text("x")}}}}
		for name, err := range map[string]error{
			"create with sx:sync":       second(ep("a", "10:00").Create(withSync, "t", false)),
			"create with a non-item":    second(ep("a", "10:00").Create(exAtom("feed"), "t", false)),
			"create with nil":           second(ep("a", "10:00").Create(nil, "t", false)),
			"update with sx:sync":       second(ep("a", "10:01").Update(a1, withSync, UpdateOptions{})),
			"update Atom with RSS item": second(ep("a", "10:01").Update(a1, rssItem, UpdateOptions{})),
			"resolve with RSS item":     second(ep("a", "10:01").Resolve(a1, rssItem, UpdateOptions{})),
		} {
			t.Run(name, func(t *testing.T) { check(t, "FS-ALG-3", reqOf(t, err)) })
		}
		it := must(Endpoint{By: "a"}.Create(rssItem, "t", false))
		check(t, "x u1 [a:1]", sum(it))
	})
	t.Run("[FS-ALG-4] endpoints: by, clock or both; NSS; years 0000–9999; 24-hour UTC when", func(t *testing.T) {
		for name, e := range map[string]Endpoint{
			"neither by nor clock": {},
			"by not an NSS":        {By: "laptop ana"},
			"by empty escape":      {By: "a%00"},
			"year 10000":           {Clock: func() time.Time { return time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }},
			"year -1":              {By: "a", Clock: func() time.Time { return time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC) }},
		} {
			t.Run(name, func(t *testing.T) {
				check(t, "FS-ALG-4", reqOf(t, second(e.Create(content("x"), "t", false))))
				check(t, "FS-ALG-4", reqOf(t, second(e.Update(a1, nil, UpdateOptions{}))))
			})
		}
		// Regression (the Microsoft sample's "hh"): 13:05 is written 13:05, not 01:05; a
		// clock in another zone is converted to UTC; fractions of a second are cut off.
		pm := time.Date(2008, 4, 23, 15, 5, 9, 999999999, time.FixedZone("CEST", 2*3600))
		it := must(Endpoint{By: "a", Clock: func() time.Time { return pm }}.Create(content("x"), "t", false))
		w, _ := it.Sync.Topmost().Attr("when")
		check(t, "2008-04-23T13:05:09Z", w)
	})
	t.Run("[FS-ALG-5] host content is never rewritten (atom:updated stays)", func(t *testing.T) {
		u := must(ep("b", "11:00").Update(a1, nil, UpdateOptions{}))
		if !identicalElement(u.Element, a1.Element) {
			t.Error("the element changed")
		}
		r := must(ep("b", "11:00").Resolve(confl(a2, b2), nil, UpdateOptions{}))
		if !identicalElement(r.Element, a2.Element) {
			t.Error("resolve changed the winner's element")
		}
	})
}

func second[T any](_ T, err error) error        { return err }
func third[T, U any](_ T, _ U, err error) error { return err }

func TestAlgoCreate(t *testing.T) {
	t.Run("[FS-CREATE-1] updates 1, one history sequence 1 with when and by", func(t *testing.T) {
		check(t, "x u1 [a:1@10:00]", sum(must(ep("a", "10:00").Create(content("x"), "task-1", false))))
		check(t, "x u1 [:1@10:00]", sum(must(ep("", "10:00").Create(content("x"), "task-1", false))))
		check(t, "x u1 [a:1]", sum(must(ep("a", "").Create(content("x"), "task-1", false))))
		it := must(ep("a", "10:00").Create(content("x"), "task-1", false))
		if it.Sync.Conflicts != nil || it.Sync.Deleted() {
			t.Error("a new item has conflicts or is deleted")
		}
		if _, ok := it.Sync.Attr("deleted"); ok {
			t.Error("deleted written")
		}
	})
	t.Run("[FS-CREATE-2] the id must be an NSS", func(t *testing.T) {
		for _, id := range []string{"", "task 1", "a%00", "é"} {
			check(t, "FS-CREATE-2", reqOf(t, second(ep("a", "10:00").Create(content("x"), id, false))))
		}
		must(ep("a", "10:00").Create(content("x"), "urn:uuid:1f0e;x=(1)", false))
	})
	t.Run("[FS-CREATE-3] noconflicts written only when asked, kept by every later algorithm", func(t *testing.T) {
		nc := must(ep("a", "10:00").Create(content("x"), "task-1", true))
		check(t, "x u1 [a:1@10:00] nc=true", sum(nc))
		plain := must(ep("a", "10:00").Create(content("x"), "task-1", false))
		if _, ok := plain.Sync.Attr("noconflicts"); ok {
			t.Error("noconflicts written when not asked")
		}
		u := must(ep("b", "10:01").Update(nc, content("y"), UpdateOptions{SparsePurge: true}))
		d := must(ep("b", "10:02").Delete(u, UpdateOptions{StripTombstone: true}))
		r := must(ep("b", "10:03").Resolve(d, content("z"), UpdateOptions{}))
		for _, it := range []*Item{u, d, r} {
			if v, _ := it.Sync.Attr("noconflicts"); v != "true" {
				t.Errorf("noconflicts lost: %s", sum(it))
			}
		}
		f := setSyncAttr(plain, "noconflicts", "false")
		u = must(ep("b", "10:01").Update(f, nil, UpdateOptions{}))
		if v, _ := u.Sync.Attr("noconflicts"); v != "false" {
			t.Error("an update changed noconflicts=\"false\"")
		}
	})
}

func TestAlgoUpdate(t *testing.T) {
	a1 := ver("A", 1, h(1, "10:00", "a"))
	t.Run("[FS-UPDATE-1] updates grows by exactly one; refused at 2147483647", func(t *testing.T) {
		u := must(ep("a", "10:01").Update(a1, nil, UpdateOptions{}))
		check(t, "A u2 [a:2@10:01 a:1@10:00]", sum(u))
		check(t, "A u3 [b:3@10:02 a:2@10:01 a:1@10:00]", sum(must(ep("b", "10:02").Update(u, nil, UpdateOptions{}))))
		max := ver("A", maxCount, h(maxCount, "10:00", "a"))
		check(t, "FS-UPDATE-1", reqOf(t, second(ep("a", "10:01").Update(max, nil, UpdateOptions{}))))
		check(t, "FS-UPDATE-1", reqOf(t, second(ep("a", "10:01").Delete(max, UpdateOptions{}))))
		check(t, "FS-UPDATE-1", reqOf(t, second(ep("a", "10:01").Resolve(max, nil, UpdateOptions{}))))
		almost := ver("A", maxCount-1, h(maxCount-1, "10:00", "a"))
		check(t, "A u2147483647 [b:2147483647@10:01 a:2147483646@10:00]", sum(must(ep("b", "10:01").Update(almost, nil, UpdateOptions{}))))
	})
	t.Run("[FS-UPDATE-2] the new topmost has sequence = updates, the rest stay in order", func(t *testing.T) {
		it := ver("A", 4, h(4, "10:04", "c"), h(2, "", "b"), h(3, "10:03", ""), h(1, "10:00", "a"))
		check(t, "A u5 [:5@10:05 c:4@10:04 b:2 :3@10:03 a:1@10:00]", sum(must(ep("", "10:05").Update(it, nil, UpdateOptions{}))))
		// A topmost sequence that differs from updates ([FS-HIST-5] is a SHOULD) is not copied.
		odd := ver("A", 3, h(7, "10:04", "c"), h(1, "10:00", "a"))
		check(t, "A u4 [a:4@10:05 c:7@10:04 a:1@10:00]", sum(must(ep("a", "10:05").Update(odd, nil, UpdateOptions{}))))
	})
	t.Run("[FS-UPDATE-3] refused when this endpoint already wrote a sequence not below the new updates", func(t *testing.T) {
		odd := ver("A", 3, h(3, "10:04", "c"), h(4, "10:00", "a"))
		check(t, "FS-UPDATE-3", reqOf(t, second(ep("a", "10:05").Update(odd, nil, UpdateOptions{}))))
		check(t, "FS-UPDATE-3", reqOf(t, second(ep("a", "10:05").Delete(odd, UpdateOptions{}))))
		must(ep("b", "10:05").Update(odd, nil, UpdateOptions{}))
		must(ep("", "10:05").Update(odd, nil, UpdateOptions{}))
	})
	t.Run("[FS-UPDATE-4] content replaces the element; nil keeps it; an edit resurrects a tombstone", func(t *testing.T) {
		check(t, "B u2 [a:2@10:01 a:1@10:00]", sum(must(ep("a", "10:01").Update(a1, content("B"), UpdateOptions{}))))
		check(t, "A u2 [a:2@10:01 a:1@10:00]", sum(must(ep("a", "10:01").Update(a1, nil, UpdateOptions{}))))
		tomb := must(ep("b", "10:01").Delete(a1, UpdateOptions{}))
		back := must(ep("c", "10:02").Update(tomb, content("back"), UpdateOptions{}))
		check(t, "back u3 [c:3@10:02 b:2@10:01 a:1@10:00]", sum(back))
		if _, ok := back.Sync.Attr("deleted"); ok {
			t.Error("deleted not removed")
		}
		// deleted="false" is removed too (one form per meaning).
		check(t, "A u2 [a:2@10:01 a:1@10:00]", sum(must(ep("a", "10:01").Update(setSyncAttr(a1, "deleted", "false"), nil, UpdateOptions{}))))
	})
	t.Run("[FS-UPDATE-5] conflicts last written by the updating endpoint are resolved implicitly", func(t *testing.T) {
		w := ver("W", 3, h(3, "10:03", "w"), h(1, "10:00", "a"))
		mine := ver("M", 2, h(2, "10:02", "me"), h(1, "10:00", "a"))
		mine2 := ver("M2", 3, h(3, "10:02", "me"), h(2, "10:01", "x"), h(1, "10:00", "a"))
		other := ver("O", 2, h(2, "10:01", "o"), h(1, "10:00", "a"))
		it := confl(w, mine, other, mine2)
		got := must(ep("me", "10:09").Update(it, nil, UpdateOptions{}))
		// mine folds (me:2), then mine2 folds (x:2; me:3 is not subsumed by me:2 nor by the new me:4? it is: me:4 ≥ 3).
		check(t, "W u4 [me:4@10:09 x:2@10:01 w:3@10:03 a:1@10:00] {O u2 [o:2@10:01 a:1@10:00]}", sum(got))
		got = must(ep("me", "10:09").Update(confl(w, mine), nil, UpdateOptions{}))
		check(t, "W u4 [me:4@10:09 w:3@10:03 a:1@10:00]", sum(got))
		if got.Sync.Conflicts != nil {
			t.Error("empty sx:conflicts kept")
		}
		// Delete is an update: the same applies.
		got = must(ep("me", "10:09").Delete(confl(w, mine, other), UpdateOptions{}))
		check(t, "W u4 [me:4@10:09 w:3@10:03 a:1@10:00] deleted=true {O u2 [o:2@10:01 a:1@10:00]}", sum(got))
		// A writer without by resolves nothing implicitly.
		got = must(ep("", "10:09").Update(confl(w, mine), nil, UpdateOptions{}))
		check(t, "W u4 [:4@10:09 w:3@10:03 a:1@10:00] {M u2 [me:2@10:02 a:1@10:00]}", sum(got))
		// Only the topmost by counts: a conflict that merely contains the endpoint stays.
		got = must(ep("x", "10:09").Update(confl(w, mine2), nil, UpdateOptions{}))
		check(t, "W u4 [x:4@10:09 w:3@10:03 a:1@10:00] {M2 u3 [me:3@10:02 x:2@10:01 a:1@10:00]}", sum(got))
	})
	t.Run("[FS-UPDATE-6] id, noconflicts, foreign attributes and children of sx:sync stay", func(t *testing.T) {
		it := a1.Clone()
		it.Sync.Attrs = append(it.Sync.Attrs, Attr{Name: xml.Name{Space: "urn:ex", Local: "origin"}, Value: "import"}, Attr{Name: xml.Name{Local: "window"}, Value: "5"})
		it.Sync.Extra = []Node{&Element{Name: xml.Name{Space: "urn:ex", Local: "note"}, Children: []Node{Text("kept")}}}
		it.Sync.Histories[0].Extra = []Node{&Element{Name: xml.Name{Space: "urn:ex", Local: "h"}}}
		got := must(ep("b", "10:01").Update(it, content("B"), UpdateOptions{SparsePurge: true}))
		want := it.Clone()
		want.Element = content("B")
		want.Sync.SetAttr("updates", "2")
		want.Sync.Histories = append([]*History{h(2, "10:01", "b")}, want.Sync.Histories...)
		check(t, string(want.Canonical()), string(got.Canonical()))
	})
}

func TestAlgoDelete(t *testing.T) {
	a1 := ver("A", 1, h(1, "10:00", "a"))
	t.Run("[FS-DELETE-1] delete is an update that sets deleted and keeps the content", func(t *testing.T) {
		d := must(ep("b", "10:01").Delete(a1, UpdateOptions{}))
		check(t, "A u2 [b:2@10:01 a:1@10:00] deleted=true", sum(d))
		if !identicalElement(d.Element, a1.Element) {
			t.Error("content changed")
		}
		// Deleting a tombstone again is another update.
		check(t, "A u3 [b:3@10:02 b:2@10:01 a:1@10:00] deleted=true", sum(must(ep("b", "10:02").Delete(d, UpdateOptions{}))))
	})
	t.Run("[FS-DELETE-2] a tombstone conflicts like an edit (MergeShouldConflictOnDeleteWithConflict)", func(t *testing.T) {
		edit := must(ep("a", "10:05").Update(a1, content("A2"), UpdateOptions{}))
		del := must(ep("remote", "10:07").Delete(a1, UpdateOptions{}))
		got, oc := merged(t, edit, del)
		check(t, "A u2 [remote:2@10:07 a:1@10:00] deleted=true {A2 u2 [a:2@10:05 a:1@10:00]}", got)
		check(t, "Conflict", oc.String())
		// The edit wins when it is later; the tombstone is kept as the conflict.
		got, _ = merged(t, del, must(ep("a", "10:09").Update(a1, content("A3"), UpdateOptions{})))
		check(t, "A3 u2 [a:2@10:09 a:1@10:00] {A u2 [remote:2@10:07 a:1@10:00] deleted=true}", got)
		// A merge never removes a tombstone: merged with an older edit, it stays.
		got, oc = merged(t, del, a1)
		check(t, "A u2 [remote:2@10:07 a:1@10:00] deleted=true", got)
		check(t, "Unchanged", oc.String())
	})
	t.Run("[FS-DELETE-3] stripping keeps the host format's required elements and sx:sync", func(t *testing.T) {
		el := content("A")
		el.Attrs = []Attr{{Name: xml.Name{Space: XMLNamespace, Local: "lang"}, Value: "en"}}
		el.Children = append([]Node{exAtom("author", exAtom("name", Text("Ana")))}, el.Children...)
		el.Children = append(el.Children, exAtom("content", Text("long text")), &Element{Name: xml.Name{Space: "urn:ex", Local: "x"}})
		it := must(ep("a", "10:00").Create(el, "task-1", false))
		d := must(ep("b", "10:01").Delete(confl(it, ver("C", 1, h(1, "09:00", "c"))), UpdateOptions{StripTombstone: true}))
		want := &Element{Name: el.Name, Attrs: el.Attrs, Children: []Node{exAtom("id", Text("urn:example:task-1")), exAtom("title", Text("A")), exAtom("updated", Text("2008-04-23T10:00:00Z"))}}
		if !identicalElement(want, d.Element) {
			t.Errorf("stripped Atom entry: %s", d.Canonical())
		}
		check(t, "A u2 [b:2@10:01 a:1@10:00] deleted=true {C u1 [c:1@09:00]}", sum(d))
		rss := func(kids ...Node) *Element { return &Element{Name: xml.Name{Local: "item"}, Children: kids} }
		rel := func(n, v string) *Element {
			return &Element{Name: xml.Name{Local: n}, Children: []Node{Text(v)}}
		}
		r := must(ep("a", "10:00").Create(rss(rel("title", "T"), rel("link", "http://x/"), rel("description", "D"), rel("guid", "g")), "t", false))
		r = must(ep("a", "10:01").Delete(r, UpdateOptions{StripTombstone: true}))
		if !identicalElement(rss(rel("title", "T")), r.Element) {
			t.Errorf("stripped RSS item with title: %s", r.Canonical())
		}
		r = must(ep("a", "10:00").Create(rss(rel("link", "http://x/"), rel("description", "D"), rel("guid", "g")), "t", false))
		r = must(ep("a", "10:01").Delete(r, UpdateOptions{StripTombstone: true}))
		if !identicalElement(rss(rel("description", "D")), r.Element) {
			t.Errorf("stripped RSS item without title: %s", r.Canonical())
		}
	})
	t.Run("[FS-DELETE-4] only a delete strips; merge and other updates do not", func(t *testing.T) {
		el := content("A")
		el.Children = append(el.Children, exAtom("content", Text("long text")))
		it := must(ep("a", "10:00").Create(el, "task-1", false))
		u := must(ep("a", "10:01").Update(it, nil, UpdateOptions{StripTombstone: true}))
		r := must(ep("a", "10:01").Resolve(it, nil, UpdateOptions{StripTombstone: true}))
		d := must(ep("b", "10:01").Delete(it, UpdateOptions{}))
		m, _, _ := MergeItem(it, d)
		for _, x := range []*Item{u, r, d, m} {
			if !identicalElement(el, x.Element) {
				t.Errorf("content stripped: %s", x.Canonical())
			}
		}
	})
}

func TestAlgoPurge(t *testing.T) {
	it := ver("A", 6, h(6, "10:06", "a"), h(5, "10:05", "b"), h(4, "10:04", ""), h(3, "10:03", "a"), h(2, "10:02", "b"), h(2, "10:02", ""), h(1, "10:01", "c"))
	t.Run("[FS-PURGE-1] histories are purged only when asked", func(t *testing.T) {
		u := must(ep("a", "10:07").Update(it, nil, UpdateOptions{}))
		check(t, 8, len(u.Sync.Histories))
	})
	t.Run("[FS-PURGE-2] highest sequence per by, every by-less entry, the topmost, in order", func(t *testing.T) {
		u := must(ep("a", "10:07").Update(it, nil, UpdateOptions{SparsePurge: true}))
		check(t, "A u7 [a:7@10:07 b:5@10:05 :4@10:04 :2@10:02 c:1@10:01]", sum(u))
		// A writer without by: its topmost is kept, as is every other by-less entry.
		u = must(ep("", "10:07").Update(it, nil, UpdateOptions{SparsePurge: true}))
		check(t, "A u7 [:7@10:07 a:6@10:06 b:5@10:05 :4@10:04 :2@10:02 c:1@10:01]", sum(u))
		// Of two entries with the same by and sequence the first stays; conflicts are not purged;
		// other sync properties stay (PurgeShouldPreserveOtherSyncProperties).
		dup := setSyncAttr(confl(ver("A", 2, h(2, "10:02", "x"), h(1, "10:01", "y"), h(1, "10:00", "y")),
			ver("C", 2, h(2, "10:03", "c"), h(1, "10:02", "c"), h(1, "10:01", "y"))), "noconflicts", "false")
		u = must(ep("z", "10:07").Update(dup, nil, UpdateOptions{SparsePurge: true}))
		check(t, "A u3 [z:3@10:07 x:2@10:02 y:1@10:01] nc=false {C u2 [c:2@10:03 c:1@10:02 y:1@10:01]}", sum(u))
		d := must(ep("a", "10:07").Delete(it, UpdateOptions{SparsePurge: true}))
		check(t, "A u7 [a:7@10:07 b:5@10:05 :4@10:04 :2@10:02 c:1@10:01] deleted=true", sum(d))
		r := must(ep("a", "10:07").Resolve(confl(it, ver("C", 2, h(2, "10:03", "c"), h(1, "10:01", "c"))), nil, UpdateOptions{SparsePurge: true}))
		check(t, "A u7 [a:7@10:07 c:2@10:03 b:5@10:05 :4@10:04 :2@10:02]", sum(r))
	})
	t.Run("[FS-PURGE-3] a merge keeps the winner's histories as they are", func(t *testing.T) {
		newer := ver("N", 7, h(7, "10:07", "d"), h(6, "10:06", "a"), h(5, "10:05", "b"), h(4, "10:04", ""), h(3, "10:03", "a"), h(2, "10:02", "b"), h(2, "10:02", ""), h(1, "10:01", "c"))
		got, oc := merged(t, it, newer)
		check(t, sum(newer), got)
		check(t, "Updated", oc.String())
	})
}

func TestAlgoSubsumption(t *testing.T) {
	cases := []struct {
		name string
		x, y *History
		want bool
	}{
		{"[FS-SUB-1] same by, equal sequence (ShouldSubsumeWithByEqualSequence)", h(2, "10:00", "a"), h(2, "11:00", "a"), true},
		{"[FS-SUB-1] same by, greater sequence (ShouldSubsumeWithByGreaterSequence)", h(2, "10:00", "a"), h(3, "", "a"), true},
		{"[FS-SUB-1] same by, smaller sequence", h(3, "10:00", "a"), h(2, "10:00", "a"), false},
		{"[FS-SUB-1] other by", h(1, "10:00", "a"), h(5, "10:00", "b"), false},
		{"[FS-SUB-1] by compared octet by octet, not case-folded", h(1, "10:00", "a"), h(5, "10:00", "A"), false},
		{"[FS-SUB-1] x has by, y has none", h(1, "10:00", "a"), h(1, "10:00", ""), false},
		{"[FS-SUB-1] no by, equal when and sequence (ShouldSubsumeWithoutByEqualWhenAndSequence)", h(1, "10:00", ""), h(1, "10:00", ""), true},
		{"[FS-SUB-1] no by on x, by on y, equal when and sequence (ShouldNotSubsume…; the Microsoft sample's bug)", h(1, "10:00", ""), h(1, "10:00", "a"), false},
		{"[FS-SUB-1] no by, different when (ShouldNotSubsumeWithoutByAndDifferentWhen)", h(1, "10:00", ""), h(1, "10:01", ""), false},
		{"[FS-SUB-1] no by, different sequence", h(1, "10:00", ""), h(2, "10:00", ""), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			check(t, strconv.FormatBool(c.want), strconv.FormatBool(HistorySubsumed(c.x, c.y)))
		})
	}
	t.Run("[FS-SUB-1] both when absent counts as the same", func(t *testing.T) {
		x := &History{Attrs: []Attr{{Name: xml.Name{Local: "sequence"}, Value: "1"}}}
		if !HistorySubsumed(x, cloneHistory(x)) {
			t.Error("not subsumed")
		}
	})
	t.Run("[FS-SUB-2] the topmost of x against any history of y, not y's conflicts", func(t *testing.T) {
		x := ver("X", 2, h(2, "10:02", "b"), h(1, "10:00", "a"))
		deep := ver("Y", 4, h(4, "10:04", "c"), h(3, "10:03", "c"), h(2, "10:02", "b"))
		if !ItemSubsumed(x, deep) {
			t.Error("a history below the topmost does not count")
		}
		onlyOld := ver("Y", 4, h(4, "10:04", "c"), h(1, "10:00", "a"))
		if ItemSubsumed(x, onlyOld) {
			t.Error("x's older history counted")
		}
		inConflict := confl(onlyOld, ver("C", 2, h(2, "10:02", "b"), h(1, "10:00", "a")))
		if ItemSubsumed(x, inConflict) {
			t.Error("a conflict's history counted")
		}
		if !ItemSubsumed(x, x) {
			t.Error("an item is not subsumed by itself")
		}
	})
}

func TestAlgoWinner(t *testing.T) {
	base := func(u int, when, by string) *Item { return ver("V", u, h(u, when, by)) }
	cases := []struct {
		name string
		x, y *Item
	}{ // x must win
		{"[FS-WIN-1] larger updates wins, whatever when says", base(3, "09:00", "a"), base(2, "11:00", "z")},
		{"[FS-WIN-1] equal updates: when present beats absent", base(2, "09:00", ""), base(2, "", "z")},
		{"[FS-WIN-1] equal updates: the later when wins", base(2, "10:01", "a"), base(2, "10:00", "z")},
		{"[FS-WIN-1] same when: by present beats absent", base(2, "10:00", "a"), base(2, "10:00", "")},
		{"[FS-WIN-1] same when: larger by in octet order wins", base(2, "10:00", "b"), base(2, "10:00", "a")},
		{"[FS-WIN-1] regression: the shorter by wins when it is greater (not by length)", base(2, "10:00", "zz"), base(2, "10:00", "aaaaaaaa")},
		{"[FS-WIN-1] regression: not culture order, lower case after upper case", base(2, "10:00", "a"), base(2, "10:00", "B")},
		{"[FS-WIN-1] regression: octet order, '_' after 'Z' (collations put punctuation first)", base(2, "10:00", "_"), base(2, "10:00", "Z")},
		{"[FS-WIN-1] regression: octet order, letters after digits", base(2, "10:00", "a"), base(2, "10:00", "9")},
		{"[FS-WIN-1] regression: both when absent: by decides (the Microsoft sample ignored by)", base(2, "", "vga"), base(2, "", "kzu")},
		{"[FS-WIN-1] regression: a proper prefix is smaller", base(2, "10:00", "ab"), base(2, "10:00", "a")},
		{"[FS-WIN-2] regression: same updates, when and by, no null winner: the topmost's bytes decide", ver("V", 2, h(3, "10:00", "a")), ver("V", 2, h(2, "10:00", "a"))},
		{"[FS-WIN-2] equal topmost: the item's canonical bytes decide", ver("Y", 2, h(2, "10:00", "a")), ver("X", 2, h(2, "10:00", "a"))},
		{"[FS-WIN-2] equal topmost: the item's canonical bytes decide (lower histories)", ver("X", 2, h(2, "10:00", "a"), h(1, "10:00", "b")), ver("X", 2, h(2, "10:00", "a"), h(1, "10:00", "a"))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Compare(c.x, c.y); got <= 0 {
				t.Errorf("Compare(x, y) = %d, x must win", got)
			}
			if got := Compare(c.y, c.x); got >= 0 {
				t.Errorf("Compare(y, x) = %d, x must win", got)
			}
		})
	}
	t.Run("[FS-WIN-2] 0 only for the same canonical bytes", func(t *testing.T) {
		x := ver("X", 2, h(2, "10:00", "a"))
		y := x.Clone()
		y.Sync.Attrs = []Attr{y.Sync.Attrs[1], y.Sync.Attrs[0]} // another attribute order, same bytes
		check(t, 0, Compare(x, y))
		check(t, 0, Compare(x, x))
		z := x.Clone()
		z.Element.Children = append(z.Element.Children, Text(" "))
		if Compare(x, z) == 0 {
			t.Error("different bytes compare equal")
		}
	})
	t.Run("[FS-WIN-3] the winner of a merge does not depend on which side is local", func(t *testing.T) {
		for _, c := range cases {
			a, oa := merged(t, c.x, c.y)
			b, ob := merged(t, c.y, c.x)
			check(t, a, b)
			if !strings.HasPrefix(a, sum(c.x)) {
				t.Errorf("%s: winner %s, want %s", c.name, a, sum(c.x))
			}
			_, _ = oa, ob
		}
	})
}

func TestAlgoMerge(t *testing.T) {
	a1 := ver("A1", 1, h(1, "10:00", "a"))
	a2 := ver("A2", 2, h(2, "10:05", "a"), h(1, "10:00", "a"))
	b2 := ver("B2", 2, h(2, "10:07", "b"), h(1, "10:00", "a"))
	c2 := ver("C2", 2, h(2, "10:06", "c"), h(1, "10:00", "a"))
	t.Run("[FS-MERGE-1] same format and id; duplicates within a side collapse", func(t *testing.T) {
		other := setSyncAttr(a1, "id", "task-2")
		check(t, "FS-MERGE-1", reqOf(t, third(MergeItem(a1, other))))
		rss := &Item{Element: &Element{Name: xml.Name{Local: "item"}, Children: []Node{&Element{Name: xml.Name{Local: "title"}, Children: []Node{Text("x")}}}}, Sync: a1.Clone().Sync}
		check(t, "FS-MERGE-1", reqOf(t, third(MergeItem(a1, rss))))
		dupl := confl(b2, a2, a2.Clone())
		got, _ := merged(t, dupl, dupl)
		check(t, "B2 u2 [b:2@10:07 a:1@10:00] {A2 u2 [a:2@10:05 a:1@10:00]}", got)
	})
	t.Run("[FS-MERGE-2] [FS-MERGE-3] the two passes", func(t *testing.T) {
		cases := []struct {
			name       string
			local, inc *Item
			want       string
			oc         Outcome
		}{
			{"incoming newer: Updated", a1, a2, "A2 u2 [a:2@10:05 a:1@10:00]", Updated},
			{"local edited, incoming unchanged: Unchanged (MergeShouldNoOpOnUpdatedLocalItemWithUnchangedIncoming)", a2, a1, "A2 u2 [a:2@10:05 a:1@10:00]", Unchanged},
			{"concurrent edits, incoming wins: Conflict", a2, b2, "B2 u2 [b:2@10:07 a:1@10:00] {A2 u2 [a:2@10:05 a:1@10:00]}", Conflict},
			{"concurrent edits, local wins: Conflict", b2, a2, "B2 u2 [b:2@10:07 a:1@10:00] {A2 u2 [a:2@10:05 a:1@10:00]}", Conflict},
			{"conflict preserved through a later merge (ShouldWinLatestUpdateWithConflictsPreserved)",
				confl(b2, a2), ver("B3", 3, h(3, "10:09", "b"), h(2, "10:07", "b"), h(1, "10:00", "a")),
				"B3 u3 [b:3@10:09 b:2@10:07 a:1@10:00] {A2 u2 [a:2@10:05 a:1@10:00]}", Conflict},
			{"a conflict subsumed by the incoming item goes",
				confl(b2, a2), ver("R", 3, h(3, "10:09", "b"), h(2, "10:05", "a"), h(2, "10:07", "b"), h(1, "10:00", "a")),
				"R u3 [b:3@10:09 a:2@10:05 b:2@10:07 a:1@10:00]", Updated},
			{"the incoming item's conflicts join", c2, confl(b2, a2),
				"B2 u2 [b:2@10:07 a:1@10:00] {A2 u2 [a:2@10:05 a:1@10:00] | C2 u2 [c:2@10:06 a:1@10:00]}", Conflict},
			{"an incoming version the local item subsumes", confl(b2, a2), a1,
				"B2 u2 [b:2@10:07 a:1@10:00] {A2 u2 [a:2@10:05 a:1@10:00]}", Unchanged},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				got, oc := merged(t, c.local, c.inc)
				check(t, c.want, got)
				check(t, c.oc.String(), oc.String())
			})
		}
	})
	t.Run("[FS-MERGE-4] identical versions collapse; mutually subsumed ones are decided by bytes", func(t *testing.T) {
		// Regression (Abdera's no-op removal): identical items both vanished.
		got, oc := merged(t, a2, a2.Clone())
		check(t, "A2 u2 [a:2@10:05 a:1@10:00]", got)
		check(t, "Unchanged", oc.String())
		// Two writers without by in the same second: each subsumes the other.
		x := ver("X", 2, h(2, "10:05", ""), h(1, "10:00", ""))
		y := ver("Y", 2, h(2, "10:05", ""), h(1, "10:00", ""))
		want := "Y u2 [:2@10:05 :1@10:00]" // the larger canonical bytes survive
		for _, p := range [][2]*Item{{x, y}, {y, x}} {
			got, _ := merged(t, p[0], p[1])
			check(t, want, got)
		}
		// A version changed without an update.
		z := a2.Clone()
		z.Element = content("A2 changed")
		for _, p := range [][2]*Item{{a2, z}, {z, a2}} {
			got, _ := merged(t, p[0], p[1])
			check(t, "A2 u2 [a:2@10:05 a:1@10:00]", got) // "A2<" is greater than "A2 " in octet order
		}
	})
	t.Run("[FS-MERGE-5] a survivor that gives way to another survivor is removed", func(t *testing.T) {
		// The local item keeps a conflict its own histories subsume (valid, but no merge makes it).
		odd := confl(ver("W", 3, h(3, "10:09", "b"), h(2, "10:05", "a"), h(1, "10:00", "a")), a2)
		got, oc := merged(t, odd, odd)
		check(t, "W u3 [b:3@10:09 a:2@10:05 a:1@10:00]", got)
		check(t, "Updated", oc.String())
		got, oc = merged(t, nil, odd)
		check(t, "W u3 [b:3@10:09 a:2@10:05 a:1@10:00]", got)
		check(t, "Added", oc.String())
		// Writers without by break transitivity: V gives way to Z, Z to W, W never saw V. The
		// result must not depend on which side holds Z (found by the property test).
		w := ver("W", 4, h(4, "10:00", ""), h(3, "10:00", ""), h(2, "09:59", ""), h(1, "10:00", ""))
		z := ver("Z", 3, h(3, "10:00", ""), h(2, "10:00", ""), h(1, "10:00", ""))
		v := ver("V", 2, h(2, "10:00", ""), h(1, "10:00", ""))
		x, y := confl(w, v), z
		g1, _ := merged(t, x, y)
		g2, _ := merged(t, y, x)
		check(t, "W u4 [:4@10:00 :3@10:00 :2@09:59 :1@10:00]", g1)
		check(t, g1, g2)
	})
	t.Run("[FS-MERGE-6] noconflicts is taken from the winner and discards the losers", func(t *testing.T) {
		got, oc := merged(t, setSyncAttr(a2, "noconflicts", "true"), setSyncAttr(b2, "noconflicts", "true"))
		check(t, "B2 u2 [b:2@10:07 a:1@10:00] nc=true", got)
		check(t, "Updated", oc.String())
		got, _ = merged(t, setSyncAttr(a2, "noconflicts", "true"), b2)
		check(t, "B2 u2 [b:2@10:07 a:1@10:00] {A2 u2 [a:2@10:05 a:1@10:00] nc=true}", got)
		got, _ = merged(t, a2, setSyncAttr(b2, "noconflicts", "true"))
		check(t, "B2 u2 [b:2@10:07 a:1@10:00] nc=true", got)
	})
	t.Run("[FS-MERGE-7] conflicts flattened, de-duplicated, in canonical order", func(t *testing.T) {
		w := ver("W", 3, h(3, "10:09", "w"), h(1, "10:00", "a"))
		noBy := ver("N", 2, h(2, "10:08", ""), h(1, "10:00", "a"))
		noBy2 := ver("N2", 2, h(2, "10:04", ""), h(1, "10:00", "a"))
		noBy3 := ver("N3", 3, h(3, "10:01", ""), h(1, "10:00", "a"))
		c2 := ver("C2", 2, h(2, "", "c"), h(1, "10:00", "a"))
		// By-present versions with the same by subsume each other, so by alone orders them;
		// by-less ones are ordered by sequence, then when.
		want := "W u3 [w:3@10:09 a:1@10:00] {N2 u2 [:2@10:04 a:1@10:00] | N u2 [:2@10:08 a:1@10:00] | N3 u3 [:3@10:01 a:1@10:00] | " +
			"A2 u2 [a:2@10:05 a:1@10:00] | C2 u2 [c:2 a:1@10:00]}"
		got, _ := merged(t, confl(w, noBy3, noBy, c2, a2), confl(a2, c2, noBy2, noBy2.Clone()))
		check(t, want, got)
		got, _ = merged(t, confl(a2, c2, noBy2), confl(w, noBy3, noBy, c2, a2))
		check(t, want, got)
	})
	t.Run("[FS-MERGE-8] the merged item is the winner: content, attributes, foreign markup", func(t *testing.T) {
		w := b2.Clone()
		w.Sync.Attrs = append(w.Sync.Attrs, Attr{Name: xml.Name{Space: "urn:ex", Local: "o"}, Value: "1"})
		w.Sync.Extra = []Node{&Element{Name: xml.Name{Space: "urn:ex", Local: "n"}}}
		w.Element.Children = append(w.Element.Children, &Element{Name: xml.Name{Space: "urn:ex", Local: "f"}, Children: []Node{Text("foreign")}})
		old := confl(a2, c2)
		old.Sync.Conflicts.Attrs = []Attr{{Name: xml.Name{Space: "urn:ex", Local: "c"}, Value: "dropped"}}
		out, _, err := MergeItem(old, w)
		if err != nil {
			t.Fatal(err)
		}
		want := confl(w, a2, c2)
		check(t, string(want.Canonical()), string(out.Canonical()))
	})
	t.Run("[FS-MERGE-9] outcomes", func(t *testing.T) {
		for _, c := range []struct {
			local, inc *Item
			want       Outcome
		}{
			{nil, a1, Added}, {a1, a1, Unchanged}, {a2, a1, Unchanged}, {a1, a2, Updated}, {a2, b2, Conflict},
			{confl(b2, a2), confl(b2, a2), Unchanged}, {confl(b2, a2), b2, Unchanged},
			{b2, confl(b2, a2), Conflict}, {confl(b2, a2, c2), confl(b2, c2), Unchanged},
		} {
			_, oc := merged(t, c.local, c.inc)
			check(t, c.want.String(), oc.String())
		}
		check(t, "Outcome(?)", Outcome(9).String())
	})
	t.Run("[FS-MERGE-10] without a local item the incoming item is normalized", func(t *testing.T) {
		got, oc := merged(t, nil, a2)
		check(t, "A2 u2 [a:2@10:05 a:1@10:00]", got)
		check(t, "Added", oc.String())
		// A loser as the item, unsorted and duplicate conflicts: the form a merge makes.
		got, _ = merged(t, nil, confl(a2, c2, b2, c2.Clone()))
		check(t, "B2 u2 [b:2@10:07 a:1@10:00] {A2 u2 [a:2@10:05 a:1@10:00] | C2 u2 [c:2@10:06 a:1@10:00]}", got)
	})
}

func TestAlgoResolve(t *testing.T) {
	a2 := ver("A2", 2, h(2, "10:05", "a"), h(1, "10:00", "a"))
	b2 := ver("B2", 2, h(2, "10:07", "b"), h(1, "10:00", "a"))
	c2 := ver("C2", 2, h(2, "10:06", "c"), h(1, "10:00", "a"))
	item := confl(b2, a2, c2)
	t.Run("[FS-RESOLVE-1] update first; without content the winner's content and state stay", func(t *testing.T) {
		// Regression: folding first and updating afterwards put folded entries below the old topmost.
		r := must(ep("z", "10:10").Resolve(item, nil, UpdateOptions{}))
		check(t, "B2 u3 [z:3@10:10 c:2@10:06 a:2@10:05 b:2@10:07 a:1@10:00]", sum(r))
		r = must(ep("z", "10:10").Resolve(item, content("new"), UpdateOptions{}))
		check(t, "new u3 [z:3@10:10 c:2@10:06 a:2@10:05 b:2@10:07 a:1@10:00]", sum(r))
		tomb := setSyncAttr(item, "deleted", "true")
		check(t, "B2 u3 [z:3@10:10 c:2@10:06 a:2@10:05 b:2@10:07 a:1@10:00] deleted=true", sum(must(ep("z", "10:10").Resolve(tomb, nil, UpdateOptions{}))))
		check(t, "new u3 [z:3@10:10 c:2@10:06 a:2@10:05 b:2@10:07 a:1@10:00]", sum(must(ep("z", "10:10").Resolve(tomb, content("new"), UpdateOptions{}))))
	})
	t.Run("[FS-RESOLVE-2] every history examined, inserted below the topmost (reverse relative order)", func(t *testing.T) {
		// Regression: stopping at the first subsumed history would lose d:1.
		x := ver("X", 3, h(3, "10:03", "c"), h(1, "10:00", "a"), h(1, "10:01", "d"))
		r := must(ep("z", "10:10").Resolve(confl(b2, x), nil, UpdateOptions{}))
		check(t, "B2 u3 [z:3@10:10 d:1@10:01 c:3@10:03 b:2@10:07 a:1@10:00]", sum(r))
		// A history folded from an earlier conflict subsumes one of a later conflict.
		y := ver("Y", 2, h(2, "10:02", "c"), h(1, "10:00", "a"))
		r = must(ep("z", "10:10").Resolve(confl(b2, x, y), nil, UpdateOptions{}))
		check(t, "B2 u3 [z:3@10:10 d:1@10:01 c:3@10:03 b:2@10:07 a:1@10:00]", sum(r))
		// The resolving endpoint's own conflicts add nothing: its new history subsumes them.
		r = must(ep("a", "10:10").Resolve(confl(b2, a2), nil, UpdateOptions{}))
		check(t, "B2 u3 [a:3@10:10 b:2@10:07 a:1@10:00]", sum(r))
	})
	t.Run("[FS-RESOLVE-3] folded histories do not count as updates; sx:conflicts goes", func(t *testing.T) {
		r := must(ep("z", "10:10").Resolve(item, nil, UpdateOptions{}))
		if u, _ := r.Sync.Updates(); u != 3 || r.Sync.Conflicts != nil {
			t.Errorf("updates %d, conflicts %v", u, r.Sync.Conflicts)
		}
		// The resolution supersedes every version on every replica.
		for _, l := range []*Item{a2, b2, c2, item} {
			got, _ := merged(t, l, r)
			check(t, sum(r), got)
		}
	})
	t.Run("[FS-RESOLVE-4] without conflicts, resolve is an update", func(t *testing.T) {
		r := must(ep("z", "10:10").Resolve(b2, nil, UpdateOptions{}))
		u := must(ep("z", "10:10").Update(b2, nil, UpdateOptions{}))
		check(t, string(u.Canonical()), string(r.Canonical()))
	})
	t.Run("[FS-RESOLVE-5] resolving the same item the same way gives the same bytes", func(t *testing.T) {
		r1 := must(ep("z", "10:10").Resolve(item, content("n"), UpdateOptions{}))
		r2 := must(ep("z", "10:10").Resolve(item.Clone(), content("n"), UpdateOptions{}))
		check(t, string(r1.Canonical()), string(r2.Canonical()))
	})
}

// feedOf returns a valid Atom feed holding the items.
func feedWith(items ...*Item) *Feed {
	return &Feed{Format: Atom, Root: exAtom("feed", exAtom("id", Text("urn:example:feed")), exAtom("title", Text("Tasks")),
		exAtom("updated", Text("2008-04-23T10:10:00Z"))), Items: items}
}

func setID(it *Item, id string) *Item { return setSyncAttr(it, "id", id) }

func TestAlgoFeed(t *testing.T) {
	a1 := ver("A1", 1, h(1, "10:00", "a"))
	a2 := ver("A2", 2, h(2, "10:05", "a"), h(1, "10:00", "a"))
	b2 := ver("B2", 2, h(2, "10:07", "b"), h(1, "10:00", "a"))
	plain := &Item{Element: content("plain")}
	t.Run("[FS-FEED-1] both feeds valid and of the same format", func(t *testing.T) {
		bad := feedWith(setID(a1, "x"), setID(a2, "x"))
		check(t, "FS-SYNC-4", reqOf(t, third(MergeFeed(feedWith(a1), bad))))
		check(t, "FS-SYNC-4", reqOf(t, third(MergeFeed(bad, feedWith(a1)))))
		rss := &Feed{Format: RSS, Root: &Element{Name: xml.Name{Local: "rss"}, Children: []Node{&Element{Name: xml.Name{Local: "channel"}, Children: []Node{
			&Element{Name: xml.Name{Local: "title"}, Children: []Node{Text("t")}}, &Element{Name: xml.Name{Local: "link"}, Children: []Node{Text("http://x/")}},
			&Element{Name: xml.Name{Local: "description"}, Children: []Node{Text("d")}}}}}}}
		check(t, "FS-FEED-1", reqOf(t, third(MergeFeed(feedWith(a1), rss))))
		check(t, "FS-FEED-1", reqOf(t, third(MergeFeed(nil, rss))))
		check(t, "FS-HOST-1", reqOf(t, third(MergeFeed(feedWith(a1), &Feed{Format: Atom, Root: exAtom("feed")}))))
	})
	t.Run("[FS-FEED-2] the local feed-level content and sx:sharing are kept", func(t *testing.T) {
		local := feedWith(a1)
		local.Sharing = &Sharing{Attrs: []Attr{{Name: xml.Name{Local: "since"}, Value: "1"}, {Name: xml.Name{Local: "until"}, Value: "2"}}}
		inc := feedWith(a2)
		inc.Root.Children[1] = exAtom("title", Text("Publisher's"))
		inc.Sharing = &Sharing{Attrs: []Attr{{Name: xml.Name{Local: "since"}, Value: "5"}, {Name: xml.Name{Local: "until"}, Value: "9"}}}
		out := must(second3(MergeFeed(local, inc)))
		if !identicalElement(out.Root, local.Root) || out.Root == local.Root {
			t.Error("root not kept as a copy")
		}
		if v, _ := out.Sharing.Until(); v != "2" || out.Sharing == local.Sharing {
			t.Error("sharing not the local one, copied")
		}
		out = must(second3(MergeFeed(feedWith(a1), inc)))
		if out.Sharing != nil {
			t.Error("the incoming sx:sharing was taken over")
		}
	})
	t.Run("[FS-FEED-3] [FS-FEED-4] [FS-FEED-5] local order, merged; new items appended; no items without sx:sync", func(t *testing.T) {
		local := feedWith(setID(a1, "t1"), plain, setID(b2, "t2"), setID(a2, "t3"))
		inc := feedWith(setID(b2, "t4"), setID(a2, "t3"), &Item{Element: content("foreign plain")}, setID(a2, "t1"), confl(setID(a2, "t5"), setID(b2, "t5")))
		out, ocs, err := MergeFeed(local, inc)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range out.Items {
			id := ""
			if it.Sync != nil {
				id, _ = it.Sync.Attr("id")
			}
			got = append(got, id+" "+sum(it))
		}
		check(t, strings.Join([]string{
			"t1 A2 u2 [a:2@10:05 a:1@10:00]",
			" plain (no sync)",
			"t2 B2 u2 [b:2@10:07 a:1@10:00]",
			"t3 A2 u2 [a:2@10:05 a:1@10:00]",
			"t4 B2 u2 [b:2@10:07 a:1@10:00]",
			"t5 B2 u2 [b:2@10:07 a:1@10:00] {A2 u2 [a:2@10:05 a:1@10:00]}",
		}, "\n"), strings.Join(got, "\n"))
		if d := cmp.Diff([]ItemOutcome{{"t4", Added}, {"t3", Unchanged}, {"t1", Updated}, {"t5", Added}}, ocs); d != "" {
			t.Errorf("outcomes (-want +got):\n%s", d)
		}
		if out.Items[1] != plain || out.Items[2] != local.Items[2] {
			t.Error("local items without counterpart are not kept as they are")
		}
		if vs := Validate(out); len(vs) > 0 {
			t.Errorf("merged feed invalid: %v", vs)
		}
	})
}

func second3[T, U any](v T, _ U, err error) (T, error) { return v, err }

func TestAlgoWindow(t *testing.T) {
	sharing := func(since, until string, rel ...*Related) *Sharing {
		s := &Sharing{Related: rel}
		if since != "" {
			s.Attrs = append(s.Attrs, Attr{Name: xml.Name{Local: "since"}, Value: since}, Attr{Name: xml.Name{Local: "until"}, Value: until})
		}
		return s
	}
	related := func(link, typ string) *Related {
		return &Related{Attrs: []Attr{{Name: xml.Name{Local: "link"}, Value: link}, {Name: xml.Name{Local: "type"}, Value: typ}}}
	}
	t.Run("[FS-WINDOW-1] the complete feed of a partial feed", func(t *testing.T) {
		f := feedWith()
		if _, ok := CompleteFeed(f); ok {
			t.Error("a feed without sx:sharing has a complete feed")
		}
		f.Sharing = sharing("", "", related("https://x/agg", "aggregated"), related("https://x/all", "complete"), related("https://x/all2", "complete"))
		l, ok := CompleteFeed(f)
		check(t, "https://x/all true", l+" "+strconv.FormatBool(ok))
		f.Sharing = sharing("", "", related("all.xml", "complete"))
		if _, ok := CompleteFeed(f); ok {
			t.Error("a relative link taken")
		}
	})
	t.Run("[FS-WINDOW-2] [FS-WINDOW-3] falling out of the window: since > cached until, as strings", func(t *testing.T) {
		f := feedWith()
		f.Sharing = sharing("2008-04-23T10:00:00Z", "2008-04-23T12:00:00Z")
		s, u, ok := Window(f)
		check(t, "2008-04-23T10:00:00Z 2008-04-23T12:00:00Z true", s+" "+u+" "+strconv.FormatBool(ok))
		for _, c := range []struct {
			cached string
			want   bool
		}{{"2008-04-23T09:59:59Z", true}, {"2008-04-23T10:00:00Z", false}, {"2008-04-23T11:00:00Z", false}, {"", false}, {"2008-04-23T10", true}} {
			check(t, strconv.FormatBool(c.want), strconv.FormatBool(OutOfWindow(c.cached, f)))
		}
		if OutOfWindow("0", feedWith()) {
			t.Error("a feed without a window")
		}
		f.Sharing = sharing("b", "c")
		if !OutOfWindow("a", f) || OutOfWindow("b", f) {
			t.Error("opaque strings compared wrongly")
		}
	})
	t.Run("[FS-WINDOW-4] keep the items this endpoint created or last updated", func(t *testing.T) {
		created := setID(ver("C", 2, h(2, "10:02", "x"), h(1, "10:00", "me")), "c")
		last := setID(ver("L", 2, h(2, "10:02", "me"), h(1, "10:00", "x")), "l")
		between := setID(ver("B", 3, h(3, "10:03", "x"), h(2, "10:02", "me"), h(1, "10:00", "x")), "b")
		others := setID(ver("O", 1, h(1, "10:00", "x")), "o")
		plain := &Item{Element: content("plain")}
		local := feedWith(created, last, between, others, plain)
		out := KeepOwnItems(local, "me")
		var got []string
		for _, it := range out.Items {
			got = append(got, sum(it))
		}
		check(t, "C u2 [x:2@10:02 me:1@10:00]\nL u2 [me:2@10:02 x:1@10:00]\nplain (no sync)", strings.Join(got, "\n"))
		if len(local.Items) != 5 {
			t.Error("the local feed changed")
		}
		check(t, 1, len(KeepOwnItems(local, "").Items))
	})
}
