package conformance

import (
	"strings"
	"testing"
	"time"
)

// TestCodecMergeReference runs every merge case against the reference: each passes, and each
// property case stays well under a second with the default 100 checks.
func TestCodecMergeReference(t *testing.T) {
	cases := codecMergeCases()
	if err := CheckCases(cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		start := time.Now()
		rep := Run(Reference{}, []Case{c}, Options{Property: PropertyConfig{Seed: 3}}, nil)
		r := rep.Results[0]
		d := time.Since(start)
		if r.Verdict != Pass {
			t.Errorf("%s: %s %q", c.ID, r.Verdict, r.Messages)
		}
		t.Logf("%s: %s in %v", c.ID, r.Verdict, d.Round(time.Millisecond))
	}
}

// TestMxHistoriesReachConflicts: the random histories of the property cases reach the states
// that matter — merges with conflicts, conflicts between versions with the same updates and
// when, items with two or more conflicts, resolutions of conflicts — in a fair share of checks.
func TestMxHistoriesReachConflicts(t *testing.T) {
	var checks, conflicted, tied, multi int
	c := Case{ID: "selftest/merge/histories", Level: Must, Run: func(t *T) {
		t.Property(func(p *P) {
			checks++
			s := drawMxSetup(p.T, false, 12)
			perm := mxGatherPerm(p.T)
			r := newMxRun(p, mxModeRef, s)
			r.quiet = true
			var cf, ti, m bool
			r.onMerge = func(op FeedOp, res *FeedOpResult) {
				for _, it := range res.Items {
					if res.Outcomes[it.SyncID] != "conflict" {
						continue
					}
					cf = true
					x, err := mxParse(string(it.Canonical))
					if err != nil {
						p.Fatalf("%v", err)
					}
					vs := mxVersions(x)
					if len(vs) > 2 {
						m = true
					}
					w, _ := x.Sync.Topmost().Attr("when")
					u, _ := x.Sync.Attr("updates")
					for _, v := range vs[1:] {
						vw, _ := v.Sync.Topmost().Attr("when")
						vu, _ := v.Sync.Attr("updates")
						ti = ti || (vw == w && vu == u)
					}
				}
			}
			r.play(s.Shared, s.Actions)
			r.gather(perm)
			if cf {
				conflicted++
			}
			if ti {
				tied++
			}
			if m {
				multi++
			}
		})
	}}
	if r := Run(Reference{}, []Case{c}, Options{Property: PropertyConfig{Seed: 1, Checks: 200}}, nil).Results[0]; r.Verdict != Pass {
		t.Fatalf("%s %q", r.Verdict, r.Messages)
	}
	t.Logf("%d checks: %d with a merge in conflict, %d with a conflict of equal updates and when, %d with two or more conflicts", checks, conflicted, tied, multi)
	if conflicted*3 < checks || tied*20 < checks || multi*20 < checks {
		t.Errorf("too few conflicts")
	}
}

// TestMxScanners: the step-log scanners read canonical items and feed documents as the
// decoder does: ids, updates, topmost history, deleted, conflicts, and the feed's items.
func TestMxScanners(t *testing.T) {
	conflict := mxEntry(mxHost("b"), mxSync(`id="t-1" updates="2"`, mxHist(2, "2008-04-23T10:04:00Z", "laptop.ana"), mxHist(1, mxBase, "laptop.ana")))
	item := mxEntry(mxHost("a"), mxSync(`id="t-1" updates="2" deleted="true"`, mxHist(2, "2008-04-23T10:05:00Z", "phone"), mxHist(1, mxBase, "laptop.ana"), mxConflicts(conflict)))
	res, err := Reference{}.FeedOp(FeedOp{Op: "merge-item", Incoming: &item})
	if err != nil {
		t.Fatal(err)
	}
	canon := string(res.Items[0].Canonical)
	if got, want := mxSummary(canon), "t-1 u=2 top=phone#2@2008-04-23T10:05:00Z deleted +1 conflicts"; got != want {
		t.Errorf("mxSummary(%q) = %q, want %q", canon, got, want)
	}
	plain := mxEntry(mxHost("c"), mxSync(`id="t-2" updates="1"`, mxHist(1, mxBase, "")))
	doc := mxFeed("atom", canon, plain)
	items := mxSplitItems(doc)
	if len(items) != 2 || items[0] != canon || items[1] != plain {
		t.Errorf("mxSplitItems gives %q", items)
	}
	if got := mxDescribeText("merge-feed", doc); got != "feed[t-1 u=2 top=phone#2@2008-04-23T10:05:00Z deleted +1 conflicts; t-2 u=1 top=#1@2008-04-23T10:00:00Z]" {
		t.Errorf("mxDescribeText = %q", got)
	}
	rss := `<item><title>x</title><sx:sync xmlns:sx="http://feedsync.org/2007/feedsync" id="r" updates="1"><sx:history sequence="1" by="b"/></sx:sync></item>`
	if got := mxSplitItems(mxFeed("rss", rss, rss)); len(got) != 2 || got[0] != rss {
		t.Errorf("mxSplitItems of an RSS feed gives %q", got)
	}
	if got := mxSummary("<entry/>"); got != "an item without sx:sync" {
		t.Errorf("mxSummary of an entry without sx:sync = %q", got)
	}
}

// TestMxCasesSurviveCrazyAnswers: every merge case fails, without panicking, against an
// implementation whose answers are empty, have no items or hold bytes that are no item (but
// no-hidden-state, which only asks for the same answers again, and gets them from garbage).
func TestMxCasesSurviveCrazyAnswers(t *testing.T) {
	for _, impl := range []Impl{
		crazyMerge{name: "empty", res: &FeedOpResult{}},
		crazyMerge{name: "nil"},
		crazyMerge{name: "garbage", res: &FeedOpResult{Items: []FeedItem{{SyncID: "task-0", Canonical: []byte("<entry")}}, Outcomes: map[string]string{"x": "y"}}},
	} {
		for _, c := range codecMergeCases() {
			r := Run(impl, []Case{c}, Options{Property: PropertyConfig{Seed: 1, Checks: 5, ShrinkTime: 100 * time.Millisecond}}, nil).Results[0]
			if r.Verdict != Fail && !(c.ID == "codec/feedsync/merge/no-hidden-state" && r.Verdict == Pass) {
				t.Errorf("%s against %s: %s %q", c.ID, impl.Name(), r.Verdict, r.Messages)
			}
			for _, m := range r.Messages {
				if strings.Contains(m, "panicked") {
					t.Errorf("%s against %s: %s", c.ID, impl.Name(), m)
				}
			}
		}
	}
}

// crazyMerge answers every FeedSync operation with the same answer.
type crazyMerge struct {
	name string
	res  *FeedOpResult
}

func (c crazyMerge) Name() string                         { return "crazy-" + c.name }
func (c crazyMerge) FeedOp(FeedOp) (*FeedOpResult, error) { return c.res, nil }
