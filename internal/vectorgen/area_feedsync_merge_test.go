package main

import (
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// Generation fails whenever the reference disagrees with a declared intent: every merge case
// passes checkFsmCase, and mutations of its intent are rejected.
func TestFeedsyncMergeIntentIsChecked(t *testing.T) {
	cases := fsmCases()
	if len(cases) < 35 {
		t.Fatalf("%d merge cases", len(cases))
	}
	for _, c := range cases {
		if _, err := checkFsmCase(c); err != nil {
			t.Errorf("%s: %v", c.id, err)
			continue
		}
		var mutants []fsmCase
		if c.errReq != "" {
			m := c
			m.errReq = "FS-MERGE-8" // never the rule of a refusal
			mutants = append(mutants, m)
			m = c
			m.errReq, m.want = "", []string{"x"}
			mutants = append(mutants, m)
		} else {
			m := c
			m.errReq, m.want, m.canonical = "FS-ALG-2", nil, nil
			mutants = append(mutants, m)
			for k, w := range c.want {
				m = c
				m.want = append([]string{}, c.want...)
				m.want[k] = strings.Replace(w, " u", " u9", 1)
				mutants = append(mutants, m)
				if strings.Contains(w, ": ") {
					m = c
					m.want = append([]string{}, c.want...)
					m.want[k] = strings.Replace(strings.Replace(strings.Replace(w, "conflict:", "X:", 1), "updated:", "conflict:", 1), "X:", "updated:", 1)
					if m.want[k] != w {
						mutants = append(mutants, m)
					}
				}
			}
			m = c
			m.want = append(append([]string{}, c.want...), "another item")
			mutants = append(mutants, m)
			for k, s := range c.canonical {
				m = c
				m.canonical = map[int]string{k: strings.Replace(s, `updates="`, `updates="9`, 1)}
				mutants = append(mutants, m)
			}
		}
		for i, m := range mutants {
			if _, err := checkFsmCase(m); err == nil {
				t.Errorf("%s: mutant %d of the intent (errReq %q, want %q) is accepted", c.id, i, m.errReq, m.want)
			}
		}
	}
}

// The file covers every operation in both directions and both formats, every merge outcome,
// and the requirements of spec/feedsync.md §8–§11 that vectors can check.
func TestFeedsyncMergeShape(t *testing.T) {
	f, err := vectors.Load[fsmTest]("feedsync/merge.json")
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	reqs := map[string]bool{}
	for _, tc := range f.Tests {
		count[tc.Op+" "+string(tc.Result)]++
		count[tc.Format]++
		for _, r := range tc.Req {
			reqs[r] = true
		}
		if tc.Expected != nil {
			for _, it := range tc.Expected.Items {
				count["outcome "+it.Outcome]++
			}
		}
	}
	for _, k := range []string{"merge-feed valid", "merge-feed invalid", "merge-item valid", "merge-item invalid", "create valid", "create invalid",
		"update valid", "update invalid", "delete valid", "resolve valid", "resolve invalid", "atom", "rss",
		"outcome added", "outcome unchanged", "outcome updated", "outcome conflict"} {
		if count[k] == 0 {
			t.Errorf("no test: %s", k)
		}
	}
	for _, r := range []string{"FS-ALG-2", "FS-ALG-3", "FS-ALG-4", "FS-CREATE-1", "FS-CREATE-2", "FS-CREATE-3", "FS-UPDATE-1", "FS-UPDATE-2",
		"FS-UPDATE-3", "FS-UPDATE-4", "FS-UPDATE-5", "FS-UPDATE-6", "FS-DELETE-1", "FS-DELETE-2", "FS-DELETE-3", "FS-PURGE-2",
		"FS-SUB-1", "FS-SUB-2", "FS-WIN-1", "FS-WIN-2", "FS-WIN-3", "FS-MERGE-1", "FS-MERGE-2", "FS-MERGE-3", "FS-MERGE-4",
		"FS-MERGE-5", "FS-MERGE-6", "FS-MERGE-7", "FS-MERGE-8", "FS-MERGE-9", "FS-MERGE-10", "FS-FEED-1", "FS-FEED-2",
		"FS-FEED-3", "FS-FEED-4", "FS-FEED-5", "FS-RESOLVE-1", "FS-RESOLVE-2", "FS-RESOLVE-3", "FS-RESOLVE-4"} {
		if !reqs[r] {
			t.Errorf("no test names %s", r)
		}
	}
	docs, err := vectors.Load[fsDocTest]("feedsync/documents.json")
	if err != nil {
		t.Fatal(err)
	}
	if n := len(f.Tests) + len(docs.Tests); n < 60 {
		t.Errorf("%d FeedSync vectors", n)
	}
}
