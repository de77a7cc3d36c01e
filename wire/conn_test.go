package wire_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/wire"
)

// TestTamperEveryByte changes every byte of a stream (data records of several sizes, a key
// update, the close) in several ways: the receiver must refuse each with the uniform error,
// and deliver only a prefix of the original data.
func TestTamperEveryByte(t *testing.T) {
	tr := newTransport(nil)
	c, _ := wire.NewConn(tr, secBA, secAB)
	data := []byte("a first record|")
	c.Write(data)
	c.KeyUpdate()
	more := bytes.Repeat([]byte("xyz"), 40)
	c.Write(more)
	c.Close()
	stream := tr.written()
	original := append(append([]byte(nil), data...), more...)
	if o := receive(t, stream); o.err != io.EOF || !bytes.Equal(o.data, original) {
		t.Fatalf("untouched stream: %v", o.err)
	}
	t.Run("[P2P-ALERT-2] tampering with every byte position", func(t *testing.T) {
		for i := range stream {
			for _, mask := range []byte{0x01, 0x80, 0xff} {
				bad := append([]byte(nil), stream...)
				bad[i] ^= mask
				wantRefused(t, receive(t, bad), original, "")
				if t.Failed() {
					t.Fatalf("byte %d mask %#x", i, mask)
				}
			}
		}
	})
	t.Run("[P2P-ALERT-2] inserted and deleted bytes", func(t *testing.T) {
		for i := range len(stream) {
			del := join(stream[:i], stream[i+1:])
			wantRefused(t, receive(t, del), original, "")
			ins := join(stream[:i], []byte{0}, stream[i:])
			wantRefused(t, receive(t, ins), original, "")
			if t.Failed() {
				t.Fatalf("byte %d", i)
			}
		}
	})
}

// pipePair returns two connected connections over net.Pipe: a writes under secAB.
func pipePair(t *testing.T) (a, b *wire.Conn, ra, rb net.Conn) {
	t.Helper()
	ra, rb = net.Pipe()
	a, _ = wire.NewConn(ra, secBA, secAB)
	b, _ = wire.NewConn(rb, secAB, secBA)
	t.Cleanup(func() { ra.Close(); rb.Close() })
	return a, b, ra, rb
}

func TestConnBothWays(t *testing.T) {
	a, b, _, _ := pipePair(t)
	if a.LocalAddr().Network() != "pipe" || b.RemoteAddr().Network() != "pipe" {
		t.Errorf("addresses %v %v", a.LocalAddr(), b.RemoteAddr())
	}
	msg := bytes.Repeat([]byte("0123456789"), 10000)
	var wg sync.WaitGroup
	for _, pair := range [][2]*wire.Conn{{a, b}, {b, a}} {
		w, r := pair[0], pair[1]
		wg.Add(2)
		go func() {
			defer wg.Done()
			for range 5 {
				if _, err := w.Write(msg); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			buf := make([]byte, len(msg)*5)
			if _, err := io.ReadFull(r, buf); err != nil || !bytes.Equal(buf, bytes.Repeat(msg, 5)) {
				t.Errorf("read: %v", err)
			}
		}()
	}
	wg.Wait()
	// Close on one side gives EOF on the other, which may still write back until it closes.
	done := make(chan error, 1)
	go func() { _, err := b.Read(make([]byte, 1)); done <- err }()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != io.EOF {
		t.Errorf("after close: %v", err)
	}
	if b.Close() == nil {
		// a's transport is closed: b's close_notify cannot be written, which Close reports.
		t.Log("b's Close reported no error")
	}
}

func TestConnCloseUnblocks(t *testing.T) {
	t.Run("Close during a blocked Read", func(t *testing.T) {
		a, _, _, rb := pipePair(t)
		go io.Copy(io.Discard, rb) // the peer takes the close_notify
		done := make(chan error, 1)
		go func() { _, err := a.Read(make([]byte, 1)); done <- err }()
		time.Sleep(10 * time.Millisecond)
		a.Close()
		select {
		case err := <-done:
			if err == nil || err == io.EOF {
				t.Errorf("Read: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Read not unblocked")
		}
	})
	t.Run("Close during a blocked Write", func(t *testing.T) {
		a, _, _, _ := pipePair(t)
		done := make(chan error, 1)
		go func() { _, err := a.Write(make([]byte, 100000)); done <- err }()
		time.Sleep(10 * time.Millisecond)
		a.Close()
		select {
		case err := <-done:
			if err == nil {
				t.Error("Write succeeded")
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Write not unblocked")
		}
	})
}

func TestDeadlines(t *testing.T) {
	t.Run("read deadline: timeout, then the connection still works, even mid-record", func(t *testing.T) {
		ra, rb := net.Pipe()
		defer ra.Close()
		defer rb.Close()
		b, _ := wire.NewConn(rb, secAB, secBA)
		b.SetReadDeadline(time.Now().Add(-time.Second))
		if _, err := b.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("past deadline: %v", err)
		}
		stream := sealStream(t, [][]byte{[]byte("split across a timeout")}, true)
		go func() {
			ra.Write(stream[:10])
			time.Sleep(100 * time.Millisecond)
			ra.Write(stream[10:])
		}()
		b.SetReadDeadline(time.Now().Add(30 * time.Millisecond))
		buf := make([]byte, 100)
		if _, err := b.Read(buf); !errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("mid-record: %v", err)
		}
		var ne net.Error
		b.SetDeadline(time.Time{})
		n, err := b.Read(buf)
		if err != nil || string(buf[:n]) != "split across a timeout" {
			t.Fatalf("after timeout: %q %v", buf[:n], err)
		}
		if _, err := b.Read(buf); err != io.EOF || errors.As(err, &ne) {
			t.Errorf("end: %v", err)
		}
	})
	t.Run("write deadline: timeout ends the write side", func(t *testing.T) {
		a, _, _, _ := pipePair(t)
		a.SetWriteDeadline(time.Now().Add(20 * time.Millisecond))
		_, err := a.Write([]byte("nobody reads"))
		var ne net.Error
		if !errors.As(err, &ne) || !ne.Timeout() {
			t.Fatalf("%v", err)
		}
		a.SetWriteDeadline(time.Time{})
		if _, err2 := a.Write([]byte("x")); !errors.Is(err2, os.ErrDeadlineExceeded) {
			t.Errorf("second write: %v", err2)
		}
	})
	t.Run("a transport without deadlines", func(t *testing.T) {
		c, _ := wire.NewConn(newTransport(nil), secAB, secBA)
		for _, f := range []func(time.Time) error{c.SetDeadline, c.SetReadDeadline, c.SetWriteDeadline} {
			if err := f(time.Now()); err != wire.ErrNoDeadline {
				t.Errorf("%v", err)
			}
		}
		if c.LocalAddr().String() != "stream" || c.RemoteAddr().Network() != "stream" {
			t.Error("addresses")
		}
	})
}

// TestConnTCP sends data both ways at once over loopback TCP, with small limits so that key
// updates happen all the time (run with -race).
func TestConnTCP(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() { c, _ := ln.Accept(); accepted <- c }()
	ca, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	cb := <-accepted
	a, _ := wire.NewConnLimits(ca, secBA, secAB, 7, 50000)
	b, _ := wire.NewConnLimits(cb, secAB, secBA, 7, 50000)
	payload := make([]byte, 1<<20)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	var wg sync.WaitGroup
	for _, p := range [][2]*wire.Conn{{a, b}, {b, a}} {
		w, r := p[0], p[1]
		wg.Add(2)
		go func() {
			defer wg.Done()
			for off := 0; off < len(payload); {
				n := min(1+off%70000, len(payload)-off)
				if _, err := w.Write(payload[off : off+n]); err != nil {
					t.Error(err)
					return
				}
				off += n
			}
		}()
		go func() {
			defer wg.Done()
			got := make([]byte, len(payload))
			if _, err := io.ReadFull(r, got); err != nil || !bytes.Equal(got, payload) {
				t.Errorf("read: %v", err)
			}
		}()
	}
	wg.Wait()
	a.SetDeadline(time.Now().Add(5 * time.Second))
	if _, ok := a.RemoteAddr().(*net.TCPAddr); !ok {
		t.Error("RemoteAddr is not the TCP address")
	}
	go a.Close()
	if _, err := b.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("end: %v", err)
	}
	b.Close()
}
