package conformance

import (
	"bytes"
	"crypto/rsa"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

func init() { opCheckers["p2p-handshake.v1.schema.json"] = checkP2PHandshake }

// p2pHandshakeTest is one test of p2p/handshake.json (schema p2p-handshake.v1.schema.json).
type p2pHandshakeTest struct {
	vectors.Test
	ServerKey      string   `json:"serverKey"`
	ServerNonce    string   `json:"serverNonce"`
	ServerTickets  []string `json:"serverTickets"`
	AcceptTickets  []string `json:"acceptTickets"`
	ExpectedClient string   `json:"expectedClient"`
	Client         string   `json:"client"`
	Expected       *struct {
		Server string `json:"server"`
	} `json:"expected"`
}

// HandshakeImpl is the server side of an implementation's P2P handshake (spec/p2p.md §9–§13;
// the shim's p2p.handshake.serve operation).
type HandshakeImpl interface {
	// ServeHandshake runs the server side over the client's bytes and returns every byte the
	// server sent, or a *Refusal naming the error class (wire.ErrorClass's names) and the
	// first rule that fails, or ErrUnimplemented.
	ServeHandshake(h ServerHandshake) ([]byte, error)
	// ParseHandshake parses one whole handshake or relay message (type, length, body;
	// nothing before or after it) by its layout alone and returns its type and fields, or a
	// *Refusal naming the error class ("malformed", "too-large") and the rule, or
	// ErrUnimplemented (the shim's p2p.handshake.parse). modulusLen is the byte length of
	// the RSA modulus that a key_exchange or client_verify body must have.
	ParseHandshake(msg []byte, modulusLen int) (*HandshakeMessage, error)
}

// ServerHandshake is the input of one server-side handshake.
type ServerHandshake struct {
	Key           *rsa.PrivateKey // the server's device key
	Nonce         []byte          // the server's 32-byte nonce: its first random bytes
	Tickets       [][]byte        // the tickets the server presents
	AcceptTickets [][]byte        // the client's tickets the server accepts (exactly these, in order)
	PeerID        *ident.DeviceID // when set, the only client the server accepts
	Client        []byte          // everything the client sends
}

// checkP2PHandshake runs impl's server over each test's client stream and compares what it
// sends, or its error class and rule, with the test's.
func checkP2PHandshake(impl Impl, _ fs.FS, data []byte) ([]Failure, int, error) {
	return checkTests(impl, data, func(tc *p2pHandshakeTest) (string, string) { return tc.ID, "p2p.handshake.serve" },
		func(name string, a HandshakeImpl, tc *p2pHandshakeTest) ([]string, error) {
			return one(runP2PHandshakeTest(name, a, tc))
		})
}

type p2pStream struct {
	in  *bytes.Reader
	out bytes.Buffer
}

func (s *p2pStream) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s *p2pStream) Write(p []byte) (int, error) { return s.out.Write(p) }

func unhexAll(ss []string) ([][]byte, error) {
	var out [][]byte
	for _, s := range ss {
		b, err := hex.DecodeString(s)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func runP2PHandshakeTest(name string, impl HandshakeImpl, tc *p2pHandshakeTest) (string, error) {
	key, err := vectors.Key(tc.ServerKey)
	if err != nil {
		return err.Error(), nil
	}
	nonce, err1 := hex.DecodeString(tc.ServerNonce)
	client, err2 := hex.DecodeString(tc.Client)
	st, err3 := unhexAll(tc.ServerTickets)
	accept, err4 := unhexAll(tc.AcceptTickets)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return err.Error(), nil
	}
	h := ServerHandshake{Key: key.Private, Nonce: nonce, Tickets: st, AcceptTickets: accept, Client: client}
	if tc.ExpectedClient != "" {
		fp, err := hex.DecodeString(tc.ExpectedClient)
		if err != nil || len(fp) != 32 {
			return "expectedClient", nil
		}
		id := ident.DeviceIDFromFingerprint([32]byte(fp))
		h.PeerID = &id
	}
	sent, err := impl.ServeHandshake(h)
	if errors.Is(err, ErrUnimplemented) {
		return "", fmt.Errorf("%w: %s: P2P handshake server", ErrUnimplemented, name)
	}
	if tc.Result == vectors.Invalid {
		var r *Refusal
		if err == nil {
			return name + " accepted, want " + tc.Error, nil
		}
		if !errors.As(err, &r) || r.Class != tc.Error || r.Req != tc.ErrorReq {
			return name + " got " + err.Error() + ", want " + tc.Error + " [" + tc.ErrorReq + "]", nil
		}
		return "", nil
	}
	if err != nil {
		return name + " refused: " + err.Error(), nil
	}
	if tc.Expected == nil || hex.EncodeToString(sent) != tc.Expected.Server {
		return "the server sent other bytes", nil
	}
	return "", nil
}

// ServeHandshake runs wire.Server.
func (Reference) ServeHandshake(h ServerHandshake) ([]byte, error) {
	accept := h.AcceptTickets
	cfg := &wire.Config{Key: h.Key, Tickets: h.Tickets,
		Rand: bytes.NewReader(append(append([]byte(nil), h.Nonce...), make([]byte, 32)...)),
		Authorizer: func(_ ident.DeviceID, tk [][]byte) error {
			if len(tk) != len(accept) {
				return errors.New("refused")
			}
			for i := range tk {
				if !bytes.Equal(tk[i], accept[i]) {
					return errors.New("refused")
				}
			}
			return nil
		}}
	if h.PeerID != nil {
		cfg.PeerID = *h.PeerID
	}
	s := &p2pStream{in: bytes.NewReader(h.Client)}
	_, err := wire.Server(s, cfg)
	var he *wire.HandshakeError
	if errors.As(err, &he) {
		return nil, &Refusal{Class: wire.ErrorClass(err), Req: he.Req, Msg: err.Error()}
	}
	if err != nil {
		return nil, err
	}
	return s.out.Bytes(), nil
}
