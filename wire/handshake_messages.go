package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Handshake and relay message types (spec/p2p.md §13, §20): the frame types 0x01–0x0F
// that part 1 left to part 2. 0x0C–0x0F stay reserved.
const (
	TypeClientHello    FrameType = 0x01 // cleartext, client to server
	TypeServerHello    FrameType = 0x02 // cleartext, server to client
	TypeKeyExchange    FrameType = 0x03 // cleartext, client to server: the RSA-OAEP ciphertext
	TypeTicket         FrameType = 0x04 // encrypted flights only: one opaque ticket
	TypeClientVerify   FrameType = 0x05 // encrypted client flight: the RSA-PSS signature
	TypeFinished       FrameType = 0x06 // encrypted flights: the Finished MAC
	TypeFailure        FrameType = 0x07 // cleartext: the handshake failed (one alert code)
	TypeRelayChallenge FrameType = 0x08 // relay to device
	TypeRelayJoin      FrameType = 0x09 // device to relay
	TypeRelayPaired    FrameType = 0x0A // relay to device: the session starts
	TypeRelayError     FrameType = 0x0B // relay to device: refused
)

// Sizes of the handshake (spec/p2p.md §13).
const (
	NonceLen              = 32     // the random nonce of each hello
	DeviceIDLen           = 32     // a device ID on the wire: its SHA-256 fingerprint
	MaxVersions           = 8      // at most this many versions in a ClientHello
	MaxMessageBody        = 0xFFFF // the largest body of a handshake message (u16 length)
	MinKeyBits            = 2048   // the smallest RSA modulus accepted ([P2P-HS-6])
	MaxKeyBits            = 4096   // the largest RSA modulus accepted ([P2P-HS-6])
	MaxSPKILen            = 1024   // the largest SubjectPublicKeyInfo in a hello
	FinishedLen           = 32
	Version1       uint16 = 0x0001 // RSA key transport, AES-128-CTR + HMAC-SHA256 (this document)
	Version2       uint16 = 0x0002 // reserved for an ephemeral-key suite ([P2P-HS-3])
)

// ErrMalformed is the kind of every HandshakeError for a message that does not parse.
var ErrMalformed = errors.New("wire: malformed handshake message")

func malformed(req, msg string) error {
	return &HandshakeError{Req: req, Kind: ErrMalformed, Msg: msg}
}

// AppendMessage appends the handshake message type || length (u16) || body.
func AppendMessage(dst []byte, t FrameType, body []byte) []byte {
	dst = append(dst, byte(t), byte(len(body)>>8), byte(len(body)))
	return append(dst, body...)
}

// ClientHello is the client's first message ([P2P-HS-4]).
type ClientHello struct {
	Versions []uint16       // the versions the client supports, most preferred first
	Nonce    [NonceLen]byte // fresh random
	DeviceID [DeviceIDLen]byte
	SPKI     []byte // DER of the client's RSA public key (SubjectPublicKeyInfo)
}

// Marshal returns the message's body.
func (m *ClientHello) Marshal() []byte {
	b := []byte{byte(len(m.Versions))}
	for _, v := range m.Versions {
		b = binary.BigEndian.AppendUint16(b, v)
	}
	b = append(b, m.Nonce[:]...)
	b = append(b, m.DeviceID[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(m.SPKI)))
	return append(b, m.SPKI...)
}

// ParseClientHello parses a ClientHello body ([P2P-HS-4]).
func ParseClientHello(b []byte) (*ClientHello, error) {
	const req = "P2P-HS-4"
	if len(b) < 1 {
		return nil, malformed(req, "empty client_hello")
	}
	n := int(b[0])
	if n < 1 || n > MaxVersions {
		return nil, malformed(req, fmt.Sprintf("%d versions", n))
	}
	b = b[1:]
	if len(b) < 2*n+NonceLen+DeviceIDLen+2 {
		return nil, malformed(req, "truncated client_hello")
	}
	m := &ClientHello{Versions: make([]uint16, n)}
	for i := range n {
		m.Versions[i] = binary.BigEndian.Uint16(b[2*i:])
	}
	b = b[2*n:]
	copy(m.Nonce[:], b)
	copy(m.DeviceID[:], b[NonceLen:])
	b = b[NonceLen+DeviceIDLen:]
	spki, err := parseSPKIField(req, b)
	if err != nil {
		return nil, err
	}
	m.SPKI = spki
	return m, nil
}

func parseSPKIField(req string, b []byte) ([]byte, error) {
	l := int(binary.BigEndian.Uint16(b))
	b = b[2:]
	if l == 0 || l > MaxSPKILen {
		return nil, malformed(req, fmt.Sprintf("public key of %d bytes", l))
	}
	if len(b) != l {
		return nil, malformed(req, "public key length does not match the message")
	}
	return append([]byte(nil), b...), nil
}

// ServerHello is the server's answer ([P2P-HS-5]).
type ServerHello struct {
	Version  uint16 // the version chosen, one the client offered
	Nonce    [NonceLen]byte
	DeviceID [DeviceIDLen]byte
	SPKI     []byte
}

// Marshal returns the message's body.
func (m *ServerHello) Marshal() []byte {
	b := binary.BigEndian.AppendUint16(nil, m.Version)
	b = append(b, m.Nonce[:]...)
	b = append(b, m.DeviceID[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(len(m.SPKI)))
	return append(b, m.SPKI...)
}

// ParseServerHello parses a ServerHello body ([P2P-HS-5]).
func ParseServerHello(b []byte) (*ServerHello, error) {
	const req = "P2P-HS-5"
	if len(b) < 2+NonceLen+DeviceIDLen+2 {
		return nil, malformed(req, "truncated server_hello")
	}
	m := &ServerHello{Version: binary.BigEndian.Uint16(b)}
	b = b[2:]
	copy(m.Nonce[:], b)
	copy(m.DeviceID[:], b[NonceLen:])
	spki, err := parseSPKIField(req, b[NonceLen+DeviceIDLen:])
	if err != nil {
		return nil, err
	}
	m.SPKI = spki
	return m, nil
}

// ParseKeyExchange checks a KeyExchange body: the RSA-OAEP ciphertext, exactly as long as
// the server's modulus ([P2P-HS-8]).
func ParseKeyExchange(b []byte, modulusLen int) ([]byte, error) {
	if len(b) != modulusLen {
		return nil, malformed("P2P-HS-8", fmt.Sprintf("key_exchange of %d bytes for a %d-byte modulus", len(b), modulusLen))
	}
	return b, nil
}

// ParseClientVerify checks a ClientVerify body: the signature, exactly as long as the
// client's modulus ([P2P-HS-9]).
func ParseClientVerify(b []byte, modulusLen int) ([]byte, error) {
	if len(b) != modulusLen {
		return nil, malformed("P2P-HS-9", fmt.Sprintf("client_verify of %d bytes for a %d-byte modulus", len(b), modulusLen))
	}
	return b, nil
}

// ParseFinished checks a Finished body: 32 bytes ([P2P-HS-11]).
func ParseFinished(b []byte) ([]byte, error) {
	if len(b) != FinishedLen {
		return nil, malformed("P2P-HS-11", fmt.Sprintf("finished of %d bytes", len(b)))
	}
	return b, nil
}

// ParseTicket checks a Ticket body: 1 to 65535 opaque bytes ([P2P-HS-10]).
func ParseTicket(b []byte) ([]byte, error) {
	if len(b) == 0 {
		return nil, malformed("P2P-HS-10", "empty ticket")
	}
	return b, nil
}

// ParseFailure checks a Failure body: one alert code ([P2P-HS-15]).
func ParseFailure(b []byte) (Alert, error) {
	if len(b) != 1 {
		return 0, malformed("P2P-HS-15", "failure of other than one byte")
	}
	return Alert(b[0]), nil
}

// ParseMessage splits the first handshake message off b: its type, body and the rest. It
// refuses a type outside 0x01–0x0F and a message that runs past b.
func ParseMessage(b []byte) (FrameType, []byte, []byte, error) {
	if len(b) < FrameHeaderLen {
		return 0, nil, nil, malformed("P2P-HS-2", "truncated message header")
	}
	t := FrameType(b[0])
	if !t.IsHandshake() {
		return 0, nil, nil, malformed("P2P-HS-2", "not a handshake message type")
	}
	n := int(binary.BigEndian.Uint16(b[1:]))
	if len(b)-FrameHeaderLen < n {
		return 0, nil, nil, malformed("P2P-HS-2", "truncated message")
	}
	return t, b[FrameHeaderLen : FrameHeaderLen+n], b[FrameHeaderLen+n:], nil
}
