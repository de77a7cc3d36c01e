package saml

import (
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

var (
	localRunes  = []rune("abcxyzABCXYZ0189!#$%&'*+-/=?^_`{|}~éßñøжδ用户名")
	domainRunes = []rune("abmxz019-éüжδ例子")
)

func genLabel(t *rapid.T, name string) string {
	for {
		s := string(rapid.SliceOfN(rapid.SampledFrom(domainRunes), 1, 6).Draw(t, name))
		if !strings.HasPrefix(s, "-") && !strings.HasSuffix(s, "-") {
			return s
		}
	}
}

// genUser draws a valid user name in stored form: non-ASCII local parts and domains,
// one-character labels (a@m.com) included.
func genUser(t *rapid.T) ident.UserName {
	for {
		local := string(rapid.SliceOfN(rapid.SampledFrom(localRunes), 1, 8).Draw(t, "local"))
		labels := []string{genLabel(t, "label")}
		for range rapid.IntRange(0, 2).Draw(t, "labels") {
			labels = append(labels, genLabel(t, "label"))
		}
		labels = append(labels, rapid.SampledFrom([]string{"com", "m", "中国", "δοκιμή", "x1"}).Draw(t, "tld"))
		u, err := ident.ParseUserName(local + "@" + strings.Join(labels, "."))
		if err == nil && u.String() == local+"@"+strings.Join(labels, ".") {
			return u
		}
	}
}

// genClaimString draws a claim over the whole allowed character set, biased to edges.
func genClaimString(t *rapid.T, name string) string {
	r := rapid.OneOf(
		rapid.Int32Range(0x20, 0x7e),
		rapid.Int32Range(0xa0, 0x2fff),
		rapid.SampledFrom([]rune{' ', '&', '<', '>', '"', '\'', ']', 0xa0, 0xd7ff, 0xe000, 0xfffd, 0x10000, 0x10ffff, 0xfeff, 0x200d}),
		rapid.Int32Range(0x10000, 0x10ffff),
	)
	for {
		rs := rapid.SliceOfN(r, 1, 24).Draw(t, name)
		s := string(rs)
		if len(s) <= MaxClaimLen && checkClaimString(name, s) == "" {
			return s
		}
	}
}

func genPath(t *rapid.T) string {
	segs := rapid.SliceOfN(rapid.StringMatching(`[A-Za-z0-9._~!$&'()*+,;=:@-]{1,8}|%[0-9A-F][0-9A-F]`), 0, 4).Draw(t, "segments")
	p := "/" + strings.Join(segs, "/")
	if checkResourcePath(p) != "" {
		return "/x"
	}
	return p
}

var deviceKeys = []string{vectors.KeyDeviceA, vectors.KeyDeviceB, vectors.KeyDeviceC}

func genClaims(t *rapid.T, tb testing.TB) Claims {
	k := rapid.SampledFrom(Kinds()).Draw(t, "kind")
	c := Claims{Kind: k}
	for range rapid.IntRange(1, 3).Draw(t, "audiences") {
		c.Audiences = append(c.Audiences, genClaimString(t, "audience"))
	}
	dev := func(name string) ident.DeviceID { return mustDevice(tb, rapid.SampledFrom(deviceKeys).Draw(t, name)) }
	switch k {
	case KindAuth:
		c.User = genUser(t)
		if rapid.Bool().Draw(t, "context") {
			c.AuthnContext = genClaimString(t, "authnContext")
		}
	case KindUser:
		c.User = genUser(t)
	case KindDevice:
		c.Device = dev("device")
	case KindDeviceClaim:
		c.Device, c.User = dev("device"), genUser(t)
	case KindResource:
		c.User, c.Resource = genUser(t), genPath(t)
		c.OneTime = rapid.Bool().Draw(t, "oneTime")
		all := []Action{ActionRead, ActionWrite, ActionExecute, ActionDelete, ActionControl}
		perm := rapid.Permutation(all).Draw(t, "actions")
		c.Actions = perm[:rapid.IntRange(1, 5).Draw(t, "nActions")]
	case KindPeer:
		c.Device = dev("device")
		for c.PeerDevice = dev("peer"); c.PeerDevice == c.Device; c.PeerDevice = dev("peer") {
		}
		c.Audiences = append(c.Audiences, DeviceAudience(c.PeerDevice))
		if rapid.Bool().Draw(t, "sameUser") {
			c.Basis, c.User = BasisSameUser, genUser(t)
		} else {
			var b [16]byte
			copy(b[:], rapid.SliceOfN(rapid.Byte(), 16, 16).Draw(t, "object"))
			b[15] &^= 3 // the spare bits of a resource ID
			c.Basis, c.Object = BasisSharedObject, ident.ResourceIDFromBytes(b)
		}
	}
	return c
}

func TestPropIssueVerify(t *testing.T) {
	t.Run("[TKT-CLAIM-1] issue then verify gives back the claims", func(t *testing.T) {
		k := vectors.MustKey(vectors.KeyCloudA)
		rapid.Check(t, func(rt *rapid.T) {
			in := genClaims(rt, t)
			name := genClaimString(rt, "issuer")
			now := t0.Add(time.Duration(rapid.Int64Range(0, 1e9).Draw(rt, "at")) * time.Second)
			clock := func() time.Time { return now }
			is, err := NewIssuer(IssuerConfig{Name: name, Key: k.Private, Cert: k.CertDER, Clock: clock, Rand: rand.Reader})
			if err != nil {
				rt.Fatal(err)
			}
			if rapid.Bool().Draw(rt, "window") {
				in.NotBefore = now.Add(time.Duration(rapid.IntRange(0, 600).Draw(rt, "delay")) * time.Second)
				in.NotOnOrAfter = in.NotBefore.Add(time.Duration(rapid.IntRange(1, 3000).Draw(rt, "life")) * time.Second)
			}
			tk, want, err := is.Issue(in)
			if err != nil {
				rt.Fatalf("Issue: %v", err)
			}
			v, err := NewVerifier(Policy{Certs: []*x509Cert{k.Cert}, Issuer: name, Audience: in.Audiences[rapid.IntRange(0, len(in.Audiences)-1).Draw(rt, "aud")], Clock: func() time.Time { return want.NotBefore }})
			if err != nil {
				rt.Fatal(err)
			}
			got, err := v.Verify(tk)
			if err != nil {
				rt.Fatalf("Verify: %v\n%s", err, tk)
			}
			sameClaims(t, got, want)
		})
	})
}

func TestPropSingleByteChange(t *testing.T) {
	t.Run("[TKT-SIG-12] a changed byte fails or changes nothing", func(t *testing.T) {
		f := newFixture(t)
		alice := mustUser(t, "alice@example.com")
		tk, _ := f.issue(t, Claims{Kind: KindResource, User: alice, Resource: "/V0.1/Mesh", Actions: []Action{ActionRead}, Audiences: []string{testAudience, "urn:x"}})
		v := f.verifier(t, func(p *Policy) { p.CacheSize = -1 })
		orig, err := v.Verify(tk)
		if err != nil {
			t.Fatal(err)
		}
		rapid.Check(t, func(rt *rapid.T) {
			i := rapid.IntRange(0, len(tk)-1).Draw(rt, "pos")
			b := rapid.Byte().Filter(func(b byte) bool { return b != tk[i] }).Draw(rt, "byte")
			m := append([]byte(nil), tk...)
			m[i] = b
			got, err := v.Verify(m)
			if err == nil {
				sameClaims(t, got, orig)
			} else if _, ok := err.(*Error); !ok {
				rt.Fatalf("error %T", err)
			}
		})
	})
}

func TestPropTimeEdges(t *testing.T) {
	t.Run("[TKT-TIME-3] [TKT-TIME-4] the window's edges at exactly ± skew", func(t *testing.T) {
		f := newFixture(t)
		rapid.Check(t, func(rt *rapid.T) {
			f.set(t0)
			in := f.userClaims()
			in.NotBefore = t0.Add(time.Duration(rapid.IntRange(0, 3600).Draw(rt, "delay")) * time.Second)
			in.NotOnOrAfter = in.NotBefore.Add(time.Duration(rapid.IntRange(1, 1800).Draw(rt, "life")) * time.Second)
			tk, c := f.issue(t, in)
			skew := time.Duration(rapid.Int64Range(0, int64(MaxSkew)).Draw(rt, "skew"))
			ps := skew
			if skew == 0 {
				ps = -1
			}
			v := f.verifier(t, func(p *Policy) { p.Skew, p.MaxLifetime = ps, 3*time.Hour })
			check := func(at time.Time, class Class, req string) {
				f.set(at)
				_, err := v.Verify(tk)
				if req == "" {
					if err != nil {
						rt.Fatalf("at %v (skew %v): %v", at, skew, err)
					}
					return
				}
				wantErr(t, err, class, req)
			}
			check(c.NotBefore.Add(-skew), 0, "")
			check(c.NotBefore.Add(-skew-1), ClassNotYetValid, "TKT-TIME-3")
			check(c.NotOnOrAfter.Add(skew-1), 0, "")
			check(c.NotOnOrAfter.Add(skew), ClassExpired, "TKT-TIME-4")
		})
	})
}
