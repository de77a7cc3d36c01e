package speccheck

import (
	"bufio"
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// LockEntry is one line of spec/ids.lock: an ID ever defined, its level, and whether it is
// still in force. The lock exists so that an ID is never reused or renumbered
// (spec/README.md §2): removing a requirement means retiring its ID here.
type LockEntry struct {
	ID      string
	Level   Level
	Retired bool
}

const lockHeader = `# Every requirement ID ever defined in spec/, with its level; see spec/README.md §2.
# An ID is never reused: a withdrawn requirement stays here marked "retired".
# Regenerate after adding requirements: go test ./spec -run TestIDsLock -update
`

// ParseLock reads the lock file's text.
func ParseLock(data []byte) ([]LockEntry, error) {
	var out []LockEntry
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 || !ValidID(f[0]) || (f[2] != "active" && f[2] != "retired") {
			return nil, fmt.Errorf("ids.lock:%d: want \"ID LEVEL active|retired\", got %q", n, line)
		}
		lvl, ok := ParseLevel(f[1])
		if !ok {
			return nil, fmt.Errorf("ids.lock:%d: unknown level %q", n, f[1])
		}
		if seen[f[0]] {
			return nil, fmt.Errorf("ids.lock:%d: %s listed twice", n, f[0])
		}
		seen[f[0]] = true
		out = append(out, LockEntry{ID: f[0], Level: lvl, Retired: f[2] == "retired"})
	}
	return out, sc.Err()
}

// FormatLock renders entries sorted by area, topic and number.
func FormatLock(entries []LockEntry) []byte {
	sorted := append([]LockEntry(nil), entries...)
	sort.Slice(sorted, func(i, j int) bool { return idLess(sorted[i].ID, sorted[j].ID) })
	var b bytes.Buffer
	b.WriteString(lockHeader)
	for _, e := range sorted {
		state := "active"
		if e.Retired {
			state = "retired"
		}
		fmt.Fprintf(&b, "%s %s %s\n", e.ID, e.Level, state)
	}
	return b.Bytes()
}

// idLess orders IDs by area and topic as strings, then by number as a number.
func idLess(a, b string) bool {
	ia, ib := strings.LastIndexByte(a, '-'), strings.LastIndexByte(b, '-')
	if a[:ia] != b[:ib] {
		return a[:ia] < b[:ib]
	}
	na, nb := a[ia+1:], b[ib+1:]
	if len(na) != len(nb) {
		return len(na) < len(nb)
	}
	return na < nb
}

// CompareLock reports every disagreement between the spec and the lock: an ID in the spec
// that the lock lacks or has at another level, a retired ID defined again, an active ID gone
// from the spec without being retired.
func CompareLock(reqs []Requirement, lock []LockEntry) []string {
	var out []string
	locked := map[string]LockEntry{}
	for _, e := range lock {
		locked[e.ID] = e
	}
	inSpec := map[string]bool{}
	for _, r := range reqs {
		inSpec[r.ID] = true
		e, ok := locked[r.ID]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("[%s] (%s:%d) is not in ids.lock; add it with -update", r.ID, r.File, r.Line))
		case e.Retired:
			out = append(out, fmt.Sprintf("[%s] (%s:%d) was retired and may not be reused; give the requirement a new number", r.ID, r.File, r.Line))
		case e.Level != r.Level:
			out = append(out, fmt.Sprintf("[%s] (%s:%d) is %s in the spec but %s in ids.lock; record a deliberate change with -update", r.ID, r.File, r.Line, r.Level, e.Level))
		}
	}
	for _, e := range lock {
		if !e.Retired && !inSpec[e.ID] {
			out = append(out, fmt.Sprintf("[%s] is in ids.lock but no longer in the spec; mark it retired in spec/ids.lock (IDs are never reused)", e.ID))
		}
	}
	return out
}

// UpdateLock returns the lock with every spec ID added or its level updated. It never drops
// or retires an entry on its own: retiring is a decision a person writes down.
func UpdateLock(reqs []Requirement, lock []LockEntry) []LockEntry {
	out := append([]LockEntry(nil), lock...)
	index := map[string]int{}
	for i, e := range out {
		index[e.ID] = i
	}
	for _, r := range reqs {
		if i, ok := index[r.ID]; ok {
			if !out[i].Retired {
				out[i].Level = r.Level
			}
			continue
		}
		index[r.ID] = len(out)
		out = append(out, LockEntry{ID: r.ID, Level: r.Level})
	}
	return out
}
