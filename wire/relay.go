package wire

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/livemesh-spec/livemesh/ident"
)

// Relay framing (spec/p2p.md §20).

// RelayJoinContext starts the bytes a device signs to join the relay ([P2P-RELAY-2]).
const RelayJoinContext = "livemesh relay v1 join"

// RelayRole is the handshake role the relay assigns to a leg ([P2P-RELAY-4]).
type RelayRole uint8

// Roles.
const (
	RoleClient RelayRole = 0x01
	RoleServer RelayRole = 0x02
)

// RelayErrorCode is the body of a relay_error frame ([P2P-RELAY-3], [P2P-RELAY-6]).
type RelayErrorCode uint8

// Relay error codes.
const (
	RelayBadJoin      RelayErrorCode = 0x01 // the join does not parse, or its key, ID or signature fails
	RelayUnauthorized RelayErrorCode = 0x02 // the relay's authorizer refused the tickets
	RelayTimeout      RelayErrorCode = 0x03 // no peer joined in time
	RelayBusy         RelayErrorCode = 0x04 // a leg for the same device and peer is already waiting
)

// RelayChallenge is the relay's first frame ([P2P-RELAY-1]).
type RelayChallenge struct {
	Version uint16
	Nonce   [NonceLen]byte
}

// Marshal returns the body.
func (m *RelayChallenge) Marshal() []byte {
	return append(binary.BigEndian.AppendUint16(nil, m.Version), m.Nonce[:]...)
}

// ParseRelayChallenge parses a relay_challenge body.
func ParseRelayChallenge(b []byte) (*RelayChallenge, error) {
	if len(b) != 2+NonceLen {
		return nil, malformed("P2P-RELAY-1", "relay_challenge of the wrong length")
	}
	m := &RelayChallenge{Version: binary.BigEndian.Uint16(b)}
	copy(m.Nonce[:], b[2:])
	return m, nil
}

// RelayJoin is a device's request to be paired with a peer ([P2P-RELAY-2]).
type RelayJoin struct {
	Version   uint16
	PeerID    [DeviceIDLen]byte
	DeviceID  [DeviceIDLen]byte
	SPKI      []byte
	Tickets   [][]byte
	Signature []byte
}

// signedPart returns the body up to (not including) the signature's length field.
func (m *RelayJoin) signedPart() []byte {
	b := binary.BigEndian.AppendUint16(nil, m.Version)
	b = append(b, m.PeerID[:]...)
	b = append(b, m.DeviceID[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(m.SPKI)))
	b = append(b, m.SPKI...)
	b = append(b, byte(len(m.Tickets)))
	for _, t := range m.Tickets {
		b = binary.BigEndian.AppendUint16(b, uint16(len(t)))
		b = append(b, t...)
	}
	return b
}

// Marshal returns the body.
func (m *RelayJoin) Marshal() []byte {
	b := m.signedPart()
	b = binary.BigEndian.AppendUint16(b, uint16(len(m.Signature)))
	return append(b, m.Signature...)
}

// RelayJoinDigest is the SHA-256 digest the join's RSA-PSS signature covers:
// SHA-256(context || 0x00 || SHA-256(challenge body || join body before the signature)).
func RelayJoinDigest(challenge *RelayChallenge, m *RelayJoin) []byte {
	inner := sha256.Sum256(append(challenge.Marshal(), m.signedPart()...))
	d := sha256.Sum256(append(append([]byte(RelayJoinContext), 0), inner[:]...))
	return d[:]
}

// ParseRelayJoin parses a relay_join body.
func ParseRelayJoin(b []byte) (*RelayJoin, error) {
	const req = "P2P-RELAY-2"
	bad := func(msg string) (*RelayJoin, error) { return nil, malformed(req, msg) }
	if len(b) < 2+2*DeviceIDLen+2 {
		return bad("truncated relay_join")
	}
	m := &RelayJoin{Version: binary.BigEndian.Uint16(b)}
	copy(m.PeerID[:], b[2:])
	copy(m.DeviceID[:], b[2+DeviceIDLen:])
	b = b[2+2*DeviceIDLen:]
	n := int(binary.BigEndian.Uint16(b))
	b = b[2:]
	if n == 0 || n > MaxSPKILen || len(b) < n+1 {
		return bad("bad public key length")
	}
	m.SPKI, b = append([]byte(nil), b[:n]...), b[n:]
	count := int(b[0])
	b = b[1:]
	if count > DefaultMaxTickets {
		return bad("too many tickets")
	}
	for range count {
		if len(b) < 2 {
			return bad("truncated ticket")
		}
		l := int(binary.BigEndian.Uint16(b))
		if l == 0 || len(b) < 2+l {
			return bad("bad ticket length")
		}
		m.Tickets = append(m.Tickets, append([]byte(nil), b[2:2+l]...))
		b = b[2+l:]
	}
	if len(b) < 2 {
		return bad("truncated signature")
	}
	l := int(binary.BigEndian.Uint16(b))
	if l == 0 || len(b) != 2+l {
		return bad("bad signature length")
	}
	m.Signature = append([]byte(nil), b[2:]...)
	return m, nil
}

// RelayPaired tells a leg that its session starts ([P2P-RELAY-4]).
type RelayPaired struct {
	Role   RelayRole
	PeerID [DeviceIDLen]byte
}

// Marshal returns the body.
func (m *RelayPaired) Marshal() []byte { return append([]byte{byte(m.Role)}, m.PeerID[:]...) }

// ParseRelayPaired parses a relay_paired body.
func ParseRelayPaired(b []byte) (*RelayPaired, error) {
	if len(b) != 1+DeviceIDLen || (RelayRole(b[0]) != RoleClient && RelayRole(b[0]) != RoleServer) {
		return nil, malformed("P2P-RELAY-5", "bad relay_paired")
	}
	m := &RelayPaired{Role: RelayRole(b[0])}
	copy(m.PeerID[:], b[1:])
	return m, nil
}

// ParseRelayError parses a relay_error body.
func ParseRelayError(b []byte) (RelayErrorCode, error) {
	if len(b) != 1 {
		return 0, malformed("P2P-RELAY-3", "bad relay_error")
	}
	return RelayErrorCode(b[0]), nil
}

// RoleFor returns the role of device self paired with peer: the device whose fingerprint is
// smaller (bytewise) is the client ([P2P-RELAY-4]).
func RoleFor(self, peer ident.DeviceID) RelayRole {
	a, b := self.Fingerprint(), peer.Fingerprint()
	if bytes.Compare(a[:], b[:]) < 0 {
		return RoleClient
	}
	return RoleServer
}

// RelayError is the error JoinRelay returns when the relay refused the leg.
type RelayError struct{ Code RelayErrorCode }

func (e *RelayError) Error() string {
	return fmt.Sprintf("wire: the relay refused the leg (code %d)", e.Code)
}

// ErrRelay is the kind of every HandshakeError of the relay framing.
var ErrRelay = errors.New("wire: relay failure")

func relayErr(req, msg string, err error) error {
	return &HandshakeError{Req: req, Kind: ErrRelay, Msg: msg, Err: err}
}

// JoinRelay joins the relay over rw as the device of cfg.Key asking for cfg.PeerID,
// presenting cfg.Tickets to the relay, and waits to be paired. It returns the role the
// device takes in the end-to-end handshake, which it checks ([P2P-RELAY-5]).
func JoinRelay(rw io.ReadWriter, cfg *Config) (RelayRole, error) {
	h, err := newHS(rw, cfg)
	if err != nil {
		return 0, err
	}
	if cfg.PeerID.IsZero() {
		return 0, hsErr("P2P-RELAY-2", ErrConfig, "joining the relay needs the peer's device ID")
	}
	spki, myID, err := ownIdentity(cfg.Key)
	if err != nil {
		return 0, err
	}
	body, err := h.readClear(TypeRelayChallenge)
	if err != nil {
		return 0, err
	}
	ch, err := ParseRelayChallenge(body)
	if err != nil {
		return 0, err
	}
	if ch.Version != Version1 {
		return 0, relayErr("P2P-RELAY-1", "unknown relay version", nil)
	}
	j := &RelayJoin{Version: Version1, PeerID: cfg.PeerID.Fingerprint(), DeviceID: myID, SPKI: spki, Tickets: cfg.RelayTickets}
	if j.Tickets == nil {
		j.Tickets = cfg.Tickets
	}
	sig, err := rsa.SignPSS(h.rand, cfg.Key, crypto.SHA256, RelayJoinDigest(ch, j), &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	if err != nil {
		return 0, relayErr("P2P-RELAY-2", "signing", err)
	}
	j.Signature = sig
	jb := j.Marshal()
	if len(jb) > MaxMessageBody {
		return 0, hsErr("P2P-RELAY-2", ErrTooLarge, "relay_join over 65535 bytes")
	}
	if _, err := rw.Write(AppendMessage(nil, TypeRelayJoin, jb)); err != nil {
		return 0, h.ioErr(err)
	}
	var hdr [FrameHeaderLen]byte
	if _, err := io.ReadFull(rw, hdr[:]); err != nil {
		return 0, h.ioErr(err)
	}
	n := int(binary.BigEndian.Uint16(hdr[1:]))
	if n > 64 {
		return 0, hsErr("P2P-RELAY-5", ErrTooLarge, "relay answer too long")
	}
	body = make([]byte, n)
	if _, err := io.ReadFull(rw, body); err != nil {
		return 0, h.ioErr(err)
	}
	switch FrameType(hdr[0]) {
	case TypeRelayError:
		code, err := ParseRelayError(body)
		if err != nil {
			return 0, err
		}
		return 0, relayErr("P2P-RELAY-3", "refused", &RelayError{code})
	case TypeRelayPaired:
	default:
		return 0, hsErr("P2P-RELAY-5", ErrUnexpected, "not relay_paired")
	}
	p, err := ParseRelayPaired(body)
	if err != nil {
		return 0, err
	}
	if p.PeerID != cfg.PeerID.Fingerprint() {
		return 0, relayErr("P2P-RELAY-5", "paired with another device", nil)
	}
	if p.Role != RoleFor(ident.DeviceIDFromFingerprint(myID), cfg.PeerID) {
		return 0, relayErr("P2P-RELAY-5", "the relay assigned the wrong role", nil)
	}
	return p.Role, nil
}

// RelayHandshake joins the relay over rw and then runs the end-to-end handshake in the role
// the relay assigned, with cfg (the same tickets go to the relay and to the peer).
func RelayHandshake(rw io.ReadWriter, cfg *Config) (*Conn, error) {
	role, err := JoinRelay(rw, cfg)
	if err != nil {
		if cl, ok := rw.(io.Closer); ok {
			cl.Close()
		}
		return nil, err
	}
	if role == RoleClient {
		return Client(rw, cfg)
	}
	return Server(rw, cfg)
}

// DefaultPairTimeout is how long a relay keeps a leg waiting for its peer ([P2P-RELAY-6]).
const DefaultPairTimeout = 30 * time.Second
