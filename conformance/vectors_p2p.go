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

func init() { checkers["p2p-records.v1.schema.json"] = checkP2PRecords }

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

// checkP2PRecords runs every operation with package wire and compares outputs and refusals
// (error class and the rule reported first) with the test's.
func checkP2PRecords(_ fs.FS, data []byte) ([]Failure, int, error) {
	f, err := vectors.Decode[p2pRecordsTest](data)
	if err != nil {
		return nil, 0, err
	}
	var fails []Failure
	for i := range f.Tests {
		tc := &f.Tests[i]
		if msg := runP2PRecordsTest(tc); msg != "" {
			fails = append(fails, Failure{tc.ID, msg})
		}
	}
	return fails, len(f.Tests), nil
}

func runP2PRecordsTest(tc *p2pRecordsTest) string {
	secret, err := hex.DecodeString(tc.Secret)
	if err != nil {
		return "secret: " + err.Error()
	}
	var seq uint64
	if tc.Seq != nil {
		if seq, err = strconv.ParseUint(*tc.Seq, 10, 64); err != nil {
			return "seq: " + err.Error()
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
	sealing := false
	switch tc.Op {
	case "derive":
		sealing = true
		k, e := wire.DeriveKeys(secret)
		if opErr = e; e == nil {
			next, _ := wire.NextSecret(secret)
			got = fmt.Sprintf("encKey %x iv %x macKey %x nextSecret %x", k.Enc, k.IV, k.MAC, next)
		}
		if x := tc.Expected; x != nil {
			want = fmt.Sprintf("encKey %s iv %s macKey %s nextSecret %s", x.EncKey, x.IV, x.MACKey, x.NextSecret)
		}
	case "seal":
		sealing = true
		if tc.Type == nil {
			return "seal without type"
		}
		rec, e := wire.SealRecord(nil, secret, seq, wire.FrameType(*tc.Type), hexOf(tc.Plaintext))
		if opErr = e; e == nil {
			got = fmt.Sprintf("record %x", rec)
		}
		if x := tc.Expected; x != nil && x.Record != nil {
			want = "record " + *x.Record
		}
	case "open":
		typ, pt, e := wire.OpenRecord(secret, seq, hexOf(tc.Record))
		if opErr = e; e == nil {
			got = fmt.Sprintf("type %d plaintext %x", typ, pt)
		}
		if x := tc.Expected; x != nil && x.Type != nil && x.Plaintext != nil {
			want = fmt.Sprintf("type %d plaintext %s", *x.Type, *x.Plaintext)
		}
	case "stream":
		d, e := wire.OpenStream(secret, hexOf(tc.Stream))
		if opErr = e; e == nil {
			got = fmt.Sprintf("data %x", d)
		}
		if x := tc.Expected; x != nil && x.Data != nil {
			want = "data " + *x.Data
		}
	default:
		return fmt.Sprintf("unknown op %q", tc.Op)
	}
	class, req := p2pErrorClass(opErr, sealing)
	switch tc.Result {
	case vectors.Valid, vectors.Acceptable:
		if opErr != nil {
			if tc.Result == vectors.Acceptable {
				return ""
			}
			return fmt.Sprintf("reference refuses a valid test: %s [%s]: %v", class, req, opErr)
		}
		if tc.Expected != nil && got != want {
			return fmt.Sprintf("reference gives %s, test expects %s", abbreviate(got), abbreviate(want))
		}
	case vectors.Invalid:
		if opErr == nil {
			return "reference accepts an invalid test: " + abbreviate(got)
		}
		if class != tc.Error || req != tc.ErrorReq {
			return fmt.Sprintf("reference refuses with %s [%s], test expects %s [%s]", class, req, tc.Error, tc.ErrorReq)
		}
	}
	return ""
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
