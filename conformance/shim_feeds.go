package conformance

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/livemesh-spec/livemesh/ident"
)

// feedAnswer is the answer of feedsync.decode.
type feedAnswer struct {
	Format     string          `json:"format"`
	Violations []violationJSON `json:"violations"`
	Warnings   []string        `json:"warnings"`
	Items      []feedItemJSON  `json:"items"`
}

type violationJSON struct {
	Req  string `json:"req"`
	Line int    `json:"line"`
}

type feedItemJSON struct {
	SyncID       string `json:"syncId"`
	CanonicalHex string `json:"canonicalHex"`
}

// feedOpArgs are the inputs of the FeedSync algorithm operations (feedsync.create, …), the
// texts as the merge vectors give them.
type feedOpArgs struct {
	Local          *string `json:"local,omitempty"`
	Incoming       *string `json:"incoming,omitempty"`
	Item           *string `json:"item,omitempty"`
	Content        *string `json:"content,omitempty"`
	SyncID         *string `json:"syncId,omitempty"`
	NoConflicts    *bool   `json:"noConflicts,omitempty"`
	By             *string `json:"by,omitempty"`
	When           *string `json:"when,omitempty"` // RFC 3339 with nanoseconds
	SparsePurge    bool    `json:"sparsePurge,omitempty"`
	StripTombstone bool    `json:"stripTombstone,omitempty"`
}

type feedOpAnswer struct {
	Items    []feedItemJSON    `json:"items"`
	Outcomes map[string]string `json:"outcomes,omitempty"`
	Document *string           `json:"document,omitempty"`
}

// handshakeArgs are the inputs of p2p.handshake.serve; the key is PKCS #8 DER.
type handshakeArgs struct {
	KeyHex           string   `json:"keyHex"`
	NonceHex         string   `json:"nonceHex"`
	TicketsHex       []string `json:"ticketsHex"`
	AcceptTicketsHex []string `json:"acceptTicketsHex"`
	PeerID           string   `json:"peerId,omitempty"`
	ClientHex        string   `json:"clientHex"`
}

func itemsJSON(items []FeedItem) []feedItemJSON {
	out := []feedItemJSON{}
	for _, it := range items {
		out = append(out, feedItemJSON{SyncID: it.SyncID, CanonicalHex: hex.EncodeToString(it.Canonical)})
	}
	return out
}

func itemsOf(op string, items []feedItemJSON) ([]FeedItem, error) {
	var out []FeedItem
	for i, it := range items {
		b, err := unhexAnswer(op, fmt.Sprintf("items[%d].canonicalHex", i), it.CanonicalHex)
		if err != nil {
			return nil, err
		}
		out = append(out, FeedItem{SyncID: it.SyncID, Canonical: b})
	}
	return out, nil
}

func unhexList(name string, hs []string) ([][]byte, error) {
	var out [][]byte
	for i, h := range hs {
		b, err := hex.DecodeString(h)
		if err != nil {
			return nil, fmt.Errorf("%w: %s[%d]: %v", errBadArgs, name, i, err)
		}
		out = append(out, b)
	}
	return out, nil
}

func hexList(bs [][]byte) []string {
	out := []string{}
	for _, b := range bs {
		out = append(out, hex.EncodeToString(b))
	}
	return out
}

func init() {
	shimOps["feedsync.decode"] = shimOp{
		offered: func(impl Impl) bool { _, ok := impl.(FeedsImpl); return ok },
		serve: func(impl Impl, raw json.RawMessage) (any, error) {
			var a struct {
				DocumentHex string `json:"documentHex"`
			}
			if err := json.Unmarshal(raw, &a); err != nil {
				return nil, fmt.Errorf("%w: %v", errBadArgs, err)
			}
			doc, err := hex.DecodeString(a.DocumentHex)
			if err != nil {
				return nil, fmt.Errorf("%w: documentHex: %v", errBadArgs, err)
			}
			f, err := impl.(FeedsImpl).DecodeFeed(doc)
			if err != nil {
				return nil, err
			}
			out := feedAnswer{Format: f.Format, Violations: []violationJSON{}, Warnings: []string{}, Items: itemsJSON(f.Items)}
			for _, v := range f.Violations {
				out.Violations = append(out.Violations, violationJSON(v))
			}
			out.Warnings = append(out.Warnings, f.Warnings...)
			return out, nil
		},
	}
	for _, name := range []string{"create", "update", "delete", "resolve", "merge-item", "merge-feed"} {
		shimOps["feedsync."+name] = shimOp{
			offered: func(impl Impl) bool { _, ok := impl.(MergeImpl); return ok },
			serve: func(impl Impl, raw json.RawMessage) (any, error) {
				var a feedOpArgs
				if err := json.Unmarshal(raw, &a); err != nil {
					return nil, fmt.Errorf("%w: %v", errBadArgs, err)
				}
				op := FeedOp{Op: name, Local: a.Local, Incoming: a.Incoming, Item: a.Item, Content: a.Content,
					SyncID: a.SyncID, NoConflicts: a.NoConflicts, By: a.By, SparsePurge: a.SparsePurge, StripTombstone: a.StripTombstone}
				if a.When != nil {
					t, err := time.Parse(time.RFC3339Nano, *a.When)
					if err != nil {
						return nil, fmt.Errorf("%w: when: %v", errBadArgs, err)
					}
					op.When = &t
				}
				r, err := impl.(MergeImpl).FeedOp(op)
				if err != nil {
					return nil, err
				}
				return feedOpAnswer{Items: itemsJSON(r.Items), Outcomes: r.Outcomes, Document: r.Document}, nil
			},
		}
	}
	shimOps["p2p.handshake.serve"] = shimOp{
		offered: func(impl Impl) bool { _, ok := impl.(HandshakeImpl); return ok },
		serve: func(impl Impl, raw json.RawMessage) (any, error) {
			var a handshakeArgs
			if err := json.Unmarshal(raw, &a); err != nil {
				return nil, fmt.Errorf("%w: %v", errBadArgs, err)
			}
			b, err := unhexArgs(map[string]string{"keyHex": a.KeyHex, "nonceHex": a.NonceHex, "clientHex": a.ClientHex})
			if err != nil {
				return nil, err
			}
			k, err := x509.ParsePKCS8PrivateKey(b["keyHex"])
			if err != nil {
				return nil, fmt.Errorf("%w: keyHex: %v", errBadArgs, err)
			}
			rk, ok := k.(*rsa.PrivateKey)
			if !ok {
				return nil, fmt.Errorf("%w: keyHex: not an RSA key", errBadArgs)
			}
			h := ServerHandshake{Key: rk, Nonce: b["nonceHex"], Client: b["clientHex"]}
			if h.Tickets, err = unhexList("ticketsHex", a.TicketsHex); err != nil {
				return nil, err
			}
			if h.AcceptTickets, err = unhexList("acceptTicketsHex", a.AcceptTicketsHex); err != nil {
				return nil, err
			}
			if a.PeerID != "" {
				id, err := ident.ParseDeviceID(a.PeerID)
				if err != nil {
					return nil, fmt.Errorf("%w: peerId: %v", errBadArgs, err)
				}
				h.PeerID = &id
			}
			sent, err := impl.(HandshakeImpl).ServeHandshake(h)
			if err != nil {
				return nil, err
			}
			return map[string]string{"serverHex": hex.EncodeToString(sent)}, nil
		},
	}
}

// DecodeFeed forwards feedsync.decode.
func (c *ShimClient) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	var a feedAnswer
	if err := c.callArgs("feedsync.decode", map[string]string{"documentHex": hex.EncodeToString(doc)}, &a); err != nil {
		return nil, err
	}
	items, err := itemsOf("feedsync.decode", a.Items)
	if err != nil {
		return nil, err
	}
	f := &DecodedFeed{Format: a.Format, Warnings: a.Warnings, Items: items}
	for _, v := range a.Violations {
		f.Violations = append(f.Violations, Violation(v))
	}
	return f, nil
}

// FeedOp forwards feedsync.<op>.
func (c *ShimClient) FeedOp(op FeedOp) (*FeedOpResult, error) {
	a := feedOpArgs{Local: op.Local, Incoming: op.Incoming, Item: op.Item, Content: op.Content, SyncID: op.SyncID,
		NoConflicts: op.NoConflicts, By: op.By, SparsePurge: op.SparsePurge, StripTombstone: op.StripTombstone}
	if op.When != nil {
		w := op.When.Format(time.RFC3339Nano)
		a.When = &w
	}
	var r feedOpAnswer
	if err := c.callArgs("feedsync."+op.Op, a, &r); err != nil {
		return nil, err
	}
	items, err := itemsOf("feedsync."+op.Op, r.Items)
	if err != nil {
		return nil, err
	}
	return &FeedOpResult{Items: items, Outcomes: r.Outcomes, Document: r.Document}, nil
}

// ServeHandshake forwards p2p.handshake.serve.
func (c *ShimClient) ServeHandshake(h ServerHandshake) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(h.Key)
	if err != nil {
		return nil, err
	}
	a := handshakeArgs{KeyHex: hex.EncodeToString(der), NonceHex: hex.EncodeToString(h.Nonce),
		TicketsHex: hexList(h.Tickets), AcceptTicketsHex: hexList(h.AcceptTickets), ClientHex: hex.EncodeToString(h.Client)}
	if h.PeerID != nil {
		a.PeerID = h.PeerID.String()
	}
	var r struct {
		ServerHex string `json:"serverHex"`
	}
	if err := c.callArgs("p2p.handshake.serve", a, &r); err != nil {
		return nil, err
	}
	return unhexAnswer("p2p.handshake.serve", "serverHex", r.ServerHex)
}
