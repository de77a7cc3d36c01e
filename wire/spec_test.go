package wire_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"math"
	"os/exec"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/internal/p2pindep"
	"github.com/livemesh-spec/livemesh/internal/specdoc"
	"github.com/livemesh-spec/livemesh/internal/testenv"
	"github.com/livemesh-spec/livemesh/wire"
)

// The worked example of spec/p2p.md §11.
const (
	exSecret    = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	exSeq       = 5
	exPlaintext = "hello, mesh"
	exKey       = "441fc70065aeea3c8b48ce9f87b37b96"
	exIV        = "02d87903baf5b640"
	exMAC       = "0d792b7b1e9083a76b7186d98d7b0a9b71c591a3c686665b5761110d18baf2cc"
	exCB0       = "02d87903baf5b6450000000000000000"
	exHeader    = "10002b"
	exCT        = "83b47faea7fe3ecfc2594b"
	exTag       = "424ec42efb006e88a927e1f864f75e03b35bec774682f960464e009ee02228ff"
	exNext      = "af577381f8d9f2e51350036e0ce1cfc54264c7f60c8d847777fa3d6bff027cea"
)

// The independent implementation of §4–§6 is internal/p2pindep (shared with the vector
// generator); its labels must be wire's.
func indepKeys(tb testing.TB, s []byte) (key, iv, mac []byte) {
	tb.Helper()
	if p2pindep.LabelKey != wire.LabelKey || p2pindep.LabelIV != wire.LabelIV || p2pindep.LabelMAC != wire.LabelMAC || p2pindep.LabelKeyUpdate != wire.LabelKeyUpdate {
		tb.Fatal("the spec's labels in internal/p2pindep differ from wire's")
	}
	return p2pindep.Keys(s)
}

func hkdfExpand(prk []byte, info string, n int) []byte { return p2pindep.Expand(prk, info, n) }

func indepSeal(tb testing.TB, s []byte, seq uint64, typ byte, pt []byte) []byte {
	indepKeys(tb, s) // checks the labels
	return p2pindep.Seal(s, seq, typ, pt)
}

func TestWorkedExample(t *testing.T) {
	s := unhex(t, exSecret)
	rec, err := wire.SealRecord(nil, s, exSeq, wire.TypeApplicationData, []byte(exPlaintext))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("[P2P-KEY-2] keys of the worked example", func(t *testing.T) {
		k, err := wire.DeriveKeys(s)
		if err != nil {
			t.Fatal(err)
		}
		if hex.EncodeToString(k.Enc[:]) != exKey || hex.EncodeToString(k.IV[:]) != exIV || hex.EncodeToString(k.MAC[:]) != exMAC {
			t.Errorf("keys %x %x %x", k.Enc, k.IV, k.MAC)
		}
		key, iv, mac := indepKeys(t, s)
		if hex.EncodeToString(key)+hex.EncodeToString(iv)+hex.EncodeToString(mac) != exKey+exIV+exMAC {
			t.Error("independent HKDF disagrees")
		}
	})
	t.Run("[P2P-REC-1] record of the worked example byte by byte", func(t *testing.T) {
		if got := hex.EncodeToString(rec); got != exHeader+exCT+exTag {
			t.Errorf("record %s", got)
		}
		if !bytes.Equal(rec, indepSeal(t, s, exSeq, 0x10, []byte(exPlaintext))) {
			t.Error("independent seal disagrees")
		}
		typ, pt, err := wire.OpenRecord(s, exSeq, rec)
		if err != nil || typ != wire.TypeApplicationData || string(pt) != exPlaintext {
			t.Errorf("open: %v %v %q", typ, err, pt)
		}
	})
	t.Run("[P2P-KU-2] next secret of the worked example", func(t *testing.T) {
		next, err := wire.NextSecret(s)
		if err != nil || hex.EncodeToString(next) != exNext {
			t.Errorf("next %x %v", next, err)
		}
		if hex.EncodeToString(hkdfExpand(s, wire.LabelKeyUpdate, 32)) != exNext {
			t.Error("independent HKDF disagrees")
		}
	})
	t.Run("[P2P-REC-1] the spec's worked example holds the same bytes", func(t *testing.T) {
		ex, err := specdoc.Example("p2p.md", "record")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		lines := strings.Split(ex, "\n")
		for i, l := range lines {
			f := strings.Fields(l)
			switch {
			case len(f) >= 2 && (f[0] == "enc_key" || f[0] == "iv" || f[0] == "mac_key" || f[0] == "CB(0)" || f[0] == "header" || f[0] == "ciphertext" || f[0] == "tag"):
				got[f[0]] = f[1]
			case len(f) == 4 && f[0] == "traffic":
				got["secret"] = f[3]
			case len(f) == 3 && f[0] == "record":
				got["record"] = f[1] + f[2] + strings.TrimSpace(lines[i+1])
			case len(f) == 1 && i > 0 && strings.HasPrefix(lines[i-1], "next secret"):
				got["next"] = f[0]
			}
		}
		want := map[string]string{"secret": exSecret, "enc_key": exKey, "iv": exIV, "mac_key": exMAC, "CB(0)": exCB0,
			"header": exHeader, "ciphertext": exCT, "tag": exTag, "record": exHeader + exCT + exTag, "next": exNext}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("spec/p2p.md §11 %s = %q, want %q", k, got[k], v)
			}
		}
	})
}

// TestWorkedExampleOpenSSL runs the commands of spec/p2p.md §11 (example "openssl") with a
// small interpreter for the pipelines they use (printf, xxd -p, xxd -r -p, openssl) and
// compares their output with the worked example.
func TestWorkedExampleOpenSSL(t *testing.T) {
	openssl := testenv.Tool(t, "openssl", "openssl")
	ex, err := specdoc.Example("p2p.md", "openssl")
	if err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{}
	var outs []string
	for _, cmd := range strings.Split(strings.ReplaceAll(ex, "|\n", "| "), "\n") {
		if cmd = strings.TrimSpace(cmd); cmd == "" {
			continue
		}
		if k, v, ok := strings.Cut(cmd, "="); ok && !strings.ContainsAny(k, " '") {
			vars[k] = v
			continue
		}
		var data []byte
		for _, seg := range strings.Split(cmd, " | ") {
			args := shellWords(t, seg, vars)
			switch {
			case args[0] == "printf":
				data = []byte(args[1])
			case args[0] == "xxd" && len(args) == 3 && args[1] == "-r":
				data = unhex(t, string(data))
			case args[0] == "xxd" && len(args) == 2:
				data = []byte(hex.EncodeToString(data))
			case args[0] == "openssl":
				c := exec.Command(openssl, args[1:]...)
				c.Stdin = bytes.NewReader(data)
				if data, err = c.Output(); err != nil {
					t.Fatalf("%s: %v", seg, err)
				}
			default:
				t.Fatalf("unexpected command %q", seg)
			}
		}
		outs = append(outs, strings.TrimSpace(string(data)))
	}
	kdf := func(s string) string { return strings.ToLower(strings.ReplaceAll(s, ":", "")) }
	if len(outs) != 6 {
		t.Fatalf("%d commands, want 6", len(outs))
	}
	t.Run("[P2P-KEY-2] openssl kdf derives the keys", func(t *testing.T) {
		if kdf(outs[0]) != exKey || kdf(outs[1]) != exIV || kdf(outs[2]) != exMAC {
			t.Errorf("openssl: %v", outs[:3])
		}
	})
	t.Run("[P2P-KU-2] openssl kdf derives the next secret", func(t *testing.T) {
		if kdf(outs[3]) != exNext {
			t.Errorf("openssl: %s", outs[3])
		}
	})
	t.Run("[P2P-REC-4] openssl enc -aes-128-ctr gives the ciphertext", func(t *testing.T) {
		if outs[4] != exCT {
			t.Errorf("openssl: %s", outs[4])
		}
	})
	t.Run("[P2P-REC-5] openssl dgst -mac HMAC gives the tag", func(t *testing.T) {
		if !strings.HasSuffix(outs[5], "= "+exTag) {
			t.Errorf("openssl: %s", outs[5])
		}
	})
}

// shellWords splits one simple command as sh would: words separated by blanks, single and
// double quotes (adjacent quoted parts join), $NAME expanded from vars.
func shellWords(tb testing.TB, s string, vars map[string]string) []string {
	tb.Helper()
	var out []string
	var w strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote == '\'':
			w.WriteByte(c)
		case c == '\'' || c == '"':
			quote, in = c, true
		case c == '$':
			j := i + 1
			for j < len(s) && (s[j] == '_' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9') {
				j++
			}
			w.WriteString(vars[s[i+1:j]])
			i, in = j-1, true
		case quote == 0 && (c == ' ' || c == '\t'):
			if in {
				out = append(out, w.String())
				w.Reset()
				in = false
			}
		default:
			w.WriteByte(c)
			in = true
		}
	}
	if quote != 0 {
		tb.Fatalf("unbalanced quote in %q", s)
	}
	if in {
		out = append(out, w.String())
	}
	return out
}

func TestFrames(t *testing.T) {
	t.Run("[P2P-FRAME-1] header decoding and whole frames", func(t *testing.T) {
		h, err := wire.ParseFrameHeader([]byte{0x10, 0x01, 0x02, 0xff})
		if err != nil || h.Type != wire.TypeApplicationData || h.Length != 0x102 {
			t.Errorf("%+v %v", h, err)
		}
		for _, in := range [][]byte{nil, {0x10}, {0x10, 0x00}} {
			if _, err := wire.ParseFrameHeader(in); !isReq(err, "P2P-FRAME-1") {
				t.Errorf("%x: %v", in, err)
			}
		}
		rec := wire.SealUnchecked(secAB, 0, wire.TypeApplicationData, []byte("x"))
		for _, in := range [][]byte{rec[:len(rec)-1], append(append([]byte(nil), rec...), 0)} {
			if _, _, err := wire.OpenRecord(secAB, 0, in); !isReq(err, "P2P-FRAME-1") {
				t.Errorf("%d bytes: %v", len(in), err)
			}
		}
	})
	t.Run("[P2P-FRAME-2] reserved types refused", func(t *testing.T) {
		for _, typ := range []byte{0x00, 0x13, 0x17, 0x80, 0xff} {
			if _, err := wire.ParseFrameHeader([]byte{typ, 0, 33}); !isReq(err, "P2P-FRAME-2") {
				t.Errorf("type %#x: %v", typ, err)
			}
			o := receive(t, []byte{typ, 0, 33})
			wantRefused(t, o, nil, "P2P-FRAME-2")
		}
		for typ := 0x01; typ <= 0x12; typ++ {
			if _, err := wire.ParseFrameHeader([]byte{byte(typ), 0, 33}); err != nil {
				t.Errorf("type %#x: %v", typ, err)
			}
		}
	})
	t.Run("[P2P-FRAME-3] oversized length refused before the body is read", func(t *testing.T) {
		for _, n := range []int{wire.MaxFrameBody + 1, 0x8000, 0xffff} {
			hdr := []byte{0x10, byte(n >> 8), byte(n)}
			if _, err := wire.ParseFrameHeader(hdr); !isReq(err, "P2P-FRAME-3") {
				t.Errorf("%d: %v", n, err)
			}
			// The transport gives only the header and then blocks: the refusal must not wait.
			tr := newTransport(hdr)
			tr.block = make(chan struct{})
			c, _ := wire.NewConn(tr, secAB, secBA)
			if _, err := c.Read(make([]byte, 10)); err != wire.ErrBadRecord || c.FailedReq() != "P2P-FRAME-3" {
				t.Errorf("%d: %v %s", n, err, c.FailedReq())
			}
		}
		if _, err := wire.ParseFrameHeader([]byte{0x10, 0x40, 0x20}); err != nil {
			t.Errorf("16416: %v", err)
		}
	})
	t.Run("[P2P-FRAME-4] handshake frames refused once records are in place", func(t *testing.T) {
		for _, typ := range []byte{0x01, 0x0f} {
			fr := append([]byte{typ, 0, 40}, make([]byte, 40)...)
			if _, _, err := wire.OpenRecord(secAB, 0, fr); !isReq(err, "P2P-FRAME-4") {
				t.Errorf("%#x: %v", typ, err)
			}
			stream := sealStream(t, [][]byte{[]byte("before")}, false)
			wantRefused(t, receive(t, join(stream, fr)), []byte("before"), "P2P-FRAME-4")
		}
	})
}

func isReq(err error, req string) bool {
	var re *wire.RecordError
	return errors.As(err, &re) && re.Req == req && errors.Is(err, wire.ErrBadRecord)
}

func TestRecords(t *testing.T) {
	t.Run("[P2P-REC-1] layout of every record type", func(t *testing.T) {
		for _, tc := range []struct {
			typ wire.FrameType
			pt  []byte
		}{{wire.TypeApplicationData, []byte("abc")}, {wire.TypeAlert, []byte{0}}, {wire.TypeKeyUpdate, []byte{0}},
			{wire.TypeApplicationData, bytes.Repeat([]byte{7}, wire.MaxPlaintext)}} {
			rec, err := wire.SealRecord(nil, secAB, 9, tc.typ, tc.pt)
			if err != nil {
				t.Fatal(err)
			}
			if len(rec) != 3+len(tc.pt)+32 || rec[0] != byte(tc.typ) || int(binary.BigEndian.Uint16(rec[1:])) != len(tc.pt)+32 {
				t.Errorf("%v: header %x, %d bytes", tc.typ, rec[:3], len(rec))
			}
			if !bytes.Equal(rec, indepSeal(t, secAB, 9, byte(tc.typ), tc.pt)) {
				t.Errorf("%v: independent seal disagrees", tc.typ)
			}
		}
	})
	t.Run("[P2P-REC-2] lengths outside the type's range refused", func(t *testing.T) {
		bad := []struct {
			typ wire.FrameType
			pt  []byte
		}{
			{wire.TypeApplicationData, nil}, // zero-length
			{wire.TypeAlert, nil}, {wire.TypeAlert, []byte{0, 0}},
			{wire.TypeKeyUpdate, nil}, {wire.TypeKeyUpdate, []byte{0, 0}},
		}
		for _, tc := range bad {
			if _, err := wire.SealRecord(nil, secAB, 0, tc.typ, tc.pt); !isReq(err, "P2P-REC-2") {
				t.Errorf("seal %v %d bytes: %v", tc.typ, len(tc.pt), err)
			}
			rec := wire.SealUnchecked(secAB, 0, tc.typ, tc.pt) // a valid tag: the length decides
			if _, _, err := wire.OpenRecord(secAB, 0, rec); !isReq(err, "P2P-REC-2") {
				t.Errorf("open %v %d bytes: %v", tc.typ, len(tc.pt), err)
			}
			wantRefused(t, receive(t, rec), nil, "P2P-REC-2")
		}
		// Too short to hold a tag.
		for _, n := range []int{0, 1, 31} {
			fr := append([]byte{0x10, 0, byte(n)}, make([]byte, n)...)
			if _, _, err := wire.OpenRecord(secAB, 0, fr); !isReq(err, "P2P-REC-2") {
				t.Errorf("length %d: %v", n, err)
			}
		}
		if _, err := wire.SealRecord(nil, secAB, 0, wire.TypeApplicationData, make([]byte, wire.MaxPlaintext+1)); !isReq(err, "P2P-REC-2") {
			t.Errorf("16385 bytes: %v", err)
		}
	})
	t.Run("[P2P-REC-3] writes split into records of at most 16384 bytes, empty writes send nothing", func(t *testing.T) {
		data := bytes.Repeat([]byte("0123456789abcdef"), 5000) // 80000 bytes
		stream := sealStream(t, [][]byte{nil, data, {}}, false)
		fs := frames(t, stream)
		var got []byte
		for i, f := range fs {
			typ, pt, err := wire.OpenRecord(secAB, uint64(i), f)
			if err != nil || typ != wire.TypeApplicationData || len(pt) == 0 || len(pt) > wire.MaxPlaintext {
				t.Fatalf("record %d: %v %v %d", i, typ, err, len(pt))
			}
			got = append(got, pt...)
		}
		if len(fs) != 5 || !bytes.Equal(got, data) {
			t.Errorf("%d records", len(fs))
		}
		if s := sealStream(t, [][]byte{{}, nil}, false); len(s) != 0 {
			t.Errorf("empty writes sent %d bytes", len(s))
		}
	})
	t.Run("[P2P-REC-4] counter blocks from the sequence number, across many blocks", func(t *testing.T) {
		pt := bytes.Repeat([]byte{0xa5}, wire.MaxPlaintext)
		for _, seq := range []uint64{0, 1, 255, 256, wire.RecordLimit - 2} {
			rec, err := wire.SealRecord(nil, secAB, seq, wire.TypeApplicationData, pt)
			if err != nil || !bytes.Equal(rec, indepSeal(t, secAB, seq, 0x10, pt)) {
				t.Errorf("seq %d: %v", seq, err)
			}
		}
		// No key stream block repeats across the records of one secret: the ciphertexts of
		// equal plaintexts at different sequence numbers share no 16-byte block.
		seen := map[string]bool{}
		for seq := range uint64(64) {
			rec, _ := wire.SealRecord(nil, secAB, seq, wire.TypeApplicationData, pt[:1024])
			for i := 3; i+16 <= 3+1024; i += 16 {
				b := string(rec[i : i+16])
				if seen[b] {
					t.Fatalf("key stream block repeated at seq %d", seq)
				}
				seen[b] = true
			}
		}
	})
	t.Run("[P2P-REC-5] the tag covers sequence number, header and ciphertext", func(t *testing.T) {
		rec, _ := wire.SealRecord(nil, secAB, 3, wire.TypeApplicationData, []byte("payload"))
		_, _, mk := indepKeys(t, secAB)
		m := hmac.New(sha256.New, mk)
		m.Write(binary.BigEndian.AppendUint64(nil, 3))
		m.Write(rec[:len(rec)-32])
		if !bytes.Equal(m.Sum(nil), rec[len(rec)-32:]) {
			t.Error("tag differs from HMAC(mac_key, seq || header || ciphertext)")
		}
		// The same record at another sequence number, or under the other type, fails.
		if _, _, err := wire.OpenRecord(secAB, 4, rec); !isReq(err, "P2P-REC-6") {
			t.Errorf("other seq: %v", err)
		}
	})
	t.Run("[P2P-REC-6] tag checked before decryption; a failed record is never decrypted", func(t *testing.T) {
		rec, _ := wire.SealRecord(nil, secAB, 0, wire.TypeApplicationData, []byte("secret text"))
		for i := range rec {
			bad := append([]byte(nil), rec...)
			bad[i] ^= 0x40
			keep := append([]byte(nil), bad...)
			typ, pt, err := wire.OpenRecord(secAB, 0, bad)
			if err == nil || pt != nil || !errors.Is(err, wire.ErrBadRecord) {
				t.Errorf("byte %d: %v %v %q", i, typ, err, pt)
			}
			if !bytes.Equal(bad, keep) {
				t.Errorf("byte %d: input changed", i)
			}
		}
		bad := append([]byte(nil), rec...)
		bad[len(bad)-1] ^= 1
		if _, _, err := wire.OpenRecord(secAB, 0, bad); !isReq(err, "P2P-REC-6") {
			t.Errorf("last tag byte: %v", err)
		}
		// Opened under the other direction's secret (a reflected record): refused.
		if _, _, err := wire.OpenRecord(secBA, 0, rec); !isReq(err, "P2P-REC-6") {
			t.Errorf("other secret: %v", err)
		}
	})
}

func TestKeys(t *testing.T) {
	t.Run("[P2P-KEY-1] secrets of other lengths refused", func(t *testing.T) {
		for _, n := range []int{0, 16, 31, 33, 64} {
			s := make([]byte, n)
			if _, err := wire.DeriveKeys(s); err == nil {
				t.Errorf("DeriveKeys %d", n)
			}
			if _, err := wire.NextSecret(s); err == nil {
				t.Errorf("NextSecret %d", n)
			}
			if _, err := wire.SealRecord(nil, s, 0, wire.TypeApplicationData, []byte("x")); err == nil {
				t.Errorf("SealRecord %d", n)
			}
			if _, _, err := wire.OpenRecord(s, 0, []byte{0x10, 0, 33}); err == nil {
				t.Errorf("OpenRecord %d", n)
			}
			if _, err := wire.OpenStream(s, nil); err == nil {
				t.Errorf("OpenStream %d", n)
			}
			if _, err := wire.NewConn(newTransport(nil), s, secBA); err == nil {
				t.Errorf("NewConn read %d", n)
			}
			if _, err := wire.NewConn(newTransport(nil), secAB, s); err == nil {
				t.Errorf("NewConn write %d", n)
			}
		}
	})
	t.Run("[P2P-KEY-2] keys from the HKDF labels", func(t *testing.T) {
		for _, label := range []string{"a", "b", "c"} {
			s := secret(label)
			k, _ := wire.DeriveKeys(s)
			key, iv, mac := indepKeys(t, s)
			if !bytes.Equal(k.Enc[:], key) || !bytes.Equal(k.IV[:], iv) || !bytes.Equal(k.MAC[:], mac) {
				t.Errorf("%s: keys differ", label)
			}
		}
	})
	t.Run("[P2P-KEY-3] equal read and write secrets refused; reflected records fail", func(t *testing.T) {
		if _, err := wire.NewConn(newTransport(nil), secAB, append([]byte(nil), secAB...)); err == nil {
			t.Error("equal secrets accepted")
		}
		// A's own records reflected back to A do not authenticate.
		stream := sealStream(t, [][]byte{[]byte("to b")}, true)
		tr := newTransport(stream)
		a, _ := wire.NewConn(tr, secBA, secAB)
		if _, err := a.Read(make([]byte, 10)); err != wire.ErrBadRecord || a.FailedReq() != "P2P-REC-6" {
			t.Errorf("reflected: %v %s", err, a.FailedReq())
		}
	})
}

func TestSequenceNumbers(t *testing.T) {
	t.Run("[P2P-SEQ-1] implicit, from 0, one per record of any type", func(t *testing.T) {
		tr := newTransport(nil)
		c, _ := wire.NewConn(tr, secBA, secAB)
		c.Write([]byte("one"))
		c.KeyUpdate()
		c.Write([]byte("two"))
		c.Write([]byte("three"))
		c.Close()
		fs := frames(t, tr.written())
		want := []struct {
			sec []byte
			seq uint64
		}{{secAB, 0}, {secAB, 1}, {nil, 0}, {nil, 1}, {nil, 2}}
		next, _ := wire.NextSecret(secAB)
		for i, w := range want {
			s := w.sec
			if s == nil {
				s = next
			}
			if _, _, err := wire.OpenRecord(s, w.seq, fs[i]); err != nil {
				t.Errorf("record %d at seq %d: %v", i, w.seq, err)
			}
		}
	})
	stream := sealStream(t, [][]byte{[]byte("r0"), []byte("r1"), []byte("r2"), []byte("r3")}, true)
	fs := frames(t, stream)
	cases := []struct {
		name   string
		stream []byte
	}{
		{"[P2P-SEQ-2] replayed record", join(fs[0], fs[1], fs[0], fs[2], fs[3], fs[4])},
		{"[P2P-SEQ-2] duplicated record", join(fs[0], fs[1], fs[1], fs[2], fs[3], fs[4])},
		{"[P2P-SEQ-2] reordered records", join(fs[0], fs[2], fs[1], fs[3], fs[4])},
		{"[P2P-SEQ-2] dropped record", join(fs[0], fs[1], fs[3], fs[4])},
		{"[P2P-SEQ-2] dropped first record", join(fs[1], fs[2], fs[3], fs[4])},
		{"[P2P-SEQ-2] dropped close (then a record again)", join(fs[0], fs[1], fs[2], fs[3], fs[3])},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantRefused(t, receive(t, tc.stream), []byte("r0r1r2r3"), "P2P-REC-6")
			if _, err := wire.OpenStream(secAB, tc.stream); !isReq(err, "P2P-REC-6") {
				t.Errorf("OpenStream: %v", err)
			}
		})
	}
	t.Run("[P2P-SEQ-3] sequence numbers at the limit refused, never wrapped", func(t *testing.T) {
		last := uint64(wire.RecordLimit - 1)
		for _, seq := range []uint64{wire.RecordLimit, wire.RecordLimit + 1, 1 << 32, math.MaxUint64} {
			if _, err := wire.SealRecord(nil, secAB, seq, wire.TypeKeyUpdate, []byte{0}); !isReq(err, "P2P-SEQ-3") {
				t.Errorf("seal key update at %d: %v", seq, err)
			}
			rec := wire.SealUnchecked(secAB, seq, wire.TypeKeyUpdate, []byte{0})
			if _, _, err := wire.OpenRecord(secAB, seq, rec); !isReq(err, "P2P-SEQ-3") {
				t.Errorf("open at %d: %v", seq, err)
			}
		}
		for _, typ := range []wire.FrameType{wire.TypeApplicationData, wire.TypeAlert} {
			pt := []byte{0}
			if _, err := wire.SealRecord(nil, secAB, last, typ, pt); !isReq(err, "P2P-SEQ-3") {
				t.Errorf("seal %v at the last number: %v", typ, err)
			}
			if _, _, err := wire.OpenRecord(secAB, last, wire.SealUnchecked(secAB, last, typ, pt)); !isReq(err, "P2P-SEQ-3") {
				t.Errorf("open %v at the last number: %v", typ, err)
			}
		}
		rec, err := wire.SealRecord(nil, secAB, last, wire.TypeKeyUpdate, []byte{0})
		if err != nil {
			t.Fatal(err)
		}
		if typ, _, err := wire.OpenRecord(secAB, last, rec); err != nil || typ != wire.TypeKeyUpdate {
			t.Errorf("key update at the last number: %v", err)
		}
		// A receiver with a small record limit refuses a sender that does not update.
		const lim = 6
		var raw []byte
		for seq := range uint64(lim) {
			raw = append(raw, wire.SealUnchecked(secAB, seq, wire.TypeApplicationData, []byte{byte(seq)})...)
		}
		tr := newTransport(raw)
		c, _ := wire.NewConnLimits(tr, secAB, secBA, lim, 1<<20)
		got, err := io.ReadAll(c)
		if err != wire.ErrBadRecord || c.FailedReq() != "P2P-SEQ-3" || !bytes.Equal(got, []byte{0, 1, 2, 3, 4}) {
			t.Errorf("got %x %v %s", got, err, c.FailedReq())
		}
	})
}
