package wire

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"io"
	"sync"
	"time"

	"github.com/livemesh-spec/livemesh/ident"
)

// RelayAuthorizer judges a leg's tickets: device asks to be paired with peer.
type RelayAuthorizer func(device, peer ident.DeviceID, tickets [][]byte) error

// Relay pairs legs (spec/p2p.md §20): it authenticates each device by its tickets and its
// signature over the relay's challenge, pairs two legs that ask for each other, and then
// copies bytes between them without reading them. It is the relay framing only; the cloud
// runs it behind TLS. The zero value is not usable: Authorizer is required.
type Relay struct {
	Authorizer  RelayAuthorizer
	Rand        io.Reader     // nil means crypto/rand
	PairTimeout time.Duration // 0 means DefaultPairTimeout
	Timeout     time.Duration // bounds the join; 0 means DefaultHandshakeTimeout

	mu      sync.Mutex
	waiting map[[2][DeviceIDLen]byte]*leg
}

type leg struct {
	rw     io.ReadWriteCloser
	paired chan io.ReadWriteCloser // receives the peer's leg
}

// Serve runs one leg to its end: the join, the wait for the peer, and the copy. It returns
// the reason the leg was refused, or nil after a session.
func (r *Relay) Serve(rw io.ReadWriteCloser) error {
	defer rw.Close()
	rnd := r.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	d, hasDeadline := rw.(deadliner)
	if hasDeadline {
		t := r.Timeout
		if t <= 0 {
			t = DefaultHandshakeTimeout
		}
		d.SetDeadline(time.Now().Add(t))
	}
	ch := &RelayChallenge{Version: Version1}
	if _, err := io.ReadFull(rnd, ch.Nonce[:]); err != nil {
		return err
	}
	if _, err := rw.Write(AppendMessage(nil, TypeRelayChallenge, ch.Marshal())); err != nil {
		return err
	}
	h := &hs{rw: rw, cfg: &Config{}}
	fail := func(code RelayErrorCode, err error) error {
		rw.Write(AppendMessage(nil, TypeRelayError, []byte{byte(code)}))
		return err
	}
	// [P2P-RELAY-3]: layout, version, key and ID, signature, authorizer.
	var hdr [FrameHeaderLen]byte
	if _, err := io.ReadFull(rw, hdr[:]); err != nil {
		return h.ioErr(err)
	}
	if FrameType(hdr[0]) != TypeRelayJoin {
		return fail(RelayBadJoin, hsErr("P2P-RELAY-2", ErrUnexpected, "not relay_join"))
	}
	body := make([]byte, int(hdr[1])<<8|int(hdr[2]))
	if _, err := io.ReadFull(rw, body); err != nil {
		return h.ioErr(err)
	}
	j, err := ParseRelayJoin(body)
	if err != nil {
		return fail(RelayBadJoin, err)
	}
	if j.Version != Version1 {
		return fail(RelayBadJoin, relayErr("P2P-RELAY-3", "unknown version", nil))
	}
	key, id, err := checkPeerKey(j.SPKI, j.DeviceID, ident.DeviceID{})
	if err != nil {
		return fail(RelayBadJoin, err)
	}
	if err := rsa.VerifyPSS(key, crypto.SHA256, RelayJoinDigest(ch, j), j.Signature, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}); err != nil {
		return fail(RelayBadJoin, hsErr("P2P-RELAY-3", ErrSignature, "relay_join signature"))
	}
	peer := ident.DeviceIDFromFingerprint(j.PeerID)
	if peer == id {
		return fail(RelayBadJoin, relayErr("P2P-RELAY-3", "a device cannot ask for itself", nil))
	}
	if r.Authorizer == nil {
		return fail(RelayUnauthorized, hsErr("P2P-RELAY-3", ErrConfig, "no relay authorizer"))
	}
	if err := r.Authorizer(id, peer, j.Tickets); err != nil {
		return fail(RelayUnauthorized, &HandshakeError{Req: "P2P-RELAY-3", Kind: ErrUnauthorized, Err: err})
	}

	// Pairing ([P2P-RELAY-4], [P2P-RELAY-6]).
	me := &leg{rw: rw, paired: make(chan io.ReadWriteCloser, 1)}
	key2 := [2][DeviceIDLen]byte{j.DeviceID, j.PeerID}
	r.mu.Lock()
	if r.waiting == nil {
		r.waiting = map[[2][DeviceIDLen]byte]*leg{}
	}
	other, found := r.waiting[[2][DeviceIDLen]byte{j.PeerID, j.DeviceID}]
	if found {
		delete(r.waiting, [2][DeviceIDLen]byte{j.PeerID, j.DeviceID})
	} else if _, dup := r.waiting[key2]; dup {
		r.mu.Unlock()
		return fail(RelayBusy, relayErr("P2P-RELAY-6", "a leg for this device and peer is waiting", nil))
	} else {
		r.waiting[key2] = me
	}
	r.mu.Unlock()
	if hasDeadline {
		d.SetDeadline(time.Time{})
	}
	if !found {
		pt := r.PairTimeout
		if pt <= 0 {
			pt = DefaultPairTimeout
		}
		select {
		case <-me.paired:
			return nil // the second leg runs the session
		case <-time.After(pt):
			r.mu.Lock()
			if r.waiting[key2] == me {
				delete(r.waiting, key2)
				r.mu.Unlock()
				return fail(RelayTimeout, relayErr("P2P-RELAY-6", "no peer joined in time", nil))
			}
			r.mu.Unlock()
			<-me.paired
			return nil
		}
	}
	// This leg completes the pair: tell both their roles, then copy.
	mine := &RelayPaired{Role: RoleFor(id, peer), PeerID: j.PeerID}
	theirs := &RelayPaired{Role: RoleFor(peer, id), PeerID: j.DeviceID}
	other.rw.Write(AppendMessage(nil, TypeRelayPaired, theirs.Marshal()))
	rw.Write(AppendMessage(nil, TypeRelayPaired, mine.Marshal()))
	done := make(chan error, 2)
	go func() { io.Copy(other.rw, rw); other.rw.Close(); done <- nil }()
	go func() { io.Copy(rw, other.rw); rw.Close(); done <- nil }()
	<-done
	<-done
	other.paired <- rw // release the waiting leg's Serve
	return nil
}
