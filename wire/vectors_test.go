package wire_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strconv"
	"testing"

	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

type recordsVector struct {
	vectors.Test
	Op        string  `json:"op"`
	Secret    string  `json:"secret"`
	Seq       *string `json:"seq"`
	Type      *int    `json:"type"`
	Plaintext *string `json:"plaintext"`
	Record    *string `json:"record"`
	Stream    *string `json:"stream"`
	Expected  *struct {
		EncKey, IV, MACKey, NextSecret string
		Record, Plaintext, Data        *string
		Type                           *int
	} `json:"expected"`
}

// TestRecordVectors runs every test of spec/vectors/p2p/records.json ([VEC-GEN-5]); a
// connection reading each stream test's bytes must agree with it too.
func TestRecordVectors(t *testing.T) {
	f, err := vectors.Load[recordsVector]("p2p/records.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Tests) < 80 {
		t.Fatalf("only %d tests", len(f.Tests))
	}
	dec := func(p *string) []byte {
		if p == nil {
			return nil
		}
		b, err := hex.DecodeString(*p)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range f.Tests {
		t.Run(tc.ID, func(t *testing.T) {
			secret := dec(&tc.Secret)
			var seq uint64
			if tc.Seq != nil {
				seq, _ = strconv.ParseUint(*tc.Seq, 10, 64)
			}
			var out []byte
			var opErr error
			switch tc.Op {
			case "derive":
				k, e := wire.DeriveKeys(secret)
				next, _ := wire.NextSecret(secret)
				opErr, out = e, join(k.Enc[:], k.IV[:], k.MAC[:], next)
				if e == nil {
					x := tc.Expected
					want := unhex(t, x.EncKey+x.IV+x.MACKey+x.NextSecret)
					if !bytes.Equal(out, want) {
						t.Errorf("derived %x", out)
					}
				}
			case "seal":
				out, opErr = wire.SealRecord(nil, secret, seq, wire.FrameType(*tc.Type), dec(tc.Plaintext))
				if opErr == nil && !bytes.Equal(out, dec(tc.Expected.Record)) {
					t.Errorf("sealed %x", out)
				}
			case "open":
				var typ wire.FrameType
				typ, out, opErr = wire.OpenRecord(secret, seq, dec(tc.Record))
				if opErr == nil && (int(typ) != *tc.Expected.Type || !bytes.Equal(out, dec(tc.Expected.Plaintext))) {
					t.Errorf("opened %v %x", typ, out)
				}
			case "stream":
				out, opErr = wire.OpenStream(secret, dec(tc.Stream))
				if opErr == nil && !bytes.Equal(out, dec(tc.Expected.Data)) {
					t.Errorf("data %x", out)
				}
				checkStreamOnConn(t, secret, dec(tc.Stream), tc.Result, tc.ErrorReq)
			}
			if (opErr == nil) != (tc.Result == vectors.Valid) {
				t.Fatalf("result %s, error %v", tc.Result, opErr)
			}
			if opErr != nil {
				var re *wire.RecordError
				switch {
				case errors.Is(opErr, wire.ErrSecretLength):
					if tc.ErrorReq != "P2P-KEY-1" {
						t.Errorf("secret length refused, want %s", tc.ErrorReq)
					}
				case errors.As(opErr, &re):
					if re.Req != tc.ErrorReq || (tc.Error == "bad-record") == (tc.Op == "seal") {
						t.Errorf("refused %s [%s], want %s [%s]", tc.Error, re.Req, tc.Error, tc.ErrorReq)
					}
				default:
					if tc.Error != "alert" {
						t.Errorf("refused with %v, want %s", opErr, tc.Error)
					}
				}
			}
		})
	}
}

// checkStreamOnConn reads a stream test's bytes through a connection: the same data for a
// valid stream; for an invalid one the uniform error with the same rule, the alert, or (for
// bytes after the close, which a connection never reads) a clean end.
func checkStreamOnConn(t *testing.T, sec, stream []byte, result vectors.Result, req string) {
	t.Helper()
	c, err := wire.NewConn(newTransport(stream), sec, secret("conn-other-direction"))
	if err != nil {
		t.Fatal(err)
	}
	var got []byte
	buf := make([]byte, 1000)
	for {
		n, err := c.Read(buf)
		got = append(got, buf[:n]...)
		if err == nil {
			continue
		}
		switch {
		case result == vectors.Valid || req == "P2P-CLOSE-3":
			if err.Error() != "EOF" {
				t.Errorf("connection: %v", err)
			}
		case errors.Is(err, wire.ErrBadRecord):
			if err != wire.ErrBadRecord || c.FailedReq() != req {
				t.Errorf("connection: %v [%s], want [%s]", err, c.FailedReq(), req)
			}
		default:
			var ae wire.AlertError
			if !errors.As(err, &ae) {
				t.Errorf("connection: %v", err)
			}
		}
		return
	}
}
