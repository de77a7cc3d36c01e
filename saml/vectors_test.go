package saml

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// vectorTest is one test of spec/vectors/tickets/verify.json.
type vectorTest struct {
	vectors.Test
	Policy struct {
		Pinned      []string `json:"pinned"`
		Issuer      string   `json:"issuer"`
		Audience    string   `json:"audience"`
		NowText     string   `json:"now"`
		Skew        int      `json:"skew"`
		MaxLifetime int      `json:"maxLifetime"`
	} `json:"policy"`
	Prior     []string        `json:"prior"`
	Ticket    *string         `json:"ticket"`
	TicketHex *string         `json:"ticketHex"`
	Expected  json.RawMessage `json:"expected"`
}

// TestVectors runs every test of tickets/verify.json ([VEC-GEN-5]).
func TestVectors(t *testing.T) {
	f, err := vectors.Load[vectorTest]("tickets/verify.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range f.Tests {
		t.Run(tc.ID, func(t *testing.T) {
			var ticket []byte
			if tc.Ticket != nil {
				ticket = []byte(*tc.Ticket)
			} else if ticket, err = hex.DecodeString(*tc.TicketHex); err != nil {
				t.Fatal(err)
			}
			now, err := time.Parse(time.RFC3339, tc.Policy.NowText)
			if err != nil {
				t.Fatal(err)
			}
			p := Policy{Issuer: tc.Policy.Issuer, Audience: tc.Policy.Audience, Clock: func() time.Time { return now },
				Skew: time.Duration(tc.Policy.Skew) * time.Second, MaxLifetime: time.Duration(tc.Policy.MaxLifetime) * time.Second}
			if p.Skew == 0 {
				p.Skew = -1 // no skew; 0 is the default here
			}
			for _, n := range tc.Policy.Pinned {
				p.Certs = append(p.Certs, vectors.MustKey(n).Cert)
			}
			c, err := func() (*Claims, error) {
				v, err := NewVerifier(p)
				if err != nil {
					return nil, err
				}
				for _, pr := range tc.Prior {
					if _, err := v.Verify([]byte(pr)); err != nil {
						t.Fatalf("prior ticket refused: %v", err)
					}
				}
				return v.Verify(ticket)
			}()
			if tc.Result == vectors.Invalid {
				var e *Error
				if !errors.As(err, &e) || e.Class.String() != tc.Error || e.Req != tc.ErrorReq {
					t.Fatalf("got %v, want %s [%s]", err, tc.Error, tc.ErrorReq)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(c)
			var g, w any
			_ = json.Unmarshal(got, &g)
			_ = json.Unmarshal(tc.Expected, &w)
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			if string(gj) != string(wj) {
				t.Fatalf("claims\n got %s\nwant %s", gj, wj)
			}
		})
	}
}
