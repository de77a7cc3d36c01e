package conformance

import (
	"fmt"

	"pgregory.net/rapid"
)

// Generators the areas' property cases share.

// drawUniform draws a number below n with about equal chances: rapid's integers favour small
// values, which would leave the last mutations of a long list undrawn in 100 checks.
func drawUniform(t *rapid.T, n int, label string) int {
	x := rapid.Uint64().Draw(t, label)
	return int((x * 0x9e3779b97f4a7c15 >> 32) % uint64(n))
}

// drawFrom draws one of xs with about equal chances (an element listed twice comes twice as
// often), where rapid.SampledFrom would favour the first ones. Use it to pick among kinds of
// mutation or other alternatives that should all be tried; keep rapid.SampledFrom for sizes
// and values whose small choices shrink better. A shrunk counterexample logs the choice: a
// string or number itself, anything else by its place in xs.
func drawFrom[E any](t *rapid.T, xs []E, label string) E {
	i := drawUniform(t, len(xs), label)
	switch x := any(xs[i]).(type) {
	case string:
		t.Logf("%s: %q", label, x)
	case int:
		t.Logf("%s: %d", label, x)
	default:
		t.Logf("%s: entry %d of %d", label, i+1, len(xs))
	}
	return xs[i]
}

// byteMutations are the kinds of change drawByteMutation makes: a bit flip (twice as often as
// the others), a cut, an inserted or deleted byte, a changed length field, appended bytes, or
// none.
var byteMutations = []string{"flip", "flip", "cut", "insert", "delete", "length", "append", "none"}

// drawByteMutation makes one drawn change of byteMutations to a copy of b, which must not be
// empty, and says what it did. setLength makes the "length" change: it changes the length
// field of the copy it is given in place and says what it did. Appended bytes are 1 to
// maxAppend.
func drawByteMutation(t *rapid.T, b []byte, maxAppend int, setLength func(b []byte) string) (mutated []byte, what string) {
	b = append([]byte(nil), b...)
	switch drawFrom(t, byteMutations, "mutation") {
	case "flip":
		i := rapid.IntRange(0, len(b)-1).Draw(t, "byte")
		bit := rapid.IntRange(0, 7).Draw(t, "bit")
		b[i] ^= 1 << bit
		return b, fmt.Sprintf("bit %d of byte %d flipped", bit, i)
	case "cut":
		n := rapid.IntRange(0, len(b)-1).Draw(t, "kept bytes")
		return b[:n], fmt.Sprintf("cut to %d bytes", n)
	case "insert":
		i := rapid.IntRange(0, len(b)).Draw(t, "at")
		x := rapid.Byte().Draw(t, "inserted")
		return append(b[:i], append([]byte{x}, b[i:]...)...), fmt.Sprintf("byte %02x inserted at %d", x, i)
	case "delete":
		i := rapid.IntRange(0, len(b)-1).Draw(t, "at")
		return append(b[:i], b[i+1:]...), fmt.Sprintf("byte %d deleted", i)
	case "length":
		return b, setLength(b)
	case "append":
		extra := rapid.SliceOfN(rapid.Byte(), 1, maxAppend).Draw(t, "appended")
		return append(b, extra...), fmt.Sprintf("%x appended", extra)
	}
	return b, "unchanged"
}
