package saml

import (
	"sync"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// Run with go test -race: the cache and the replay store under concurrent use.

func TestConcurrentCache(t *testing.T) {
	t.Run("[TKT-CACHE-1] concurrent hits, misses, evictions and expiry", func(t *testing.T) {
		f := newFixture(t)
		base, _ := f.issue(t, f.userClaims())
		tickets := [][]byte{base}
		for i := range 5 {
			tickets = append(tickets, quoteVariant(base, i))
		}
		v := f.verifier(t, func(p *Policy) { p.CacheSize = 3 })
		var wg sync.WaitGroup
		for g := range 6 {
			wg.Go(func() {
				for i := range 40 {
					c, err := v.Verify(tickets[(g+i)%len(tickets)])
					if err == nil && c.User.String() != "alice@example.com" {
						t.Errorf("claims %+v", c)
					}
					if err != nil {
						if e, ok := err.(*Error); !ok || e.Req != "TKT-TIME-4" {
							t.Errorf("unexpected error %v", err)
						}
					}
				}
			})
		}
		wg.Go(func() { // the clock runs past the ticket's end and back
			for range 20 {
				f.advance(3 * time.Hour)
				f.advance(-3 * time.Hour)
			}
		})
		wg.Wait()
		if n := v.cache.len(); n > 3 {
			t.Fatalf("cache holds %d entries", n)
		}
	})
}

func TestConcurrentReplayStore(t *testing.T) {
	t.Run("[TKT-REPLAY-5] concurrent records: each key accepted once", func(t *testing.T) {
		s := NewReplayStore(1000)
		ids := make([]struct{ accepted int }, 50)
		keys := make([]ticketID, 50)
		for i := range keys {
			keys[i] = mustTicketID(t)
		}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for i, k := range keys {
					if err := s.Record("urn:a", k, t0.Add(time.Hour), t0); err == nil {
						mu.Lock()
						ids[i].accepted++
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		for i, c := range ids {
			if c.accepted != 1 {
				t.Fatalf("key %d accepted %d times", i, c.accepted)
			}
		}
	})
	t.Run("[TKT-REPLAY-5] verifiers sharing a store", func(t *testing.T) {
		f := newFixtureKey(t, vectors.KeyIdP, testIdP)
		store := NewReplayStore(64)
		vs := []*Verifier{
			f.verifier(t, func(p *Policy) { p.Audience, p.Replay = testAccounts, store }),
			f.verifier(t, func(p *Policy) { p.Audience, p.Replay = testAccounts, store }),
		}
		tk, _ := f.issue(t, f.authClaims(t))
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := 0
		for g := range 6 {
			wg.Go(func() {
				if _, err := vs[g%2].Verify(tk); err == nil {
					mu.Lock()
					ok++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if ok != 1 {
			t.Fatalf("%d accepted", ok)
		}
	})
}

type ticketID = ident.TicketID
