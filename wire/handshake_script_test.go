package wire_test

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"io"
	"net"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

// script is a hand-written client built from the exported messages and key schedule, which
// can break one thing on purpose.
type script struct {
	badSig, badFinished, wrongLabel, extraAfterFinished bool
}

func readMsg(r io.Reader) (wire.FrameType, []byte, []byte, error) {
	hdr := make([]byte, 3)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return 0, nil, nil, err
	}
	body := make([]byte, int(hdr[1])<<8|int(hdr[2]))
	if _, err := io.ReadFull(r, body); err != nil {
		return 0, nil, nil, err
	}
	return wire.FrameType(hdr[0]), body, append(hdr, body...), nil
}

func (s script) run(t *testing.T, rw io.ReadWriter, a device) error {
	k := vectors.MustKey(vectors.KeyDeviceA)
	ch := &wire.ClientHello{Versions: []uint16{wire.Version1}, DeviceID: sha256.Sum256(k.SPKI), SPKI: k.SPKI}
	ch.Nonce[0] = 1
	var tr []byte
	tr = wire.AppendMessage(tr, wire.TypeClientHello, ch.Marshal())
	rw.Write(tr)
	typ, body, raw, err := readMsg(rw)
	if err != nil || typ != wire.TypeServerHello {
		return errors.New("no server hello")
	}
	tr = append(tr, raw...)
	sh, err := wire.ParseServerHello(body)
	if err != nil {
		return err
	}
	skey := vectors.MustKey(vectors.KeyDeviceB).Public()
	pms := make([]byte, 32)
	label := wire.OAEPLabel
	if s.wrongLabel {
		label = "another label"
	}
	ct, _ := rsa.EncryptOAEP(sha256.New(), rand.Reader, skey, pms, []byte(label))
	kx := wire.AppendMessage(nil, wire.TypeKeyExchange, ct)
	tr = append(tr, kx...)
	rw.Write(kx)
	h1 := sha256.Sum256(tr)
	ks := wire.NewSchedule(pms, ch.Nonce[:], sh.Nonce[:], h1[:])
	msgs := wire.AppendMessage(nil, wire.TypeTicket, []byte("ticket of A"))
	tr = append(tr, msgs...)
	h2 := sha256.Sum256(tr)
	d := sha256.Sum256(wire.SignedContent(h2[:]))
	sig, _ := rsa.SignPSS(rand.Reader, a.key, crypto.SHA256, d[:], &rsa.PSSOptions{SaltLength: 32})
	if s.badSig {
		sig[10] ^= 1
	}
	n := len(msgs)
	msgs = wire.AppendMessage(msgs, wire.TypeClientVerify, sig)
	tr = append(tr, msgs[n:]...)
	h := sha256.Sum256(tr)
	fin := wire.FinishedMAC(ks.ClientHandshake, h[:])
	if s.badFinished {
		fin[0] ^= 1
	}
	msgs = wire.AppendMessage(msgs, wire.TypeFinished, fin)
	if s.extraAfterFinished {
		msgs = wire.AppendMessage(msgs, wire.TypeTicket, []byte("late"))
	}
	rec, err := wire.SealRecord(nil, ks.ClientHandshake, 0, wire.TypeApplicationData, msgs)
	if err != nil {
		return err
	}
	rw.Write(rec)
	return nil
}

func TestHandshakeScripted(t *testing.T) {
	cases := []struct {
		name string
		s    script
		kind error
		req  string
	}{
		{"[P2P-HS-9] bad signature", script{badSig: true}, wire.ErrSignature, "P2P-HS-9"},
		{"[P2P-HS-11] bad client Finished", script{badFinished: true}, wire.ErrFinished, "P2P-HS-11"},
		{"[P2P-HS-8] wrong OAEP label: same failure as any undecryptable flight", script{wrongLabel: true}, wire.ErrDecrypt, "P2P-HS-13"},
		{"[P2P-HS-13] a message after the client's Finished", script{extraAfterFinished: true}, wire.ErrUnexpected, "P2P-HS-13"},
		{"[P2P-HS-14] good script is accepted", script{}, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, sc, a, _ := configs(t)
			cr, sr := net.Pipe()
			errc := make(chan error, 1)
			go func() {
				_, err := wire.Server(sr, sc)
				errc <- err
			}()
			go func() {
				tc.s.run(t, cr, a)
				io.Copy(io.Discard, cr)
			}()
			err := <-errc
			cr.Close()
			if tc.kind == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var he *wire.HandshakeError
			if !errors.Is(err, tc.kind) || !errors.As(err, &he) || he.Req != tc.req {
				t.Fatalf("got %v, want %v [%s]", err, tc.kind, tc.req)
			}
		})
	}
}

func TestHandshakeTimeoutsAndTruncation(t *testing.T) {
	t.Run("[P2P-HS-16] silent server: the client times out", func(t *testing.T) {
		cc, _, _, _ := configs(t)
		cc.Timeout = 100 * time.Millisecond
		cr, sr := net.Pipe()
		go io.Copy(io.Discard, sr)
		start := time.Now()
		_, err := wire.Client(cr, cc)
		if !errors.Is(err, wire.ErrTimeout) || time.Since(start) > 3*time.Second {
			t.Fatalf("%v after %v", err, time.Since(start))
		}
		sr.Close()
	})
	t.Run("[P2P-HS-16] slow client: the server times out mid-message", func(t *testing.T) {
		_, sc, _, _ := configs(t)
		sc.Timeout = 100 * time.Millisecond
		cr, sr := net.Pipe()
		go func() { cr.Write([]byte{0x01, 0x00}) }() // half a header, then nothing
		_, err := wire.Server(sr, sc)
		if !errors.Is(err, wire.ErrTimeout) {
			t.Fatal(err)
		}
		cr.Close()
	})
	t.Run("[P2P-HS-2] transport ends inside a message", func(t *testing.T) {
		_, sc, _, _ := configs(t)
		cr, sr := net.Pipe()
		go func() { cr.Write([]byte{0x01, 0x00, 0x40, 1, 2}); cr.Close() }()
		_, err := wire.Server(sr, sc)
		if !errors.Is(err, wire.ErrTruncated) {
			t.Fatal(err)
		}
	})
	t.Run("[P2P-HS-1] configuration refused", func(t *testing.T) {
		cc, sc, _, _ := configs(t)
		for _, c := range []*wire.Config{
			{Key: cc.Key, Authorizer: cc.Authorizer}, // client without PeerID
			{Key: cc.Key, PeerID: cc.PeerID},         // no authorizer
			{PeerID: cc.PeerID, Authorizer: cc.Authorizer},
		} {
			if _, err := wire.Client(nopRW{}, c); !errors.Is(err, wire.ErrConfig) {
				t.Fatal(err)
			}
		}
		if _, err := wire.Server(nopRW{}, &wire.Config{Key: sc.Key}); !errors.Is(err, wire.ErrConfig) {
			t.Fatal(err)
		}
		weak := vectors.MustKey(vectors.KeyWeak1024)
		if _, err := wire.Server(nopRW{}, &wire.Config{Key: weak.Private, Authorizer: sc.Authorizer}); !errors.Is(err, wire.ErrConfig) {
			t.Fatal(err)
		}
	})
}

type nopRW struct{}

func (nopRW) Read([]byte) (int, error)    { return 0, io.EOF }
func (nopRW) Write(p []byte) (int, error) { return len(p), nil }
