package wire_test

import (
	"bytes"
	"crypto"
	"crypto/rand"
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

// relayLeg connects a device to r over an in-memory pipe through a tap.
func relayLeg(r *wire.Relay, tp *tap) (net.Conn, chan error) {
	dev, rel := tp.pipes()
	errc := make(chan error, 1)
	go func() { errc <- r.Serve(rel) }()
	return dev, errc
}

func relayAuth(device, peer ident.DeviceID, tickets [][]byte) error {
	if len(tickets) != 1 || !bytes.HasPrefix(tickets[0], []byte("relay ticket")) {
		return errNo
	}
	return nil
}

func TestRelay(t *testing.T) {
	t.Run("[P2P-RELAY-4] [P2P-RELAY-5] two legs paired, handshake end to end, relay sees no ticket of the session", func(t *testing.T) {
		cc, sc, a, b := configs(t)
		sc.PeerID = a.id // a relayed server knows whom it asked for
		cc.RelayTickets = [][]byte{[]byte("relay ticket A")}
		sc.RelayTickets = [][]byte{[]byte("relay ticket B")}
		cc.Tickets = [][]byte{[]byte("CANARY-A")}
		sc.Tickets = [][]byte{[]byte("CANARY-B")}
		cc.Authorizer, _ = allow(b.id, "CANARY-B")
		sc.Authorizer, _ = allow(a.id, "CANARY-A")
		r := &wire.Relay{Authorizer: relayAuth}
		ta, tb := &tap{}, &tap{}
		la, _ := relayLeg(r, ta)
		lb, _ := relayLeg(r, tb)
		var ra, rb result
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); rb.c, rb.err = wire.RelayHandshake(lb, sc) }()
		ra.c, ra.err = wire.RelayHandshake(la, cc)
		wg.Wait()
		if ra.err != nil || rb.err != nil {
			t.Fatal(ra.err, rb.err)
		}
		// The role goes to the smaller fingerprint.
		client, server := ra.c, rb.c
		if wire.RoleFor(a.id, b.id) != wire.RoleClient {
			client, server = rb.c, ra.c
		}
		exchange(t, client, server)
		for _, tp := range []*tap{ta, tb} {
			for dir := range 2 {
				if bytes.Contains(tp.bytes(dir), []byte("CANARY")) {
					t.Fatal("a session ticket crossed the relay in cleartext")
				}
			}
		}
	})
	t.Run("[P2P-RELAY-4] roles are opposite and follow the fingerprints", func(t *testing.T) {
		a, b := testDevice(t, vectors.KeyDeviceA), testDevice(t, vectors.KeyDeviceB)
		if wire.RoleFor(a.id, b.id) == wire.RoleFor(b.id, a.id) {
			t.Fatal("same role")
		}
	})
}

// joinWith runs a hand-made join against r and returns the relay's answer frame.
func joinWith(t *testing.T, r *wire.Relay, mod func(ch *wire.RelayChallenge, j *wire.RelayJoin, key *rsa.PrivateKey)) (wire.FrameType, []byte, error) {
	dev, errc := relayLeg(r, &tap{})
	defer dev.Close()
	typ, body, _, err := readMsg(dev)
	if err != nil || typ != wire.TypeRelayChallenge {
		t.Fatal("no challenge", err)
	}
	ch, err := wire.ParseRelayChallenge(body)
	if err != nil {
		t.Fatal(err)
	}
	ka, kb := vectors.MustKey(vectors.KeyDeviceA), vectors.MustKey(vectors.KeyDeviceB)
	j := &wire.RelayJoin{Version: wire.Version1, SPKI: ka.SPKI, Tickets: [][]byte{[]byte("relay ticket A")}}
	idA, _ := ident.DeviceIDFromPublicKey(ka.Public())
	idB, _ := ident.DeviceIDFromPublicKey(kb.Public())
	j.DeviceID, j.PeerID = idA.Fingerprint(), idB.Fingerprint()
	key := ka.Private
	if mod != nil {
		mod(ch, j, key)
	}
	if j.Signature == nil {
		j.Signature, _ = rsa.SignPSS(rand.Reader, key, crypto.SHA256, wire.RelayJoinDigest(ch, j), &rsa.PSSOptions{SaltLength: 32})
	}
	dev.Write(wire.AppendMessage(nil, wire.TypeRelayJoin, j.Marshal()))
	typ, body, _, err = readMsg(dev)
	dev.Close()
	return typ, body, <-errc
}

func TestRelayRefusals(t *testing.T) {
	cases := []struct {
		name string
		mod  func(ch *wire.RelayChallenge, j *wire.RelayJoin, key *rsa.PrivateKey)
		code wire.RelayErrorCode
		kind error
	}{
		{"[P2P-RELAY-3] sniffed join replayed under a new challenge", func(ch *wire.RelayChallenge, j *wire.RelayJoin, key *rsa.PrivateKey) {
			old := *ch
			old.Nonce[0] ^= 1
			j.Signature, _ = rsa.SignPSS(rand.Reader, key, crypto.SHA256, wire.RelayJoinDigest(&old, j), &rsa.PSSOptions{SaltLength: 32})
		}, wire.RelayBadJoin, wire.ErrSignature},
		{"[P2P-RELAY-3] a ticket alone, signed by another key", func(ch *wire.RelayChallenge, j *wire.RelayJoin, key *rsa.PrivateKey) {
			att := vectors.MustKey(vectors.KeyAttacker).Private
			j.Signature, _ = rsa.SignPSS(rand.Reader, att, crypto.SHA256, wire.RelayJoinDigest(ch, j), &rsa.PSSOptions{SaltLength: 32})
		}, wire.RelayBadJoin, wire.ErrSignature},
		{"[P2P-RELAY-3] device ID not the key's", func(ch *wire.RelayChallenge, j *wire.RelayJoin, key *rsa.PrivateKey) {
			j.DeviceID[0] ^= 1
		}, wire.RelayBadJoin, wire.ErrPeerID},
		{"[P2P-RELAY-3] authorizer refuses", func(ch *wire.RelayChallenge, j *wire.RelayJoin, key *rsa.PrivateKey) {
			j.Tickets = [][]byte{[]byte("not a relay ticket")}
		}, wire.RelayUnauthorized, wire.ErrUnauthorized},
		{"[P2P-RELAY-2] [P2P-RELAY-3] unknown join version", func(ch *wire.RelayChallenge, j *wire.RelayJoin, key *rsa.PrivateKey) {
			j.Version = 2
		}, wire.RelayBadJoin, wire.ErrRelay},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &wire.Relay{Authorizer: relayAuth}
			typ, body, err := joinWith(t, r, tc.mod)
			if typ != wire.TypeRelayError || len(body) != 1 || wire.RelayErrorCode(body[0]) != tc.code {
				t.Fatalf("relay answered %v %x", typ, body)
			}
			if !errors.Is(err, tc.kind) {
				t.Fatalf("relay error %v, want %v", err, tc.kind)
			}
		})
	}
	t.Run("[P2P-RELAY-6] no peer in time", func(t *testing.T) {
		r := &wire.Relay{Authorizer: relayAuth, PairTimeout: 50 * time.Millisecond}
		typ, body, _ := joinWith(t, r, nil)
		if typ != wire.TypeRelayError || wire.RelayErrorCode(body[0]) != wire.RelayTimeout {
			t.Fatalf("%v %x", typ, body)
		}
		// The device reports the code.
		cc, _, _, _ := configs(t)
		cc.RelayTickets = [][]byte{[]byte("relay ticket A")}
		leg, _ := relayLeg(r, &tap{})
		_, err := wire.JoinRelay(leg, cc)
		var re *wire.RelayError
		if !errors.As(err, &re) || re.Code != wire.RelayTimeout {
			t.Fatal(err)
		}
	})
	t.Run("[P2P-RELAY-6] a second leg for the same device and peer is busy", func(t *testing.T) {
		r := &wire.Relay{Authorizer: relayAuth, PairTimeout: 2 * time.Second}
		cc, _, _, _ := configs(t)
		cc.RelayTickets = [][]byte{[]byte("relay ticket A")}
		first, _ := relayLeg(r, &tap{})
		go wire.JoinRelay(first, cc)
		time.Sleep(200 * time.Millisecond)
		typ, body, _ := joinWith(t, r, nil)
		first.Close()
		if typ != wire.TypeRelayError || wire.RelayErrorCode(body[0]) != wire.RelayBusy {
			t.Fatalf("%v %x", typ, body)
		}
	})
	t.Run("[P2P-RELAY-5] device refuses a pairing with the wrong role or peer", func(t *testing.T) {
		cc, _, a, b := configs(t)
		for _, p := range []wire.RelayPaired{
			{Role: wire.RoleFor(b.id, a.id), PeerID: b.id.Fingerprint()},
			{Role: wire.RoleFor(a.id, b.id), PeerID: a.id.Fingerprint()},
		} {
			dev, rel := net.Pipe()
			go func() {
				rel.Write(wire.AppendMessage(nil, wire.TypeRelayChallenge, (&wire.RelayChallenge{Version: wire.Version1}).Marshal()))
				readMsg(rel)
				rel.Write(wire.AppendMessage(nil, wire.TypeRelayPaired, p.Marshal()))
				io.Copy(io.Discard, rel)
			}()
			_, err := wire.JoinRelay(dev, cc)
			dev.Close()
			var he *wire.HandshakeError
			if !errors.As(err, &he) || he.Req != "P2P-RELAY-5" {
				t.Fatal(err)
			}
		}
	})
	t.Run("[P2P-RELAY-1] challenge layout and version", func(t *testing.T) {
		cc, _, _, _ := configs(t)
		dev, rel := net.Pipe()
		go func() {
			rel.Write(wire.AppendMessage(nil, wire.TypeRelayChallenge, (&wire.RelayChallenge{Version: 9}).Marshal()))
			io.Copy(io.Discard, rel)
		}()
		_, err := wire.JoinRelay(dev, cc)
		dev.Close()
		if !errors.Is(err, wire.ErrRelay) {
			t.Fatal(err)
		}
		if _, err := wire.ParseRelayChallenge(make([]byte, 33)); !errors.Is(err, wire.ErrMalformed) {
			t.Fatal(err)
		}
	})
}
