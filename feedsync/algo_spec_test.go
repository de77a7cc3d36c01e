package feedsync

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

// The worked examples of spec/feedsync.md §13, checked byte for byte: each step is computed
// with the algorithms from contents built here, and its item, encoded in an Atom feed (§6.2)
// and cut out of it, must be the text of the spec's block.

const (
	exLaptop = "laptop.ana"
	exDevice = "A3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ"
)

func exAtom(local string, kids ...Node) *Element {
	return &Element{Name: xml.Name{Space: AtomNamespace, Local: local}, Children: kids}
}

// exEntry is the content of an example version: an atom:entry without sx:sync.
func exEntry(title, updated, summary string) *Element {
	e := exAtom("entry",
		exAtom("id", Text("urn:uuid:1c3f4e2a-7d15-4b8e-9a0e-5f4c2d1b3a01")),
		exAtom("title", Text(title)),
		exAtom("updated", Text(updated)))
	if summary != "" {
		e.Children = append(e.Children, exAtom("summary", Text(summary)))
	}
	return e
}

func clockAt(s string) func() time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return func() time.Time { return t }
}

// entryText returns the item as it appears in an encoded Atom feed, without the feed around
// it: the lines of the entry, de-indented by one level.
func entryText(t *testing.T, it *Item) string {
	t.Helper()
	f := &Feed{Format: Atom, Root: exAtom("feed", exAtom("id", Text("urn:example:feed")), exAtom("title", Text("Tasks")),
		exAtom("updated", Text("2008-04-23T10:10:00Z"))), Items: []*Item{it}}
	var b bytes.Buffer
	if err := Encode(&b, f); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	var out []string
	in := false
	for _, l := range lines {
		if l == "  <entry>" {
			in = true
		}
		if in {
			out = append(out, strings.TrimPrefix(l, "  "))
		}
		if l == "  </entry>" {
			break
		}
	}
	return strings.Join(out, "\n")
}

// specAlgoExamples computes the items of the worked examples.
func specAlgoExamples(t *testing.T) map[string]*Item {
	t.Helper()
	laptop := Endpoint{By: exLaptop, Clock: clockAt("2008-04-23T10:00:00Z")}
	device := Endpoint{By: exDevice, Clock: clockAt("2008-04-23T10:05:00Z")}
	must := func(it *Item, err error) *Item {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return it
	}
	merge := func(l, in *Item, want Outcome) *Item {
		t.Helper()
		out, oc, err := MergeItem(l, in)
		if err != nil {
			t.Fatal(err)
		}
		if oc != want {
			t.Errorf("merge outcome %v, want %v", oc, want)
		}
		return out
	}
	ex := map[string]*Item{}
	summary := "Semi-skimmed, from the corner shop"
	ex["alg-create"] = must(laptop.Create(exEntry("Buy milk", "2008-04-23T10:00:00Z", summary), "task-1", false))
	laptop.Clock = clockAt("2008-04-23T10:05:00Z")
	ex["alg-edit-laptop"] = must(laptop.Update(ex["alg-create"], exEntry("Buy 2 milk", "2008-04-23T10:05:00Z", summary), UpdateOptions{}))
	ex["alg-edit-device"] = must(device.Update(ex["alg-create"], exEntry("Buy oat milk", "2008-04-23T10:05:00Z", summary), UpdateOptions{}))
	ex["alg-merge"] = merge(ex["alg-edit-laptop"], ex["alg-edit-device"], Conflict)
	atDevice := merge(ex["alg-edit-device"], ex["alg-merge"], Conflict)
	if !bytes.Equal(atDevice.Canonical(), ex["alg-merge"].Canonical()) {
		t.Errorf("the device's merge differs from the laptop's:\n%s\n%s", atDevice.Canonical(), ex["alg-merge"].Canonical())
	}
	laptop.Clock = clockAt("2008-04-23T10:10:00Z")
	ex["alg-resolve"] = must(laptop.Resolve(ex["alg-merge"], exEntry("Buy oat milk", "2008-04-23T10:10:00Z", summary), UpdateOptions{}))
	for _, l := range []*Item{ex["alg-edit-device"], atDevice} {
		if got := merge(l, ex["alg-resolve"], Updated); !bytes.Equal(got.Canonical(), ex["alg-resolve"].Canonical()) {
			t.Errorf("the device's merge of the resolution differs from it:\n%s", got.Canonical())
		}
	}
	device.Clock = clockAt("2008-04-23T10:07:00Z")
	ex["alg-delete"] = must(device.Delete(ex["alg-create"], UpdateOptions{StripTombstone: true}))
	ex["alg-merge-delete"] = merge(ex["alg-edit-laptop"], ex["alg-delete"], Conflict)
	return ex
}

func TestSpecAlgoExamples(t *testing.T) {
	ex := specAlgoExamples(t)
	names := []struct{ block, req string }{
		{"alg-create", "[FS-CREATE-1]"},
		{"alg-edit-laptop", "[FS-UPDATE-2]"},
		{"alg-edit-device", "[FS-UPDATE-1]"},
		{"alg-merge", "[FS-MERGE-7] [FS-WIN-1]"},
		{"alg-resolve", "[FS-RESOLVE-2] [FS-RESOLVE-3]"},
		{"alg-delete", "[FS-DELETE-1] [FS-DELETE-3]"},
		{"alg-merge-delete", "[FS-DELETE-2]"},
	}
	for _, n := range names {
		t.Run(n.req+" spec §13 example "+n.block, func(t *testing.T) {
			got := entryText(t, ex[n.block])
			if want := specBlock(t, n.block); got != want {
				t.Errorf("example %s\n got:\n%s\nwant:\n%s", n.block, got, want)
			}
		})
	}
}
