package conformance

import (
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// ticketArgs are the inputs of tickets.verify: the pinned certificates in DER, the clock as
// RFC 3339, durations in whole seconds (a skew of 0 means none).
type ticketArgs struct {
	PinnedHex          []string `json:"pinnedHex"`
	Issuer             string   `json:"issuer"`
	Audience           string   `json:"audience"`
	Now                string   `json:"now"`
	SkewSeconds        int64    `json:"skewSeconds"`
	MaxLifetimeSeconds int64    `json:"maxLifetimeSeconds"`
	PriorHex           []string `json:"priorHex"`
	TicketHex          string   `json:"ticketHex"`
	Kinds              []string `json:"kinds,omitempty"`          // the accepted kinds; absent: every kind
	ReplayCapacity     int      `json:"replayCapacity,omitempty"` // one-time tickets the store holds; absent: the default
}

func init() {
	shimOps["tickets.verify"] = shimOp{
		offered: func(impl Impl) bool { _, ok := impl.(TicketsImpl); return ok },
		serve: func(impl Impl, raw json.RawMessage) (any, error) {
			var a ticketArgs
			if err := json.Unmarshal(raw, &a); err != nil {
				return nil, fmt.Errorf("%w: %v", errBadArgs, err)
			}
			p := TicketPolicy{Issuer: a.Issuer, Audience: a.Audience, Kinds: a.Kinds, ReplayCapacity: a.ReplayCapacity,
				Skew: time.Duration(a.SkewSeconds) * time.Second, MaxLifetime: time.Duration(a.MaxLifetimeSeconds) * time.Second}
			var err error
			if p.Now, err = time.Parse(time.RFC3339, a.Now); err != nil {
				return nil, fmt.Errorf("%w: now: %v", errBadArgs, err)
			}
			for i, h := range a.PinnedHex {
				der, err := hex.DecodeString(h)
				if err != nil {
					return nil, fmt.Errorf("%w: pinnedHex[%d]: %v", errBadArgs, i, err)
				}
				cert, err := x509.ParseCertificate(der)
				if err != nil {
					return nil, fmt.Errorf("%w: pinnedHex[%d]: %v", errBadArgs, i, err)
				}
				p.Pinned = append(p.Pinned, cert)
			}
			var prior [][]byte
			for i, h := range a.PriorHex {
				b, err := hex.DecodeString(h)
				if err != nil {
					return nil, fmt.Errorf("%w: priorHex[%d]: %v", errBadArgs, i, err)
				}
				prior = append(prior, b)
			}
			ticket, err := hex.DecodeString(a.TicketHex)
			if err != nil {
				return nil, fmt.Errorf("%w: ticketHex: %v", errBadArgs, err)
			}
			return impl.(TicketsImpl).VerifyTicket(p, prior, ticket)
		},
	}
}

// VerifyTicket forwards tickets.verify; the claims come back as a JSON object.
func (c *ShimClient) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	a := ticketArgs{Issuer: p.Issuer, Audience: p.Audience, Now: p.Now.UTC().Format(time.RFC3339),
		SkewSeconds: int64(p.Skew / time.Second), MaxLifetimeSeconds: int64(p.MaxLifetime / time.Second),
		PinnedHex: []string{}, PriorHex: []string{}, TicketHex: hex.EncodeToString(ticket),
		Kinds: p.Kinds, ReplayCapacity: p.ReplayCapacity}
	for _, cert := range p.Pinned {
		a.PinnedHex = append(a.PinnedHex, hex.EncodeToString(cert.Raw))
	}
	for _, t := range prior {
		a.PriorHex = append(a.PriorHex, hex.EncodeToString(t))
	}
	var claims map[string]any
	if err := c.callArgs("tickets.verify", a, &claims); err != nil {
		return nil, err
	}
	return claims, nil
}
