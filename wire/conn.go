package wire

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// flushSize is how many bytes of sealed records Write gathers before it writes them to the
// transport: four full records, so a 64 KiB write is one transport write ([P2P-REC-3]).
const flushSize = 4 * MaxFrame

// rawSize is the size of the receive buffer: several full records, so that one transport
// read can bring many of them.
const rawSize = 9 * MaxFrame

// closeNotifyTimeout bounds the write of the close alert in Close, as crypto/tls does.
const closeNotifyTimeout = 5 * time.Second

// Conn is a P2P connection over a byte stream whose traffic secrets are in place: it
// implements net.Conn with the record layer of spec/p2p.md part 1. Read and Write may be
// called concurrently with each other; Close may be called concurrently with both.
type Conn struct {
	rw io.ReadWriter

	// activeCall is 2 × the number of Writes in progress, plus 1 once Close was called
	// (the interlock of crypto/tls: a Close during a Write only closes the transport).
	activeCall atomic.Int32
	fatal      atomic.Pointer[error] // a failure that ends both directions
	closeOnce  sync.Once
	closeErr   error

	in     sync.Mutex   // guards the read side
	rs     *cipherState // read protection
	raw    []byte       // received bytes; raw[rpos:rend] not yet processed
	rpos   int
	rend   int
	input  []byte // plaintext of the current record not yet returned (aliases raw)
	rerr   error  // sticky: io.EOF after close_notify, ErrBadRecord, AlertError, transport error
	rpend  error  // a transport error returned together with bytes, reported when bytes run out
	failed *RecordError

	out  sync.Mutex   // guards the write side
	ws   *cipherState // write protection
	wbuf []byte
	werr error // sticky write error
}

// NewConn returns a connection over rw that opens what it receives under readSecret and
// protects what it sends under writeSecret, both from sequence number 0 ([P2P-SEQ-1]). The
// secrets are 32 bytes each and must differ ([P2P-KEY-1], [P2P-KEY-3]); NewConn copies
// them. When rw is a net.Conn, its addresses and deadlines are the connection's; Close
// closes rw when it is an io.Closer.
func NewConn(rw io.ReadWriter, readSecret, writeSecret []byte) (*Conn, error) {
	return newConn(rw, readSecret, writeSecret, defaultLimits)
}

func newConn(rw io.ReadWriter, readSecret, writeSecret []byte, lim limits) (*Conn, error) {
	if len(readSecret) != SecretLen || len(writeSecret) != SecretLen {
		return nil, ErrSecretLength
	}
	if bytes.Equal(readSecret, writeSecret) {
		return nil, ErrSameSecrets
	}
	rs, _ := newCipherState(readSecret, lim)
	ws, _ := newCipherState(writeSecret, lim)
	return &Conn{rw: rw, rs: rs, ws: ws, raw: make([]byte, rawSize)}, nil
}

func (c *Conn) fatalErr() error {
	if p := c.fatal.Load(); p != nil {
		return *p
	}
	return nil
}

func (c *Conn) setFatal(err error) { c.fatal.CompareAndSwap(nil, &err) }

func (c *Conn) closed() bool { return c.activeCall.Load()&1 != 0 }

// closeTransport closes rw once, when it can be closed.
func (c *Conn) closeTransport() error {
	c.closeOnce.Do(func() {
		if cl, ok := c.rw.(io.Closer); ok {
			c.closeErr = cl.Close()
		}
	})
	return c.closeErr
}

// Read reads application data. It returns io.EOF only after the peer's close_notify
// ([P2P-CLOSE-2]); every record failure returns ErrBadRecord after sending the bad_record
// alert and closing the transport ([P2P-ALERT-2]); a fatal alert from the peer returns an
// AlertError. A timeout of the transport's read deadline returns the transport's error and
// leaves the connection usable.
func (c *Conn) Read(p []byte) (int, error) {
	if c.closed() {
		return 0, net.ErrClosed
	}
	if len(p) == 0 {
		return 0, nil
	}
	c.in.Lock()
	defer c.in.Unlock()
	n := 0
	for n == 0 {
		if len(c.input) > 0 {
			n = copy(p, c.input)
			c.input = c.input[n:]
			break
		}
		if c.rerr != nil {
			return 0, c.rerr
		}
		m, _, err := c.readRecord(true, p)
		if err != nil {
			return 0, err
		}
		n = m
	}
	// Fill p from records already received in full, without waiting for the transport.
	for n < len(p) && c.rerr == nil {
		if len(c.input) > 0 {
			m := copy(p[n:], c.input)
			c.input = c.input[m:]
			n += m
			continue
		}
		m, consumed, _ := c.readRecord(false, p[n:])
		if !consumed {
			break
		}
		n += m
	}
	return n, nil
}

// readRecord processes the next record, reading the transport when it is not in the buffer
// yet and wait is true. Application data goes straight into dst when it fits (m bytes),
// otherwise to c.input. consumed says whether a record was processed. The error is a
// non-sticky one (a timeout) to pass to the caller; sticky outcomes go to c.rerr.
func (c *Conn) readRecord(wait bool, dst []byte) (m int, consumed bool, err error) {
	for {
		if c.rend-c.rpos >= FrameHeaderLen {
			n, e := frameLen(c.raw[c.rpos:c.rend])
			if e != nil {
				c.recordFailure(e)
				return 0, true, nil
			}
			if c.rend-c.rpos >= n {
				rec := c.raw[c.rpos : c.rpos+n]
				c.rpos += n
				return c.processRecord(rec, dst), true, nil
			}
		}
		if !wait {
			return 0, false, nil
		}
		if c.rpend != nil {
			return 0, false, c.transportReadError(c.rpend)
		}
		if c.rpos == c.rend {
			c.rpos, c.rend = 0, 0
		} else if len(c.raw)-c.rend < MaxFrame {
			c.rend = copy(c.raw, c.raw[c.rpos:c.rend])
			c.rpos = 0
		}
		m, err := c.rw.Read(c.raw[c.rend:])
		c.rend += m
		if err != nil {
			if m > 0 {
				c.rpend = err
				continue
			}
			return 0, false, c.transportReadError(err)
		}
	}
}

// transportReadError handles an error of the transport's Read.
func (c *Conn) transportReadError(err error) error {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.rpend = nil
		return err // the bytes read so far stay; the caller may read again
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		c.rpend = nil
		return err
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		c.recordFailure(recErr(reqTruncated, "transport ended without close_notify"))
		return nil
	}
	if c.closed() {
		err = net.ErrClosed
	}
	c.rerr = err
	c.setFatal(err)
	return nil
}

// processRecord opens one whole record and acts on it. Application data is decrypted
// into dst when it fits, and its length returned; otherwise it is decrypted in place and
// left in c.input.
func (c *Conn) processRecord(rec, dst []byte) int {
	if len(dst) < len(rec)-FrameHeaderLen-TagLen {
		dst = nil
	}
	t, pt, e := c.rs.openTo(dst, rec)
	if e != nil {
		c.recordFailure(e)
		return 0
	}
	switch t {
	case TypeApplicationData:
		if dst != nil {
			return len(pt)
		}
		c.input = pt
	case TypeKeyUpdate:
		c.rs.update()
	case TypeAlert:
		if a := Alert(pt[0]); a != AlertCloseNotify {
			c.rerr = AlertError(a)
			c.setFatal(c.rerr)
			c.closeTransport()
			return 0
		}
		// [P2P-CLOSE-3]: nothing after close_notify is read or delivered.
		c.rerr = io.EOF
		c.rpos, c.rend = 0, 0
	}
	return 0
}

// recordFailure ends the connection after a record failure: one bad_record alert (when
// the write side is free and intact), the transport closed, ErrBadRecord from then on.
func (c *Conn) recordFailure(e *RecordError) {
	c.failed = e
	c.rerr = ErrBadRecord
	c.input = nil
	c.setFatal(ErrBadRecord)
	if c.out.TryLock() {
		if c.werr == nil {
			c.writeAlertLocked(AlertBadRecord)
		}
		c.werr = ErrBadRecord
		c.out.Unlock()
	}
	c.closeTransport()
}

// writeAlertLocked seals and writes one alert; c.out is held.
func (c *Conn) writeAlertLocked(a Alert) error {
	if c.ws.checkSeq(TypeAlert, c.ws.seq) != nil {
		c.wbuf = c.ws.seal(c.wbuf[:0], TypeKeyUpdate, []byte{0})
		c.ws.update()
	} else {
		c.wbuf = c.wbuf[:0]
	}
	c.wbuf = c.ws.seal(c.wbuf, TypeAlert, []byte{byte(a)})
	_, err := c.rw.Write(c.wbuf)
	return err
}

// Write sends p as application data records of at most MaxPlaintext bytes, sending a key
// update first whenever the next record would pass a limit of the traffic secret
// ([P2P-KU-1]). An empty p sends nothing. An error of the transport's Write (a timeout
// included) leaves the write side unusable, since part of a record may have gone out.
func (c *Conn) Write(p []byte) (int, error) {
	for {
		x := c.activeCall.Load()
		if x&1 != 0 {
			return 0, net.ErrClosed
		}
		if c.activeCall.CompareAndSwap(x, x+2) {
			break
		}
	}
	defer c.activeCall.Add(-2)
	c.out.Lock()
	defer c.out.Unlock()
	if c.werr != nil {
		return 0, c.werr
	}
	if err := c.fatalErr(); err != nil {
		return 0, err
	}
	n := 0
	for len(p) > 0 {
		c.wbuf = c.wbuf[:0]
		pending := 0
		for len(p) > 0 && len(c.wbuf) < flushSize {
			m := min(len(p), MaxPlaintext, int(min(c.ws.lim.bytes, MaxPlaintext)))
			c.updateIfNeeded(m)
			c.wbuf = c.ws.seal(c.wbuf, TypeApplicationData, p[:m])
			p = p[m:]
			pending += m
		}
		if _, err := c.rw.Write(c.wbuf); err != nil {
			c.werr = err
			return n, err
		}
		n += pending
	}
	return n, nil
}

// updateIfNeeded seals a key update into c.wbuf and rolls the write secret when a record
// of m application data bytes would pass a limit.
func (c *Conn) updateIfNeeded(m int) {
	s := c.ws
	if s.seq+1 >= s.lim.records || s.bytes+uint64(m) > s.lim.bytes {
		c.wbuf = s.seal(c.wbuf, TypeKeyUpdate, []byte{0})
		s.update()
	}
}

// KeyUpdate sends a key update now and rolls the write traffic secret forward ([P2P-KU-4]).
func (c *Conn) KeyUpdate() error {
	if c.closed() {
		return net.ErrClosed
	}
	c.out.Lock()
	defer c.out.Unlock()
	if c.werr != nil {
		return c.werr
	}
	if err := c.fatalErr(); err != nil {
		return err
	}
	c.wbuf = c.ws.seal(c.wbuf[:0], TypeKeyUpdate, []byte{0})
	c.ws.update()
	if _, err := c.rw.Write(c.wbuf); err != nil {
		c.werr = err
		return err
	}
	return nil
}

// Close sends the close_notify alert ([P2P-CLOSE-1]) and closes the transport. When a
// Write is in progress, or the connection has failed, it only closes the transport. The
// alert's write is bounded by five seconds when the transport has write deadlines.
func (c *Conn) Close() error {
	var x int32
	for {
		x = c.activeCall.Load()
		if x&1 != 0 {
			return net.ErrClosed
		}
		if c.activeCall.CompareAndSwap(x, x|1) {
			break
		}
	}
	if x != 0 {
		return c.closeTransport()
	}
	var alertErr error
	c.out.Lock()
	if c.werr == nil && c.fatalErr() == nil {
		if d, ok := c.rw.(interface{ SetWriteDeadline(time.Time) error }); ok {
			d.SetWriteDeadline(time.Now().Add(closeNotifyTimeout))
		}
		if err := c.writeAlertLocked(AlertCloseNotify); err != nil {
			alertErr = errors.Join(errors.New("wire: close_notify not sent (the connection is closed anyway)"), err)
		}
	}
	c.werr = net.ErrClosed
	c.out.Unlock()
	if err := c.closeTransport(); err != nil {
		return err
	}
	return alertErr
}

// LocalAddr returns the transport's local address when it is a net.Conn.
func (c *Conn) LocalAddr() net.Addr {
	if nc, ok := c.rw.(net.Conn); ok {
		return nc.LocalAddr()
	}
	return streamAddr{}
}

// RemoteAddr returns the transport's remote address when it is a net.Conn.
func (c *Conn) RemoteAddr() net.Addr {
	if nc, ok := c.rw.(net.Conn); ok {
		return nc.RemoteAddr()
	}
	return streamAddr{}
}

// streamAddr is the address of a transport that has none.
type streamAddr struct{}

func (streamAddr) Network() string { return "stream" }
func (streamAddr) String() string  { return "stream" }

// ErrNoDeadline is returned by the deadline methods when the transport has no deadlines.
var ErrNoDeadline = errors.New("wire: the transport does not support deadlines")

// SetDeadline sets the transport's read and write deadlines (runtime clock).
func (c *Conn) SetDeadline(t time.Time) error {
	if d, ok := c.rw.(interface{ SetDeadline(time.Time) error }); ok {
		return d.SetDeadline(t)
	}
	return ErrNoDeadline
}

// SetReadDeadline sets the transport's read deadline. A Read that times out returns the
// transport's timeout error and may be retried.
func (c *Conn) SetReadDeadline(t time.Time) error {
	if d, ok := c.rw.(interface{ SetReadDeadline(time.Time) error }); ok {
		return d.SetReadDeadline(t)
	}
	return ErrNoDeadline
}

// SetWriteDeadline sets the transport's write deadline. A Write that times out leaves the
// write side unusable.
func (c *Conn) SetWriteDeadline(t time.Time) error {
	if d, ok := c.rw.(interface{ SetWriteDeadline(time.Time) error }); ok {
		return d.SetWriteDeadline(t)
	}
	return ErrNoDeadline
}

var _ net.Conn = (*Conn)(nil)
