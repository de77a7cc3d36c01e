package wire_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/livemesh-spec/livemesh/wire"
)

func FuzzParseFrameHeader(f *testing.F) {
	for _, s := range [][]byte{nil, {0x10}, {0x10, 0, 33}, {0x11, 0, 33}, {0x12, 0, 33}, {0x01, 0x40, 0x20},
		{0x10, 0x40, 0x21}, {0x00, 0, 0}, {0x13, 0, 1}, {0xff, 0xff, 0xff, 0xff}} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := wire.ParseFrameHeader(b)
		if err != nil {
			if !errors.Is(err, wire.ErrBadRecord) {
				t.Fatalf("error %v is not a record failure", err)
			}
			return
		}
		if h.Length > wire.MaxFrameBody || !(h.Type.IsRecord() || h.Type.IsHandshake()) {
			t.Fatalf("accepted %+v", h)
		}
		if got := wire.AppendFrameHeader(nil, h.Type, h.Length); !bytes.Equal(got, b[:3]) {
			t.Fatalf("re-encoded %x from %x", got, b[:3])
		}
	})
}

// FuzzOpenRecord: a record opens only if it is exactly the record sealing its plaintext
// would give (so no second encoding of a record is accepted), and failures are record
// failures.
func FuzzOpenRecord(f *testing.F) {
	s := unhex(f, exSecret)
	f.Add(uint64(exSeq), unhex(f, exHeader+exCT+exTag))
	f.Add(uint64(0), wire.SealUnchecked(s, 0, wire.TypeAlert, []byte{0}))
	f.Add(uint64(1), wire.SealUnchecked(s, 1, wire.TypeKeyUpdate, []byte{0}))
	f.Add(uint64(2), wire.SealUnchecked(s, 2, wire.TypeKeyUpdate, []byte{1}))
	f.Add(uint64(3), wire.SealUnchecked(s, 3, wire.TypeApplicationData, nil))
	f.Add(uint64(wire.RecordLimit-1), wire.SealUnchecked(s, wire.RecordLimit-1, wire.TypeApplicationData, []byte("x")))
	f.Add(uint64(4), wire.SealUnchecked(s, 4, wire.TypeApplicationData, bytes.Repeat([]byte{1}, 300)))
	f.Add(uint64(0), []byte{0x01, 0, 1, 0})
	f.Fuzz(func(t *testing.T, seq uint64, rec []byte) {
		typ, pt, err := wire.OpenRecord(s, seq, rec)
		if err != nil {
			if !errors.Is(err, wire.ErrBadRecord) || pt != nil {
				t.Fatalf("%v %x", err, pt)
			}
			return
		}
		again, err := wire.SealRecord(nil, s, seq, typ, pt)
		if err != nil || !bytes.Equal(again, rec) {
			t.Fatalf("opened a record that sealing does not give back: %v", err)
		}
	})
}

// FuzzOpenStream: a connection and the stateless opener agree on every stream, deliver only
// what was sealed, and end cleanly only on a stream that OpenStream accepts.
func FuzzOpenStream(f *testing.F) {
	f.Add([]byte{})
	f.Add(sealStreamF(f, [][]byte{[]byte("hello"), bytes.Repeat([]byte{9}, 20000)}, true, true))
	f.Add(sealStreamF(f, [][]byte{[]byte("no close")}, false, false))
	f.Add(sealStreamF(f, nil, true, false))
	f.Add(append(sealStreamF(f, [][]byte{[]byte("tail")}, true, false), 0x10, 0, 33))
	f.Fuzz(func(t *testing.T, stream []byte) {
		want, werr := wire.OpenStream(secAB, stream)
		c, _ := wire.NewConn(newTransport(stream), secAB, secBA)
		got, err := io.ReadAll(c)
		if !bytes.Equal(got, want) {
			t.Fatalf("connection delivered %d bytes, OpenStream %d", len(got), len(want))
		}
		switch {
		case werr == nil:
			if err != nil {
				t.Fatalf("OpenStream accepts, connection: %v", err)
			}
		case errors.Is(werr, wire.ErrBadRecord):
			var re *wire.RecordError
			errors.As(werr, &re)
			if re.Req == "P2P-CLOSE-3" { // a connection reads no further than close_notify
				if err != nil {
					t.Fatalf("after close: %v", err)
				}
			} else if err != wire.ErrBadRecord || c.FailedReq() != re.Req {
				t.Fatalf("OpenStream %v, connection %v (%s)", werr, err, c.FailedReq())
			}
		default:
			if !errors.Is(err, werr) {
				t.Fatalf("OpenStream %v, connection %v", werr, err)
			}
		}
	})
}

func sealStreamF(f *testing.F, writes [][]byte, closeIt, update bool) []byte {
	tr := newTransport(nil)
	c, _ := wire.NewConn(tr, secBA, secAB)
	for _, w := range writes {
		c.Write(w)
		if update {
			c.KeyUpdate()
		}
	}
	if closeIt {
		c.Close()
	}
	return tr.written()
}
