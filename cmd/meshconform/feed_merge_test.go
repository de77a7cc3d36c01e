package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/feedsync"
	"github.com/livemesh-spec/livemesh/internal/cli"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// feedsyncMergeTest holds the members of a feedsync/merge.json test that feed merge needs.
type feedsyncMergeTest struct {
	vectors.Test
	Op       string  `json:"op"`
	Local    *string `json:"local"`
	Incoming *string `json:"incoming"`
	Expected *struct {
		Items []struct {
			SyncID  string `json:"syncId"`
			Outcome string `json:"outcome"`
		} `json:"items"`
		Document *string `json:"document"`
	} `json:"expected"`
}

// TestFeedMergeVectors runs feed merge on every merge-feed test of feedsync/merge.json: valid
// ones print exactly the expected merged document and one outcome line per incoming item;
// invalid ones exit 1 naming the rule.
func TestFeedMergeVectors(t *testing.T) {
	f, err := vectors.Load[feedsyncMergeTest]("feedsync/merge.json")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tc := range f.Tests {
		if tc.Op != "merge-feed" {
			continue
		}
		n++
		t.Run(tc.ID, func(t *testing.T) {
			p := writeFeeds(t, map[string]string{"local.xml": *tc.Local, "incoming.xml": *tc.Incoming})
			code, out, errs := runCLI(t, "", "feed", "merge", p["local.xml"], p["incoming.xml"])
			if tc.Result == vectors.Invalid {
				if code != cli.ExitFail || out != "" || !strings.Contains(errs, "["+tc.ErrorReq+"]") {
					t.Errorf("code=%d out=%q err=%q, want 1 and [%s]", code, out, errs, tc.ErrorReq)
				}
				return
			}
			if code != cli.ExitOK || out != *tc.Expected.Document {
				t.Fatalf("code=%d err=%q\n%s\nwant\n%s", code, errs, out, *tc.Expected.Document)
			}
			// One line per incoming item in synchronization, in incoming order ([FS-FEED-4]).
			outcome := map[string]string{}
			for _, it := range tc.Expected.Items {
				outcome[it.SyncID] = it.Outcome
			}
			in, err := feedsync.Decode(strings.NewReader(*tc.Incoming))
			if err != nil {
				t.Fatal(err)
			}
			var want strings.Builder
			counts := map[string]int{}
			for _, it := range in.Items {
				if it.Sync != nil {
					id, _ := it.Sync.Attr("id")
					fmt.Fprintf(&want, "%s: %s\n", id, outcome[id])
					counts[outcome[id]]++
				}
			}
			total := counts["added"] + counts["updated"] + counts["conflict"] + counts["unchanged"]
			fmt.Fprintf(&want, "%d incoming items: %d added, %d updated, %d conflict, %d unchanged\n",
				total, counts["added"], counts["updated"], counts["conflict"], counts["unchanged"])
			if errs != want.String() {
				t.Errorf("stderr %q, want %q", errs, want.String())
			}
		})
	}
	if n < 8 {
		t.Errorf("only %d merge-feed vectors", n)
	}
}

func TestFeedMerge(t *testing.T) {
	laptop := strings.Replace(feedValidAtom, `<sx:sync updates="1" id="task-1"><sx:history sequence="1" when="2008-04-23T10:00:00Z" by="laptop.ana"/></sx:sync>`,
		`<sx:sync updates="2" id="task-1"><sx:history sequence="2" when="2008-04-23T10:05:00Z" by="laptop.ana"/><sx:history sequence="1" when="2008-04-23T10:00:00Z" by="laptop.ana"/></sx:sync>`, 1)
	device := strings.Replace(strings.Replace(laptop, `by="laptop.ana"/><sx:history`, `by="device.b"/><sx:history`, 1), "Buy oat milk &amp; bread", "Buy rice", 1)
	noHistory := strings.Replace(feedValidAtom, `<sx:history sequence="1" when="2008-04-23T10:00:00Z" by="laptop.ana"/>`, "", 1)
	p := writeFeeds(t, map[string]string{"laptop.xml": laptop, "device.xml": device, "base.xml": feedValidAtom,
		"rss.xml": feedValidRSS, "invalid.xml": feedInvalidRSS, "nohistory.xml": noHistory, "dtd.xml": feedDTD})
	if laptop == feedValidAtom || device == laptop {
		t.Fatal("the test feeds were not built")
	}

	t.Run("[FS-MERGE-7] [FS-MERGE-9] concurrent edits: the merged feed on stdout, outcomes on stderr", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "feed", "merge", p["laptop.xml"], p["device.xml"])
		if code != cli.ExitOK || errs != "task-1: conflict\n1 incoming items: 0 added, 0 updated, 1 conflict, 0 unchanged\n" {
			t.Fatalf("code=%d err=%q", code, errs)
		}
		f, err := feedsync.Decode(strings.NewReader(out))
		if err != nil || len(feedsync.Validate(f)) > 0 || len(f.Items) != 1 || f.Items[0].Sync.Conflicts == nil {
			t.Fatalf("merged feed: %v\n%s", err, out)
		}
		// The winner is laptop.ana (greater than device.b in octet order), the device's edit a conflict.
		if !strings.Contains(out, "Buy rice") || !strings.Contains(out, "<sx:conflicts>") {
			t.Errorf("merged feed:\n%s", out)
		}
		// Merging the result again changes nothing.
		q := writeFeeds(t, map[string]string{"merged.xml": out})
		code, out2, errs := runCLI(t, "", "feed", "merge", q["merged.xml"], p["device.xml"])
		if code != 0 || out2 != out || errs != "task-1: unchanged\n1 incoming items: 0 added, 0 updated, 0 conflict, 1 unchanged\n" {
			t.Errorf("second merge: code=%d err=%q", code, errs)
		}
	})
	t.Run("[FS-MERGE-9] an older incoming version: unchanged, the local feed re-encoded", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "feed", "merge", p["laptop.xml"], p["base.xml"])
		_, fmtOut, _ := runCLI(t, "", "feed", "fmt", p["laptop.xml"])
		if code != 0 || out != fmtOut || !strings.HasSuffix(errs, "1 incoming items: 0 added, 0 updated, 0 conflict, 1 unchanged\n") {
			t.Errorf("code=%d err=%q\n%s", code, errs, out)
		}
	})
	t.Run("- reads one input from standard input", func(t *testing.T) {
		code, out, errs := runCLI(t, device, "feed", "merge", p["laptop.xml"], "-")
		if code != 0 || !strings.Contains(out, "<sx:conflicts>") || !strings.HasPrefix(errs, "task-1: conflict\n") {
			t.Errorf("code=%d err=%q", code, errs)
		}
		code, _, errs = runCLI(t, device, "feed", "merge", "-", "-")
		if code != cli.ExitUsage || strings.Count(errs, "\n") != 1 {
			t.Errorf("both standard input: code=%d err=%q", code, errs)
		}
	})
	t.Run("[FS-FEED-1] [FS-ALG-2] an invalid input: exit 1, every violation as FILE:LINE: [REQ] on stderr, nothing on stdout", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "feed", "merge", p["laptop.xml"], p["invalid.xml"])
		lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
		if code != cli.ExitFail || out != "" || len(lines) != strings.Count(feedInvalidReport, "\n") {
			t.Fatalf("code=%d out=%q err=%q", code, out, errs)
		}
		for _, l := range lines {
			if m := reportLine.FindStringSubmatch(l); m == nil || m[1] != p["invalid.xml"] {
				t.Errorf("not FILE:LINE: [REQ-ID] message: %q", l)
			}
		}
		code, out, errs = runCLI(t, "", "feed", "merge", p["nohistory.xml"], p["laptop.xml"])
		if code != cli.ExitFail || out != "" || !strings.HasPrefix(errs, p["nohistory.xml"]+":") || !strings.Contains(errs, "[FS-SYNC-7]") {
			t.Errorf("local without history: code=%d out=%q err=%q", code, out, errs)
		}
	})
	t.Run("[FS-FEED-1] feeds of two formats: exit 1, one line naming the rule", func(t *testing.T) {
		code, out, errs := runCLI(t, "", "feed", "merge", p["laptop.xml"], p["rss.xml"])
		if code != cli.ExitFail || out != "" || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "[FS-FEED-1]") {
			t.Errorf("code=%d out=%q err=%q", code, out, errs)
		}
	})
	t.Run("unreadable or undecodable: exit 2, one line", func(t *testing.T) {
		for _, args := range [][]string{
			{p["laptop.xml"], p["dtd.xml"]},
			{p["dtd.xml"], p["laptop.xml"]},
			{p["laptop.xml"], filepath.Join(t.TempDir(), "missing.xml")},
		} {
			code, out, errs := runCLI(t, "", append([]string{"feed", "merge"}, args...)...)
			if code != cli.ExitUsage || out != "" || strings.Count(errs, "\n") != 1 {
				t.Errorf("%v: code=%d out=%q err=%q", args, code, out, errs)
			}
		}
	})
	t.Run("usage", func(t *testing.T) {
		code, out, _ := runCLI(t, "", "feed", "-h")
		if code != 0 || !strings.Contains(out, "merge LOCAL INCOMING") {
			t.Errorf("-h: code=%d\n%s", code, out)
		}
		for _, args := range [][]string{{"feed", "merge"}, {"feed", "merge", p["laptop.xml"]}, {"feed", "merge", "a", "b", "c"}} {
			if code, _, errs := runCLI(t, "", args...); code != cli.ExitUsage || strings.Count(errs, "\n") != 1 {
				t.Errorf("%v: code=%d err=%q", args, code, errs)
			}
		}
	})
}
