package conformance

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

func init() { opCheckers["p2p-records.v1.schema.json"] = checkP2PRecords }

// p2pRecordsTest is one test of p2p/records.json (schema p2p-records.v1.schema.json).
type p2pRecordsTest struct {
	vectors.Test
	Op        string  `json:"op"`
	Secret    string  `json:"secret"`
	Seq       *string `json:"seq"`
	Type      *int    `json:"type"`
	Plaintext *string `json:"plaintext"`
	Record    *string `json:"record"`
	Stream    *string `json:"stream"`
	Expected  *struct {
		EncKey     string  `json:"encKey"`
		IV         string  `json:"iv"`
		MACKey     string  `json:"macKey"`
		NextSecret string  `json:"nextSecret"`
		Record     *string `json:"record"`
		Type       *int    `json:"type"`
		Plaintext  *string `json:"plaintext"`
		Data       *string `json:"data"`
	} `json:"expected"`
}

// RecordsImpl is the P2P record-layer part of an implementation (spec/p2p.md §3–§6; the
// shim's p2p.derive, p2p.seal, p2p.open and p2p.stream operations). A refused input gives a
// *Refusal naming the vector's error class ("invalid-input", "bad-record", "alert") and rule;
// an operation it does not offer gives ErrUnimplemented (possibly wrapped).
type RecordsImpl interface {
	// DeriveKeys returns the record keys of a traffic secret and the next secret.
	DeriveKeys(secret []byte) (RecordKeys, error)
	// SealRecord seals one record of frame type typ with sequence number seq.
	SealRecord(secret []byte, seq uint64, typ int, plaintext []byte) ([]byte, error)
	// OpenRecord opens one record expected at sequence number seq.
	OpenRecord(secret []byte, seq uint64, record []byte) (typ int, plaintext []byte, err error)
	// OpenStream opens a stream of records from sequence number 0 until the authenticated
	// close, returning the concatenated application data.
	OpenStream(secret, stream []byte) ([]byte, error)
}

// RecordKeys are the keys of spec/p2p.md §4 derived from a traffic secret, and the next secret.
type RecordKeys struct{ Enc, IV, MAC, NextSecret []byte }

// checkP2PRecords runs every operation with impl and compares outputs and refusals (error
// class and the rule reported first) with the test's.
func checkP2PRecords(impl Impl, _ fs.FS, data []byte) ([]Failure, int, error) {
	return checkTests(impl, data, func(tc *p2pRecordsTest) (string, string) { return tc.ID, "p2p." + tc.Op },
		func(name string, a RecordsImpl, tc *p2pRecordsTest) ([]string, error) {
			return one(runP2PRecordsTest(name, a, tc))
		})
}

func runP2PRecordsTest(name string, impl RecordsImpl, tc *p2pRecordsTest) (string, error) {
	secret, err := hex.DecodeString(tc.Secret)
	if err != nil {
		return "secret: " + err.Error(), nil
	}
	var seq uint64
	if tc.Seq != nil {
		if seq, err = strconv.ParseUint(*tc.Seq, 10, 64); err != nil {
			return "seq: " + err.Error(), nil
		}
	}
	hexOf := func(p *string) []byte {
		if p == nil {
			return nil
		}
		b, _ := hex.DecodeString(*p) // the schema checked the hex
		return b
	}
	var got string // the output in the shape of expected, as text, for comparison
	var want string
	var opErr error
	switch tc.Op {
	case "derive":
		k, e := impl.DeriveKeys(secret)
		if opErr = e; e == nil {
			got = fmt.Sprintf("encKey %x iv %x macKey %x nextSecret %x", k.Enc, k.IV, k.MAC, k.NextSecret)
		}
		if x := tc.Expected; x != nil {
			want = fmt.Sprintf("encKey %s iv %s macKey %s nextSecret %s", x.EncKey, x.IV, x.MACKey, x.NextSecret)
		}
	case "seal":
		if tc.Type == nil {
			return "seal without type", nil
		}
		rec, e := impl.SealRecord(secret, seq, *tc.Type, hexOf(tc.Plaintext))
		if opErr = e; e == nil {
			got = fmt.Sprintf("record %x", rec)
		}
		if x := tc.Expected; x != nil && x.Record != nil {
			want = "record " + *x.Record
		}
	case "open":
		typ, pt, e := impl.OpenRecord(secret, seq, hexOf(tc.Record))
		if opErr = e; e == nil {
			got = fmt.Sprintf("type %d plaintext %x", typ, pt)
		}
		if x := tc.Expected; x != nil && x.Type != nil && x.Plaintext != nil {
			want = fmt.Sprintf("type %d plaintext %s", *x.Type, *x.Plaintext)
		}
	case "stream":
		d, e := impl.OpenStream(secret, hexOf(tc.Stream))
		if opErr = e; e == nil {
			got = fmt.Sprintf("data %x", d)
		}
		if x := tc.Expected; x != nil && x.Data != nil {
			want = "data " + *x.Data
		}
	default:
		return fmt.Sprintf("unknown op %q", tc.Op), nil
	}
	if errors.Is(opErr, ErrUnimplemented) {
		return "", fmt.Errorf("%w: %s: operation %s", ErrUnimplemented, name, tc.Op)
	}
	var class, req string
	var r *Refusal
	switch {
	case errors.As(opErr, &r):
		class, req = r.Class, r.Req
	case opErr != nil:
		class, req = "unexpected", opErr.Error()
	}
	switch tc.Result {
	case vectors.Valid, vectors.Acceptable:
		if opErr != nil {
			if tc.Result == vectors.Acceptable {
				return "", nil
			}
			return fmt.Sprintf("%s refuses a valid test: %s [%s]: %v", name, class, req, opErr), nil
		}
		if tc.Expected != nil && got != want {
			return fmt.Sprintf("%s gives %s, test expects %s", name, abbreviate(got), abbreviate(want)), nil
		}
	case vectors.Invalid:
		if opErr == nil {
			return name + " accepts an invalid test: " + abbreviate(got), nil
		}
		if class != tc.Error || req != tc.ErrorReq {
			return fmt.Sprintf("%s refuses with %s [%s], test expects %s [%s]", name, class, req, tc.Error, tc.ErrorReq), nil
		}
	}
	return "", nil
}

// p2pRefusal converts an error of package wire into the harness's form.
func p2pRefusal(err error, sealing bool) error {
	if err == nil {
		return nil
	}
	class, req := p2pErrorClass(err, sealing)
	if class == "unexpected" {
		return err
	}
	return &Refusal{Class: class, Req: req, Msg: err.Error()}
}

// DeriveKeys derives record keys with package wire.
func (Reference) DeriveKeys(secret []byte) (RecordKeys, error) {
	k, err := wire.DeriveKeys(secret)
	if err != nil {
		return RecordKeys{}, p2pRefusal(err, true)
	}
	next, err := wire.NextSecret(secret)
	if err != nil {
		return RecordKeys{}, p2pRefusal(err, true)
	}
	return RecordKeys{Enc: k.Enc[:], IV: k.IV[:], MAC: k.MAC[:], NextSecret: next}, nil
}

// SealRecord seals a record with package wire.
func (Reference) SealRecord(secret []byte, seq uint64, typ int, plaintext []byte) ([]byte, error) {
	if typ < 0 || typ > 255 {
		return nil, fmt.Errorf("frame type %d is not a byte", typ)
	}
	rec, err := wire.SealRecord(nil, secret, seq, wire.FrameType(typ), plaintext)
	return rec, p2pRefusal(err, true)
}

// OpenRecord opens a record with package wire.
func (Reference) OpenRecord(secret []byte, seq uint64, record []byte) (int, []byte, error) {
	typ, pt, err := wire.OpenRecord(secret, seq, record)
	return int(typ), pt, p2pRefusal(err, false)
}

// OpenStream opens a stream of records with package wire.
func (Reference) OpenStream(secret, stream []byte) ([]byte, error) {
	d, err := wire.OpenStream(secret, stream)
	return d, p2pRefusal(err, false)
}

// p2pErrorClass maps an error of package wire to the error classes and rules of the vectors.
func p2pErrorClass(err error, sealing bool) (class, req string) {
	var re *wire.RecordError
	var ae wire.AlertError
	switch {
	case err == nil:
		return "", ""
	case errors.Is(err, wire.ErrSecretLength):
		return "invalid-input", "P2P-KEY-1"
	case errors.As(err, &re) && sealing:
		return "invalid-input", re.Req
	case errors.As(err, &re):
		return "bad-record", re.Req
	case errors.As(err, &ae):
		if wire.Alert(ae) > wire.AlertInternalError {
			return "alert", "P2P-ALERT-1"
		}
		return "alert", "P2P-ALERT-4"
	}
	return "unexpected", err.Error()
}

// abbreviate shortens long hexadecimal outputs for messages.
func abbreviate(s string) string {
	if len(s) <= 200 {
		return s
	}
	return s[:100] + "…" + s[len(s)-60:] + fmt.Sprintf(" (%d characters)", len(s))
}
