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

func init() { checkers["tickets-verify.v1.schema.json"] = checkTicketsVerify }

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

// checkTicketsVerify verifies every ticket under its policy with package saml and compares
// the error class and requirement, or the claims, with the test's.
func checkTicketsVerify(_ fs.FS, data []byte) ([]Failure, int, error) {
	f, err := vectors.Decode[ticketsTest](data)
	if err != nil {
		return nil, 0, err
	}
	var fails []Failure
	for i := range f.Tests {
		tc := &f.Tests[i]
		if msg := runTicketsTest(tc); msg != "" {
			fails = append(fails, Failure{tc.ID, msg})
		}
	}
	return fails, len(f.Tests), nil
}

func runTicketsTest(tc *ticketsTest) string {
	var ticket []byte
	switch {
	case tc.Ticket != nil && tc.TicketHex == nil:
		ticket = []byte(*tc.Ticket)
	case tc.TicketHex != nil && tc.Ticket == nil:
		b, err := hex.DecodeString(*tc.TicketHex)
		if err != nil {
			return "ticketHex: " + err.Error()
		}
		ticket = b
	default:
		return "want exactly one of ticket and ticketHex"
	}
	now, err := time.Parse(time.RFC3339, tc.Policy.Now)
	if err != nil {
		return "policy.now: " + err.Error()
	}
	var certs []*x509.Certificate
	for _, n := range tc.Policy.Pinned {
		k, err := vectors.Key(n)
		if err != nil {
			return "policy.pinned: " + err.Error()
		}
		certs = append(certs, k.Cert)
	}
	skew := time.Duration(tc.Policy.Skew) * time.Second
	if skew == 0 {
		skew = -1 // no skew; saml reads 0 as its default
	}
	c, err := func() (*saml.Claims, error) {
		v, err := saml.NewVerifier(saml.Policy{Certs: certs, Issuer: tc.Policy.Issuer, Audience: tc.Policy.Audience,
			Clock: func() time.Time { return now }, Skew: skew, MaxLifetime: time.Duration(tc.Policy.MaxLifetime) * time.Second})
		if err != nil {
			return nil, err
		}
		for i, p := range tc.Prior {
			if _, err := v.Verify([]byte(p)); err != nil {
				return nil, fmt.Errorf("prior ticket %d refused: %w", i, err)
			}
		}
		return v.Verify(ticket)
	}()
	if err != nil {
		var e *saml.Error
		if !errors.As(err, &e) {
			return "test cannot run: " + err.Error()
		}
		if tc.Result == vectors.Valid {
			return "reference refuses a valid ticket: " + err.Error()
		}
		if e.Class.String() != tc.Error || e.Req != tc.ErrorReq {
			return fmt.Sprintf("reference refuses with %s [%s], test expects %s [%s]", e.Class, e.Req, tc.Error, tc.ErrorReq)
		}
		return ""
	}
	if tc.Result == vectors.Invalid {
		return fmt.Sprintf("reference accepts an invalid ticket (expected %s [%s])", tc.Error, tc.ErrorReq)
	}
	return compareJSON("reference", c, tc.Expected)
}
