package wire_test

import (
	"bytes"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

// seedFlights returns the bytes of a clean handshake in both directions.
func seedFlights(f *testing.F) [2][]byte {
	cc, sc, _, _ := configs(f)
	tp := &tap{}
	cr, sr := tp.pipes()
	c, s := run(cr, sr, cc, sc)
	if c.err != nil || s.err != nil {
		f.Fatal(c.err, s.err)
	}
	cr.Close()
	sr.Close()
	return [2][]byte{tp.bytes(0), tp.bytes(1)}
}

func bodies(stream []byte) (out [][]byte) {
	for len(stream) > 0 {
		_, body, rest, err := wire.ParseMessage(stream)
		if err != nil {
			return
		}
		out = append(out, body)
		stream = rest
	}
	return
}

// checkParse checks that a parser either refuses with a typed error or accepts input it
// re-encodes to the same bytes.
func checkParse[M interface{ Marshal() []byte }](t *testing.T, b []byte, parse func([]byte) (M, error)) {
	m, err := parse(b)
	if err != nil {
		if !errors.Is(err, wire.ErrMalformed) {
			t.Fatalf("untyped error %v", err)
		}
		return
	}
	if !bytes.Equal(m.Marshal(), b) {
		t.Fatalf("accepted input does not re-encode to itself")
	}
}

func FuzzClientHello(f *testing.F) {
	fl := seedFlights(f)
	f.Add(bodies(fl[0])[0])
	f.Add([]byte{1, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) { checkParse(t, b, wire.ParseClientHello) })
}

func FuzzServerHello(f *testing.F) {
	fl := seedFlights(f)
	f.Add(bodies(fl[1])[0])
	f.Add([]byte{0, 1})
	f.Fuzz(func(t *testing.T, b []byte) { checkParse(t, b, wire.ParseServerHello) })
}

func FuzzRelayJoin(f *testing.F) {
	k := vectors.MustKey(vectors.KeyDeviceA)
	j := &wire.RelayJoin{Version: 1, SPKI: k.SPKI, Tickets: [][]byte{[]byte("t")}, Signature: []byte{1, 2, 3}}
	f.Add(j.Marshal())
	f.Add([]byte{0, 1})
	f.Fuzz(func(t *testing.T, b []byte) { checkParse(t, b, wire.ParseRelayJoin) })
}

func FuzzRelayFrames(f *testing.F) {
	f.Add(byte(0), (&wire.RelayChallenge{Version: 1}).Marshal())
	f.Add(byte(1), (&wire.RelayPaired{Role: wire.RoleClient}).Marshal())
	f.Add(byte(2), []byte{3})
	f.Fuzz(func(t *testing.T, which byte, b []byte) {
		switch which % 3 {
		case 0:
			checkParse(t, b, wire.ParseRelayChallenge)
		case 1:
			checkParse(t, b, wire.ParseRelayPaired)
		case 2:
			if _, err := wire.ParseRelayError(b); err != nil && !errors.Is(err, wire.ErrMalformed) {
				t.Fatal(err)
			}
		}
	})
}

func FuzzSmallMessages(f *testing.F) {
	f.Add(byte(0), make([]byte, 256))
	f.Add(byte(1), make([]byte, 32))
	f.Add(byte(2), []byte("ticket"))
	f.Add(byte(3), []byte{2})
	f.Add(byte(4), []byte{1, 0, 1, 7})
	f.Fuzz(func(t *testing.T, which byte, b []byte) {
		var err error
		switch which % 6 {
		case 0:
			_, err = wire.ParseKeyExchange(b, 256)
		case 1:
			_, err = wire.ParseFinished(b)
		case 2:
			_, err = wire.ParseTicket(b)
		case 3:
			_, err = wire.ParseFailure(b)
		case 4:
			_, _, _, err = wire.ParseMessage(b)
		case 5:
			_, err = wire.ParseClientVerify(b, 256)
		}
		if err != nil && !errors.Is(err, wire.ErrMalformed) {
			t.Fatal(err)
		}
	})
}

// FuzzServerStream feeds arbitrary client bytes to a server: it must fail with a typed error
// and never panic or accept.
func FuzzServerStream(f *testing.F) {
	fl := seedFlights(f)
	f.Add(fl[0])
	f.Add(fl[0][:100])
	f.Fuzz(func(t *testing.T, in []byte) {
		_, sc, _, _ := configs(t)
		sc.Timeout = 200 * time.Millisecond
		cr, sr := net.Pipe()
		go func() {
			cr.Write(in)
			cr.Close()
		}()
		go func() {
			buf := make([]byte, 4096)
			for {
				if _, err := cr.Read(buf); err != nil {
					return
				}
			}
		}()
		c, err := wire.Server(sr, sc)
		if err == nil {
			c.Close()
			t.Fatal("a server accepted fuzzed input")
		}
		var he *wire.HandshakeError
		if !errors.As(err, &he) {
			t.Fatal(err)
		}
	})
}
