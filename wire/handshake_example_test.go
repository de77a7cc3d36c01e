package wire_test

import (
	"bytes"
	"crypto"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/hex"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/internal/specdoc"
	"github.com/livemesh-spec/livemesh/internal/testenv"
	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

// handshakeExample reads spec/p2p.md §21: the values (name → hex) and the message variables.
func handshakeExample(t *testing.T) (vals, msgs map[string]string, cmds []string) {
	ex, err := specdoc.Example("p2p.md", "handshake")
	if err != nil {
		t.Fatal(err)
	}
	vals = map[string]string{}
	for _, l := range strings.Split(ex, "\n") {
		f := strings.Fields(l)
		if len(f) < 2 || strings.Contains(l, "key ") && strings.Contains(l, ".pem") {
			continue
		}
		vals[strings.Join(f[:len(f)-1], " ")] = f[len(f)-1]
	}
	osx, err := specdoc.Example("p2p.md", "handshake-openssl")
	if err != nil {
		t.Fatal(err)
	}
	msgs = map[string]string{}
	for _, l := range strings.Split(osx, "\n") {
		if k, v, ok := strings.Cut(l, "="); ok && !strings.ContainsAny(k, " '") {
			msgs[k] = v
		} else if strings.TrimSpace(l) != "" {
			cmds = append(cmds, l)
		}
	}
	return
}

func TestHandshakeWorkedExample(t *testing.T) {
	vals, msgs, _ := handshakeExample(t)
	b := func(s string) []byte { return unhex(t, s) }
	m := func(k string) []byte { return b(msgs[k]) }
	v := func(k string) []byte {
		if vals[k] == "" {
			t.Fatalf("no %q in the example", k)
		}
		return b(vals[k])
	}
	exp := func(key []byte, info string, n int) []byte { o, _ := hkdf.Expand(sha256.New, key, info, n); return o }
	hash := func(parts ...string) []byte {
		var all []byte
		for _, p := range parts {
			all = append(all, m(p)...)
		}
		s := sha256.Sum256(all)
		return s[:]
	}
	ka, kb := vectors.MustKey(vectors.KeyDeviceA), vectors.MustKey(vectors.KeyDeviceB)
	t.Run("[P2P-HS-4] [P2P-HS-5] [P2P-HS-6] the hellos parse and carry the keys of their device IDs", func(t *testing.T) {
		ch, err := wire.ParseClientHello(m("CH")[3:])
		if err != nil || !bytes.Equal(ch.SPKI, ka.SPKI) || ch.DeviceID != sha256.Sum256(ka.SPKI) || !bytes.Equal(ch.Nonce[:], v("nonce_c")) {
			t.Fatal("client_hello", err)
		}
		sh, err := wire.ParseServerHello(m("SH")[3:])
		if err != nil || !bytes.Equal(sh.SPKI, kb.SPKI) || sh.DeviceID != sha256.Sum256(kb.SPKI) || !bytes.Equal(sh.Nonce[:], v("nonce_s")) || sh.Version != wire.Version1 {
			t.Fatal("server_hello", err)
		}
	})
	t.Run("[P2P-HS-8] key_exchange decrypts to pre_master", func(t *testing.T) {
		pms, err := rsa.DecryptOAEP(sha256.New(), nil, kb.Private, m("KXB"), []byte("livemesh p2p v1 kex"))
		if err != nil || !bytes.Equal(pms, v("pre_master")) || !bytes.Equal(m("KX")[3:], m("KXB")) {
			t.Fatal(err)
		}
	})
	h1 := hash("CH", "SH", "KX")
	prk, _ := hkdf.Extract(sha256.New, v("pre_master"), append(v("nonce_c"), v("nonce_s")...))
	t.Run("[P2P-HS-12] handshake secrets", func(t *testing.T) {
		if !bytes.Equal(h1, v("H(key_exchange)")) || !bytes.Equal(prk, v("PRK")) ||
			!bytes.Equal(exp(prk, "livemesh p2p v1 c hs"+string(h1), 32), v("client_hs")) ||
			!bytes.Equal(exp(prk, "livemesh p2p v1 s hs"+string(h1), 32), v("server_hs")) {
			t.Fatal("differ")
		}
		ks := wire.NewSchedule(v("pre_master"), v("nonce_c"), v("nonce_s"), h1)
		if !bytes.Equal(ks.ClientHandshake, v("client_hs")) || !bytes.Equal(ks.ServerHandshake, v("server_hs")) {
			t.Fatal("wire disagrees")
		}
	})
	t.Run("[P2P-HS-9] the client's signature verifies", func(t *testing.T) {
		h2 := hash("CH", "SH", "KX", "CT")
		if !bytes.Equal(h2, v("H(client ticket)")) {
			t.Fatal("H2")
		}
		d := sha256.Sum256(append([]byte("livemesh p2p v1 client verify\x00"), h2...))
		sig := m("CV")[3:]
		if err := rsa.VerifyPSS(ka.Public(), crypto.SHA256, d[:], sig, &rsa.PSSOptions{SaltLength: 32}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("[P2P-HS-11] both Finished", func(t *testing.T) {
		mac := func(k, d []byte) []byte { h := hmac.New(sha256.New, k); h.Write(d); return h.Sum(nil) }
		fkc := exp(v("client_hs"), "livemesh p2p v1 finished", 32)
		hcv := hash("CH", "SH", "KX", "CT", "CV")
		if !bytes.Equal(fkc, v("finished_key c")) || !bytes.Equal(hcv, v("H(client_verify)")) ||
			!bytes.Equal(mac(fkc, hcv), v("client finished")) || !bytes.Equal(m("CF")[3:], v("client finished")) {
			t.Fatal("client")
		}
		fks := exp(v("server_hs"), "livemesh p2p v1 finished", 32)
		hst := hash("CH", "SH", "KX", "CT", "CV", "CF", "ST")
		if !bytes.Equal(fks, v("finished_key s")) || !bytes.Equal(hst, v("H(server ticket)")) ||
			!bytes.Equal(mac(fks, hst), v("server finished")) || !bytes.Equal(m("SF")[3:], v("server finished")) {
			t.Fatal("server")
		}
	})
	t.Run("[P2P-HS-12] traffic secrets and the two records", func(t *testing.T) {
		h3 := hash("CH", "SH", "KX", "CT", "CV", "CF", "ST", "SF")
		cap, sap := exp(prk, "livemesh p2p v1 c ap"+string(h3), 32), exp(prk, "livemesh p2p v1 s ap"+string(h3), 32)
		if !bytes.Equal(h3, v("H(server finished)")) || !bytes.Equal(cap, v("client_ap")) || !bytes.Equal(sap, v("server_ap")) {
			t.Fatal("secrets")
		}
		k, _ := wire.DeriveKeys(cap)
		if !bytes.Equal(k.Enc[:], v("enc_key c")) || !bytes.Equal(k.IV[:], v("iv c")) || !bytes.Equal(k.MAC[:], v("mac_key c")) {
			t.Fatal("keys")
		}
		rec := v("record c->s")
		if !bytes.Equal(rec, append(append([]byte{0x10, 0, 40}, v("ciphertext c")...), v("tag c")...)) {
			t.Fatal("record layout")
		}
		if _, pt, err := wire.OpenRecord(cap, 0, rec); err != nil || string(pt) != "hello, B" {
			t.Fatal(err)
		}
		if _, pt, err := wire.OpenRecord(sap, 0, v("record s->c")); err != nil || string(pt) != "hello, A" {
			t.Fatal(err)
		}
	})
	t.Run("[P2P-HS-10] tickets travel inside the flights", func(t *testing.T) {
		if string(m("CT")[3:]) != "ticket of A" || string(m("ST")[3:]) != "ticket of B" {
			t.Fatal("tickets")
		}
	})
}

// TestHandshakeWorkedExampleOpenSSL runs the commands of spec/p2p.md §21 and compares their
// output with the example's values.
func TestHandshakeWorkedExampleOpenSSL(t *testing.T) {
	openssl := testenv.Tool(t, "openssl", "openssl")
	vals, msgs, cmds := handshakeExample(t)
	root := filepath.Dir(specdoc.Dir())
	var outs []string
	for _, cmd := range cmds {
		var data []byte
		for _, seg := range strings.Split(cmd, " | ") {
			args := shellWords(t, seg, msgs)
			switch {
			case args[0] == "printf":
				data = []byte(args[1])
			case args[0] == "xxd" && len(args) == 3 && args[1] == "-r":
				data = unhex(t, string(data))
			case args[0] == "xxd" && len(args) == 2:
				data = []byte(hex.EncodeToString(data))
			case args[0] == "openssl":
				c := exec.Command(openssl, args[1:]...)
				c.Dir = root
				c.Stdin = bytes.NewReader(data)
				var err error
				if data, err = c.Output(); err != nil {
					t.Fatalf("%s: %v", seg, err)
				}
			default:
				t.Fatalf("unexpected command %q", seg)
			}
		}
		out := strings.TrimSpace(string(data))
		if _, h, ok := strings.Cut(out, "= "); ok {
			out = h
		}
		outs = append(outs, strings.ToLower(strings.ReplaceAll(out, ":", "")))
	}
	want := []string{"pre_master", "H(key_exchange)", "PRK", "client_hs", "server_hs", "H(client ticket)",
		"H(client_verify)", "finished_key c", "client finished", "H(server ticket)", "finished_key s",
		"server finished", "H(server finished)", "client_ap", "server_ap", "enc_key c", "iv c", "mac_key c",
		"ciphertext c", "tag c"}
	if len(outs) != len(want) {
		t.Fatalf("%d commands, want %d", len(outs), len(want))
	}
	names := map[string]string{"pre_master": "[P2P-HS-8] openssl pkeyutl decrypts the pre-master secret",
		"client finished": "[P2P-HS-11] openssl dgst -mac HMAC gives the client's Finished",
		"server finished": "[P2P-HS-11] openssl dgst -mac HMAC gives the server's Finished",
		"client_ap":       "[P2P-HS-12] openssl kdf gives the client's traffic secret",
		"tag c":           "[P2P-REC-5] openssl dgst gives the record's tag"}
	for i, k := range want {
		name := names[k]
		if name == "" {
			name = "[P2P-HS-12] openssl reproduces " + k
		}
		t.Run(name, func(t *testing.T) {
			if outs[i] != vals[k] {
				t.Errorf("openssl %q, example %q", outs[i], vals[k])
			}
		})
	}
}
