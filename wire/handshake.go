package wire

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/livemesh-spec/livemesh/ident"
)

// Authorizer judges the tickets a peer presented in its encrypted flight ([P2P-HS-10]). It
// is called only after the peer proved that it holds the key of peer (the client's
// signature, or the server's Finished), with the tickets as opaque bytes; a non-nil error
// refuses the peer. wire never reads a ticket itself.
type Authorizer func(peer ident.DeviceID, tickets [][]byte) error

// Config configures one side of a handshake.
type Config struct {
	// Key is the device key (RSA, 2048 to 4096 bits). Required.
	Key *rsa.PrivateKey
	// PeerID is the device ID the peer must have. Required for a client ([P2P-HS-7]); for
	// a server, the zero value accepts any device and leaves the decision to Authorizer.
	PeerID ident.DeviceID
	// Tickets are sent, in order, in this side's encrypted flight.
	Tickets [][]byte
	// RelayTickets are presented to the relay by JoinRelay; nil means Tickets.
	RelayTickets [][]byte
	// Authorizer judges the peer's tickets. Required.
	Authorizer Authorizer
	// Rand is the source of nonces and the pre-master secret; nil means crypto/rand.
	Rand io.Reader
	// Timeout bounds the whole handshake when the transport has deadlines; 0 means
	// DefaultHandshakeTimeout ([P2P-HS-16]).
	Timeout time.Duration
	// MaxTickets and MaxTicketBytes bound the tickets accepted from the peer; 0 means
	// DefaultMaxTickets and DefaultMaxTicketBytes ([P2P-HS-10]).
	MaxTickets     int
	MaxTicketBytes int
}

// Defaults of Config.
const (
	DefaultHandshakeTimeout = 10 * time.Second
	DefaultMaxTickets       = 8
	DefaultMaxTicketBytes   = 64 << 10
	// MaxClearMessage bounds the body of a cleartext handshake message ([P2P-HS-2]).
	MaxClearMessage = 2048
)

// Kinds of handshake errors: errors.Is(err, Kind) holds for a *HandshakeError of that kind.
var (
	ErrConfig       = errors.New("wire: invalid handshake configuration")
	ErrVersion      = errors.New("wire: no common version")
	ErrPeerKey      = errors.New("wire: the peer's public key is not acceptable")
	ErrPeerID       = errors.New("wire: the peer's key does not match its device ID")
	ErrUnexpectedID = errors.New("wire: the peer is not the expected device")
	ErrSignature    = errors.New("wire: the client's signature does not verify")
	ErrFinished     = errors.New("wire: the Finished MAC does not verify")
	ErrDecrypt      = errors.New("wire: the peer's encrypted flight does not authenticate")
	ErrUnauthorized = errors.New("wire: the authorizer refused the peer")
	ErrPeerFailure  = errors.New("wire: the peer reported a handshake failure")
	ErrUnexpected   = errors.New("wire: unexpected handshake message")
	ErrTooLarge     = errors.New("wire: handshake message or tickets over the limit")
	ErrTruncated    = errors.New("wire: the transport ended inside the handshake")
	ErrTimeout      = errors.New("wire: the handshake timed out")
)

// HandshakeError is every error Client and Server return: Kind is one of the Err* kinds
// above, Req the requirement that failed, Err an underlying error (the authorizer's, the
// transport's) or nil.
type HandshakeError struct {
	Req  string
	Kind error
	Msg  string
	Err  error
}

func (e *HandshakeError) Error() string {
	s := "wire: handshake [" + e.Req + "]: " + e.Kind.Error()
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the kind and the underlying error.
func (e *HandshakeError) Unwrap() []error {
	if e.Err != nil {
		return []error{e.Kind, e.Err}
	}
	return []error{e.Kind}
}

func hsErr(req string, kind error, msg string) *HandshakeError {
	return &HandshakeError{Req: req, Kind: kind, Msg: msg}
}

// hs is the state both roles share.
type hs struct {
	rw         io.ReadWriter
	cfg        *Config
	rand       io.Reader
	transcript []byte
	maxTickets int
	maxBytes   int
}

func newHS(rw io.ReadWriter, cfg *Config) (*hs, error) {
	if cfg == nil || cfg.Key == nil || cfg.Authorizer == nil {
		return nil, hsErr("P2P-HS-1", ErrConfig, "Key and Authorizer are required")
	}
	if b := cfg.Key.N.BitLen(); b < MinKeyBits || b > MaxKeyBits {
		return nil, hsErr("P2P-HS-6", ErrConfig, fmt.Sprintf("device key of %d bits", b))
	}
	for _, t := range append(append([][]byte(nil), cfg.Tickets...), cfg.RelayTickets...) {
		if len(t) == 0 || len(t) > MaxMessageBody {
			return nil, hsErr("P2P-HS-10", ErrConfig, "a ticket must be 1 to 65535 bytes")
		}
	}
	h := &hs{rw: rw, cfg: cfg, rand: cfg.Rand, maxTickets: cfg.MaxTickets, maxBytes: cfg.MaxTicketBytes}
	if h.rand == nil {
		h.rand = rand.Reader
	}
	if h.maxTickets <= 0 {
		h.maxTickets = DefaultMaxTickets
	}
	if h.maxBytes <= 0 {
		h.maxBytes = DefaultMaxTicketBytes
	}
	return h, nil
}

type deadliner interface{ SetDeadline(time.Time) error }

// withDeadline sets the handshake deadline on the transport when it has one, and clears it
// when f returns ([P2P-HS-16]).
func (h *hs) withDeadline(f func() (*Conn, error)) (*Conn, error) {
	d, ok := h.rw.(deadliner)
	if ok {
		t := h.cfg.Timeout
		if t <= 0 {
			t = DefaultHandshakeTimeout
		}
		d.SetDeadline(time.Now().Add(t))
	}
	c, err := f()
	if ok {
		d.SetDeadline(time.Time{})
	}
	if err != nil {
		if cl, ok := h.rw.(io.Closer); ok {
			cl.Close()
		}
	}
	return c, err
}

func (h *hs) ioErr(err error) error {
	var ne interface{ Timeout() bool }
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return &HandshakeError{Req: "P2P-HS-16", Kind: ErrTimeout, Err: err}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &HandshakeError{Req: "P2P-HS-2", Kind: ErrTruncated, Err: err}
	}
	return &HandshakeError{Req: "P2P-HS-2", Kind: ErrTruncated, Msg: "transport error", Err: err}
}

// writeClear sends one cleartext handshake message and adds it to the transcript.
func (h *hs) writeClear(t FrameType, body []byte) error {
	msg := AppendMessage(nil, t, body)
	h.transcript = append(h.transcript, msg...)
	if _, err := h.rw.Write(msg); err != nil {
		return h.ioErr(err)
	}
	return nil
}

// readClear reads one cleartext message of type want ([P2P-HS-2]): a Failure frame from
// the peer ends the handshake; any other type, or a body over MaxClearMessage bytes, is
// refused from the header alone.
func (h *hs) readClear(want FrameType) ([]byte, error) {
	var hdr [FrameHeaderLen]byte
	if _, err := io.ReadFull(h.rw, hdr[:]); err != nil {
		return nil, h.ioErr(err)
	}
	t, n := FrameType(hdr[0]), int(binary.BigEndian.Uint16(hdr[1:]))
	if t != want && t != TypeFailure {
		return nil, hsErr("P2P-HS-2", ErrUnexpected, fmt.Sprintf("%v where %v was expected", t, want))
	}
	if n > MaxClearMessage {
		return nil, hsErr("P2P-HS-2", ErrTooLarge, fmt.Sprintf("%d-byte %v", n, t))
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(h.rw, body); err != nil {
		return nil, h.ioErr(err)
	}
	if t == TypeFailure {
		a, err := ParseFailure(body)
		if err != nil {
			return nil, err
		}
		return nil, &HandshakeError{Req: "P2P-HS-15", Kind: ErrPeerFailure, Err: AlertError(a)}
	}
	h.transcript = append(h.transcript, hdr[:]...)
	h.transcript = append(h.transcript, body...)
	return body, nil
}

// fail sends a cleartext Failure (before the encrypted flights) and returns err.
func (h *hs) failClear(err error) error {
	var he *HandshakeError
	if errors.As(err, &he) && (he.Kind == ErrPeerFailure || he.Kind == ErrTimeout || he.Kind == ErrTruncated) {
		return err
	}
	h.rw.Write(AppendMessage(nil, TypeFailure, []byte{byte(AlertHandshakeFailure)}))
	return err
}

// failSealed sends a handshake_failure alert sealed under secret at seq and returns err.
func (h *hs) failSealed(secret []byte, seq uint64, err error) error {
	var he *HandshakeError
	if errors.As(err, &he) && (he.Kind == ErrPeerFailure || he.Kind == ErrTimeout || he.Kind == ErrTruncated) {
		return err
	}
	if rec, e := SealRecord(nil, secret, seq, TypeAlert, []byte{byte(AlertHandshakeFailure)}); e == nil {
		h.rw.Write(rec)
	}
	return err
}

func (h *hs) hash() []byte {
	s := sha256.Sum256(h.transcript)
	return s[:]
}

// sealFlight seals the encrypted flight msgs (handshake messages, concatenated) into
// application_data records under secret from sequence number 0 ([P2P-HS-13]).
func sealFlight(secret, msgs []byte) []byte {
	var out []byte
	var seq uint64
	for len(msgs) > 0 {
		n := min(len(msgs), MaxPlaintext)
		var err error
		out, err = SealRecord(out, secret, seq, TypeApplicationData, msgs[:n])
		if err != nil {
			panic("wire: sealing a handshake flight: " + err.Error())
		}
		msgs = msgs[n:]
		seq++
	}
	return out
}

// flightReader reads the peer's encrypted flight: records under secret from sequence 0.
type flightReader struct {
	h      *hs
	secret []byte
	seq    uint64
	buf    []byte // plaintext not yet parsed
	total  int    // plaintext bytes received
	limit  int
}

// next returns the next handshake message of the encrypted flight.
func (f *flightReader) next() (FrameType, []byte, error) {
	for {
		if t, body, rest, err := ParseMessage(f.buf); err == nil {
			f.buf = rest
			return t, body, nil
		} else if len(f.buf) >= FrameHeaderLen && !FrameType(f.buf[0]).IsHandshake() {
			return 0, nil, err
		}
		if err := f.readRecord(); err != nil {
			return 0, nil, err
		}
	}
}

func (f *flightReader) readRecord() error {
	var hdr [FrameHeaderLen]byte
	if _, err := io.ReadFull(f.h.rw, hdr[:]); err != nil {
		return f.h.ioErr(err)
	}
	fh, err := ParseFrameHeader(hdr[:])
	if err != nil || !fh.Type.IsRecord() {
		return hsErr("P2P-HS-13", ErrDecrypt, "not a record")
	}
	rec := make([]byte, FrameHeaderLen+fh.Length)
	copy(rec, hdr[:])
	if _, err := io.ReadFull(f.h.rw, rec[FrameHeaderLen:]); err != nil {
		return f.h.ioErr(err)
	}
	t, pt, err := OpenRecord(f.secret, f.seq, rec)
	if err != nil {
		return &HandshakeError{Req: "P2P-HS-13", Kind: ErrDecrypt, Err: err}
	}
	f.seq++
	switch t {
	case TypeAlert:
		return &HandshakeError{Req: "P2P-HS-15", Kind: ErrPeerFailure, Err: AlertError(pt[0])}
	case TypeApplicationData:
	default:
		return hsErr("P2P-HS-13", ErrUnexpected, "key_update in a handshake flight")
	}
	f.total += len(pt)
	if f.total > f.limit {
		return hsErr("P2P-HS-10", ErrTooLarge, "encrypted flight over the limit")
	}
	f.buf = append(f.buf, pt...)
	return nil
}

// readTickets reads Ticket messages until a message of another type, which it returns.
func (h *hs) readTickets(f *flightReader) ([][]byte, FrameType, []byte, error) {
	var tickets [][]byte
	n := 0
	for {
		t, body, err := f.next()
		if err != nil {
			return nil, 0, nil, err
		}
		if t != TypeTicket {
			return tickets, t, body, nil
		}
		if _, err := ParseTicket(body); err != nil {
			return nil, 0, nil, err
		}
		n += len(body)
		if len(tickets) == h.maxTickets || n > h.maxBytes {
			return nil, 0, nil, hsErr("P2P-HS-10", ErrTooLarge, "too many tickets")
		}
		h.transcript = AppendMessage(h.transcript, t, body)
		tickets = append(tickets, append([]byte(nil), body...))
	}
}

// appendTickets appends this side's Ticket messages to the transcript and to msgs.
func (h *hs) appendTickets(msgs []byte) ([]byte, error) {
	for _, t := range h.cfg.Tickets {
		if len(t) == 0 || len(t) > MaxMessageBody {
			return nil, hsErr("P2P-HS-10", ErrConfig, "a ticket must be 1 to 65535 bytes")
		}
		start := len(msgs)
		msgs = AppendMessage(msgs, TypeTicket, t)
		h.transcript = append(h.transcript, msgs[start:]...)
	}
	return msgs, nil
}

// checkPeerKey parses a hello's public key and checks it against the claimed device ID
// and the expected one, in the order of [P2P-HS-14].
func checkPeerKey(spki []byte, claimed [DeviceIDLen]byte, expected ident.DeviceID) (*rsa.PublicKey, ident.DeviceID, error) {
	pk, err := x509.ParsePKIXPublicKey(spki)
	if err != nil {
		return nil, ident.DeviceID{}, &HandshakeError{Req: "P2P-HS-6", Kind: ErrPeerKey, Err: err}
	}
	rk, ok := pk.(*rsa.PublicKey)
	if !ok {
		return nil, ident.DeviceID{}, hsErr("P2P-HS-6", ErrPeerKey, fmt.Sprintf("%T key", pk))
	}
	if b := rk.N.BitLen(); b < MinKeyBits || b > MaxKeyBits {
		return nil, ident.DeviceID{}, hsErr("P2P-HS-6", ErrPeerKey, fmt.Sprintf("%d-bit key", b))
	}
	id, err := ident.DeviceIDFromSPKI(spki)
	if err != nil {
		return nil, ident.DeviceID{}, &HandshakeError{Req: "P2P-HS-6", Kind: ErrPeerKey, Err: err}
	}
	if id.Fingerprint() != claimed {
		return nil, ident.DeviceID{}, hsErr("P2P-HS-6", ErrPeerID, "the hello's device ID is not its key's")
	}
	if !expected.IsZero() && id != expected {
		return nil, ident.DeviceID{}, hsErr("P2P-HS-7", ErrUnexpectedID, "got "+id.String())
	}
	return rk, id, nil
}

func ownIdentity(key *rsa.PrivateKey) ([]byte, [DeviceIDLen]byte, error) {
	spki, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, [DeviceIDLen]byte{}, &HandshakeError{Req: "P2P-HS-1", Kind: ErrConfig, Err: err}
	}
	return spki, sha256.Sum256(spki), nil
}

// ErrorClass returns the error class of spec/p2p.md §17 for a handshake error ("" for nil,
// "other" for an error that is not a handshake error), as the vectors name it.
func ErrorClass(err error) string {
	if err == nil {
		return ""
	}
	for _, k := range []struct {
		kind  error
		class string
	}{{ErrVersion, "version"}, {ErrPeerKey, "peer-key"}, {ErrPeerID, "peer-id"},
		{ErrUnexpectedID, "unexpected-id"}, {ErrSignature, "signature"}, {ErrFinished, "finished"},
		{ErrDecrypt, "decrypt"}, {ErrUnauthorized, "unauthorized"}, {ErrUnexpected, "unexpected-message"},
		{ErrTooLarge, "too-large"}, {ErrMalformed, "malformed"}, {ErrTruncated, "truncated"},
		{ErrTimeout, "timeout"}, {ErrPeerFailure, "peer-failure"}, {ErrConfig, "config"}, {ErrRelay, "relay"}} {
		if errors.Is(err, k.kind) {
			return k.class
		}
	}
	return "other"
}
