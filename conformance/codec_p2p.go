package conformance

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"sync"

	"pgregory.net/rapid"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

// codecP2PUnshowable lists the MUSTs of spec/p2p.md that no codec case checks, and why the
// shim's stateless operations cannot show them.
var codecP2PUnshowable = map[string]string{
	"P2P-REC-3": "how a sender splits its application writes into records is Conn.Write's behaviour; " +
		"the codec operations seal one given record and never see a write, so the live tier checks it",
	"P2P-ALERT-5": "what a sender does after sending an alert needs a connection that keeps running; " +
		"p2p.handshake.serve answers a refusal without the bytes the server sent while failing",
	"P2P-KU-3": "the byte limit is 2^30 bytes of application data under one secret: a stream that passes it " +
		"is over 2 GiB of hexadecimal across the JSON shim, far beyond the codec tier's time budget",
	"P2P-HS-16": "a timeout needs a peer that stops sending for a while; p2p.handshake.serve gets the " +
		"client's bytes at once, and an early end is truncation, not a timeout (live tier)",
	"P2P-RELAY-6": "waiting legs, timeouts and busy slots are the relay's state across connections over time; " +
		"no codec operation runs a relay (live tier)",
}

// codecP2PCases returns the codec tier's p2p cases: the record layer (keys, seal, open,
// streams), the handshake server and the handshake message parser.
func codecP2PCases() []Case {
	var cases []Case
	cases = append(cases, codecP2PRecordCases()...)
	cases = append(cases, codecP2PHandshakeCases()...)
	cases = append(cases, codecP2PParseCases()...)
	return cases
}

// p2pOutcome renders an answer for comparison: ok when err is nil, the class and rule of a
// refusal, or the text of another error.
func p2pOutcome(ok string, err error) string {
	if err == nil {
		return ok
	}
	var r *Refusal
	if errors.As(err, &r) {
		return fmt.Sprintf("refused %s [%s]", r.Class, r.Req)
	}
	return "error: " + err.Error()
}

// refusedAs is the outcome of a refusal with class and rule.
func refusedAs(class, req string) string { return fmt.Sprintf("refused %s [%s]", class, req) }

// Record-layer answers as text.
func keysText(k RecordKeys, err error) string {
	return p2pOutcome(fmt.Sprintf("encKey %x iv %x macKey %x nextSecret %x", k.Enc, k.IV, k.MAC, k.NextSecret), err)
}
func sealText(rec []byte, err error) string { return p2pOutcome(fmt.Sprintf("record %x", rec), err) }
func openText(typ int, pt []byte, err error) string {
	return p2pOutcome(fmt.Sprintf("type %d plaintext %x", typ, pt), err)
}
func streamText(d []byte, err error) string { return p2pOutcome(fmt.Sprintf("data %x", d), err) }

// fillBytes returns n bytes of a simple pattern started by seed: cheap large plaintexts
// that rapid need not draw byte by byte.
func fillBytes(n int, seed uint64) []byte {
	b := make([]byte, n)
	x := seed | 1
	for i := range b {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		b[i] = byte(x)
	}
	return b
}

var (
	p2pSecretGen = rapid.SliceOfN(rapid.Byte(), wire.SecretLen, wire.SecretLen)
	p2pSeqGen    = rapid.OneOf(rapid.Uint64Range(0, 20),
		rapid.SampledFrom([]uint64{1<<20 - 2, 1<<20 - 1, 1 << 20, 1<<32 + 3, math.MaxUint64}), rapid.Uint64())
	p2pTypeGen = rapid.OneOf(rapid.SampledFrom([]int{0x10, 0x11, 0x12}), rapid.IntRange(0, 255))
)

// drawPlaintext draws a plaintext for a record of type typ: mostly of a length its type
// allows, sometimes empty or one byte too long.
func drawPlaintext(t *rapid.T, typ int, valid bool) []byte {
	if typ == int(wire.TypeApplicationData) {
		lo, hi := 0, 48
		if valid {
			lo = 1
		}
		n := rapid.OneOf(rapid.IntRange(lo, hi), rapid.SampledFrom([]int{wire.MaxPlaintext, wire.MaxPlaintext + 1})).Draw(t, "plaintext length")
		if valid && n > wire.MaxPlaintext {
			n = wire.MaxPlaintext
		}
		if n > hi {
			return fillBytes(n, rapid.Uint64().Draw(t, "plaintext seed"))
		}
		return rapid.SliceOfN(rapid.Byte(), n, n).Draw(t, "plaintext")
	}
	if valid {
		if typ == int(wire.TypeKeyUpdate) {
			return []byte{0}
		}
		return []byte{rapid.Byte().Draw(t, "alert code")}
	}
	return rapid.OneOf(rapid.SliceOfN(rapid.Byte(), 1, 1), rapid.SliceOfN(rapid.Byte(), 0, 2)).Draw(t, "plaintext")
}

// drawValidRecord draws the inputs of a record that the reference seals: a record type, a
// sequence number below the limits and a plaintext its type allows.
func drawValidRecord(t *rapid.T) (secret []byte, seq uint64, typ int, pt []byte) {
	secret = p2pSecretGen.Draw(t, "secret")
	typ = rapid.SampledFrom([]int{0x10, 0x11, 0x12}).Draw(t, "type")
	seq = rapid.OneOf(rapid.Uint64Range(0, 20), rapid.Just(uint64(1<<20-2))).Draw(t, "seq")
	if typ == int(wire.TypeKeyUpdate) && rapid.Bool().Draw(t, "key update at the last sequence number") {
		seq = 1<<20 - 1
	}
	return secret, seq, typ, drawPlaintext(t, typ, true)
}

// streamAct is one record of a generated stream.
type streamAct struct {
	typ  wire.FrameType
	data []byte
}

func (a streamAct) String() string {
	switch a.typ {
	case wire.TypeApplicationData:
		return fmt.Sprintf("application_data(%d bytes)", len(a.data))
	case wire.TypeKeyUpdate:
		return fmt.Sprintf("key_update(%02x)", a.data)
	case wire.TypeAlert:
		return fmt.Sprintf("alert(%02x)", a.data)
	}
	return fmt.Sprintf("%v(%x)", a.typ, a.data)
}

// sealStream seals acts in order from sequence number 0 under secret, moving to the next
// secret after each well-formed key update, and returns the records.
func sealStream(secret []byte, acts []streamAct) ([][]byte, error) {
	var recs [][]byte
	var seq uint64
	for _, a := range acts {
		rec, err := wire.SealRecord(nil, secret, seq, a.typ, a.data)
		if err != nil {
			return nil, err
		}
		recs = append(recs, rec)
		seq++
		if a.typ == wire.TypeKeyUpdate {
			if secret, err = wire.NextSecret(secret); err != nil {
				return nil, err
			}
			seq = 0
		}
	}
	return recs, nil
}

// p2pWorkedSecret is the traffic secret of spec/p2p.md §11.
var p2pWorkedSecret = func() []byte {
	b := make([]byte, 32)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}()

func codecP2PRecordCases() []Case {
	return []Case{
		{
			ID: "codec/p2p/keys/derive-matches-reference", Level: Must, Req: []string{"P2P-KEY-2", "P2P-KU-2"},
			Flags:       []string{"hkdf-labels", "key-schedule"},
			Description: "For random traffic secrets and the two secrets after them, the derived enc_key, iv, mac_key and next secret equal the reference's.",
			Ops:         []string{"p2p.derive"},
			Run: func(t *T) {
				t.Property(func(p *P) {
					ri := propAreaOf[RecordsImpl](p)
					secret := p2pSecretGen.Draw(p.T, "secret")
					for i := range 3 {
						k, err := ri.DeriveKeys(secret)
						p.Check(err)
						rk, rerr := Reference{}.DeriveKeys(secret)
						got, want := keysText(k, err), keysText(rk, rerr)
						p.Stepf("derive(%x) → impl: %s; reference: %s", secret, got, want)
						if got != want {
							p.Fatalf("derive of generation %d: the implementation's keys differ from the reference's", i)
						}
						secret = rk.NextSecret
					}
				})
			},
		},
		{
			ID: "codec/p2p/keys/secret-length", Level: Must, Req: []string{"P2P-KEY-1"},
			Flags:       []string{"secret-length", "input-validation"},
			Description: "Every operation given a traffic secret of other than 32 bytes refuses it as the reference does (invalid-input [P2P-KEY-1]).",
			Ops:         []string{"p2p.derive", "p2p.seal", "p2p.open", "p2p.stream"},
			Run: func(t *T) {
				good, _ := wire.SealRecord(nil, p2pWorkedSecret, 0, wire.TypeApplicationData, []byte("x"))
				closeRec, _ := wire.SealRecord(nil, p2pWorkedSecret, 1, wire.TypeAlert, []byte{0})
				t.Property(func(p *P) {
					ri := propAreaOf[RecordsImpl](p)
					n := rapid.IntRange(0, 64).Filter(func(n int) bool { return n != wire.SecretLen }).Draw(p.T, "secret length")
					secret := rapid.SliceOfN(rapid.Byte(), n, n).Draw(p.T, "secret")
					op := drawFrom(p.T, []string{"derive", "seal", "open", "stream"}, "op")
					var got, want string
					switch op {
					case "derive":
						k, err := ri.DeriveKeys(secret)
						p.Check(err)
						rk, rerr := Reference{}.DeriveKeys(secret)
						got, want = keysText(k, err), keysText(rk, rerr)
					case "seal":
						rec, err := ri.SealRecord(secret, 0, 0x10, []byte("x"))
						p.Check(err)
						rrec, rerr := Reference{}.SealRecord(secret, 0, 0x10, []byte("x"))
						got, want = sealText(rec, err), sealText(rrec, rerr)
					case "open":
						typ, pt, err := ri.OpenRecord(secret, 0, good)
						p.Check(err)
						rtyp, rpt, rerr := Reference{}.OpenRecord(secret, 0, good)
						got, want = openText(typ, pt, err), openText(rtyp, rpt, rerr)
					case "stream":
						s := append(append([]byte(nil), good...), closeRec...)
						d, err := ri.OpenStream(secret, s)
						p.Check(err)
						rd, rerr := Reference{}.OpenStream(secret, s)
						got, want = streamText(d, err), streamText(rd, rerr)
					}
					p.Stepf("%s with a %d-byte secret %x → impl: %s; reference: %s", op, n, secret, got, want)
					if got != want || want != refusedAs("invalid-input", "P2P-KEY-1") {
						p.Fatalf("%s with a %d-byte secret: implementation %s, expected %s", op, n, got, refusedAs("invalid-input", "P2P-KEY-1"))
					}
				})
			},
		},
		{
			ID: "codec/p2p/record/seal-matches-reference", Level: Must,
			Req:         []string{"P2P-REC-1", "P2P-REC-2", "P2P-REC-4", "P2P-REC-5", "P2P-SEQ-3", "P2P-FRAME-2", "P2P-FRAME-4", "P2P-KU-2"},
			Flags:       []string{"ctr-counter-block", "mac-input", "record-length", "seq-limit"},
			Description: "For random secrets, sequence numbers, frame types and plaintexts, the sealed record equals the reference's byte for byte, or both refuse with the same class and rule.",
			Ops:         []string{"p2p.seal"},
			Run: func(t *T) {
				t.Property(func(p *P) {
					ri := propAreaOf[RecordsImpl](p)
					secret := p2pSecretGen.Draw(p.T, "secret")
					seq := p2pSeqGen.Draw(p.T, "seq")
					typ := p2pTypeGen.Draw(p.T, "type")
					pt := drawPlaintext(p.T, typ, false)
					rec, err := ri.SealRecord(secret, seq, typ, pt)
					p.Check(err)
					rrec, rerr := Reference{}.SealRecord(secret, seq, typ, pt)
					got, want := sealText(rec, err), sealText(rrec, rerr)
					p.Stepf("seal(secret %x, seq %d, type 0x%02x, %d-byte plaintext) → impl: %s; reference: %s", secret, seq, typ, len(pt), abbreviate(got), abbreviate(want))
					if got != want {
						p.Fatalf("seal: the implementation's answer differs from the reference's")
					}
				})
			},
		},
		{
			ID: "codec/p2p/record/open-reference-records", Level: Must, Req: []string{"P2P-REC-4", "P2P-REC-6", "P2P-SEQ-1"},
			Flags:       []string{"interop", "ctr-counter-block", "mac-input"},
			Description: "The implementation opens records the reference sealed (random secrets, record types, sequence numbers and plaintexts) to their type and plaintext.",
			Ops:         []string{"p2p.open"},
			Run: func(t *T) {
				t.Property(func(p *P) {
					ri := propAreaOf[RecordsImpl](p)
					secret, seq, typ, pt := drawValidRecord(p.T)
					rec, err := wire.SealRecord(nil, secret, seq, wire.FrameType(typ), pt)
					if err != nil {
						p.Fatalf("harness: the reference cannot seal its own valid record: %v", err)
					}
					gtyp, gpt, err := ri.OpenRecord(secret, seq, rec)
					p.Check(err)
					got, want := openText(gtyp, gpt, err), openText(typ, pt, nil)
					p.Stepf("open(secret %x, seq %d, %s) → impl: %s; expected: %s", secret, seq, abbreviate(fmt.Sprintf("%x", rec)), abbreviate(got), abbreviate(want))
					if got != want {
						p.Fatalf("open of the reference's record: the implementation's answer differs")
					}
				})
			},
		},
		{
			ID: "codec/p2p/record/corruption-refused", Level: Must,
			Req:         []string{"P2P-REC-6", "P2P-SEQ-2", "P2P-ALERT-3", "P2P-FRAME-1", "P2P-REC-2", "P2P-KEY-3"},
			Flags:       []string{"mac-not-checked", "seq-not-checked", "tag-prefix", "check-order"},
			Description: "A valid record with one random corruption (a bit flipped anywhere, cut, extended, a wrong sequence number, frame type or length, another secret) is refused with the reference's class and rule.",
			Ops:         []string{"p2p.open"},
			Run: func(t *T) {
				t.Property(func(p *P) {
					ri := propAreaOf[RecordsImpl](p)
					secret, seq, typ, pt := drawValidRecord(p.T)
					rec, err := wire.SealRecord(nil, secret, seq, wire.FrameType(typ), pt)
					if err != nil {
						p.Fatalf("harness: the reference cannot seal its own valid record: %v", err)
					}
					bad := append([]byte(nil), rec...)
					openSeq, openSecret := seq, secret
					kind := drawFrom(p.T, []string{"flip", "flip-tag", "cut", "extend", "seq", "type", "length", "secret"}, "corruption")
					var what string
					switch kind {
					case "flip":
						i := rapid.IntRange(0, len(bad)-1).Draw(p.T, "byte")
						bit := rapid.IntRange(0, 7).Draw(p.T, "bit")
						bad[i] ^= 1 << bit
						what = fmt.Sprintf("bit %d of byte %d flipped", bit, i)
					case "flip-tag":
						i := len(bad) - wire.TagLen + rapid.IntRange(0, wire.TagLen-1).Draw(p.T, "tag byte")
						bad[i] ^= rapid.ByteRange(1, 255).Draw(p.T, "xor")
						what = fmt.Sprintf("tag byte %d changed", i)
					case "cut":
						n := rapid.IntRange(0, len(bad)-1).Draw(p.T, "kept bytes")
						bad = bad[:n]
						what = fmt.Sprintf("cut to %d bytes", n)
					case "extend":
						extra := rapid.SliceOfN(rapid.Byte(), 1, 40).Draw(p.T, "extra bytes")
						bad = append(bad, extra...)
						what = fmt.Sprintf("%d bytes appended", len(extra))
					case "seq":
						openSeq = rapid.OneOf(rapid.Uint64Range(0, 25), p2pSeqGen).Filter(func(s uint64) bool { return s != seq }).Draw(p.T, "open seq")
						what = fmt.Sprintf("opened at seq %d", openSeq)
					case "type":
						bad[0] = rapid.ByteRange(0, 255).Filter(func(b byte) bool { return int(b) != typ }).Draw(p.T, "type byte")
						what = fmt.Sprintf("type byte 0x%02x", bad[0])
					case "length":
						l := rapid.IntRange(0, 0xFFFF).Filter(func(l int) bool { return l != len(rec)-3 }).Draw(p.T, "length field")
						binary.BigEndian.PutUint16(bad[1:], uint16(l))
						what = fmt.Sprintf("length field %d", l)
					case "secret":
						openSecret = p2pSecretGen.Filter(func(s []byte) bool { return !bytes.Equal(s, secret) }).Draw(p.T, "open secret")
						what = fmt.Sprintf("opened under secret %x", openSecret)
					}
					gtyp, gpt, err := ri.OpenRecord(openSecret, openSeq, bad)
					p.Check(err)
					rtyp, rpt, rerr := Reference{}.OpenRecord(openSecret, openSeq, bad)
					got, want := openText(gtyp, gpt, err), openText(rtyp, rpt, rerr)
					p.Stepf("open(record of type 0x%02x sealed at seq %d, %s) → impl: %s; reference: %s", typ, seq, what, abbreviate(got), abbreviate(want))
					if got != want {
						p.Fatalf("open of a corrupted record (%s): implementation %s, reference %s", what, abbreviate(got), want)
					}
				})
			},
		},
		{
			ID: "codec/p2p/record/tag-every-byte", Level: Must, Req: []string{"P2P-REC-5", "P2P-REC-6"},
			Flags:       []string{"mac-not-checked", "tag-prefix", "truncated-tag-compare"},
			Description: "Changing any one byte of a record's ciphertext or of any of the 32 bytes of its tag makes the record refused (bad-record [P2P-REC-6]).",
			Ops:         []string{"p2p.open"},
			Run: func(t *T) {
				ri := areaOf[RecordsImpl](t)
				pt := []byte("every byte of the tag counts")
				rec, err := wire.SealRecord(nil, p2pWorkedSecret, 7, wire.TypeApplicationData, pt)
				if err != nil {
					t.Fatalf("harness: sealing: %v", err)
				}
				typ, got, err := ri.OpenRecord(p2pWorkedSecret, 7, rec)
				if t.Check(err) != nil || typ != 0x10 || !bytes.Equal(got, pt) {
					t.Fatalf("open(the intact record at seq 7) → %s; expected %s", openText(typ, got, err), openText(0x10, pt, nil))
				}
				want := refusedAs("bad-record", "P2P-REC-6")
				for i := wire.FrameHeaderLen; i < len(rec); i++ {
					bad := append([]byte(nil), rec...)
					bad[i] ^= 0x80
					typ, got, err := ri.OpenRecord(p2pWorkedSecret, 7, bad)
					t.Check(err)
					if o := openText(typ, got, err); o != want {
						part := "ciphertext"
						if i >= len(rec)-wire.TagLen {
							part = fmt.Sprintf("tag byte %d of 32", i-(len(rec)-wire.TagLen)+1)
						}
						t.Errorf("open(record with byte %d (%s) changed) → %s; expected %s", i, part, o, want)
					}
				}
			},
		},
		{
			ID: "codec/p2p/record/seq-64-bit", Level: Must, Req: []string{"P2P-SEQ-1", "P2P-SEQ-3", "P2P-REC-5", "P2P-ALERT-3"},
			Flags:       []string{"seq-truncated", "seq-limit", "integer-width"},
			Description: "Sequence numbers are 64-bit: a record sealed at s is refused at s+2^32 and s+2^20 (tag, [P2P-REC-6]), and sealing at 2^32+s is refused ([P2P-SEQ-3]) rather than reduced.",
			Ops:         []string{"p2p.seal", "p2p.open"},
			Run: func(t *T) {
				ri := areaOf[RecordsImpl](t)
				pt := []byte("sixty-four bits")
				for _, s := range []uint64{0, 5} {
					rec, _ := wire.SealRecord(nil, p2pWorkedSecret, s, wire.TypeApplicationData, pt)
					for _, at := range []uint64{s + 1<<32, s + 1<<20, s + 1<<63} {
						typ, got, err := ri.OpenRecord(p2pWorkedSecret, at, rec)
						t.Check(err)
						if o, want := openText(typ, got, err), refusedAs("bad-record", "P2P-REC-6"); o != want {
							t.Errorf("open(record sealed at seq %d, opened at seq %d) → %s; expected %s", s, at, o, want)
						}
					}
					for _, typ := range []int{0x10, 0x12} {
						data := pt
						if typ == 0x12 {
							data = []byte{0}
						}
						at := s + 1<<32
						rec, err := ri.SealRecord(p2pWorkedSecret, at, typ, data)
						t.Check(err)
						if o, want := sealText(rec, err), refusedAs("invalid-input", "P2P-SEQ-3"); o != want {
							t.Errorf("seal(type 0x%02x at seq %d) → %s; expected %s", typ, at, abbreviate(o), want)
						}
					}
				}
			},
		},
		{
			ID: "codec/p2p/stream/matches-reference", Level: Must,
			Req:         []string{"P2P-SEQ-1", "P2P-SEQ-2", "P2P-KU-2", "P2P-CLOSE-2", "P2P-CLOSE-3", "P2P-ALERT-1", "P2P-ALERT-4", "P2P-ALERT-3"},
			Flags:       []string{"key-update-ignored", "truncation-accepted", "seq-not-checked", "replay", "alert-handling"},
			Description: "Random streams of application data, key updates and alerts, ended by close_notify, another alert or nothing, and possibly cut, extended, replayed, reordered, dropped or flipped, open to the reference's data or refusal.",
			Ops:         []string{"p2p.stream"},
			Run: func(t *T) {
				t.Property(func(p *P) {
					ri := propAreaOf[RecordsImpl](p)
					secret := p2pSecretGen.Draw(p.T, "secret")
					n := rapid.IntRange(0, 6).Draw(p.T, "records")
					var acts []streamAct
					for i := range n {
						if rapid.IntRange(0, 3).Draw(p.T, fmt.Sprintf("record %d is a key update", i)) == 0 {
							acts = append(acts, streamAct{wire.TypeKeyUpdate, []byte{0}})
						} else {
							acts = append(acts, streamAct{wire.TypeApplicationData, rapid.SliceOfN(rapid.Byte(), 1, 24).Draw(p.T, fmt.Sprintf("data %d", i))})
						}
					}
					switch drawFrom(p.T, []string{"close", "close", "alert", "none"}, "end") {
					case "close":
						acts = append(acts, streamAct{wire.TypeAlert, []byte{0}})
					case "alert":
						acts = append(acts, streamAct{wire.TypeAlert, []byte{rapid.Byte().Draw(p.T, "alert code")}})
					}
					recs, err := sealStream(secret, acts)
					if err != nil {
						p.Fatalf("harness: sealing the stream: %v", err)
					}
					tamper := drawFrom(p.T, []string{"none", "none", "cut", "extend", "replay", "drop", "swap", "flip"}, "tamper")
					what := tamper
					if len(recs) < 2 && (tamper == "replay" || tamper == "drop" || tamper == "swap") {
						tamper, what = "none", "none"
					}
					switch tamper {
					case "replay":
						i := rapid.IntRange(0, len(recs)-1).Draw(p.T, "replayed record")
						j := rapid.IntRange(i+1, len(recs)).Draw(p.T, "replayed at")
						recs = append(recs[:j], append([][]byte{recs[i]}, recs[j:]...)...)
						what = fmt.Sprintf("record %d replayed before record %d", i, j)
					case "drop":
						i := rapid.IntRange(0, len(recs)-1).Draw(p.T, "dropped record")
						recs = append(recs[:i], recs[i+1:]...)
						what = fmt.Sprintf("record %d dropped", i)
					case "swap":
						i := rapid.IntRange(0, len(recs)-2).Draw(p.T, "swapped record")
						recs[i], recs[i+1] = recs[i+1], recs[i]
						what = fmt.Sprintf("records %d and %d swapped", i, i+1)
					}
					stream := bytes.Join(recs, nil)
					switch tamper {
					case "cut":
						if len(stream) > 0 {
							k := rapid.IntRange(0, len(stream)-1).Draw(p.T, "kept bytes")
							stream = stream[:k]
							what = fmt.Sprintf("cut to %d bytes", k)
						}
					case "extend":
						more, _ := wire.SealRecord(nil, secret, uint64(len(recs)), wire.TypeApplicationData, []byte("more"))
						extra := rapid.OneOf(rapid.SliceOfN(rapid.Byte(), 1, 8), rapid.Just(more)).Draw(p.T, "appended bytes")
						stream = append(stream, extra...)
						what = fmt.Sprintf("%d bytes appended", len(extra))
					case "flip":
						if len(stream) > 0 {
							i := rapid.IntRange(0, len(stream)-1).Draw(p.T, "flipped byte")
							stream[i] ^= 1 << rapid.IntRange(0, 7).Draw(p.T, "flipped bit")
							what = fmt.Sprintf("a bit of byte %d flipped", i)
						}
					}
					d, err := ri.OpenStream(secret, stream)
					p.Check(err)
					rd, rerr := Reference{}.OpenStream(secret, stream)
					got, want := streamText(d, err), streamText(rd, rerr)
					p.Stepf("stream(secret %x, records %v, %s; %d bytes) → impl: %s; reference: %s", secret, acts, what, len(stream), abbreviate(got), abbreviate(want))
					if got != want {
						p.Fatalf("stream: implementation %s, reference %s", abbreviate(got), abbreviate(want))
					}
				})
			},
		},
		{
			ID: "codec/p2p/stream/replay-reorder-drop", Level: Must, Req: []string{"P2P-SEQ-2", "P2P-REC-6"},
			Flags:       []string{"seq-not-checked", "replay", "reorder", "drop"},
			Description: "A stream of four application_data records and close_notify with any record replayed later (before the close), any two adjacent records swapped, or any record dropped is refused (bad-record [P2P-REC-6]).",
			Ops:         []string{"p2p.stream"},
			Run: func(t *T) {
				ri := areaOf[RecordsImpl](t)
				acts := []streamAct{{wire.TypeApplicationData, []byte("one")}, {wire.TypeApplicationData, []byte("two")},
					{wire.TypeApplicationData, []byte("three")}, {wire.TypeApplicationData, []byte("four")}, {wire.TypeAlert, []byte{0}}}
				recs, err := sealStream(p2pWorkedSecret, acts)
				if err != nil {
					t.Fatalf("harness: sealing: %v", err)
				}
				d, err := ri.OpenStream(p2pWorkedSecret, bytes.Join(recs, nil))
				if t.Check(err) != nil || string(d) != "onetwothreefour" {
					t.Fatalf("stream(the intact stream) → %s; expected %s", streamText(d, err), streamText([]byte("onetwothreefour"), nil))
				}
				want := refusedAs("bad-record", "P2P-REC-6")
				try := func(what string, rs [][]byte) {
					d, err := ri.OpenStream(p2pWorkedSecret, bytes.Join(rs, nil))
					t.Check(err)
					if o := streamText(d, err); o != want {
						t.Errorf("stream(%s) → %s; expected %s", what, o, want)
					}
				}
				for i := range len(recs) - 1 {
					for j := i + 1; j < len(recs); j++ { // replayed after close_notify is [P2P-CLOSE-3]
						rs := append(append(append([][]byte(nil), recs[:j]...), recs[i]), recs[j:]...)
						try(fmt.Sprintf("record %d replayed before record %d", i, j), rs)
					}
					rs := append([][]byte(nil), recs...)
					rs[i], rs[i+1] = rs[i+1], rs[i]
					try(fmt.Sprintf("records %d and %d swapped", i, i+1), rs)
					try(fmt.Sprintf("record %d dropped", i), append(append([][]byte(nil), recs[:i]...), recs[i+1:]...))
				}
			},
		},
		{
			ID: "codec/p2p/stream/truncated-anywhere", Level: Must, Req: []string{"P2P-CLOSE-2"},
			Flags:       []string{"truncation-accepted"},
			Description: "A stream of data, a key update, more data and close_notify, cut at any byte before its end, is refused (bad-record [P2P-CLOSE-2]) and never returns the data before the cut.",
			Ops:         []string{"p2p.stream"},
			Run: func(t *T) {
				ri := areaOf[RecordsImpl](t)
				acts := []streamAct{{wire.TypeApplicationData, []byte("first")}, {wire.TypeKeyUpdate, []byte{0}},
					{wire.TypeApplicationData, fillBytes(100, 9)}, {wire.TypeAlert, []byte{0}}}
				recs, err := sealStream(p2pWorkedSecret, acts)
				if err != nil {
					t.Fatalf("harness: sealing: %v", err)
				}
				stream := bytes.Join(recs, nil)
				d, err := ri.OpenStream(p2pWorkedSecret, stream)
				wantData := append([]byte("first"), fillBytes(100, 9)...)
				if t.Check(err) != nil || !bytes.Equal(d, wantData) {
					t.Fatalf("stream(the whole stream) → %s; expected %s", abbreviate(streamText(d, err)), abbreviate(streamText(wantData, nil)))
				}
				want := refusedAs("bad-record", "P2P-CLOSE-2")
				fails := 0
				for k := 0; k < len(stream); k++ {
					d, err := ri.OpenStream(p2pWorkedSecret, stream[:k])
					t.Check(err)
					if o := streamText(d, err); o != want {
						if fails++; fails <= 5 {
							t.Errorf("stream(cut to %d of %d bytes) → %s; expected %s", k, len(stream), abbreviate(o), want)
						}
					}
				}
				if fails > 5 {
					t.Errorf("… and %d more cuts not refused", fails-5)
				}
			},
		},
		{
			ID: "codec/p2p/stream/alert-codes", Level: Must, Req: []string{"P2P-ALERT-1", "P2P-ALERT-4", "P2P-CLOSE-2"},
			Flags:       []string{"alert-handling", "unknown-alert-as-close"},
			Description: "A stream ending with an alert of each code 0–255 gives its data for close_notify (0), alert [P2P-ALERT-4] for codes 1–3 and alert [P2P-ALERT-1] for unknown codes.",
			Ops:         []string{"p2p.stream"},
			Run: func(t *T) {
				ri := areaOf[RecordsImpl](t)
				for code := range 256 {
					recs, err := sealStream(p2pWorkedSecret, []streamAct{{wire.TypeApplicationData, []byte("hi")}, {wire.TypeAlert, []byte{byte(code)}}})
					if err != nil {
						t.Fatalf("harness: sealing: %v", err)
					}
					d, err := ri.OpenStream(p2pWorkedSecret, bytes.Join(recs, nil))
					t.Check(err)
					var want string
					switch {
					case code == 0:
						want = streamText([]byte("hi"), nil)
					case code <= 3:
						want = refusedAs("alert", "P2P-ALERT-4")
					default:
						want = refusedAs("alert", "P2P-ALERT-1")
					}
					if o := streamText(d, err); o != want {
						t.Errorf("stream(data \"hi\", alert 0x%02x) → %s; expected %s", code, o, want)
					}
				}
			},
		},
	}
}

// p2pHSFixture is a valid handshake, from the vector a-to-b-tickets-both-ways of
// p2p/handshake.json, taken apart so that cases can build other client streams: device A
// connects to device B, one ticket each way.
type p2pHSFixture struct {
	base     ServerHandshake // the vector's server inputs and the client's whole stream
	ch, kx   []byte          // the client's cleartext messages, whole
	sh       []byte          // the server's hello, whole, as the reference sends it
	served   []byte          // everything the reference's server sends for base
	msgs     []byte          // the plaintext of the client's flight: ticket, client_verify, finished
	clientHS []byte          // client_hs, the secret of the client's flight
	idA, idC [32]byte        // the fingerprints of devices A and C
	keyA     []byte          // device A's SubjectPublicKeyInfo
	keyC     []byte          // device C's
	weak     []byte          // the SubjectPublicKeyInfo of the published 1024-bit key
	modLen   int             // the byte length of device B's modulus
	relayKey []byte          // a SubjectPublicKeyInfo for relay_join (device A's)
}

var p2pHS = sync.OnceValues(loadP2PHSFixture)

func loadP2PHSFixture() (*p2pHSFixture, error) {
	data, err := fs.ReadFile(vectors.FS(), "p2p/handshake.json")
	if err != nil {
		return nil, err
	}
	f, err := vectors.Decode[p2pHandshakeTest](data)
	if err != nil {
		return nil, err
	}
	var tc *p2pHandshakeTest
	for i := range f.Tests {
		if f.Tests[i].ID == "a-to-b-tickets-both-ways" {
			tc = &f.Tests[i]
		}
	}
	if tc == nil {
		return nil, errors.New("p2p/handshake.json has no test a-to-b-tickets-both-ways")
	}
	fx := &p2pHSFixture{}
	keyB, err := vectors.Key(tc.ServerKey)
	if err != nil {
		return nil, err
	}
	nonce, err1 := hex.DecodeString(tc.ServerNonce)
	client, err2 := hex.DecodeString(tc.Client)
	st, err3 := unhexAll(tc.ServerTickets)
	accept, err4 := unhexAll(tc.AcceptTickets)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return nil, err
	}
	fx.base = ServerHandshake{Key: keyB.Private, Nonce: nonce, Tickets: st, AcceptTickets: accept, Client: client}
	fx.modLen = keyB.Private.Size()
	spkiOf := func(name string) ([]byte, [32]byte, error) {
		k, err := vectors.Key(name)
		if err != nil {
			return nil, [32]byte{}, err
		}
		der, err := x509.MarshalPKIXPublicKey(&k.Private.PublicKey)
		return der, sha256.Sum256(der), err
	}
	if fx.keyA, fx.idA, err = spkiOf("device-a-2048"); err != nil {
		return nil, err
	}
	if fx.keyC, fx.idC, err = spkiOf("device-c-2048"); err != nil {
		return nil, err
	}
	if fx.weak, _, err = spkiOf("weak-1024"); err != nil {
		return nil, err
	}
	fx.relayKey = fx.keyA
	var rest []byte
	var t wire.FrameType
	if t, _, rest, err = wire.ParseMessage(client); err != nil || t != wire.TypeClientHello {
		return nil, fmt.Errorf("the vector's client_hello: %v", err)
	}
	fx.ch = client[:len(client)-len(rest)]
	kxStart := rest
	var kxBody []byte
	if t, kxBody, rest, err = wire.ParseMessage(kxStart); err != nil || t != wire.TypeKeyExchange {
		return nil, fmt.Errorf("the vector's key_exchange: %v", err)
	}
	fx.kx = kxStart[:len(kxStart)-len(rest)]
	if fx.served, err = (Reference{}).ServeHandshake(fx.base); err != nil {
		return nil, fmt.Errorf("the reference refuses the vector's valid handshake: %v", err)
	}
	if t, _, _, err = wire.ParseMessage(fx.served); err != nil || t != wire.TypeServerHello {
		return nil, fmt.Errorf("the reference's server_hello: %v", err)
	}
	_, _, srest, _ := wire.ParseMessage(fx.served)
	fx.sh = fx.served[:len(fx.served)-len(srest)]
	pms, err := rsa.DecryptOAEP(sha256.New(), nil, keyB.Private, kxBody, []byte(wire.OAEPLabel))
	if err != nil {
		return nil, fmt.Errorf("decrypting the vector's key_exchange: %v", err)
	}
	chm, _ := wire.ParseClientHello(fx.ch[wire.FrameHeaderLen:])
	h1 := sha256.Sum256(bytes.Join([][]byte{fx.ch, fx.sh, fx.kx}, nil))
	fx.clientHS = wire.NewSchedule(pms, chm.Nonce[:], nonce, h1[:]).ClientHandshake
	for seq := uint64(0); len(rest) > 0; seq++ {
		if len(rest) < wire.FrameHeaderLen {
			return nil, errors.New("the vector's client flight ends inside a header")
		}
		n := wire.FrameHeaderLen + int(binary.BigEndian.Uint16(rest[1:]))
		if n > len(rest) {
			return nil, errors.New("the vector's client flight ends inside a record")
		}
		_, pt, err := wire.OpenRecord(fx.clientHS, seq, rest[:n])
		if err != nil {
			return nil, fmt.Errorf("opening the vector's client flight: %v", err)
		}
		fx.msgs = append(fx.msgs, pt...)
		rest = rest[n:]
	}
	return fx, nil
}

// flight seals the messages of a client flight under client_hs as application_data records
// of at most cut bytes of plaintext each, followed by extra records of the given types.
func (fx *p2pHSFixture) flight(msgs []byte, cut int, extra ...streamAct) []byte {
	var out []byte
	seq := uint64(0)
	for len(msgs) > 0 {
		n := min(cut, len(msgs))
		out, _ = wire.SealRecord(out, fx.clientHS, seq, wire.TypeApplicationData, msgs[:n])
		msgs = msgs[n:]
		seq++
	}
	for _, a := range extra {
		out, _ = wire.SealRecord(out, fx.clientHS, seq, a.typ, a.data)
		seq++
	}
	return out
}

// with returns the fixture's server inputs with the client's stream replaced.
func (fx *p2pHSFixture) with(client ...[]byte) ServerHandshake {
	h := fx.base
	h.Client = bytes.Join(client, nil)
	return h
}

// hsText renders a server's answer: the bytes it sent (abbreviated) or its refusal.
func hsText(sent []byte, err error) string {
	return p2pOutcome(abbreviate(fmt.Sprintf("sent %x", sent)), err)
}

func hsFixture(t *T) *p2pHSFixture {
	fx, err := p2pHS()
	if err != nil {
		t.Fatalf("harness: the handshake fixture: %v", err)
	}
	return fx
}

// expectServe runs one server handshake and checks its outcome against want.
func expectServe(t *T, hi HandshakeImpl, what string, h ServerHandshake, want string) {
	sent, err := hi.ServeHandshake(h)
	t.Check(err)
	if got := hsText(sent, err); got != want {
		t.Errorf("serve(%s) → %s; expected %s", what, got, want)
	}
}

// clientHello returns a whole client_hello message with the given fields.
func clientHello(versions []uint16, nonce, id [32]byte, spki []byte) []byte {
	m := &wire.ClientHello{Versions: versions, Nonce: nonce, DeviceID: id, SPKI: spki}
	return wire.AppendMessage(nil, wire.TypeClientHello, m.Marshal())
}

func codecP2PHandshakeCases() []Case {
	const serve = "p2p.handshake.serve"
	return []Case{
		{
			ID: "codec/p2p/handshake/client-mutations", Level: Must,
			Req:         []string{"P2P-HS-14", "P2P-HS-2", "P2P-HS-4", "P2P-HS-6", "P2P-HS-7", "P2P-HS-8", "P2P-HS-10", "P2P-HS-13"},
			Flags:       []string{"check-order", "any-client-accepted", "handshake-parsing"},
			Description: "A valid client stream with one random mutation (bit flip, cut, inserted or deleted byte, changed length field, appended bytes), served with a random expected client and authorizer, gets the reference's answer: the same bytes, or the same class and rule.",
			Ops:         []string{serve},
			Run: func(t *T) {
				fx := hsFixture(t)
				hi := areaOf[HandshakeImpl](t)
				t.Property(func(p *P) {
					client, what := drawByteMutation(p.T, fx.base.Client, 8, func(client []byte) string {
						at := drawFrom(p.T, []int{1, len(fx.ch) + 1}, "length field at")
						l := rapid.OneOf(rapid.IntRange(0, 0xFFFF), rapid.SampledFrom([]int{wire.MaxClearMessage, wire.MaxClearMessage + 1})).Draw(p.T, "length")
						binary.BigEndian.PutUint16(client[at:], uint16(l))
						return fmt.Sprintf("length field at byte %d set to %d", at, l)
					})
					h := fx.base
					h.Client = client
					switch drawFrom(p.T, []string{"any", "device-a", "device-c"}, "expected client") {
					case "device-a":
						id := ident.DeviceIDFromFingerprint(fx.idA)
						h.PeerID = &id
					case "device-c":
						id := ident.DeviceIDFromFingerprint(fx.idC)
						h.PeerID = &id
					}
					switch drawFrom(p.T, []string{"its ticket", "its ticket", "no ticket", "another ticket"}, "authorizer accepts") {
					case "no ticket":
						h.AcceptTickets = nil
					case "another ticket":
						h.AcceptTickets = [][]byte{[]byte("another ticket")}
					}
					sent, err := hi.ServeHandshake(h)
					p.Check(err)
					rsent, rerr := Reference{}.ServeHandshake(h)
					got, want := hsText(sent, err), hsText(rsent, rerr)
					peer := "any client"
					if h.PeerID != nil {
						peer = "expecting " + h.PeerID.String()
					}
					p.Stepf("serve(client stream with %s, %s, accepting %q) → impl: %s; reference: %s", what, peer, h.AcceptTickets, got, want)
					if got != want {
						p.Fatalf("serve: implementation %s, reference %s", got, want)
					}
				})
			},
		},
		{
			ID: "codec/p2p/handshake/check-order", Level: Must, Req: []string{"P2P-HS-14", "P2P-HS-2", "P2P-HS-3", "P2P-HS-4", "P2P-HS-6", "P2P-HS-7"},
			Flags:       []string{"check-order"},
			Description: "A client_hello that breaks several rules is refused for the first in the order of [P2P-HS-14]: header, layout, version, key and device ID, expected device.",
			Ops:         []string{serve},
			Run: func(t *T) {
				fx := hsFixture(t)
				hi := areaOf[HandshakeImpl](t)
				chm, err := wire.ParseClientHello(fx.ch[wire.FrameHeaderLen:])
				if err != nil {
					t.Fatalf("harness: %v", err)
				}
				idC := ident.DeviceIDFromFingerprint(fx.idC)
				offByOne := fx.idA
				offByOne[31] ^= 1
				over := append([]byte(nil), fx.ch...)
				binary.BigEndian.PutUint16(over[1:], wire.MaxClearMessage+1)
				noVersions := append([]byte(nil), fx.ch...)
				noVersions[wire.FrameHeaderLen] = 0
				for _, c := range []struct {
					what   string
					ch     []byte
					expect bool
					want   string
				}{
					{"a 2049-byte client_hello header on a hello with no versions", append(over[:wire.FrameHeaderLen:wire.FrameHeaderLen], noVersions[wire.FrameHeaderLen:]...), false, refusedAs("too-large", "P2P-HS-2")},
					{"a client_hello with no versions and only version 2 would follow", noVersions, false, refusedAs("malformed", "P2P-HS-4")},
					{"only version 2 offered, by device C's key under device A's ID", clientHello([]uint16{2}, chm.Nonce, fx.idA, fx.keyC), true, refusedAs("version", "P2P-HS-3")},
					{"device C's key under device A's ID, the server expecting device C", clientHello([]uint16{1}, chm.Nonce, fx.idA, fx.keyC), true, refusedAs("peer-id", "P2P-HS-6")},
					{"device A's key with its ID one bit off, the server expecting device C", clientHello([]uint16{1}, chm.Nonce, offByOne, fx.keyA), true, refusedAs("peer-id", "P2P-HS-6")},
					{"a 1024-bit key with its own ID, the server expecting device C", clientHello([]uint16{1}, chm.Nonce, sha256.Sum256(fx.weak), fx.weak), true, refusedAs("peer-key", "P2P-HS-6")},
					{"device A, the server expecting device C", clientHello([]uint16{1}, chm.Nonce, fx.idA, fx.keyA), true, refusedAs("unexpected-id", "P2P-HS-7")},
				} {
					h := fx.with(c.ch, fx.kx, fx.base.Client[len(fx.ch)+len(fx.kx):])
					if c.expect {
						h.PeerID = &idC
					}
					expectServe(t, hi, c.what, h, c.want)
				}
			},
		},
		{
			ID: "codec/p2p/handshake/peer-failure", Level: Must, Req: []string{"P2P-HS-15"},
			Flags:       []string{"failure-ignored", "alert-handling"},
			Description: "A client that sends failure instead of client_hello or key_exchange, or a handshake_failure alert as its encrypted flight, makes the server fail (peer-failure [P2P-HS-15]); a failure of two bytes is malformed.",
			Ops:         []string{serve},
			Run: func(t *T) {
				fx := hsFixture(t)
				hi := areaOf[HandshakeImpl](t)
				failure := wire.AppendMessage(nil, wire.TypeFailure, []byte{byte(wire.AlertHandshakeFailure)})
				peerFailure := refusedAs("peer-failure", "P2P-HS-15")
				expectServe(t, hi, "failure instead of client_hello", fx.with(failure), peerFailure)
				expectServe(t, hi, "client_hello, then failure instead of key_exchange", fx.with(fx.ch, failure), peerFailure)
				expectServe(t, hi, "client_hello, key_exchange, then a handshake_failure alert under client_hs",
					fx.with(fx.ch, fx.kx, fx.flight(nil, 1, streamAct{wire.TypeAlert, []byte{byte(wire.AlertHandshakeFailure)}})), peerFailure)
				expectServe(t, hi, "a two-byte failure instead of client_hello",
					fx.with(wire.AppendMessage(nil, wire.TypeFailure, []byte{2, 2})), refusedAs("malformed", "P2P-HS-15"))
			},
		},
		{
			ID: "codec/p2p/handshake/flight-records", Level: Must, Req: []string{"P2P-HS-13"},
			Flags:       []string{"flight-framing", "key-update-in-flight"},
			Description: "The client's flight may be cut into records at any byte (one-byte and seven-byte records give the same server answer), but a key_update record in it is refused (unexpected-message [P2P-HS-13]).",
			Ops:         []string{serve},
			Run: func(t *T) {
				fx := hsFixture(t)
				hi := areaOf[HandshakeImpl](t)
				want := hsText(fx.served, nil)
				for _, cut := range []int{1, 7} {
					expectServe(t, hi, fmt.Sprintf("the valid flight cut into records of %d bytes", cut), fx.with(fx.ch, fx.kx, fx.flight(fx.msgs, cut)), want)
				}
				expectServe(t, hi, "a key_update record before the valid flight",
					fx.with(fx.ch, fx.kx, fx.flight(nil, 1, streamAct{wire.TypeKeyUpdate, []byte{0}})), refusedAs("unexpected-message", "P2P-HS-13"))
				expectServe(t, hi, "the flight sealed under a secret other than client_hs",
					fx.with(fx.ch, fx.kx, func() []byte {
						r, _ := wire.SealRecord(nil, p2pWorkedSecret, 0, wire.TypeApplicationData, fx.msgs)
						return r
					}()),
					refusedAs("decrypt", "P2P-HS-13"))
			},
		},
		{
			ID: "codec/p2p/handshake/ticket-limits", Level: Must, Req: []string{"P2P-HS-10"},
			Flags:       []string{"ticket-limits"},
			Description: "A client flight with nine tickets is refused (too-large [P2P-HS-10]) before its signature is checked.",
			Ops:         []string{serve},
			Run: func(t *T) {
				fx := hsFixture(t)
				hi := areaOf[HandshakeImpl](t)
				_, _, afterTicket, err := wire.ParseMessage(fx.msgs)
				if err != nil {
					t.Fatalf("harness: %v", err)
				}
				var msgs []byte
				for i := range 9 {
					msgs = wire.AppendMessage(msgs, wire.TypeTicket, fmt.Appendf(nil, "ticket %d", i))
				}
				msgs = append(msgs, afterTicket...)
				expectServe(t, hi, "nine tickets, then the vector's client_verify and finished", fx.with(fx.ch, fx.kx, fx.flight(msgs, 1000)), refusedAs("too-large", "P2P-HS-10"))
			},
		},
		{
			ID: "codec/p2p/handshake/expected-client", Level: Must, Req: []string{"P2P-HS-7", "P2P-HS-10"},
			Flags:       []string{"any-client-accepted", "authorizer-ignored"},
			Description: "The same valid client stream is served when the server expects device A or anyone, refused when it expects device C (unexpected-id [P2P-HS-7]) and when its authorizer accepts no ticket (unauthorized [P2P-HS-10]).",
			Ops:         []string{serve},
			Run: func(t *T) {
				fx := hsFixture(t)
				hi := areaOf[HandshakeImpl](t)
				ok := hsText(fx.served, nil)
				expectServe(t, hi, "the vector's client, any client accepted", fx.base, ok)
				idA, idC := ident.DeviceIDFromFingerprint(fx.idA), ident.DeviceIDFromFingerprint(fx.idC)
				h := fx.base
				h.PeerID = &idA
				expectServe(t, hi, "the vector's client (device A), device A expected", h, ok)
				h.PeerID = &idC
				expectServe(t, hi, "the vector's client (device A), device C expected", h, refusedAs("unexpected-id", "P2P-HS-7"))
				h = fx.base
				h.AcceptTickets = nil
				expectServe(t, hi, "the vector's client with its ticket, the authorizer accepting no ticket", h, refusedAs("unauthorized", "P2P-HS-10"))
			},
		},
	}
}

// parseText renders a parse answer: the message's fields, or its refusal.
func parseText(m *HandshakeMessage, err error) string {
	if err != nil {
		return p2pOutcome("", err)
	}
	if m == nil {
		return "no message and no error"
	}
	s := fmt.Sprintf("type 0x%02x", m.Type)
	add := func(name string, v []byte) {
		if len(v) > 0 {
			s += fmt.Sprintf(" %s %x", name, v)
		}
	}
	if len(m.Versions) > 0 {
		s += fmt.Sprintf(" versions %v", m.Versions)
	}
	add("nonce", m.Nonce)
	add("id", m.DeviceID)
	add("peer", m.PeerID)
	add("key", m.Key)
	for i, tk := range m.Tickets {
		add(fmt.Sprintf("ticket[%d]", i), tk)
	}
	add("body", m.Body)
	add("signature", m.Signature)
	if m.Code != nil {
		s += fmt.Sprintf(" code %d", *m.Code)
	}
	if m.Role != nil {
		s += fmt.Sprintf(" role %d", *m.Role)
	}
	return s
}

// expectParse parses msg and checks the outcome against want (parseText's form).
func expectParse(t *T, hi HandshakeImpl, what string, msg []byte, modulusLen int, want string) {
	m, err := hi.ParseHandshake(msg, modulusLen)
	t.Check(err)
	if got := parseText(m, err); got != want {
		t.Errorf("parse(%s) → %s; expected %s", what, abbreviate(got), abbreviate(want))
	}
}

// p2pMessages are valid messages of every handshake and relay type, whole, with the
// modulus length their bodies need.
func (fx *p2pHSFixture) messages() []struct {
	name string
	msg  []byte
} {
	type m = struct {
		name string
		msg  []byte
	}
	ticket, cv, fin := p2pSplit(fx.msgs)
	var nonce [32]byte
	copy(nonce[:], fillBytes(32, 3))
	challenge := &wire.RelayChallenge{Version: wire.Version1, Nonce: nonce}
	join := &wire.RelayJoin{Version: wire.Version1, PeerID: fx.idC, DeviceID: fx.idA, SPKI: fx.relayKey,
		Tickets: [][]byte{[]byte("t1"), []byte("ticket two")}, Signature: fillBytes(256, 4)}
	paired := &wire.RelayPaired{Role: wire.RoleServer, PeerID: fx.idC}
	return []m{
		{"client_hello", fx.ch}, {"server_hello", fx.sh}, {"key_exchange", fx.kx},
		{"ticket", ticket}, {"client_verify", cv}, {"finished", fin},
		{"failure", wire.AppendMessage(nil, wire.TypeFailure, []byte{2})},
		{"relay_challenge", wire.AppendMessage(nil, wire.TypeRelayChallenge, challenge.Marshal())},
		{"relay_join", wire.AppendMessage(nil, wire.TypeRelayJoin, join.Marshal())},
		{"relay_paired", wire.AppendMessage(nil, wire.TypeRelayPaired, paired.Marshal())},
		{"relay_error", wire.AppendMessage(nil, wire.TypeRelayError, []byte{2})},
	}
}

// p2pSplit splits the client flight's plaintext into its ticket, client_verify and finished
// messages, whole.
func p2pSplit(msgs []byte) (ticket, cv, fin []byte) {
	var parts [][]byte
	for len(msgs) > 0 {
		_, _, rest, err := wire.ParseMessage(msgs)
		if err != nil {
			break
		}
		parts = append(parts, msgs[:len(msgs)-len(rest)])
		msgs = rest
	}
	for len(parts) < 3 {
		parts = append(parts, nil)
	}
	return parts[0], parts[1], parts[2]
}

// withBody returns msg (type t) with its body replaced and its length field set to the new
// body's length.
func withBody(t wire.FrameType, body []byte) []byte { return wire.AppendMessage(nil, t, body) }

func codecP2PParseCases() []Case {
	const parse = "p2p.handshake.parse"
	return []Case{
		{
			ID: "codec/p2p/parse/hello-fields", Level: Must, Req: []string{"P2P-HS-4", "P2P-HS-5"},
			Flags:       []string{"handshake-parsing", "field-order"},
			Description: "The vector's client_hello and the reference server's server_hello parse to their version(s), nonce, device ID and key.",
			Ops:         []string{parse},
			Run: func(t *T) {
				fx := hsFixture(t)
				hi := areaOf[HandshakeImpl](t)
				chm, _ := wire.ParseClientHello(fx.ch[wire.FrameHeaderLen:])
				keyB, _ := x509.MarshalPKIXPublicKey(&fx.base.Key.PublicKey)
				idB := sha256.Sum256(keyB)
				expectParse(t, hi, "the vector's client_hello", fx.ch, 0,
					parseText(&HandshakeMessage{Type: 1, Versions: []int{1}, Nonce: chm.Nonce[:], DeviceID: fx.idA[:], Key: fx.keyA}, nil))
				expectParse(t, hi, "the server_hello answering it", fx.sh, 0,
					parseText(&HandshakeMessage{Type: 2, Versions: []int{1}, Nonce: fx.base.Nonce, DeviceID: idB[:], Key: keyB}, nil))
				two := clientHello([]uint16{2, 1}, chm.Nonce, fx.idC, fx.keyC)
				expectParse(t, hi, "a client_hello offering versions 2 then 1, from device C", two, 0,
					parseText(&HandshakeMessage{Type: 1, Versions: []int{2, 1}, Nonce: chm.Nonce[:], DeviceID: fx.idC[:], Key: fx.keyC}, nil))
			},
		},
		{
			ID: "codec/p2p/parse/hello-layout", Level: Must, Req: []string{"P2P-HS-4", "P2P-HS-5"},
			Flags:       []string{"handshake-parsing", "length-fields", "trailing-bytes"},
			Description: "Hellos with 0 or 9 versions, a key length of 0, 1025 or one off the remaining bytes, or a missing key are refused (malformed [P2P-HS-4] / [P2P-HS-5]).",
			Ops:         []string{parse},
			Run: func(t *T) {
				fx := hsFixture(t)
				hi := areaOf[HandshakeImpl](t)
				chBody := fx.ch[wire.FrameHeaderLen:]
				shBody := fx.sh[wire.FrameHeaderLen:]
				keyLenAt := func(body []byte) int { return len(body) - len(fx.keyA) - 2 } // both keys are 2048-bit SPKIs of the same length
				setKeyLen := func(body []byte, l int) []byte {
					b := append([]byte(nil), body...)
					binary.BigEndian.PutUint16(b[keyLenAt(body):], uint16(l))
					return b
				}
				nine := append([]byte{9}, make([]byte, 18)...)
				nine = append(nine, chBody[3:]...)
				for _, c := range []struct {
					what string
					t    wire.FrameType
					body []byte
					req  string
				}{
					{"client_hello with 0 versions", wire.TypeClientHello, append([]byte{0}, chBody[1:]...), "P2P-HS-4"},
					{"client_hello with 9 versions", wire.TypeClientHello, nine, "P2P-HS-4"},
					{"client_hello with key length 0", wire.TypeClientHello, setKeyLen(chBody, 0), "P2P-HS-4"},
					{"client_hello with key length 1025", wire.TypeClientHello, setKeyLen(chBody, 1025), "P2P-HS-4"},
					{"client_hello with key length one short", wire.TypeClientHello, setKeyLen(chBody, len(fx.keyA)-1), "P2P-HS-4"},
					{"client_hello with a byte after the key", wire.TypeClientHello, append(append([]byte(nil), chBody...), 0), "P2P-HS-4"},
					{"client_hello without its key", wire.TypeClientHello, chBody[:keyLenAt(chBody)], "P2P-HS-4"},
					{"server_hello with key length 0", wire.TypeServerHello, setKeyLen(shBody, 0), "P2P-HS-5"},
					{"server_hello with key length 1025", wire.TypeServerHello, setKeyLen(shBody, 1025), "P2P-HS-5"},
					{"server_hello with key length one long", wire.TypeServerHello, setKeyLen(shBody, len(fx.keyA)+1), "P2P-HS-5"},
					{"server_hello with a byte after the key", wire.TypeServerHello, append(append([]byte(nil), shBody...), 0), "P2P-HS-5"},
					{"server_hello without its key length", wire.TypeServerHello, shBody[:2+64], "P2P-HS-5"},
				} {
					expectParse(t, hi, c.what, withBody(c.t, c.body), 0, refusedAs("malformed", c.req))
				}
			},
		},
		{
			ID: "codec/p2p/parse/framing", Level: Must, Req: []string{"P2P-HS-2"},
			Flags:       []string{"trailing-bytes", "message-limit", "reserved-type"},
			Description: "A message must be exactly one frame of a handshake or relay type: a short header, a type outside 0x01–0x0B, a cut body or trailing bytes are malformed [P2P-HS-2], and a cleartext body over 2048 bytes is too-large [P2P-HS-2] from its header alone.",
			Ops:         []string{parse},
			Run: func(t *T) {
				fx := hsFixture(t)
				hi := areaOf[HandshakeImpl](t)
				bad := refusedAs("malformed", "P2P-HS-2")
				expectParse(t, hi, "two bytes", fx.ch[:2], 0, bad)
				expectParse(t, hi, "the client_hello cut by one byte", fx.ch[:len(fx.ch)-1], 0, bad)
				expectParse(t, hi, "the client_hello and one more byte", append(append([]byte(nil), fx.ch...), 0), 0, bad)
				expectParse(t, hi, "the client_hello followed by the key_exchange", append(append([]byte(nil), fx.ch...), fx.kx...), 256, bad)
				for _, typ := range []byte{0x00, 0x0C, 0x0F, 0x10, 0x11, 0xFF} {
					expectParse(t, hi, fmt.Sprintf("a failure body under type 0x%02x", typ), []byte{typ, 0, 1, 2}, 0, bad)
				}
				for _, typ := range []wire.FrameType{wire.TypeClientHello, wire.TypeServerHello, wire.TypeKeyExchange, wire.TypeFailure} {
					hdr := wire.AppendFrameHeader(nil, typ, wire.MaxClearMessage+1)
					expectParse(t, hi, fmt.Sprintf("a %v header announcing 2049 bytes, with no body", typ), hdr, 256, refusedAs("too-large", "P2P-HS-2"))
				}
				big := withBody(wire.TypeTicket, fillBytes(wire.MaxClearMessage+1, 5))
				expectParse(t, hi, "a ticket of 2049 bytes (tickets travel encrypted, without the cleartext limit)", big, 0,
					parseText(&HandshakeMessage{Type: 4, Body: big[3:]}, nil))
			},
		},
		{
			ID: "codec/p2p/parse/flight-messages", Level: Must, Req: []string{"P2P-HS-8", "P2P-HS-9", "P2P-HS-10", "P2P-HS-11", "P2P-HS-15"},
			Flags:       []string{"handshake-parsing", "length-fields"},
			Description: "key_exchange and client_verify must be exactly as long as the modulus, finished 32 bytes, a ticket 1 byte or more and failure one byte; other lengths are malformed under each message's rule.",
			Ops:         []string{parse},
			Run: func(t *T) {
				fx := hsFixture(t)
				hi := areaOf[HandshakeImpl](t)
				_, cv, fin := p2pSplit(fx.msgs)
				kxBody := fx.kx[3:]
				expectParse(t, hi, "the vector's key_exchange for a 256-byte modulus", fx.kx, fx.modLen, parseText(&HandshakeMessage{Type: 3, Body: kxBody}, nil))
				expectParse(t, hi, "the vector's key_exchange for a 512-byte modulus", fx.kx, 512, refusedAs("malformed", "P2P-HS-8"))
				expectParse(t, hi, "a key_exchange one byte short", withBody(wire.TypeKeyExchange, kxBody[1:]), fx.modLen, refusedAs("malformed", "P2P-HS-8"))
				expectParse(t, hi, "the vector's client_verify for a 256-byte modulus", cv, 256, parseText(&HandshakeMessage{Type: 5, Body: cv[3:]}, nil))
				expectParse(t, hi, "a client_verify one byte long", withBody(wire.TypeClientVerify, append(append([]byte(nil), cv[3:]...), 0)), 256, refusedAs("malformed", "P2P-HS-9"))
				expectParse(t, hi, "the vector's finished", fin, 0, parseText(&HandshakeMessage{Type: 6, Body: fin[3:]}, nil))
				expectParse(t, hi, "a finished of 31 bytes", withBody(wire.TypeFinished, fin[4:]), 0, refusedAs("malformed", "P2P-HS-11"))
				expectParse(t, hi, "a finished of 33 bytes", withBody(wire.TypeFinished, append(append([]byte(nil), fin[3:]...), 0)), 0, refusedAs("malformed", "P2P-HS-11"))
				expectParse(t, hi, "a one-byte ticket", withBody(wire.TypeTicket, []byte{0}), 0, parseText(&HandshakeMessage{Type: 4, Body: []byte{0}}, nil))
				expectParse(t, hi, "an empty ticket", withBody(wire.TypeTicket, nil), 0, refusedAs("malformed", "P2P-HS-10"))
				zero := 0
				expectParse(t, hi, "failure with code 0", withBody(wire.TypeFailure, []byte{0}), 0, parseText(&HandshakeMessage{Type: 7, Code: &zero}, nil))
				expectParse(t, hi, "an empty failure", withBody(wire.TypeFailure, nil), 0, refusedAs("malformed", "P2P-HS-15"))
				expectParse(t, hi, "a failure of two bytes", withBody(wire.TypeFailure, []byte{2, 2}), 0, refusedAs("malformed", "P2P-HS-15"))
			},
		},
		{
			ID: "codec/p2p/parse/relay-challenge", Level: Must, Req: []string{"P2P-RELAY-1"},
			Flags:       []string{"relay-framing", "length-fields"},
			Description: "relay_challenge is a version and a 32-byte nonce, 34 bytes: it parses to both, and 33 or 35 bytes are malformed [P2P-RELAY-1].",
			Ops:         []string{parse},
			Run: func(t *T) {
				hi := areaOf[HandshakeImpl](t)
				body := append([]byte{0, 1}, fillBytes(32, 6)...)
				expectParse(t, hi, "a relay_challenge of version 1", withBody(wire.TypeRelayChallenge, body), 0,
					parseText(&HandshakeMessage{Type: 8, Versions: []int{1}, Nonce: body[2:]}, nil))
				expectParse(t, hi, "a relay_challenge of 33 bytes", withBody(wire.TypeRelayChallenge, body[:33]), 0, refusedAs("malformed", "P2P-RELAY-1"))
				expectParse(t, hi, "a relay_challenge of 35 bytes", withBody(wire.TypeRelayChallenge, append(append([]byte(nil), body...), 0)), 0, refusedAs("malformed", "P2P-RELAY-1"))
			},
		},
		{
			ID: "codec/p2p/parse/relay-join", Level: Must, Req: []string{"P2P-RELAY-2"},
			Flags:       []string{"relay-framing", "length-fields", "ticket-limits"},
			Description: "relay_join parses to its version, peer, ID, key, tickets and signature; a key length of 0 or 1025, 9 tickets, an empty or overrunning ticket, an empty signature or bytes after it are malformed [P2P-RELAY-2].",
			Ops:         []string{parse},
			Run: func(t *T) {
				fx := hsFixture(t)
				hi := areaOf[HandshakeImpl](t)
				build := func(spki []byte, tickets [][]byte, sig []byte) []byte {
					j := &wire.RelayJoin{Version: wire.Version1, PeerID: fx.idC, DeviceID: fx.idA, SPKI: spki, Tickets: tickets, Signature: sig}
					return j.Marshal()
				}
				sig := fillBytes(256, 7)
				tickets := [][]byte{[]byte("t1"), []byte("ticket two")}
				good := build(fx.keyA, tickets, sig)
				expectParse(t, hi, "a relay_join with two tickets", withBody(wire.TypeRelayJoin, good), 0,
					parseText(&HandshakeMessage{Type: 9, Versions: []int{1}, PeerID: fx.idC[:], DeviceID: fx.idA[:], Key: fx.keyA, Tickets: tickets, Signature: sig}, nil))
				noTickets := build(fx.keyA, nil, sig)
				expectParse(t, hi, "a relay_join with no tickets", withBody(wire.TypeRelayJoin, noTickets), 0,
					parseText(&HandshakeMessage{Type: 9, Versions: []int{1}, PeerID: fx.idC[:], DeviceID: fx.idA[:], Key: fx.keyA, Signature: sig}, nil))
				var nine [][]byte
				for i := range 9 {
					nine = append(nine, []byte{byte('a' + i)})
				}
				keyLenAt := 2 + 64
				setU16 := func(b []byte, at, v int) []byte {
					b = append([]byte(nil), b...)
					binary.BigEndian.PutUint16(b[at:], uint16(v))
					return b
				}
				ticketsAt := keyLenAt + 2 + len(fx.keyA) // the ticket count
				bad := refusedAs("malformed", "P2P-RELAY-2")
				for _, c := range []struct {
					what string
					body []byte
				}{
					{"key length 0", setU16(good, keyLenAt, 0)},
					{"key length 1025", setU16(good, keyLenAt, 1025)},
					{"9 tickets", build(fx.keyA, nine, sig)},
					{"a first ticket of length 0", setU16(good, ticketsAt+1, 0)},
					{"a first ticket longer than the rest of the body", setU16(good, ticketsAt+1, len(good))},
					{"an empty signature", build(fx.keyA, tickets, nil)},
					{"a byte after the signature", append(append([]byte(nil), good...), 0)},
					{"the signature cut by one byte", good[:len(good)-1]},
					{"nothing after the key", good[:ticketsAt]},
				} {
					expectParse(t, hi, "a relay_join with "+c.what, withBody(wire.TypeRelayJoin, c.body), 0, bad)
				}
			},
		},
		{
			ID: "codec/p2p/parse/relay-paired-and-error", Level: Must, Req: []string{"P2P-RELAY-3", "P2P-RELAY-4", "P2P-RELAY-5"},
			Flags:       []string{"relay-framing", "role-values"},
			Description: "relay_paired is a role of 1 or 2 and a 32-byte peer, relay_error one code byte; another role or length is malformed ([P2P-RELAY-5], [P2P-RELAY-3]). Only the frames' layout: the relay's checks and pairing are the live tier's.",
			Ops:         []string{parse},
			Run: func(t *T) {
				fx := hsFixture(t)
				hi := areaOf[HandshakeImpl](t)
				for _, role := range []int{1, 2} {
					r := role
					expectParse(t, hi, fmt.Sprintf("relay_paired with role %d", role), withBody(wire.TypeRelayPaired, append([]byte{byte(role)}, fx.idC[:]...)), 0,
						parseText(&HandshakeMessage{Type: 10, Role: &r, PeerID: fx.idC[:]}, nil))
				}
				for _, role := range []byte{0, 3, 0xFF} {
					expectParse(t, hi, fmt.Sprintf("relay_paired with role %d", role), withBody(wire.TypeRelayPaired, append([]byte{role}, fx.idC[:]...)), 0, refusedAs("malformed", "P2P-RELAY-5"))
				}
				expectParse(t, hi, "relay_paired with a 31-byte peer", withBody(wire.TypeRelayPaired, append([]byte{1}, fx.idC[:31]...)), 0, refusedAs("malformed", "P2P-RELAY-5"))
				four := 4
				expectParse(t, hi, "relay_error with code 4 (busy)", withBody(wire.TypeRelayError, []byte{4}), 0, parseText(&HandshakeMessage{Type: 11, Code: &four}, nil))
				expectParse(t, hi, "an empty relay_error", withBody(wire.TypeRelayError, nil), 0, refusedAs("malformed", "P2P-RELAY-3"))
				expectParse(t, hi, "a relay_error of two bytes", withBody(wire.TypeRelayError, []byte{1, 2}), 0, refusedAs("malformed", "P2P-RELAY-3"))
			},
		},
		{
			ID: "codec/p2p/parse/mutations-match-reference", Level: Must,
			Req:         []string{"P2P-HS-2", "P2P-HS-4", "P2P-HS-5", "P2P-HS-14", "P2P-RELAY-1", "P2P-RELAY-2"},
			Flags:       []string{"handshake-parsing", "length-fields", "trailing-bytes"},
			Description: "A valid message of a random handshake or relay type with one random mutation (bit flip, cut, inserted or deleted byte, changed length field, appended bytes) parses to the reference's fields or refusal.",
			Ops:         []string{parse},
			Run: func(t *T) {
				fx := hsFixture(t)
				hi := areaOf[HandshakeImpl](t)
				msgs := fx.messages()
				t.Property(func(p *P) {
					i := drawUniform(p.T, len(msgs), "message")
					msg, what := drawByteMutation(p.T, msgs[i].msg, 4, func(msg []byte) string {
						l := rapid.IntRange(0, len(msg)+2).Draw(p.T, "length")
						binary.BigEndian.PutUint16(msg[1:], uint16(l))
						return fmt.Sprintf("length field %d", l)
					})
					m, err := hi.ParseHandshake(msg, fx.modLen)
					p.Check(err)
					rm, rerr := Reference{}.ParseHandshake(msg, fx.modLen)
					got, want := parseText(m, err), parseText(rm, rerr)
					p.Stepf("parse(%s, %s; modulus %d bytes) → impl: %s; reference: %s", msgs[i].name, what, fx.modLen, abbreviate(got), abbreviate(want))
					if got != want {
						p.Fatalf("parse: implementation %s, reference %s", abbreviate(got), abbreviate(want))
					}
				})
			},
		},
	}
}
