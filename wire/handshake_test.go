package wire_test

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

// exchange checks that data flows both ways over a finished handshake and that the close
// is seen.
func exchange(t *testing.T, client, server *wire.Conn) {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		buf := make([]byte, 5)
		if _, err := io.ReadFull(server, buf); err != nil {
			done <- err
			return
		}
		_, err := server.Write(append(buf, " back"...))
		done <- err
	}()
	if _, err := client.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 10)
	if _, err := io.ReadFull(client, buf); err != nil {
		t.Fatal(err)
	}
	if string(buf) != "hello back" {
		t.Fatalf("got %q", buf)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	go client.Close()
	if n, err := server.Read(buf); n != 0 || err != io.EOF {
		t.Fatalf("server read %d, %v after the client's close", n, err)
	}
	server.Close()
}

func TestHandshakeSuccess(t *testing.T) {
	t.Run("[P2P-HS-1] pipe, A client and B server", func(t *testing.T) {
		cc, sc, _, _ := configs(t)
		cr, sr := net.Pipe()
		c, s := run(cr, sr, cc, sc)
		if c.err != nil || s.err != nil {
			t.Fatal(c.err, s.err)
		}
		exchange(t, c.c, s.c)
	})
	t.Run("[P2P-HS-1] pipe, B client and A server", func(t *testing.T) {
		a, b := testDevice(t, vectors.KeyDeviceA), testDevice(t, vectors.KeyDeviceB)
		ca, _ := allow(a.id)
		sa, _ := allow(b.id)
		cc := &wire.Config{Key: b.key, PeerID: a.id, Authorizer: ca}
		sc := &wire.Config{Key: a.key, PeerID: b.id, Authorizer: sa}
		cr, sr := net.Pipe()
		c, s := run(cr, sr, cc, sc)
		if c.err != nil || s.err != nil {
			t.Fatal(c.err, s.err)
		}
		exchange(t, c.c, s.c)
	})
	for _, aClient := range []bool{true, false} {
		t.Run("[P2P-HS-1] TCP loopback", func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer ln.Close()
			cc, sc, a, b := configs(t)
			if !aClient {
				ca, _ := allow(a.id, "ticket of A")
				sa, _ := allow(b.id, "ticket of B")
				cc = &wire.Config{Key: b.key, PeerID: a.id, Tickets: [][]byte{[]byte("ticket of B")}, Authorizer: ca}
				sc = &wire.Config{Key: a.key, Tickets: [][]byte{[]byte("ticket of A")}, Authorizer: sa}
			}
			acc := make(chan net.Conn, 1)
			go func() {
				c, _ := ln.Accept()
				acc <- c
			}()
			cr, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			c, s := run(cr, <-acc, cc, sc)
			if c.err != nil || s.err != nil {
				t.Fatal(c.err, s.err)
			}
			exchange(t, c.c, s.c)
		})
	}
	t.Run("[P2P-HS-10] tickets reach the authorizer in order, many and large", func(t *testing.T) {
		cc, sc, a, _ := configs(t)
		big := bytes.Repeat([]byte("t"), 40000)
		cc.Tickets = [][]byte{[]byte("one"), big, []byte("three")}
		var seen []string
		sc.Authorizer = func(p ident.DeviceID, tk [][]byte) error {
			if p != a.id {
				return errNo
			}
			for _, x := range tk {
				seen = append(seen, string(x))
			}
			return nil
		}
		cr, sr := net.Pipe()
		c, s := run(cr, sr, cc, sc)
		if c.err != nil || s.err != nil {
			t.Fatal(c.err, s.err)
		}
		if len(seen) != 3 || seen[0] != "one" || seen[1] != string(big) || seen[2] != "three" {
			t.Fatalf("authorizer saw %d tickets", len(seen))
		}
		exchange(t, c.c, s.c)
	})
}

func TestHandshakeTicketsNeverInCleartext(t *testing.T) {
	t.Run("[P2P-HS-10] canary tickets never on the wire", func(t *testing.T) {
		cc, sc, a, b := configs(t)
		canaryA, canaryB := "CANARY-client-7f3a9c", "CANARY-server-d41e07"
		cc.Tickets = [][]byte{[]byte(canaryA)}
		sc.Tickets = [][]byte{[]byte(canaryB)}
		cc.Authorizer, _ = allow(b.id, canaryB)
		sc.Authorizer, _ = allow(a.id, canaryA)
		tp := &tap{}
		cr, sr := tp.pipes()
		c, s := run(cr, sr, cc, sc)
		if c.err != nil || s.err != nil {
			t.Fatal(c.err, s.err)
		}
		exchange(t, c.c, s.c)
		for dir := range 2 {
			w := tp.bytes(dir)
			if len(w) == 0 {
				t.Fatal("nothing seen")
			}
			for _, canary := range []string{canaryA, canaryB, "CANARY"} {
				if bytes.Contains(w, []byte(canary)) {
					t.Fatalf("direction %d carries %q in cleartext", dir, canary)
				}
			}
		}
	})
	t.Run("[P2P-HS-10] a server refusing the client sends none of its tickets", func(t *testing.T) {
		cc, sc, _, _ := configs(t)
		sc.Authorizer = refuse
		tp := &tap{}
		cr, sr := tp.pipes()
		c, s := run(cr, sr, cc, sc)
		if !errors.Is(s.err, wire.ErrUnauthorized) || !errors.Is(c.err, wire.ErrPeerFailure) {
			t.Fatal(c.err, s.err)
		}
		// Server to client: hello, then one alert record (3+33 bytes) and nothing else.
		w := tp.bytes(1)
		_, body, rest, err := wire.ParseMessage(w)
		if err != nil || len(rest) != 36 || rest[0] != byte(wire.TypeAlert) {
			t.Fatalf("server sent %d bytes after its %d-byte hello", len(rest), len(body))
		}
	})
}

// refusal runs a handshake with modified configs or bytes and checks both sides' errors.
type refusalCase struct {
	name       string
	setup      func(cc, sc *wire.Config, a, b device)
	mutate     func(dir, off int, p []byte) []byte
	clientKind error
	serverKind error
	req        string // the Req of the side that detects
	detector   int    // 0 client, 1 server
	serverOK   bool   // the server finishes (the client refuses afterwards)
}

func TestHandshakeRefusals(t *testing.T) {
	c := testDevice(t, vectors.KeyDeviceC)
	cases := []refusalCase{
		{name: "[P2P-HS-10] [P2P-HS-15] server's authorizer says no", setup: func(cc, sc *wire.Config, a, b device) { sc.Authorizer = refuse },
			clientKind: wire.ErrPeerFailure, serverKind: wire.ErrUnauthorized, req: "P2P-HS-10", detector: 1},
		{name: "[P2P-HS-10] [P2P-HS-15] client's authorizer says no, the server's connection gets the alert", setup: func(cc, sc *wire.Config, a, b device) { cc.Authorizer = refuse },
			clientKind: wire.ErrUnauthorized, req: "P2P-HS-10", detector: 0, serverOK: true},
		{name: "[P2P-HS-7] client expects another device", setup: func(cc, sc *wire.Config, a, b device) { cc.PeerID = c.id },
			clientKind: wire.ErrUnexpectedID, serverKind: wire.ErrPeerFailure, req: "P2P-HS-7", detector: 0},
		{name: "[P2P-HS-7] server expects another device", setup: func(cc, sc *wire.Config, a, b device) { sc.PeerID = c.id },
			clientKind: wire.ErrPeerFailure, serverKind: wire.ErrUnexpectedID, req: "P2P-HS-7", detector: 1},
		{name: "[P2P-HS-6] client_hello device ID is not its key's", mutate: atMessage(0, 0, func(b []byte) { b[3+1+2+32] ^= 1 }),
			clientKind: wire.ErrPeerFailure, serverKind: wire.ErrPeerID, req: "P2P-HS-6", detector: 1},
		{name: "[P2P-HS-6] server_hello device ID is not its key's", mutate: atMessage(1, 0, func(b []byte) { b[3+2+32] ^= 1 }),
			clientKind: wire.ErrPeerID, serverKind: wire.ErrPeerFailure, req: "P2P-HS-6", detector: 0},
		{name: "[P2P-HS-6] server_hello key and ID both swapped for another key", mutate: swapServerKey(t, c),
			clientKind: wire.ErrUnexpectedID, serverKind: wire.ErrPeerFailure, req: "P2P-HS-7", detector: 0},
		{name: "[P2P-HS-3] no version in common", mutate: atMessage(0, 0, func(b []byte) { b[3+1+1] = 9 }),
			clientKind: wire.ErrPeerFailure, serverKind: wire.ErrVersion, req: "P2P-HS-3", detector: 1},
		{name: "[P2P-HS-3] server chooses a version not offered", mutate: atMessage(1, 0, func(b []byte) { b[3+1] = 2 }),
			clientKind: wire.ErrVersion, serverKind: wire.ErrPeerFailure, req: "P2P-HS-3", detector: 0},
		{name: "[P2P-HS-9] bad signature", mutate: flipEncrypted(0, 3+33+3+10),
			clientKind: wire.ErrPeerFailure, serverKind: wire.ErrDecrypt, req: "P2P-HS-13", detector: 1},
		{name: "[P2P-HS-8] key exchange ciphertext changed fails like a bad Finished", mutate: atMessage(0, 1, func(b []byte) { b[40] ^= 1 }),
			clientKind: wire.ErrDecrypt, serverKind: wire.ErrDecrypt, req: "P2P-HS-13", detector: 1},
		{name: "[P2P-HS-5] server nonce changed", mutate: atMessage(1, 0, func(b []byte) { b[3+2] ^= 1 }),
			clientKind: wire.ErrDecrypt, serverKind: wire.ErrDecrypt, req: "P2P-HS-13", detector: 1},
		{name: "[P2P-HS-2] oversized cleartext message refused from its header", mutate: atMessage(0, 0, func(b []byte) { b[1], b[2] = 0x08, 0x01 }),
			clientKind: wire.ErrPeerFailure, serverKind: wire.ErrTooLarge, req: "P2P-HS-2", detector: 1},
		{name: "[P2P-HS-2] unexpected message type", mutate: atMessage(1, 0, func(b []byte) { b[0] = byte(wire.TypeKeyExchange) }),
			clientKind: wire.ErrUnexpected, serverKind: wire.ErrPeerFailure, req: "P2P-HS-2", detector: 0},
		{name: "[P2P-HS-4] truncated client_hello", mutate: atMessage(0, 0, func(b []byte) { b[2] -= 2 }),
			clientKind: nil, serverKind: wire.ErrMalformed, req: "P2P-HS-4", detector: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cc, sc, a, b := configs(t)
			cc.Timeout, sc.Timeout = 2*time.Second, 2*time.Second
			if tc.setup != nil {
				tc.setup(cc, sc, a, b)
			}
			tp := &tap{mutate: tc.mutate}
			cr, sr := tp.pipes()
			cl, sv := run(cr, sr, cc, sc)
			if cl.err == nil || (sv.err == nil) != tc.serverOK {
				t.Fatalf("handshake succeeded: client %v, server %v", cl.err, sv.err)
			}
			if tc.serverOK {
				// [P2P-HS-15]: the client's refusal reaches the server's connection.
				_, err := sv.c.Read(make([]byte, 1))
				if err != wire.AlertError(wire.AlertHandshakeFailure) {
					t.Errorf("server's Read: %v", err)
				}
			}
			if tc.clientKind != nil && !errors.Is(cl.err, tc.clientKind) {
				t.Errorf("client: %v, want %v", cl.err, tc.clientKind)
			}
			if tc.serverKind != nil && !errors.Is(sv.err, tc.serverKind) {
				t.Errorf("server: %v, want %v", sv.err, tc.serverKind)
			}
			det := []error{cl.err, sv.err}[tc.detector]
			var he *wire.HandshakeError
			if !errors.As(det, &he) || he.Req != tc.req {
				t.Errorf("detector reported %v, want [%s]", det, tc.req)
			}
		})
	}
}

// atMessage mutates the n-th cleartext message of direction dir (its bytes as framed).
func atMessage(dir, n int, f func([]byte)) func(int, int, []byte) []byte {
	var pos [2][]byte
	return func(d, off int, p []byte) []byte {
		if d != dir {
			return p
		}
		// Accumulate the direction to find message n's offset.
		pos[d] = append(pos[d], p...)
		start := 0
		all := pos[d]
		for i := 0; i < n; i++ {
			if len(all)-start < 3 {
				return p
			}
			start += 3 + (int(all[start+1])<<8 | int(all[start+2]))
		}
		if start < off || start >= off+len(p) {
			return p
		}
		end := start + 3 + (int(all[start+1])<<8 | int(all[start+2]))
		if end > off+len(p) {
			return p // assume messages arrive in whole writes
		}
		q := append([]byte(nil), p...)
		f(q[start-off : end-off])
		return q
	}
}

// flipEncrypted flips one byte at offset i of the client's encrypted flight (after its
// hello and key exchange) and recomputes nothing: the record's tag fails.
func flipEncrypted(dir, i int) func(int, int, []byte) []byte {
	var all []byte
	return func(d, off int, p []byte) []byte {
		if d != dir {
			return p
		}
		all = append(all, p...)
		// skip two messages
		start := 0
		for range 2 {
			if len(all)-start < 3 {
				return p
			}
			start += 3 + (int(all[start+1])<<8 | int(all[start+2]))
		}
		at := start + i
		if at < off || at >= off+len(p) {
			return p
		}
		q := append([]byte(nil), p...)
		q[at-off] ^= 0x80
		return q
	}
}

// swapServerKey replaces the server's key and ID in its hello with device c's.
func swapServerKey(t *testing.T, c device) func(int, int, []byte) []byte {
	k := vectors.MustKey(vectors.KeyDeviceC)
	return func(d, off int, p []byte) []byte {
		if d != 1 || off != 0 {
			return p
		}
		_, body, rest, err := wire.ParseMessage(p)
		if err != nil {
			return p
		}
		sh, err := wire.ParseServerHello(body)
		if err != nil {
			return p
		}
		sh.SPKI = k.SPKI
		sh.DeviceID = sha256.Sum256(k.SPKI)
		return append(wire.AppendMessage(nil, wire.TypeServerHello, sh.Marshal()), rest...)
	}
}
