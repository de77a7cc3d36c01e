package conformance

import (
	"bytes"
	"encoding/hex"
	"errors"
	"io/fs"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

func init() { checkers["p2p-handshake.v1.schema.json"] = checkP2PHandshake }

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

// checkP2PHandshake runs wire.Server over each test's client stream and compares what it
// sends, or its error class and rule, with the test's.
func checkP2PHandshake(_ fs.FS, data []byte) ([]Failure, int, error) {
	f, err := vectors.Decode[p2pHandshakeTest](data)
	if err != nil {
		return nil, 0, err
	}
	var fails []Failure
	for i := range f.Tests {
		tc := &f.Tests[i]
		if msg := runP2PHandshakeTest(tc); msg != "" {
			fails = append(fails, Failure{tc.ID, msg})
		}
	}
	return fails, len(f.Tests), nil
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

func runP2PHandshakeTest(tc *p2pHandshakeTest) string {
	key, err := vectors.Key(tc.ServerKey)
	if err != nil {
		return err.Error()
	}
	nonce, err1 := hex.DecodeString(tc.ServerNonce)
	client, err2 := hex.DecodeString(tc.Client)
	st, err3 := unhexAll(tc.ServerTickets)
	accept, err4 := unhexAll(tc.AcceptTickets)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return err.Error()
	}
	cfg := &wire.Config{Key: key.Private, Tickets: st,
		Rand: bytes.NewReader(append(nonce, make([]byte, 32)...)),
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
	if tc.ExpectedClient != "" {
		fp, err := hex.DecodeString(tc.ExpectedClient)
		if err != nil || len(fp) != 32 {
			return "expectedClient"
		}
		cfg.PeerID = ident.DeviceIDFromFingerprint([32]byte(fp))
	}
	s := &p2pStream{in: bytes.NewReader(client)}
	_, err = wire.Server(s, cfg)
	if tc.Result == vectors.Invalid {
		var he *wire.HandshakeError
		if err == nil {
			return "accepted, want " + tc.Error
		}
		if !errors.As(err, &he) || wire.ErrorClass(err) != tc.Error || he.Req != tc.ErrorReq {
			return "got " + err.Error() + ", want " + tc.Error + " [" + tc.ErrorReq + "]"
		}
		return ""
	}
	if err != nil {
		return "refused: " + err.Error()
	}
	if tc.Expected == nil || hex.EncodeToString(s.out.Bytes()) != tc.Expected.Server {
		return "the server sent other bytes"
	}
	return ""
}
