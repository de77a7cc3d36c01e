package wire

import (
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"io"
	"slices"
)

// Server runs the handshake of spec/p2p.md part 2 as the server over rw and returns the
// secure connection. Each attempt costs the server one RSA decryption and one signature
// verification before it learns whether the client is genuine: callers rate-limit
// ([P2P-HS-17]). On failure rw is closed and the error is a *HandshakeError.
func Server(rw io.ReadWriter, cfg *Config) (*Conn, error) {
	h, err := newHS(rw, cfg)
	if err != nil {
		return nil, err
	}
	return h.withDeadline(h.server)
}

// serverVersions are the versions this implementation supports, most preferred first.
var serverVersions = []uint16{Version1}

func (h *hs) server() (*Conn, error) {
	spki, myID, err := ownIdentity(h.cfg.Key)
	if err != nil {
		return nil, err
	}
	body, err := h.readClear(TypeClientHello)
	if err != nil {
		return nil, h.failClear(err)
	}
	ch, err := ParseClientHello(body)
	if err != nil {
		return nil, h.failClear(err)
	}
	version := uint16(0)
	for _, v := range serverVersions {
		if slices.Contains(ch.Versions, v) {
			version = v
			break
		}
	}
	if version == 0 {
		return nil, h.failClear(hsErr("P2P-HS-3", ErrVersion, "no version in common"))
	}
	clientKey, clientID, err := checkPeerKey(ch.SPKI, ch.DeviceID, h.cfg.PeerID)
	if err != nil {
		return nil, h.failClear(err)
	}
	sh := &ServerHello{Version: version, DeviceID: myID, SPKI: spki}
	if _, err := io.ReadFull(h.rand, sh.Nonce[:]); err != nil {
		return nil, h.failClear(&HandshakeError{Req: "P2P-HS-5", Kind: ErrConfig, Msg: "randomness", Err: err})
	}
	if err := h.writeClear(TypeServerHello, sh.Marshal()); err != nil {
		return nil, err
	}

	body, err = h.readClear(TypeKeyExchange)
	if err != nil {
		return nil, h.failClear(err)
	}
	ct, err := ParseKeyExchange(body, h.cfg.Key.Size())
	if err != nil {
		return nil, h.failClear(err)
	}
	// [P2P-HS-8]: a ciphertext that does not decrypt to 32 bytes is replaced by random bytes,
	// so that it fails later exactly like a wrong Finished.
	pms, err := rsa.DecryptOAEP(sha256.New(), nil, h.cfg.Key, ct, []byte(OAEPLabel))
	if err != nil || len(pms) != PreMasterLen {
		pms = make([]byte, PreMasterLen)
		io.ReadFull(h.rand, pms)
	}
	ks := NewSchedule(pms, ch.Nonce[:], sh.Nonce[:], h.hash())
	clear(pms)

	// The client's encrypted flight, checked in the order of [P2P-HS-14].
	f := &flightReader{h: h, secret: ks.ClientHandshake, limit: h.maxBytes + 4*MaxClearMessage + MaxKeyBits/8}
	tickets, t, body, err := h.readTickets(f)
	if err != nil {
		return nil, h.failSealed(ks.ServerHandshake, 0, err)
	}
	if t != TypeClientVerify {
		return nil, h.failSealed(ks.ServerHandshake, 0, hsErr("P2P-HS-2", ErrUnexpected, t.String()+" where client_verify was expected"))
	}
	sig, err := ParseClientVerify(body, clientKey.Size())
	if err != nil {
		return nil, h.failSealed(ks.ServerHandshake, 0, err)
	}
	digest := sha256.Sum256(SignedContent(h.hash()))
	if err := rsa.VerifyPSS(clientKey, crypto.SHA256, digest[:], sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash}); err != nil {
		return nil, h.failSealed(ks.ServerHandshake, 0, hsErr("P2P-HS-9", ErrSignature, ""))
	}
	h.transcript = AppendMessage(h.transcript, TypeClientVerify, sig)
	t, body, err = f.next()
	if err != nil {
		return nil, h.failSealed(ks.ServerHandshake, 0, err)
	}
	if t != TypeFinished {
		return nil, h.failSealed(ks.ServerHandshake, 0, hsErr("P2P-HS-2", ErrUnexpected, t.String()+" where finished was expected"))
	}
	fin, err := ParseFinished(body)
	if err != nil {
		return nil, h.failSealed(ks.ServerHandshake, 0, err)
	}
	if !hmac.Equal(fin, FinishedMAC(ks.ClientHandshake, h.hash())) {
		return nil, h.failSealed(ks.ServerHandshake, 0, hsErr("P2P-HS-11", ErrFinished, "client Finished"))
	}
	if len(f.buf) != 0 {
		return nil, h.failSealed(ks.ServerHandshake, 0, hsErr("P2P-HS-13", ErrUnexpected, "bytes after the client's Finished"))
	}
	h.transcript = AppendMessage(h.transcript, TypeFinished, fin)
	if err := h.cfg.Authorizer(clientID, tickets); err != nil {
		return nil, h.failSealed(ks.ServerHandshake, 0, &HandshakeError{Req: "P2P-HS-10", Kind: ErrUnauthorized, Err: err})
	}

	// The server's encrypted flight, only now: its tickets go to an authorized client.
	msgs, err := h.appendTickets(nil)
	if err != nil {
		return nil, h.failSealed(ks.ServerHandshake, 0, err)
	}
	start := len(msgs)
	msgs = AppendMessage(msgs, TypeFinished, FinishedMAC(ks.ServerHandshake, h.hash()))
	h.transcript = append(h.transcript, msgs[start:]...)
	if _, err := h.rw.Write(sealFlight(ks.ServerHandshake, msgs)); err != nil {
		return nil, h.ioErr(err)
	}
	cs, ss := ks.TrafficSecrets(h.hash())
	c, err := NewConn(h.rw, cs, ss)
	if err != nil {
		return nil, &HandshakeError{Req: "P2P-HS-12", Kind: ErrConfig, Err: err}
	}
	return c, nil
}
