package wire

import (
	"crypto/hkdf"
	"crypto/sha256"
)

// SecretLen is the length of a traffic secret ([P2P-KEY-1]).
const SecretLen = 32

// The HKDF-Expand labels of spec/p2p.md §4 and §10 (the info strings, ASCII, no terminator).
const (
	LabelKey       = "livemesh p2p v1 key"
	LabelIV        = "livemesh p2p v1 iv"
	LabelMAC       = "livemesh p2p v1 mac"
	LabelKeyUpdate = "livemesh p2p v1 ku"
)

// Keys are the keys one traffic secret gives ([P2P-KEY-2]).
type Keys struct {
	Enc [16]byte // the AES-128 key
	IV  [8]byte  // XORed with the sequence number in the counter block ([P2P-REC-4])
	MAC [32]byte // the HMAC-SHA256 key
}

// DeriveKeys derives the record keys of a traffic secret with HKDF-Expand (SHA-256), using
// the secret as the pseudorandom key. The secret must be SecretLen bytes.
func DeriveKeys(secret []byte) (Keys, error) {
	var k Keys
	if len(secret) != SecretLen {
		return k, ErrSecretLength
	}
	expandInto(k.Enc[:], secret, LabelKey)
	expandInto(k.IV[:], secret, LabelIV)
	expandInto(k.MAC[:], secret, LabelMAC)
	return k, nil
}

// NextSecret returns the traffic secret that follows secret at a key update ([P2P-KU-2]).
func NextSecret(secret []byte) ([]byte, error) {
	if len(secret) != SecretLen {
		return nil, ErrSecretLength
	}
	out := make([]byte, SecretLen)
	expandInto(out, secret, LabelKeyUpdate)
	return out, nil
}

func expandInto(dst, prk []byte, label string) {
	out, err := hkdf.Expand(sha256.New, prk, label, len(dst))
	if err != nil { // only for lengths above 255*32 bytes, which we never ask for
		panic("wire: hkdf: " + err.Error())
	}
	copy(dst, out)
}
