package ident

// The RFC 4648 base32 alphabet ("A"–"Z", "2"–"7"), used without padding by
// device IDs and resource IDs.
const b32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// b32Value returns the 5-bit value of an upper-case base32 symbol, or -1.
func b32Value(c byte) int {
	switch {
	case 'A' <= c && c <= 'Z':
		return int(c - 'A')
	case '2' <= c && c <= '7':
		return int(c-'2') + 26
	}
	return -1
}

// b32Encode encodes src as upper-case base32 without padding; the spare low
// bits of the last symbol are zero.
func b32Encode(src []byte) []byte {
	out := make([]byte, 0, (len(src)*8+4)/5)
	var acc uint
	var nbits uint
	for _, b := range src {
		acc = acc<<8 | uint(b)
		nbits += 8
		for nbits >= 5 {
			nbits -= 5
			out = append(out, b32Alphabet[(acc>>nbits)&31])
		}
	}
	if nbits > 0 {
		out = append(out, b32Alphabet[(acc<<(5-nbits))&31])
	}
	return out
}

// b32Decode decodes 5-bit symbol values into dst, which must have exactly
// len(vals)*5/8 bytes. It reports false when the spare low bits of the
// last symbol are not zero.
func b32Decode(dst []byte, vals []byte) bool {
	var acc uint
	var nbits uint
	n := 0
	for _, v := range vals {
		acc = acc<<5 | uint(v)
		nbits += 5
		if nbits >= 8 {
			nbits -= 8
			dst[n] = byte(acc >> nbits)
			n++
		}
	}
	return acc&(1<<nbits-1) == 0
}
