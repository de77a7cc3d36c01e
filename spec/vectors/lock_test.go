package vectors_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

var update = flag.Bool("update", false, "record new and withdrawn tests in tests.lock")

const lockFile = "tests.lock"

const lockHeader = `# tests.lock: every test ID ever published in spec/vectors, with a digest of its verdict
# (result, error, errorReq, expected), or "withdrawn" (spec/vectors/README.md, VEC-VER-3).
# Rewrite with: go test ./spec/vectors -run TestTestsLock -update
# (records new tests and withdrawals; a changed verdict needs a new schema version instead).
`

// verdictDigest is the first 16 hex digits of SHA-256 over the compact JSON of the test's
// verdict members.
func verdictDigest(raw json.RawMessage) (string, error) {
	var v struct {
		Result   string          `json:"result"`
		Error    string          `json:"error,omitempty"`
		ErrorReq string          `json:"errorReq,omitempty"`
		Expected json.RawMessage `json:"expected,omitempty"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", err
	}
	if len(v.Expected) > 0 {
		var b bytes.Buffer
		if err := json.Compact(&b, v.Expected); err != nil {
			return "", err
		}
		v.Expected = b.Bytes()
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:8]), nil
}

func currentTests(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, p := range vectors.VectorPaths() {
		f, err := vectors.Load[json.RawMessage](p)
		if err != nil {
			t.Fatal(err)
		}
		for _, raw := range f.Tests {
			var c vectors.Test
			if err := json.Unmarshal(raw, &c); err != nil {
				t.Fatal(err)
			}
			d, err := verdictDigest(raw)
			if err != nil {
				t.Fatal(err)
			}
			out[p+"#"+c.ID] = d
		}
	}
	return out
}

func readLock(data []byte) (map[string]string, error) {
	out := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 || !strings.Contains(f[0], "#") {
			return nil, fmt.Errorf("%s:%d: want \"<path>#<id> <digest>|withdrawn\", got %q", lockFile, n, line)
		}
		if _, dup := out[f[0]]; dup {
			return nil, fmt.Errorf("%s:%d: %s listed twice", lockFile, n, f[0])
		}
		out[f[0]] = f[1]
	}
	return out, sc.Err()
}

func formatLock(m map[string]string) []byte {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteString(lockHeader)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s %s\n", k, m[k])
	}
	return b.Bytes()
}

// compareLock returns the problems that -update cannot fix and the new lock content.
func compareLock(lock, cur map[string]string) (fatal, fixable []string, next map[string]string) {
	next = map[string]string{}
	for k, v := range lock {
		next[k] = v
	}
	for k, d := range cur {
		old, ok := lock[k]
		switch {
		case !ok:
			fixable = append(fixable, k+": new test, not yet in "+lockFile)
			next[k] = d
		case old == "withdrawn":
			fatal = append(fatal, k+": a withdrawn test ID is used again")
		case old != d:
			fatal = append(fatal, k+": verdict changed (digest "+old+" -> "+d+"); that needs a new schema version")
		}
	}
	for k, v := range lock {
		if _, ok := cur[k]; !ok && v != "withdrawn" {
			fixable = append(fixable, k+": test disappeared; record it as withdrawn")
			next[k] = "withdrawn"
		}
	}
	sort.Strings(fatal)
	sort.Strings(fixable)
	return fatal, fixable, next
}

func TestTestsLock(t *testing.T) {
	t.Run("[VEC-VER-3] [VEC-VER-1] [VEC-VER-2] [VEC-TEST-1] published test IDs and verdicts are locked", func(t *testing.T) {
		data, err := os.ReadFile(lockFile)
		if err != nil && !(*update && os.IsNotExist(err)) {
			t.Fatal(err)
		}
		lock, err := readLock(data)
		if err != nil {
			t.Fatal(err)
		}
		fatal, fixable, next := compareLock(lock, currentTests(t))
		for _, f := range fatal {
			t.Error(f)
		}
		if *update {
			if len(fatal) == 0 && (len(fixable) > 0 || !bytes.Equal(data, formatLock(next))) {
				if err := os.WriteFile(lockFile, formatLock(next), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("rewrote %s: %d change(s)", lockFile, len(fixable))
			}
			return
		}
		for _, f := range fixable {
			t.Errorf("%s (run: go test ./spec/vectors -run TestTestsLock -update)", f)
		}
		if len(fixable) == 0 && !bytes.Equal(data, formatLock(next)) {
			t.Errorf("%s is not in canonical form; run with -update", lockFile)
		}
	})
	t.Run("the lock check bites", func(t *testing.T) {
		lock := map[string]string{"a/b.json#x": "1111", "a/b.json#y": "2222", "a/b.json#z": "withdrawn"}
		cur := map[string]string{"a/b.json#x": "1111", "a/b.json#y": "3333", "a/b.json#z": "4444", "a/b.json#n": "5555"}
		fatal, fixable, _ := compareLock(lock, cur)
		if len(fatal) != 2 || len(fixable) != 1 {
			t.Errorf("fatal %v, fixable %v", fatal, fixable)
		}
		fatal, fixable, next := compareLock(lock, map[string]string{"a/b.json#y": "2222"})
		if len(fatal) != 0 || len(fixable) != 1 || next["a/b.json#x"] != "withdrawn" {
			t.Errorf("fatal %v, fixable %v, next %v", fatal, fixable, next)
		}
	})
}
