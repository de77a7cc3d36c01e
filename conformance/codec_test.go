package conformance

import (
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/spec"
)

// codecAreas are the areas of the codec tier ([CONF-CODEC-1]).
var codecAreas = map[string]bool{"ident": true, "feedsync": true, "tickets": true, "p2p": true}

func TestCodecCaseShape(t *testing.T) {
	t.Run("[CONF-CODEC-1] codec case IDs name an area, a topic and a check, and every case declares known operations", func(t *testing.T) {
		for _, c := range CodecCases() {
			seg := strings.Split(c.ID, "/")
			if len(seg) != 4 || seg[0] != "codec" || !codecAreas[seg[1]] {
				t.Errorf("%s: want codec/<area>/<topic>/<check> with area ident, feedsync, tickets or p2p", c.ID)
			}
			if len(c.Ops) == 0 {
				t.Errorf("%s declares no operation", c.ID)
			}
			for _, op := range c.Ops {
				if !Offers(Reference{}, op) {
					t.Errorf("%s: unknown operation %q", c.ID, op)
				}
			}
			if c.Description == "" || len(c.Req) == 0 {
				t.Errorf("%s: no description or no requirement", c.ID)
			}
		}
	})
}

// codecSpecs are the specifications whose MUSTs the codec tier covers ([CONF-CODEC-1]).
var codecSpecs = map[string]bool{"identifiers.md": true, "feedsync.md": true, "tickets.md": true, "p2p.md": true}

func TestCodecCoverage(t *testing.T) {
	cases, err := Cases()
	if err != nil {
		t.Fatal(err)
	}
	named := map[string][]string{} // requirement ID → the cases naming it
	for _, c := range cases {
		for _, r := range c.Req {
			named[r] = append(named[r], c.ID)
		}
	}
	unshowable := codecUnshowable()
	t.Run("[CONF-CODEC-1] every MUST of the codec specs is named by a vector or codec case, or listed as not showable with a reason", func(t *testing.T) {
		musts := map[string]bool{}
		for _, r := range spec.Requirements() {
			if !codecSpecs[r.Doc] || r.Level != "MUST" {
				continue
			}
			musts[r.ID] = true
			_, listed := unshowable[r.ID]
			switch {
			case len(named[r.ID]) == 0 && !listed:
				t.Errorf("%s (%s): no case names it and it is not listed as unshowable", r.ID, r.Doc)
			case len(named[r.ID]) > 0 && listed:
				t.Errorf("%s is listed as unshowable, but %v name it", r.ID, named[r.ID])
			}
		}
		if len(musts) < 200 {
			t.Fatalf("only %d MUSTs found in the codec specs", len(musts))
		}
		for id, why := range unshowable {
			if !musts[id] || strings.TrimSpace(why) == "" {
				t.Errorf("unshowable %s: not a MUST of the codec specs, or no reason (%q)", id, why)
			}
		}
		t.Logf("%d MUSTs: %d named by cases, %d not showable through the shim", len(musts), len(musts)-len(unshowable), len(unshowable))
	})
	t.Run("the codec tier has at least 80 named cases besides the vectors", func(t *testing.T) {
		n := len(CodecCases())
		if n < 80 {
			t.Errorf("%d codec cases", n)
		}
		t.Logf("%d codec cases", n)
	})
}
