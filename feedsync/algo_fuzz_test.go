package feedsync

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzMergeFeeds: two documents, decoded, merged. MergeFeed never panics; it either refuses
// with an *AlgorithmError matching ErrInvalidInput (and then one of the feeds is invalid or the
// formats differ, [FS-FEED-1]) or accepts (and then both feeds were valid) and returns a feed
// that validates, whose encoding decodes again to the same items, which merging the incoming
// feed once more leaves unchanged, and it never modifies its inputs.
func FuzzMergeFeeds(f *testing.F) {
	for _, s := range fuzzMergeSeeds() {
		f.Add([]byte(s[0]), []byte(s[1]))
	}
	for _, name := range []string{"testdata/atom.xml", "testdata/rss.xml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, b)
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		opts := DecodeOptions{MaxBytes: 1 << 16}
		local, err := opts.Decode(bytes.NewReader(a))
		if err != nil {
			return
		}
		incoming, err := opts.Decode(bytes.NewReader(b))
		if err != nil {
			return
		}
		checkMergeFeeds(t, local, incoming)
	})
}

// checkMergeFeeds is the body of FuzzMergeFeeds on decoded feeds.
func checkMergeFeeds(t *testing.T, local, incoming *Feed) {
	t.Helper()
	lc, ic := propCloneFeed(local), propCloneFeed(incoming)
	valid := len(Validate(local)) == 0 && len(Validate(incoming)) == 0 && local.Format == incoming.Format
	out, outcomes, err := MergeFeed(local, incoming)
	if d := cmp.Diff(lc, local); d != "" {
		t.Fatalf("[FS-ALG-1] MergeFeed modified the local feed:\n%s", d)
	}
	if d := cmp.Diff(ic, incoming); d != "" {
		t.Fatalf("[FS-ALG-1] MergeFeed modified the incoming feed:\n%s", d)
	}
	if err != nil {
		var ae *AlgorithmError
		if !errors.As(err, &ae) || !errors.Is(err, ErrInvalidInput) {
			t.Fatalf("MergeFeed error %T does not match ErrInvalidInput: %v", err, err)
		}
		if ae.Req == "" || ae.Op == "" {
			t.Fatalf("AlgorithmError without Op or Req: %#v", ae)
		}
		if valid {
			t.Fatalf("[FS-FEED-1] MergeFeed refuses two valid feeds of one format: %v", err)
		}
		return
	}
	if !valid {
		t.Fatalf("[FS-FEED-1] MergeFeed accepts invalid input (local %v, incoming %v, formats %s and %s)",
			Validate(local), Validate(incoming), local.Format, incoming.Format)
	}
	if vs := Validate(out); len(vs) > 0 {
		t.Fatalf("the merged feed is invalid: %v", vs)
	}
	if out.Format != local.Format {
		t.Fatalf("merged feed format %s, local %s", out.Format, local.Format)
	}
	var enc bytes.Buffer
	if err := Encode(&enc, out); err != nil {
		t.Fatalf("Encode of the merged feed: %v", err)
	}
	back, err := Decode(bytes.NewReader(enc.Bytes()))
	if err != nil {
		t.Fatalf("Decode(Encode(merged)): %v\n%s", err, enc.Bytes())
	}
	propSameItems(t, "Decode(Encode(merged)) vs merged", out, back)
	n := 0
	for _, it := range incoming.Items {
		if it.Sync != nil {
			n++
		}
	}
	if len(outcomes) != n {
		t.Fatalf("%d outcomes for %d incoming items in synchronization", len(outcomes), n)
	}
	again, outcomes2, err := MergeFeed(out, incoming)
	if err != nil {
		t.Fatalf("merging the incoming feed into the merged feed: %v", err)
	}
	propSameItems(t, "MergeFeed(MergeFeed(L, I), I) vs MergeFeed(L, I)", out, again)
	for _, o := range outcomes2 {
		if o.Outcome != Unchanged {
			t.Fatalf("merging the incoming feed again: %s is %v", o.ID, o.Outcome)
		}
	}
}

// The seeds: valid feeds with conflicts, tombstones, by-less histories and noconflicts in both
// formats, and invalid pairs (an invalid item, formats that differ, duplicate ids).

const fuzzDev = "A3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ"

func fuzzAtom(entries ...string) string {
	return `<?xml version="1.0" encoding="utf-8"?>` + "\n" +
		`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync">` +
		`<id>urn:uuid:feed</id><title>Tasks</title><updated>2008-04-23T10:00:00Z</updated>` +
		strings.Join(entries, "") + `</feed>`
}

func fuzzRSS(items ...string) string {
	return `<rss version="2.0" xmlns:sx="http://feedsync.org/2007/feedsync"><channel><title>Tasks</title>` +
		`<link>https://mesh.example/tasks</link><description>Shared tasks</description>` +
		strings.Join(items, "") + `</channel></rss>`
}

// fuzzHist is a history: "seq by when" with "-" for an absent by or when (when as hh:mm:ss on
// 2008-04-23).
func fuzzHist(spec string) string {
	var seq, by, when string
	fmt.Sscan(spec, &seq, &by, &when)
	s := `<sx:history sequence="` + seq + `"`
	if when != "-" {
		s += ` when="2008-04-23T` + when + `Z"`
	}
	if by != "-" {
		s += ` by="` + by + `"`
	}
	return s + `/>`
}

// fuzzSync is an sx:sync with attributes and histories (and conflict items).
func fuzzSync(attrs string, hists []string, conflicts ...string) string {
	s := `<sx:sync ` + attrs + `>`
	for _, h := range hists {
		s += fuzzHist(h)
	}
	if len(conflicts) > 0 {
		s += `<sx:conflicts>` + strings.Join(conflicts, "") + `</sx:conflicts>`
	}
	return s + `</sx:sync>`
}

func fuzzEntry(title, sync string) string {
	return `<entry><id>urn:uuid:e</id><title>` + title + `</title><updated>2008-04-23T10:00:00Z</updated>` + sync + `</entry>`
}

func fuzzItem(title, sync string) string {
	return `<item><title>` + title + `</title>` + sync + `</item>`
}

func fuzzMergeSeeds() [][2]string {
	h := func(s ...string) []string { return s }
	create := fuzzEntry("Buy milk", fuzzSync(`id="task-1" updates="1"`, h("1 laptop.ana 10:00:00")))
	laptop := fuzzEntry("Buy 2 milk", fuzzSync(`id="task-1" updates="2"`, h("2 laptop.ana 10:05:00", "1 laptop.ana 10:00:00")))
	device := fuzzEntry("Buy oat milk", fuzzSync(`id="task-1" updates="2"`, h("2 "+fuzzDev+" 10:05:00", "1 laptop.ana 10:00:00")))
	merged := fuzzEntry("Buy 2 milk", fuzzSync(`id="task-1" updates="2"`, h("2 laptop.ana 10:05:00", "1 laptop.ana 10:00:00"), device))
	resolved := fuzzEntry("Buy oat milk", fuzzSync(`id="task-1" updates="3"`,
		h("3 laptop.ana 10:10:00", "2 "+fuzzDev+" 10:05:00", "2 laptop.ana 10:05:00", "1 laptop.ana 10:00:00")))
	tomb := fuzzEntry("Buy milk", fuzzSync(`id="task-1" updates="2" deleted="true"`, h("2 "+fuzzDev+" 10:07:00", "1 laptop.ana 10:00:00")))
	bylessA := fuzzEntry("A", fuzzSync(`id="task-2" updates="2"`, h("2 - 10:00:00", "1 - 09:00:00")))
	bylessB := fuzzEntry("B", fuzzSync(`id="task-2" updates="2"`, h("2 - 10:00:00", "1 - 09:00:00")))
	ncA := fuzzEntry("A", fuzzSync(`id="nc" updates="2" noconflicts="true"`, h("2 a 10:00:00", "1 a 09:00:00")))
	ncB := fuzzEntry("B", fuzzSync(`id="nc" updates="2" noconflicts="true"`, h("2 b 10:00:00", "1 a 09:00:00")))
	other := fuzzEntry("Other", fuzzSync(`id="task-3" updates="1"`, h("1 b -")))
	plain := `<entry><id>urn:uuid:p</id><title>Not synchronized</title><updated>2008-04-23T10:00:00Z</updated></entry>`

	rLaptop := fuzzItem("Buy 2 milk", fuzzSync(`id="task-1" updates="2"`, h("2 laptop.ana 10:05:00", "1 laptop.ana 10:00:00")))
	rDevice := fuzzItem("Buy oat milk", fuzzSync(`id="task-1" updates="2"`, h("2 "+fuzzDev+" 10:05:00", "1 laptop.ana 10:00:00")))
	rTomb := fuzzItem("Buy milk", fuzzSync(`id="task-1" updates="3" deleted="true"`, h("3 - 10:09:00", "2 laptop.ana 10:05:00", "1 laptop.ana 10:00:00"), rDevice))
	rBylessA := fuzzItem("A", fuzzSync(`id="t" updates="1"`, h("1 - 10:00:00")))
	rBylessB := fuzzItem("B", fuzzSync(`id="t" updates="1"`, h("1 - 10:00:00")))

	return [][2]string{
		{fuzzAtom(create), fuzzAtom(laptop)},
		{fuzzAtom(laptop), fuzzAtom(device)},
		{fuzzAtom(device, other), fuzzAtom(merged)},
		{fuzzAtom(merged, plain), fuzzAtom(resolved)},
		{fuzzAtom(laptop), fuzzAtom(tomb, other)},
		{fuzzAtom(bylessA), fuzzAtom(bylessB)},
		{fuzzAtom(ncA), fuzzAtom(ncB)},
		{fuzzAtom(), fuzzAtom(merged, bylessA, ncA, other)},
		{fuzzRSS(rLaptop), fuzzRSS(rDevice)},
		{fuzzRSS(rLaptop, rBylessA), fuzzRSS(rTomb, rBylessB)},
		// Invalid: no history; updates 0; duplicate ids; a conflict item with another id;
		// formats that differ.
		{fuzzAtom(laptop), fuzzAtom(fuzzEntry("x", `<sx:sync id="task-1" updates="2"/>`))},
		{fuzzAtom(fuzzEntry("x", fuzzSync(`id="task-1" updates="0"`, h("1 a -")))), fuzzAtom(laptop)},
		{fuzzAtom(laptop, laptop), fuzzAtom(device)},
		{fuzzAtom(laptop), fuzzAtom(fuzzEntry("x", fuzzSync(`id="task-1" updates="2"`, h("2 b -"), other)))},
		{fuzzAtom(laptop), fuzzRSS(rDevice)},
	}
}

// TestMergeFeedsSeeds runs the fuzz body on every seed and checks the seeds reach both
// branches: accepted merges (with conflicts) and refusals.
func TestMergeFeedsSeeds(t *testing.T) {
	accepted, refused, conflicts := 0, 0, 0
	for i, s := range fuzzMergeSeeds() {
		local, err1 := Decode(strings.NewReader(s[0]))
		incoming, err2 := Decode(strings.NewReader(s[1]))
		if err1 != nil || err2 != nil {
			t.Fatalf("seed %d does not decode: %v %v", i, err1, err2)
		}
		t.Run(fmt.Sprint(i), func(t *testing.T) { checkMergeFeeds(t, local, incoming) })
		out, outcomes, err := MergeFeed(local, incoming)
		if err != nil {
			refused++
			continue
		}
		accepted++
		_ = out
		for _, o := range outcomes {
			if o.Outcome == Conflict {
				conflicts++
			}
		}
	}
	if accepted < 8 || refused < 5 || conflicts < 3 {
		t.Errorf("seeds: %d accepted (%d conflicts), %d refused", accepted, conflicts, refused)
	}
}
