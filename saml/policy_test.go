package saml

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

func TestVerifyIssuerAudience(t *testing.T) {
	runCases(t, []vcase{
		{name: "[TKT-VER-3] another issuer", ticket: resigned(pIssuer, `<saml:Issuer>https://evil.example/</saml:Issuer>`), class: ClassIssuer, req: "TKT-VER-3"},
		{name: "[TKT-VER-3] compared octet for octet", ticket: resigned(pIssuer, `<saml:Issuer>https://CLOUD.livemesh.example/</saml:Issuer>`), class: ClassIssuer, req: "TKT-VER-3"},
		{name: "[TKT-VER-4] another audience", ticket: edits(), policy: func(p *Policy) { p.Audience = "https://other.example/" }, class: ClassAudience, req: "TKT-VER-4"},
		{name: "[TKT-VER-4] one of several audiences", ticket: resigned(pAudience, `<saml:Audience>urn:a</saml:Audience>`+pAudience+`<saml:Audience>urn:b</saml:Audience>`)},
		{name: "[TKT-VER-4] compared octet for octet", ticket: edits(), policy: func(p *Policy) { p.Audience = testAudience + "/" }, class: ClassAudience, req: "TKT-VER-4"},
		{name: "[TKT-VER-5] SkipAudience accepts any audience", ticket: edits(), policy: func(p *Policy) { p.Audience = SkipAudience }},
		{name: "[TKT-VER-5] SkipIssuer accepts any issuer", ticket: resigned(pIssuer, `<saml:Issuer>urn:other</saml:Issuer>`), policy: func(p *Policy) { p.Issuer = SkipIssuer }},
		{name: "[TKT-VER-2] values come from the digested octets: character references", ticket: resigned(pNameID, ">&#97;lice@example.com<")},
		{name: "[TKT-VER-2] values come from the digested octets: CDATA", ticket: resigned(pNameID, "><![CDATA[alice]]>@example.com<")},
	})
	t.Run("[TKT-VER-5] a policy without audience or issuer is refused", func(t *testing.T) {
		f := newFixture(t)
		p := f.policy()
		p.Audience = ""
		_, err := NewVerifier(p)
		wantErr(t, err, ClassConfig, "TKT-VER-5")
		p = f.policy()
		p.Issuer = ""
		_, err = NewVerifier(p)
		wantErr(t, err, ClassConfig, "TKT-VER-5")
		v := f.verifier(t, func(p *Policy) { p.Audience, p.Issuer = SkipAudience, SkipIssuer })
		if v.ChecksAudience() || v.ChecksIssuer() || !f.verifier(t, nil).ChecksAudience() {
			t.Fatal("Checks* wrong")
		}
	})
	t.Run("[TKT-VER-2] claims read from the verified element", func(t *testing.T) {
		f := newFixture(t)
		base, _ := f.issue(t, f.userClaims())
		tk := f.resign(t, base, pNameID, ">&#97;lice@example.com<")
		c, err := f.verifier(t, nil).Verify(tk)
		if err != nil || c.User.String() != "alice@example.com" {
			t.Fatalf("%v %v", c, err)
		}
	})
}

func TestVerifyTimes(t *testing.T) {
	nb := t0
	noa := t0.Add(time.Hour)
	skew := DefaultSkew
	runCases(t, []vcase{
		{name: "[TKT-TIME-1] NotBefore before IssueInstant", ticket: resigned(pNB, `NotBefore="2026-03-04T05:06:06Z"`), class: ClassMalformed, req: "TKT-TIME-1"},
		{name: "[TKT-TIME-1] empty window", ticket: resigned(pNOA, `NotOnOrAfter="2026-03-04T05:06:07Z"`), class: ClassMalformed, req: "TKT-TIME-1"},
		{name: "[TKT-TIME-1] a future NotBefore is allowed", ticket: resigned(pNB, `NotBefore="2026-03-04T05:07:07Z"`), at: t0.Add(time.Minute)},
		{name: "[TKT-TIME-2] longer than the maximum", ticket: resigned(pNOA, `NotOnOrAfter="2026-03-04T06:06:08Z"`), class: ClassPolicy, req: "TKT-TIME-2"},
		{name: "[TKT-TIME-2] measured from IssueInstant", ticket: resigned(pNB, `NotBefore="2026-03-04T05:36:07Z"`, pNOA, `NotOnOrAfter="2026-03-04T06:36:07Z"`), at: t0.Add(40 * time.Minute), class: ClassPolicy, req: "TKT-TIME-2"},
		{name: "[TKT-TIME-2] a longer maximum", ticket: resigned(pNOA, `NotOnOrAfter="2026-03-04T08:06:07Z"`), policy: func(p *Policy) { p.MaxLifetime = 3 * time.Hour }},
		{name: "[TKT-TIME-3] valid at NotBefore - skew exactly", ticket: edits(), at: nb.Add(-skew)},
		{name: "[TKT-TIME-3] not yet valid 1ns before NotBefore - skew", ticket: edits(), at: nb.Add(-skew - 1), class: ClassNotYetValid, req: "TKT-TIME-3"},
		{name: "[TKT-TIME-3] without skew, valid at NotBefore", ticket: edits(), at: nb, policy: func(p *Policy) { p.Skew = -1 }},
		{name: "[TKT-TIME-3] without skew, not yet valid 1ns before", ticket: edits(), at: nb.Add(-1), policy: func(p *Policy) { p.Skew = -1 }, class: ClassNotYetValid, req: "TKT-TIME-3"},
		{name: "[TKT-TIME-4] valid 1ns before NotOnOrAfter + skew", ticket: edits(), at: noa.Add(skew - 1)},
		{name: "[TKT-TIME-4] expired at NotOnOrAfter + skew exactly", ticket: edits(), at: noa.Add(skew), class: ClassExpired, req: "TKT-TIME-4"},
		{name: "[TKT-TIME-4] a 60 s skew: valid 1ns before", ticket: edits(), at: noa.Add(time.Minute - 1), policy: func(p *Policy) { p.Skew = time.Minute }},
		{name: "[TKT-TIME-4] a 60 s skew: expired at NotOnOrAfter + 60 s", ticket: edits(), at: noa.Add(time.Minute), policy: func(p *Policy) { p.Skew = time.Minute }, class: ClassExpired, req: "TKT-TIME-4"},
		{name: "[TKT-TIME-4] without skew: expired at NotOnOrAfter", ticket: edits(), at: noa, policy: func(p *Policy) { p.Skew = -1 }, class: ClassExpired, req: "TKT-TIME-4"},
	})
	certEnd := vectors.MustKey(vectors.KeyCloudA).Cert.NotAfter
	certStart := vectors.MustKey(vectors.KeyCloudA).Cert.NotBefore
	t.Run("[TKT-TIME-5] certificate validity, without skew", func(t *testing.T) {
		f := newFixture(t)
		f.set(certEnd)
		tk, _ := f.issue(t, f.userClaims())
		v := f.verifier(t, func(p *Policy) { p.CacheSize = -1 })
		if _, err := v.Verify(tk); err != nil {
			t.Fatalf("at notAfter: %v", err)
		}
		f.set(certEnd.Add(1))
		_, err := v.Verify(tk)
		wantErr(t, err, ClassExpired, "TKT-TIME-5")
		f.set(certStart)
		tk, _ = f.issue(t, f.userClaims())
		if _, err := v.Verify(tk); err != nil {
			t.Fatalf("at notBefore: %v", err)
		}
		f.set(certStart.Add(-1))
		_, err = v.Verify(tk)
		wantErr(t, err, ClassNotYetValid, "TKT-TIME-5")
	})
	t.Run("[TKT-TIME-6] skew: default, maximum", func(t *testing.T) {
		f := newFixture(t)
		if s := f.verifier(t, nil).Skew(); s != 3*time.Minute {
			t.Fatalf("default skew %v", s)
		}
		if s := f.verifier(t, func(p *Policy) { p.Skew = MaxSkew }).Skew(); s != 5*time.Minute {
			t.Fatalf("max skew %v", s)
		}
		p := f.policy()
		p.Skew = MaxSkew + time.Nanosecond
		_, err := NewVerifier(p)
		wantErr(t, err, ClassConfig, "TKT-TIME-6")
	})
	t.Run("[TKT-TIME-7] the clock is injected and read once per verification", func(t *testing.T) {
		f := newFixture(t)
		tk, _ := f.issue(t, f.userClaims())
		var calls atomic.Int64
		v := f.verifier(t, func(p *Policy) {
			p.Clock = func() time.Time { calls.Add(1); return f.now() }
		})
		for i := range 3 { // cold, then two cache hits
			if _, err := v.Verify(tk); err != nil {
				t.Fatal(err)
			}
			if n := calls.Load(); n != int64(i+1) {
				t.Fatalf("after %d verifications the clock was read %d times", i+1, n)
			}
		}
		p := f.policy()
		p.Clock = nil
		_, err := NewVerifier(p)
		wantErr(t, err, ClassConfig, "TKT-TIME-7")
	})
	t.Run("[TKT-TIME-8] the issuer's instants", func(t *testing.T) {
		f := newFixture(t)
		f.set(t0.Add(700 * time.Millisecond))
		_, c := f.issue(t, f.userClaims())
		if !c.IssueInstant.Equal(t0) || !c.NotBefore.Equal(t0) {
			t.Fatalf("IssueInstant %v NotBefore %v", c.IssueInstant, c.NotBefore)
		}
		in := f.userClaims()
		in.NotBefore = t0.Add(-time.Second)
		_, _, err := f.issuer.Issue(in)
		wantErr(t, err, ClassClaim, "TKT-TIME-8")
		in = f.userClaims()
		in.NotOnOrAfter = t0
		_, _, err = f.issuer.Issue(in)
		wantErr(t, err, ClassClaim, "TKT-TIME-8")
		f.set(certEndOf(vectors.KeyCloudA).Add(time.Second))
		_, _, err = f.issuer.Issue(f.userClaims())
		wantErr(t, err, ClassConfig, "TKT-TIME-8")
	})
}

func certEndOf(key string) time.Time { return vectors.MustKey(key).Cert.NotAfter }

func TestVerifyOrder(t *testing.T) {
	runCases(t, []vcase{
		{name: "[TKT-VER-1] size before everything", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return append([]byte("<!--"), make([]byte, MaxTicketSize)...)
		}, class: ClassMalformed, req: "TKT-LIM-1"},
		{name: "[TKT-VER-1] structure before the signature profile", ticket: edits(pSigMeth, `<ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>`, pVersion, `Version="1.1"`), class: ClassMalformed, req: "TKT-FMT-5"},
		{name: "[TKT-VER-1] signature profile before the key", ticket: func(t *testing.T, f *fixture, b []byte) []byte {
			return editBytes(t, signXML(t, vectors.KeyAttacker, unsigned(b)), pDigMeth, `<ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>`)
		}, class: ClassSignature, req: "TKT-SIG-7"},
		{name: "[TKT-VER-1] the signature before the issuer", ticket: edits(pIssuer, `<saml:Issuer>urn:evil</saml:Issuer>`), class: ClassSignature, req: "TKT-SIG-12"},
		{name: "[TKT-VER-1] issuer before times", ticket: resigned(pIssuer, `<saml:Issuer>urn:evil</saml:Issuer>`), at: t0.Add(24 * time.Hour), class: ClassIssuer, req: "TKT-VER-3"},
		{name: "[TKT-VER-1] times before audience", ticket: edits(), at: t0.Add(24 * time.Hour), policy: func(p *Policy) { p.Audience = "urn:other" }, class: ClassExpired, req: "TKT-TIME-4"},
		{name: "[TKT-VER-1] ticket window before certificate validity", ticket: edits(), at: certEndOf(vectors.KeyCloudA).Add(time.Hour), class: ClassExpired, req: "TKT-TIME-4"},
		{name: "[TKT-VER-1] audience before kind", ticket: resigned(pKindUser, `<saml:AttributeValue>admin</saml:AttributeValue>`), policy: func(p *Policy) { p.Audience = "urn:other" }, class: ClassAudience, req: "TKT-VER-4"},
		{name: "[TKT-VER-1] times before kind policy", ticket: edits(), at: t0.Add(24 * time.Hour), policy: func(p *Policy) { p.Kinds = []Kind{KindDevice} }, class: ClassExpired, req: "TKT-TIME-4"},
		{name: "[TKT-VER-1] lifetime before window", ticket: resigned(pNOA, `NotOnOrAfter="2026-03-05T06:06:07Z"`), at: t0.Add(-time.Hour), class: ClassPolicy, req: "TKT-TIME-2"},
	})
	t.Run("[TKT-VER-1] a one-time ticket refused for its audience is not used up", func(t *testing.T) {
		f := newFixtureKey(t, vectors.KeyIdP, testIdP)
		tk, _ := f.issue(t, f.authClaims(t))
		store := NewReplayStore(8)
		other := f.verifier(t, func(p *Policy) { p.Audience, p.Replay = "urn:other", store })
		_, err := other.Verify(tk)
		wantErr(t, err, ClassAudience, "TKT-VER-4")
		right := f.verifier(t, func(p *Policy) { p.Audience, p.Replay = testAccounts, store })
		if _, err := right.Verify(tk); err != nil {
			t.Fatal(err)
		}
		_, err = right.Verify(tk)
		wantErr(t, err, ClassReplay, "TKT-REPLAY-1")
	})
}

func (f *fixture) authClaims(t testing.TB) Claims {
	return Claims{Kind: KindAuth, User: mustUser(t, "alice@example.com"), Audiences: []string{testAccounts}}
}

func TestConfig(t *testing.T) {
	t.Run("[TKT-SIG-10] an issuer refuses a short key", func(t *testing.T) {
		k := vectors.MustKey(vectors.KeyWeak1024)
		_, err := NewIssuer(IssuerConfig{Name: testIssuer, Key: k.Private, Cert: k.CertDER, Clock: time.Now, Rand: strings.NewReader("")})
		wantErr(t, err, ClassConfig, "TKT-SIG-10")
	})
	t.Run("[TKT-SIG-10] a verifier refuses to pin a short key", func(t *testing.T) {
		f := newFixture(t)
		p := f.policy()
		p.Certs = append(p.Certs, vectors.MustKey(vectors.KeyWeak1024).Cert)
		_, err := NewVerifier(p)
		wantErr(t, err, ClassConfig, "TKT-SIG-10")
	})
	t.Run("[TKT-SIG-11] a verifier needs pinned certificates", func(t *testing.T) {
		f := newFixture(t)
		p := f.policy()
		p.Certs = nil
		_, err := NewVerifier(p)
		wantErr(t, err, ClassConfig, "TKT-SIG-11")
	})
	t.Run("[TKT-SIG-9] the issuer's certificate carries its key", func(t *testing.T) {
		k := vectors.MustKey(vectors.KeyCloudA)
		_, err := NewIssuer(IssuerConfig{Name: testIssuer, Key: k.Private, Cert: vectors.MustKey(vectors.KeyCloudB).CertDER, Clock: time.Now, Rand: strings.NewReader("")})
		wantErr(t, err, ClassConfig, "TKT-SIG-9")
	})
}
