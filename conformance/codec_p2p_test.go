package conformance

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/wire"
)

// TestCodecP2PReference runs every p2p case against the reference in-process: each passes,
// and each property case stays well inside the codec tier's time budget.
func TestCodecP2PReference(t *testing.T) {
	cases := codecP2PCases()
	if err := CheckCases(cases); err != nil {
		t.Fatal(err)
	}
	rep := Run(Reference{}, cases, Options{Property: PropertyConfig{Seed: 7}}, nil)
	for _, r := range rep.Results {
		t.Logf("%-55s %-6s %v", r.Case.ID, r.Verdict, r.Duration)
		if r.Verdict != Pass {
			t.Errorf("%s: %s %q", r.Case.ID, r.Verdict, r.Messages)
		}
		if r.Duration.Seconds() > 5 { // a budget, not a benchmark: the machine may be busy or under -race
			t.Errorf("%s took %v against the reference in-process", r.Case.ID, r.Duration)
		}
	}
}

// TestCodecP2PCasesWellFormed checks the cases' requirement IDs and the Unshowable map
// against spec/p2p.md, and that no requirement is both covered and called unshowable.
func TestCodecP2PCasesWellFormed(t *testing.T) {
	spec := readSpecIDs(t)
	covered := map[string]bool{}
	for _, c := range codecP2PCases() {
		if !strings.HasPrefix(c.ID, "codec/p2p/") {
			t.Errorf("%s: not under codec/p2p/", c.ID)
		}
		if len(c.Req) == 0 || len(c.Ops) == 0 || c.Description == "" || len(c.Flags) == 0 {
			t.Errorf("%s: Req, Ops, Flags and Description must all be set", c.ID)
		}
		for _, r := range c.Req {
			if !spec[r] {
				t.Errorf("%s: requirement %s is not in spec/p2p.md", c.ID, r)
			}
			covered[r] = true
		}
		for _, op := range c.Ops {
			if _, ok := shimOps[op]; !ok {
				t.Errorf("%s: no shim operation %s", c.ID, op)
			}
		}
	}
	for id, why := range codecP2PUnshowable {
		if !spec[id] || why == "" {
			t.Errorf("unshowable %s: not in spec/p2p.md, or no reason", id)
		}
		if covered[id] {
			t.Errorf("unshowable %s is also named by a case", id)
		}
	}
}

func readSpecIDs(t *testing.T) map[string]bool {
	t.Helper()
	data, err := os.ReadFile("../spec/p2p.md")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`\[(P2P-[A-Z]+-\d+)\]`).FindAllStringSubmatch(string(data), -1) {
		ids[m[1]] = true
	}
	return ids
}

// TestP2PFixture checks the handshake fixture: the flight it rebuilds from the vector's
// messages (cut as the vector's records were) is the vector's flight byte for byte, and
// its messages are a ticket, a client_verify and a finished.
func TestP2PFixture(t *testing.T) {
	fx, err := p2pHS()
	if err != nil {
		t.Fatal(err)
	}
	ticket, cv, fin := p2pSplit(fx.msgs)
	if ticket[0] != byte(wire.TypeTicket) || cv[0] != byte(wire.TypeClientVerify) || fin[0] != byte(wire.TypeFinished) {
		t.Fatalf("the flight's messages are %x, %x, %x", ticket[:1], cv[:1], fin[:1])
	}
	rest := fx.base.Client[len(fx.ch)+len(fx.kx):]
	if !bytes.Equal(fx.flight(fx.msgs, len(fx.msgs)), rest) && !bytes.Equal(fx.flight(fx.msgs, wire.MaxPlaintext), rest) {
		t.Errorf("the rebuilt flight differs from the vector's")
	}
	if len(fx.messages()) != 11 {
		t.Errorf("messages: %d types, want 11", len(fx.messages()))
	}
	for _, m := range fx.messages() {
		if _, err := (Reference{}).ParseHandshake(m.msg, fx.modLen); err != nil {
			t.Errorf("the fixture's %s does not parse: %v", m.name, err)
		}
	}
}

// p2pCrazy answers every p2p operation with empty values and no error.
type p2pCrazy struct{}

func (p2pCrazy) Name() string                                           { return "p2p-crazy" }
func (p2pCrazy) DeriveKeys([]byte) (RecordKeys, error)                  { return RecordKeys{}, nil }
func (p2pCrazy) SealRecord([]byte, uint64, int, []byte) ([]byte, error) { return nil, nil }
func (p2pCrazy) OpenRecord([]byte, uint64, []byte) (int, []byte, error) { return 0, nil, nil }
func (p2pCrazy) OpenStream(_, _ []byte) ([]byte, error)                 { return nil, nil }
func (p2pCrazy) ServeHandshake(ServerHandshake) ([]byte, error)         { return nil, nil }
func (p2pCrazy) ParseHandshake([]byte, int) (*HandshakeMessage, error)  { return nil, nil }

// TestCodecP2PSurvivesCrazyAnswers: an implementation that answers everything with empty
// values fails every p2p case, and no case panics on its answers.
func TestCodecP2PSurvivesCrazyAnswers(t *testing.T) {
	rep := Run(p2pCrazy{}, codecP2PCases(), Options{Property: PropertyConfig{Seed: 1, Checks: 5, ShrinkTime: 1}}, nil)
	for _, r := range rep.Results {
		if r.Verdict != Fail {
			t.Errorf("%s: %s against empty answers", r.Case.ID, r.Verdict)
		}
		for _, m := range r.Messages {
			if strings.Contains(m, "panic") {
				t.Errorf("%s: %s", r.Case.ID, m)
			}
		}
	}
}
