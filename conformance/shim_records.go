package conformance

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/livemesh-spec/livemesh/wire"
)

// errBadArgs marks a request whose args do not decode: a broken harness, not a refusal.
var errBadArgs = errors.New("bad args")

// shimOp serves one operation of an area interface on the shim's side.
type shimOp struct {
	offered func(Impl) bool
	serve   func(impl Impl, args json.RawMessage) (any, error)
}

func isRecords(impl Impl) bool { _, ok := impl.(RecordsImpl); return ok }

// unhexArgs decodes hexadecimal members, naming the first that is not hexadecimal.
func unhexArgs(fields map[string]string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for name, v := range fields {
		b, err := hex.DecodeString(v)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", errBadArgs, name, err)
		}
		out[name] = b
	}
	return out, nil
}

// recordArgs are the inputs of the p2p record operations; seq is a decimal string, as in the
// vectors, since it may exceed 2^53.
type recordArgs struct {
	SecretHex    string `json:"secretHex"`
	Seq          string `json:"seq,omitempty"`
	Type         int    `json:"type,omitempty"`
	PlaintextHex string `json:"plaintextHex,omitempty"`
	RecordHex    string `json:"recordHex,omitempty"`
	StreamHex    string `json:"streamHex,omitempty"`
}

type recordKeysAnswer struct {
	EncKeyHex     string `json:"encKeyHex"`
	IVHex         string `json:"ivHex"`
	MACKeyHex     string `json:"macKeyHex"`
	NextSecretHex string `json:"nextSecretHex"`
}

type recordAnswer struct {
	RecordHex    string `json:"recordHex,omitempty"`
	Type         int    `json:"type,omitempty"`
	PlaintextHex string `json:"plaintextHex,omitempty"`
	DataHex      string `json:"dataHex,omitempty"`
}

func decodeRecordArgs(raw json.RawMessage) (recordArgs, map[string][]byte, uint64, error) {
	var a recordArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return a, nil, 0, fmt.Errorf("%w: %v", errBadArgs, err)
	}
	b, err := unhexArgs(map[string]string{"secretHex": a.SecretHex, "plaintextHex": a.PlaintextHex,
		"recordHex": a.RecordHex, "streamHex": a.StreamHex})
	if err != nil {
		return a, nil, 0, err
	}
	var seq uint64
	if a.Seq != "" {
		if seq, err = strconv.ParseUint(a.Seq, 10, 64); err != nil {
			return a, nil, 0, fmt.Errorf("%w: seq: %v", errBadArgs, err)
		}
	}
	return a, b, seq, nil
}

var shimOps = map[string]shimOp{
	"p2p.derive": {isRecords, func(impl Impl, raw json.RawMessage) (any, error) {
		_, b, _, err := decodeRecordArgs(raw)
		if err != nil {
			return nil, err
		}
		k, err := impl.(RecordsImpl).DeriveKeys(b["secretHex"])
		if err != nil {
			return nil, err
		}
		return recordKeysAnswer{hex.EncodeToString(k.Enc), hex.EncodeToString(k.IV), hex.EncodeToString(k.MAC), hex.EncodeToString(k.NextSecret)}, nil
	}},
	"p2p.seal": {isRecords, func(impl Impl, raw json.RawMessage) (any, error) {
		a, b, seq, err := decodeRecordArgs(raw)
		if err != nil {
			return nil, err
		}
		rec, err := impl.(RecordsImpl).SealRecord(b["secretHex"], seq, a.Type, b["plaintextHex"])
		if err != nil {
			return nil, err
		}
		return recordAnswer{RecordHex: hex.EncodeToString(rec)}, nil
	}},
	"p2p.open": {isRecords, func(impl Impl, raw json.RawMessage) (any, error) {
		_, b, seq, err := decodeRecordArgs(raw)
		if err != nil {
			return nil, err
		}
		typ, pt, err := impl.(RecordsImpl).OpenRecord(b["secretHex"], seq, b["recordHex"])
		if err != nil {
			return nil, err
		}
		return recordAnswer{Type: typ, PlaintextHex: hex.EncodeToString(pt)}, nil
	}},
	"p2p.stream": {isRecords, func(impl Impl, raw json.RawMessage) (any, error) {
		_, b, _, err := decodeRecordArgs(raw)
		if err != nil {
			return nil, err
		}
		d, err := impl.(RecordsImpl).OpenStream(b["secretHex"], b["streamHex"])
		if err != nil {
			return nil, err
		}
		return recordAnswer{DataHex: hex.EncodeToString(d)}, nil
	}},
}

// unhexAnswer decodes a hexadecimal member of an answer.
func unhexAnswer(op, name, v string) ([]byte, error) {
	b, err := hex.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("shim: %s: %s: %v", op, name, err)
	}
	return b, nil
}

// DeriveKeys forwards p2p.derive.
func (c *ShimClient) DeriveKeys(secret []byte) (RecordKeys, error) {
	var a recordKeysAnswer
	if err := c.callArgs("p2p.derive", recordArgs{SecretHex: hex.EncodeToString(secret)}, &a); err != nil {
		return RecordKeys{}, err
	}
	var k RecordKeys
	var errs [4]error
	k.Enc, errs[0] = unhexAnswer("p2p.derive", "encKeyHex", a.EncKeyHex)
	k.IV, errs[1] = unhexAnswer("p2p.derive", "ivHex", a.IVHex)
	k.MAC, errs[2] = unhexAnswer("p2p.derive", "macKeyHex", a.MACKeyHex)
	k.NextSecret, errs[3] = unhexAnswer("p2p.derive", "nextSecretHex", a.NextSecretHex)
	return k, errors.Join(errs[:]...)
}

// SealRecord forwards p2p.seal.
func (c *ShimClient) SealRecord(secret []byte, seq uint64, typ int, plaintext []byte) ([]byte, error) {
	var a recordAnswer
	if err := c.callArgs("p2p.seal", recordArgs{SecretHex: hex.EncodeToString(secret), Seq: strconv.FormatUint(seq, 10),
		Type: typ, PlaintextHex: hex.EncodeToString(plaintext)}, &a); err != nil {
		return nil, err
	}
	return unhexAnswer("p2p.seal", "recordHex", a.RecordHex)
}

// OpenRecord forwards p2p.open.
func (c *ShimClient) OpenRecord(secret []byte, seq uint64, record []byte) (int, []byte, error) {
	var a recordAnswer
	if err := c.callArgs("p2p.open", recordArgs{SecretHex: hex.EncodeToString(secret), Seq: strconv.FormatUint(seq, 10),
		RecordHex: hex.EncodeToString(record)}, &a); err != nil {
		return 0, nil, err
	}
	pt, err := unhexAnswer("p2p.open", "plaintextHex", a.PlaintextHex)
	return a.Type, pt, err
}

// OpenStream forwards p2p.stream.
func (c *ShimClient) OpenStream(secret, stream []byte) ([]byte, error) {
	var a recordAnswer
	if err := c.callArgs("p2p.stream", recordArgs{SecretHex: hex.EncodeToString(secret), StreamHex: hex.EncodeToString(stream)}, &a); err != nil {
		return nil, err
	}
	return unhexAnswer("p2p.stream", "dataHex", a.DataHex)
}

// HandshakeMessage is one handshake or relay message as p2p.handshake.parse reports it
// (spec/p2p.md §13, §20): its type and the fields its type has; the others are empty.
type HandshakeMessage struct {
	Type      int      // the message type, 0x01–0x0B
	Versions  []int    // client_hello: the versions offered, in order; server_hello, relay_challenge, relay_join: the one version
	Nonce     []byte   // client_hello, server_hello, relay_challenge
	DeviceID  []byte   // client_hello, server_hello, relay_join: the sender's device ID (its 32-byte fingerprint)
	PeerID    []byte   // relay_join, relay_paired: the peer's 32-byte fingerprint
	Key       []byte   // client_hello, server_hello, relay_join: the DER SubjectPublicKeyInfo
	Tickets   [][]byte // relay_join
	Body      []byte   // key_exchange, client_verify, finished, ticket: the opaque body
	Signature []byte   // relay_join
	Code      *int     // failure, relay_error: the code byte
	Role      *int     // relay_paired: the role byte
}

// handshakeParseArgs are the inputs of p2p.handshake.parse.
type handshakeParseArgs struct {
	MessageHex string `json:"messageHex"`
	ModulusLen int    `json:"modulusLen,omitempty"`
}

// handshakeMessageAnswer is the answer of p2p.handshake.parse.
type handshakeMessageAnswer struct {
	Type         int      `json:"type"`
	Versions     []int    `json:"versions,omitempty"`
	NonceHex     string   `json:"nonceHex,omitempty"`
	DeviceIDHex  string   `json:"deviceIdHex,omitempty"`
	PeerIDHex    string   `json:"peerIdHex,omitempty"`
	KeyHex       string   `json:"keyHex,omitempty"`
	TicketsHex   []string `json:"ticketsHex,omitempty"`
	BodyHex      string   `json:"bodyHex,omitempty"`
	SignatureHex string   `json:"signatureHex,omitempty"`
	Code         *int     `json:"code,omitempty"`
	Role         *int     `json:"role,omitempty"`
}

func init() {
	shimOps["p2p.handshake.parse"] = shimOp{
		offered: func(impl Impl) bool { _, ok := impl.(HandshakeImpl); return ok },
		serve: func(impl Impl, raw json.RawMessage) (any, error) {
			var a handshakeParseArgs
			if err := json.Unmarshal(raw, &a); err != nil {
				return nil, fmt.Errorf("%w: %v", errBadArgs, err)
			}
			b, err := unhexArgs(map[string]string{"messageHex": a.MessageHex})
			if err != nil {
				return nil, err
			}
			m, err := impl.(HandshakeImpl).ParseHandshake(b["messageHex"], a.ModulusLen)
			if err != nil {
				return nil, err
			}
			if m == nil {
				return nil, errors.New("p2p.handshake.parse: no message and no error")
			}
			return handshakeMessageAnswer{Type: m.Type, Versions: m.Versions, NonceHex: hex.EncodeToString(m.Nonce),
				DeviceIDHex: hex.EncodeToString(m.DeviceID), PeerIDHex: hex.EncodeToString(m.PeerID), KeyHex: hex.EncodeToString(m.Key),
				TicketsHex: hexList(m.Tickets), BodyHex: hex.EncodeToString(m.Body), SignatureHex: hex.EncodeToString(m.Signature),
				Code: m.Code, Role: m.Role}, nil
		},
	}
}

// ParseHandshake forwards p2p.handshake.parse.
func (c *ShimClient) ParseHandshake(msg []byte, modulusLen int) (*HandshakeMessage, error) {
	var a handshakeMessageAnswer
	if err := c.callArgs("p2p.handshake.parse", handshakeParseArgs{MessageHex: hex.EncodeToString(msg), ModulusLen: modulusLen}, &a); err != nil {
		return nil, err
	}
	const op = "p2p.handshake.parse"
	m := &HandshakeMessage{Type: a.Type, Versions: a.Versions, Code: a.Code, Role: a.Role}
	var errs [6]error
	m.Nonce, errs[0] = unhexAnswer(op, "nonceHex", a.NonceHex)
	m.DeviceID, errs[1] = unhexAnswer(op, "deviceIdHex", a.DeviceIDHex)
	m.PeerID, errs[2] = unhexAnswer(op, "peerIdHex", a.PeerIDHex)
	m.Key, errs[3] = unhexAnswer(op, "keyHex", a.KeyHex)
	m.Body, errs[4] = unhexAnswer(op, "bodyHex", a.BodyHex)
	m.Signature, errs[5] = unhexAnswer(op, "signatureHex", a.SignatureHex)
	for i, t := range a.TicketsHex {
		b, err := unhexAnswer(op, fmt.Sprintf("ticketsHex[%d]", i), t)
		if err != nil {
			return nil, err
		}
		m.Tickets = append(m.Tickets, b)
	}
	if err := errors.Join(errs[:]...); err != nil {
		return nil, err
	}
	return m, nil
}

// isClearMessage reports whether a handshake message of type t travels in cleartext on the
// device-to-device stream, where [P2P-HS-2] bounds its body by wire.MaxClearMessage.
func isClearMessage(t wire.FrameType) bool {
	switch t {
	case wire.TypeClientHello, wire.TypeServerHello, wire.TypeKeyExchange, wire.TypeFailure:
		return true
	}
	return false
}

// ParseHandshake parses one message with package wire's message parsers, in this order:
// a whole header, a type of 0x01–0x0B, a cleartext message's body length of at most
// wire.MaxClearMessage (decided from the header, as a connection does), the input is exactly
// the message (all [P2P-HS-2]), then the body's layout by the parser of its type.
func (Reference) ParseHandshake(msg []byte, modulusLen int) (*HandshakeMessage, error) {
	refuse := func(class, msg string) error { return &Refusal{Class: class, Req: "P2P-HS-2", Msg: msg} }
	if len(msg) < wire.FrameHeaderLen {
		return nil, refuse("malformed", "truncated message header")
	}
	t, n := wire.FrameType(msg[0]), int(binary.BigEndian.Uint16(msg[1:]))
	switch {
	case t < wire.TypeClientHello || t > wire.TypeRelayError:
		return nil, refuse("malformed", fmt.Sprintf("%v is not a handshake or relay message", t))
	case isClearMessage(t) && n > wire.MaxClearMessage:
		return nil, refuse("too-large", fmt.Sprintf("%d-byte cleartext message", n))
	case len(msg)-wire.FrameHeaderLen < n:
		return nil, refuse("malformed", "truncated message")
	case len(msg)-wire.FrameHeaderLen > n:
		return nil, refuse("malformed", "bytes after the message")
	}
	body := msg[wire.FrameHeaderLen:]
	m := &HandshakeMessage{Type: int(t)}
	intp := func(v int) *int { return &v }
	var err error
	switch t {
	case wire.TypeClientHello:
		var h *wire.ClientHello
		if h, err = wire.ParseClientHello(body); err == nil {
			for _, v := range h.Versions {
				m.Versions = append(m.Versions, int(v))
			}
			m.Nonce, m.DeviceID, m.Key = h.Nonce[:], h.DeviceID[:], h.SPKI
		}
	case wire.TypeServerHello:
		var h *wire.ServerHello
		if h, err = wire.ParseServerHello(body); err == nil {
			m.Versions, m.Nonce, m.DeviceID, m.Key = []int{int(h.Version)}, h.Nonce[:], h.DeviceID[:], h.SPKI
		}
	case wire.TypeKeyExchange:
		m.Body, err = wire.ParseKeyExchange(body, modulusLen)
	case wire.TypeTicket:
		m.Body, err = wire.ParseTicket(body)
	case wire.TypeClientVerify:
		m.Body, err = wire.ParseClientVerify(body, modulusLen)
	case wire.TypeFinished:
		m.Body, err = wire.ParseFinished(body)
	case wire.TypeFailure:
		var a wire.Alert
		if a, err = wire.ParseFailure(body); err == nil {
			m.Code = intp(int(a))
		}
	case wire.TypeRelayChallenge:
		var c *wire.RelayChallenge
		if c, err = wire.ParseRelayChallenge(body); err == nil {
			m.Versions, m.Nonce = []int{int(c.Version)}, c.Nonce[:]
		}
	case wire.TypeRelayJoin:
		var j *wire.RelayJoin
		if j, err = wire.ParseRelayJoin(body); err == nil {
			m.Versions, m.PeerID, m.DeviceID, m.Key, m.Tickets, m.Signature = []int{int(j.Version)}, j.PeerID[:], j.DeviceID[:], j.SPKI, j.Tickets, j.Signature
		}
	case wire.TypeRelayPaired:
		var p *wire.RelayPaired
		if p, err = wire.ParseRelayPaired(body); err == nil {
			m.Role, m.PeerID = intp(int(p.Role)), p.PeerID[:]
		}
	case wire.TypeRelayError:
		var c wire.RelayErrorCode
		if c, err = wire.ParseRelayError(body); err == nil {
			m.Code = intp(int(c))
		}
	}
	var he *wire.HandshakeError
	if errors.As(err, &he) {
		return nil, &Refusal{Class: wire.ErrorClass(err), Req: he.Req, Msg: err.Error()}
	}
	if err != nil {
		return nil, err
	}
	if m.Body != nil {
		m.Body = append([]byte(nil), m.Body...)
	}
	return m, nil
}
