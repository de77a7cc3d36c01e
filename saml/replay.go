package saml

import (
	"container/heap"
	"strconv"
	"sync"
	"time"

	"github.com/livemesh-spec/livemesh/ident"
)

// DefaultReplayCapacity is the capacity of the replay store a Verifier makes for itself.
const DefaultReplayCapacity = 1 << 16

// ReplayStore records the one-time tickets a verifier has accepted, keyed by issuer and
// ticket ID, each until its NotOnOrAfter plus the verifier's skew (spec/tickets.md §7). It
// never evicts an entry before then: when it is full, new one-time tickets are refused. It
// is safe for concurrent use, and verifiers that must refuse each other's replays share
// one.
type ReplayStore struct {
	mu       sync.Mutex
	capacity int
	seen     map[replayKey]time.Time
	byExpiry expiryHeap
}

type replayKey struct {
	issuer string
	id     ident.TicketID
}

type expiring struct {
	until time.Time
	key   replayKey
}

type expiryHeap []expiring

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].until.Before(h[j].until) }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(expiring)) }
func (h *expiryHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// NewReplayStore returns a store that holds at most capacity tickets (at least 1).
func NewReplayStore(capacity int) *ReplayStore {
	capacity = max(capacity, 1)
	return &ReplayStore{capacity: capacity, seen: make(map[replayKey]time.Time)}
}

// Len returns the number of tickets recorded and not yet dropped.
func (s *ReplayStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.seen)
}

// Record records that the one-time ticket id of issuer was accepted, to be remembered
// until until. It fails with ClassReplay when the ticket is already recorded
// ([TKT-REPLAY-1]) or when the store is full of entries that have not expired
// ([TKT-REPLAY-4]). Checking and recording are one atomic step ([TKT-REPLAY-5]).
func (s *ReplayStore) Record(issuer string, id ident.TicketID, until, now time.Time) error {
	if err := s.record(issuer, id, until, now); err != nil {
		return err
	}
	return nil
}

func (s *ReplayStore) record(issuer string, id ident.TicketID, until, now time.Time) *Error {
	k := replayKey{issuer, id}
	s.mu.Lock()
	defer s.mu.Unlock()
	// Drop what has expired: a ticket is refused as expired from until on ([TKT-REPLAY-3]).
	for len(s.byExpiry) > 0 && !now.Before(s.byExpiry[0].until) {
		e := heap.Pop(&s.byExpiry).(expiring)
		delete(s.seen, e.key)
	}
	if _, ok := s.seen[k]; ok {
		return newErr(ClassReplay, "TKT-REPLAY-1", "one-time ticket "+id.String()+" of "+strconv.Quote(issuer)+" was already accepted")
	}
	if len(s.seen) >= s.capacity {
		return newErr(ClassReplay, "TKT-REPLAY-4", "the replay store is full ("+strconv.Itoa(s.capacity)+" unexpired one-time tickets)")
	}
	s.seen[k] = until
	heap.Push(&s.byExpiry, expiring{until: until, key: k})
	return nil
}
