package wire_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"sync"
	"testing"

	"github.com/livemesh-spec/livemesh/wire"
)

// secret returns a fixed traffic secret named by label.
func secret(label string) []byte {
	s := sha256.Sum256([]byte("wire test secret " + label))
	return s[:]
}

var (
	secAB = secret("a->b") // what A writes and B reads
	secBA = secret("b->a") // what B writes and A reads
)

func unhex(tb testing.TB, s string) []byte {
	tb.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// transport is a scripted byte stream: Read serves in (then io.EOF, or blocks when block is
// set), Write records what the connection sends, Close is recorded.
type transport struct {
	mu     sync.Mutex
	in     *bytes.Reader
	out    bytes.Buffer
	closed bool
	block  chan struct{} // when non-nil, Read blocks on it after in is exhausted
}

func newTransport(in []byte) *transport { return &transport{in: bytes.NewReader(in)} }

func (t *transport) Read(p []byte) (int, error) {
	t.mu.Lock()
	if t.in.Len() == 0 && t.block != nil {
		t.mu.Unlock()
		<-t.block
		return 0, io.ErrClosedPipe
	}
	defer t.mu.Unlock()
	return t.in.Read(p)
}

func (t *transport) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return 0, io.ErrClosedPipe
	}
	return t.out.Write(p)
}

func (t *transport) Close() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.closed && t.block != nil {
		close(t.block)
	}
	t.closed = true
	return nil
}

func (t *transport) written() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]byte(nil), t.out.Bytes()...)
}

func (t *transport) isClosed() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.closed
}

// sealStream returns the bytes a connection writing under secAB sends for the given writes
// followed by Close (when closeIt).
func sealStream(tb testing.TB, writes [][]byte, closeIt bool) []byte {
	tb.Helper()
	tr := newTransport(nil)
	c, err := wire.NewConn(tr, secBA, secAB)
	if err != nil {
		tb.Fatal(err)
	}
	for _, w := range writes {
		if _, err := c.Write(w); err != nil {
			tb.Fatal(err)
		}
	}
	if closeIt {
		if err := c.Close(); err != nil {
			tb.Fatal(err)
		}
	}
	return tr.written()
}

// frames splits a well-formed stream into its frames.
func frames(tb testing.TB, stream []byte) [][]byte {
	tb.Helper()
	var out [][]byte
	for len(stream) > 0 {
		h, err := wire.ParseFrameHeader(stream)
		if err != nil || len(stream) < wire.FrameHeaderLen+h.Length {
			tb.Fatalf("not a well-formed stream: %v", err)
		}
		n := wire.FrameHeaderLen + h.Length
		out = append(out, stream[:n:n])
		stream = stream[n:]
	}
	return out
}

func join(fs ...[]byte) []byte { return bytes.Join(fs, nil) }

// outcome is what a receiver made of a stream.
type outcome struct {
	data     []byte
	err      error  // the error that ended reading (io.EOF for a clean end)
	req      string // the rule behind a record failure
	sent     []byte // what the receiver wrote back
	closed   bool   // whether it closed the transport
	readErrs []error
}

// receive reads stream with a connection reading under secAB, until an error.
func receive(tb testing.TB, stream []byte) outcome {
	tb.Helper()
	tr := newTransport(stream)
	c, err := wire.NewConn(tr, secAB, secBA)
	if err != nil {
		tb.Fatal(err)
	}
	var o outcome
	buf := make([]byte, 7000)
	for {
		n, err := c.Read(buf)
		o.data = append(o.data, buf[:n]...)
		if err != nil {
			o.err = err
			break
		}
	}
	// The error is sticky.
	if _, err := c.Read(buf); !errors.Is(err, o.err) && o.err != io.EOF {
		tb.Errorf("second Read: %v, first %v", err, o.err)
	}
	o.req = c.FailedReq()
	o.sent = tr.written()
	o.closed = tr.isClosed()
	return o
}

// badRecordAlert is the one alert a receiver under secBA sends on a record failure before
// writing anything else.
func badRecordAlert(tb testing.TB) []byte {
	tb.Helper()
	rec, err := wire.SealRecord(nil, secBA, 0, wire.TypeAlert, []byte{byte(wire.AlertBadRecord)})
	if err != nil {
		tb.Fatal(err)
	}
	return rec
}

// wantRefused checks the uniform outcome of a record failure ([P2P-ALERT-2]): the error
// value ErrBadRecord, exactly one bad_record alert sent, the transport closed, and only a
// prefix of the original data delivered.
func wantRefused(tb testing.TB, o outcome, original []byte, req string) {
	tb.Helper()
	if o.err != wire.ErrBadRecord {
		tb.Fatalf("error %v, want ErrBadRecord (data %d bytes)", o.err, len(o.data))
	}
	if !bytes.Equal(o.sent, badRecordAlert(tb)) {
		tb.Errorf("sent %x, want one bad_record alert", o.sent)
	}
	if !o.closed {
		tb.Error("transport not closed")
	}
	if !bytes.HasPrefix(original, o.data) {
		tb.Errorf("delivered %d bytes that are not a prefix of the original", len(o.data))
	}
	if req != "" && o.req != req {
		tb.Errorf("rule %s, want %s", o.req, req)
	}
}
