package conformance

import (
	"strings"
	"testing"
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
