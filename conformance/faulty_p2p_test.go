package conformance

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"regexp"
	"testing"

	"github.com/livemesh-spec/livemesh/wire"
)

// Faulty p2p implementations: the reference with one realistic bug each, written from the
// public API of package wire.

func init() {
	faultyShims = append(faultyShims,
		faultyShim{impl: p2pMACNotChecked{},
			bug:      "a record is decrypted and delivered without checking its tag",
			caughtBy: []string{"codec/p2p/record/corruption-refused", "codec/p2p/record/tag-every-byte"}},
		faultyShim{impl: p2pTagPrefix{},
			bug:      "only the first 16 bytes of the 32-byte tag are compared",
			caughtBy: []string{"codec/p2p/record/tag-every-byte"}},
		faultyShim{impl: p2pSeq32{},
			bug:      "the sequence number is kept in 32 bits, so sealing at 2^32 + s reuses s",
			caughtBy: []string{"codec/p2p/record/seq-64-bit"}},
		faultyShim{impl: p2pStreamFault{name: "faulty-p2p-seq-searched", searchSeq: true},
			bug:      "a record that fails at the expected sequence number is retried at nearby ones, so replayed, reordered and dropped records are accepted",
			caughtBy: []string{"codec/p2p/stream/replay-reorder-drop"}},
		faultyShim{impl: p2pStreamFault{name: "faulty-p2p-truncation-accepted", acceptTruncation: true},
			bug:      "a stream that ends without close_notify returns the data read so far",
			caughtBy: []string{"codec/p2p/stream/truncated-anywhere", "codec/p2p/stream/matches-reference"}},
		faultyShim{impl: p2pStreamFault{name: "faulty-p2p-key-update-ignored", ignoreKeyUpdate: true},
			bug:      "a key_update record is skipped: the receiver keeps the old secret and sequence numbers",
			caughtBy: []string{"codec/p2p/stream/matches-reference", "codec/p2p/stream/truncated-anywhere"}},
		faultyShim{impl: p2pStreamFault{name: "faulty-p2p-unknown-alert-closes", unknownAlertCloses: true},
			bug:      "an alert with an unknown code is taken for close_notify",
			caughtBy: []string{"codec/p2p/stream/alert-codes"}},
		faultyShim{impl: p2pAnyClient{},
			bug:      "the handshake server ignores the expected device ID and accepts any client",
			caughtBy: []string{"codec/p2p/handshake/expected-client", "codec/p2p/handshake/client-mutations"}},
		faultyShim{impl: p2pParseTrailing{},
			bug:      "the message parser reads the first message and ignores bytes after it",
			caughtBy: []string{"codec/p2p/parse/framing", "codec/p2p/parse/mutations-match-reference"}},
		faultyShim{impl: p2pHeaderNotAuthenticated{},
			bug:      "the tag covers the sequence number and the ciphertext but not the record's header",
			caughtBy: []string{"codec/p2p/record/seal-matches-reference", "codec/p2p/record/open-reference-records"}},
		faultyShim{impl: p2pExpectedIDFirst{},
			bug:      "the server compares the client_hello's device ID with the one it expects before checking the ID against the key",
			caughtBy: []string{"codec/p2p/handshake/check-order"}},
		faultyShim{impl: p2pNoClearLimit{},
			bug:      "the message parser applies no 2048-byte limit to cleartext messages and reads their bodies first",
			caughtBy: []string{"codec/p2p/parse/framing"}},
	)
}

// macOf is the tag of spec/p2p.md §6 over a record's header and ciphertext.
func macOf(secret []byte, seq uint64, rec []byte) []byte {
	k, err := wire.DeriveKeys(secret)
	if err != nil {
		return nil
	}
	m := hmac.New(sha256.New, k.MAC[:])
	m.Write(binary.BigEndian.AppendUint64(nil, seq))
	m.Write(rec[:len(rec)-wire.TagLen])
	return m.Sum(nil)
}

// retag returns rec with its tag replaced by the right one when accept says the received
// tag is good enough, so that wire.OpenRecord does everything else as the reference does.
func retag(secret []byte, seq uint64, rec []byte, accept func(got, want []byte) bool) []byte {
	if len(rec) < wire.FrameHeaderLen+wire.TagLen || len(secret) != wire.SecretLen {
		return rec
	}
	want := macOf(secret, seq, rec)
	if !accept(rec[len(rec)-wire.TagLen:], want) {
		return rec
	}
	out := append([]byte(nil), rec[:len(rec)-wire.TagLen]...)
	return append(out, want...)
}

type p2pMACNotChecked struct{ Reference }

func (p2pMACNotChecked) Name() string { return "faulty-p2p-mac-not-checked" }
func (p2pMACNotChecked) OpenRecord(secret []byte, seq uint64, rec []byte) (int, []byte, error) {
	return Reference{}.OpenRecord(secret, seq, retag(secret, seq, rec, func(_, _ []byte) bool { return true }))
}

type p2pTagPrefix struct{ Reference }

func (p2pTagPrefix) Name() string { return "faulty-p2p-tag-prefix" }
func (p2pTagPrefix) OpenRecord(secret []byte, seq uint64, rec []byte) (int, []byte, error) {
	return Reference{}.OpenRecord(secret, seq, retag(secret, seq, rec, func(got, want []byte) bool {
		return hmac.Equal(got[:16], want[:16])
	}))
}

type p2pSeq32 struct{ Reference }

func (p2pSeq32) Name() string { return "faulty-p2p-seq-32-bit" }
func (p2pSeq32) SealRecord(secret []byte, seq uint64, typ int, pt []byte) ([]byte, error) {
	return Reference{}.SealRecord(secret, uint64(uint32(seq)), typ, pt)
}
func (p2pSeq32) OpenRecord(secret []byte, seq uint64, rec []byte) (int, []byte, error) {
	return Reference{}.OpenRecord(secret, uint64(uint32(seq)), rec)
}

// p2pStreamFault opens streams record by record with wire.OpenRecord, with one bug.
type p2pStreamFault struct {
	Reference
	name               string
	searchSeq          bool // retry a failing record at the sequence numbers below the expected one + 8
	acceptTruncation   bool // the end of the input is the end of the stream
	ignoreKeyUpdate    bool // a key update changes nothing
	unknownAlertCloses bool // an alert code above 3 is close_notify
}

func (f p2pStreamFault) Name() string { return f.name }

func (f p2pStreamFault) OpenStream(secret, stream []byte) ([]byte, error) {
	if len(secret) != wire.SecretLen {
		return Reference{}.OpenStream(secret, stream)
	}
	var data []byte
	var seq uint64
	for len(stream) >= wire.FrameHeaderLen {
		n := wire.FrameHeaderLen + int(binary.BigEndian.Uint16(stream[1:]))
		if n > len(stream) {
			break
		}
		rec := stream[:n]
		stream = stream[n:]
		typ, pt, err := wire.OpenRecord(secret, seq, rec)
		if err != nil && f.searchSeq {
			// The bug: other sequence numbers near the expected one are tried, and the
			// count goes on as if the record had come in order.
			for s := range seq + 8 {
				if typ, pt, err = wire.OpenRecord(secret, s, rec); err == nil {
					break
				}
			}
		}
		if err != nil {
			return nil, p2pRefusal(err, false)
		}
		seq++
		switch wire.FrameType(typ) {
		case wire.TypeApplicationData:
			data = append(data, pt...)
		case wire.TypeKeyUpdate:
			if !f.ignoreKeyUpdate {
				secret, _ = wire.NextSecret(secret)
				seq = 0
			}
		case wire.TypeAlert:
			if pt[0] == 0 || (f.unknownAlertCloses && pt[0] > 3) {
				if len(stream) > 0 {
					return nil, &Refusal{Class: "bad-record", Req: "P2P-CLOSE-3"}
				}
				return data, nil
			}
			return nil, p2pRefusal(wire.AlertError(pt[0]), false)
		}
	}
	if f.acceptTruncation {
		return data, nil
	}
	// The stream ends inside a frame: the rules its header alone decides come first.
	if _, _, err := wire.OpenRecord(secret, seq, stream); err != nil {
		var r *Refusal
		if errors.As(p2pRefusal(err, false), &r) && r.Req != "P2P-FRAME-1" && r.Req != "P2P-REC-6" {
			return nil, r
		}
	}
	return nil, &Refusal{Class: "bad-record", Req: "P2P-CLOSE-2"}
}

type p2pAnyClient struct{ Reference }

func (p2pAnyClient) Name() string { return "faulty-p2p-any-client" }
func (p2pAnyClient) ServeHandshake(h ServerHandshake) ([]byte, error) {
	h.PeerID = nil
	return Reference{}.ServeHandshake(h)
}

type p2pParseTrailing struct{ Reference }

func (p2pParseTrailing) Name() string { return "faulty-p2p-parse-trailing" }
func (p2pParseTrailing) ParseHandshake(msg []byte, modulusLen int) (*HandshakeMessage, error) {
	if _, _, rest, err := wire.ParseMessage(msg); err == nil && len(rest) > 0 {
		msg = msg[:len(msg)-len(rest)]
	}
	return Reference{}.ParseHandshake(msg, modulusLen)
}

// TestP2PStreamFaultBaseline runs the stream cases against p2pStreamFault with no bug: the
// local stream opener the faulty shims share must agree with the reference, so that each
// faulty shim is caught for its own bug.
func TestP2PStreamFaultBaseline(t *testing.T) {
	for _, seed := range []uint64{3, 1009, 77777} {
		rep := Run(p2pStreamFault{name: "p2p-stream-no-bug"}, codecP2PCases(),
			Options{Run: regexp.MustCompile(`^codec/p2p/stream/`), Property: PropertyConfig{Seed: seed, Checks: 300}}, nil)
		for _, r := range rep.Results {
			if r.Verdict != Pass {
				t.Errorf("seed %d: %s: %s %q", seed, r.Case.ID, r.Verdict, r.Messages)
			}
		}
	}
}

// p2pHeaderNotAuthenticated seals and opens with a tag over be64(seq) || ciphertext.
type p2pHeaderNotAuthenticated struct{ Reference }

func (p2pHeaderNotAuthenticated) Name() string { return "faulty-p2p-header-not-authenticated" }

// headerlessTag is the faulty tag: the MAC input without the three header bytes.
func headerlessTag(secret []byte, seq uint64, rec []byte) []byte {
	k, err := wire.DeriveKeys(secret)
	if err != nil {
		return nil
	}
	m := hmac.New(sha256.New, k.MAC[:])
	m.Write(binary.BigEndian.AppendUint64(nil, seq))
	m.Write(rec[wire.FrameHeaderLen : len(rec)-wire.TagLen])
	return m.Sum(nil)
}

func (p2pHeaderNotAuthenticated) SealRecord(secret []byte, seq uint64, typ int, pt []byte) ([]byte, error) {
	rec, err := Reference{}.SealRecord(secret, seq, typ, pt)
	if err != nil {
		return nil, err
	}
	return append(rec[:len(rec)-wire.TagLen], headerlessTag(secret, seq, rec)...), nil
}

func (p2pHeaderNotAuthenticated) OpenRecord(secret []byte, seq uint64, rec []byte) (int, []byte, error) {
	ok := false
	fixed := retag(secret, seq, rec, func(got, _ []byte) bool {
		ok = hmac.Equal(got, headerlessTag(secret, seq, rec))
		return ok
	})
	if !ok && len(fixed) > 0 {
		// The tag it computes differs from the one received: refused, as a mismatch.
		fixed = append([]byte(nil), fixed...)
		fixed[len(fixed)-1] ^= 1
	}
	return Reference{}.OpenRecord(secret, seq, fixed)
}

// p2pExpectedIDFirst checks the expected device ID before the key and its device ID.
type p2pExpectedIDFirst struct{ Reference }

func (p2pExpectedIDFirst) Name() string { return "faulty-p2p-expected-id-first" }
func (p2pExpectedIDFirst) ServeHandshake(h ServerHandshake) ([]byte, error) {
	if h.PeerID != nil {
		if t, body, _, err := wire.ParseMessage(h.Client); err == nil && t == wire.TypeClientHello {
			if ch, err := wire.ParseClientHello(body); err == nil && ch.DeviceID != h.PeerID.Fingerprint() {
				return nil, &Refusal{Class: "unexpected-id", Req: "P2P-HS-7"}
			}
		}
	}
	return Reference{}.ServeHandshake(h)
}

// p2pNoClearLimit parses without the cleartext limit of [P2P-HS-2].
type p2pNoClearLimit struct{ Reference }

func (p2pNoClearLimit) Name() string { return "faulty-p2p-no-cleartext-limit" }
func (p2pNoClearLimit) ParseHandshake(msg []byte, modulusLen int) (*HandshakeMessage, error) {
	if len(msg) >= wire.FrameHeaderLen && isClearMessage(wire.FrameType(msg[0])) &&
		int(binary.BigEndian.Uint16(msg[1:])) > wire.MaxClearMessage {
		if _, _, _, err := wire.ParseMessage(msg); err != nil {
			return nil, &Refusal{Class: "malformed", Req: "P2P-HS-2"}
		}
	}
	return Reference{}.ParseHandshake(msg, modulusLen)
}
