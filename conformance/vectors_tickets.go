package conformance

import (
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/livemesh-spec/livemesh/saml"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

func init() { opCheckers["tickets-verify.v1.schema.json"] = checkTicketsVerify }

// ticketsTest is one test of tickets/verify.json (schema tickets-verify.v1.schema.json).
type ticketsTest struct {
	vectors.Test
	Policy struct {
		Pinned      []string `json:"pinned"`
		Issuer      string   `json:"issuer"`
		Audience    string   `json:"audience"`
		Now         string   `json:"now"`
		Skew        int      `json:"skew"`
		MaxLifetime int      `json:"maxLifetime"`
	} `json:"policy"`
	Prior     []string        `json:"prior"`
	Ticket    *string         `json:"ticket"`
	TicketHex *string         `json:"ticketHex"`
	Expected  json.RawMessage `json:"expected"`
}

// TicketsImpl is the ticket verifier of an implementation (spec/tickets.md §5–§7; the shim's
// tickets.verify operation).
type TicketsImpl interface {
	// VerifyTicket builds a verifier with the policy, verifies the prior tickets in order (all
	// must be accepted: they fill the replay store), then verifies ticket. It returns the
	// claims, as a value whose JSON encoding is the vector's expected object; a *Refusal naming
	// the error class and the first rule that fails in the spec's check order; or
	// ErrUnimplemented.
	VerifyTicket(policy TicketPolicy, prior [][]byte, ticket []byte) (any, error)
}

// TicketPolicy is a verifier's configuration, as a vector gives it.
type TicketPolicy struct {
	Pinned      []*x509.Certificate // the cloud's signing certificates
	Issuer      string
	Audience    string
	Now         time.Time
	Skew        time.Duration // the allowed clock skew; 0 means none
	MaxLifetime time.Duration
	// Kinds, when not empty, are the only kinds the verifier accepts ([TKT-KIND-12]), by
	// their names in tickets ("user", "resource", …).
	Kinds []string
	// ReplayCapacity, when not 0, is the number of one-time tickets the replay store holds
	// ([TKT-REPLAY-4]); 0 leaves the implementation's default.
	ReplayCapacity int
}

// checkTicketsVerify verifies every ticket under its policy with impl and compares the error
// class and requirement, or the claims, with the test's.
func checkTicketsVerify(impl Impl, _ fs.FS, data []byte) ([]Failure, int, error) {
	return checkTests(impl, data, func(tc *ticketsTest) (string, string) { return tc.ID, "tickets.verify" },
		func(name string, a TicketsImpl, tc *ticketsTest) ([]string, error) {
			return one(runTicketsTest(name, a, tc))
		})
}

func runTicketsTest(name string, impl TicketsImpl, tc *ticketsTest) (string, error) {
	var ticket []byte
	switch {
	case tc.Ticket != nil && tc.TicketHex == nil:
		ticket = []byte(*tc.Ticket)
	case tc.TicketHex != nil && tc.Ticket == nil:
		b, err := hex.DecodeString(*tc.TicketHex)
		if err != nil {
			return "ticketHex: " + err.Error(), nil
		}
		ticket = b
	default:
		return "want exactly one of ticket and ticketHex", nil
	}
	now, err := time.Parse(time.RFC3339, tc.Policy.Now)
	if err != nil {
		return "policy.now: " + err.Error(), nil
	}
	policy := TicketPolicy{Issuer: tc.Policy.Issuer, Audience: tc.Policy.Audience, Now: now,
		Skew: time.Duration(tc.Policy.Skew) * time.Second, MaxLifetime: time.Duration(tc.Policy.MaxLifetime) * time.Second}
	for _, n := range tc.Policy.Pinned {
		k, err := vectors.Key(n)
		if err != nil {
			return "policy.pinned: " + err.Error(), nil
		}
		policy.Pinned = append(policy.Pinned, k.Cert)
	}
	var prior [][]byte
	for _, p := range tc.Prior {
		prior = append(prior, []byte(p))
	}
	c, err := impl.VerifyTicket(policy, prior, ticket)
	if errors.Is(err, ErrUnimplemented) {
		return "", fmt.Errorf("%w: %s: ticket verification", ErrUnimplemented, name)
	}
	if err != nil {
		var r *Refusal
		if !errors.As(err, &r) {
			return "test cannot run: " + err.Error(), nil
		}
		if tc.Result == vectors.Valid {
			return name + " refuses a valid ticket: " + err.Error(), nil
		}
		if r.Class != tc.Error || r.Req != tc.ErrorReq {
			return fmt.Sprintf("%s refuses with %s [%s], test expects %s [%s]", name, r.Class, r.Req, tc.Error, tc.ErrorReq), nil
		}
		return "", nil
	}
	if tc.Result == vectors.Invalid {
		return fmt.Sprintf("%s accepts an invalid ticket (expected %s [%s])", name, tc.Error, tc.ErrorReq), nil
	}
	return compareJSON(name, c, tc.Expected), nil
}

// VerifyTicket verifies with package saml.
func (Reference) VerifyTicket(p TicketPolicy, prior [][]byte, ticket []byte) (any, error) {
	skew := p.Skew
	if skew == 0 {
		skew = -1 // no skew; saml reads 0 as its default
	}
	now := p.Now
	pol := saml.Policy{Certs: p.Pinned, Issuer: p.Issuer, Audience: p.Audience,
		Clock: func() time.Time { return now }, Skew: skew, MaxLifetime: p.MaxLifetime}
	for _, name := range p.Kinds {
		k, ok := saml.ParseKind(name)
		if !ok {
			return nil, fmt.Errorf("policy: unknown ticket kind %q", name)
		}
		pol.Kinds = append(pol.Kinds, k)
	}
	if p.ReplayCapacity > 0 {
		pol.Replay = saml.NewReplayStore(p.ReplayCapacity)
	}
	v, err := saml.NewVerifier(pol)
	if err != nil {
		return nil, samlRefusal(err) // a policy the spec forbids, such as a weak pinned key
	}
	for i, t := range prior {
		if _, err := v.Verify(t); err != nil {
			return nil, fmt.Errorf("prior ticket %d refused: %v", i, err)
		}
	}
	c, err := v.Verify(ticket)
	if err != nil {
		return nil, samlRefusal(err)
	}
	return c, nil
}

// samlRefusal converts an error of package saml into the harness's form.
func samlRefusal(err error) error {
	var e *saml.Error
	if errors.As(err, &e) {
		return &Refusal{Class: e.Class.String(), Req: e.Req, Msg: err.Error()}
	}
	return err
}
