package saml

import (
	"bytes"
	"crypto/x509"
	"testing"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// The benchmarks of the issue: go test -run '^$' -bench 'Goxmldsig|Verify|Issue' -count 6 ./saml
//
// BenchmarkGoxmldsigValidate is the baseline of a cold Verify: parse the signed octets with
// etree, then goxmldsig's Validate. BenchmarkGoxmldsigSign is the baseline of Issue:
// goxmldsig signing the same assertion, already built.

func benchTicket(b *testing.B) []byte {
	f := newFixture(b)
	t, _ := f.issue(b, f.userClaims())
	return t
}

func BenchmarkGoxmldsigValidate(b *testing.B) {
	ticket := benchTicket(b)
	k := vectors.MustKey(vectors.KeyCloudA)
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{k.Cert}})
	b.SetBytes(int64(len(ticket)))
	b.ReportAllocs()
	for b.Loop() {
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(ticket); err != nil {
			b.Fatal(err)
		}
		if _, err := ctx.Validate(doc.Root()); err != nil {
			b.Fatal(err)
		}
	}
}

// quoteVariant returns the ticket with the quotes of its i-th attribute switched to
// apostrophes: the same XML, other octets, so that the cache misses.
func quoteVariant(t []byte, i int) []byte {
	out := bytes.Clone(t)
	n := 0
	for j := 0; j+1 < len(out); j++ {
		if out[j] == '=' && out[j+1] == '"' {
			if n == i {
				k := bytes.IndexByte(out[j+2:], '"')
				out[j+1], out[j+2+k] = '\'', '\''
				return out
			}
			n++
		}
	}
	panic("no such attribute")
}

func BenchmarkVerify(b *testing.B) {
	f := newFixture(b)
	ticket, _ := f.issue(b, f.userClaims())
	b.Run("cold", func(b *testing.B) {
		// A cache of one entry and two spellings of the same ticket, alternating: every
		// call misses, hashes, verifies and replaces the entry.
		v := f.verifier(b, func(p *Policy) { p.CacheSize = 1 })
		variants := [2][]byte{quoteVariant(ticket, 0), quoteVariant(ticket, 1)}
		b.SetBytes(int64(len(ticket)))
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			if _, err := v.Verify(variants[i&1]); err != nil {
				b.Fatal(err)
			}
			i++
		}
	})
	b.Run("warm", func(b *testing.B) {
		v := f.verifier(b, nil)
		if _, err := v.Verify(ticket); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(ticket)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(ticket); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkGoxmldsigSign(b *testing.B) {
	f := newFixture(b)
	c := f.userClaims()
	c.ID, c.Issuer, c.IssueInstant, c.NotBefore, c.NotOnOrAfter = mustTicketID(b), f.issuerName, f.now(), f.now(), f.now().Add(c.Kind.DefaultLifetime())
	el := buildAssertion(&c)
	k := vectors.MustKey(vectors.KeyCloudA)
	ctx, err := dsig.NewSigningContext(k.Private, [][]byte{k.CertDER})
	if err != nil {
		b.Fatal(err)
	}
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ctx.SignEnveloped(el); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkIssue(b *testing.B) {
	f := newFixture(b)
	c := f.userClaims()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := f.issuer.Issue(c); err != nil {
			b.Fatal(err)
		}
	}
}
