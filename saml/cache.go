package saml

import (
	"crypto/sha256"
	"crypto/x509"
	"sync"
	"time"
)

// cache holds verified tickets of one Verifier, keyed by the SHA-256 of their octets
// (spec/tickets.md §8). It is bounded; entries leave when they expire or to make room.
type cache struct {
	mu      sync.RWMutex
	size    int
	entries map[[sha256.Size]byte]*entry
}

type entry struct {
	claims *Claims
	cert   *x509.Certificate
	until  time.Time // after this the ticket or its certificate has expired
}

func newCache(size int) *cache {
	return &cache{size: size, entries: make(map[[sha256.Size]byte]*entry, min(size, 1024))}
}

func (c *cache) get(k [sha256.Size]byte) *entry {
	c.mu.RLock()
	e := c.entries[k]
	c.mu.RUnlock()
	return e
}

func (c *cache) remove(k [sha256.Size]byte) {
	c.mu.Lock()
	delete(c.entries, k)
	c.mu.Unlock()
}

func (c *cache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// put adds an entry, making room when the cache is full: expired entries go first (among
// a few looked at), otherwise one arbitrary entry.
func (c *cache) put(k [sha256.Size]byte, e *entry, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.entries[k]; !ok && len(c.entries) >= c.size {
		var victim [sha256.Size]byte
		looked, freed := 0, false
		for ok, old := range c.entries {
			if looked == 0 {
				victim = ok
			}
			if !now.Before(old.until) {
				delete(c.entries, ok)
				freed = true
			}
			if looked++; looked == 8 {
				break
			}
		}
		if !freed {
			delete(c.entries, victim)
		}
	}
	c.entries[k] = e
}
