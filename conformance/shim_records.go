package conformance

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
)

// errBadArgs marks a request whose args do not decode: a broken harness, not a refusal.
var errBadArgs = errors.New("bad args")

// shimOp serves one operation of an area interface on the shim's side.
type shimOp struct {
	offered func(Impl) bool
	serve   func(impl Impl, args json.RawMessage) (any, error)
}

func isRecords(impl Impl) bool { _, ok := impl.(RecordsImpl); return ok }

// unhexArgs decodes hexadecimal members, naming the first that is not hexadecimal.
func unhexArgs(fields map[string]string) (map[string][]byte, error) {
	out := map[string][]byte{}
	for name, v := range fields {
		b, err := hex.DecodeString(v)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", errBadArgs, name, err)
		}
		out[name] = b
	}
	return out, nil
}

// recordArgs are the inputs of the p2p record operations; seq is a decimal string, as in the
// vectors, since it may exceed 2^53.
type recordArgs struct {
	SecretHex    string `json:"secretHex"`
	Seq          string `json:"seq,omitempty"`
	Type         int    `json:"type,omitempty"`
	PlaintextHex string `json:"plaintextHex,omitempty"`
	RecordHex    string `json:"recordHex,omitempty"`
	StreamHex    string `json:"streamHex,omitempty"`
}

type recordKeysAnswer struct {
	EncKeyHex     string `json:"encKeyHex"`
	IVHex         string `json:"ivHex"`
	MACKeyHex     string `json:"macKeyHex"`
	NextSecretHex string `json:"nextSecretHex"`
}

type recordAnswer struct {
	RecordHex    string `json:"recordHex,omitempty"`
	Type         int    `json:"type,omitempty"`
	PlaintextHex string `json:"plaintextHex,omitempty"`
	DataHex      string `json:"dataHex,omitempty"`
}

func decodeRecordArgs(raw json.RawMessage) (recordArgs, map[string][]byte, uint64, error) {
	var a recordArgs
	if err := json.Unmarshal(raw, &a); err != nil {
		return a, nil, 0, fmt.Errorf("%w: %v", errBadArgs, err)
	}
	b, err := unhexArgs(map[string]string{"secretHex": a.SecretHex, "plaintextHex": a.PlaintextHex,
		"recordHex": a.RecordHex, "streamHex": a.StreamHex})
	if err != nil {
		return a, nil, 0, err
	}
	var seq uint64
	if a.Seq != "" {
		if seq, err = strconv.ParseUint(a.Seq, 10, 64); err != nil {
			return a, nil, 0, fmt.Errorf("%w: seq: %v", errBadArgs, err)
		}
	}
	return a, b, seq, nil
}

var shimOps = map[string]shimOp{
	"p2p.derive": {isRecords, func(impl Impl, raw json.RawMessage) (any, error) {
		_, b, _, err := decodeRecordArgs(raw)
		if err != nil {
			return nil, err
		}
		k, err := impl.(RecordsImpl).DeriveKeys(b["secretHex"])
		if err != nil {
			return nil, err
		}
		return recordKeysAnswer{hex.EncodeToString(k.Enc), hex.EncodeToString(k.IV), hex.EncodeToString(k.MAC), hex.EncodeToString(k.NextSecret)}, nil
	}},
	"p2p.seal": {isRecords, func(impl Impl, raw json.RawMessage) (any, error) {
		a, b, seq, err := decodeRecordArgs(raw)
		if err != nil {
			return nil, err
		}
		rec, err := impl.(RecordsImpl).SealRecord(b["secretHex"], seq, a.Type, b["plaintextHex"])
		if err != nil {
			return nil, err
		}
		return recordAnswer{RecordHex: hex.EncodeToString(rec)}, nil
	}},
	"p2p.open": {isRecords, func(impl Impl, raw json.RawMessage) (any, error) {
		_, b, seq, err := decodeRecordArgs(raw)
		if err != nil {
			return nil, err
		}
		typ, pt, err := impl.(RecordsImpl).OpenRecord(b["secretHex"], seq, b["recordHex"])
		if err != nil {
			return nil, err
		}
		return recordAnswer{Type: typ, PlaintextHex: hex.EncodeToString(pt)}, nil
	}},
	"p2p.stream": {isRecords, func(impl Impl, raw json.RawMessage) (any, error) {
		_, b, _, err := decodeRecordArgs(raw)
		if err != nil {
			return nil, err
		}
		d, err := impl.(RecordsImpl).OpenStream(b["secretHex"], b["streamHex"])
		if err != nil {
			return nil, err
		}
		return recordAnswer{DataHex: hex.EncodeToString(d)}, nil
	}},
}

// unhexAnswer decodes a hexadecimal member of an answer.
func unhexAnswer(op, name, v string) ([]byte, error) {
	b, err := hex.DecodeString(v)
	if err != nil {
		return nil, fmt.Errorf("shim: %s: %s: %v", op, name, err)
	}
	return b, nil
}

// DeriveKeys forwards p2p.derive.
func (c *ShimClient) DeriveKeys(secret []byte) (RecordKeys, error) {
	var a recordKeysAnswer
	if err := c.callArgs("p2p.derive", recordArgs{SecretHex: hex.EncodeToString(secret)}, &a); err != nil {
		return RecordKeys{}, err
	}
	var k RecordKeys
	var errs [4]error
	k.Enc, errs[0] = unhexAnswer("p2p.derive", "encKeyHex", a.EncKeyHex)
	k.IV, errs[1] = unhexAnswer("p2p.derive", "ivHex", a.IVHex)
	k.MAC, errs[2] = unhexAnswer("p2p.derive", "macKeyHex", a.MACKeyHex)
	k.NextSecret, errs[3] = unhexAnswer("p2p.derive", "nextSecretHex", a.NextSecretHex)
	return k, errors.Join(errs[:]...)
}

// SealRecord forwards p2p.seal.
func (c *ShimClient) SealRecord(secret []byte, seq uint64, typ int, plaintext []byte) ([]byte, error) {
	var a recordAnswer
	if err := c.callArgs("p2p.seal", recordArgs{SecretHex: hex.EncodeToString(secret), Seq: strconv.FormatUint(seq, 10),
		Type: typ, PlaintextHex: hex.EncodeToString(plaintext)}, &a); err != nil {
		return nil, err
	}
	return unhexAnswer("p2p.seal", "recordHex", a.RecordHex)
}

// OpenRecord forwards p2p.open.
func (c *ShimClient) OpenRecord(secret []byte, seq uint64, record []byte) (int, []byte, error) {
	var a recordAnswer
	if err := c.callArgs("p2p.open", recordArgs{SecretHex: hex.EncodeToString(secret), Seq: strconv.FormatUint(seq, 10),
		RecordHex: hex.EncodeToString(record)}, &a); err != nil {
		return 0, nil, err
	}
	pt, err := unhexAnswer("p2p.open", "plaintextHex", a.PlaintextHex)
	return a.Type, pt, err
}

// OpenStream forwards p2p.stream.
func (c *ShimClient) OpenStream(secret, stream []byte) ([]byte, error) {
	var a recordAnswer
	if err := c.callArgs("p2p.stream", recordArgs{SecretHex: hex.EncodeToString(secret), StreamHex: hex.EncodeToString(stream)}, &a); err != nil {
		return nil, err
	}
	return unhexAnswer("p2p.stream", "dataHex", a.DataHex)
}
