package wire_test

import (
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"io"
	"net"
	"testing"

	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

// scriptServer answers a client by hand from the exported pieces; extra is appended to its
// encrypted flight after the Finished.
func scriptServer(rw io.ReadWriter, extra []byte) error {
	kb := vectors.MustKey(vectors.KeyDeviceB)
	_, chb, chraw, err := readMsg(rw)
	if err != nil {
		return err
	}
	ch, err := wire.ParseClientHello(chb)
	if err != nil {
		return err
	}
	sh := &wire.ServerHello{Version: wire.Version1, DeviceID: sha256.Sum256(kb.SPKI), SPKI: kb.SPKI}
	shraw := wire.AppendMessage(nil, wire.TypeServerHello, sh.Marshal())
	rw.Write(shraw)
	_, kxb, kxraw, err := readMsg(rw)
	if err != nil {
		return err
	}
	pms, err := rsa.DecryptOAEP(sha256.New(), nil, kb.Private, kxb, []byte(wire.OAEPLabel))
	if err != nil {
		return err
	}
	tr := append(append(append([]byte{}, chraw...), shraw...), kxraw...)
	h1 := sha256.Sum256(tr)
	ks := wire.NewSchedule(pms, ch.Nonce[:], sh.Nonce[:], h1[:])
	// The client's flight: one record here (tickets, signature, Finished).
	_, _, rec, err := readMsg(rw)
	if err != nil {
		return err
	}
	_, pt, err := wire.OpenRecord(ks.ClientHandshake, 0, rec)
	if err != nil {
		return err
	}
	tr = append(tr, pt...)
	msgs := wire.AppendMessage(nil, wire.TypeTicket, []byte("ticket of B"))
	tr = append(tr, msgs...)
	h := sha256.Sum256(tr)
	msgs = wire.AppendMessage(msgs, wire.TypeFinished, wire.FinishedMAC(ks.ServerHandshake, h[:]))
	msgs = append(msgs, extra...)
	out, _ := wire.SealRecord(nil, ks.ServerHandshake, 0, wire.TypeApplicationData, msgs)
	_, err = rw.Write(out)
	return err
}

func TestHandshakeScriptedServer(t *testing.T) {
	for _, tc := range []struct {
		name  string
		extra []byte
		kind  error
	}{
		{"[P2P-HS-14] a hand-made server is accepted", nil, nil},
		{"[P2P-HS-13] a message after the server's Finished", wire.AppendMessage(nil, wire.TypeTicket, []byte("late")), wire.ErrUnexpected},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cc, _, _, _ := configs(t)
			cr, sr := net.Pipe()
			go func() {
				scriptServer(sr, tc.extra)
				io.Copy(io.Discard, sr)
			}()
			c, err := wire.Client(cr, cc)
			sr.Close()
			if tc.kind == nil {
				if err != nil {
					t.Fatal(err)
				}
				_ = c
				return
			}
			var he *wire.HandshakeError
			if !errors.Is(err, tc.kind) || !errors.As(err, &he) || he.Req != "P2P-HS-13" {
				t.Fatal(err)
			}
		})
	}
}
