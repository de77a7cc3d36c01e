package wire

import (
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"errors"
	"io"
	"slices"
)

// Client runs the handshake of spec/p2p.md part 2 as the client over rw and returns the
// secure connection. cfg.PeerID is required: the client encrypts nothing to a key that is
// not the expected device's ([P2P-HS-7]). On failure rw is closed and the error is a
// *HandshakeError.
func Client(rw io.ReadWriter, cfg *Config) (*Conn, error) {
	h, err := newHS(rw, cfg)
	if err != nil {
		return nil, err
	}
	if cfg.PeerID.IsZero() {
		return nil, hsErr("P2P-HS-7", ErrConfig, "a client needs the expected peer device ID")
	}
	return h.withDeadline(h.client)
}

func (h *hs) client() (*Conn, error) {
	spki, myID, err := ownIdentity(h.cfg.Key)
	if err != nil {
		return nil, err
	}
	ch := &ClientHello{Versions: []uint16{Version1}, DeviceID: myID, SPKI: spki}
	if _, err := io.ReadFull(h.rand, ch.Nonce[:]); err != nil {
		return nil, &HandshakeError{Req: "P2P-HS-4", Kind: ErrConfig, Msg: "randomness", Err: err}
	}
	if err := h.writeClear(TypeClientHello, ch.Marshal()); err != nil {
		return nil, err
	}

	// ServerHello, checked in the order of [P2P-HS-14].
	body, err := h.readClear(TypeServerHello)
	if err != nil {
		return nil, h.failClear(err)
	}
	sh, err := ParseServerHello(body)
	if err != nil {
		return nil, h.failClear(err)
	}
	if !slices.Contains(ch.Versions, sh.Version) {
		return nil, h.failClear(hsErr("P2P-HS-3", ErrVersion, "the server chose a version not offered"))
	}
	serverKey, _, err := checkPeerKey(sh.SPKI, sh.DeviceID, h.cfg.PeerID)
	if err != nil {
		return nil, h.failClear(err)
	}

	// KeyExchange in its own flight, before the signature ([P2P-HS-8]).
	pms := make([]byte, PreMasterLen)
	if _, err := io.ReadFull(h.rand, pms); err != nil {
		return nil, h.failClear(&HandshakeError{Req: "P2P-HS-8", Kind: ErrConfig, Msg: "randomness", Err: err})
	}
	ct, err := rsa.EncryptOAEP(sha256.New(), h.rand, serverKey, pms, []byte(OAEPLabel))
	if err != nil {
		return nil, h.failClear(&HandshakeError{Req: "P2P-HS-8", Kind: ErrPeerKey, Err: err})
	}
	if err := h.writeClear(TypeKeyExchange, ct); err != nil {
		return nil, err
	}
	ks := NewSchedule(pms, ch.Nonce[:], sh.Nonce[:], h.hash())
	clear(pms)

	// The client's encrypted flight: tickets, signature, Finished ([P2P-HS-9]–[P2P-HS-11]).
	msgs, err := h.appendTickets(nil)
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256(SignedContent(h.hash()))
	sig, err := rsa.SignPSS(h.rand, h.cfg.Key, crypto.SHA256, digest[:], &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	if err != nil {
		return nil, &HandshakeError{Req: "P2P-HS-9", Kind: ErrConfig, Err: err}
	}
	start := len(msgs)
	msgs = AppendMessage(msgs, TypeClientVerify, sig)
	h.transcript = append(h.transcript, msgs[start:]...)
	start = len(msgs)
	msgs = AppendMessage(msgs, TypeFinished, FinishedMAC(ks.ClientHandshake, h.hash()))
	h.transcript = append(h.transcript, msgs[start:]...)
	if _, err := h.rw.Write(sealFlight(ks.ClientHandshake, msgs)); err != nil {
		return nil, h.ioErr(err)
	}

	// The server's encrypted flight: tickets, Finished.
	f := &flightReader{h: h, secret: ks.ServerHandshake, limit: h.maxBytes + 4*MaxClearMessage}
	tickets, t, body, err := h.readTickets(f)
	if err != nil {
		return nil, err
	}
	if t != TypeFinished {
		return nil, hsErr("P2P-HS-2", ErrUnexpected, t.String()+" where finished was expected")
	}
	fin, err := ParseFinished(body)
	if err != nil {
		return nil, err
	}
	if !hmac.Equal(fin, FinishedMAC(ks.ServerHandshake, h.hash())) {
		return nil, hsErr("P2P-HS-11", ErrFinished, "server Finished")
	}
	if len(f.buf) != 0 {
		return nil, hsErr("P2P-HS-13", ErrUnexpected, "bytes after the server's Finished")
	}
	h.transcript = AppendMessage(h.transcript, TypeFinished, fin)
	cs, ss := ks.TrafficSecrets(h.hash())
	serverID := h.cfg.PeerID
	if err := h.cfg.Authorizer(serverID, tickets); err != nil {
		// The server already runs its connection: refuse it with an alert under the
		// client's traffic secret ([P2P-HS-15]).
		if rec, e := SealRecord(nil, cs, 0, TypeAlert, []byte{byte(AlertHandshakeFailure)}); e == nil {
			h.rw.Write(rec)
		}
		return nil, &HandshakeError{Req: "P2P-HS-10", Kind: ErrUnauthorized, Err: err}
	}
	c, err := NewConn(h.rw, ss, cs)
	if err != nil {
		return nil, &HandshakeError{Req: "P2P-HS-12", Kind: ErrConfig, Err: errors.Join(err)}
	}
	return c, nil
}
