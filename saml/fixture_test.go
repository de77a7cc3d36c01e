package saml

import (
	"crypto/rand"
	"crypto/x509"
	"sync/atomic"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

const (
	testIssuer   = "https://cloud.livemesh.example/"
	testIdP      = "https://login.livemesh.example/"
	testAudience = "https://cloud.livemesh.example/V0.1/"
	testAccounts = "https://accounts.livemesh.example/"
)

var t0 = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// fixture is an issuer under cloud-2048-a and a settable clock shared by its verifiers.
type fixture struct {
	issuerName string
	clock      atomic.Int64 // unix nanoseconds
	issuer     *Issuer
	key        *vectors.TestKey
}

func newFixture(tb testing.TB) *fixture {
	return newFixtureKey(tb, vectors.KeyCloudA, testIssuer)
}

func newFixtureKey(tb testing.TB, key, name string) *fixture {
	tb.Helper()
	f := &fixture{issuerName: name, key: vectors.MustKey(key)}
	f.clock.Store(t0.UnixNano())
	is, err := NewIssuer(IssuerConfig{Name: name, Key: f.key.Private, Cert: f.key.CertDER, Clock: f.now, Rand: rand.Reader})
	if err != nil {
		tb.Fatal(err)
	}
	f.issuer = is
	return f
}

func (f *fixture) now() time.Time          { return time.Unix(0, f.clock.Load()).UTC() }
func (f *fixture) set(t time.Time)         { f.clock.Store(t.UnixNano()) }
func (f *fixture) advance(d time.Duration) { f.clock.Add(int64(d)) }

func (f *fixture) policy() Policy {
	return Policy{Certs: []*x509.Certificate{f.key.Cert}, Issuer: f.issuerName, Audience: testAudience, Clock: f.now}
}

func (f *fixture) verifier(tb testing.TB, edit func(*Policy)) *Verifier {
	tb.Helper()
	p := f.policy()
	if edit != nil {
		edit(&p)
	}
	v, err := NewVerifier(p)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func (f *fixture) issue(tb testing.TB, c Claims) ([]byte, *Claims) {
	tb.Helper()
	t, got, err := f.issuer.Issue(c)
	if err != nil {
		tb.Fatal(err)
	}
	return t, got
}

func mustUser(tb testing.TB, s string) ident.UserName {
	tb.Helper()
	u, err := ident.ParseUserName(s)
	if err != nil {
		tb.Fatal(err)
	}
	return u
}

func mustDevice(tb testing.TB, key string) ident.DeviceID {
	tb.Helper()
	d, err := ident.DeviceIDFromPublicKey(vectors.MustKey(key).Public())
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func mustTicketID(tb testing.TB) ident.TicketID {
	tb.Helper()
	id, err := ident.NewTicketID(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return id
}

func (f *fixture) userClaims() Claims {
	u, _ := ident.ParseUserName("alice@example.com")
	return Claims{Kind: KindUser, User: u, Audiences: []string{testAudience}}
}
