package conformance

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/livemesh-spec/livemesh/feedsync"
)

// EncodeImpl is the FeedSync document encoder of an implementation (spec/feedsync.md §6,
// [FS-ENC-1], [FS-ENC-2]; the shim's feedsync.encode operation).
type EncodeImpl interface {
	// EncodeFeed decodes doc and encodes the feed it decodes to, as a whole document. A
	// document that does not decode gives the *Refusal that FeedsImpl.DecodeFeed gives; a
	// model the encoder refuses gives a *Refusal of class "unencodable" [FS-ENC-3]; an
	// implementation without the operation gives ErrUnimplemented.
	EncodeFeed(doc []byte) ([]byte, error)
}

type encodeArgs struct {
	DocumentHex string `json:"documentHex"`
}

type encodeAnswer struct {
	DocumentHex string `json:"documentHex"`
}

func init() {
	shimOps["feedsync.encode"] = shimOp{
		offered: func(impl Impl) bool { _, ok := impl.(EncodeImpl); return ok },
		serve: func(impl Impl, raw json.RawMessage) (any, error) {
			var a encodeArgs
			if err := json.Unmarshal(raw, &a); err != nil {
				return nil, fmt.Errorf("%w: %v", errBadArgs, err)
			}
			b, err := unhexArgs(map[string]string{"documentHex": a.DocumentHex})
			if err != nil {
				return nil, err
			}
			out, err := impl.(EncodeImpl).EncodeFeed(b["documentHex"])
			if err != nil {
				return nil, err
			}
			return encodeAnswer{hex.EncodeToString(out)}, nil
		},
	}
}

// EncodeFeed forwards feedsync.encode.
func (c *ShimClient) EncodeFeed(doc []byte) ([]byte, error) {
	var a encodeAnswer
	if err := c.callArgs("feedsync.encode", encodeArgs{hex.EncodeToString(doc)}, &a); err != nil {
		return nil, err
	}
	return unhexAnswer("feedsync.encode", "documentHex", a.DocumentHex)
}

// EncodeFeed decodes and encodes with package feedsync.
func (Reference) EncodeFeed(doc []byte) ([]byte, error) {
	feed, err := decodeRefusing(doc)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := feedsync.Encode(&b, feed); err != nil {
		if errors.Is(err, feedsync.ErrUnencodable) {
			return nil, &Refusal{Class: "unencodable", Req: "FS-ENC-3", Msg: err.Error()}
		}
		return nil, err
	}
	return b.Bytes(), nil
}

var _ EncodeImpl = Reference{}
