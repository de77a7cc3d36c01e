package main

import (
	"strings"

	"github.com/livemesh-spec/livemesh/feedsync"
)

// The cases of feedsync/merge.json. Summaries (the intents) are written as fsmSummary prints
// them: "[outcome: ]id uN [deleted=…] [noconflicts=…] "title" [seq:by@hh:mm:ss …]", then
// " | " and each conflict item the same way without its id. dev is the device ID fsDeviceA.

// fsmB builds the XML text of one format's items.
type fsmB struct{ format string }

var (
	fsmA = fsmB{"atom"}
	fsmR = fsmB{"rss"}
)

// h is a history from "seq by when": by "-" for none and "dev" for fsDeviceA, when "-" for
// none or hh:mm:ss on 2008-04-23.
func fsmHist(spec string) string {
	f := strings.Fields(spec)
	s := `<sx:history sequence="` + f[0] + `"`
	if f[2] != "-" {
		s += ` when="2008-04-23T` + f[2] + `Z"`
	}
	if by := f[1]; by != "-" {
		if by == "dev" {
			by = fsDeviceA
		}
		s += ` by="` + by + `"`
	}
	return s + `/>`
}

// sync is an sx:sync with the given attributes, histories and conflict items.
func fsmSync(attrs string, hists []string, conflicts ...string) string {
	s := `<sx:sync ` + attrs + `>`
	for _, h := range hists {
		s += fsmHist(h)
	}
	if len(conflicts) > 0 {
		s += `<sx:conflicts>` + strings.Join(conflicts, "") + `</sx:conflicts>`
	}
	return s + `</sx:sync>`
}

func hs(specs ...string) []string { return specs }

// el is an item element with a title and the given further children (sx:sync included).
func (b fsmB) el(title, more string) string {
	if b.format == "atom" {
		return `<entry><id>urn:uuid:3f2504e0-4f89-11d3-9a0c-0305e82c0001</id><title>` + title +
			`</title><updated>2008-04-23T09:00:00Z</updated>` + more + `</entry>`
	}
	return `<item><title>` + title + `</title><guid isPermaLink="false">urn:uuid:3f2504e0-4f89-11d3-9a0c-0305e82c0001</guid>` + more + `</item>`
}

// v is a version (for sx:conflicts and feeds): title, sx:sync attributes, histories.
func (b fsmB) v(title, attrs string, hists []string, conflicts ...string) string {
	return b.el(title, fsmSync(attrs, hists, conflicts...))
}

// std makes an element standalone: its root declares the namespaces it uses.
func (b fsmB) std(s string) *string {
	if b.format == "atom" {
		s = `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync"` + strings.TrimPrefix(s, "<entry")
	} else {
		s = `<item xmlns:sx="http://feedsync.org/2007/feedsync"` + strings.TrimPrefix(s, "<item")
	}
	return &s
}

// item is a standalone item; content a standalone item element without sx:sync.
func (b fsmB) item(title, attrs string, hists []string, conflicts ...string) *string {
	return b.std(b.v(title, attrs, hists, conflicts...))
}
func (b fsmB) content(title string) *string { return b.std(b.el(title, "")) }

// feed is a feed document holding the given items.
func (b fsmB) feed(items ...string) *string {
	var body strings.Builder
	for _, it := range items {
		if b.format == "atom" {
			body.WriteString("  " + it + "\n")
		} else {
			body.WriteString("    " + it + "\n")
		}
	}
	var s string
	if b.format == "atom" {
		s = fsAtom(body.String())
	} else {
		s = fsRSS(body.String())
	}
	return &s
}

func sp(s string) *string { return &s }

// The worked example of spec/feedsync.md §13.
const fsmExID = "urn:uuid:1c3f4e2a-7d15-4b8e-9a0e-5f4c2d1b3a01"

// fsmExEl is an entry of the worked example: with the summary unless stripped.
func fsmExEl(title, updated, more string) string {
	s := `<entry><id>` + fsmExID + `</id><title>` + title + `</title><updated>2008-04-23T` + updated + `Z</updated>`
	if !strings.HasPrefix(more, "-") {
		s += `<summary>Semi-skimmed, from the corner shop</summary>`
	}
	return s + strings.TrimPrefix(more, "-") + `</entry>`
}

const fsmNS = `xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync"`

func fsmCases() []fsmCase {
	var cs []fsmCase
	add := func(c ...fsmCase) { cs = append(cs, c...) }
	A, R := fsmA, fsmR
	laptop, dev := sp("laptop.ana"), sp(fsDeviceA)
	at := func(hms string) *string { return sp("2008-04-23T" + hms + "Z") }

	// ----- The worked example of spec/feedsync.md §13.
	exCreated := fsmSync(`id="task-1" updates="1"`, hs("1 laptop.ana 10:00:00"))
	exLaptopSync := fsmSync(`id="task-1" updates="2"`, hs("2 laptop.ana 10:05:00", "1 laptop.ana 10:00:00"))
	exDevSync := fsmSync(`id="task-1" updates="2"`, hs("2 dev 10:05:00", "1 laptop.ana 10:00:00"))
	exLaptop := fsmExEl("Buy 2 milk", "10:05:00", exLaptopSync)
	exDev := fsmExEl("Buy oat milk", "10:05:00", exDevSync)
	exMerged := fsmExEl("Buy 2 milk", "10:05:00", fsmSync(`id="task-1" updates="2"`, hs("2 laptop.ana 10:05:00", "1 laptop.ana 10:00:00"), exDev))
	exResolved := fsmExEl("Buy oat milk", "10:10:00", fsmSync(`id="task-1" updates="3"`,
		hs("3 laptop.ana 10:10:00", "2 dev 10:05:00", "2 laptop.ana 10:05:00", "1 laptop.ana 10:00:00")))
	exTomb := fsmExEl("Buy milk", "10:00:00", "-"+fsmSync(`id="task-1" updates="2" deleted="true"`, hs("2 dev 10:07:00", "1 laptop.ana 10:00:00")))
	const (
		sLaptop = `"Buy 2 milk" [2:laptop.ana@10:05:00 1:laptop.ana@10:00:00]`
		sDev    = `"Buy oat milk" [2:dev@10:05:00 1:laptop.ana@10:00:00]`
		sMerged = `task-1 u2 ` + sLaptop + ` | u2 ` + sDev
		sResolv = `task-1 u3 "Buy oat milk" [3:laptop.ana@10:10:00 2:dev@10:05:00 2:laptop.ana@10:05:00 1:laptop.ana@10:00:00]`
	)
	canonDev := `<entry><id>` + fsmExID + `</id><title>Buy oat milk</title><updated>2008-04-23T10:05:00Z</updated><summary>Semi-skimmed, from the corner shop</summary>` +
		`<sx:sync id="task-1" updates="2"><sx:history by="` + fsDeviceA + `" sequence="2" when="2008-04-23T10:05:00Z"/><sx:history by="laptop.ana" sequence="1" when="2008-04-23T10:00:00Z"/></sx:sync></entry>`
	canonMerged := `<entry ` + fsmNS + `><id>` + fsmExID + `</id><title>Buy 2 milk</title><updated>2008-04-23T10:05:00Z</updated><summary>Semi-skimmed, from the corner shop</summary>` +
		`<sx:sync id="task-1" updates="2"><sx:history by="laptop.ana" sequence="2" when="2008-04-23T10:05:00Z"/><sx:history by="laptop.ana" sequence="1" when="2008-04-23T10:00:00Z"/>` +
		`<sx:conflicts>` + canonDev + `</sx:conflicts></sx:sync></entry>`
	canonResolved := `<entry ` + fsmNS + `><id>` + fsmExID + `</id><title>Buy oat milk</title><updated>2008-04-23T10:10:00Z</updated><summary>Semi-skimmed, from the corner shop</summary>` +
		`<sx:sync id="task-1" updates="3"><sx:history by="laptop.ana" sequence="3" when="2008-04-23T10:10:00Z"/><sx:history by="` + fsDeviceA + `" sequence="2" when="2008-04-23T10:05:00Z"/>` +
		`<sx:history by="laptop.ana" sequence="2" when="2008-04-23T10:05:00Z"/><sx:history by="laptop.ana" sequence="1" when="2008-04-23T10:00:00Z"/></sx:sync></entry>`

	add(fsmCase{id: "create-worked-example", comment: "spec/feedsync.md §13: the laptop creates task-1 at 10:00:00",
		flags: fl("WorkedExample"), req: fl("FS-CREATE-1", "FS-CREATE-3"), op: "create", format: "atom",
		content: A.std(fsmExEl("Buy milk", "10:00:00", "")), syncID: "task-1", by: laptop, when: at("10:00:00"),
		want: []string{`task-1 u1 "Buy milk" [1:laptop.ana@10:00:00]`},
		canonical: map[int]string{0: `<entry ` + fsmNS + `><id>` + fsmExID + `</id><title>Buy milk</title><updated>2008-04-23T10:00:00Z</updated><summary>Semi-skimmed, from the corner shop</summary>` +
			`<sx:sync id="task-1" updates="1"><sx:history by="laptop.ana" sequence="1" when="2008-04-23T10:00:00Z"/></sx:sync></entry>`}})
	add(fsmCase{id: "update-worked-example-laptop", comment: "spec/feedsync.md §13: the laptop edits task-1 at 10:05:00",
		flags: fl("WorkedExample"), req: fl("FS-UPDATE-1", "FS-UPDATE-2", "FS-UPDATE-4"), op: "update", format: "atom",
		item: A.std(fsmExEl("Buy milk", "10:00:00", exCreated)), content: A.std(fsmExEl("Buy 2 milk", "10:05:00", "")), by: laptop, when: at("10:05:00"),
		want: []string{`task-1 u2 ` + sLaptop}})
	add(fsmCase{id: "update-worked-example-device", comment: "spec/feedsync.md §13: in the same second the device edits its copy",
		flags: fl("WorkedExample"), req: fl("FS-UPDATE-1", "FS-UPDATE-2", "FS-UPDATE-4"), op: "update", format: "atom",
		item: A.std(fsmExEl("Buy milk", "10:00:00", exCreated)), content: A.std(fsmExEl("Buy oat milk", "10:05:00", "")), by: dev, when: at("10:05:00"),
		want: []string{`task-1 u2 ` + sDev}})
	add(fsmCase{id: "merge-feed-worked-example-laptop", comment: "spec/feedsync.md §13: the laptop merges the device's feed; updates and when are equal, laptop.ana is greater than A3R73D6-… in octet order",
		flags: fl("WorkedExample", "WinnerRule", "ByLength"), req: fl("FS-WIN-1", "FS-MERGE-2", "FS-MERGE-3", "FS-MERGE-6", "FS-MERGE-7", "FS-MERGE-8", "FS-MERGE-9", "FS-FEED-3"),
		op: "merge-feed", format: "atom", local: A.feed(exLaptop), incoming: A.feed(exDev),
		want: []string{"conflict: " + sMerged}, canonical: map[int]string{0: canonMerged}})
	add(fsmCase{id: "merge-feed-worked-example-device", comment: "spec/feedsync.md §13: the device merges the laptop's merged item; its own version collapses with the identical conflict item and it holds the same bytes",
		flags: fl("WorkedExample", "MutuallySubsumed"), req: fl("FS-MERGE-1", "FS-MERGE-4", "FS-MERGE-7", "FS-WIN-3"),
		op: "merge-feed", format: "atom", local: A.feed(exDev), incoming: A.feed(exMerged),
		want: []string{"conflict: " + sMerged}, canonical: map[int]string{0: canonMerged}})
	add(fsmCase{id: "resolve-worked-example", comment: "spec/feedsync.md §13: the laptop resolves in favour of the device's text at 10:10:00; the device's history is folded under the new topmost, laptop.ana's sequence 1 is subsumed; updates is 3",
		flags: fl("WorkedExample", "Resolution"), req: fl("FS-RESOLVE-1", "FS-RESOLVE-2", "FS-RESOLVE-3"),
		op: "resolve", format: "atom", item: A.std(exMerged), content: A.std(fsmExEl("Buy oat milk", "10:10:00", "")), by: laptop, when: at("10:10:00"),
		want: []string{sResolv}, canonical: map[int]string{0: canonResolved}})
	add(fsmCase{id: "merge-item-worked-example-resolved", comment: "spec/feedsync.md §13: the device merges the resolved item; every version it holds is subsumed",
		flags: fl("WorkedExample", "Resolution"), req: fl("FS-SUB-1", "FS-SUB-2", "FS-MERGE-5", "FS-MERGE-9"),
		op: "merge-item", format: "atom", local: A.std(exMerged), incoming: A.std(exResolved),
		want: []string{"updated: " + sResolv}, canonical: map[int]string{0: canonResolved}})
	add(fsmCase{id: "delete-worked-example", comment: "spec/feedsync.md §13: the device deletes task-1 at 10:07:00 and strips the tombstone (the summary goes)",
		flags: fl("WorkedExample", "Tombstone"), req: fl("FS-DELETE-1", "FS-DELETE-3", "FS-UPDATE-2"),
		op: "delete", format: "atom", item: A.std(fsmExEl("Buy milk", "10:00:00", exCreated)), by: dev, when: at("10:07:00"),
		opt:  feedsync.UpdateOptions{StripTombstone: true},
		want: []string{`task-1 u2 deleted=true "Buy milk" [2:dev@10:07:00 1:laptop.ana@10:00:00]`},
		canonical: map[int]string{0: `<entry ` + fsmNS + `><id>` + fsmExID + `</id><title>Buy milk</title><updated>2008-04-23T10:00:00Z</updated>` +
			`<sx:sync deleted="true" id="task-1" updates="2"><sx:history by="` + fsDeviceA + `" sequence="2" when="2008-04-23T10:07:00Z"/><sx:history by="laptop.ana" sequence="1" when="2008-04-23T10:00:00Z"/></sx:sync></entry>`}})
	add(fsmCase{id: "merge-item-worked-example-tombstone", comment: "spec/feedsync.md §13: the tombstone wins over the laptop's edit by its later when; the edit is kept as a conflict",
		flags: fl("WorkedExample", "Tombstone", "WinnerRule"), req: fl("FS-DELETE-2", "FS-WIN-1", "FS-MERGE-7"),
		op: "merge-item", format: "atom", local: A.std(exLaptop), incoming: A.std(exTomb),
		want: []string{`conflict: task-1 u2 deleted=true "Buy milk" [2:dev@10:07:00 1:laptop.ana@10:00:00] | u2 ` + sLaptop}})

	// ----- The research notes' example: ep-b's later when decides.
	a2 := A.v("Buy 2 milk", `id="task-1" updates="2"`, hs("2 ep-a 10:05:00", "1 ep-a 10:00:00"))
	b2 := A.v("Buy oat milk", `id="task-1" updates="2"`, hs("2 ep-b 10:07:00", "1 ep-a 10:00:00"))
	const (
		sA2 = `u2 "Buy 2 milk" [2:ep-a@10:05:00 1:ep-a@10:00:00]`
		sB2 = `u2 "Buy oat milk" [2:ep-b@10:07:00 1:ep-a@10:00:00]`
	)
	bWithA := A.v("Buy oat milk", `id="task-1" updates="2"`, hs("2 ep-b 10:07:00", "1 ep-a 10:00:00"), a2)
	add(fsmCase{id: "merge-item-later-when-wins", comment: "equal updates: the version whose topmost when is later wins; the other is kept as a conflict",
		flags: fl("WinnerRule"), req: fl("FS-WIN-1", "FS-MERGE-6", "FS-MERGE-7", "FS-MERGE-9"), op: "merge-item", format: "atom",
		local: A.std(a2), incoming: A.std(b2), want: []string{"conflict: task-1 " + sB2 + " | " + sA2}})
	add(fsmCase{id: "merge-item-later-when-wins-local", comment: "the same merge with the sides swapped gives the same item",
		flags: fl("WinnerRule"), req: fl("FS-WIN-1", "FS-WIN-3", "FS-MERGE-9"), op: "merge-item", format: "atom",
		local: A.std(b2), incoming: A.std(a2), want: []string{"conflict: task-1 " + sB2 + " | " + sA2}})
	add(fsmCase{id: "resolve-keeps-winner-folds-conflict", comment: "ep-b resolves keeping its own text: the conflict's ep-a sequence 2 is folded, sequence 1 is subsumed",
		flags: fl("Resolution"), req: fl("FS-RESOLVE-1", "FS-RESOLVE-2", "FS-RESOLVE-3"), op: "resolve", format: "atom",
		item: A.std(bWithA), by: sp("ep-b"), when: at("10:10:00"),
		want: []string{`task-1 u3 "Buy oat milk" [3:ep-b@10:10:00 2:ep-a@10:05:00 2:ep-b@10:07:00 1:ep-a@10:00:00]`}})
	add(fsmCase{id: "resolve-own-conflict-subsumed", comment: "ep-a resolves instead, taking its own text: its new sequence 3 subsumes both histories of its conflicting version, so nothing is folded",
		flags: fl("Resolution"), req: fl("FS-RESOLVE-2", "FS-SUB-1"), op: "resolve", format: "atom",
		item: A.std(bWithA), content: A.content("Buy 2 milk"), by: sp("ep-a"), when: at("10:10:00"),
		want: []string{`task-1 u3 "Buy 2 milk" [3:ep-a@10:10:00 2:ep-b@10:07:00 1:ep-a@10:00:00]`}})

	// ----- Winner rule steps, on concurrent versions of a base created by a at 09:00:00.
	win := func(id, comment string, flags []string, req []string, x, y, want string) {
		add(fsmCase{id: id, comment: comment, flags: append(fl("WinnerRule"), flags...), req: append(fl("FS-WIN-1", "FS-MERGE-6"), req...),
			op: "merge-item", format: "atom", local: A.std(y), incoming: A.std(x), want: []string{want}})
	}
	win("winner-more-updates", "more updates wins although its topmost when is earlier", nil, nil,
		A.v("X", `id="t" updates="3"`, hs("3 b 09:30:00", "2 b 09:20:00", "1 a 09:00:00")),
		A.v("Y", `id="t" updates="2"`, hs("2 c 11:00:00", "1 a 09:00:00")),
		`conflict: t u3 "X" [3:b@09:30:00 2:b@09:20:00 1:a@09:00:00] | u2 "Y" [2:c@11:00:00 1:a@09:00:00]`)
	win("winner-when-over-none", "equal updates: a topmost history with when wins over one without, whatever the by", nil, nil,
		A.v("X", `id="t" updates="2"`, hs("2 b 10:00:00", "1 a 09:00:00")),
		A.v("Y", `id="t" updates="2"`, hs("2 c -", "1 a 09:00:00")),
		`conflict: t u2 "X" [2:b@10:00:00 1:a@09:00:00] | u2 "Y" [2:c 1:a@09:00:00]`)
	win("winner-by-over-none", "equal updates and when: a topmost history with by wins over one without", nil, nil,
		A.v("X", `id="t" updates="2"`, hs("2 b 10:00:00", "1 a 09:00:00")),
		A.v("Y", `id="t" updates="2"`, hs("2 - 10:00:00", "1 a 09:00:00")),
		`conflict: t u2 "X" [2:b@10:00:00 1:a@09:00:00] | u2 "Y" [2:@10:00:00 1:a@09:00:00]`)
	win("winner-by-octets-not-length", "equal updates and when: b is greater than aa in octet order; a length comparison picks aa", fl("ByLength"), nil,
		A.v("X", `id="t" updates="2"`, hs("2 b 10:00:00", "1 a 09:00:00")),
		A.v("Y", `id="t" updates="2"`, hs("2 aa 10:00:00", "1 a 09:00:00")),
		`conflict: t u2 "X" [2:b@10:00:00 1:a@09:00:00] | u2 "Y" [2:aa@10:00:00 1:a@09:00:00]`)
	win("winner-by-octets-not-collation", "equal updates and when: abe (0x61…) is greater than Zed (0x5A…) in octet order; a case-insensitive collation picks Zed", fl("Collation"), nil,
		A.v("X", `id="t" updates="2"`, hs("2 Zed 10:00:00", "1 a 09:00:00")),
		A.v("Y", `id="t" updates="2"`, hs("2 abe 10:00:00", "1 a 09:00:00")),
		`conflict: t u2 "Y" [2:abe@10:00:00 1:a@09:00:00] | u2 "X" [2:Zed@10:00:00 1:a@09:00:00]`)
	win("winner-both-when-absent", "writers without clocks: both when absent counts as the same when, and by decides", nil, nil,
		A.v("X", `id="t" updates="2"`, hs("2 c -", "1 a -")),
		A.v("Y", `id="t" updates="2"`, hs("2 b -", "1 a -")),
		`conflict: t u2 "X" [2:c 1:a] | u2 "Y" [2:b 1:a]`)
	win("winner-topmost-history-bytes", "equal updates, when and no by, different sequences (so neither subsumes the other): the topmost history with the greater canonical bytes (sequence=\"3\") wins",
		nil, fl("FS-WIN-2"),
		A.v("X", `id="t" updates="2"`, hs("3 - 10:00:00", "1 a 09:00:00")),
		A.v("Y", `id="t" updates="2"`, hs("2 - 10:00:00", "1 a 09:00:00")),
		`conflict: t u2 "X" [3:@10:00:00 1:a@09:00:00] | u2 "Y" [2:@10:00:00 1:a@09:00:00]`)

	// ----- Mutually subsumed versions: writers without by in the same second.
	bl := func(f fsmB, title string) string {
		return f.v(title, `id="t" updates="2"`, hs("2 - 10:00:00", "1 - 09:00:00"))
	}
	add(fsmCase{id: "byless-same-second-incoming-greater", comment: "two writers without by update the same version in the same second: the topmost histories subsume each other, the smaller canonical bytes give way and no conflict arises",
		flags: fl("MutuallySubsumed"), req: fl("FS-MERGE-4", "FS-SUB-1", "FS-MERGE-9"), op: "merge-item", format: "atom",
		local: A.std(bl(A, "A")), incoming: A.std(bl(A, "B")), want: []string{`updated: t u2 "B" [2:@10:00:00 1:@09:00:00]`}})
	add(fsmCase{id: "byless-same-second-local-greater", comment: "the same two versions with the sides swapped: the local one stays",
		flags: fl("MutuallySubsumed"), req: fl("FS-MERGE-4", "FS-WIN-3", "FS-MERGE-9"), op: "merge-item", format: "atom",
		local: A.std(bl(A, "B")), incoming: A.std(bl(A, "A")), want: []string{`unchanged: t u2 "B" [2:@10:00:00 1:@09:00:00]`}})
	add(fsmCase{id: "rss-byless-same-second", comment: "RSS: the same-second writers without by, as feeds",
		flags: fl("MutuallySubsumed"), req: fl("FS-MERGE-4", "FS-FEED-3"), op: "merge-feed", format: "rss",
		local: R.feed(bl(R, "B")), incoming: R.feed(bl(R, "A")), want: []string{`unchanged: t u2 "B" [2:@10:00:00 1:@09:00:00]`}})

	// ----- Plain merges.
	base := A.v("Base", `id="t" updates="1"`, hs("1 a 09:00:00"))
	edited := A.v("Edited", `id="t" updates="2"`, hs("2 b 10:00:00", "1 a 09:00:00"))
	add(fsmCase{id: "merge-item-identical", comment: "an item merged with itself, conflicts included, is unchanged",
		flags: nil, req: fl("FS-MERGE-1", "FS-MERGE-9"), op: "merge-item", format: "atom", local: A.std(bWithA), incoming: A.std(bWithA),
		want: []string{"unchanged: task-1 " + sB2 + " | " + sA2}})
	add(fsmCase{id: "merge-item-incoming-older", comment: "the local edit subsumes the incoming older version: unchanged",
		req: fl("FS-MERGE-2", "FS-MERGE-3", "FS-MERGE-9"), op: "merge-item", format: "atom", local: A.std(edited), incoming: A.std(base),
		want: []string{`unchanged: t u2 "Edited" [2:b@10:00:00 1:a@09:00:00]`}})
	add(fsmCase{id: "merge-item-incoming-newer", comment: "the incoming edit subsumes the local version: updated",
		req: fl("FS-MERGE-2", "FS-MERGE-9"), op: "merge-item", format: "atom", local: A.std(base), incoming: A.std(edited),
		want: []string{`updated: t u2 "Edited" [2:b@10:00:00 1:a@09:00:00]`}})
	add(fsmCase{id: "merge-item-no-local", comment: "no local item: the incoming item is added",
		req: fl("FS-MERGE-10", "FS-MERGE-9"), op: "merge-item", format: "atom", incoming: A.std(edited),
		want: []string{`added: t u2 "Edited" [2:b@10:00:00 1:a@09:00:00]`}})
	add(fsmCase{id: "merge-item-no-local-loser-as-item", comment: "no local item, but the incoming item is a loser carrying the winner as a conflict: the stored item is the normalized merge",
		flags: fl("Normalized"), req: fl("FS-MERGE-10", "FS-MERGE-6"), op: "merge-item", format: "atom",
		incoming: A.item("Y", `id="t" updates="2"`, hs("2 c 11:00:00", "1 a 09:00:00"), A.v("X", `id="t" updates="3"`, hs("3 b 09:30:00", "2 b 09:20:00", "1 a 09:00:00"))),
		want:     []string{`added: t u3 "X" [3:b@09:30:00 2:b@09:20:00 1:a@09:00:00] | u2 "Y" [2:c@11:00:00 1:a@09:00:00]`}})
	cz := func(f fsmB, title, hist string) string {
		return f.v(title, `id="t" updates="2"`, hs(hist, "1 z 09:00:00"))
	}
	add(fsmCase{id: "merge-item-no-local-conflicts-sorted", comment: "no local item, the incoming conflicts unsorted and one duplicated: they are de-duplicated and ordered by topmost by, absent first",
		flags: fl("Normalized", "ConflictOrder"), req: fl("FS-MERGE-10", "FS-MERGE-7", "FS-MERGE-1"), op: "merge-item", format: "atom",
		incoming: A.item("D", `id="t" updates="2"`, hs("2 d 10:00:00", "1 z 09:00:00"),
			cz(A, "C", "2 c 10:00:00"), cz(A, "B", "2 b 10:00:00"), cz(A, "N", "2 - 10:00:00"), cz(A, "C", "2 c 10:00:00")),
		want: []string{`added: t u2 "D" [2:d@10:00:00 1:z@09:00:00] | u2 "N" [2:@10:00:00 1:z@09:00:00] | u2 "B" [2:b@10:00:00 1:z@09:00:00] | u2 "C" [2:c@10:00:00 1:z@09:00:00]`}})
	add(fsmCase{id: "merge-item-conflicts-flattened", comment: "both sides hold conflicts: the result's conflicts are one flat, sorted list of every survivor but the winner",
		flags: fl("ConflictOrder", "ConflictPreserved"), req: fl("FS-MERGE-7", "FS-MERGE-8"), op: "merge-item", format: "atom",
		local:    A.item("C", `id="t" updates="2"`, hs("2 c 10:00:00", "1 z 09:00:00"), cz(A, "A", "2 a 10:00:00")),
		incoming: A.item("D", `id="t" updates="2"`, hs("2 d 10:00:00", "1 z 09:00:00"), cz(A, "N", "2 - 10:00:00"), cz(A, "B", "2 b 10:00:00")),
		want:     []string{`conflict: t u2 "D" [2:d@10:00:00 1:z@09:00:00] | u2 "N" [2:@10:00:00 1:z@09:00:00] | u2 "A" [2:a@10:00:00 1:z@09:00:00] | u2 "B" [2:b@10:00:00 1:z@09:00:00] | u2 "C" [2:c@10:00:00 1:z@09:00:00]`}})
	add(fsmCase{id: "merge-item-duplicate-conflicts-removed", comment: "an item whose sx:conflicts holds the same version twice (a SHOULD NOT, FS-CONF-7) merged with itself: the duplicate goes, so the item changes",
		flags: fl("ConflictOrder"), req: fl("FS-MERGE-1", "FS-MERGE-7", "FS-MERGE-9"), op: "merge-item", format: "atom",
		local:    A.item("D", `id="t" updates="2"`, hs("2 d 10:00:00", "1 z 09:00:00"), cz(A, "B", "2 b 10:00:00"), cz(A, "B", "2 b 10:00:00")),
		incoming: A.item("D", `id="t" updates="2"`, hs("2 d 10:00:00", "1 z 09:00:00"), cz(A, "B", "2 b 10:00:00"), cz(A, "B", "2 b 10:00:00")),
		want:     []string{`conflict: t u2 "D" [2:d@10:00:00 1:z@09:00:00] | u2 "B" [2:b@10:00:00 1:z@09:00:00]`}})

	// noconflicts
	ncX := A.v("X", `id="t" updates="2" noconflicts="true"`, hs("2 b 10:00:00", "1 a 09:00:00"))
	ncY := A.v("Y", `id="t" updates="2" noconflicts="true"`, hs("2 c 10:00:00", "1 a 09:00:00"))
	add(fsmCase{id: "noconflicts-incoming-wins", comment: "noconflicts: the winner is kept, the loser discarded, no sx:conflicts",
		flags: fl("NoConflicts"), req: fl("FS-MERGE-6", "FS-MERGE-9"), op: "merge-item", format: "atom", local: A.std(ncX), incoming: A.std(ncY),
		want: []string{`updated: t u2 noconflicts=true "Y" [2:c@10:00:00 1:a@09:00:00]`}})
	add(fsmCase{id: "noconflicts-local-wins", comment: "noconflicts, the local version wins: unchanged",
		flags: fl("NoConflicts"), req: fl("FS-MERGE-6", "FS-MERGE-9"), op: "merge-item", format: "atom", local: A.std(ncY), incoming: A.std(ncX),
		want: []string{`unchanged: t u2 noconflicts=true "Y" [2:c@10:00:00 1:a@09:00:00]`}})

	// Tombstones
	tomb2 := A.v("Base", `id="t" updates="2" deleted="true"`, hs("2 b 10:00:00", "1 a 09:00:00"))
	edit3 := A.v("Edited", `id="t" updates="3"`, hs("3 c 09:40:00", "2 c 09:30:00", "1 a 09:00:00"))
	add(fsmCase{id: "tombstone-loses-to-more-updates", comment: "a concurrent edit with more updates wins over a tombstone, which is kept as a conflict",
		flags: fl("Tombstone", "WinnerRule"), req: fl("FS-DELETE-2", "FS-WIN-1"), op: "merge-item", format: "atom", local: A.std(tomb2), incoming: A.std(edit3),
		want: []string{`conflict: t u3 "Edited" [3:c@09:40:00 2:c@09:30:00 1:a@09:00:00] | u2 deleted=true "Base" [2:b@10:00:00 1:a@09:00:00]`}})

	// Conflicts preserved through a second merge.
	pA2 := A.v("A", `id="t" updates="2"`, hs("2 a 10:00:00", "1 a 09:00:00"))
	pC3 := A.v("C", `id="t" updates="3"`, hs("3 c 10:10:00", "2 a 10:00:00", "1 a 09:00:00"))
	pBA := A.v("B", `id="t" updates="2"`, hs("2 b 10:05:00", "1 a 09:00:00"), pA2)
	const sPres = `t u3 "C" [3:c@10:10:00 2:a@10:00:00 1:a@09:00:00] | u2 "B" [2:b@10:05:00 1:a@09:00:00]`
	add(fsmCase{id: "conflict-preserved-second-merge", comment: "the local item is in conflict (B wins, A lost); an incoming version made from A wins; A is subsumed, B stays a conflict",
		flags: fl("ConflictPreserved"), req: fl("FS-MERGE-2", "FS-MERGE-3", "FS-MERGE-7"), op: "merge-item", format: "atom", local: A.std(pBA), incoming: A.std(pC3),
		want: []string{"conflict: " + sPres}})
	add(fsmCase{id: "conflict-preserved-second-merge-incoming", comment: "the same versions with the conflict on the incoming side",
		flags: fl("ConflictPreserved"), req: fl("FS-MERGE-3", "FS-MERGE-7", "FS-WIN-3"), op: "merge-feed", format: "atom", local: A.feed(pC3), incoming: A.feed(pBA),
		want: []string{"conflict: " + sPres}})
	add(fsmCase{id: "conflict-preserved-unrelated-update", comment: "the incoming item is the older base version: the local conflict stays as it is",
		flags: fl("ConflictPreserved"), req: fl("FS-MERGE-9"), op: "merge-item", format: "atom", local: A.std(pBA),
		incoming: A.std(A.v("Base", `id="t" updates="1"`, hs("1 a 09:00:00"))),
		want:     []string{`unchanged: t u2 "B" [2:b@10:05:00 1:a@09:00:00] | u2 "A" [2:a@10:00:00 1:a@09:00:00]`}})

	// ----- Resolution.
	rW := A.v("W", `id="t" updates="3"`, hs("3 w 10:00:00", "2 w 09:30:00", "1 z 09:00:00"),
		A.v("C1", `id="t" updates="3"`, hs("3 a 10:00:00", "2 b 09:40:00", "1 z 09:00:00")),
		A.v("C2", `id="t" updates="2"`, hs("2 c 09:50:00", "1 z 09:00:00")))
	add(fsmCase{id: "resolve-fold-order", comment: "each history is inserted immediately below the topmost: those of one conflict item end reversed, a later conflict item's above an earlier one's; updates stays 4",
		flags: fl("Resolution"), req: fl("FS-RESOLVE-2", "FS-RESOLVE-3"), op: "resolve", format: "atom", item: A.std(rW), by: sp("w"), when: at("10:30:00"),
		want: []string{`t u4 "W" [4:w@10:30:00 2:c@09:50:00 2:b@09:40:00 3:a@10:00:00 3:w@10:00:00 2:w@09:30:00 1:z@09:00:00]`}})
	rI := A.v("W", `id="t" updates="3"`, hs("3 w 10:00:00", "2 w 09:30:00", "1 z 09:00:00"),
		A.v("C", `id="t" updates="3"`, hs("3 a 09:45:00", "2 b 09:40:00", "1 z 09:00:00")))
	add(fsmCase{id: "resolve-examines-every-history", comment: "a resolves: the conflict's first history is subsumed by the new topmost, its second is not and is folded (two 2008 libraries stopped at the first subsumed history)",
		flags: fl("Resolution"), req: fl("FS-RESOLVE-2"), op: "resolve", format: "atom", item: A.std(rI), by: sp("a"), when: at("10:30:00"),
		want: []string{`t u4 "W" [4:a@10:30:00 2:b@09:40:00 3:w@10:00:00 2:w@09:30:00 1:z@09:00:00]`}})
	add(fsmCase{id: "resolve-without-conflicts", comment: "an item without conflicts is resolved by the update alone",
		flags: fl("Resolution"), req: fl("FS-RESOLVE-4"), op: "resolve", format: "atom", item: A.std(edited), content: A.content("Done"), by: sp("c"), when: at("11:00:00"),
		want: []string{`t u3 "Done" [3:c@11:00:00 2:b@10:00:00 1:a@09:00:00]`}})
	rT := A.v("Base", `id="t" updates="3" deleted="true"`, hs("3 b 10:20:00", "2 b 10:00:00", "1 a 09:00:00"),
		A.v("E", `id="t" updates="2"`, hs("2 c 10:10:00", "1 a 09:00:00")))
	add(fsmCase{id: "resolve-tombstone-keeps-deleted", comment: "resolving a winning tombstone without content keeps it deleted",
		flags: fl("Resolution", "Tombstone"), req: fl("FS-RESOLVE-1", "FS-RESOLVE-2"), op: "resolve", format: "atom", item: A.std(rT), by: sp("b"), when: at("10:30:00"),
		want: []string{`t u4 deleted=true "Base" [4:b@10:30:00 2:c@10:10:00 3:b@10:20:00 2:b@10:00:00 1:a@09:00:00]`}})
	add(fsmCase{id: "resolve-tombstone-with-content", comment: "resolving a winning tombstone with content brings the item back",
		flags: fl("Resolution", "Tombstone"), req: fl("FS-RESOLVE-1", "FS-UPDATE-4"), op: "resolve", format: "atom", item: A.std(rT), content: A.content("E"), by: sp("b"), when: at("10:30:00"),
		want: []string{`t u4 "E" [4:b@10:30:00 2:c@10:10:00 3:b@10:20:00 2:b@10:00:00 1:a@09:00:00]`}})
	add(fsmCase{id: "rss-resolve-byless", comment: "RSS: an endpoint without by resolves; its new history has only when",
		flags: fl("Resolution"), req: fl("FS-RESOLVE-1", "FS-RESOLVE-2", "FS-UPDATE-2"), op: "resolve", format: "rss",
		item: R.item("B", `id="t" updates="2"`, hs("2 b 10:05:00", "1 a 09:00:00"), R.v("A", `id="t" updates="2"`, hs("2 a 10:00:00", "1 a 09:00:00"))),
		when: at("10:30:00"),
		want: []string{`t u3 "B" [3:@10:30:00 2:a@10:00:00 2:b@10:05:00 1:a@09:00:00]`}})

	// ----- Implicit resolution (FS-UPDATE-5).
	iW := A.v("B", `id="t" updates="3"`, hs("3 b 10:05:00", "2 b 09:50:00", "1 a 09:00:00"),
		A.v("A", `id="t" updates="3"`, hs("3 a 10:00:00", "2 e 09:30:00", "1 a 09:00:00")),
		A.v("C", `id="t" updates="2"`, hs("2 c 10:01:00", "1 a 09:00:00")))
	add(fsmCase{id: "update-implicit-resolution", comment: "a updates an item whose conflict a wrote last: that conflict is folded (e's history comes in) and removed; c's conflict stays",
		flags: fl("ImplicitResolution"), req: fl("FS-UPDATE-5", "FS-RESOLVE-2"), op: "update", format: "atom", item: A.std(iW), content: A.content("A+"), by: sp("a"), when: at("10:20:00"),
		want: []string{`t u4 "A+" [4:a@10:20:00 2:e@09:30:00 3:b@10:05:00 2:b@09:50:00 1:a@09:00:00] | u2 "C" [2:c@10:01:00 1:a@09:00:00]`}})
	add(fsmCase{id: "update-implicit-resolution-last-conflict", comment: "the only conflict was written by the updating endpoint: sx:conflicts goes",
		flags: fl("ImplicitResolution"), req: fl("FS-UPDATE-5", "FS-CONF-6"), op: "update", format: "atom", item: A.std(pBA), by: sp("a"), when: at("10:20:00"),
		want: []string{`t u3 "B" [3:a@10:20:00 2:b@10:05:00 1:a@09:00:00]`}})
	add(fsmCase{id: "update-byless-no-implicit-resolution", comment: "an endpoint without by resolves nothing implicitly",
		flags: fl("ImplicitResolution"), req: fl("FS-UPDATE-5"), op: "update", format: "atom", item: A.std(pBA), when: at("10:20:00"),
		want: []string{`t u3 "B" [3:@10:20:00 2:b@10:05:00 1:a@09:00:00] | u2 "A" [2:a@10:00:00 1:a@09:00:00]`}})
	add(fsmCase{id: "delete-implicit-resolution", comment: "a delete is an update: a's own conflicting version is folded and removed",
		flags: fl("ImplicitResolution", "Tombstone"), req: fl("FS-UPDATE-5", "FS-DELETE-1"), op: "delete", format: "atom", item: A.std(pBA), by: sp("a"), when: at("10:20:00"),
		want: []string{`t u3 deleted=true "B" [3:a@10:20:00 2:b@10:05:00 1:a@09:00:00]`}})

	// ----- Update details.
	add(fsmCase{id: "update-undeletes", comment: "an edit of a tombstone removes deleted",
		flags: fl("Tombstone"), req: fl("FS-UPDATE-4"), op: "update", format: "atom", item: A.std(tomb2), content: A.content("Back"), by: sp("c"), when: at("11:00:00"),
		want: []string{`t u3 "Back" [3:c@11:00:00 2:b@10:00:00 1:a@09:00:00]`}})
	add(fsmCase{id: "update-without-content-keeps-content", comment: "an update without content keeps the item's content",
		req: fl("FS-UPDATE-4"), op: "update", format: "atom", item: A.std(edited), by: sp("c"), when: at("11:00:00"),
		want: []string{`t u3 "Edited" [3:c@11:00:00 2:b@10:00:00 1:a@09:00:00]`}})
	foreign := A.el("F", `<sx:sync id="t" updates="1" noconflicts="true" xmlns:ex="urn:example:ext" ex:origin="import">`+fsmHist("1 a 09:00:00")+`<ex:note>kept</ex:note></sx:sync>`)
	add(fsmCase{id: "update-keeps-sync-extras", comment: "id, noconflicts, a foreign attribute and a foreign child of sx:sync survive an update",
		flags: fl("NoConflicts"), req: fl("FS-UPDATE-6", "FS-CREATE-3"), op: "update", format: "atom", item: A.std(foreign), by: sp("b"), when: at("10:00:00"),
		want: []string{`t u2 noconflicts=true "F" [2:b@10:00:00 1:a@09:00:00]`}})
	purge := A.v("P", `id="t" updates="5"`, hs("5 a 10:05:00", "4 b 10:04:00", "3 a 10:03:00", "2 - 10:02:00", "1 b 10:01:00"),
		A.v("X", `id="t" updates="2"`, hs("2 x 10:00:00", "1 x 09:00:00")))
	add(fsmCase{id: "update-sparse-purge", comment: "sparse purge keeps per by the highest sequence, every history without by and the topmost, in order; the conflict item's histories are not touched",
		flags: fl("SparsePurge"), req: fl("FS-PURGE-1", "FS-PURGE-2"), op: "update", format: "atom", item: A.std(purge), by: sp("c"), when: at("11:00:00"),
		opt:  feedsync.UpdateOptions{SparsePurge: true},
		want: []string{`t u6 "P" [6:c@11:00:00 5:a@10:05:00 4:b@10:04:00 2:@10:02:00] | u2 "X" [2:x@10:00:00 1:x@09:00:00]`}})
	add(fsmCase{id: "update-sparse-purge-equal-sequences", comment: "two histories of one by with its highest sequence: the first in document order stays",
		flags: fl("SparsePurge"), req: fl("FS-PURGE-2"), op: "update", format: "atom",
		item: A.item("P", `id="t" updates="4"`, hs("4 b 10:04:00", "3 a 10:03:00", "3 a 10:02:00", "1 a 10:01:00")), by: sp("c"), when: at("11:00:00"),
		opt:  feedsync.UpdateOptions{SparsePurge: true},
		want: []string{`t u5 "P" [5:c@11:00:00 4:b@10:04:00 3:a@10:03:00]`}})
	add(fsmCase{id: "update-without-purge-keeps-histories", comment: "without sparse purge every history stays",
		flags: fl("SparsePurge"), req: fl("FS-UPDATE-2", "FS-PURGE-1"), op: "update", format: "atom",
		item: A.item("P", `id="t" updates="3"`, hs("3 a 10:03:00", "2 a 10:02:00", "1 a 10:01:00")), by: sp("a"), when: at("11:00:00"),
		want: []string{`t u4 "P" [4:a@11:00:00 3:a@10:03:00 2:a@10:02:00 1:a@10:01:00]`}})
	add(fsmCase{id: "update-by-only", comment: "an endpoint without a clock writes a history without when",
		req: fl("FS-UPDATE-2", "FS-ALG-4"), op: "update", format: "atom", item: A.std(edited), by: sp("c"),
		want: []string{`t u3 "Edited" [3:c 2:b@10:00:00 1:a@09:00:00]`}})
	add(fsmCase{id: "update-clock-fraction-and-offset", comment: "the clock reads 12:00:00.999 at +02:00: when is 10:00:00Z, the fraction cut off",
		flags: fl("EndpointClock"), req: fl("FS-ALG-4", "FS-UPDATE-2"), op: "update", format: "atom", item: A.std(base), by: sp("c"), when: sp("2008-04-23T12:00:00.999+02:00"),
		want: []string{`t u2 "Base" [2:c@10:00:00 1:a@09:00:00]`}})
	add(fsmCase{id: "create-noconflicts", comment: "noconflicts=\"true\" is written when asked for at creation",
		flags: fl("NoConflicts"), req: fl("FS-CREATE-1", "FS-CREATE-3"), op: "create", format: "atom", content: A.content("N"), syncID: "n-1", noConflicts: true, by: sp("a"), when: at("09:00:00"),
		want: []string{`n-1 u1 noconflicts=true "N" [1:a@09:00:00]`}})
	add(fsmCase{id: "rss-create-byless", comment: "RSS: an endpoint without by creates an item; the history has when only",
		req: fl("FS-CREATE-1"), op: "create", format: "rss", content: R.content("New"), syncID: "item_1_myapp", when: at("09:00:00"),
		want: []string{`item_1_myapp u1 "New" [1:@09:00:00]`}})
	rssFull := R.std(`<item><title>T</title><description>D</description><guid isPermaLink="false">g</guid>` + fsmSync(`id="t" updates="1"`, hs("1 a 09:00:00")) + `</item>`)
	add(fsmCase{id: "rss-delete-strip-keeps-title", comment: "RSS: stripping a tombstone keeps the title and drops description and guid",
		flags: fl("Tombstone"), req: fl("FS-DELETE-3"), op: "delete", format: "rss", item: rssFull, by: sp("b"), when: at("10:00:00"),
		opt:  feedsync.UpdateOptions{StripTombstone: true},
		want: []string{`t u2 deleted=true "T" [2:b@10:00:00 1:a@09:00:00]`},
		canonical: map[int]string{0: `<item xmlns:sx="http://feedsync.org/2007/feedsync"><title>T</title><sx:sync deleted="true" id="t" updates="2">` +
			`<sx:history by="b" sequence="2" when="2008-04-23T10:00:00Z"/><sx:history by="a" sequence="1" when="2008-04-23T09:00:00Z"/></sx:sync></item>`}})
	add(fsmCase{id: "rss-delete-strip-keeps-description", comment: "RSS: an item without title keeps its description when stripped",
		flags: fl("Tombstone"), req: fl("FS-DELETE-3"), op: "delete", format: "rss",
		item: R.std(`<item><description>D</description><link>https://x.example/</link>` + fsmSync(`id="t" updates="1"`, hs("1 a 09:00:00")) + `</item>`), by: sp("b"), when: at("10:00:00"),
		opt:  feedsync.UpdateOptions{StripTombstone: true},
		want: []string{`t u2 deleted=true "D" [2:b@10:00:00 1:a@09:00:00]`}})
	add(fsmCase{id: "rss-delete-keeps-content", comment: "RSS: a delete without stripping keeps the item's content",
		flags: fl("Tombstone"), req: fl("FS-DELETE-1"), op: "delete", format: "rss", item: rssFull, by: sp("b"), when: at("10:00:00"),
		want: []string{`t u2 deleted=true "T" [2:b@10:00:00 1:a@09:00:00]`}})

	// ----- Feeds.
	plain := `<entry><id>urn:uuid:plain</id><title>Not synchronized</title><updated>2008-04-23T09:00:00Z</updated></entry>`
	fx := func(id, title, hist string) string {
		return A.v(title, `id="`+id+`" updates="1"`, hs(hist))
	}
	localFeed := fsAtom("  <sx:sharing since=\"2008-04-01T00:00:00Z\" until=\"2008-04-23T09:00:00Z\"/>\n  " + plain + "\n  " +
		fx("x", "X", "1 a 09:00:00") + "\n  " + fx("y", "Y", "1 a 09:00:00") + "\n")
	incFeed := fsAtom("  <sx:sharing since=\"2008-04-20T00:00:00Z\" until=\"2008-04-23T10:00:00Z\"/>\n  " +
		fx("z", "Z", "1 b 10:00:00") + "\n  " + strings.Replace(plain, "plain", "plain-2", 1) + "\n  " +
		A.v("Y2", `id="y" updates="2"`, hs("2 b 10:00:00", "1 a 09:00:00")) + "\n  " + fx("w", "W", "1 b 10:01:00") + "\n")
	add(fsmCase{id: "merge-feed-order-and-feed-level", comment: "local items keep their order (x untouched, without an outcome), y is merged, the new z and w follow in incoming order, the incoming item without sx:sync is not copied, and the local sx:sharing stays",
		flags: fl("FeedLevel"), req: fl("FS-FEED-2", "FS-FEED-3", "FS-FEED-4", "FS-FEED-5"), op: "merge-feed", format: "atom", local: &localFeed, incoming: &incFeed,
		want: []string{`x u1 "X" [1:a@09:00:00]`, `updated: y u2 "Y2" [2:b@10:00:00 1:a@09:00:00]`, `added: z u1 "Z" [1:b@10:00:00]`, `added: w u1 "W" [1:b@10:01:00]`}})
	rl := R.v("L", `id="t" updates="2"`, hs("2 laptop.ana 10:05:00", "1 laptop.ana 10:00:00"))
	rd := R.v("D", `id="t" updates="2"`, hs("2 dev 10:05:00", "1 laptop.ana 10:00:00"))
	add(fsmCase{id: "rss-merge-feed-conflict", comment: "RSS: the worked example's concurrent edits, as RSS feeds",
		flags: fl("WinnerRule", "ByLength"), req: fl("FS-WIN-1", "FS-MERGE-7", "FS-FEED-3"), op: "merge-feed", format: "rss", local: R.feed(rd), incoming: R.feed(rl),
		want: []string{`conflict: t u2 "L" [2:laptop.ana@10:05:00 1:laptop.ana@10:00:00] | u2 "D" [2:dev@10:05:00 1:laptop.ana@10:00:00]`}})

	// ----- Invalid input.
	bad := func(id, comment, errReq string, c fsmCase) {
		c.id, c.comment, c.errReq = id, comment, errReq
		c.flags = append(fl("InvalidInput"), c.flags...)
		c.req = append(c.req, errReq)
		add(c)
	}
	bad("update-updates-overflow", "updates is 2147483647: the update is refused", "FS-UPDATE-1", fsmCase{flags: fl("Overflow"), op: "update", format: "atom",
		item: A.item("O", `id="t" updates="2147483647"`, hs("2147483647 a 09:00:00")), by: sp("b"), when: at("10:00:00")})
	bad("update-sequence-taken", "a already has sequence 5 but updates is 3: a's new history cannot have sequence 4", "FS-UPDATE-3", fsmCase{op: "update", format: "atom",
		item: A.item("S", `id="t" updates="3"`, hs("3 b 09:30:00", "5 a 09:20:00")), by: sp("a"), when: at("10:00:00")})
	bad("create-id-not-nss", "the id task 1 has a space", "FS-CREATE-2", fsmCase{op: "create", format: "atom", content: A.content("X"), syncID: "task 1", by: sp("a"), when: at("10:00:00")})
	bad("create-endpoint-without-by-or-clock", "the endpoint has neither an endpoint ID nor a clock", "FS-ALG-4", fsmCase{op: "create", format: "atom", content: A.content("X"), syncID: "t"})
	bad("update-endpoint-by-not-nss", "the endpoint ID a b is not an NSS", "FS-ALG-4", fsmCase{op: "update", format: "atom", item: A.std(base), by: sp("a b"), when: at("10:00:00")})
	bad("create-content-with-sync", "the content already has sx:sync", "FS-ALG-3", fsmCase{op: "create", format: "atom", content: A.std(base), syncID: "t", by: sp("a"), when: at("10:00:00")})
	bad("update-content-other-format", "an RSS item as the content of an Atom item", "FS-ALG-3", fsmCase{op: "update", format: "atom", item: A.std(base),
		content: sp(`<item><title>RSS</title></item>`), by: sp("a"), when: at("10:00:00")})
	bad("update-invalid-item", "the item's updates is written 01", "FS-LEX-3", fsmCase{op: "update", format: "atom",
		item: A.item("X", `id="t" updates="01"`, hs("1 a 09:00:00")), by: sp("b"), when: at("10:00:00")})
	bad("resolve-conflict-with-other-id", "a conflict item carries another id", "FS-CONF-4", fsmCase{op: "resolve", format: "atom",
		item: A.item("X", `id="t" updates="2"`, hs("2 b 10:00:00", "1 a 09:00:00"), A.v("Y", `id="u" updates="2"`, hs("2 c 10:00:00", "1 a 09:00:00"))), by: sp("b"), when: at("10:30:00")})
	bad("merge-item-different-ids", "the two items have different ids", "FS-MERGE-1", fsmCase{op: "merge-item", format: "atom",
		local: A.std(base), incoming: A.item("U", `id="u" updates="1"`, hs("1 a 09:00:00"))})
	bad("merge-item-different-formats", "an Atom entry merged with an RSS item", "FS-MERGE-1", fsmCase{op: "merge-item", format: "atom",
		local: A.std(base), incoming: sp(`<item xmlns:sx="http://feedsync.org/2007/feedsync"><title>R</title>` + fsmSync(`id="t" updates="1"`, hs("1 a 09:00:00")) + `</item>`)})
	bad("merge-item-without-sync", "the incoming item has no sx:sync", "FS-ALG-2", fsmCase{op: "merge-item", format: "atom",
		local: A.std(base), incoming: A.content("No sync")})
	bad("merge-feed-different-formats", "an Atom feed merged with an RSS feed", "FS-FEED-1", fsmCase{op: "merge-feed", format: "atom",
		local: A.feed(base), incoming: R.feed(R.v("R", `id="t" updates="1"`, hs("1 a 09:00:00")))})
	bad("merge-feed-incoming-without-history", "an incoming item's sx:sync has no sx:history", "FS-SYNC-7", fsmCase{op: "merge-feed", format: "atom",
		local: A.feed(base), incoming: A.feed(A.el("X", `<sx:sync id="t" updates="2"/>`))})
	bad("merge-feed-duplicate-ids", "the local feed has two items with the id t", "FS-SYNC-4", fsmCase{op: "merge-feed", format: "atom",
		local: A.feed(base, edited), incoming: A.feed(base)})
	bad("rss-merge-feed-invalid-host", "RSS: an incoming item has neither title nor description", "FS-HOST-4", fsmCase{op: "merge-feed", format: "rss",
		local: R.feed(R.v("A", `id="t" updates="1"`, hs("1 a 09:00:00"))), incoming: R.feed(`<item>` + fsmSync(`id="t" updates="2"`, hs("2 b 10:00:00", "1 a 09:00:00")) + `</item>`)})
	return cs
}
