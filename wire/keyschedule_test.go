package wire_test

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"testing"

	"github.com/livemesh-spec/livemesh/wire"
)

func TestKeySchedule(t *testing.T) {
	t.Run("[P2P-HS-12] secrets are HKDF-SHA256 of pre_master, nonces and transcript hashes", func(t *testing.T) {
		pms := bytes.Repeat([]byte{0x11}, 32)
		nc, ns := bytes.Repeat([]byte{0xc0}, 32), bytes.Repeat([]byte{0x5e}, 32)
		h1, h3 := sha256.Sum256([]byte("h1")), sha256.Sum256([]byte("h3"))
		ks := wire.NewSchedule(pms, nc, ns, h1[:])
		prk, _ := hkdf.Extract(sha256.New, pms, append(append([]byte{}, nc...), ns...))
		exp := func(label string, h []byte) []byte {
			out, _ := hkdf.Expand(sha256.New, prk, label+string(h), 32)
			return out
		}
		if !bytes.Equal(ks.PRK, prk) ||
			!bytes.Equal(ks.ClientHandshake, exp("livemesh p2p v1 c hs", h1[:])) ||
			!bytes.Equal(ks.ServerHandshake, exp("livemesh p2p v1 s hs", h1[:])) {
			t.Fatal("handshake secrets differ")
		}
		c, s := ks.TrafficSecrets(h3[:])
		if !bytes.Equal(c, exp("livemesh p2p v1 c ap", h3[:])) || !bytes.Equal(s, exp("livemesh p2p v1 s ap", h3[:])) {
			t.Fatal("traffic secrets differ")
		}
		if bytes.Equal(c, s) || bytes.Equal(ks.ClientHandshake, ks.ServerHandshake) {
			t.Fatal("the two directions share a secret")
		}
	})
	t.Run("[P2P-HS-11] Finished is HMAC under the finished key", func(t *testing.T) {
		hs := bytes.Repeat([]byte{7}, 32)
		h := sha256.Sum256([]byte("transcript"))
		fk, _ := hkdf.Expand(sha256.New, hs, "livemesh p2p v1 finished", 32)
		m := hmac.New(sha256.New, fk)
		m.Write(h[:])
		if !bytes.Equal(wire.FinishedMAC(hs, h[:]), m.Sum(nil)) {
			t.Fatal("finished differs")
		}
	})
}
