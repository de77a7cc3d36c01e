package saml

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// fuzzSeeds issues one ticket of each kind at t0 with the published keys.
func fuzzSeeds(t testing.TB) (tickets [][]byte, claims []*Claims) {
	for _, kc := range kindCases() {
		key, name := vectors.KeyCloudA, testIssuer
		if kc.key != "" {
			key, name = kc.key, kc.issuer
		}
		f := newFixtureKey(t, key, name)
		k := vectors.MustKey(key)
		is, err := NewIssuer(IssuerConfig{Name: name, Key: k.Private, Cert: k.CertDER, Clock: f.now, Rand: &detRand{label: kc.name}})
		if err != nil {
			t.Fatal(err)
		}
		tk, c, err := is.Issue(kc.claims(&testing.T{}))
		if err != nil {
			t.Fatal(err)
		}
		tickets, claims = append(tickets, tk), append(claims, c)
	}
	return tickets, claims
}

// detRand is a deterministic byte stream (SHA-256 of a label and a counter), so that every
// fuzzing process makes the same seed tickets.
type detRand struct {
	label string
	n     uint64
	buf   []byte
}

func (r *detRand) Read(p []byte) (int, error) {
	for i := range p {
		if len(r.buf) == 0 {
			s := sha256.Sum256([]byte(r.label + "/" + strconv.FormatUint(r.n, 10)))
			r.n++
			r.buf = s[:]
		}
		p[i], r.buf = r.buf[0], r.buf[1:]
	}
	return len(p), nil
}

// FuzzVerify feeds arbitrary octets to verifiers that pin both issuers' keys and skip the
// issuer and audience checks. A forger cannot sign, so whatever verifies must be one of the
// seed tickets (perhaps spelled differently) and carry its claims; nothing may panic, and
// every refusal is an *Error.
func FuzzVerify(f *testing.F) {
	tickets, claims := fuzzSeeds(f)
	for _, tk := range tickets {
		f.Add(tk)
		f.Add(quoteVariant(tk, 2))
		f.Add(bytes.Replace(tk, []byte("saml:"), []byte("s:"), 3))
		f.Add(tk[:len(tk)/2])
	}
	f.Add([]byte("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>"))
	f.Add([]byte(""))
	now := func() time.Time { return t0 }
	certs := []*x509Cert{vectors.MustKey(vectors.KeyCloudA).Cert, vectors.MustKey(vectors.KeyIdP).Cert}
	f.Fuzz(func(t *testing.T, in []byte) {
		v, err := NewVerifier(Policy{Certs: certs, Issuer: SkipIssuer, Audience: SkipAudience, Clock: now, CacheSize: -1})
		if err != nil {
			t.Fatal(err)
		}
		c, err := v.Verify(in)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Req == "" {
				t.Fatalf("error %v (%T)", err, err)
			}
			return
		}
		for _, want := range claims {
			if want.ID == c.ID {
				sameClaims(t, c, want)
				return
			}
		}
		t.Fatalf("a ticket that is no seed verified: %+v", c)
	})
}

// FuzzDecodeAuthorization checks that decoding never panics, refuses with *Error, and that
// what it accepts encodes back to a value that decodes to the same tickets.
func FuzzDecodeAuthorization(f *testing.F) {
	tickets, _ := fuzzSeeds(f)
	v, _ := EncodeAuthorization(tickets[0], tickets[1])
	f.Add(v)
	f.Add("MeshTicket YQ.Yg")
	f.Add("meshticket   YQ")
	f.Add("MeshTicket YQ==")
	f.Add("MeshTicket ..")
	f.Add("Bearer x")
	f.Fuzz(func(t *testing.T, in string) {
		got, err := DecodeAuthorization(in)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T", err)
			}
			return
		}
		enc, err := EncodeAuthorization(got...)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		again, err := DecodeAuthorization(enc)
		if err != nil || len(again) != len(got) {
			t.Fatalf("round trip: %v", err)
		}
		for i := range got {
			if !bytes.Equal(got[i], again[i]) {
				t.Fatal("round trip changed a ticket")
			}
		}
	})
}

// FuzzDecodeAuthenticationInfo: no panics, *Error refusals, round trips.
func FuzzDecodeAuthenticationInfo(f *testing.F) {
	f.Add(`tickets=YQ.Yg`)
	f.Add(`qop=auth, TICKETS="YQ", x="a\"b"`)
	f.Add(`tickets=`)
	f.Fuzz(func(t *testing.T, in string) {
		got, err := DecodeAuthenticationInfo(in)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T", err)
			}
			return
		}
		enc, err := EncodeAuthenticationInfo(got...)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if again, err := DecodeAuthenticationInfo(enc); err != nil || len(again) != len(got) {
			t.Fatalf("round trip: %v", err)
		}
	})
}
