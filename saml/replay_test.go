package saml

import (
	"sync"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

func TestReplay(t *testing.T) {
	t.Run("[TKT-REPLAY-1] a one-time ticket is accepted once", func(t *testing.T) {
		f := newFixtureKey(t, vectors.KeyIdP, testIdP)
		tk, _ := f.issue(t, f.authClaims(t))
		v := f.verifier(t, func(p *Policy) { p.Audience = testAccounts })
		if _, err := v.Verify(tk); err != nil {
			t.Fatal(err)
		}
		_, err := v.Verify(tk)
		wantErr(t, err, ClassReplay, "TKT-REPLAY-1")
	})
	t.Run("[TKT-REPLAY-2] keyed by issuer and ID, not by octets", func(t *testing.T) {
		f := newFixtureKey(t, vectors.KeyIdP, testIdP)
		tk, c := f.issue(t, f.authClaims(t))
		v := f.verifier(t, func(p *Policy) { p.Audience = testAccounts })
		if _, err := v.Verify(tk); err != nil {
			t.Fatal(err)
		}
		_, err := v.Verify(quoteVariant(tk, 0)) // the same ticket, other octets
		wantErr(t, err, ClassReplay, "TKT-REPLAY-1")
		s := NewReplayStore(4)
		until := t0.Add(time.Hour)
		if err := s.Record("urn:a", c.ID, until, t0); err != nil {
			t.Fatal(err)
		}
		if err := s.Record("urn:b", c.ID, until, t0); err != nil {
			t.Fatalf("same ID, another issuer: %v", err)
		}
		wantErr(t, s.Record("urn:a", c.ID, until, t0), ClassReplay, "TKT-REPLAY-1")
	})
	t.Run("[TKT-REPLAY-3] kept until NotOnOrAfter plus skew", func(t *testing.T) {
		s := NewReplayStore(4)
		id := mustTicketID(t)
		until := t0.Add(time.Minute)
		if err := s.Record("urn:a", id, until, t0); err != nil {
			t.Fatal(err)
		}
		wantErr(t, s.Record("urn:a", id, until, until.Add(-1)), ClassReplay, "TKT-REPLAY-1")
		if err := s.Record("urn:b", mustTicketID(t), until.Add(time.Hour), until); err != nil {
			t.Fatal(err)
		}
		if s.Len() != 1 {
			t.Fatalf("the expired entry was kept: %d entries", s.Len())
		}
		// Through a verifier: the entry lives until NotOnOrAfter + skew.
		f := newFixtureKey(t, vectors.KeyIdP, testIdP)
		tk, c := f.issue(t, f.authClaims(t))
		store := NewReplayStore(4)
		v := f.verifier(t, func(p *Policy) { p.Audience, p.Replay = testAccounts, store })
		if _, err := v.Verify(tk); err != nil {
			t.Fatal(err)
		}
		if err := store.Record(testIdP, c.ID, c.NotOnOrAfter.Add(time.Hour), c.NotOnOrAfter.Add(DefaultSkew-1)); err == nil {
			t.Fatal("entry dropped before NotOnOrAfter + skew")
		}
		if err := store.Record(testIdP, c.ID, c.NotOnOrAfter.Add(time.Hour), c.NotOnOrAfter.Add(DefaultSkew)); err != nil {
			t.Fatalf("entry kept after NotOnOrAfter + skew: %v", err)
		}
	})
	t.Run("[TKT-REPLAY-4] a full store refuses new one-time tickets", func(t *testing.T) {
		s := NewReplayStore(2)
		for range 2 {
			if err := s.Record("urn:a", mustTicketID(t), t0.Add(time.Minute), t0); err != nil {
				t.Fatal(err)
			}
		}
		wantErr(t, s.Record("urn:a", mustTicketID(t), t0.Add(time.Minute), t0.Add(time.Minute-1)), ClassReplay, "TKT-REPLAY-4")
		if err := s.Record("urn:a", mustTicketID(t), t0.Add(2*time.Minute), t0.Add(time.Minute)); err != nil {
			t.Fatalf("after expiry: %v", err)
		}
		f := newFixtureKey(t, vectors.KeyIdP, testIdP)
		store := NewReplayStore(1)
		v := f.verifier(t, func(p *Policy) { p.Audience, p.Replay = testAccounts, store })
		tk1, _ := f.issue(t, f.authClaims(t))
		tk2, _ := f.issue(t, f.authClaims(t))
		if _, err := v.Verify(tk1); err != nil {
			t.Fatal(err)
		}
		_, err := v.Verify(tk2)
		wantErr(t, err, ClassReplay, "TKT-REPLAY-4")
	})
	t.Run("[TKT-REPLAY-5] concurrent presentations: exactly one accepted", func(t *testing.T) {
		f := newFixtureKey(t, vectors.KeyIdP, testIdP)
		v := f.verifier(t, func(p *Policy) { p.Audience = testAccounts })
		for range 5 {
			tk, _ := f.issue(t, f.authClaims(t))
			const n = 8
			var wg sync.WaitGroup
			errs := make([]error, n)
			start := make(chan struct{})
			for i := range n {
				wg.Go(func() {
					<-start
					_, errs[i] = v.Verify(tk)
				})
			}
			close(start)
			wg.Wait()
			ok := 0
			for _, err := range errs {
				if err == nil {
					ok++
				} else {
					wantErr(t, err, ClassReplay, "TKT-REPLAY-1")
				}
			}
			if ok != 1 {
				t.Fatalf("%d of %d presentations accepted", ok, n)
			}
		}
	})
}

func TestCache(t *testing.T) {
	t.Run("[TKT-CACHE-1] keyed by the octets, bounded, one per verifier", func(t *testing.T) {
		f := newFixture(t)
		tk, _ := f.issue(t, f.userClaims())
		v := f.verifier(t, func(p *Policy) { p.CacheSize = 2 })
		c1, err := v.Verify(tk)
		if err != nil {
			t.Fatal(err)
		}
		c2, err := v.Verify(tk)
		if err != nil || c1 != c2 {
			t.Fatalf("a hit copies or fails: %p %p %v", c1, c2, err)
		}
		c3, err := v.Verify(quoteVariant(tk, 0))
		if err != nil || c3 == c1 {
			t.Fatalf("another spelling is a hit: %v", err)
		}
		sameClaims(t, c3, c1)
		for i := range 4 {
			if _, err := v.Verify(quoteVariant(tk, i+1)); err != nil {
				t.Fatal(err)
			}
			if n := v.cache.len(); n > 2 {
				t.Fatalf("cache holds %d entries, bound 2", n)
			}
		}
		other := f.verifier(t, func(p *Policy) { p.Audience = "urn:other" })
		_, err = other.Verify(tk)
		wantErr(t, err, ClassAudience, "TKT-VER-4")
	})
	t.Run("[TKT-CACHE-2] a hit re-checks the window", func(t *testing.T) {
		f := newFixture(t)
		tk, c := f.issue(t, f.userClaims())
		v := f.verifier(t, nil)
		if _, err := v.Verify(tk); err != nil {
			t.Fatal(err)
		}
		f.set(c.NotBefore.Add(-DefaultSkew - 1))
		_, err := v.Verify(tk)
		wantErr(t, err, ClassNotYetValid, "TKT-TIME-3")
		f.set(t0)
		if _, err := v.Verify(tk); err != nil {
			t.Fatal(err)
		}
		f.set(c.NotOnOrAfter.Add(DefaultSkew))
		_, err = v.Verify(tk)
		wantErr(t, err, ClassExpired, "TKT-TIME-4")
		if n := v.cache.len(); n != 0 {
			t.Fatalf("expired entry kept: %d", n)
		}
	})
	t.Run("[TKT-CACHE-3] one-time tickets are never answered from the cache", func(t *testing.T) {
		f := newFixtureKey(t, vectors.KeyIdP, testIdP)
		tk, _ := f.issue(t, f.authClaims(t))
		v := f.verifier(t, func(p *Policy) { p.Audience = testAccounts })
		if _, err := v.Verify(tk); err != nil {
			t.Fatal(err)
		}
		if n := v.cache.len(); n != 0 {
			t.Fatalf("one-time ticket cached")
		}
		_, err := v.Verify(tk)
		wantErr(t, err, ClassReplay, "TKT-REPLAY-1")
	})
}
