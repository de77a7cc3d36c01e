package wire_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"testing"

	"github.com/livemesh-spec/livemesh/wire"
)

// failureStreams are streams that break each kind of rule, for the uniformity checks.
func failureStreams(t *testing.T) map[string]struct {
	stream []byte
	req    string
} {
	good := sealStream(t, [][]byte{[]byte("first"), []byte("second")}, true)
	fs := frames(t, good)
	flip := func(b []byte, i int) []byte {
		c := append([]byte(nil), b...)
		c[i] ^= 1
		return c
	}
	return map[string]struct {
		stream []byte
		req    string
	}{
		"reserved type":     {join(fs[0], []byte{0x55, 0, 40}), "P2P-FRAME-2"},
		"oversized length":  {join(fs[0], []byte{0x10, 0xff, 0xff}), "P2P-FRAME-3"},
		"handshake frame":   {join(fs[0], []byte{0x01, 0, 1, 0}), "P2P-FRAME-4"},
		"zero-length":       {join(fs[0], wire.SealUnchecked(secAB, 1, wire.TypeApplicationData, nil)), "P2P-REC-2"},
		"bad tag":           {join(fs[0], flip(fs[1], len(fs[1])-1), fs[2]), "P2P-REC-6"},
		"bad ciphertext":    {join(fs[0], flip(fs[1], 4), fs[2]), "P2P-REC-6"},
		"replayed":          {join(fs[0], fs[0], fs[1], fs[2]), "P2P-REC-6"},
		"bad key update":    {join(fs[0], wire.SealUnchecked(secAB, 1, wire.TypeKeyUpdate, []byte{1})), "P2P-KU-2"},
		"truncated inside":  {join(fs[0], fs[1][:10]), "P2P-CLOSE-2"},
		"truncated between": {join(fs[0], fs[1]), "P2P-CLOSE-2"},
		"empty stream":      {nil, "P2P-CLOSE-2"},
	}
}

func TestAlerts(t *testing.T) {
	t.Run("[P2P-ALERT-1] alert codes and unknown codes", func(t *testing.T) {
		names := map[wire.Alert]string{0: "close_notify", 1: "bad_record", 2: "handshake_failure", 3: "internal_error"}
		for a, n := range names {
			if a.String() != n {
				t.Errorf("%d: %s", a, a)
			}
		}
		for _, code := range []byte{1, 2, 3, 4, 0x7f, 0xff} {
			stream := join(wire.SealUnchecked(secAB, 0, wire.TypeApplicationData, []byte("hi")),
				wire.SealUnchecked(secAB, 1, wire.TypeAlert, []byte{code}))
			o := receive(t, stream)
			if !errors.Is(o.err, wire.AlertError(code)) || string(o.data) != "hi" || len(o.sent) != 0 || !o.closed {
				t.Errorf("code %d: %v %q sent %x closed %v", code, o.err, o.data, o.sent, o.closed)
			}
		}
	})
	t.Run("[P2P-ALERT-2] every record failure: one error value, one alert, closed", func(t *testing.T) {
		var alerts [][]byte
		for name, tc := range failureStreams(t) {
			o := receive(t, tc.stream)
			wantRefused(t, o, []byte("firstsecond"), tc.req)
			if t.Failed() {
				t.Fatalf("%s", name)
			}
			alerts = append(alerts, o.sent)
			if _, err := wire.OpenStream(secAB, tc.stream); !isReq(err, tc.req) {
				t.Errorf("%s: OpenStream %v", name, err)
			}
		}
		for _, a := range alerts[1:] {
			if !bytes.Equal(a, alerts[0]) {
				t.Error("alerts differ between failures")
			}
		}
	})
	t.Run("[P2P-ALERT-3] check order", func(t *testing.T) {
		bigBad := append([]byte{0x13, 0xff, 0xff}, make([]byte, 10)...)
		lenAndTag := append([]byte{0x11, 0, 34}, make([]byte, 34)...) // alert of 2 bytes, bad tag
		hsLong := []byte{0x05, 0xff, 0xff}
		seqAndTag := wire.SealUnchecked(secAB, wire.RecordLimit, wire.TypeKeyUpdate, []byte{0})
		kuAtLimitBadContent := wire.SealUnchecked(secAB, wire.RecordLimit, wire.TypeKeyUpdate, []byte{9})
		kuBad := wire.SealUnchecked(secAB, 0, wire.TypeKeyUpdate, []byte{9})
		short := append([]byte{0x10, 0, 40}, make([]byte, 20)...) // truncated and bad tag
		cases := []struct {
			name string
			rec  []byte
			seq  uint64
			req  string
		}{
			{"reserved type before length", bigBad, 0, "P2P-FRAME-2"},
			{"frame length before record type", hsLong, 0, "P2P-FRAME-3"},
			{"record length before tag", lenAndTag, 0, "P2P-REC-2"},
			{"whole frame before tag", short, 0, "P2P-FRAME-1"},
			{"tag before sequence", seqAndTag, wire.RecordLimit + 1, "P2P-REC-6"},
			{"sequence before content", kuAtLimitBadContent, wire.RecordLimit, "P2P-SEQ-3"},
			{"content last", kuBad, 0, "P2P-KU-2"},
		}
		for _, tc := range cases {
			if _, _, err := wire.OpenRecord(secAB, tc.seq, tc.rec); !isReq(err, tc.req) {
				t.Errorf("%s: %v, want %s", tc.name, err, tc.req)
			}
		}
		// In a stream, truncation inside a frame comes after the header's rules, before the tag.
		if _, err := wire.OpenStream(secAB, short); !isReq(err, "P2P-CLOSE-2") {
			t.Errorf("stream truncated: %v", err)
		}
		if _, err := wire.OpenStream(secAB, lenAndTag[:3]); !isReq(err, "P2P-REC-2") {
			t.Errorf("stream bad length: %v", err)
		}
	})
	t.Run("[P2P-ALERT-4] a fatal alert from the peer ends the connection", func(t *testing.T) {
		stream := wire.SealUnchecked(secAB, 0, wire.TypeAlert, []byte{byte(wire.AlertBadRecord)})
		tr := newTransport(stream)
		c, _ := wire.NewConn(tr, secAB, secBA)
		_, err := c.Read(make([]byte, 4))
		var ae wire.AlertError
		if !errors.As(err, &ae) || wire.Alert(ae) != wire.AlertBadRecord || ae.Error() != "wire: peer sent alert bad_record" {
			t.Fatalf("%v", err)
		}
		if _, werr := c.Write([]byte("x")); !errors.Is(werr, wire.AlertError(wire.AlertBadRecord)) {
			t.Errorf("Write after the alert: %v", werr)
		}
		if len(tr.written()) != 0 || !tr.isClosed() {
			t.Errorf("sent %x closed %v", tr.written(), tr.isClosed())
		}
		if _, err := wire.OpenStream(secAB, stream); !errors.Is(err, wire.AlertError(wire.AlertBadRecord)) {
			t.Errorf("OpenStream: %v", err)
		}
	})
	t.Run("[P2P-ALERT-5] nothing is sent after an alert", func(t *testing.T) {
		// After a record failure: the alert, and nothing for later writes.
		tr := newTransport([]byte{0x55, 0, 0})
		c, _ := wire.NewConn(tr, secAB, secBA)
		c.Read(make([]byte, 4))
		if _, err := c.Write([]byte("late")); err != wire.ErrBadRecord {
			t.Errorf("Write after failure: %v", err)
		}
		if err := c.KeyUpdate(); err != wire.ErrBadRecord {
			t.Errorf("KeyUpdate after failure: %v", err)
		}
		c.Close()
		if !bytes.Equal(tr.written(), badRecordAlert(t)) {
			t.Errorf("sent %x", tr.written())
		}
		// After Close: close_notify, then nothing.
		tr = newTransport(nil)
		c, _ = wire.NewConn(tr, secAB, secBA)
		c.Close()
		n := len(tr.written())
		if _, err := c.Write([]byte("late")); !errors.Is(err, net.ErrClosed) {
			t.Errorf("Write after Close: %v", err)
		}
		if err := c.KeyUpdate(); !errors.Is(err, net.ErrClosed) {
			t.Errorf("KeyUpdate after Close: %v", err)
		}
		if err := c.Close(); !errors.Is(err, net.ErrClosed) {
			t.Errorf("second Close: %v", err)
		}
		if len(tr.written()) != n {
			t.Error("bytes sent after close_notify")
		}
		if _, err := c.Read(make([]byte, 1)); !errors.Is(err, net.ErrClosed) {
			t.Errorf("Read after Close: %v", err)
		}
	})
}

func TestClose(t *testing.T) {
	data := []byte("all of it")
	stream := sealStream(t, [][]byte{data}, true)
	t.Run("[P2P-CLOSE-1] Close sends one close_notify and closes the transport", func(t *testing.T) {
		tr := newTransport(nil)
		c, _ := wire.NewConn(tr, secBA, secAB)
		c.Write(data)
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		fs := frames(t, tr.written())
		typ, pt, err := wire.OpenRecord(secAB, 1, fs[len(fs)-1])
		if len(fs) != 2 || err != nil || typ != wire.TypeAlert || !bytes.Equal(pt, []byte{0}) || !tr.isClosed() {
			t.Errorf("%d frames, last %v %x %v", len(fs), typ, pt, err)
		}
		if got, err := wire.OpenStream(secAB, tr.written()); err != nil || !bytes.Equal(got, data) {
			t.Errorf("OpenStream: %q %v", got, err)
		}
	})
	t.Run("[P2P-CLOSE-2] end of stream only after close_notify; truncation at every byte refused", func(t *testing.T) {
		o := receive(t, stream)
		if o.err != io.EOF || !bytes.Equal(o.data, data) || len(o.sent) != 0 {
			t.Fatalf("whole stream: %v %q", o.err, o.data)
		}
		for cut := range len(stream) {
			o := receive(t, stream[:cut])
			wantRefused(t, o, data, "")
			if o.req != "P2P-CLOSE-2" {
				t.Errorf("cut %d: %s", cut, o.req)
			}
			if _, err := wire.OpenStream(secAB, stream[:cut]); !isReq(err, "P2P-CLOSE-2") {
				t.Errorf("cut %d: OpenStream %v", cut, err)
			}
		}
		// A transport error other than its end is reported as such, never as the end.
		tr := &errTransport{err: errors.New("connection reset")}
		c, _ := wire.NewConn(tr, secAB, secBA)
		if _, err := c.Read(make([]byte, 1)); err == nil || err == io.EOF || err.Error() != "connection reset" {
			t.Errorf("reset: %v", err)
		}
	})
	t.Run("[P2P-CLOSE-3] nothing after close_notify is delivered", func(t *testing.T) {
		more := wire.SealUnchecked(secAB, 2, wire.TypeApplicationData, []byte("after"))
		for _, tail := range [][]byte{more, {0x55}, {0x10, 0xff, 0xff}} {
			o := receive(t, join(stream, tail))
			if o.err != io.EOF || !bytes.Equal(o.data, data) || len(o.sent) != 0 {
				t.Errorf("tail %x: %v %q", tail[:3:3], o.err, o.data)
			}
			got, err := wire.OpenStream(secAB, join(stream, tail))
			if !isReq(err, "P2P-CLOSE-3") || !bytes.Equal(got, data) {
				t.Errorf("OpenStream tail: %v %q", err, got)
			}
		}
	})
}

type errTransport struct{ err error }

func (e *errTransport) Read([]byte) (int, error)    { return 0, e.err }
func (e *errTransport) Write(p []byte) (int, error) { return len(p), nil }

func TestKeyUpdate(t *testing.T) {
	t.Run("[P2P-KU-1] the sender updates before a limit", func(t *testing.T) {
		for _, lim := range []struct{ records, bytes uint64 }{{4, 1 << 20}, {1 << 20, 100}, {3, 40}} {
			tr := newTransport(nil)
			c, _ := wire.NewConnLimits(tr, secBA, secAB, lim.records, lim.bytes)
			var want []byte
			for i := range 20 {
				w := bytes.Repeat([]byte{byte(i)}, 1+i%30)
				want = append(want, w...)
				c.Write(w)
			}
			c.Close()
			// Walk the records: per secret, data records at seq ≤ records-2, bytes ≤ limit.
			s, seq, n := secAB, uint64(0), uint64(0)
			var got []byte
			updates := 0
			for _, f := range frames(t, tr.written()) {
				typ, pt, err := wire.OpenRecord(s, seq, f)
				if err != nil {
					t.Fatalf("%+v: seq %d: %v", lim, seq, err)
				}
				switch typ {
				case wire.TypeApplicationData:
					n += uint64(len(pt))
					if seq > lim.records-2 || n > lim.bytes {
						t.Fatalf("%+v: limit passed at seq %d, %d bytes", lim, seq, n)
					}
					got = append(got, pt...)
					seq++
				case wire.TypeKeyUpdate:
					s, _ = wire.NextSecret(s)
					seq, n = 0, 0
					updates++
				default:
					seq++
				}
			}
			if !bytes.Equal(got, want) || updates == 0 {
				t.Errorf("%+v: %d updates, data equal %v", lim, updates, bytes.Equal(got, want))
			}
			o, err := wire.OpenStreamLimits(secAB, tr.written(), lim.records, lim.bytes)
			if err != nil || !bytes.Equal(o, want) {
				t.Errorf("%+v: OpenStream %v", lim, err)
			}
		}
	})
	t.Run("[P2P-KU-2] key update content and the next secret", func(t *testing.T) {
		next, _ := wire.NextSecret(secAB)
		stream := join(wire.SealUnchecked(secAB, 0, wire.TypeApplicationData, []byte("old")),
			wire.SealUnchecked(secAB, 1, wire.TypeKeyUpdate, []byte{0}),
			wire.SealUnchecked(next, 0, wire.TypeApplicationData, []byte("new")),
			wire.SealUnchecked(next, 1, wire.TypeAlert, []byte{0}))
		o := receive(t, stream)
		if o.err != io.EOF || string(o.data) != "oldnew" {
			t.Errorf("%v %q", o.err, o.data)
		}
		for _, b := range []byte{1, 0x80, 0xff} {
			bad := join(wire.SealUnchecked(secAB, 0, wire.TypeKeyUpdate, []byte{b}))
			wantRefused(t, receive(t, bad), nil, "P2P-KU-2")
			if _, err := wire.SealRecord(nil, secAB, 0, wire.TypeKeyUpdate, []byte{b}); !isReq(err, "P2P-KU-2") {
				t.Errorf("seal %#x: %v", b, err)
			}
		}
		// Records after the update under the old secret, or at continued numbers, fail.
		for _, after := range [][]byte{
			wire.SealUnchecked(secAB, 2, wire.TypeApplicationData, []byte("new")),
			wire.SealUnchecked(secAB, 0, wire.TypeApplicationData, []byte("new")),
			wire.SealUnchecked(next, 2, wire.TypeApplicationData, []byte("new")),
		} {
			s := join(stream[:len(frames(t, stream)[0])+len(frames(t, stream)[1])], after)
			wantRefused(t, receive(t, s), []byte("old"), "P2P-REC-6")
		}
	})
	t.Run("[P2P-KU-3] the receiver enforces the byte limit", func(t *testing.T) {
		tr := newTransport(nil)
		w, _ := wire.NewConnLimits(tr, secBA, secAB, 1<<20, 1000) // a sender with a higher limit
		w.Write(make([]byte, 600))
		w.Write(make([]byte, 600))
		w.Close()
		r, _ := wire.NewConnLimits(newTransport(tr.written()), secAB, secBA, 1<<20, 1100)
		got, err := io.ReadAll(r)
		if err != nil || len(got) != 1200 {
			t.Fatalf("updated stream: %d %v", len(got), err)
		}
		tr = newTransport(nil)
		w, _ = wire.NewConnLimits(tr, secBA, secAB, 1<<20, 1<<20)
		w.Write(make([]byte, 600))
		w.Write(make([]byte, 600))
		w.Close()
		r, _ = wire.NewConnLimits(newTransport(tr.written()), secAB, secBA, 1<<20, 1100)
		got, err = io.ReadAll(r)
		if err != wire.ErrBadRecord || r.FailedReq() != "P2P-KU-3" || len(got) != 600 {
			t.Errorf("%d %v %s", len(got), err, r.FailedReq())
		}
		if _, err := wire.OpenStreamLimits(secAB, tr.written(), 1<<20, 1100); !isReq(err, "P2P-KU-3") {
			t.Errorf("OpenStream: %v", err)
		}
	})
	t.Run("[P2P-KU-4] a key update at any time", func(t *testing.T) {
		tr := newTransport(nil)
		c, _ := wire.NewConn(tr, secBA, secAB)
		for i := range 5 {
			c.KeyUpdate()
			c.KeyUpdate()
			c.Write([]byte{byte('a' + i)})
		}
		c.Close()
		got, err := wire.OpenStream(secAB, tr.written())
		if err != nil || string(got) != "abcde" {
			t.Errorf("%q %v", got, err)
		}
	})
	t.Run("[P2P-KU-5] the old secret is forgotten", func(t *testing.T) {
		c, _ := wire.NewConn(newTransport(nil), secBA, secAB)
		c.KeyUpdate()
		s, seq := c.WriteState()
		next, _ := wire.NextSecret(secAB)
		if !bytes.Equal(s, next) || seq != 0 {
			t.Errorf("write state %x %d", s, seq)
		}
	})
}
