package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/livemesh-spec/livemesh/feedsync"
	"pgregory.net/rapid"
)

// The codec tier's FeedSync algorithm cases (spec/feedsync.md §8–§12): create, update,
// delete, resolve, merge-item and merge-feed, asked of the implementation through MergeImpl
// (the shim's feedsync.create … feedsync.merge-feed). Fixed cases check the MUSTs that no
// vector names (host content untouched, no stripping or purging outside the delete or update
// that does it, no hidden state) and sharpen important ones; property cases run random edit
// histories on 2–4 endpoints with injected clocks and random merge orders, and compare every
// answer with the reference, or check the laws of merge (convergence, idempotence, a winner
// independent of argument order, no lost version) on the implementation's own answers.

// codecMergeUnshowable lists the MUSTs of spec/feedsync.md §8–§12 that a shim cannot show.
// Every MUST of these sections is showable through the six operations; the part of
// [FS-ALG-1] that says an algorithm does not modify its inputs is vacuous across a process
// boundary (the inputs are texts), and its case checks the rest (no hidden state).
var codecMergeUnshowable = map[string]string{}

var _ = codecMergeUnshowable

// mergeOps are the six FeedSync algorithm operations of the shim.
var mergeOps = []string{"feedsync.create", "feedsync.update", "feedsync.delete", "feedsync.resolve", "feedsync.merge-item", "feedsync.merge-feed"}

// ---------------------------------------------------------------------------------------------
// Fixtures: items written as text, in the form the merge vectors use.

const (
	mxAtomNS = `xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync"`
	mxBase   = "2008-04-23T10:00:00Z"
)

// mxEntry is an Atom entry: its host children, then the sx:sync markup.
func mxEntry(host, sync string) string { return `<entry ` + mxAtomNS + `>` + host + sync + `</entry>` }

// mxHost is the host content of an Atom entry: an atom:id, a title, an atom:updated far from
// any clock the cases use, and extras.
func mxHost(title string, extra ...string) string {
	return `<id>urn:uuid:mx-1</id><title>` + title + `</title><updated>2001-02-03T04:05:06Z</updated>` + strings.Join(extra, "")
}

// mxSync is sx:sync with the given attributes and children.
func mxSync(attrs string, children ...string) string {
	return `<sx:sync ` + attrs + `>` + strings.Join(children, "") + `</sx:sync>`
}

// mxHist is sx:history; by "" leaves it out, so does when "".
func mxHist(seq int, when, by string) string {
	s := fmt.Sprintf(`<sx:history sequence="%d"`, seq)
	if when != "" {
		s += ` when="` + when + `"`
	}
	if by != "" {
		s += ` by="` + by + `"`
	}
	return s + `/>`
}

// mxConflicts wraps conflict items.
func mxConflicts(items ...string) string {
	return `<sx:conflicts>` + strings.Join(items, "") + `</sx:conflicts>`
}

func mxStr(s string) *string { return &s }
func mxBool(b bool) *bool    { return &b }

func mxWhen(s string) *time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// ---------------------------------------------------------------------------------------------
// Reading answers.

// mxParse reads an item text (an answer's canonical bytes or an input) with the reference
// decoder.
func mxParse(s string) (*feedsync.Item, error) {
	it, err := mergeItemOf(s)
	if err != nil {
		return nil, err
	}
	if it.Sync == nil {
		return nil, fmt.Errorf("the item has no sx:sync")
	}
	return it, nil
}

// mxHostBytes is the canonical form of an item's host content: its element without sx:sync.
func mxHostBytes(it *feedsync.Item) string {
	return string((&feedsync.Item{Element: it.Element}).Canonical())
}

// mxHistories lists an item's own histories as by#sequence@when (by and when empty when
// absent).
func mxHistories(it *feedsync.Item) []string {
	var out []string
	if it == nil || it.Sync == nil {
		return out
	}
	for _, h := range it.Sync.Histories {
		out = append(out, mxHistString(h))
	}
	return out
}

func mxHistString(h *feedsync.History) string {
	if h == nil {
		return "<nil>"
	}
	by, _ := h.Attr("by")
	seq, _ := h.Attr("sequence")
	when, _ := h.Attr("when")
	return by + "#" + seq + "@" + when
}

// mxConflictItems returns an item's conflict items (none when it has no sx:conflicts).
func mxConflictItems(it *feedsync.Item) []*feedsync.Item {
	if it == nil || it.Sync == nil || it.Sync.Conflicts == nil {
		return nil
	}
	return it.Sync.Conflicts.Items
}

// mxDetach is the item without its sx:conflicts (one of its versions, [FS-MERGE-1]).
func mxDetach(it *feedsync.Item) *feedsync.Item {
	if it.Sync == nil || it.Sync.Conflicts == nil {
		return it
	}
	s := *it.Sync
	s.Conflicts = nil
	return &feedsync.Item{Element: it.Element, Sync: &s}
}

// mxVersions is the item's versions: itself without conflicts, then its conflict items.
func mxVersions(it *feedsync.Item) []*feedsync.Item {
	out := []*feedsync.Item{mxDetach(it)}
	for _, c := range mxConflictItems(it) {
		if c != nil && c.Sync != nil {
			out = append(out, mxDetach(c))
		}
	}
	return out
}

// mxSummary is a short description of an item text for step logs: id, updates, topmost
// history, deleted, number of conflicts. It scans the text rather than decoding it (every
// step of every check is described, and only a failing check's are shown), so for text that is
// not in canonical form it may say less.
func mxSummary(s string) string {
	tag, rest := mxTag(s, "sync")
	if tag == "" {
		return "an item without sx:sync"
	}
	out := mxAttr(tag, "id") + " u=" + mxAttr(tag, "updates")
	if h, _ := mxTag(rest, "history"); h != "" {
		out += " top=" + mxAttr(h, "by") + "#" + mxAttr(h, "sequence") + "@" + mxAttr(h, "when")
	}
	if mxAttr(tag, "deleted") == "true" {
		out += " deleted"
	}
	if strings.Contains(rest, "conflicts>") {
		if n := len(mxSplitItems(rest)); n > 0 {
			out += fmt.Sprintf(" +%d conflicts", n)
		}
	}
	return out
}

// mxTag finds the first start tag of a FeedSync element with local name local (written with a
// prefix or as the default namespace) and returns it and the text after it.
func mxTag(s, local string) (tag, rest string) {
	for _, pre := range []string{":" + local + " ", "<" + local + " "} {
		if i := strings.Index(s, pre); i >= 0 {
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return "", ""
			}
			return s[i : i+j], s[i+j:]
		}
	}
	return "", ""
}

// mxAttr is the value of attribute name in a start tag, "" when absent.
func mxAttr(tag, name string) string {
	i := strings.Index(tag, " "+name+`="`)
	if i < 0 {
		return ""
	}
	v := tag[i+len(name)+3:]
	if j := strings.IndexByte(v, '"'); j >= 0 {
		return v[:j]
	}
	return v
}

// mxSplitItems returns the outermost <entry> or <item> elements of a text (the items of a feed
// document, or the conflict items after an item's sx:sync start tag), scanning, not decoding.
func mxSplitItems(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		rest := s[i:]
		switch {
		case mxOpens(rest, "<entry") || mxOpens(rest, "<item"):
			if depth == 0 {
				start = i
			}
			if j := strings.IndexByte(rest, '>'); j > 0 && rest[j-1] == '/' {
				if depth == 0 {
					out = append(out, s[start:i+j+1])
				}
				continue
			}
			depth++
		case strings.HasPrefix(rest, "</entry>") || strings.HasPrefix(rest, "</item>"):
			if depth == 0 {
				return out // the end of the enclosing item
			}
			depth--
			if depth == 0 {
				out = append(out, s[start:i+strings.IndexByte(rest, '>')+1])
			}
		}
	}
	return out
}

// mxOpens reports whether s starts with the start tag name (followed by a space, '>' or '/').
func mxOpens(s, name string) bool {
	if !strings.HasPrefix(s, name) || len(s) == len(name) {
		return false
	}
	c := s[len(name)]
	return c == ' ' || c == '>' || c == '/'
}

// mxDescribeOp describes an operation's inputs in one line.
func mxDescribeOp(op FeedOp) string {
	var parts []string
	if op.By != nil {
		parts = append(parts, "by="+*op.By)
	}
	if op.When != nil {
		parts = append(parts, "when="+op.When.Format(time.RFC3339Nano))
	}
	if op.SyncID != nil {
		parts = append(parts, "id="+*op.SyncID)
	}
	if op.NoConflicts != nil && *op.NoConflicts {
		parts = append(parts, "noConflicts")
	}
	if op.Item != nil {
		parts = append(parts, "item=["+mxSummary(*op.Item)+"]")
	}
	if op.Local != nil {
		parts = append(parts, "local="+mxDescribeText(op.Op, *op.Local))
	} else if op.Op == "merge-item" {
		parts = append(parts, "local=none")
	}
	if op.Incoming != nil {
		parts = append(parts, "incoming="+mxDescribeText(op.Op, *op.Incoming))
	}
	if op.Content != nil {
		parts = append(parts, "content="+mxContentTitle(*op.Content))
	}
	if op.SparsePurge {
		parts = append(parts, "sparsePurge")
	}
	if op.StripTombstone {
		parts = append(parts, "stripTombstone")
	}
	return op.Op + "(" + strings.Join(parts, ", ") + ")"
}

func mxDescribeText(op, s string) string {
	if op != "merge-feed" {
		return "[" + mxSummary(s) + "]"
	}
	var items []string
	for _, it := range mxSplitItems(s) {
		items = append(items, mxSummary(it))
	}
	return "feed[" + strings.Join(items, "; ") + "]"
}

// mxContentTitle is the title text of a content element, to name it in step logs.
func mxContentTitle(s string) string {
	if i := strings.Index(s, "<title>"); i >= 0 {
		if j := strings.Index(s[i:], "</title>"); j >= 0 {
			return s[i+7 : i+j]
		}
	}
	return "content"
}

// mxDescribeResult describes an answer in one line.
func mxDescribeResult(res *FeedOpResult, ref *Refusal) string {
	if ref != nil {
		return fmt.Sprintf("refused %s [%s]", ref.Class, ref.Req)
	}
	if res == nil {
		return "no answer"
	}
	var items []string
	for _, it := range res.Items {
		s := mxSummary(string(it.Canonical))
		if o, ok := res.Outcomes[it.SyncID]; ok {
			s += " (" + o + ")"
		}
		items = append(items, s)
	}
	return "[" + strings.Join(items, "; ") + "]"
}

// mxDiff describes the first difference between two answers to the operation op ("" when
// they agree): items (sx:sync ids and canonical bytes), for merges the outcomes, and for
// merge-feed the merged document.
func mxDiff(op string, got, want *FeedOpResult) string {
	if got == nil {
		return "no answer"
	}
	if len(got.Items) != len(want.Items) {
		return fmt.Sprintf("%d items, expected %d", len(got.Items), len(want.Items))
	}
	for i, it := range got.Items {
		w := want.Items[i]
		if it.SyncID != w.SyncID {
			return fmt.Sprintf("item %d has sx:sync id %q, expected %q", i, it.SyncID, w.SyncID)
		}
		if g, e := string(it.Canonical), string(w.Canonical); g != e {
			return fmt.Sprintf("item %s: canonical bytes differ at byte %d: got %q, expected %q", it.SyncID, firstDiff(g, e), excerpt(g, e), excerpt(e, g))
		}
	}
	if op == "merge-item" || op == "merge-feed" {
		for _, w := range want.Items {
			if g, e := got.Outcomes[w.SyncID], want.Outcomes[w.SyncID]; g != e {
				return fmt.Sprintf("item %s: outcome %q, expected %q", w.SyncID, g, e)
			}
		}
		if len(got.Outcomes) != len(want.Outcomes) {
			return fmt.Sprintf("outcomes %v, expected %v", got.Outcomes, want.Outcomes)
		}
	}
	if op == "merge-feed" && want.Document != nil {
		if got.Document == nil {
			return "no merged document"
		}
		if g, e := *got.Document, *want.Document; g != e {
			return fmt.Sprintf("merged document differs at byte %d: got %q, expected %q", firstDiff(g, e), excerpt(g, e), excerpt(e, g))
		}
	}
	return ""
}

// mxSplit separates an answer into a result and a refusal; any other error is returned.
func mxSplit(res *FeedOpResult, err error) (*FeedOpResult, *Refusal, error) {
	if err == nil {
		if res == nil {
			return nil, nil, fmt.Errorf("no answer and no error")
		}
		return res, nil, nil
	}
	var r *Refusal
	if errors.As(err, &r) && r != nil {
		return nil, r, nil
	}
	return nil, nil, err
}

// ---------------------------------------------------------------------------------------------
// Fixed cases: asking the implementation.

// mxAsk asks for op and returns the answer; a refusal or broken answer fails the case.
func mxAsk(t *T, what string, op FeedOp) *FeedOpResult {
	res, err := areaOf[MergeImpl](t).FeedOp(op)
	if isUnimplemented(err) {
		t.Unimplementedf("%s: %v", what, err)
	}
	if err != nil {
		t.Fatalf("%s: asked %s; %s answers %v; expected an answer", what, mxDescribeOp(op), t.Impl().Name(), err)
	}
	if res == nil {
		t.Fatalf("%s: asked %s; %s gives no answer", what, mxDescribeOp(op), t.Impl().Name())
	}
	return res
}

// mxOne asks for op and returns the one item of the answer, with sx:sync id id, read.
func mxOne(t *T, what string, op FeedOp, id string) (*feedsync.Item, string) {
	res := mxAsk(t, what, op)
	if len(res.Items) != 1 || res.Items[0].SyncID != id {
		t.Fatalf("%s: asked %s; got %s; expected one item %s", what, mxDescribeOp(op), mxDescribeResult(res, nil), id)
	}
	s := string(res.Items[0].Canonical)
	it, err := mxParse(s)
	if err != nil {
		t.Fatalf("%s: the answer's item does not read: %v: %q", what, err, s)
	}
	return it, s
}

// mxItem returns the item with sx:sync id id of an answer, read; it fails the case when the
// answer lacks it.
func mxItem(t *T, what string, res *FeedOpResult, id string) *feedsync.Item {
	for _, it := range res.Items {
		if it.SyncID == id {
			x, err := mxParse(string(it.Canonical))
			if err != nil {
				t.Fatalf("%s: item %s does not read: %v", what, id, err)
			}
			return x
		}
	}
	t.Fatalf("%s: the answer %s has no item %s", what, mxDescribeResult(res, nil), id)
	return nil
}

// mxMustParse reads a fixture.
func mxMustParse(t *T, s string) *feedsync.Item {
	it, err := mxParse(s)
	if err != nil {
		t.Fatalf("fixture does not read: %v", err)
	}
	return it
}

// mxFeed is an Atom or RSS feed document holding the item texts.
func mxFeed(format string, items ...string) string {
	if format == "rss" {
		return mergeRSSHead + strings.Join(items, "") + `</channel></rss>`
	}
	return mergeAtomHead + strings.Join(items, "") + `</feed>`
}

// ---------------------------------------------------------------------------------------------
// Random edit histories.

// mxBys are the endpoint IDs endpoints are drawn from: pairs whose octet order and length
// order disagree ("phone" > "laptop.ana", "b" > "aa"), letter case ("Zed" < "zed"), and a
// device ID.
var mxBys = []string{"phone", "laptop.ana", "b", "aa", "Zed", "zed", "A3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ"}

// mxBaseTime is when every endpoint's clock starts: all endpoints begin in the same second.
var mxBaseTime = time.Date(2008, 4, 23, 10, 0, 0, 0, time.UTC)

// mxTicks are the steps (milliseconds) an endpoint's clock makes before an action: often
// none (writers in the same second), fractions (cut off in when), back (clocks go wrong).
var mxTicks = []int{0, 0, 0, 0, 0, 0, 0, 0, 250, 1000, 1000, 2000, -1000, -30000, 3600000}

// mxZones are the zones an endpoint's clock reads in (when is written in UTC).
var mxZones = []*time.Location{time.UTC, time.UTC, time.FixedZone("", 2*3600), time.FixedZone("", -(5*3600 + 30*60))}

// mxEPSetup is one endpoint of a random history: its endpoint ID ("" for none), whether it
// has a clock, and its clock's zone.
type mxEPSetup struct {
	By    string
	Clock bool
	Zone  int
}

// mxAction is one step of a random history. Indexes are taken modulo what exists when it runs.
type mxAction struct {
	Kind        int // mxCreate …
	Ep, Other   int
	Pick        int
	Tick        int // milliseconds the endpoint's clock moves first
	Content     bool
	Sparse      bool
	Strip       bool
	NoConflicts bool
	Mask        uint8 // for merge-feed, bit i: the incoming feed holds the other's item i (0: every item)
}

const (
	mxCreate = iota
	mxUpdate
	mxDelete
	mxResolve
	mxMergeFeed
	mxMergeItem
	mxSameSecond // the endpoint and the other one update the same item, their clocks set to the same reading
	mxKinds
)

var mxKindNames = []string{"create", "update", "delete", "resolve", "merge-feed", "merge-item", "update"}

// mxSetup is a random history: the feed format, the endpoints and the actions.
type mxSetup struct {
	Format  string
	EPs     []mxEPSetup
	Shared  bool // the history starts with an item the first endpoint creates and every other merges
	Actions []mxAction
}

// drawMxSetup draws a history of 2–4 endpoints and up to maxActions actions. withBy gives
// every endpoint an endpoint ID, the condition under which merging is idempotent and
// order-independent (spec/feedsync.md §10.3, the limit of the guarantees).
func drawMxSetup(t *rapid.T, withBy bool, maxActions int) mxSetup {
	var s mxSetup
	s.Format = "atom"
	if rapid.IntRange(0, 3).Draw(t, "rss") == 0 {
		s.Format = "rss"
	}
	n := rapid.IntRange(2, 4).Draw(t, "endpoints")
	bys := rapid.Permutation(mxBys).Draw(t, "bys")
	for i := 0; i < n; i++ {
		ep := mxEPSetup{By: bys[i], Clock: true, Zone: rapid.IntRange(0, len(mxZones)-1).Draw(t, "zone")}
		kinds := 3
		if withBy {
			kinds = 2
		}
		switch rapid.IntRange(0, kinds-1).Draw(t, "endpoint-kind") {
		case 1:
			ep.Clock = false // by only
		case 2:
			ep.By = "" // when only
		}
		s.EPs = append(s.EPs, ep)
	}
	// rapid draws small integers most often, and shrinks towards them: the commonest and
	// simplest choices come first (an update by the next endpoint, a full merge from the
	// endpoint after it, content, no options).
	action := rapid.Custom(func(t *rapid.T) mxAction {
		a := mxAction{Ep: rapid.IntRange(0, 3).Draw(t, "ep"), Tick: rapid.SampledFrom(mxTicks).Draw(t, "tick")}
		a.Kind = []int{mxUpdate, mxMergeFeed, mxSameSecond, mxMergeItem, mxCreate, mxResolve, mxDelete, mxMergeFeed,
			mxUpdate, mxResolve, mxMergeItem, mxCreate, mxDelete}[rapid.IntRange(0, 12).Draw(t, "kind")]
		switch a.Kind {
		case mxCreate:
			a.NoConflicts = rapid.IntRange(0, 5).Draw(t, "noconflicts") == 5
		case mxUpdate, mxResolve:
			a.Pick = rapid.IntRange(0, 7).Draw(t, "pick")
			a.Content = rapid.IntRange(0, 3).Draw(t, "same-content") < 3
			a.Sparse = rapid.IntRange(0, 3).Draw(t, "sparse") == 3
		case mxDelete:
			a.Pick = rapid.IntRange(0, 7).Draw(t, "pick")
			a.Sparse = rapid.IntRange(0, 3).Draw(t, "sparse") == 3
			a.Strip = rapid.Bool().Draw(t, "strip")
		case mxMergeFeed:
			a.Other = rapid.IntRange(0, 3).Draw(t, "other")
			if rapid.IntRange(0, 2).Draw(t, "partial") == 2 {
				a.Mask = uint8(rapid.IntRange(1, 255).Draw(t, "mask"))
			}
		case mxMergeItem, mxSameSecond:
			a.Other = rapid.IntRange(0, 3).Draw(t, "other")
			a.Pick = rapid.IntRange(0, 7).Draw(t, "pick")
		}
		return a
	})
	s.Shared = rapid.IntRange(0, 3).Draw(t, "not-shared") < 3
	s.Actions = rapid.SliceOfN(action, 2, maxActions).Draw(t, "actions")
	return s
}

// mxEP is an endpoint of a running history: its clock and its feed.
type mxEP struct {
	name  string
	setup mxEPSetup
	now   time.Time
	ids   []string          // its items' sx:sync ids, in feed order
	items map[string]string // sx:sync id → item text
}

// Modes of a history run.
const (
	mxModeDiff = iota // ask the implementation and the reference, and require the same answers
	mxModeImpl
	mxModeRef
)

// mxRun runs a history against the implementation, the reference or both.
type mxRun struct {
	p       *P
	mode    int
	impl    MergeImpl
	format  string
	eps     []*mxEP
	created int
	content int
	quiet   bool // no step log (the reference's own run of a history)
	// onMerge, when set, sees every merge the implementation answered, with its inputs.
	onMerge func(op FeedOp, res *FeedOpResult)
	// written collects every version an edit (create, update, delete, resolve) wrote.
	written []string
}

// newMxRun starts a history: its endpoints with empty feeds.
func newMxRun(p *P, mode int, s mxSetup) *mxRun {
	r := &mxRun{p: p, mode: mode, format: s.Format}
	if mode != mxModeRef {
		mi := propAreaOf[MergeImpl](p)
		r.impl = mi
	}
	for i, e := range s.EPs {
		r.eps = append(r.eps, &mxEP{name: fmt.Sprintf("e%d", i), setup: e, now: mxBaseTime, items: map[string]string{}})
	}
	return r
}

func (r *mxRun) stepf(format string, a ...any) {
	if !r.quiet {
		r.p.Stepf(format, a...)
	}
}

// ask performs op in the run's mode and returns the answer, or the refusal; a difference from
// the reference, or a broken answer, ends the check.
func (r *mxRun) ask(who string, op FeedOp) (*FeedOpResult, *Refusal) {
	p := r.p
	var ref *FeedOpResult
	var refRefusal *Refusal
	if r.mode != mxModeImpl {
		var err error
		ref, refRefusal, err = mxSplit(Reference{}.FeedOp(op))
		if err != nil {
			p.Fatalf("%s: the reference cannot perform %s: %v", who, mxDescribeOp(op), err)
		}
		if r.mode == mxModeRef {
			r.stepf("%s: %s → reference: %s", who, mxDescribeOp(op), mxDescribeResult(ref, refRefusal))
			return ref, refRefusal
		}
	}
	res, err := r.impl.FeedOp(op)
	if p.Check(err) != nil && !isRefusal(err) {
		r.stepf("%s: %s → impl: %v", who, mxDescribeOp(op), err)
		p.Fatalf("%s: asked %s; the implementation answers %v; expected an answer or a refusal", who, mxDescribeOp(op), err)
	}
	res, refusal, err := mxSplit(res, err)
	if err != nil {
		p.Fatalf("%s: asked %s; the implementation: %v", who, mxDescribeOp(op), err)
	}
	if r.mode == mxModeImpl {
		r.stepf("%s: %s → impl: %s", who, mxDescribeOp(op), mxDescribeResult(res, refusal))
		if refusal != nil {
			// A refusal of input the reference accepts is a failure even without comparing.
			switch _, rr, rerr := mxSplit(Reference{}.FeedOp(op)); {
			case rerr != nil:
				p.Fatalf("%s: asked %s; the implementation refuses %s [%s]; its earlier answers, which make this input, do not read: %v", who, mxDescribeOp(op), refusal.Class, refusal.Req, rerr)
			case rr == nil:
				p.Fatalf("%s: asked %s; the implementation refuses %s [%s]; the reference accepts it", who, mxDescribeOp(op), refusal.Class, refusal.Req)
			}
		}
		return res, refusal
	}
	r.stepf("%s: %s → impl: %s; reference: %s", who, mxDescribeOp(op), mxDescribeResult(res, refusal), mxDescribeResult(ref, refRefusal))
	switch {
	case refusal != nil && refRefusal == nil:
		p.Fatalf("%s: asked %s; the implementation refuses %s [%s]; the reference answers %s", who, mxDescribeOp(op), refusal.Class, refusal.Req, mxDescribeResult(ref, nil))
	case refusal == nil && refRefusal != nil:
		p.Fatalf("%s: asked %s; the implementation answers %s; the reference refuses %s [%s]", who, mxDescribeOp(op), mxDescribeResult(res, nil), refRefusal.Class, refRefusal.Req)
	case refusal != nil:
		if refusal.Class != refRefusal.Class || refusal.Req != refRefusal.Req {
			p.Fatalf("%s: asked %s; the implementation refuses %s [%s]; the reference refuses %s [%s]", who, mxDescribeOp(op), refusal.Class, refusal.Req, refRefusal.Class, refRefusal.Req)
		}
		return nil, refusal
	}
	if d := mxDiff(op.Op, res, ref); d != "" {
		p.Fatalf("%s: asked %s; the implementation's answer differs from the reference's: %s", who, mxDescribeOp(op), d)
	}
	return res, nil
}

func isRefusal(err error) bool {
	var r *Refusal
	return errors.As(err, &r) && r != nil
}

// endpointOp is an operation of kind op as endpoint e writes it: its by and its clock.
func (r *mxRun) endpointOp(e *mxEP, op string) FeedOp {
	o := FeedOp{Op: op}
	if e.setup.By != "" {
		o.By = mxStr(e.setup.By)
	}
	if e.setup.Clock {
		w := e.now.In(mxZones[e.setup.Zone%len(mxZones)])
		o.When = &w
	}
	return o
}

// newContent is a fresh item element of the run's format; its title differs from every
// earlier content's.
func (r *mxRun) newContent(e *mxEP) *string {
	r.content++
	title := fmt.Sprintf("v%d by %s", r.content, e.name)
	if r.format == "rss" {
		s := `<item><title>` + title + `</title>`
		if r.content%2 == 0 {
			s += `<description>about ` + title + `</description>`
		}
		return mxStr(s + `</item>`)
	}
	s := fmt.Sprintf(`<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:uuid:c%d</id><title>%s</title><updated>%s</updated>`, r.content, title, mxBase)
	if r.content%2 == 0 {
		s += `<summary>about ` + title + `</summary>`
	}
	return mxStr(s + `</entry>`)
}

// feedOf is the feed document of endpoint e, with the items mask selects (0: all).
func (r *mxRun) feedOf(e *mxEP, mask uint8) string {
	var items []string
	for i, id := range e.ids {
		if mask == 0 || (i < 8 && mask&(1<<i) != 0) {
			items = append(items, e.items[id])
		}
	}
	return mxFeed(r.format, items...)
}

// store keeps an answer's items in endpoint e's feed.
func (r *mxRun) store(e *mxEP, items []FeedItem) {
	for _, it := range items {
		if _, ok := e.items[it.SyncID]; !ok {
			e.ids = append(e.ids, it.SyncID)
		}
		e.items[it.SyncID] = string(it.Canonical)
	}
}

// setFeed replaces endpoint e's feed with a merge-feed answer's items.
func (r *mxRun) setFeed(e *mxEP, items []FeedItem) {
	e.ids, e.items = nil, map[string]string{}
	r.store(e, items)
}

// pickItem returns the id of one of e's items (preferring ones with conflicts when
// conflicts), or "".
func (r *mxRun) pickItem(e *mxEP, pick int, conflicts bool) string {
	if len(e.ids) == 0 {
		return ""
	}
	if conflicts {
		var with []string
		for _, id := range e.ids {
			if strings.Contains(e.items[id], "conflicts>") {
				with = append(with, id)
			}
		}
		if len(with) > 0 {
			return with[pick%len(with)]
		}
	}
	return e.ids[pick%len(e.ids)]
}

// play runs a history: with shared, the first endpoint creates an item and every other
// endpoint merges its feed; then the actions.
func (r *mxRun) play(shared bool, actions []mxAction) {
	if shared {
		r.act(mxAction{Kind: mxCreate})
		for i := 1; i < len(r.eps); i++ {
			r.act(mxAction{Kind: mxMergeFeed, Ep: i, Other: len(r.eps)})
		}
	}
	for i, a := range actions {
		// Endpoints and the other endpoint of a merge count from the action's position, so
		// that the simplest draws (zeros) go round the endpoints and merge from the next one.
		a.Ep += i
		a.Other += a.Ep + 1
		r.act(a)
	}
}

func (r *mxRun) act(a mxAction) {
	n := len(r.eps)
	e := r.eps[a.Ep%n]
	e.now = e.now.Add(time.Duration(a.Tick) * time.Millisecond)
	who := e.name
	switch a.Kind {
	case mxCreate:
		prefix := "task-"
		if a.NoConflicts {
			prefix = "nc-"
		}
		id := fmt.Sprintf("%s%d", prefix, r.created)
		r.created++
		op := r.endpointOp(e, "create")
		op.Content, op.SyncID, op.NoConflicts = r.newContent(e), mxStr(id), mxBool(a.NoConflicts)
		r.edit(e, who, op)
	case mxUpdate, mxDelete, mxResolve:
		id := r.pickItem(e, a.Pick, a.Kind == mxResolve)
		if id == "" {
			return
		}
		op := r.endpointOp(e, mxKindNames[a.Kind])
		op.Item = mxStr(e.items[id])
		op.SparsePurge = a.Sparse
		if a.Kind == mxDelete {
			op.StripTombstone = a.Strip
		} else if a.Content {
			op.Content = r.newContent(e)
		}
		r.edit(e, who, op)
	case mxSameSecond:
		o := r.eps[a.Other%n]
		if o == e {
			o = r.eps[(a.Other+1)%n]
		}
		id := r.pickItem(e, a.Pick, false)
		if _, ok := o.items[id]; id == "" || !ok {
			return
		}
		o.now = e.now
		for _, x := range []*mxEP{e, o} {
			op := r.endpointOp(x, "update")
			op.Item, op.Content = mxStr(x.items[id]), r.newContent(x)
			r.edit(x, x.name, op)
		}
	case mxMergeFeed:
		o := r.eps[a.Other%n]
		if o == e {
			o = r.eps[(a.Other+1)%n]
		}
		op := FeedOp{Op: "merge-feed", Local: mxStr(r.feedOf(e, 0)), Incoming: mxStr(r.feedOf(o, a.Mask))}
		res, refusal := r.ask(who+"←"+o.name, op)
		if refusal != nil {
			return
		}
		if r.onMerge != nil {
			r.onMerge(op, res)
		}
		r.setFeed(e, res.Items)
	case mxMergeItem:
		o := r.eps[a.Other%n]
		if o == e {
			o = r.eps[(a.Other+1)%n]
		}
		if len(o.ids) == 0 {
			return
		}
		id := o.ids[a.Pick%len(o.ids)]
		op := FeedOp{Op: "merge-item", Incoming: mxStr(o.items[id])}
		if l, ok := e.items[id]; ok {
			op.Local = mxStr(l)
		}
		res, refusal := r.ask(who+"←"+o.name, op)
		if refusal != nil {
			return
		}
		if r.onMerge != nil {
			r.onMerge(op, res)
		}
		if len(res.Items) != 1 || res.Items[0].SyncID != id {
			r.p.Fatalf("%s←%s: asked %s; got %s; expected one item %s", who, o.name, mxDescribeOp(op), mxDescribeResult(res, nil), id)
		}
		r.store(e, res.Items)
	}
}

// edit performs create, update, delete or resolve for endpoint e and keeps the new version.
func (r *mxRun) edit(e *mxEP, who string, op FeedOp) {
	res, refusal := r.ask(who, op)
	if refusal != nil {
		return
	}
	if len(res.Items) != 1 {
		r.p.Fatalf("%s: asked %s; got %d items; expected one", who, mxDescribeOp(op), len(res.Items))
	}
	r.store(e, res.Items)
	r.written = append(r.written, string(res.Items[0].Canonical))
}

// exchange has every endpoint merge every other's whole feed once, in the order of the
// permutation perm of the ordered pairs (to, from).
func (r *mxRun) exchange(perm []int) {
	n := len(r.eps)
	var pairs [][2]int
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i != j {
				pairs = append(pairs, [2]int{i, j})
			}
		}
	}
	for _, k := range perm {
		if k >= len(pairs) {
			continue
		}
		to, from := r.eps[pairs[k][0]], r.eps[pairs[k][1]]
		op := FeedOp{Op: "merge-feed", Local: mxStr(r.feedOf(to, 0)), Incoming: mxStr(r.feedOf(from, 0))}
		res, refusal := r.ask(to.name+"←"+from.name, op)
		if refusal != nil {
			r.p.Fatalf("%s←%s: the merge of two feeds of the history is refused: %s [%s]", to.name, from.name, refusal.Class, refusal.Req)
		}
		if r.onMerge != nil {
			r.onMerge(op, res)
		}
		r.setFeed(to, res.Items)
	}
}

// gather has the first endpoint merge every other's whole feed, in the order perm gives
// (indexes of other endpoints; those out of range are skipped): all versions meet there.
func (r *mxRun) gather(perm []int) {
	for _, k := range perm {
		if k == 0 || k >= len(r.eps) {
			continue
		}
		r.act(mxAction{Kind: mxMergeFeed, Ep: 0, Other: k})
	}
}

// mxGatherPerm draws the order in which the first endpoint gathers the others' feeds.
func mxGatherPerm(t *rapid.T) []int {
	return rapid.Permutation([]int{1, 2, 3}).Draw(t, "gather-order")
}

// mxPairPerm draws an order of the n·(n−1) ordered pairs of 4 endpoints (pairs of missing
// endpoints are skipped).
func mxPairPerm(t *rapid.T) []int {
	idx := make([]int, 12)
	for i := range idx {
		idx[i] = i
	}
	return rapid.Permutation(idx).Draw(t, "exchange-order")
}

// ---------------------------------------------------------------------------------------------
// The laws checked on answers.

// mxKept reports whether version v (an item without conflicts) lives on in item out: it is one
// of out's versions (same canonical bytes) or is subsumed by one ([FS-SUB-2]).
func mxKept(v *feedsync.Item, out *feedsync.Item) bool {
	vb := v.Canonical()
	for _, x := range mxVersions(out) {
		if bytes.Equal(x.Canonical(), vb) || feedsync.ItemSubsumed(v, x) {
			return true
		}
	}
	return false
}

// mxCheckKept checks that a merge answer keeps every version of its inputs' items: for each
// item of local and incoming (but those with noconflicts="true", whose losers are discarded),
// each version lives on in the answer's item of the same id.
func mxCheckKept(p *P, op FeedOp, res *FeedOpResult) {
	var inputs []*feedsync.Item
	for _, s := range []*string{op.Local, op.Incoming} {
		if s == nil {
			continue
		}
		if op.Op == "merge-feed" {
			f, err := feedsync.Decode(strings.NewReader(*s))
			if err != nil {
				p.Fatalf("a history's feed does not decode: %v", err)
			}
			inputs = append(inputs, f.Items...)
		} else {
			it, err := mxParse(*s)
			if err != nil {
				p.Fatalf("a history's item does not read: %v", err)
			}
			inputs = append(inputs, it)
		}
	}
	outs := map[string]*feedsync.Item{}
	for _, it := range res.Items {
		x, err := mxParse(string(it.Canonical))
		if err != nil {
			p.Fatalf("%s: the answer's item %s does not read: %v", mxDescribeOp(op), it.SyncID, err)
		}
		outs[it.SyncID] = x
	}
	for _, in := range inputs {
		id, _ := in.Sync.Attr("id")
		out := outs[id]
		if out == nil {
			p.Fatalf("%s: the answer has no item %s; every item of the inputs must stay", mxDescribeOp(op), id)
		}
		if in.Sync.NoConflicts() || out.Sync.NoConflicts() {
			continue
		}
		for _, v := range mxVersions(in) {
			if !mxKept(v, out) {
				p.Fatalf("%s: the version [%s] of %s is lost: the answer's item [%s] neither holds it nor subsumes it",
					mxDescribeOp(op), mxSummary(string(v.Canonical())), id, mxSummary(string(out.Canonical())))
			}
		}
	}
}

// ---------------------------------------------------------------------------------------------
// The cases.

func codecMergeCases() []Case {
	return []Case{
		// Properties.
		{
			ID: "codec/feedsync/merge/differential-histories", Level: Must,
			Req: []string{"FS-ALG-1", "FS-ALG-4", "FS-CREATE-1", "FS-UPDATE-1", "FS-UPDATE-2", "FS-UPDATE-4", "FS-UPDATE-5",
				"FS-DELETE-1", "FS-DELETE-3", "FS-PURGE-2", "FS-RESOLVE-1", "FS-RESOLVE-2", "FS-RESOLVE-3",
				"FS-WIN-1", "FS-WIN-2", "FS-MERGE-1", "FS-MERGE-5", "FS-MERGE-6", "FS-MERGE-7", "FS-MERGE-8", "FS-MERGE-9",
				"FS-MERGE-10", "FS-FEED-3", "FS-FEED-4"},
			Flags:       []string{"winner-rule", "conflict-order", "lost-update", "by-length", "clock-zone"},
			Description: "Random edit histories on 2–4 endpoints (with and without by and clock, same-second writers, clocks going back) with random merge orders: every answer equals the reference's, byte for byte.",
			Ops:         mergeOps,
			Run: func(t *T) {
				t.Property(func(p *P) {
					s := drawMxSetup(p.T, false, 12)
					perm := mxGatherPerm(p.T)
					r := newMxRun(p, mxModeDiff, s)
					r.play(s.Shared, s.Actions)
					r.gather(perm)
				})
			},
		},
		{
			ID: "codec/feedsync/merge/convergence", Level: Must,
			Req:         []string{"FS-WIN-3", "FS-MERGE-4", "FS-MERGE-5", "FS-MERGE-7", "FS-FEED-3", "FS-FEED-4"},
			Flags:       []string{"convergence", "winner-rule", "conflict-order", "local-wins"},
			Description: "After random histories by endpoints with by, every endpoint merging every other's feed once, in a random order, leaves all endpoints with the same bytes for every item, the bytes the reference reaches.",
			Ops:         []string{"feedsync.create", "feedsync.update", "feedsync.delete", "feedsync.resolve", "feedsync.merge-feed", "feedsync.merge-item"},
			Run: func(t *T) {
				t.Property(func(p *P) {
					s := drawMxSetup(p.T, true, 10)
					perm := mxPairPerm(p.T)
					r := newMxRun(p, mxModeImpl, s)
					r.play(s.Shared, s.Actions)
					r.exchange(perm)
					first := r.eps[0]
					for _, e := range r.eps[1:] {
						if !slices.Equal(sortedIDs(e), sortedIDs(first)) {
							p.Fatalf("after the exchange %s holds items %v, %s holds %v; expected the same items", first.name, sortedIDs(first), e.name, sortedIDs(e))
						}
						for _, id := range first.ids {
							if a, b := first.items[id], e.items[id]; a != b {
								p.Fatalf("after the exchange %s and %s hold different bytes for %s (at byte %d): %q and %q; expected the same",
									first.name, e.name, id, firstDiff(a, b), excerpt(a, b), excerpt(b, a))
							}
						}
					}
					ref := newMxRun(p, mxModeRef, s)
					ref.quiet = true
					ref.play(s.Shared, s.Actions)
					ref.exchange(perm)
					for _, id := range sortedIDs(ref.eps[0]) {
						got, want := first.items[id], ref.eps[0].items[id]
						if got != want {
							p.Fatalf("after the exchange every endpoint holds %s as [%s]; the reference's endpoints hold [%s] (bytes differ at %d: %q, reference %q)",
								id, mxSummary(got), mxSummary(want), firstDiff(got, want), excerpt(got, want), excerpt(want, got))
						}
					}
					if len(first.ids) != len(ref.eps[0].ids) {
						p.Fatalf("after the exchange the endpoints hold %d items; the reference's %d", len(first.ids), len(ref.eps[0].ids))
					}
				})
			},
		},
		{
			ID: "codec/feedsync/merge/idempotent", Level: Must,
			Req:         []string{"FS-MERGE-9", "FS-MERGE-8", "FS-PURGE-3", "FS-FEED-3"},
			Flags:       []string{"idempotence", "outcome"},
			Description: "On the states of random histories by endpoints with by, merging a feed into itself, an item into itself, or the same feed a second time changes nothing and reports every item unchanged.",
			Ops:         mergeOps,
			Run: func(t *T) {
				t.Property(func(p *P) {
					s := drawMxSetup(p.T, true, 10)
					r := newMxRun(p, mxModeImpl, s)
					r.play(s.Shared, s.Actions)
					a := r.eps[rapid.IntRange(0, len(r.eps)-1).Draw(p.T, "a")]
					b := r.eps[rapid.IntRange(0, len(r.eps)-1).Draw(p.T, "b")]
					mask := uint8(rapid.IntRange(0, 255).Draw(p.T, "mask"))
					// A feed into itself.
					self := FeedOp{Op: "merge-feed", Local: mxStr(r.feedOf(a, 0)), Incoming: mxStr(r.feedOf(a, 0))}
					res, refusal := r.ask(a.name+"←"+a.name, self)
					if refusal != nil {
						p.Fatalf("%s: refused %s [%s]; expected the feed itself", mxDescribeOp(self), refusal.Class, refusal.Req)
					}
					mxSameFeed(p, self, res, a)
					// Each item into itself.
					for _, id := range a.ids {
						op := FeedOp{Op: "merge-item", Local: mxStr(a.items[id]), Incoming: mxStr(a.items[id])}
						res, refusal := r.ask(a.name+"←"+a.name, op)
						if refusal != nil {
							p.Fatalf("%s: refused %s [%s]; expected the item itself", mxDescribeOp(op), refusal.Class, refusal.Req)
						}
						if len(res.Items) != 1 || string(res.Items[0].Canonical) != a.items[id] || res.Outcomes[id] != "unchanged" {
							p.Fatalf("%s: got %s; expected the item itself, unchanged", mxDescribeOp(op), mxDescribeResult(res, nil))
						}
					}
					// The same feed twice.
					op := FeedOp{Op: "merge-feed", Local: mxStr(r.feedOf(a, 0)), Incoming: mxStr(r.feedOf(b, mask))}
					once, refusal := r.ask(a.name+"←"+b.name, op)
					if refusal != nil {
						p.Fatalf("%s: refused %s [%s]", mxDescribeOp(op), refusal.Class, refusal.Req)
					}
					r.setFeed(a, once.Items)
					op2 := FeedOp{Op: "merge-feed", Local: mxStr(r.feedOf(a, 0)), Incoming: op.Incoming}
					twice, refusal := r.ask(a.name+"←"+b.name+" again", op2)
					if refusal != nil {
						p.Fatalf("%s: refused %s [%s]", mxDescribeOp(op2), refusal.Class, refusal.Req)
					}
					mxSameFeed(p, op2, twice, a)
				})
			},
		},
		{
			ID: "codec/feedsync/merge/winner-total-order", Level: Must,
			Req:         []string{"FS-WIN-1", "FS-WIN-2", "FS-WIN-3", "FS-MERGE-4", "FS-MERGE-7", "FS-MERGE-10"},
			Flags:       []string{"winner-rule", "by-length", "local-wins", "conflict-order"},
			Description: "Two random versions of one item forked by writers that often share updates and when: merge-item gives the same item whichever is local, the item the reference gives, and merging either alone normalizes as the reference does.",
			Ops:         []string{"feedsync.merge-item"},
			Run:         mxWinnerOrder,
		},
		{
			ID: "codec/feedsync/merge/conflicts-preserved", Level: Must,
			Req:         []string{"FS-MERGE-2", "FS-MERGE-3", "FS-MERGE-5", "FS-MERGE-7", "FS-DELETE-2", "FS-FEED-3", "FS-FEED-4"},
			Flags:       []string{"lost-update", "conflicts-dropped", "local-wins"},
			Description: "In random histories by endpoints with by, every merge answer keeps every version of both inputs (tombstones included) as the item, a conflict, or subsumed by one of them; no version is lost.",
			Ops:         mergeOps,
			Run: func(t *T) {
				t.Property(func(p *P) {
					s := drawMxSetup(p.T, true, 12)
					perm := mxGatherPerm(p.T)
					r := newMxRun(p, mxModeImpl, s)
					r.onMerge = func(op FeedOp, res *FeedOpResult) { mxCheckKept(p, op, res) }
					r.play(s.Shared, s.Actions)
					r.gather(perm)
				})
			},
		},
		{
			ID: "codec/feedsync/feed/merge-feed-is-merge-item", Level: Must,
			Req:         []string{"FS-FEED-3", "FS-FEED-4", "FS-MERGE-9", "FS-MERGE-10"},
			Flags:       []string{"fast-path", "item-order", "outcome"},
			Description: "On the states of random histories, merge-feed gives the local items in order, each as merge-item gives it, then the incoming items the local feed lacks, in incoming order, with merge-item's outcomes.",
			Ops:         []string{"feedsync.create", "feedsync.update", "feedsync.delete", "feedsync.resolve", "feedsync.merge-feed", "feedsync.merge-item"},
			Run:         mxFeedIsItem,
		},
		{
			ID: "codec/feedsync/merge/no-hidden-state", Level: Must,
			Req:         []string{"FS-ALG-1"},
			Flags:       []string{"hidden-state", "monotonic-clock", "map-order"},
			Description: "After a random history and a create by an endpoint whose clock reads 9999-12-31T23:59:59Z, asking earlier operations again, in another order, gives the same answers: no answer depends on earlier calls, a remembered clock or the order of a map.",
			Ops:         mergeOps,
			Run:         mxNoHiddenState,
		},
		{
			ID: "codec/feedsync/update/refusals", Level: Must,
			Req:         []string{"FS-ALG-2", "FS-ALG-3", "FS-ALG-4", "FS-CREATE-2", "FS-UPDATE-1"},
			Flags:       []string{"endpoint-id-unchecked", "content-unchecked", "overflow"},
			Description: "Edits of random valid items with one fault each (a by that is not an NSS, no by and no clock, an id that is not an NSS, content with sx:sync, of the other format or not an item, an item without sx:sync, updates at 2147483647) are refused as invalid-input under the rule broken, as the reference refuses them.",
			Ops:         []string{"feedsync.create", "feedsync.update", "feedsync.delete", "feedsync.resolve"},
			Run:         mxRefusals,
		},
		// Fixed cases.
		{
			ID: "codec/feedsync/create/host-content-kept", Level: Must,
			Req:         []string{"FS-ALG-5", "FS-CREATE-1"},
			Flags:       []string{"host-content-rewritten", "atom-updated"},
			Description: "Create keeps the content's element as given (foreign markup, attributes, an atom:updated years before the clock) and only adds sx:sync.",
			Ops:         []string{"feedsync.create"},
			Run:         mxCreateHostKept,
		},
		{
			ID: "codec/feedsync/update/host-content-kept", Level: Must,
			Req:         []string{"FS-ALG-5", "FS-UPDATE-4"},
			Flags:       []string{"host-content-rewritten", "atom-updated"},
			Description: "Update and delete without content keep the item's host content byte for byte (atom:updated is not rewritten from the clock); update with content takes exactly the content.",
			Ops:         []string{"feedsync.update", "feedsync.delete"},
			Run:         mxUpdateHostKept,
		},
		{
			ID: "codec/feedsync/merge/host-content-kept", Level: Must,
			Req:         []string{"FS-ALG-5", "FS-MERGE-8", "FS-MERGE-7"},
			Flags:       []string{"host-content-rewritten", "atom-updated"},
			Description: "A merge of two concurrent edits keeps the winner's and the loser's host content byte for byte, in merge-item and merge-feed.",
			Ops:         []string{"feedsync.merge-item", "feedsync.merge-feed"},
			Run:         mxMergeHostKept,
		},
		{
			ID: "codec/feedsync/resolve/host-content-kept", Level: Must,
			Req:         []string{"FS-ALG-5", "FS-RESOLVE-1"},
			Flags:       []string{"host-content-rewritten", "atom-updated"},
			Description: "Resolve without content keeps the winner's host content and its deleted state; with content it takes exactly the content and is not deleted.",
			Ops:         []string{"feedsync.resolve"},
			Run:         mxResolveHostKept,
		},
		{
			ID: "codec/feedsync/delete/strip-only-in-delete", Level: Must,
			Req:         []string{"FS-DELETE-4", "FS-DELETE-3", "FS-DELETE-2"},
			Flags:       []string{"tombstone-stripped", "option-leak"},
			Description: "Asked with stripTombstone, update, resolve, merge-item and merge-feed never strip a tombstone's data: only the delete that makes the tombstone does.",
			Ops:         []string{"feedsync.delete", "feedsync.update", "feedsync.resolve", "feedsync.merge-item", "feedsync.merge-feed"},
			Run:         mxStripOnlyInDelete,
		},
		{
			ID: "codec/feedsync/purge/merge-keeps-histories", Level: Must,
			Req:         []string{"FS-PURGE-3", "FS-PURGE-1", "FS-MERGE-8"},
			Flags:       []string{"purge-in-merge", "history-order"},
			Description: "Merges asked with sparsePurge keep the histories of the winner and of every conflict exactly, redundant ones and their order included; only an update purges.",
			Ops:         []string{"feedsync.merge-item", "feedsync.merge-feed", "feedsync.update"},
			Run:         mxMergeKeepsHistories,
		},
		{
			ID: "codec/feedsync/update/counts-every-update", Level: Must,
			Req:         []string{"FS-UPDATE-1", "FS-UPDATE-2", "FS-DELETE-1"},
			Flags:       []string{"updates-not-incremented", "history-order"},
			Description: "Four updates and a delete by alternating endpoints give updates=6 and six histories, newest first, each with sequence equal to the updates it made.",
			Ops:         []string{"feedsync.update", "feedsync.delete"},
			Run:         mxCountsEveryUpdate,
		},
		{
			ID: "codec/feedsync/update/clock-as-read", Level: Must,
			Req:         []string{"FS-ALG-1", "FS-ALG-4", "FS-UPDATE-2"},
			Flags:       []string{"monotonic-clock", "hidden-state"},
			Description: "An update writes the endpoint's clock as read, even when it is earlier than the item's topmost when or than a clock read in an earlier call.",
			Ops:         []string{"feedsync.update"},
			Run:         mxClockAsRead,
		},
		{
			ID: "codec/feedsync/resolve/folds-and-clears", Level: Must,
			Req:         []string{"FS-RESOLVE-2", "FS-RESOLVE-3", "FS-SUB-2"},
			Flags:       []string{"conflicts-resurrected", "resolve-no-fold"},
			Description: "Resolving an item with two conflicts removes sx:conflicts, adds one update, and subsumes both conflicts: merging either old conflict back into the result leaves it unchanged.",
			Ops:         []string{"feedsync.resolve", "feedsync.merge-item"},
			Run:         mxResolveFoldsAndClears,
		},
		{
			ID: "codec/feedsync/merge/concurrent-edits-either-side", Level: Must,
			Req:         []string{"FS-WIN-1", "FS-WIN-3", "FS-MERGE-6", "FS-MERGE-7", "FS-MERGE-9"},
			Flags:       []string{"local-wins", "by-length", "conflicts-dropped"},
			Description: "Two edits of one item with the same updates and when by phone and laptop.ana: phone wins (octet order, not length) whichever is local, and laptop.ana's edit is its one conflict, outcome conflict.",
			Ops:         []string{"feedsync.merge-item"},
			Run:         mxConcurrentEdits,
		},
		{
			ID: "codec/feedsync/delete/tombstone-vs-edit", Level: Must,
			Req:         []string{"FS-DELETE-2", "FS-WIN-1", "FS-MERGE-7"},
			Flags:       []string{"tombstone", "local-wins", "conflicts-dropped"},
			Description: "A delete and a concurrent edit with the same updates conflict: the later one wins whichever is local, and the other is kept as a conflict, a tombstone keeping deleted=\"true\".",
			Ops:         []string{"feedsync.merge-item", "feedsync.merge-feed"},
			Run:         mxTombstoneVsEdit,
		},
	}
}

func sortedIDs(e *mxEP) []string {
	ids := slices.Clone(e.ids)
	slices.Sort(ids)
	return ids
}

// mxSameFeed fails the check unless the merge-feed answer res holds exactly endpoint e's
// items, in order, each unchanged, and reports every item of the incoming feed unchanged.
func mxSameFeed(p *P, op FeedOp, res *FeedOpResult, e *mxEP) {
	incoming := map[string]bool{}
	if f, err := feedsync.Decode(strings.NewReader(*op.Incoming)); err == nil {
		for _, it := range f.Items {
			id, _ := it.Sync.Attr("id")
			incoming[id] = true
		}
	}
	if len(res.Items) != len(e.ids) {
		p.Fatalf("%s: got %d items; expected the %d items of the local feed", mxDescribeOp(op), len(res.Items), len(e.ids))
	}
	for i, it := range res.Items {
		id := e.ids[i]
		if it.SyncID != id || string(it.Canonical) != e.items[id] {
			p.Fatalf("%s: item %d is [%s]; expected [%s], unchanged", mxDescribeOp(op), i, mxSummary(string(it.Canonical)), mxSummary(e.items[id]))
		}
		if o := res.Outcomes[id]; incoming[id] && o != "unchanged" {
			p.Fatalf("%s: item %s has outcome %q; expected \"unchanged\"", mxDescribeOp(op), id, o)
		}
	}
}

// mxWinnerOrder: two versions forked from one creation by writers drawn from a small set of
// by and when values, optionally each merged with a third version first (so that both carry
// conflicts), built with the reference; the implementation's merge-item must not depend on
// which is local.
func mxWinnerOrder(t *T) {
	whens := []string{"2008-04-23T10:00:00Z", "2008-04-23T10:00:00Z", "2008-04-23T10:00:01Z"}
	bys := []string{"phone", "laptop.ana", "b", "aa", ""}
	t.Property(func(p *P) {
		mi := propAreaOf[MergeImpl](p)
		refOne := func(op FeedOp) string {
			res, err := Reference{}.FeedOp(op)
			if err != nil || len(res.Items) != 1 {
				p.Fatalf("the reference cannot build a version: %s: %v", mxDescribeOp(op), err)
			}
			return string(res.Items[0].Canonical)
		}
		content := 0
		edit := func(item, label string) string {
			by := rapid.SampledFrom(bys).Draw(p.T, label+"-by")
			when := rapid.SampledFrom(whens).Draw(p.T, label+"-when")
			kind := rapid.IntRange(0, 3).Draw(p.T, label+"-kind")
			op := FeedOp{Op: "update", Item: mxStr(item), When: mxWhen(when)}
			if by != "" {
				op.By = mxStr(by)
			}
			switch kind {
			case 0:
				op.Op = "delete"
			case 1:
				// the same content
			default:
				content++
				op.Content = mxStr(`<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:uuid:w</id><title>` + label + fmt.Sprint(content) + `</title><updated>` + mxBase + `</updated></entry>`)
			}
			res, err := Reference{}.FeedOp(op)
			if err != nil || len(res.Items) != 1 {
				return item // a writer whose sequence is taken ([FS-UPDATE-3]) writes nothing
			}
			return string(res.Items[0].Canonical)
		}
		base := refOne(FeedOp{Op: "create", Content: mxStr(`<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:uuid:w</id><title>base</title><updated>` + mxBase + `</updated></entry>`),
			SyncID: mxStr("w"), NoConflicts: mxBool(false), By: mxStr("origin"), When: mxWhen(mxBase)})
		fork := func(label string) string {
			it := base
			for i := rapid.IntRange(0, 3).Draw(p.T, label+"-edits"); i > 0; i-- {
				it = edit(it, label)
			}
			return it
		}
		x, y := fork("x"), fork("y")
		if rapid.IntRange(0, 2).Draw(p.T, "x-with-conflicts") == 0 {
			x = refOne(FeedOp{Op: "merge-item", Local: mxStr(x), Incoming: mxStr(fork("z"))})
		}
		if rapid.IntRange(0, 2).Draw(p.T, "y-with-conflicts") == 0 {
			y = refOne(FeedOp{Op: "merge-item", Local: mxStr(y), Incoming: mxStr(fork("u"))})
		}
		ask := func(local *string, incoming string) *FeedOpResult {
			op := FeedOp{Op: "merge-item", Local: local, Incoming: mxStr(incoming)}
			ref, _, err := mxSplit(Reference{}.FeedOp(op))
			if err != nil || ref == nil {
				p.Fatalf("the reference cannot merge %s: %v", mxDescribeOp(op), err)
			}
			res, err := mi.FeedOp(op)
			if p.Check(err) != nil {
				p.Stepf("%s → impl: %v", mxDescribeOp(op), err)
				p.Fatalf("asked %s; the implementation answers %v; expected %s", mxDescribeOp(op), err, mxDescribeResult(ref, nil))
			}
			p.Stepf("%s → impl: %s; reference: %s", mxDescribeOp(op), mxDescribeResult(res, nil), mxDescribeResult(ref, nil))
			if d := mxDiff("merge-item", res, ref); d != "" {
				p.Fatalf("asked %s; the implementation's answer differs from the reference's: %s", mxDescribeOp(op), d)
			}
			return res
		}
		xy := ask(mxStr(x), y)
		yx := ask(mxStr(y), x)
		if a, b := string(xy.Items[0].Canonical), string(yx.Items[0].Canonical); a != b {
			p.Fatalf("merge-item(x, y) and merge-item(y, x) differ at byte %d: %q and %q; expected the same item", firstDiff(a, b), excerpt(a, b), excerpt(b, a))
		}
		ask(nil, x)
	})
}

// mxFeedIsItem compares the implementation's merge-feed with its own merge-item on the states
// of a random history, and with the reference.
func mxFeedIsItem(t *T) {
	t.Property(func(p *P) {
		s := drawMxSetup(p.T, false, 10)
		r := newMxRun(p, mxModeImpl, s)
		r.play(s.Shared, s.Actions)
		a := r.eps[rapid.IntRange(0, len(r.eps)-1).Draw(p.T, "a")]
		b := r.eps[rapid.IntRange(0, len(r.eps)-1).Draw(p.T, "b")]
		mask := uint8(rapid.IntRange(0, 255).Draw(p.T, "mask"))
		op := FeedOp{Op: "merge-feed", Local: mxStr(r.feedOf(a, 0)), Incoming: mxStr(r.feedOf(b, mask))}
		r.mode = mxModeDiff
		res, refusal := r.ask(a.name+"←"+b.name, op)
		if refusal != nil {
			return // both refuse alike
		}
		r.mode = mxModeImpl
		var incoming []string
		for i, id := range b.ids {
			if mask == 0 || (i < 8 && mask&(1<<i) != 0) {
				incoming = append(incoming, id)
			}
		}
		want := slices.Clone(a.ids)
		for _, id := range incoming {
			if _, ok := a.items[id]; !ok {
				want = append(want, id)
			}
		}
		var got []string
		for _, it := range res.Items {
			got = append(got, it.SyncID)
		}
		if !slices.Equal(got, want) {
			p.Fatalf("%s: items %v; expected %v (local order, then new items in incoming order)", mxDescribeOp(op), got, want)
		}
		for _, id := range incoming {
			iop := FeedOp{Op: "merge-item", Incoming: mxStr(b.items[id])}
			if l, ok := a.items[id]; ok {
				iop.Local = mxStr(l)
			}
			ires, refusal := r.ask(a.name+"←"+b.name+" "+id, iop)
			if refusal != nil {
				p.Fatalf("%s: refused %s [%s]; merge-feed merged it", mxDescribeOp(iop), refusal.Class, refusal.Req)
			}
			var fromFeed FeedItem
			for _, it := range res.Items {
				if it.SyncID == id {
					fromFeed = it
				}
			}
			if len(ires.Items) != 1 || !bytes.Equal(ires.Items[0].Canonical, fromFeed.Canonical) {
				p.Fatalf("item %s: merge-item gives %s, merge-feed [%s]; expected the same item", id, mxDescribeResult(ires, nil), mxSummary(string(fromFeed.Canonical)))
			}
			if ires.Outcomes[id] != res.Outcomes[id] {
				p.Fatalf("item %s: merge-item's outcome %q, merge-feed's %q; expected the same", id, ires.Outcomes[id], res.Outcomes[id])
			}
		}
	})
}

// mxNoHiddenState runs a history on the implementation, keeping every operation and answer,
// then asks a drawn selection of them again in a drawn order.
func mxNoHiddenState(t *T) {
	t.Property(func(p *P) {
		s := drawMxSetup(p.T, false, 10)
		r := newMxRun(p, mxModeImpl, s)
		type asked struct {
			op  FeedOp
			res *FeedOpResult
			ref *Refusal
		}
		var log []asked
		r.onMerge = nil
		inner := r.impl
		r.impl = mxRecorder{MergeImpl: inner, record: func(op FeedOp, res *FeedOpResult, err error) {
			if _, rr, e := mxSplit(res, err); e == nil {
				log = append(log, asked{op, res, rr})
			}
		}}
		r.play(s.Shared, s.Actions)
		r.impl = inner
		if len(log) == 0 {
			return
		}
		// In between, an endpoint whose clock reads the last second of 9999 creates an item:
		// an implementation that remembers the latest clock reading now answers differently.
		r.ask("far-future", FeedOp{Op: "create", Content: r.newContent(r.eps[0]), SyncID: mxStr("far-future"),
			NoConflicts: mxBool(false), By: mxStr("clock.wrong"), When: mxWhen("9999-12-31T23:59:59Z")})
		idx := make([]int, len(log))
		for i := range idx {
			idx[i] = i
		}
		order := rapid.Permutation(idx).Draw(p.T, "again-order")
		for _, i := range order {
			a := log[i]
			res, refusal := r.ask("again", a.op)
			switch {
			case (refusal == nil) != (a.ref == nil):
				p.Fatalf("%s asked again: %s; the first time: %s; expected the same answer", mxDescribeOp(a.op), mxDescribeResult(res, refusal), mxDescribeResult(a.res, a.ref))
			case refusal != nil:
				if refusal.Class != a.ref.Class || refusal.Req != a.ref.Req {
					p.Fatalf("%s asked again: refused %s [%s]; the first time %s [%s]", mxDescribeOp(a.op), refusal.Class, refusal.Req, a.ref.Class, a.ref.Req)
				}
			default:
				if d := mxDiff(a.op.Op, res, a.res); d != "" {
					p.Fatalf("%s asked again answers differently: %s", mxDescribeOp(a.op), d)
				}
			}
		}
	})
}

// mxBadNSS are endpoint IDs and sx:sync ids that are not NSS strings ([FS-LEX-2]).
var mxBadNSS = []string{"a b", " laptop", "tab\tx", "ü", "%zz", "a%2", "<x>"}

// mxRefusals draws a valid item (built with the reference), one edit and one fault, and
// requires the refusal the fault calls for.
func mxRefusals(t *T) {
	t.Property(func(p *P) {
		mi := propAreaOf[MergeImpl](p)
		rss := rapid.Bool().Draw(p.T, "rss")
		content := func(title string) string {
			if rss {
				return `<item><title>` + title + `</title></item>`
			}
			return `<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:uuid:r</id><title>` + title + `</title><updated>` + mxBase + `</updated></entry>`
		}
		other := func(title string) string {
			if !rss {
				return `<item><title>` + title + `</title></item>`
			}
			return `<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:uuid:r</id><title>` + title + `</title><updated>` + mxBase + `</updated></entry>`
		}
		build := func(op FeedOp) string {
			res, err := Reference{}.FeedOp(op)
			if err != nil || len(res.Items) != 1 {
				p.Fatalf("the reference cannot build an item: %s: %v", mxDescribeOp(op), err)
			}
			return string(res.Items[0].Canonical)
		}
		when := mxWhen(mxBase)
		item := build(FeedOp{Op: "create", Content: mxStr(content("v1")), SyncID: mxStr("r-1"), NoConflicts: mxBool(false), By: mxStr("laptop.ana"), When: when})
		for i := rapid.IntRange(0, 2).Draw(p.T, "updates"); i > 0; i-- {
			item = build(FeedOp{Op: "update", Item: mxStr(item), Content: mxStr(content(fmt.Sprint("v", i+1))), By: mxStr(rapid.SampledFrom(mxBys).Draw(p.T, "by")), When: when})
		}
		kind := drawFrom(p.T, []string{"create", "update", "delete", "resolve"}, "op")
		op := FeedOp{Op: kind, By: mxStr("phone"), When: mxWhen("2008-04-23T10:01:00Z")}
		if kind == "create" {
			op.Content, op.SyncID, op.NoConflicts = mxStr(content("new")), mxStr("r-2"), mxBool(false)
		} else {
			op.Item = mxStr(item)
			if kind != "delete" && rapid.Bool().Draw(p.T, "with-content") {
				op.Content = mxStr(content("new"))
			}
		}
		faults := []string{"by", "no-endpoint", "not-an-item"}
		if kind == "create" {
			faults = append(faults, "id")
		} else {
			faults = append(faults, "overflow")
		}
		if kind != "delete" {
			faults = append(faults, "content-sync")
			if kind != "create" {
				faults = append(faults, "other-format")
			}
		}
		fault := drawFrom(p.T, faults, "fault")
		var req string
		switch fault {
		case "by":
			op.By, req = mxStr(drawFrom(p.T, mxBadNSS, "bad-by")), "FS-ALG-4"
		case "no-endpoint":
			op.By, op.When, req = nil, nil, "FS-ALG-4"
		case "id":
			op.SyncID, req = mxStr(drawFrom(p.T, mxBadNSS, "bad-id")), "FS-CREATE-2"
		case "overflow":
			// updates and the topmost history's sequence at the largest value.
			tag, _ := mxTag(item, "sync")
			u := mxAttr(tag, "updates")
			i := strings.Index(item, tag)
			head, rest := item[:i], item[i:]
			rest = strings.Replace(rest, `updates="`+u+`"`, `updates="2147483647"`, 1)
			rest = strings.Replace(rest, `sequence="`+u+`"`, `sequence="2147483647"`, 1)
			op.Item, req = mxStr(head+rest), "FS-UPDATE-1"
		case "content-sync":
			c := content("with sync")
			c = strings.Replace(c, "<title>", `<sx:sync xmlns:sx="http://feedsync.org/2007/feedsync" id="r-9" updates="1"><sx:history sequence="1" by="x"/></sx:sync><title>`, 1)
			op.Content, req = mxStr(c), "FS-ALG-3"
		case "other-format":
			op.Content, req = mxStr(other("other")), "FS-ALG-3"
		case "not-an-item":
			if kind == "delete" {
				op.Item = mxStr(content("not in synchronization")) // an item without sx:sync
				req = "FS-ALG-2"
			} else {
				op.Content = mxStr(drawFrom(p.T, []string{`<entry xmlns="urn:example:not-atom"><title>another namespace</title></entry>`,
					`<item xmlns="http://www.w3.org/2005/Atom"><title>an Atom item</title></item>`,
					`<title xmlns="http://www.w3.org/2005/Atom">a title</title>`}, "not-an-item"))
				req = "FS-ALG-3"
			}
		}
		_, refRefusal, err := mxSplit(Reference{}.FeedOp(op))
		if err != nil {
			p.Fatalf("the reference cannot perform %s: %v", mxDescribeOp(op), err)
		}
		res, err := mi.FeedOp(op)
		if p.Check(err) != nil && !isRefusal(err) {
			p.Stepf("%s (fault: %s) → impl: %v", mxDescribeOp(op), fault, err)
			p.Fatalf("asked %s; the implementation answers %v; expected a refusal [%s]", mxDescribeOp(op), err, req)
		}
		res, refusal, _ := mxSplit(res, err)
		p.Stepf("%s (fault: %s) → impl: %s; reference: %s", mxDescribeOp(op), fault, mxDescribeResult(res, refusal), mxDescribeResult(nil, refRefusal))
		if refRefusal == nil || refRefusal.Req != req {
			p.Fatalf("the reference does not refuse %s under %s (harness defect)", mxDescribeOp(op), req)
		}
		switch {
		case refusal == nil:
			p.Fatalf("asked %s (fault: %s); the implementation answers %s; expected a refusal invalid-input [%s]", mxDescribeOp(op), fault, mxDescribeResult(res, nil), req)
		case refusal.Class != "invalid-input" || refusal.Req != req:
			p.Fatalf("asked %s (fault: %s); the implementation refuses %s [%s]; expected invalid-input [%s]", mxDescribeOp(op), fault, refusal.Class, refusal.Req, req)
		}
	})
}

// mxRecorder passes operations to an implementation and records them.
type mxRecorder struct {
	MergeImpl
	record func(FeedOp, *FeedOpResult, error)
}

func (m mxRecorder) FeedOp(op FeedOp) (*FeedOpResult, error) {
	res, err := m.MergeImpl.FeedOp(op)
	m.record(op, res, err)
	return res, err
}

// mxRichHost is host content with foreign markup, an xml:lang and an atom:updated years
// before any clock the cases use.
const mxRichHost = `<id>urn:uuid:mx-1</id><title type="text">Buy milk</title><updated>2001-02-03T04:05:06Z</updated>` +
	`<author><name>Ana</name></author><category term="errands"/>` +
	`<summary xml:lang="en">Semi-skimmed</summary><geo:point xmlns:geo="http://www.georss.org/georss">45.2 4.8</geo:point>`

func mxCreateHostKept(t *T) {
	content := `<entry xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">` + mxRichHost + `</entry>`
	op := FeedOp{Op: "create", Content: mxStr(content), SyncID: mxStr("task-1"), NoConflicts: mxBool(false),
		By: mxStr("laptop.ana"), When: mxWhen("2008-04-23T10:00:00Z")}
	it, _ := mxOne(t, "create", op, "task-1")
	el, err := mergeContent(content)
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	want := string((&feedsync.Item{Element: el}).Canonical())
	if got := mxHostBytes(it); got != want {
		t.Fatalf("create: the item's host content is %q; expected the content as given %q (differs at byte %d)", excerpt(got, want), excerpt(want, got), firstDiff(got, want))
	}
	if !strings.Contains(mxHostBytes(it), "2001-02-03T04:05:06Z") {
		t.Fatalf("create: atom:updated is not 2001-02-03T04:05:06Z")
	}
	if h := mxHistories(it); !slices.Equal(h, []string{"laptop.ana#1@2008-04-23T10:00:00Z"}) {
		t.Fatalf("create: histories %v; expected [laptop.ana#1@2008-04-23T10:00:00Z]", h)
	}
}

func mxUpdateHostKept(t *T) {
	item := mxEntry(mxRichHost, mxSync(`id="task-1" updates="1"`, mxHist(1, mxBase, "laptop.ana")))
	orig := mxHostBytes(mxMustParse(t, item))
	when := mxWhen("2009-06-07T08:09:10Z")
	for _, kind := range []string{"update", "delete"} {
		op := FeedOp{Op: kind, Item: mxStr(item), By: mxStr("phone"), When: when}
		it, _ := mxOne(t, kind+" without content", op, "task-1")
		if got := mxHostBytes(it); got != orig {
			t.Errorf("%s without content at 2009-06-07T08:09:10Z: host content %q; expected it unchanged %q (differs at byte %d)", kind, excerpt(got, orig), excerpt(orig, got), firstDiff(got, orig))
		}
	}
	content := `<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:uuid:mx-1</id><title>Buy oat milk</title><updated>2001-02-03T04:05:07Z</updated></entry>`
	el, err := mergeContent(content)
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	want := string((&feedsync.Item{Element: el}).Canonical())
	it, _ := mxOne(t, "update with content", FeedOp{Op: "update", Item: mxStr(item), Content: mxStr(content), By: mxStr("phone"), When: when}, "task-1")
	if got := mxHostBytes(it); got != want {
		t.Errorf("update with content: host content %q; expected exactly the content %q (differs at byte %d)", excerpt(got, want), excerpt(want, got), firstDiff(got, want))
	}
}

func mxMergeHostKept(t *T) {
	hostX := mxRichHost
	hostY := `<id>urn:uuid:mx-1</id><title>Buy oat milk</title><updated>2001-02-03T04:05:06Z</updated><link rel="alternate" href="https://x.example/1"/>`
	x := mxEntry(hostX, mxSync(`id="task-1" updates="2"`, mxHist(2, "2008-04-23T10:05:00Z", "phone"), mxHist(1, mxBase, "laptop.ana")))
	y := mxEntry(hostY, mxSync(`id="task-1" updates="2"`, mxHist(2, "2008-04-23T10:04:00Z", "laptop.ana"), mxHist(1, mxBase, "laptop.ana")))
	wantW, wantL := mxHostBytes(mxMustParse(t, x)), mxHostBytes(mxMustParse(t, y))
	check := func(what string, it *feedsync.Item) {
		if got := mxHostBytes(it); got != wantW {
			t.Errorf("%s: the winner's host content %q; expected the later edit's unchanged %q (differs at byte %d)", what, excerpt(got, wantW), excerpt(wantW, got), firstDiff(got, wantW))
		}
		cs := mxConflictItems(it)
		if len(cs) != 1 {
			t.Fatalf("%s: %d conflicts; expected the earlier edit as the one conflict", what, len(cs))
		}
		if got := mxHostBytes(cs[0]); got != wantL {
			t.Errorf("%s: the conflict's host content %q; expected the earlier edit's unchanged %q (differs at byte %d)", what, excerpt(got, wantL), excerpt(wantL, got), firstDiff(got, wantL))
		}
	}
	it, _ := mxOne(t, "merge-item", FeedOp{Op: "merge-item", Local: mxStr(y), Incoming: mxStr(x)}, "task-1")
	check("merge-item(earlier edit, later edit)", it)
	res := mxAsk(t, "merge-feed", FeedOp{Op: "merge-feed", Local: mxStr(mxFeed("atom", x)), Incoming: mxStr(mxFeed("atom", y))})
	check("merge-feed(later edit, earlier edit)", mxItem(t, "merge-feed", res, "task-1"))
}

func mxResolveHostKept(t *T) {
	winner := mxRichHost
	loser := `<id>urn:uuid:mx-1</id><title>Buy oat milk</title><updated>2001-02-03T04:05:06Z</updated>`
	conflict := mxEntry(loser, mxSync(`id="task-1" updates="2"`, mxHist(2, "2008-04-23T10:04:00Z", "laptop.ana"), mxHist(1, mxBase, "laptop.ana")))
	item := mxEntry(winner, mxSync(`id="task-1" updates="2" deleted="true"`, mxHist(2, "2008-04-23T10:05:00Z", "phone"), mxHist(1, mxBase, "laptop.ana"), mxConflicts(conflict)))
	want := mxHostBytes(mxMustParse(t, item))
	it, _ := mxOne(t, "resolve without content", FeedOp{Op: "resolve", Item: mxStr(item), By: mxStr("tablet"), When: mxWhen("2009-01-01T00:00:00Z")}, "task-1")
	if got := mxHostBytes(it); got != want {
		t.Errorf("resolve without content: host content %q; expected the winner's unchanged %q (differs at byte %d)", excerpt(got, want), excerpt(want, got), firstDiff(got, want))
	}
	if !it.Sync.Deleted() {
		t.Errorf("resolve without content of a tombstone: the result is not deleted; expected deleted=\"true\" kept")
	}
	content := `<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:uuid:mx-1</id><title>Buy both</title><updated>2001-02-03T04:05:08Z</updated></entry>`
	el, err := mergeContent(content)
	if err != nil {
		t.Fatalf("fixture: %v", err)
	}
	wantC := string((&feedsync.Item{Element: el}).Canonical())
	it, _ = mxOne(t, "resolve with content", FeedOp{Op: "resolve", Item: mxStr(item), Content: mxStr(content), By: mxStr("tablet"), When: mxWhen("2009-01-01T00:00:00Z")}, "task-1")
	if got := mxHostBytes(it); got != wantC {
		t.Errorf("resolve with content: host content %q; expected exactly the content %q (differs at byte %d)", excerpt(got, wantC), excerpt(wantC, got), firstDiff(got, wantC))
	}
	if it.Sync.Deleted() {
		t.Errorf("resolve with content of a tombstone: the result is deleted; expected it not deleted")
	}
}

func mxStripOnlyInDelete(t *T) {
	full := mxRichHost
	// A tombstone with its data, deleted without stripping, and a concurrent edit it beats.
	tomb := mxEntry(full, mxSync(`id="task-1" updates="2" deleted="true"`, mxHist(2, "2008-04-23T10:06:00Z", "phone"), mxHist(1, mxBase, "laptop.ana")))
	edit := mxEntry(`<id>urn:uuid:mx-1</id><title>Buy oat milk</title><updated>2001-02-03T04:05:06Z</updated><summary>Oat</summary>`,
		mxSync(`id="task-1" updates="2"`, mxHist(2, "2008-04-23T10:05:00Z", "laptop.ana"), mxHist(1, mxBase, "laptop.ana")))
	tombHost := mxHostBytes(mxMustParse(t, tomb))
	// The control: the delete itself strips when asked.
	live := mxEntry(full, mxSync(`id="task-1" updates="1"`, mxHist(1, mxBase, "laptop.ana")))
	it, _ := mxOne(t, "delete", FeedOp{Op: "delete", Item: mxStr(live), By: mxStr("phone"), When: mxWhen("2008-04-23T10:06:00Z"), StripTombstone: true}, "task-1")
	if strings.Contains(mxHostBytes(it), "Semi-skimmed") {
		t.Errorf("delete with stripTombstone keeps atom:summary; expected only atom:id, atom:title and atom:updated ([FS-DELETE-3])")
	}
	keep := func(what string, it *feedsync.Item) {
		if got := mxHostBytes(it); got != tombHost {
			t.Errorf("%s with stripTombstone: the tombstone's host content %q; expected it unchanged %q (differs at byte %d)", what, excerpt(got, tombHost), excerpt(tombHost, got), firstDiff(got, tombHost))
		}
	}
	it, _ = mxOne(t, "merge-item", FeedOp{Op: "merge-item", Local: mxStr(edit), Incoming: mxStr(tomb), StripTombstone: true}, "task-1")
	keep("merge-item", it)
	res := mxAsk(t, "merge-feed", FeedOp{Op: "merge-feed", Local: mxStr(mxFeed("atom", edit)), Incoming: mxStr(mxFeed("atom", tomb)), StripTombstone: true})
	keep("merge-feed", mxItem(t, "merge-feed", res, "task-1"))
	merged := mxEntry(full, mxSync(`id="task-1" updates="2" deleted="true"`, mxHist(2, "2008-04-23T10:06:00Z", "phone"), mxHist(1, mxBase, "laptop.ana"), mxConflicts(edit)))
	it, _ = mxOne(t, "resolve", FeedOp{Op: "resolve", Item: mxStr(merged), By: mxStr("tablet"), When: mxWhen("2008-04-23T10:07:00Z"), StripTombstone: true}, "task-1")
	if !it.Sync.Deleted() {
		t.Errorf("resolve without content of a tombstone: not deleted; expected deleted=\"true\"")
	}
	keep("resolve", it)
	it, _ = mxOne(t, "update", FeedOp{Op: "update", Item: mxStr(tomb), By: mxStr("tablet"), When: mxWhen("2008-04-23T10:07:00Z"), StripTombstone: true}, "task-1")
	keep("update", it)
}

func mxMergeKeepsHistories(t *T) {
	// The winner's histories hold redundant entries (lower sequences of phone and laptop.ana)
	// in an order a purge would change.
	hists := []string{mxHist(4, "2008-04-23T10:08:00Z", "phone"), mxHist(3, "2008-04-23T10:07:00Z", "laptop.ana"),
		mxHist(2, "2008-04-23T10:06:00Z", "phone"), mxHist(2, "2008-04-23T10:05:30Z", ""), mxHist(1, "2008-04-23T10:05:00Z", "laptop.ana")}
	winner := mxEntry(mxHost("winner"), mxSync(`id="task-1" updates="4"`, hists...))
	// The loser, concurrent with the winner's last two updates, with redundant entries too.
	loser := mxEntry(mxHost("loser"), mxSync(`id="task-1" updates="3"`, mxHist(3, "2008-04-23T10:07:30Z", "tablet"),
		mxHist(2, "2008-04-23T10:06:00Z", "phone"), mxHist(1, "2008-04-23T10:05:00Z", "tablet"), mxHist(1, "2008-04-23T10:05:00Z", "laptop.ana")))
	wantW := mxHistories(mxMustParse(t, winner))
	wantL := mxHistories(mxMustParse(t, loser))
	check := func(what string, it *feedsync.Item, conflict bool) {
		if got := mxHistories(it); !slices.Equal(got, wantW) {
			t.Errorf("%s with sparsePurge: the winner's histories %v; expected them kept as they are %v", what, got, wantW)
		}
		cs := mxConflictItems(it)
		if !conflict {
			return
		}
		if len(cs) != 1 {
			t.Fatalf("%s: %d conflicts; expected the concurrent version as the one conflict", what, len(cs))
		}
		if got := mxHistories(cs[0]); !slices.Equal(got, wantL) {
			t.Errorf("%s with sparsePurge: the conflict's histories %v; expected them kept as they are %v", what, got, wantL)
		}
	}
	it, _ := mxOne(t, "merge-item", FeedOp{Op: "merge-item", Local: mxStr(loser), Incoming: mxStr(winner), SparsePurge: true}, "task-1")
	check("merge-item(loser, winner)", it, true)
	it, _ = mxOne(t, "merge-item", FeedOp{Op: "merge-item", Incoming: mxStr(winner), SparsePurge: true}, "task-1")
	check("merge-item(no local, winner)", it, false)
	res := mxAsk(t, "merge-feed", FeedOp{Op: "merge-feed", Local: mxStr(mxFeed("atom", winner)), Incoming: mxStr(mxFeed("atom", loser)), SparsePurge: true})
	check("merge-feed(winner, loser)", mxItem(t, "merge-feed", res, "task-1"), true)
	// The control: an update asked to purge does purge ([FS-PURGE-2]).
	it, _ = mxOne(t, "update", FeedOp{Op: "update", Item: mxStr(winner), By: mxStr("phone"), When: mxWhen("2008-04-23T10:09:00Z"), SparsePurge: true}, "task-1")
	want := []string{"phone#5@2008-04-23T10:09:00Z", "laptop.ana#3@2008-04-23T10:07:00Z", "#2@2008-04-23T10:05:30Z"}
	if got := mxHistories(it); !slices.Equal(got, want) {
		t.Errorf("update with sparsePurge: histories %v; expected %v", got, want)
	}
}

func mxCountsEveryUpdate(t *T) {
	item := mxEntry(mxHost("v1"), mxSync(`id="task-1" updates="1"`, mxHist(1, mxBase, "laptop.ana")))
	bys := []string{"phone", "laptop.ana", "phone", "tablet", "laptop.ana"}
	var want []string
	want = append(want, "laptop.ana#1@"+mxBase)
	for i, by := range bys {
		when := fmt.Sprintf("2008-04-23T10:0%d:00Z", i+1)
		op := FeedOp{Op: "update", Item: mxStr(item), By: mxStr(by), When: mxWhen(when)}
		if i == len(bys)-1 {
			op.Op = "delete"
		} else {
			op.Content = mxStr(fmt.Sprintf(`<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:uuid:mx-1</id><title>v%d</title><updated>%s</updated></entry>`, i+2, when))
		}
		it, s := mxOne(t, op.Op, op, "task-1")
		want = append([]string{fmt.Sprintf("%s#%d@%s", by, i+2, when)}, want...)
		if u, _ := it.Sync.Attr("updates"); u != fmt.Sprint(i+2) {
			t.Fatalf("%s %d (by %s): updates=%q; expected %d", op.Op, i+1, by, u, i+2)
		}
		if got := mxHistories(it); !slices.Equal(got, want) {
			t.Fatalf("%s %d (by %s): histories %v; expected %v", op.Op, i+1, by, got, want)
		}
		item = s
	}
}

func mxClockAsRead(t *T) {
	item := mxEntry(mxHost("v1"), mxSync(`id="task-1" updates="1"`, mxHist(1, "2008-04-23T12:00:00Z", "laptop.ana")))
	early := FeedOp{Op: "update", Item: mxStr(item), By: mxStr("phone"), When: mxWhen("2008-04-23T11:00:00+01:00")}
	first, s1 := mxOne(t, "update with a clock behind the item", early, "task-1")
	if top := mxHistString(first.Sync.Topmost()); top != "phone#2@2008-04-23T10:00:00Z" {
		t.Errorf("update at 11:00:00+01:00 of an item last written at 12:00:00Z: topmost history %s; expected phone#2@2008-04-23T10:00:00Z (the clock as read, in UTC)", top)
	}
	late := FeedOp{Op: "update", Item: mxStr(item), By: mxStr("tablet"), When: mxWhen("2008-04-23T15:00:00Z")}
	mxOne(t, "update with a later clock", late, "task-1")
	_, s2 := mxOne(t, "the first update again", early, "task-1")
	if s1 != s2 {
		t.Errorf("the same update asked again after one with a later clock answers differently at byte %d: %q, first %q; expected the same answer", firstDiff(s2, s1), excerpt(s2, s1), excerpt(s1, s2))
	}
}

func mxResolveFoldsAndClears(t *T) {
	c1 := mxEntry(mxHost("laptop's"), mxSync(`id="task-1" updates="2"`, mxHist(2, "2008-04-23T10:04:00Z", "laptop.ana"), mxHist(1, mxBase, "laptop.ana")))
	c2 := mxEntry(mxHost("tablet's"), mxSync(`id="task-1" updates="3"`, mxHist(3, "2008-04-23T10:03:00Z", "tablet"), mxHist(2, "2008-04-23T10:02:00Z", "tablet"), mxHist(1, mxBase, "laptop.ana")))
	item := mxEntry(mxHost("phone's"), mxSync(`id="task-1" updates="3"`, mxHist(3, "2008-04-23T10:05:00Z", "phone"), mxHist(2, "2008-04-23T10:01:00Z", "phone"), mxHist(1, mxBase, "laptop.ana"), mxConflicts(c1, c2)))
	it, s := mxOne(t, "resolve", FeedOp{Op: "resolve", Item: mxStr(item), By: mxStr("phone"), When: mxWhen("2008-04-23T10:06:00Z")}, "task-1")
	if n := len(mxConflictItems(it)); n != 0 || it.Sync.Conflicts != nil {
		t.Errorf("resolve: the result still has sx:conflicts (%d items); expected none ([FS-RESOLVE-3])", n)
	}
	if u, _ := it.Sync.Attr("updates"); u != "4" {
		t.Errorf("resolve: updates=%q; expected 4 (one update; folded histories do not count)", u)
	}
	if top := mxHistString(it.Sync.Topmost()); top != "phone#4@2008-04-23T10:06:00Z" {
		t.Errorf("resolve: topmost history %s; expected phone#4@2008-04-23T10:06:00Z", top)
	}
	for i, c := range []string{c1, c2} {
		res := mxAsk(t, "merge-item", FeedOp{Op: "merge-item", Local: mxStr(s), Incoming: mxStr(c)})
		if len(res.Items) != 1 || string(res.Items[0].Canonical) != s || res.Outcomes["task-1"] != "unchanged" {
			t.Errorf("merging old conflict %d back into the resolved item gives %s; expected the resolved item, unchanged (the resolution subsumes it)", i+1, mxDescribeResult(res, nil))
		}
	}
}

func mxConcurrentEdits(t *T) {
	base := []string{mxHist(1, mxBase, "laptop.ana")}
	x := mxEntry(mxHost("phone's"), mxSync(`id="task-1" updates="2"`, append([]string{mxHist(2, "2008-04-23T10:05:00Z", "phone")}, base...)...))
	y := mxEntry(mxHost("laptop's"), mxSync(`id="task-1" updates="2"`, append([]string{mxHist(2, "2008-04-23T10:05:00Z", "laptop.ana")}, base...)...))
	var first string
	for _, pair := range [][2]string{{x, y}, {y, x}} {
		op := FeedOp{Op: "merge-item", Local: mxStr(pair[0]), Incoming: mxStr(pair[1])}
		it, s := mxOne(t, "merge-item", op, "task-1")
		local := "phone's"
		if pair[0] == y {
			local = "laptop's"
		}
		what := "merge-item with " + local + " edit local"
		if top := mxHistString(it.Sync.Topmost()); top != "phone#2@2008-04-23T10:05:00Z" {
			t.Errorf("%s: the winner's topmost history is %s; expected phone#2@2008-04-23T10:05:00Z (\"phone\" > \"laptop.ana\" in octet order)", what, top)
		}
		cs := mxConflictItems(it)
		if len(cs) != 1 || mxHistString(cs[0].Sync.Topmost()) != "laptop.ana#2@2008-04-23T10:05:00Z" {
			var tops []string
			for _, c := range cs {
				tops = append(tops, mxHistString(c.Sync.Topmost()))
			}
			t.Errorf("%s: conflicts with topmost histories %v; expected [laptop.ana#2@2008-04-23T10:05:00Z]", what, tops)
		}
		res := mxAsk(t, "merge-item", op)
		if o := res.Outcomes["task-1"]; o != "conflict" {
			t.Errorf("%s: outcome %q; expected \"conflict\"", what, o)
		}
		if first == "" {
			first = s
		} else if s != first {
			t.Errorf("merge-item(x, y) and merge-item(y, x) differ at byte %d; expected the same item", firstDiff(s, first))
		}
	}
}

func mxTombstoneVsEdit(t *T) {
	base := mxHist(1, mxBase, "laptop.ana")
	tomb := mxEntry(mxHost("v1"), mxSync(`id="task-1" updates="2" deleted="true"`, mxHist(2, "2008-04-23T10:06:00Z", "phone"), base))
	edit := mxEntry(mxHost("v2"), mxSync(`id="task-1" updates="2"`, mxHist(2, "2008-04-23T10:05:00Z", "laptop.ana"), base))
	later := mxEntry(mxHost("v3"), mxSync(`id="task-1" updates="2"`, mxHist(2, "2008-04-23T10:07:00Z", "laptop.ana"), base))
	for _, c := range []struct {
		what          string
		a, b          string
		winnerDeleted bool
		winnerTop     string
		loserTop      string
	}{
		{"a delete at 10:06 and an edit at 10:05", tomb, edit, true, "phone#2@2008-04-23T10:06:00Z", "laptop.ana#2@2008-04-23T10:05:00Z"},
		{"a delete at 10:06 and an edit at 10:07", tomb, later, false, "laptop.ana#2@2008-04-23T10:07:00Z", "phone#2@2008-04-23T10:06:00Z"},
	} {
		for _, pair := range [][2]string{{c.a, c.b}, {c.b, c.a}} {
			for _, kind := range []string{"merge-item", "merge-feed"} {
				op := FeedOp{Op: kind, Local: mxStr(pair[0]), Incoming: mxStr(pair[1])}
				if kind == "merge-feed" {
					op.Local, op.Incoming = mxStr(mxFeed("atom", pair[0])), mxStr(mxFeed("atom", pair[1]))
				}
				res := mxAsk(t, kind, op)
				it := mxItem(t, kind, res, "task-1")
				what := fmt.Sprintf("%s of %s (the %s local)", kind, c.what, map[bool]string{true: "delete", false: "edit"}[pair[0] == tomb])
				if top := mxHistString(it.Sync.Topmost()); top != c.winnerTop || it.Sync.Deleted() != c.winnerDeleted {
					t.Errorf("%s: the item has topmost %s, deleted=%v; expected topmost %s, deleted=%v", what, top, it.Sync.Deleted(), c.winnerTop, c.winnerDeleted)
				}
				cs := mxConflictItems(it)
				if len(cs) != 1 || mxHistString(cs[0].Sync.Topmost()) != c.loserTop || cs[0].Sync.Deleted() == c.winnerDeleted {
					t.Errorf("%s: %d conflicts; expected one, topmost %s, deleted=%v", what, len(cs), c.loserTop, !c.winnerDeleted)
				}
				if o := res.Outcomes["task-1"]; o != "conflict" {
					t.Errorf("%s: outcome %q; expected \"conflict\"", what, o)
				}
			}
		}
	}
}
