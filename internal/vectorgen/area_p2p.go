package main

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/livemesh-spec/livemesh/internal/p2pindep"
	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

// p2p/records.json (schema p2p-records.v1.schema.json): the record layer of spec/p2p.md part
// 1 as operations — derive, seal, open and stream (see the schema). Inputs are built by an
// independent sealer written here from the standard library (p2pSeal), never by package wire,
// and every case declares its intent: the plaintext or data it must give, or the requirement
// of the first rule it breaks. Generation runs package wire and fails when it disagrees with
// a declaration or, for seal, with the independent sealer.

func init() { register(Generator{Dir: "p2p", Generate: generateP2P}) }

const (
	p2pArea   = "p2p/records"
	p2pSchema = "p2p-records.v1.schema.json"
)

type p2pTest struct {
	vectors.Test
	Op        string       `json:"op"`
	Secret    string       `json:"secret"`
	Seq       *string      `json:"seq,omitempty"`
	Type      *int         `json:"type,omitempty"`
	Plaintext *string      `json:"plaintext,omitempty"`
	Record    *string      `json:"record,omitempty"`
	Stream    *string      `json:"stream,omitempty"`
	Expected  *p2pExpected `json:"expected,omitempty"`
}

type p2pExpected struct {
	EncKey     string  `json:"encKey,omitempty"`
	IV         string  `json:"iv,omitempty"`
	MACKey     string  `json:"macKey,omitempty"`
	NextSecret string  `json:"nextSecret,omitempty"`
	Record     *string `json:"record,omitempty"`
	Type       *int    `json:"type,omitempty"`
	Plaintext  *string `json:"plaintext,omitempty"`
	Data       *string `json:"data,omitempty"`
}

// p2pCase declares one test with its intent.
type p2pCase struct {
	id, comment string
	flags, req  []string
	op          string
	secret      []byte
	seq         uint64
	typ         int
	plaintext   []byte
	input       []byte // open: the record; stream: the stream

	// Intent: errClass != "" for a refusal with errReq; otherwise want is the plaintext
	// (open), the data (stream), or for derive the hex of encKey||iv||macKey||nextSecret
	// when known by hand (else checked against the independent derivation).
	errClass, errReq string
	want             []byte
	wantType         int
}

var p2pNotes = map[string]vectors.Note{
	"WorkedExample": {BugType: "BASIC",
		Description: "The worked example of spec/p2p.md §11: the keys, record and next secret printed there byte by byte."},
	"KeySchedule": {BugType: "BASIC",
		Description: "Keys derived from a traffic secret with HKDF-Expand and the labels of P2P-KEY-2, and the next secret of P2P-KU-2. Wrong labels, Extract before Expand or a terminator in the label give other keys."},
	"RecordLayout": {BugType: "BASIC",
		Description: "A record sealed at a sequence number: header, AES-128-CTR ciphertext with the counter block (iv XOR seq) || block index, full 32-byte HMAC-SHA256 tag over seq, header and ciphertext."},
	"Tampered": {BugType: "INTEGRITY",
		Description: "A byte of the record was changed (type, length, ciphertext or tag): the receiver refuses it with the one record failure, whichever byte it was."},
	"WrongSequence": {BugType: "INTEGRITY",
		Description: "A record opened at another sequence number than it was sealed at — what a replayed, reordered, dropped or duplicated record amounts to, since sequence numbers are implicit (P2P-SEQ-2)."},
	"Reflection": {BugType: "AUTH_BYPASS",
		Description: "A record sealed under one direction's secret offered to the same party's other direction; it must not authenticate (P2P-KEY-3)."},
	"LengthRule": {BugType: "EDGE_CASE",
		Description: "A record length at or beyond the bounds of its type: zero-length application data, a record too short for a tag, an alert or key update of other than one byte, a frame longer than 16416 bytes (P2P-REC-2, P2P-FRAME-3)."},
	"FrameType": {BugType: "MISSING_STEP",
		Description: "A frame of a reserved type, or a handshake frame where only records may come (P2P-FRAME-2, P2P-FRAME-4)."},
	"SequenceLimit": {BugType: "EDGE_CASE",
		Description: "A sequence number at the limit of a traffic secret (2^20 - 1 is reserved for the key update, 2^20 and beyond are refused), up to 2^64 - 1: an implementation that wraps or reduces the number accepts it (P2P-SEQ-3)."},
	"KeyUpdate": {BugType: "EDGE_CASE",
		Description: "A stream that crosses one or more key updates: the record after a key_update is protected under the next secret from sequence number 0 (P2P-KU-2). An implementation that keeps the old secret, or keeps counting sequence numbers, refuses the valid streams or accepts the invalid ones."},
	"Truncation": {BugType: "INTEGRITY",
		Description: "A stream that ends without an authenticated close_notify, between records or inside one: a failure, never an end of stream (P2P-CLOSE-2)."},
	"AfterClose": {BugType: "INTEGRITY",
		Description: "Bytes after close_notify: never delivered; a reader given the whole stream refuses them (P2P-CLOSE-3)."},
	"CheckOrder": {BugType: "EDGE_CASE",
		Description: "A record that breaks several rules: the rule reported is the first of the check order of P2P-ALERT-3 (implementations that report requirement IDs compare errorReq)."},
	"PeerAlert": {BugType: "BASIC",
		Description: "The stream holds an alert other than close_notify, known or unknown code: fatal, nothing after it is delivered (P2P-ALERT-4, P2P-ALERT-1)."},
	"SenderRule": {BugType: "MISSING_STEP",
		Description: "A seal the sender must refuse: a plaintext length its type does not allow, a key update content other than 0x00, a sequence number at the limit, a reserved or handshake type, a secret of the wrong length."},
}

// The independent sealer and key derivation live in internal/p2pindep (shared with wire's
// tests); these names keep the cases short.
func p2pExpand(prk []byte, info string, n int) []byte { return p2pindep.Expand(prk, info, n) }

func p2pSeal(secret []byte, seq uint64, typ byte, pt []byte) []byte {
	return p2pindep.Seal(secret, seq, typ, pt)
}

func p2pNext(s []byte) []byte { return p2pindep.Next(s) }

func p2pCat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

func p2pFlip(b []byte, i int, mask byte) []byte {
	c := append([]byte(nil), b...)
	c[i] ^= mask
	return c
}

func generateP2P() ([]GeneratedFile, error) {
	cases := p2pCases()
	tests := make([]p2pTest, 0, len(cases))
	notes := map[string]vectors.Note{}
	seen := map[string]bool{}
	var errs []error
	for _, c := range cases {
		if seen[c.id] {
			errs = append(errs, fmt.Errorf("duplicate test %s", c.id))
		}
		seen[c.id] = true
		tc, err := p2pRun(c)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", c.id, err))
			continue
		}
		for _, f := range c.flags {
			n, ok := p2pNotes[f]
			if !ok {
				errs = append(errs, fmt.Errorf("%s: no note for flag %s", c.id, f))
			}
			notes[f] = n
		}
		tests = append(tests, tc)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	f, err := encodeFile(newFile(p2pArea, p2pSchema, notes, tests))
	if err != nil {
		return nil, err
	}
	files := []GeneratedFile{f}
	for _, more := range p2pMoreFiles {
		g, err := more()
		if err != nil {
			return nil, err
		}
		files = append(files, g)
	}
	return files, nil
}

// p2pRun runs one case through package wire, checks the result against the case's intent,
// and returns the test.
func p2pRun(c p2pCase) (p2pTest, error) {
	flags := c.flags
	if flags == nil {
		flags = []string{}
	}
	tc := p2pTest{Test: vectors.Test{ID: c.id, Comment: c.comment, Flags: flags, Req: c.req, Result: vectors.Valid},
		Op: c.op, Secret: hex.EncodeToString(c.secret)}
	str := func(b []byte) *string { s := hex.EncodeToString(b); return &s }
	seq := strconv.FormatUint(c.seq, 10)
	var err error
	var gotClass, gotReq string
	refused := func(e error, sealing bool) {
		var re *wire.RecordError
		var ae wire.AlertError
		switch {
		case errors.Is(e, wire.ErrSecretLength):
			gotClass, gotReq = "invalid-input", "P2P-KEY-1"
		case errors.As(e, &re) && sealing:
			gotClass, gotReq = "invalid-input", re.Req
		case errors.As(e, &re):
			gotClass, gotReq = "bad-record", re.Req
		case errors.As(e, &ae):
			gotClass, gotReq = "alert", "P2P-ALERT-4"
			if wire.Alert(ae) > wire.AlertInternalError { // an unknown code
				gotReq = "P2P-ALERT-1"
			}
		default:
			gotClass, gotReq = "unexpected", e.Error()
		}
	}
	switch c.op {
	case "derive":
		k, e := wire.DeriveKeys(c.secret)
		if e != nil {
			refused(e, true)
			break
		}
		next, _ := wire.NextSecret(c.secret)
		tc.Expected = &p2pExpected{EncKey: hex.EncodeToString(k.Enc[:]), IV: hex.EncodeToString(k.IV[:]),
			MACKey: hex.EncodeToString(k.MAC[:]), NextSecret: hex.EncodeToString(next)}
		indep := p2pCat(p2pExpand(c.secret, "livemesh p2p v1 key", 16), p2pExpand(c.secret, "livemesh p2p v1 iv", 8),
			p2pExpand(c.secret, "livemesh p2p v1 mac", 32), p2pNext(c.secret))
		got := p2pCat(k.Enc[:], k.IV[:], k.MAC[:], next)
		if !bytes.Equal(got, indep) || (c.want != nil && !bytes.Equal(got, c.want)) {
			err = fmt.Errorf("derived %x, independent %x, declared %x", got, indep, c.want)
		}
	case "seal":
		tc.Seq, tc.Type, tc.Plaintext = &seq, &c.typ, str(c.plaintext)
		rec, e := wire.SealRecord(nil, c.secret, c.seq, wire.FrameType(c.typ), c.plaintext)
		if e != nil {
			refused(e, true)
			break
		}
		tc.Expected = &p2pExpected{Record: str(rec)}
		if indep := p2pSeal(c.secret, c.seq, byte(c.typ), c.plaintext); !bytes.Equal(rec, indep) || (c.want != nil && !bytes.Equal(rec, c.want)) {
			err = fmt.Errorf("sealed %x, independent %x, declared %x", rec, indep, c.want)
		}
	case "open":
		tc.Seq, tc.Record = &seq, str(c.input)
		typ, pt, e := wire.OpenRecord(c.secret, c.seq, c.input)
		if e != nil {
			refused(e, false)
			break
		}
		t := int(typ)
		tc.Expected = &p2pExpected{Type: &t, Plaintext: str(pt)}
		if !bytes.Equal(pt, c.want) || t != c.wantType {
			err = fmt.Errorf("opened %d %x, declared %d %x", t, pt, c.wantType, c.want)
		}
	case "stream":
		tc.Stream = str(c.input)
		data, e := wire.OpenStream(c.secret, c.input)
		if e != nil {
			refused(e, false)
			break
		}
		tc.Expected = &p2pExpected{Data: str(data)}
		if !bytes.Equal(data, c.want) {
			err = fmt.Errorf("data %x, declared %x", data, c.want)
		}
	default:
		err = fmt.Errorf("unknown op %q", c.op)
	}
	if err != nil {
		return tc, err
	}
	if gotClass != "" || c.errClass != "" {
		if gotClass != c.errClass || gotReq != c.errReq {
			return tc, fmt.Errorf("wire refuses with %s %s, declared %s %s", gotClass, gotReq, c.errClass, c.errReq)
		}
		tc.Result, tc.Error, tc.ErrorReq, tc.Expected = vectors.Invalid, c.errClass, c.errReq, nil
		if !containsStr(c.req, c.errReq) {
			return tc, fmt.Errorf("errorReq %s not in req", c.errReq)
		}
	}
	return tc, nil
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

const maxSeq = math.MaxUint64
