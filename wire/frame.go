package wire

import (
	"encoding/binary"
	"fmt"
)

// FrameType is the first byte of every frame (spec/p2p.md §2).
type FrameType uint8

// Frame types. 0x01–0x0F are handshake and relay frames, assigned by spec/p2p.md part 2;
// 0x00 and 0x13–0xFF are reserved and refused.
const (
	TypeApplicationData FrameType = 0x10 // a record carrying application data
	TypeAlert           FrameType = 0x11 // a record carrying one alert code
	TypeKeyUpdate       FrameType = 0x12 // a record announcing the next traffic secret
)

// Sizes of spec/p2p.md §2 and §3.
const (
	FrameHeaderLen = 3                     // type (1) and length (2, big-endian)
	TagLen         = 32                    // HMAC-SHA256, not truncated
	MaxPlaintext   = 1 << 14               // the largest application data plaintext of one record
	MaxFrameBody   = MaxPlaintext + TagLen // the largest length of any frame: 16416
	MaxFrame       = FrameHeaderLen + MaxFrameBody
)

func (t FrameType) String() string {
	switch t {
	case TypeApplicationData:
		return "application_data"
	case TypeAlert:
		return "alert"
	case TypeKeyUpdate:
		return "key_update"
	}
	if t.IsHandshake() {
		return fmt.Sprintf("handshake(0x%02x)", uint8(t))
	}
	return fmt.Sprintf("reserved(0x%02x)", uint8(t))
}

// IsRecord reports whether t is one of the three record types.
func (t FrameType) IsRecord() bool { return t >= TypeApplicationData && t <= TypeKeyUpdate }

// IsHandshake reports whether t is in the range of handshake and relay frames (0x01–0x0F).
func (t FrameType) IsHandshake() bool { return t >= 0x01 && t <= 0x0F }

// FrameHeader is the three-byte header of a frame.
type FrameHeader struct {
	Type   FrameType
	Length int // the length of the body, 0..MaxFrameBody
}

// ParseFrameHeader decodes the header at the start of b, checking in the order of
// spec/p2p.md §8 the rules that the header alone decides: b holds a whole header
// ([P2P-FRAME-1]), the type is not reserved ([P2P-FRAME-2]) and the length is at most
// MaxFrameBody ([P2P-FRAME-3]). Errors are *RecordError.
func ParseFrameHeader(b []byte) (FrameHeader, error) {
	if len(b) < FrameHeaderLen {
		return FrameHeader{}, recErr(reqFrameFormat, "truncated frame header")
	}
	h := FrameHeader{Type: FrameType(b[0]), Length: int(binary.BigEndian.Uint16(b[1:3]))}
	if !h.Type.IsRecord() && !h.Type.IsHandshake() {
		return h, recErr(reqFrameType, "reserved frame type")
	}
	if h.Length > MaxFrameBody {
		return h, recErr(reqFrameLength, "frame longer than the maximum")
	}
	return h, nil
}

// AppendFrameHeader appends the header of a frame of type t with a body of n bytes.
func AppendFrameHeader(dst []byte, t FrameType, n int) []byte {
	return append(dst, byte(t), byte(n>>8), byte(n))
}

// recordBodyBounds returns the smallest and largest body length a record of type t may
// have ([P2P-REC-2]): a tag plus 1..MaxPlaintext bytes for application data, plus exactly
// one byte for an alert or a key update.
func recordBodyBounds(t FrameType) (lo, hi int) {
	switch t {
	case TypeApplicationData:
		return TagLen + 1, TagLen + MaxPlaintext
	case TypeAlert, TypeKeyUpdate:
		return TagLen + 1, TagLen + 1
	}
	return 1, 0 // nothing fits
}
