package wire

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"hash"
	"slices"
)

// The limits of one traffic secret (spec/p2p.md §10, [P2P-KU-1]).
const (
	// RecordLimit is the number of records one traffic secret protects in one direction:
	// sequence numbers 0..RecordLimit-1, the last of which is reserved for a key update
	// ([P2P-SEQ-3]).
	RecordLimit = 1 << 20
	// ByteLimit is the number of application data plaintext bytes one traffic secret
	// protects in one direction ([P2P-KU-1], [P2P-KU-3]).
	ByteLimit = 1 << 30
)

// limits are the record and byte limits a cipher state enforces. Tests lower them.
type limits struct{ records, bytes uint64 }

var defaultLimits = limits{RecordLimit, ByteLimit}

// cipherState is the protection of one direction under one traffic secret: the derived
// keys, ready-to-use AES and HMAC instances, and the sequence number and byte count.
type cipherState struct {
	secret [SecretLen]byte
	iv     [8]byte
	block  cipher.Block
	mac    hash.Hash
	seq    uint64 // the sequence number of the next record
	bytes  uint64 // application data bytes protected so far under this secret
	lim    limits
	macIn  [8 + FrameHeaderLen]byte
	sum    [TagLen]byte
}

func newCipherState(secret []byte, lim limits) (*cipherState, error) {
	if len(secret) != SecretLen {
		return nil, ErrSecretLength
	}
	s := &cipherState{lim: lim}
	copy(s.secret[:], secret)
	s.rekey()
	return s, nil
}

// rekey derives the keys of s.secret and restarts the counts.
func (s *cipherState) rekey() {
	k, _ := DeriveKeys(s.secret[:]) // the length is right by construction
	s.iv = k.IV
	s.block, _ = aes.NewCipher(k.Enc[:]) // 16 bytes: cannot fail
	s.mac = hmac.New(sha256.New, k.MAC[:])
	s.seq, s.bytes = 0, 0
	clear(k.Enc[:])
	clear(k.MAC[:])
}

// update rolls the secret forward ([P2P-KU-2]) and forgets the old one ([P2P-KU-5]).
func (s *cipherState) update() {
	next, _ := NextSecret(s.secret[:])
	copy(s.secret[:], next)
	clear(next)
	s.rekey()
}

// counterBlock is the first AES-CTR counter block of the record with sequence number seq
// ([P2P-REC-4]): (iv XOR seq) as 8 bytes, then 8 zero bytes that count the blocks.
func (s *cipherState) counterBlock(seq uint64) [aes.BlockSize]byte {
	var cb [aes.BlockSize]byte
	binary.BigEndian.PutUint64(cb[:8], binary.BigEndian.Uint64(s.iv[:])^seq)
	return cb
}

// checkSeq applies [P2P-SEQ-3] to a record of type t at sequence number seq.
func (s *cipherState) checkSeq(t FrameType, seq uint64) *RecordError {
	if seq >= s.lim.records || (t != TypeKeyUpdate && seq >= s.lim.records-1) {
		return recErr(reqSeqLimit, "sequence number at the limit of the traffic secret")
	}
	return nil
}

// tag computes the HMAC of [P2P-REC-5] over seq, the header and the ciphertext into s.sum.
func (s *cipherState) tag(seq uint64, hdr, ct []byte) []byte {
	binary.BigEndian.PutUint64(s.macIn[:8], seq)
	copy(s.macIn[8:], hdr)
	s.mac.Reset()
	s.mac.Write(s.macIn[:])
	s.mac.Write(ct)
	return s.mac.Sum(s.sum[:0])
}

// seal appends the record of type t carrying plaintext, at the current sequence number, to
// dst, and advances the sequence number. The caller has checked the length, the limits and
// the content.
func (s *cipherState) seal(dst []byte, t FrameType, plaintext []byte) []byte {
	n := len(plaintext) + TagLen
	start := len(dst)
	dst = AppendFrameHeader(dst, t, n)
	dst = slices.Grow(dst, n)[:start+FrameHeaderLen+len(plaintext)]
	ct := dst[start+FrameHeaderLen:]
	cb := s.counterBlock(s.seq)
	cipher.NewCTR(s.block, cb[:]).XORKeyStream(ct, plaintext)
	dst = append(dst, s.tag(s.seq, dst[start:start+FrameHeaderLen], ct)...)
	s.seq++
	if t == TypeApplicationData {
		s.bytes += uint64(len(plaintext))
	}
	return dst
}

// checkSend applies the sender's rules to a record of type t with n plaintext bytes.
func (s *cipherState) checkSend(t FrameType, plaintext []byte) *RecordError {
	if !t.IsRecord() && !t.IsHandshake() {
		return recErr(reqFrameType, "reserved frame type")
	}
	if !t.IsRecord() {
		return recErr(reqFrameRecord, "not a record type")
	}
	if lo, hi := recordBodyBounds(t); len(plaintext)+TagLen < lo || len(plaintext)+TagLen > hi {
		return recErr(reqRecLength, "plaintext length not allowed for the record type")
	}
	if e := s.checkSeq(t, s.seq); e != nil {
		return e
	}
	if t == TypeApplicationData && s.bytes+uint64(len(plaintext)) > s.lim.bytes {
		return recErr(reqByteLimit, "byte limit of the traffic secret reached")
	}
	if t == TypeKeyUpdate && plaintext[0] != 0 {
		return recErr(reqKeyUpdate, "key update content must be 0x00")
	}
	return nil
}

// open checks and decrypts one whole record (header and body) at the current sequence
// number, in the check order of [P2P-ALERT-3] after the frame header's own rules, and
// advances the sequence number. The plaintext is decrypted in place: it aliases record.
// On error nothing has been decrypted and the state must not be used again.
func (s *cipherState) open(record []byte) (FrameType, []byte, *RecordError) {
	return s.openTo(nil, record)
}

// openTo is open with the plaintext written to dst (which must hold it) instead of in
// place; a nil dst means in place.
func (s *cipherState) openTo(dst, record []byte) (FrameType, []byte, *RecordError) {
	t := FrameType(record[0])
	if !t.IsRecord() {
		return t, nil, recErr(reqFrameRecord, "frame is not a record")
	}
	body := record[FrameHeaderLen:]
	if lo, hi := recordBodyBounds(t); len(body) < lo || len(body) > hi {
		return t, nil, recErr(reqRecLength, "record length not allowed for its type")
	}
	ct := body[:len(body)-TagLen]
	want := s.tag(s.seq, record[:FrameHeaderLen], ct)
	if subtle.ConstantTimeCompare(want, body[len(ct):]) != 1 {
		return t, nil, recErr(reqRecTag, "tag mismatch")
	}
	if e := s.checkSeq(t, s.seq); e != nil {
		return t, nil, e
	}
	if t == TypeApplicationData && s.bytes+uint64(len(ct)) > s.lim.bytes {
		return t, nil, recErr(reqByteLimit, "byte limit of the traffic secret exceeded")
	}
	if dst == nil {
		dst = ct
	}
	pt := dst[:len(ct)]
	cb := s.counterBlock(s.seq)
	cipher.NewCTR(s.block, cb[:]).XORKeyStream(pt, ct)
	if t == TypeKeyUpdate && pt[0] != 0 {
		return t, nil, recErr(reqKeyUpdate, "key update content is not 0x00")
	}
	s.seq++
	if t == TypeApplicationData {
		s.bytes += uint64(len(pt))
	}
	return t, pt, nil
}

// SealRecord appends to dst the record of type t carrying plaintext, protected under the
// traffic secret at sequence number seq (spec/p2p.md §3–§6). It refuses, with a
// *RecordError, a non-record type, a plaintext length the type does not allow, a sequence
// number at the limit ([P2P-SEQ-3]) and a key update whose content is not 0x00; it does
// not know how many bytes the secret has protected, so the byte limit is the caller's.
func SealRecord(dst, secret []byte, seq uint64, t FrameType, plaintext []byte) ([]byte, error) {
	s, err := newCipherState(secret, defaultLimits)
	if err != nil {
		return dst, err
	}
	if e := s.checkSend(t, plaintext); e != nil && e.Req != reqSeqLimit {
		return dst, e
	}
	if e := s.checkSeq(t, seq); e != nil {
		return dst, e
	}
	s.seq = seq
	return s.seal(dst, t, plaintext), nil
}

// OpenRecord checks and decrypts record, which must be exactly one record, received under
// the traffic secret at sequence number seq. It returns the record's type and a new slice
// holding the plaintext, or a *RecordError naming the first rule that fails in the order
// of [P2P-ALERT-3]. The byte limit, which depends on earlier records, is not checked.
func OpenRecord(secret []byte, seq uint64, record []byte) (FrameType, []byte, error) {
	if len(secret) != SecretLen {
		return 0, nil, ErrSecretLength
	}
	if len(record) < FrameHeaderLen {
		return 0, nil, recErr(reqFrameFormat, "truncated frame header")
	}
	n, e := frameLen(record)
	if e != nil {
		return FrameType(record[0]), nil, e
	}
	if len(record) != n {
		return FrameType(record[0]), nil, recErr(reqFrameFormat, "input is not exactly one frame")
	}
	s, _ := newCipherState(secret, defaultLimits)
	s.seq = seq
	buf := append([]byte(nil), record...)
	t, pt, oe := s.open(buf)
	if oe != nil {
		return t, nil, oe
	}
	return t, pt, nil
}

// OpenStream reads a whole received byte stream under the traffic secret the way a
// connection does, from sequence number 0: it follows key updates and returns the
// application data delivered. It succeeds only when the stream ends exactly after a
// close_notify alert ([P2P-CLOSE-2], [P2P-CLOSE-3]); otherwise it returns the data
// delivered before the failure with a *RecordError, or an AlertError when the stream holds
// another alert ([P2P-ALERT-4]).
func OpenStream(secret []byte, stream []byte) ([]byte, error) {
	s, err := newCipherState(secret, defaultLimits)
	if err != nil {
		return nil, err
	}
	return openStream(s, stream)
}

func openStream(s *cipherState, stream []byte) ([]byte, error) {
	var data []byte
	buf := append([]byte(nil), stream...)
	for len(buf) > 0 {
		n, e := frameLen(buf)
		if e != nil {
			return data, e
		}
		if n == 0 || n > len(buf) {
			return data, recErr(reqTruncated, "stream ends inside a frame")
		}
		t, pt, e := s.open(buf[:n])
		if e != nil {
			return data, e
		}
		buf = buf[n:]
		switch t {
		case TypeApplicationData:
			data = append(data, pt...)
		case TypeKeyUpdate:
			s.update()
		case TypeAlert:
			if Alert(pt[0]) != AlertCloseNotify {
				return data, AlertError(pt[0])
			}
			if len(buf) > 0 {
				return data, recErr(reqAfterClose, "bytes after close_notify")
			}
			return data, nil
		}
	}
	return data, recErr(reqTruncated, "stream ends without close_notify")
}

// frameLen returns the length of the frame at the start of buf (0 when buf does not hold
// its header yet), applying the rules the header alone decides, in the order of
// [P2P-ALERT-3]: the frame header ([P2P-FRAME-2], [P2P-FRAME-3]), a record type
// ([P2P-FRAME-4]) and the record's length ([P2P-REC-2]).
func frameLen(buf []byte) (int, *RecordError) {
	if len(buf) < FrameHeaderLen {
		return 0, nil
	}
	h, err := ParseFrameHeader(buf)
	if err != nil {
		return 0, err.(*RecordError)
	}
	if !h.Type.IsRecord() {
		return 0, recErr(reqFrameRecord, "frame is not a record")
	}
	if lo, hi := recordBodyBounds(h.Type); h.Length < lo || h.Length > hi {
		return 0, recErr(reqRecLength, "record length not allowed for its type")
	}
	return FrameHeaderLen + h.Length, nil
}
