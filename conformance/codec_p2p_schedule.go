package conformance

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"

	"pgregory.net/rapid"
)

// The handshake key schedule's cases (spec/p2p.md §15), through the p2p.schedule operation.

const opSchedule = "p2p.schedule"

// scheduleByHand computes the key schedule from spec/p2p.md §15's formulas with crypto/hkdf
// directly, independently of package wire: the harness's own oracle.
func scheduleByHand(in ScheduleInput) *ScheduleOutput {
	prk, _ := hkdf.Extract(sha256.New, in.PreMaster, append(append([]byte(nil), in.ClientNonce...), in.ServerNonce...))
	expand := func(key []byte, label string, h []byte) []byte {
		out, _ := hkdf.Expand(sha256.New, key, label+string(h), 32)
		return out
	}
	finished := func(hs []byte) []byte {
		m := hmac.New(sha256.New, expand(hs, "livemesh p2p v1 finished", nil))
		m.Write(in.FinishedHash)
		return m.Sum(nil)
	}
	out := &ScheduleOutput{
		ClientHandshake: expand(prk, "livemesh p2p v1 c hs", in.H1),
		ServerHandshake: expand(prk, "livemesh p2p v1 s hs", in.H1),
		ClientTraffic:   expand(prk, "livemesh p2p v1 c ap", in.H3),
		ServerTraffic:   expand(prk, "livemesh p2p v1 s ap", in.H3),
	}
	out.ClientFinished, out.ServerFinished = finished(out.ClientHandshake), finished(out.ServerHandshake)
	return out
}

// scheduleDiff names the first output that differs, or returns "".
func scheduleDiff(got, want *ScheduleOutput) string {
	for _, f := range []struct {
		name      string
		got, want []byte
	}{{"client_hs", got.ClientHandshake, want.ClientHandshake}, {"server_hs", got.ServerHandshake, want.ServerHandshake},
		{"client_ap", got.ClientTraffic, want.ClientTraffic}, {"server_ap", got.ServerTraffic, want.ServerTraffic},
		{"client Finished", got.ClientFinished, want.ClientFinished}, {"server Finished", got.ServerFinished, want.ServerFinished}} {
		if !bytes.Equal(f.got, f.want) {
			return fmt.Sprintf("%s is %x, want %x", f.name, f.got, f.want)
		}
	}
	return ""
}

// fixedScheduleInput is a schedule input whose six values are distinct patterns.
func fixedScheduleInput() ScheduleInput {
	fill := func(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }
	return ScheduleInput{PreMaster: fill(0x01), ClientNonce: fill(0x02), ServerNonce: fill(0x03), H1: fill(0x04), H3: fill(0x05), FinishedHash: fill(0x06)}
}

func codecP2PScheduleCases() []Case {
	return []Case{
		{
			ID: "codec/p2p/schedule/known-answer", Level: Must, Req: []string{"P2P-HS-12", "P2P-HS-11"},
			Flags: []string{"key-schedule", "salt-order", "label"}, Ops: []string{opSchedule},
			Description: "the key schedule of fixed inputs gives the secrets and Finished MACs that §15's formulas give, computed by the harness with HKDF directly",
			Run: func(t *T) {
				s := areaOf[ScheduleImpl](t)
				in := fixedScheduleInput()
				got, err := s.KeySchedule(in)
				if err := t.Check(err); err != nil {
					t.Fatalf("p2p.schedule of 32-byte inputs refused: %v", err)
				}
				if d := scheduleDiff(got, scheduleByHand(in)); d != "" {
					t.Errorf("p2p.schedule(pre_master=01…, nonce_c=02…, nonce_s=03…, h1=04…, h3=05…): %s", d)
				}
			},
		},
		{
			ID: "codec/p2p/schedule/binding", Level: Must, Req: []string{"P2P-HS-12"},
			Flags: []string{"key-schedule", "transcript-binding"}, Ops: []string{opSchedule},
			Description: "the handshake secrets depend on h1 and not h3, the traffic secrets on h3 and not h1, and every secret on the order of the nonces",
			Run: func(t *T) {
				s := areaOf[ScheduleImpl](t)
				base := fixedScheduleInput()
				ask := func(what string, in ScheduleInput) *ScheduleOutput {
					out, err := s.KeySchedule(in)
					if err := t.Check(err); err != nil {
						t.Fatalf("p2p.schedule (%s) refused: %v", what, err)
					}
					return out
				}
				b := ask("base", base)
				flip := func(x []byte) []byte { y := bytes.Clone(x); y[31] ^= 0x80; return y }
				in := base
				in.H1 = flip(base.H1)
				o := ask("h1 changed", in)
				if bytes.Equal(o.ClientHandshake, b.ClientHandshake) || bytes.Equal(o.ServerHandshake, b.ServerHandshake) {
					t.Errorf("a change of h1 leaves a handshake secret unchanged")
				}
				if !bytes.Equal(o.ClientTraffic, b.ClientTraffic) || !bytes.Equal(o.ServerTraffic, b.ServerTraffic) {
					t.Errorf("a change of h1 changes a traffic secret: the traffic secrets must be bound to h3 alone")
				}
				in = base
				in.H3 = flip(base.H3)
				o = ask("h3 changed", in)
				if bytes.Equal(o.ClientTraffic, b.ClientTraffic) || bytes.Equal(o.ServerTraffic, b.ServerTraffic) {
					t.Errorf("a change of h3 leaves a traffic secret unchanged")
				}
				if !bytes.Equal(o.ClientHandshake, b.ClientHandshake) || !bytes.Equal(o.ServerHandshake, b.ServerHandshake) {
					t.Errorf("a change of h3 changes a handshake secret: the handshake secrets must be bound to h1 alone")
				}
				in = base
				in.ClientNonce, in.ServerNonce = base.ServerNonce, base.ClientNonce
				o = ask("nonces swapped", in)
				if bytes.Equal(o.ClientHandshake, b.ClientHandshake) || bytes.Equal(o.ClientTraffic, b.ClientTraffic) {
					t.Errorf("swapping the nonces leaves a secret unchanged: the salt must be nonce_c || nonce_s, in that order")
				}
				if bytes.Equal(b.ClientHandshake, b.ServerHandshake) || bytes.Equal(b.ClientTraffic, b.ServerTraffic) {
					t.Errorf("the client's and the server's secrets are equal")
				}
			},
		},
		{
			ID: "codec/p2p/schedule/matches-reference", Level: Must, Req: []string{"P2P-HS-12", "P2P-HS-11"},
			Flags: []string{"key-schedule", "property"}, Ops: []string{opSchedule},
			Description: "random pre-master secrets, nonces and transcript hashes give the reference's secrets and Finished MACs",
			Run: func(t *T) {
				s := areaOf[ScheduleImpl](t)
				t.Property(func(p *P) {
					b32 := rapid.SliceOfN(rapid.Byte(), 32, 32)
					in := ScheduleInput{PreMaster: b32.Draw(p.T, "pre_master"), ClientNonce: b32.Draw(p.T, "nonce_c"),
						ServerNonce: b32.Draw(p.T, "nonce_s"), H1: b32.Draw(p.T, "h1"), H3: b32.Draw(p.T, "h3"), FinishedHash: b32.Draw(p.T, "finished hash")}
					got, err := s.KeySchedule(in)
					want, _ := Reference{}.KeySchedule(in)
					p.Stepf("p2p.schedule(…) → impl: %v; reference: client_hs %x…", errOr(err, "secrets"), want.ClientHandshake[:4])
					if p.Check(err) != nil {
						p.Fatalf("p2p.schedule refused valid inputs: %v", err)
					}
					if d := scheduleDiff(got, want); d != "" {
						p.Fatalf("%s", d)
					}
				})
			},
		},
	}
}

// errOr is err's text, or ok when err is nil.
func errOr(err error, ok string) string {
	if err != nil {
		var r *Refusal
		if errors.As(err, &r) {
			return "refused " + r.Error()
		}
		return err.Error()
	}
	return ok
}
