package main

import (
	"crypto/sha256"
	"encoding/binary"
)

// The deterministic byte stream of the vector generator
// (spec/vectors/README.md, [VEC-GEN-3]): every "random" input of a generated vector (nonces,
// salts, OAEP seeds, identifiers) is read from a stream named by a label, so that generation
// is reproducible byte for byte, and any implementation can recompute the same inputs.
//
// The stream for label L is the concatenation of the blocks
//
//	B(i) = SHA-256( "livemesh/vectorgen/detrand/v1" || 0x00 || L || 0x00 || uint64_be(i) )
//
// for i = 0, 1, 2, …; L is the label's UTF-8 bytes. Labels name their use, by convention
// "<dir>/<file>/<purpose>", e.g. "p2p/handshake/client-nonce", and each use takes its own
// label, so adding a use never shifts the bytes another one sees.
//
// The stream is predictable by design: it is for test vectors only, never for keys or nonces
// outside tests.

// detrandDomain is the prefix that separates this stream from any other use of SHA-256.
const detrandDomain = "livemesh/vectorgen/detrand/v1"

// detRand is the stream of one label. Its Read never fails. The zero value is not usable;
// call newDetRand.
type detRand struct {
	label   string
	counter uint64
	buf     [sha256.Size]byte
	off     int // bytes of buf already returned; len(buf) when empty
}

// newDetRand returns the stream of label, positioned at its first byte. Generators pass it
// wherever an API takes an io.Reader for randomness (RSA-OAEP seeds, PSS salts) or read
// nonces from it.
func newDetRand(label string) *detRand {
	return &detRand{label: label, off: sha256.Size}
}

// Read fills p with the next bytes of the stream. It always returns len(p), nil.
func (r *detRand) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if r.off == len(r.buf) {
			r.buf = detBlock(r.label, r.counter)
			r.counter++
			r.off = 0
		}
		c := copy(p[n:], r.buf[r.off:])
		r.off += c
		n += c
	}
	return n, nil
}

// detBytes returns the first n bytes of the stream of label.
func detBytes(label string, n int) []byte {
	out := make([]byte, n)
	newDetRand(label).Read(out)
	return out
}

func detBlock(label string, i uint64) [sha256.Size]byte {
	h := sha256.New()
	h.Write([]byte(detrandDomain))
	h.Write([]byte{0})
	h.Write([]byte(label))
	h.Write([]byte{0})
	var c [8]byte
	binary.BigEndian.PutUint64(c[:], i)
	h.Write(c[:])
	var out [sha256.Size]byte
	h.Sum(out[:0])
	return out
}
