package main

import (
	"bytes"
	"encoding/hex"
)

// The cases of p2p/records.json.

// p2pExampleSecret is the traffic secret of spec/p2p.md §11: the bytes 00..1f.
func p2pExampleSecret() []byte {
	s := make([]byte, 32)
	for i := range s {
		s[i] = byte(i)
	}
	return s
}

func p2pHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

const (
	tApp   = 0x10
	tAlert = 0x11
	tKU    = 0x12
	recLim = 1 << 20
)

func p2pCases() []p2pCase {
	ex := p2pExampleSecret()
	sa := detBytes("p2p/records/secret-a", 32) // one direction
	sb := detBytes("p2p/records/secret-b", 32) // the other
	exRecord := p2pHex("10002b83b47faea7fe3ecfc2594b424ec42efb006e88a927e1f864f75e03b35bec774682f960464e009ee02228ff")
	hello := []byte("hello, mesh")
	big := bytes.Repeat([]byte("livemesh"), 2048) // 16384 bytes
	closeA := func(s []byte, seq uint64) []byte { return p2pSeal(s, seq, tAlert, []byte{0}) }
	app := func(s []byte, seq uint64, pt string) []byte { return p2pSeal(s, seq, tApp, []byte(pt)) }
	sa1 := p2pNext(sa)
	sa2 := p2pNext(sa1)
	r0, r1, r2 := app(sa, 0, "first "), app(sa, 1, "second "), app(sa, 2, "third")
	simple := p2pCat(r0, r1, r2, closeA(sa, 3))
	ku := p2pCat(app(sa, 0, "before "), p2pSeal(sa, 1, tKU, []byte{0}), app(sa1, 0, "after "), app(sa1, 1, "update"), closeA(sa1, 2))
	open := func(id, comment string, flags, req []string, secret []byte, seq uint64, rec []byte, errReq string) p2pCase {
		c := p2pCase{id: id, comment: comment, flags: flags, req: req, op: "open", secret: secret, seq: seq, input: rec, errReq: errReq}
		if errReq != "" {
			c.errClass = "bad-record"
		}
		return c
	}
	stream := func(id, comment string, flags, req []string, in []byte, want string, errClass, errReq string) p2pCase {
		c := p2pCase{id: id, comment: comment, flags: flags, req: req, op: "stream", secret: sa, input: in, errClass: errClass, errReq: errReq}
		if errClass == "" {
			c.want = []byte(want)
		}
		return c
	}
	seal := func(id, comment string, flags, req []string, secret []byte, seq uint64, typ int, pt []byte, errReq string) p2pCase {
		c := p2pCase{id: id, comment: comment, flags: flags, req: req, op: "seal", secret: secret, seq: seq, typ: typ, plaintext: pt, errReq: errReq}
		if errReq != "" {
			c.errClass = "invalid-input"
		}
		return c
	}
	f := func(s ...string) []string { return s }

	cs := []p2pCase{
		// derive
		{id: "derive-worked-example", comment: "the keys and next secret of spec/p2p.md §11", flags: f("WorkedExample", "KeySchedule"),
			req: f("P2P-KEY-2", "P2P-KU-2"), op: "derive", secret: ex,
			want: p2pHex("441fc70065aeea3c8b48ce9f87b37b96" + "02d87903baf5b640" + "0d792b7b1e9083a76b7186d98d7b0a9b71c591a3c686665b5761110d18baf2cc" + "af577381f8d9f2e51350036e0ce1cfc54264c7f60c8d847777fa3d6bff027cea")},
		{id: "derive-secret-a", comment: "keys of a secret from the labelled stream p2p/records/secret-a", flags: f("KeySchedule"), req: f("P2P-KEY-2", "P2P-KU-2"), op: "derive", secret: sa},
		{id: "derive-secret-a-next", comment: "keys after one key update of secret-a", flags: f("KeySchedule", "KeyUpdate"), req: f("P2P-KEY-2", "P2P-KU-2"), op: "derive", secret: sa1},
		{id: "derive-secret-a-next-next", comment: "keys after two key updates of secret-a", flags: f("KeySchedule", "KeyUpdate"), req: f("P2P-KEY-2", "P2P-KU-2"), op: "derive", secret: sa2},
		{id: "derive-zero-secret", comment: "32 zero bytes", flags: f("KeySchedule"), req: f("P2P-KEY-2", "P2P-KU-2"), op: "derive", secret: make([]byte, 32)},
		{id: "derive-short-secret", comment: "31 bytes", flags: f("SenderRule"), req: f("P2P-KEY-1"), op: "derive", secret: ex[:31], errClass: "invalid-input", errReq: "P2P-KEY-1"},
		{id: "derive-long-secret", comment: "33 bytes", flags: f("SenderRule"), req: f("P2P-KEY-1"), op: "derive", secret: append(append([]byte(nil), ex...), 0x20), errClass: "invalid-input", errReq: "P2P-KEY-1"},
		{id: "derive-empty-secret", comment: "no bytes", flags: f("SenderRule"), req: f("P2P-KEY-1"), op: "derive", secret: []byte{}, errClass: "invalid-input", errReq: "P2P-KEY-1"},

		// seal
		func() p2pCase {
			c := seal("seal-worked-example", "the record of spec/p2p.md §11", f("WorkedExample", "RecordLayout"), f("P2P-REC-1", "P2P-REC-4", "P2P-REC-5"), ex, 5, tApp, hello, "")
			c.want = exRecord
			return c
		}(),
		seal("seal-seq-0-one-byte", "the smallest application data record", f("RecordLayout"), f("P2P-REC-1", "P2P-REC-4", "P2P-REC-5", "P2P-SEQ-1"), sa, 0, tApp, []byte{0x2a}, ""),
		seal("seal-seq-1", "the same plaintext at the next sequence number: another counter block and tag", f("RecordLayout"), f("P2P-REC-4", "P2P-REC-5", "P2P-SEQ-1"), sa, 1, tApp, []byte{0x2a}, ""),
		seal("seal-two-blocks", "17 bytes: the block counter reaches 1", f("RecordLayout"), f("P2P-REC-4"), sa, 7, tApp, []byte("seventeen bytes!!"), ""),
		seal("seal-max-plaintext", "16384 bytes, the largest record (1024 counter blocks)", f("RecordLayout", "LengthRule"), f("P2P-REC-1", "P2P-REC-2", "P2P-REC-4"), sa, 2, tApp, big, ""),
		seal("seal-close-notify", "the close alert", f("RecordLayout"), f("P2P-REC-1", "P2P-ALERT-1", "P2P-CLOSE-1"), sa, 3, tAlert, []byte{0}, ""),
		seal("seal-bad-record-alert", "the alert of a record failure", f("RecordLayout"), f("P2P-ALERT-1", "P2P-ALERT-2"), sb, 0, tAlert, []byte{1}, ""),
		seal("seal-key-update", "a key update record", f("RecordLayout", "KeyUpdate"), f("P2P-KU-2"), sa, 4, tKU, []byte{0}, ""),
		seal("seal-key-update-last-seq", "a key update takes the last sequence number of a secret", f("SequenceLimit", "KeyUpdate"), f("P2P-SEQ-3", "P2P-KU-1"), sa, recLim-1, tKU, []byte{0}, ""),
		seal("seal-app-before-last-seq", "application data at 2^20 - 2, the last number it may take", f("SequenceLimit"), f("P2P-SEQ-3"), sa, recLim-2, tApp, hello, ""),
		seal("seal-app-at-last-seq", "application data at 2^20 - 1: reserved for the key update", f("SequenceLimit", "SenderRule"), f("P2P-SEQ-3"), sa, recLim-1, tApp, hello, "P2P-SEQ-3"),
		seal("seal-alert-at-last-seq", "an alert at 2^20 - 1: reserved for the key update", f("SequenceLimit", "SenderRule"), f("P2P-SEQ-3"), sa, recLim-1, tAlert, []byte{0}, "P2P-SEQ-3"),
		seal("seal-key-update-at-limit", "2^20: past the last number of a secret", f("SequenceLimit", "SenderRule"), f("P2P-SEQ-3"), sa, recLim, tKU, []byte{0}, "P2P-SEQ-3"),
		seal("seal-seq-max", "2^64 - 1: a sequence number never wraps", f("SequenceLimit", "SenderRule"), f("P2P-SEQ-3"), sa, maxSeq, tKU, []byte{0}, "P2P-SEQ-3"),
		seal("seal-empty-app-data", "zero-length application data", f("LengthRule", "SenderRule"), f("P2P-REC-2"), sa, 0, tApp, []byte{}, "P2P-REC-2"),
		seal("seal-oversized-app-data", "16385 bytes", f("LengthRule", "SenderRule"), f("P2P-REC-2"), sa, 0, tApp, append(append([]byte(nil), big...), 0), "P2P-REC-2"),
		seal("seal-alert-two-bytes", "an alert of two bytes", f("LengthRule", "SenderRule"), f("P2P-REC-2"), sa, 0, tAlert, []byte{0, 0}, "P2P-REC-2"),
		seal("seal-key-update-empty", "a key update without content", f("LengthRule", "SenderRule"), f("P2P-REC-2"), sa, 0, tKU, []byte{}, "P2P-REC-2"),
		seal("seal-key-update-content-1", "a key update carrying 0x01", f("KeyUpdate", "SenderRule"), f("P2P-KU-2"), sa, 0, tKU, []byte{1}, "P2P-KU-2"),
		seal("seal-reserved-type", "type 0x13", f("FrameType", "SenderRule"), f("P2P-FRAME-2"), sa, 0, 0x13, hello, "P2P-FRAME-2"),
		seal("seal-type-zero", "type 0x00", f("FrameType", "SenderRule"), f("P2P-FRAME-2"), sa, 0, 0x00, hello, "P2P-FRAME-2"),
		seal("seal-handshake-type", "type 0x01, a handshake frame, is not a record", f("FrameType", "SenderRule"), f("P2P-FRAME-4"), sa, 0, 0x01, hello, "P2P-FRAME-4"),
		seal("seal-short-secret", "a 16-byte secret", f("SenderRule"), f("P2P-KEY-1"), ex[:16], 0, tApp, hello, "P2P-KEY-1"),

		// open
		{id: "open-worked-example", comment: "the record of spec/p2p.md §11", flags: f("WorkedExample"), req: f("P2P-REC-1", "P2P-REC-6"), op: "open",
			secret: ex, seq: 5, input: exRecord, want: hello, wantType: tApp},
		{id: "open-max-plaintext", comment: "16384 bytes", flags: f("LengthRule"), req: f("P2P-REC-2", "P2P-REC-6"), op: "open",
			secret: sa, seq: 9, input: p2pSeal(sa, 9, tApp, big), want: big, wantType: tApp},
		{id: "open-close-notify", comment: "the close alert", flags: f("RecordLayout"), req: f("P2P-ALERT-1"), op: "open",
			secret: sa, seq: 3, input: closeA(sa, 3), want: []byte{0}, wantType: tAlert},
		{id: "open-key-update-last-seq", comment: "a key update at 2^20 - 1", flags: f("SequenceLimit", "KeyUpdate"), req: f("P2P-SEQ-3", "P2P-KU-2"), op: "open",
			secret: sa, seq: recLim - 1, input: p2pSeal(sa, recLim-1, tKU, []byte{0}), want: []byte{0}, wantType: tKU},
		open("open-wrong-seq", "sealed at 5, opened at 6: a dropped record", f("WrongSequence"), f("P2P-SEQ-2", "P2P-REC-6"), ex, 6, exRecord, "P2P-REC-6"),
		open("open-earlier-seq", "sealed at 5, opened at 4: a record replayed or reordered", f("WrongSequence"), f("P2P-SEQ-2", "P2P-REC-6"), ex, 4, exRecord, "P2P-REC-6"),
		open("open-other-direction", "sealed under secret-a, opened under secret-b", f("Reflection"), f("P2P-KEY-3", "P2P-REC-6"), sb, 0, r0, "P2P-REC-6"),
		open("open-type-changed", "type 0x10 changed to 0x12 with the length kept: length not allowed for a key update", f("Tampered", "CheckOrder"), f("P2P-REC-2", "P2P-REC-6", "P2P-ALERT-3"), ex, 5, p2pFlip(exRecord, 0, 0x02), "P2P-REC-2"),
		open("open-type-to-alert-one-byte", "a one-byte application data record retyped as an alert", f("Tampered"), f("P2P-REC-5", "P2P-REC-6"), sa, 0, p2pFlip(p2pSeal(sa, 0, tApp, []byte{0}), 0, 0x01), "P2P-REC-6"),
		open("open-length-changed", "length 43 changed to 42: the input is no longer one frame", f("Tampered", "CheckOrder"), f("P2P-FRAME-1", "P2P-ALERT-3"), ex, 5, p2pFlip(exRecord, 2, 0x01), "P2P-FRAME-1"),
		open("open-ciphertext-changed", "first ciphertext byte flipped", f("Tampered"), f("P2P-REC-6"), ex, 5, p2pFlip(exRecord, 3, 0x01), "P2P-REC-6"),
		open("open-ciphertext-last-changed", "last ciphertext byte flipped", f("Tampered"), f("P2P-REC-6"), ex, 5, p2pFlip(exRecord, 13, 0x80), "P2P-REC-6"),
		open("open-tag-first-changed", "first tag byte flipped", f("Tampered"), f("P2P-REC-6"), ex, 5, p2pFlip(exRecord, 14, 0x01), "P2P-REC-6"),
		open("open-tag-last-changed", "last tag byte flipped", f("Tampered"), f("P2P-REC-6"), ex, 5, p2pFlip(exRecord, len(exRecord)-1, 0x01), "P2P-REC-6"),
		open("open-tag-truncated", "the last tag byte missing", f("Truncation"), f("P2P-FRAME-1"), ex, 5, exRecord[:len(exRecord)-1], "P2P-FRAME-1"),
		open("open-tag-truncated-16", "a 16-byte tag with the length adjusted: a truncated HMAC is not accepted", f("Tampered", "LengthRule"), f("P2P-REC-2"), ex, 5,
			p2pCat([]byte{0x10, 0x00, 0x1b}, exRecord[3:len(exRecord)-16]), "P2P-REC-2"),
		open("open-trailing-byte", "one byte after the record", f("Tampered"), f("P2P-FRAME-1"), ex, 5, p2pCat(exRecord, []byte{0}), "P2P-FRAME-1"),
		open("open-header-only", "three bytes", f("Truncation"), f("P2P-FRAME-1"), ex, 5, exRecord[:3], "P2P-FRAME-1"),
		open("open-two-bytes", "less than a header", f("Truncation"), f("P2P-FRAME-1"), ex, 5, exRecord[:2], "P2P-FRAME-1"),
		open("open-zero-length", "zero-length application data with a valid tag", f("LengthRule"), f("P2P-REC-2"), sa, 0, p2pSeal(sa, 0, tApp, nil), "P2P-REC-2"),
		open("open-no-room-for-tag", "length 31", f("LengthRule"), f("P2P-REC-2"), sa, 0, p2pCat([]byte{0x10, 0, 31}, make([]byte, 31)), "P2P-REC-2"),
		open("open-alert-two-bytes", "an alert of two bytes with a valid tag", f("LengthRule"), f("P2P-REC-2"), sa, 0, p2pSeal(sa, 0, tAlert, []byte{0, 0}), "P2P-REC-2"),
		open("open-oversized", "length 16417", f("LengthRule"), f("P2P-FRAME-3"), sa, 0, p2pSeal(sa, 0, tApp, append(append([]byte(nil), big...), 1)), "P2P-FRAME-3"),
		open("open-length-ffff", "length 65535, header only", f("LengthRule"), f("P2P-FRAME-3"), sa, 0, []byte{0x10, 0xff, 0xff}, "P2P-FRAME-3"),
		open("open-reserved-type", "type 0x13 with a valid tag", f("FrameType"), f("P2P-FRAME-2"), sa, 0, p2pSeal(sa, 0, 0x13, hello), "P2P-FRAME-2"),
		open("open-handshake-frame", "type 0x01", f("FrameType"), f("P2P-FRAME-4"), sa, 0, p2pCat([]byte{0x01, 0, 4}, []byte("helo")), "P2P-FRAME-4"),
		open("open-key-update-content", "a key update carrying 0x01, valid tag", f("KeyUpdate"), f("P2P-KU-2"), sa, 0, p2pSeal(sa, 0, tKU, []byte{1}), "P2P-KU-2"),
		open("open-app-at-last-seq", "application data at 2^20 - 1, valid tag", f("SequenceLimit"), f("P2P-SEQ-3"), sa, recLim-1, p2pSeal(sa, recLim-1, tApp, hello), "P2P-SEQ-3"),
		open("open-key-update-at-limit", "a key update at 2^20, valid tag", f("SequenceLimit"), f("P2P-SEQ-3"), sa, recLim, p2pSeal(sa, recLim, tKU, []byte{0}), "P2P-SEQ-3"),
		open("open-seq-max", "a record sealed at 2^64 - 1, valid tag", f("SequenceLimit"), f("P2P-SEQ-3"), sa, maxSeq, p2pSeal(sa, maxSeq, tKU, []byte{0}), "P2P-SEQ-3"),
		open("open-seq-max-bad-tag", "at 2^64 - 1 with a bad tag: the tag is checked first", f("SequenceLimit", "CheckOrder"), f("P2P-REC-6", "P2P-SEQ-3", "P2P-ALERT-3"), sa, maxSeq, p2pFlip(p2pSeal(sa, maxSeq, tKU, []byte{0}), 5, 1), "P2P-REC-6"),
		open("open-order-reserved-and-long", "reserved type and length 65535: the type is checked first", f("CheckOrder"), f("P2P-FRAME-2", "P2P-FRAME-3", "P2P-ALERT-3"), sa, 0, []byte{0xee, 0xff, 0xff}, "P2P-FRAME-2"),
		open("open-order-long-handshake", "handshake type and length 65535: the length is checked before the record type", f("CheckOrder"), f("P2P-FRAME-3", "P2P-FRAME-4", "P2P-ALERT-3"), sa, 0, []byte{0x02, 0xff, 0xff}, "P2P-FRAME-3"),
		open("open-order-key-update-at-limit-content", "a key update at 2^20 carrying 0x01: the sequence limit is checked before the content", f("CheckOrder"), f("P2P-SEQ-3", "P2P-KU-2", "P2P-ALERT-3"), sa, recLim, p2pSeal(sa, recLim, tKU, []byte{1}), "P2P-SEQ-3"),
		{id: "open-short-secret", comment: "a 31-byte secret", flags: f("SenderRule"), req: f("P2P-KEY-1"), op: "open",
			secret: ex[:31], seq: 5, input: exRecord, errClass: "invalid-input", errReq: "P2P-KEY-1"},

		// stream
		stream("stream-three-records", "three records and the close", f("RecordLayout"), f("P2P-SEQ-1", "P2P-CLOSE-1", "P2P-CLOSE-2"), simple, "first second third", "", ""),
		stream("stream-close-only", "nothing but the close", f("RecordLayout"), f("P2P-CLOSE-1", "P2P-CLOSE-2"), closeA(sa, 0), "", "", ""),
		stream("stream-key-update", "a key update between two records: the next secret from sequence number 0", f("KeyUpdate"), f("P2P-KU-2", "P2P-SEQ-1"), ku, "before after update", "", ""),
		stream("stream-two-key-updates", "two key updates in a row, then data under the third secret", f("KeyUpdate"), f("P2P-KU-2", "P2P-KU-4"),
			p2pCat(p2pSeal(sa, 0, tKU, []byte{0}), p2pSeal(sa1, 0, tKU, []byte{0}), app(sa2, 0, "third secret"), closeA(sa2, 1)), "third secret", "", ""),
		stream("stream-key-update-first", "a key update as the first record, then the close under the next secret",
			f("KeyUpdate"), f("P2P-KU-2"), p2pCat(p2pSeal(sa, 0, tKU, []byte{0}), closeA(sa1, 0)), "", "", ""),
		stream("stream-no-close", "records without the close", f("Truncation"), f("P2P-CLOSE-2"), p2pCat(r0, r1, r2), "", "bad-record", "P2P-CLOSE-2"),
		stream("stream-cut-inside-close", "the close alert cut short", f("Truncation"), f("P2P-CLOSE-2"), simple[:len(simple)-5], "", "bad-record", "P2P-CLOSE-2"),
		stream("stream-cut-inside-header", "cut after two bytes of a header", f("Truncation"), f("P2P-CLOSE-2"), p2pCat(r0, r1[:2]), "", "bad-record", "P2P-CLOSE-2"),
		stream("stream-empty", "no bytes at all", f("Truncation"), f("P2P-CLOSE-2"), []byte{}, "", "bad-record", "P2P-CLOSE-2"),
		stream("stream-after-close", "a record after the close", f("AfterClose"), f("P2P-CLOSE-3"), p2pCat(simple, app(sa, 4, "late")), "", "bad-record", "P2P-CLOSE-3"),
		stream("stream-byte-after-close", "one byte after the close", f("AfterClose"), f("P2P-CLOSE-3"), p2pCat(simple, []byte{0}), "", "bad-record", "P2P-CLOSE-3"),
		stream("stream-replayed", "the first record again in second place", f("WrongSequence"), f("P2P-SEQ-2", "P2P-REC-6"), p2pCat(r0, r0, r1, r2, closeA(sa, 3)), "", "bad-record", "P2P-REC-6"),
		stream("stream-reordered", "second and third records swapped", f("WrongSequence"), f("P2P-SEQ-2", "P2P-REC-6"), p2pCat(r0, r2, r1, closeA(sa, 3)), "", "bad-record", "P2P-REC-6"),
		stream("stream-dropped", "the second record missing", f("WrongSequence"), f("P2P-SEQ-2", "P2P-REC-6"), p2pCat(r0, r2, closeA(sa, 3)), "", "bad-record", "P2P-REC-6"),
		stream("stream-duplicated", "the last data record twice", f("WrongSequence"), f("P2P-SEQ-2", "P2P-REC-6"), p2pCat(r0, r1, r2, r2, closeA(sa, 3)), "", "bad-record", "P2P-REC-6"),
		stream("stream-close-dropped-then-more", "the close replaced by a replayed record", f("WrongSequence", "Truncation"), f("P2P-SEQ-2", "P2P-REC-6"), p2pCat(r0, r1, r2, r2), "", "bad-record", "P2P-REC-6"),
		stream("stream-old-secret-after-update", "after the key update, a record still under the old secret", f("KeyUpdate"), f("P2P-KU-2", "P2P-REC-6"),
			p2pCat(app(sa, 0, "before "), p2pSeal(sa, 1, tKU, []byte{0}), app(sa, 2, "after"), closeA(sa, 3)), "", "bad-record", "P2P-REC-6"),
		stream("stream-seq-continued-after-update", "after the key update, the next secret at sequence number 2 instead of 0 (no restart: the Terrapin lesson)", f("KeyUpdate"), f("P2P-KU-2", "P2P-REC-6"),
			p2pCat(app(sa, 0, "before "), p2pSeal(sa, 1, tKU, []byte{0}), app(sa1, 2, "after"), closeA(sa1, 3)), "", "bad-record", "P2P-REC-6"),
		stream("stream-key-update-dropped", "the key update removed: the next record is under a secret the receiver does not have yet", f("KeyUpdate", "WrongSequence"), f("P2P-KU-2", "P2P-REC-6"),
			p2pCat(app(sa, 0, "before "), app(sa1, 0, "after "), closeA(sa1, 1)), "", "bad-record", "P2P-REC-6"),
		stream("stream-tampered-second", "a ciphertext byte of the second record flipped", f("Tampered"), f("P2P-REC-6", "P2P-ALERT-2"), p2pCat(r0, p2pFlip(r1, 4, 1), r2, closeA(sa, 3)), "", "bad-record", "P2P-REC-6"),
		stream("stream-zero-length", "a zero-length record between two records", f("LengthRule"), f("P2P-REC-2"), p2pCat(r0, p2pSeal(sa, 1, tApp, nil), closeA(sa, 2)), "", "bad-record", "P2P-REC-2"),
		stream("stream-oversized-header", "a header with length 65535 after a record", f("LengthRule"), f("P2P-FRAME-3"), p2pCat(r0, []byte{0x10, 0xff, 0xff}), "", "bad-record", "P2P-FRAME-3"),
		stream("stream-handshake-frame", "a handshake frame after a record", f("FrameType"), f("P2P-FRAME-4"), p2pCat(r0, []byte{0x01, 0, 1, 0}), "", "bad-record", "P2P-FRAME-4"),
		stream("stream-peer-bad-record", "the peer's bad_record alert", f("PeerAlert"), f("P2P-ALERT-4"), p2pCat(r0, p2pSeal(sa, 1, tAlert, []byte{1})), "", "alert", "P2P-ALERT-4"),
		stream("stream-peer-internal-error", "the peer's internal_error alert, then bytes that are never read", f("PeerAlert"), f("P2P-ALERT-4"), p2pCat(p2pSeal(sa, 0, tAlert, []byte{3}), r1), "", "alert", "P2P-ALERT-4"),
		stream("stream-unknown-alert", "alert code 0x42", f("PeerAlert"), f("P2P-ALERT-1", "P2P-ALERT-4"), p2pSeal(sa, 0, tAlert, []byte{0x42}), "", "alert", "P2P-ALERT-1"),
		stream("stream-reflected", "a stream sealed under secret-b read under secret-a", f("Reflection"), f("P2P-KEY-3", "P2P-REC-6"), p2pCat(p2pSeal(sb, 0, tApp, []byte("x")), closeA(sb, 1)), "", "bad-record", "P2P-REC-6"),
	}
	return cs
}
