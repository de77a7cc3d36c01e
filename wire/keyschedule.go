package wire

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
)

// The labels of the key schedule (spec/p2p.md §15). Each is followed in HKDF's info by the
// 32-byte transcript hash it binds.
const (
	LabelClientHandshake = "livemesh p2p v1 c hs"
	LabelServerHandshake = "livemesh p2p v1 s hs"
	LabelClientTraffic   = "livemesh p2p v1 c ap"
	LabelServerTraffic   = "livemesh p2p v1 s ap"
	LabelFinished        = "livemesh p2p v1 finished"
	// OAEPLabel is the RSA-OAEP label of the key exchange ([P2P-HS-8]).
	OAEPLabel = "livemesh p2p v1 kex"
	// SignatureContext starts the bytes the client signs ([P2P-HS-9]).
	SignatureContext = "livemesh p2p v1 client verify"
)

// PreMasterLen is the length of the client's pre-master secret.
const PreMasterLen = 32

// Schedule holds the secrets of one handshake (spec/p2p.md §15).
type Schedule struct {
	PRK             []byte // HKDF-Extract(client_nonce || server_nonce, pre_master)
	ClientHandshake []byte // protects the client's encrypted flight
	ServerHandshake []byte // protects the server's encrypted flight
}

// NewSchedule runs HKDF-Extract over the pre-master secret with both nonces as the salt and
// expands the two handshake traffic secrets bound to h1, the transcript hash through the
// key exchange ([P2P-HS-12]).
func NewSchedule(preMaster, clientNonce, serverNonce, h1 []byte) *Schedule {
	salt := append(append([]byte(nil), clientNonce...), serverNonce...)
	prk, err := hkdf.Extract(sha256.New, preMaster, salt)
	if err != nil {
		panic("wire: hkdf: " + err.Error())
	}
	return &Schedule{
		PRK:             prk,
		ClientHandshake: expandHash(prk, LabelClientHandshake, h1),
		ServerHandshake: expandHash(prk, LabelServerHandshake, h1),
	}
}

// TrafficSecrets returns the client's and the server's application traffic secrets, bound
// to h3, the transcript hash through the server's Finished ([P2P-HS-12]); they are the
// secrets NewConn takes (part 1 §4).
func (s *Schedule) TrafficSecrets(h3 []byte) (client, server []byte) {
	return expandHash(s.PRK, LabelClientTraffic, h3), expandHash(s.PRK, LabelServerTraffic, h3)
}

// FinishedMAC returns HMAC(HKDF-Expand(hsSecret, "livemesh p2p v1 finished", 32), h), the
// content of a Finished message ([P2P-HS-11]).
func FinishedMAC(hsSecret, h []byte) []byte {
	fk := make([]byte, 32)
	expandInto(fk, hsSecret, LabelFinished)
	m := hmac.New(sha256.New, fk)
	m.Write(h)
	return m.Sum(nil)
}

// SignedContent returns the bytes the client's signature covers: the context string, one
// zero byte, and the transcript hash h2 ([P2P-HS-9]). The signature is RSA-PSS with
// SHA-256 over these bytes (the digest of this content is what is signed).
func SignedContent(h2 []byte) []byte {
	return append(append([]byte(SignatureContext), 0), h2...)
}

func expandHash(prk []byte, label string, h []byte) []byte {
	out, err := hkdf.Expand(sha256.New, prk, label+string(h), SecretLen)
	if err != nil {
		panic("wire: hkdf: " + err.Error())
	}
	return out
}
