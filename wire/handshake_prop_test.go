package wire_test

import (
	"errors"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/livemesh-spec/livemesh/wire"
)

// TestHandshakeCorruption: changing any one byte of any flight, in either direction, makes
// the handshake fail cleanly: no panic, no hang past the timeout, never two connections, and
// every failure a typed *HandshakeError.
func TestHandshakeCorruption(t *testing.T) {
	t.Run("[P2P-HS-14] one corrupted byte anywhere fails cleanly", func(t *testing.T) {
		// The lengths of a clean run's two directions.
		cc, sc, _, _ := configs(t)
		clean := &tap{}
		cr, sr := clean.pipes()
		c, s := run(cr, sr, cc, sc)
		if c.err != nil || s.err != nil {
			t.Fatal(c.err, s.err)
		}
		c.c.SetDeadline(time.Now())
		cr.Close()
		sr.Close()
		lens := [2]int{len(clean.bytes(0)), len(clean.bytes(1))}
		rapid.Check(t, func(rt *rapid.T) {
			dir := rapid.IntRange(0, 1).Draw(rt, "dir")
			at := rapid.IntRange(0, lens[dir]-1).Draw(rt, "offset")
			x := byte(rapid.IntRange(1, 255).Draw(rt, "xor"))
			cc, sc, _, _ := configs(t)
			cc.Timeout, sc.Timeout = 400*time.Millisecond, 400*time.Millisecond
			tp := &tap{mutate: func(d, off int, p []byte) []byte {
				if d != dir || at < off || at >= off+len(p) {
					return p
				}
				q := append([]byte(nil), p...)
				q[at-off] ^= x
				return q
			}}
			cr, sr := tp.pipes()
			start := time.Now()
			c, s := run(cr, sr, cc, sc)
			defer cr.Close()
			defer sr.Close()
			if time.Since(start) > 3*time.Second {
				rt.Fatalf("took %v", time.Since(start))
			}
			if c.err == nil && s.err == nil {
				rt.Fatalf("handshake succeeded with byte %d of direction %d changed", at, dir)
			}
			for _, err := range []error{c.err, s.err} {
				var he *wire.HandshakeError
				if err != nil && !errors.As(err, &he) {
					rt.Fatalf("untyped error %v", err)
				}
			}
			if c.err == nil {
				rt.Fatal("the client accepted a corrupted handshake")
			}
		})
	})
}
