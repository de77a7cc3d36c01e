// Package p2pindep is a second, deliberately independent implementation of the P2P record
// layer's key derivation and sealing (spec/p2p.md §4–§6), written from the standard library's
// primitives and the spec's labels without package wire. The vector generator builds the P2P
// vectors with it and wire's tests check wire against it, so a bug in wire cannot confirm
// itself. Seal checks nothing: any type, length and sequence number.
//
// Only tests and repository tools import this package.
package p2pindep

import (
	"bytes"
	"crypto/aes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
)

// The HKDF-Expand labels of spec/p2p.md §4, written out here rather than taken from wire.
const (
	LabelKey       = "livemesh p2p v1 key"
	LabelIV        = "livemesh p2p v1 iv"
	LabelMAC       = "livemesh p2p v1 mac"
	LabelKeyUpdate = "livemesh p2p v1 ku"
)

// Expand is HKDF-Expand with SHA-256 (RFC 5869 §2.3) written out with crypto/hmac.
func Expand(prk []byte, info string, n int) []byte {
	var out, t []byte
	for i := byte(1); len(out) < n; i++ {
		m := hmac.New(sha256.New, prk)
		m.Write(t)
		m.Write([]byte(info))
		m.Write([]byte{i})
		t = m.Sum(nil)
		out = append(out, t...)
	}
	return out[:n]
}

// Keys derives a traffic secret's AES-128 key, IV and MAC key.
func Keys(secret []byte) (key, iv, mac []byte) {
	return Expand(secret, LabelKey, 16), Expand(secret, LabelIV, 8), Expand(secret, LabelMAC, 32)
}

// Next is the traffic secret after a key update.
func Next(secret []byte) []byte { return Expand(secret, LabelKeyUpdate, 32) }

// Seal returns the record of type typ holding pt under secret at sequence number seq:
// header, AES-128-CTR ciphertext (counter block = (iv XOR seq) ‖ block index), and the
// HMAC-SHA256 tag over seq ‖ header ‖ ciphertext.
func Seal(secret []byte, seq uint64, typ byte, pt []byte) []byte {
	key, iv, mk := Keys(secret)
	blk, err := aes.NewCipher(key)
	if err != nil {
		panic(err) // a 16-byte key never fails
	}
	ct := make([]byte, len(pt))
	for i := 0; i < len(pt); i += 16 {
		var cb, ks [16]byte
		binary.BigEndian.PutUint64(cb[:8], binary.BigEndian.Uint64(iv)^seq)
		binary.BigEndian.PutUint64(cb[8:], uint64(i/16))
		blk.Encrypt(ks[:], cb[:])
		for j := i; j < min(i+16, len(pt)); j++ {
			ct[j] = pt[j] ^ ks[j-i]
		}
	}
	n := len(ct) + 32
	hdr := []byte{typ, byte(n >> 8), byte(n)}
	m := hmac.New(sha256.New, mk)
	m.Write(binary.BigEndian.AppendUint64(nil, seq))
	m.Write(hdr)
	m.Write(ct)
	return bytes.Join([][]byte{hdr, ct, m.Sum(nil)}, nil)
}
