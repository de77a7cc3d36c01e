package wire_test

import (
	"crypto/rsa"
	"errors"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

type device struct {
	key *rsa.PrivateKey
	id  ident.DeviceID
}

func testDevice(tb testing.TB, name string) device {
	tb.Helper()
	k := vectors.MustKey(name)
	id, err := ident.DeviceIDFromPublicKey(k.Public())
	if err != nil {
		tb.Fatal(err)
	}
	return device{k.Private, id}
}

var errNo = errors.New("authorizer says no")

// allow returns an authorizer that accepts exactly want from peer and records what it saw.
func allow(peer ident.DeviceID, want ...string) (wire.Authorizer, *[]string) {
	var seen []string
	return func(p ident.DeviceID, tickets [][]byte) error {
		for _, t := range tickets {
			seen = append(seen, string(t))
		}
		if p != peer {
			return errNo
		}
		if len(tickets) != len(want) {
			return errNo
		}
		for i := range want {
			if string(tickets[i]) != want[i] {
				return errNo
			}
		}
		return nil
	}, &seen
}

func refuse(ident.DeviceID, [][]byte) error { return errNo }

// configs returns a client config of a talking to b and a server config of b, each
// presenting one ticket the other requires.
func configs(tb testing.TB) (cc, sc *wire.Config, a, b device) {
	a, b = testDevice(tb, vectors.KeyDeviceA), testDevice(tb, vectors.KeyDeviceB)
	ca, _ := allow(b.id, "ticket of B")
	sa, _ := allow(a.id, "ticket of A")
	cc = &wire.Config{Key: a.key, PeerID: b.id, Tickets: [][]byte{[]byte("ticket of A")}, Authorizer: ca, Timeout: 5 * time.Second}
	sc = &wire.Config{Key: b.key, Tickets: [][]byte{[]byte("ticket of B")}, Authorizer: sa, Timeout: 5 * time.Second}
	return
}

type result struct {
	c   *wire.Conn
	err error
}

// run runs Client on cr and Server on sr concurrently.
func run(cr, sr io.ReadWriter, cc, sc *wire.Config) (client, server result) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		server.c, server.err = wire.Server(sr, sc)
	}()
	client.c, client.err = wire.Client(cr, cc)
	wg.Wait()
	return
}

// tap is a man in the middle between two pipes: it copies each direction, records it, and
// lets mutate change the bytes on the way (dir 0: client to server, 1: server to client;
// off is the offset of p[0] in that direction).
type tap struct {
	mu     sync.Mutex
	seen   [2][]byte
	mutate func(dir, off int, p []byte) []byte
}

func (tp *tap) pipes() (clientEnd, serverEnd net.Conn) {
	c1, c2 := net.Pipe()
	s1, s2 := net.Pipe()
	go tp.copy(0, s2, c2)
	go tp.copy(1, c2, s2)
	return c1, s1
}

func (tp *tap) copy(dir int, dst, src net.Conn) {
	buf := make([]byte, 1<<16)
	broken := false
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p := append([]byte(nil), buf[:n]...)
			tp.mu.Lock()
			off := len(tp.seen[dir])
			tp.seen[dir] = append(tp.seen[dir], p...)
			m := tp.mutate
			tp.mu.Unlock()
			if m != nil {
				p = m(dir, off, p)
			}
			if !broken {
				if _, err := dst.Write(p); err != nil {
					broken = true // keep draining src so that the other side's writes finish
				}
			}
		}
		if err != nil {
			dst.Close()
			return
		}
	}
}

func (tp *tap) bytes(dir int) []byte {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return append([]byte(nil), tp.seen[dir]...)
}
