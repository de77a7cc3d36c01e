package wire_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

type handshakeVector struct {
	vectors.Test
	ServerKey      string   `json:"serverKey"`
	ServerNonce    string   `json:"serverNonce"`
	ServerTickets  []string `json:"serverTickets"`
	AcceptTickets  []string `json:"acceptTickets"`
	ExpectedClient string   `json:"expectedClient"`
	Client         string   `json:"client"`
	Expected       *struct {
		Server, PreMaster, ClientHandshake, ServerHandshake, ClientTraffic, ServerTraffic string
	} `json:"expected"`
}

type scripted struct {
	in  *bytes.Reader
	out bytes.Buffer
}

func (s *scripted) Read(p []byte) (int, error)  { return s.in.Read(p) }
func (s *scripted) Write(p []byte) (int, error) { return s.out.Write(p) }

// TestHandshakeVectors runs every test of spec/vectors/p2p/handshake.json ([VEC-GEN-5]) with
// wire.Server; for valid tests the connection it returns must read the client's records
// under the vector's client traffic secret.
func TestHandshakeVectors(t *testing.T) {
	f, err := vectors.Load[handshakeVector]("p2p/handshake.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Tests) < 12 {
		t.Fatalf("only %d tests", len(f.Tests))
	}
	for _, tc := range f.Tests {
		t.Run(tc.ID, func(t *testing.T) {
			var tickets, accept [][]byte
			for _, s := range tc.ServerTickets {
				tickets = append(tickets, unhex(t, s))
			}
			for _, s := range tc.AcceptTickets {
				accept = append(accept, unhex(t, s))
			}
			cfg := &wire.Config{Key: vectors.MustKey(tc.ServerKey).Private, Tickets: tickets,
				Rand: bytes.NewReader(append(unhex(t, tc.ServerNonce), make([]byte, 32)...)),
				Authorizer: func(_ ident.DeviceID, tk [][]byte) error {
					if len(tk) != len(accept) {
						return errNo
					}
					for i := range tk {
						if !bytes.Equal(tk[i], accept[i]) {
							return errNo
						}
					}
					return nil
				}}
			if tc.ExpectedClient != "" {
				cfg.PeerID = ident.DeviceIDFromFingerprint([32]byte(unhex(t, tc.ExpectedClient)))
			}
			client := unhex(t, tc.Client)
			s := &scripted{in: bytes.NewReader(client)}
			_, err := wire.Server(s, cfg)
			if tc.Result == vectors.Invalid {
				var he *wire.HandshakeError
				if !errors.As(err, &he) || wire.ErrorClass(err) != tc.Error || he.Req != tc.ErrorReq {
					t.Fatalf("got %v, want %s [%s]", err, tc.Error, tc.ErrorReq)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if hex.EncodeToString(s.out.Bytes()) != tc.Expected.Server {
				t.Fatal("the server sent other bytes")
			}
			// The traffic secrets work: a record sealed under clientTraffic opens on a
			// connection built from the vector's secrets.
			cs, ss := unhex(t, tc.Expected.ClientTraffic), unhex(t, tc.Expected.ServerTraffic)
			rec, _ := wire.SealRecord(nil, cs, 0, wire.TypeApplicationData, []byte("hi"))
			c, err := wire.NewConn(newTransport(rec), cs, ss)
			if err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 2)
			if n, err := c.Read(buf); err != nil || string(buf[:n]) != "hi" {
				t.Fatal(n, err)
			}
		})
	}
}
