package wire_test

import (
	"bytes"
	"crypto/rsa"
	"errors"
	"testing"

	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

func TestHandshakeTicketLimits(t *testing.T) {
	for _, tc := range []struct {
		name    string
		tickets [][]byte
		max     int
		maxB    int
	}{
		{"[P2P-HS-10] more tickets than the limit", [][]byte{[]byte("1"), []byte("2"), []byte("3")}, 2, 0},
		{"[P2P-HS-10] more ticket bytes than the limit", [][]byte{bytes.Repeat([]byte("x"), 3000)}, 0, 2000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cc, sc, _, _ := configs(t)
			cc.Tickets = tc.tickets
			sc.MaxTickets, sc.MaxTicketBytes = tc.max, tc.maxB
			tp := &tap{}
			cr, sr := tp.pipes()
			c, s := run(cr, sr, cc, sc)
			var he *wire.HandshakeError
			if !errors.As(s.err, &he) || he.Req != "P2P-HS-10" || !errors.Is(s.err, wire.ErrTooLarge) || c.err == nil {
				t.Fatalf("client %v, server %v", c.err, s.err)
			}
		})
	}
	t.Run("[P2P-HS-10] a ticket of 65536 bytes cannot be sent", func(t *testing.T) {
		cc, sc, _, _ := configs(t)
		cc.Tickets = [][]byte{make([]byte, 65536)}
		tp := &tap{}
		cr, sr := tp.pipes()
		c, _ := run(cr, sr, cc, sc)
		if !errors.Is(c.err, wire.ErrConfig) {
			t.Fatal(c.err)
		}
	})
}

func TestHandshakeNothingEncryptedToAWrongKey(t *testing.T) {
	t.Run("[P2P-HS-7] the client sends no key_exchange to an unexpected server", func(t *testing.T) {
		cc, sc, _, _ := configs(t)
		cc.PeerID = testDevice(t, vectors.KeyDeviceC).id
		tp := &tap{}
		cr, sr := tp.pipes()
		run(cr, sr, cc, sc)
		up := tp.bytes(0)
		typ, _, rest, err := wire.ParseMessage(up)
		if err != nil || typ != wire.TypeClientHello {
			t.Fatal(err)
		}
		// After the hello, only a failure message.
		if typ, body, rest2, err := wire.ParseMessage(rest); err != nil || typ != wire.TypeFailure || len(rest2) != 0 || !bytes.Equal(body, []byte{byte(wire.AlertHandshakeFailure)}) {
			t.Fatalf("client sent %x after its hello", rest)
		}
	})
}

func TestRelaySelf(t *testing.T) {
	t.Run("[P2P-RELAY-3] a device cannot ask for itself", func(t *testing.T) {
		r := &wire.Relay{Authorizer: relayAuth}
		typ, body, err := joinWith(t, r, func(ch *wire.RelayChallenge, j *wire.RelayJoin, _ *rsa.PrivateKey) { j.PeerID = j.DeviceID })
		if typ != wire.TypeRelayError || wire.RelayErrorCode(body[0]) != wire.RelayBadJoin || !errors.Is(err, wire.ErrRelay) {
			t.Fatalf("%v %x %v", typ, body, err)
		}
	})
}
