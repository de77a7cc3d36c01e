package main

import (
	"bytes"
	"crypto"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/wire"
)

// p2p/handshake.json (schema p2p-handshake.v1.schema.json): the handshake of spec/p2p.md
// part 2 from the server's side. Each test gives the server's key, nonce, tickets and the
// tickets its authorizer accepts, and the whole byte stream a client sends; a valid test
// gives what the server sends back and the secrets, an invalid one the error class and the
// first rule that fails. The client streams are built here from the standard library and
// the independent sealer p2pSeal (with deterministic randomness), never by wire.Client; the
// generator then runs wire.Server and fails when it disagrees with a case's intent.

func init() { p2pMoreFiles = append(p2pMoreFiles, generateP2PHandshake) }

// p2pMoreFiles are further files of the p2p directory, generated after records.json.
var p2pMoreFiles []func() (GeneratedFile, error)

const (
	p2pHSArea   = "p2p/handshake"
	p2pHSSchema = "p2p-handshake.v1.schema.json"
)

type p2pHSTest struct {
	vectors.Test
	ServerKey      string         `json:"serverKey"`
	ServerNonce    string         `json:"serverNonce"`
	ServerTickets  []string       `json:"serverTickets"`
	AcceptTickets  []string       `json:"acceptTickets"`
	ExpectedClient string         `json:"expectedClient,omitempty"`
	Client         string         `json:"client"`
	Expected       *p2pHSExpected `json:"expected,omitempty"`
}

type p2pHSExpected struct {
	Server          string `json:"server"`
	PreMaster       string `json:"preMaster"`
	ClientHandshake string `json:"clientHandshake"`
	ServerHandshake string `json:"serverHandshake"`
	ClientTraffic   string `json:"clientTraffic"`
	ServerTraffic   string `json:"serverTraffic"`
}

var p2pHSNotes = map[string]vectors.Note{
	"Valid":         {BugType: "BASIC", Description: "A whole handshake the server must accept, with the bytes it sends and the secrets of spec/p2p.md §15."},
	"Version":       {BugType: "EDGE_CASE", Description: "The client offers no version the server supports (P2P-HS-3)."},
	"KeyBinding":    {BugType: "AUTH_BYPASS", Description: "The hello's device ID is not its key's, or the key is not an acceptable RSA key (P2P-HS-6)."},
	"ExpectedPeer":  {BugType: "AUTH_BYPASS", Description: "The server expects another device (P2P-HS-7)."},
	"Malformed":     {BugType: "RESOURCE_LIMIT", Description: "A message that does not have its layout, or a header over the limit (P2P-HS-2, P2P-HS-4, P2P-HS-8)."},
	"KeyExchange":   {BugType: "CONFIDENTIALITY", Description: "A key_exchange that does not decrypt fails exactly like a wrong key: the client's flight does not authenticate (P2P-HS-8, P2P-HS-13)."},
	"Signature":     {BugType: "AUTH_BYPASS", Description: "The client's signature does not verify (P2P-HS-9)."},
	"Finished":      {BugType: "AUTH_BYPASS", Description: "The client's Finished does not verify (P2P-HS-11)."},
	"Authorization": {BugType: "AUTH_BYPASS", Description: "The authorizer refuses the client's tickets (P2P-HS-10)."},
	"Trailing":      {BugType: "INTEGRITY", Description: "A message after the client's Finished (P2P-HS-13)."},
}

// p2pHSClient builds a client stream; the hooks break one thing.
type p2pHSClient struct {
	key          string
	versions     []uint16
	tickets      [][]byte
	idFlip       bool
	kxLen        int // 0: right length
	kxFlip       bool
	sigFlip      bool
	finFlip      bool
	trailing     bool
	helloLenOver bool
	truncHello   bool
}

func (c p2pHSClient) build(serverKey string, serverNonce []byte) (stream, pms []byte) {
	k := vectors.MustKey(c.key)
	sk := vectors.MustKey(serverKey)
	rnd := newDetRand("p2p/handshake client " + c.key)
	nc := make([]byte, 32)
	rnd.Read(nc)
	versions := c.versions
	if versions == nil {
		versions = []uint16{1}
	}
	body := []byte{byte(len(versions))}
	for _, v := range versions {
		body = binary.BigEndian.AppendUint16(body, v)
	}
	id := sha256.Sum256(k.SPKI)
	if c.idFlip {
		id[0] ^= 1
	}
	body = append(append(append(body, nc...), id[:]...), byte(len(k.SPKI)>>8), byte(len(k.SPKI)))
	body = append(body, k.SPKI...)
	msg := func(t byte, b []byte) []byte { return append([]byte{t, byte(len(b) >> 8), byte(len(b))}, b...) }
	ch := msg(1, body)
	if c.truncHello {
		ch = msg(1, body[:len(body)-1])
	}
	if c.helloLenOver {
		ch[1], ch[2] = 0x08, 0x01
	}
	sid := sha256.Sum256(sk.SPKI)
	sh := msg(2, p2pCat([]byte{0, 1}, serverNonce, sid[:], []byte{byte(len(sk.SPKI) >> 8), byte(len(sk.SPKI))}, sk.SPKI))
	pms = make([]byte, 32)
	rnd.Read(pms)
	ct, err := rsa.EncryptOAEP(sha256.New(), rnd, sk.Public(), pms, []byte("livemesh p2p v1 kex"))
	if err != nil {
		panic(err)
	}
	if c.kxLen != 0 {
		ct = ct[:c.kxLen]
	}
	if c.kxFlip {
		ct = p2pFlip(ct, 7, 0x01)
	}
	kx := msg(3, ct)
	tr := p2pCat(ch, sh, kx)
	h1 := sha256.Sum256(tr)
	prk, _ := hkdf.Extract(sha256.New, pms, p2pCat(nc, serverNonce))
	chs := p2pExpand(prk, "livemesh p2p v1 c hs"+string(h1[:]), 32)
	var fl []byte
	for _, t := range c.tickets {
		fl = append(fl, msg(4, t)...)
	}
	tr = append(tr, fl...)
	h2 := sha256.Sum256(tr)
	d := sha256.Sum256(append([]byte("livemesh p2p v1 client verify\x00"), h2[:]...))
	sig, err := rsa.SignPSS(rnd, k.Private, crypto.SHA256, d[:], &rsa.PSSOptions{SaltLength: 32})
	if err != nil {
		panic(err)
	}
	if c.sigFlip {
		sig = p2pFlip(sig, 9, 0x01)
	}
	cv := msg(5, sig)
	tr = append(tr, cv...)
	fl = append(fl, cv...)
	h3 := sha256.Sum256(tr)
	m := hmac.New(sha256.New, p2pExpand(chs, "livemesh p2p v1 finished", 32))
	m.Write(h3[:])
	fin := m.Sum(nil)
	if c.finFlip {
		fin = p2pFlip(fin, 0, 0x01)
	}
	fl = append(fl, msg(6, fin)...)
	if c.trailing {
		fl = append(fl, msg(4, []byte("late"))...)
	}
	var recs []byte
	for seq := uint64(0); len(fl) > 0; seq++ {
		n := min(len(fl), 16384)
		recs = append(recs, p2pSeal(chs, seq, 0x10, fl[:n])...)
		fl = fl[n:]
	}
	return p2pCat(ch, kx, recs), pms
}

type p2pHSCase struct {
	id, comment      string
	flags, req       []string
	client           p2pHSClient
	serverTickets    [][]byte
	accept           [][]byte
	expectClient     string // a key name, or ""
	errClass, errReq string
}

func p2pHSCases() []p2pHSCase {
	tA, tB := [][]byte{[]byte("ticket of A")}, [][]byte{[]byte("ticket of B")}
	a := p2pHSClient{key: vectors.KeyDeviceA, tickets: tA}
	with := func(f func(*p2pHSClient)) p2pHSClient { c := a; f(&c); return c }
	inv := func(id, comment, flag, class, req string, c p2pHSClient) p2pHSCase {
		return p2pHSCase{id: id, comment: comment, flags: []string{flag}, req: []string{req}, client: c,
			serverTickets: tB, accept: tA, errClass: class, errReq: req}
	}
	return []p2pHSCase{
		{id: "a-to-b-tickets-both-ways", comment: "device A to device B, one ticket each way", flags: []string{"Valid"},
			req: []string{"P2P-HS-1", "P2P-HS-12"}, client: a, serverTickets: tB, accept: tA},
		{id: "a-to-b-no-tickets", comment: "no tickets either way", flags: []string{"Valid"},
			req: []string{"P2P-HS-1", "P2P-HS-10"}, client: with(func(c *p2pHSClient) { c.tickets = nil })},
		{id: "c-to-b-expected", comment: "device C, which the server expects", flags: []string{"Valid"},
			req: []string{"P2P-HS-7"}, client: p2pHSClient{key: vectors.KeyDeviceC}, expectClient: vectors.KeyDeviceC},
		{id: "two-versions-offered", comment: "the client offers 2 then 1; the server picks 1", flags: []string{"Valid"},
			req: []string{"P2P-HS-3"}, client: with(func(c *p2pHSClient) { c.versions = []uint16{2, 1} }), serverTickets: tB, accept: tA},
		inv("no-common-version", "the client offers only version 2", "Version", "version", "P2P-HS-3", with(func(c *p2pHSClient) { c.versions = []uint16{2} })),
		inv("client-id-not-its-key", "the client_hello's device ID is one bit off its key's", "KeyBinding", "peer-id", "P2P-HS-6", with(func(c *p2pHSClient) { c.idFlip = true })),
		inv("client-key-1024-bits", "the client's key has 1024 bits", "KeyBinding", "peer-key", "P2P-HS-6", with(func(c *p2pHSClient) { c.key = vectors.KeyWeak1024 })),
		{id: "unexpected-client", comment: "the server expects device C, device A connects", flags: []string{"ExpectedPeer"},
			req: []string{"P2P-HS-7"}, client: a, serverTickets: tB, accept: tA, expectClient: vectors.KeyDeviceC, errClass: "unexpected-id", errReq: "P2P-HS-7"},
		inv("client-hello-truncated", "the client_hello's length leaves out the key's last byte", "Malformed", "malformed", "P2P-HS-4", with(func(c *p2pHSClient) { c.truncHello = true })),
		inv("client-hello-over-limit", "a client_hello header announcing 2049 bytes", "Malformed", "too-large", "P2P-HS-2", with(func(c *p2pHSClient) { c.helloLenOver = true })),
		inv("key-exchange-short", "a key_exchange one byte shorter than the modulus", "Malformed", "malformed", "P2P-HS-8", with(func(c *p2pHSClient) { c.kxLen = 255 })),
		inv("key-exchange-tampered", "one bit of the OAEP ciphertext changed: the server continues with random bytes", "KeyExchange", "decrypt", "P2P-HS-13", with(func(c *p2pHSClient) { c.kxFlip = true })),
		inv("bad-signature", "one bit of the client's signature changed", "Signature", "signature", "P2P-HS-9", with(func(c *p2pHSClient) { c.sigFlip = true })),
		inv("bad-client-finished", "one bit of the client's Finished changed", "Finished", "finished", "P2P-HS-11", with(func(c *p2pHSClient) { c.finFlip = true })),
		{id: "tickets-refused", comment: "the authorizer accepts only another ticket", flags: []string{"Authorization"},
			req: []string{"P2P-HS-10"}, client: a, serverTickets: tB, accept: [][]byte{[]byte("another ticket")}, errClass: "unauthorized", errReq: "P2P-HS-10"},
		inv("message-after-finished", "a ticket after the client's Finished", "Trailing", "unexpected-message", "P2P-HS-13", with(func(c *p2pHSClient) { c.trailing = true })),
	}
}

type p2pHSRW struct {
	in  *bytes.Reader
	out bytes.Buffer
}

func (rw *p2pHSRW) Read(p []byte) (int, error)  { return rw.in.Read(p) }
func (rw *p2pHSRW) Write(p []byte) (int, error) { return rw.out.Write(p) }

func generateP2PHandshake() (GeneratedFile, error) {
	var tests []p2pHSTest
	notes := map[string]vectors.Note{}
	var errs []error
	for _, c := range p2pHSCases() {
		nonce := detBytes("p2p/handshake server nonce "+c.id, 32)
		stream, pms := c.client.build(vectors.KeyDeviceB, nonce)
		rw := &p2pHSRW{in: bytes.NewReader(stream)}
		accept := c.accept
		cfg := &wire.Config{Key: vectors.MustKey(vectors.KeyDeviceB).Private, Tickets: c.serverTickets,
			Rand: bytes.NewReader(append(append([]byte{}, nonce...), make([]byte, 32)...)),
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
		tc := p2pHSTest{Test: vectors.Test{ID: c.id, Comment: c.comment, Flags: c.flags, Req: c.req, Result: vectors.Valid},
			ServerKey: vectors.KeyDeviceB, ServerNonce: hex.EncodeToString(nonce), ServerTickets: hexList(c.serverTickets),
			AcceptTickets: hexList(c.accept), Client: hex.EncodeToString(stream)}
		if c.expectClient != "" {
			id, _ := ident.DeviceIDFromPublicKey(vectors.MustKey(c.expectClient).Public())
			cfg.PeerID = id
			fp := id.Fingerprint()
			tc.ExpectedClient = hex.EncodeToString(fp[:])
		}
		conn, err := wire.Server(rw, cfg)
		switch {
		case c.errClass == "" && err != nil:
			errs = append(errs, fmt.Errorf("%s: server refused: %v", c.id, err))
			continue
		case c.errClass != "":
			var he *wire.HandshakeError
			if err == nil || !errors.As(err, &he) || he.Req != c.errReq || wire.ErrorClass(err) != c.errClass {
				errs = append(errs, fmt.Errorf("%s: got %v, want %s [%s]", c.id, err, c.errClass, c.errReq))
				continue
			}
			tc.Result, tc.Error, tc.ErrorReq = vectors.Invalid, c.errClass, c.errReq
		default:
			_ = conn
			exp, err := p2pHSSecrets(stream, rw.out.Bytes(), pms)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %v", c.id, err))
				continue
			}
			tc.Expected = exp
		}
		for _, f := range c.flags {
			n, ok := p2pHSNotes[f]
			if !ok {
				errs = append(errs, fmt.Errorf("%s: no note for %s", c.id, f))
			}
			notes[f] = n
		}
		tests = append(tests, tc)
	}
	if err := errors.Join(errs...); err != nil {
		return GeneratedFile{}, err
	}
	return encodeFile(newFile(p2pHSArea, p2pHSSchema, notes, tests))
}

func hexList(bs [][]byte) []string {
	out := make([]string, 0, len(bs))
	for _, b := range bs {
		out = append(out, hex.EncodeToString(b))
	}
	return out
}

// p2pHSSecrets recomputes the secrets of a finished handshake from both streams,
// independently of wire, and checks the server's Finished.
func p2pHSSecrets(client, server, pms []byte) (*p2pHSExpected, error) {
	split := func(b []byte) ([]byte, []byte) {
		n := 3 + int(binary.BigEndian.Uint16(b[1:]))
		return b[:n], b[n:]
	}
	ch, rest := split(client)
	kx, crecs := split(rest)
	sh, srecs := split(server)
	nc := ch[3+1+2*int(ch[3]) : 3+1+2*int(ch[3])+32]
	ns := sh[5 : 5+32]
	tr := p2pCat(ch, sh, kx)
	h1 := sha256.Sum256(tr)
	prk, _ := hkdf.Extract(sha256.New, pms, p2pCat(nc, ns))
	chs := p2pExpand(prk, "livemesh p2p v1 c hs"+string(h1[:]), 32)
	shs := p2pExpand(prk, "livemesh p2p v1 s hs"+string(h1[:]), 32)
	open := func(secret, recs []byte) ([]byte, error) {
		var out []byte
		for seq := uint64(0); len(recs) > 0; seq++ {
			r, rest := split(recs)
			ct, tag := r[3:len(r)-32], r[len(r)-32:]
			_ = tag
			// p2pSeal of zeros gives the key stream; re-sealing the plaintext checks the tag.
			ks := p2pSeal(secret, seq, 0x10, make([]byte, len(ct)))[3 : len(r)-32]
			pt := make([]byte, len(ct))
			for i := range ct {
				pt[i] = ct[i] ^ ks[i]
			}
			if !bytes.Equal(p2pSeal(secret, seq, 0x10, pt), r) {
				return nil, errors.New("a record does not authenticate")
			}
			out = append(out, pt...)
			recs = rest
		}
		return out, nil
	}
	cfl, err := open(chs, crecs)
	if err != nil {
		return nil, err
	}
	sfl, err := open(shs, srecs)
	if err != nil {
		return nil, err
	}
	tr = p2pCat(tr, cfl)
	var sfin []byte
	for len(sfl) > 0 {
		m, rest := split(sfl)
		if m[0] == 6 {
			h := sha256.Sum256(tr)
			mac := hmac.New(sha256.New, p2pExpand(shs, "livemesh p2p v1 finished", 32))
			mac.Write(h[:])
			if !hmac.Equal(mac.Sum(nil), m[3:]) {
				return nil, errors.New("the server's Finished does not verify")
			}
			sfin = m
		}
		tr = append(tr, m...)
		sfl = rest
	}
	if sfin == nil {
		return nil, errors.New("no server Finished")
	}
	h3 := sha256.Sum256(tr)
	return &p2pHSExpected{
		Server: hex.EncodeToString(server), PreMaster: hex.EncodeToString(pms),
		ClientHandshake: hex.EncodeToString(chs), ServerHandshake: hex.EncodeToString(shs),
		ClientTraffic: hex.EncodeToString(p2pExpand(prk, "livemesh p2p v1 c ap"+string(h3[:]), 32)),
		ServerTraffic: hex.EncodeToString(p2pExpand(prk, "livemesh p2p v1 s ap"+string(h3[:]), 32)),
	}, nil
}
