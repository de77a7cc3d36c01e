package wire_test

import (
	"bytes"
	"io"
	"testing"

	"pgregory.net/rapid"

	"github.com/livemesh-spec/livemesh/wire"
)

// chunkReader serves its bytes in pieces of the drawn sizes, as a network might.
type chunkReader struct {
	data   []byte
	chunks []int
	i      int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := len(r.data)
	if len(r.chunks) > 0 {
		n = r.chunks[r.i%len(r.chunks)]
		r.i++
	}
	n = min(n, len(p), len(r.data))
	copy(p, r.data[:n])
	r.data = r.data[n:]
	return n, nil
}

func (r *chunkReader) Write(p []byte) (int, error) { return len(p), nil }

// drawStream writes a random schedule of writes (and key updates) with random limits and
// returns the stream, the data and the limits.
func drawStream(t *rapid.T) (stream, data []byte, records, bytesLim uint64) {
	records = rapid.Uint64Range(2, 40).Draw(t, "recordLimit")
	bytesLim = rapid.Uint64Range(1, 200000).Draw(t, "byteLimit")
	tr := newTransport(nil)
	c, _ := wire.NewConnLimits(tr, secBA, secAB, records, bytesLim)
	n := rapid.IntRange(0, 8).Draw(t, "writes")
	for i := range n {
		size := rapid.OneOf(rapid.IntRange(0, 40), rapid.IntRange(0, 2000), rapid.IntRange(0, 70000)).Draw(t, "size")
		w := make([]byte, size)
		for j := range w {
			w[j] = byte(i*31 + j*7)
		}
		if rapid.Bool().Draw(t, "keyUpdate") {
			c.KeyUpdate()
		}
		if _, err := c.Write(w); err != nil {
			t.Fatal(err)
		}
		data = append(data, w...)
	}
	c.Close()
	return tr.written(), data, records, bytesLim
}

func TestPropWritesArriveInOrder(t *testing.T) {
	t.Run("[P2P-KU-1] random writes arrive intact and in order across key updates", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			stream, data, records, bytesLim := drawStream(t)
			cr := &chunkReader{data: stream, chunks: rapid.SliceOfN(rapid.IntRange(1, 40000), 0, 5).Draw(t, "chunks")}
			r, _ := wire.NewConnLimits(cr, secAB, secBA, records, bytesLim)
			bufSize := rapid.OneOf(rapid.IntRange(1, 64), rapid.IntRange(1, 70000)).Draw(t, "readBuffer")
			var got []byte
			buf := make([]byte, bufSize)
			for {
				n, err := r.Read(buf)
				got = append(got, buf[:n]...)
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("read: %v (rule %s)", err, r.FailedReq())
				}
			}
			if !bytes.Equal(got, data) {
				t.Fatalf("got %d bytes, want %d", len(got), len(data))
			}
			if o, err := wire.OpenStreamLimits(secAB, stream, records, bytesLim); err != nil || !bytes.Equal(o, data) {
				t.Fatalf("OpenStream: %v", err)
			}
		})
	})
}

func TestPropCorruptionNeverDelivered(t *testing.T) {
	t.Run("[P2P-REC-6] random corruption never delivers corrupted plaintext", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			stream, data, records, bytesLim := drawStream(t)
			bad := append([]byte(nil), stream...)
			for range rapid.IntRange(1, 4).Draw(t, "mutations") {
				switch op := rapid.IntRange(0, 4).Draw(t, "op"); {
				case len(bad) == 0:
					bad = append(bad, byte(op))
				case op == 0: // flip bits
					i := rapid.IntRange(0, len(bad)-1).Draw(t, "at")
					bad[i] ^= rapid.ByteRange(1, 255).Draw(t, "mask")
				case op == 1: // delete a run
					i := rapid.IntRange(0, len(bad)-1).Draw(t, "at")
					j := rapid.IntRange(i+1, len(bad)).Draw(t, "to")
					bad = append(bad[:i:i], bad[j:]...)
				case op == 2: // insert bytes
					i := rapid.IntRange(0, len(bad)).Draw(t, "at")
					ins := rapid.SliceOfN(rapid.Byte(), 1, 40).Draw(t, "bytes")
					bad = join(bad[:i], ins, bad[i:])
				case op == 3: // truncate
					bad = bad[:rapid.IntRange(0, len(bad)-1).Draw(t, "cut")]
				case op == 4: // duplicate a run elsewhere
					i := rapid.IntRange(0, len(bad)-1).Draw(t, "from")
					j := rapid.IntRange(i+1, len(bad)).Draw(t, "to")
					k := rapid.IntRange(0, len(bad)).Draw(t, "at")
					bad = join(bad[:k], append([]byte(nil), bad[i:j]...), bad[k:])
				}
			}
			if bytes.Equal(bad, stream) {
				return
			}
			r, _ := wire.NewConnLimits(newTransport(bad), secAB, secBA, records, bytesLim)
			got, err := io.ReadAll(r)
			if !bytes.HasPrefix(data, got) {
				t.Fatalf("delivered %d bytes that are not a prefix of the data", len(got))
			}
			// A corrupted stream never ends cleanly, unless only bytes after the close were
			// changed (then the data is complete).
			if err == nil && !bytes.Equal(got, data) {
				t.Fatalf("clean end after %d of %d bytes", len(got), len(data))
			}
			if err != nil && err != wire.ErrBadRecord {
				if _, ok := err.(wire.AlertError); !ok {
					t.Fatalf("error %v", err)
				}
			}
		})
	})
}
