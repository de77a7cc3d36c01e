package conformance

import (
	"encoding/hex"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/ident"
	"pgregory.net/rapid"
)

// TestCodecIdentCases: every identifier case passes against the reference, in-process, and
// names only requirement IDs of spec/identifiers.md; the unshowable MUSTs are not also named
// by a case.
func TestCodecIdentCases(t *testing.T) {
	cases := codecIdentCases()
	if err := CheckCases(cases); err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for _, c := range cases {
		if !strings.HasPrefix(c.ID, "codec/ident/") || c.Level != Must || len(c.Req) == 0 || c.Description == "" {
			t.Errorf("%s: want a codec/ident/ ID, level MUST, requirement IDs and a description", c.ID)
		}
		for _, r := range c.Req {
			if !strings.HasPrefix(r, "IDENT-") {
				t.Errorf("%s: requirement %s is not one of spec/identifiers.md", c.ID, r)
			}
			named[r] = true
		}
		for _, op := range c.Ops {
			if !slices.Contains(identOps, strings.TrimPrefix(op, "ident.")) {
				t.Errorf("%s: unknown operation %s", c.ID, op)
			}
		}
	}
	for id := range codecIdentUnshowable {
		if named[id] {
			t.Errorf("%s is unshowable but a case names it", id)
		}
	}
	for _, seed := range []uint64{1, 2, 3} {
		rep := Run(Reference{}, cases, Options{Property: PropertyConfig{Seed: seed, Checks: 50}}, nil)
		for _, r := range rep.Results {
			if r.Verdict != Pass {
				t.Errorf("seed %d: %s: %s %q", seed, r.Case.ID, r.Verdict, r.Messages)
			}
		}
	}
}

// noIdentImpl offers no identifier operation; onlyUserImpl offers user names alone.
type noIdentImpl struct{}

func (noIdentImpl) Name() string { return "no-ident" }

type onlyUserImpl struct{ Reference }

func (onlyUserImpl) Name() string { return "only-user-names" }
func (onlyUserImpl) Offers(op string) bool {
	return op == "ident.user-name/parse" || op == "ident.user-name/compare"
}
func (o onlyUserImpl) Ident(op, in, other string) (map[string]any, error) {
	if !o.Offers("ident." + op) {
		return nil, ErrUnimplemented
	}
	return o.Reference.Ident(op, in, other)
}

// crazyImpl answers every identifier operation with members of the wrong types, or with an
// error that is not a refusal, or panics.
type crazyImpl struct{ mode int }

func (crazyImpl) Name() string { return "crazy" }
func (c crazyImpl) Ident(op, in, other string) (map[string]any, error) {
	switch c.mode {
	case 0:
		return map[string]any{"deviceId": 7, "fingerprint": nil, "stored": []any{1}, "key": map[string]any{}, "equal": "yes", "value": 1.5, "bytes": false}, nil
	case 1:
		return nil, errors.New("out of cheese")
	case 2:
		return nil, (*Refusal)(nil)
	case 3:
		return nil, nil
	}
	panic("crazy")
}

// TestCodecIdentVerdicts: a missing operation gives unimplemented, not a failure; a crazy
// implementation fails every case without ending the run.
func TestCodecIdentVerdicts(t *testing.T) {
	opts := Options{Property: PropertyConfig{Seed: 1, Checks: 10}}
	for _, r := range Run(noIdentImpl{}, codecIdentCases(), opts, nil).Results {
		if r.Verdict != Unimplemented {
			t.Errorf("no-ident: %s: %s %q", r.Case.ID, r.Verdict, r.Messages)
		}
	}
	for _, r := range Run(onlyUserImpl{}, codecIdentCases(), opts, nil).Results {
		user := strings.HasPrefix(r.Case.ID, "codec/ident/user-name/")
		if want := map[bool]Verdict{true: Pass, false: Unimplemented}[user]; r.Verdict != want {
			t.Errorf("only-user-names: %s: %s, want %s %q", r.Case.ID, r.Verdict, want, r.Messages)
		}
	}
	for mode := range 5 {
		for _, r := range Run(crazyImpl{mode}, codecIdentCases(), opts, nil).Results {
			if r.Verdict != Fail {
				t.Errorf("crazy %d: %s: %s %q", mode, r.Case.ID, r.Verdict, r.Messages)
			}
		}
	}
}

// TestCodecIdentHelpers checks the cases' own re-implementations against the spec's worked
// example.
func TestCodecIdentHelpers(t *testing.T) {
	// §4.4: chunk 1 A3R73D62FG5WB has check value 15, P.
	var vals []int
	for _, c := range "A3R73D62FG5WB" {
		vals = append(vals, strings.IndexRune(identB32, c))
	}
	if got := identLuhn32(vals); got != 15 {
		t.Errorf("identLuhn32(chunk 1) = %d, want 15", got)
	}
	const worked = "A3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ"
	syms := identSymbols(worked)
	for _, i := range []int{13, 27, 41, 55} {
		syms[i] = 'A'
	}
	identFixChecks(syms)
	if got := identDashed(syms); got != worked {
		t.Errorf("identFixChecks: %s, want %s", got, worked)
	}
	spki, _ := hex.DecodeString(identWorkedSPKI)
	if id, err := ident.DeviceIDFromSPKI(spki); err != nil || id.String() != worked {
		t.Errorf("worked SPKI: %v %v", id, err)
	}
	long := identLongerLength(spki)
	if len(long) != len(spki)+1 || long[1] != 0x81 || string(long[3:]) != string(spki[2:]) {
		t.Errorf("identLongerLength: %x", long)
	}
	if _, err := ident.DeviceIDFromSPKI(long); err == nil {
		t.Error("the reference accepts a long-form length")
	}
	if got := identLayout(identSymbols(worked), true, ^uint64(0)); got != strings.ToLower(worked) {
		t.Errorf("identLayout lower: %s", got)
	}
}

// identSample draws n values of a generator.
func identSample[V any](n int, draw func(*rapid.T) V) []V {
	g := rapid.Custom(draw)
	out := make([]V, n)
	for i := range out {
		out[i] = g.Example(i)
	}
	return out
}

// identOutcomes counts the reference's answers to op over inputs: "ok" or the requirement ID.
func identOutcomes(op string, inputs []string) map[string]int {
	m := map[string]int{}
	for _, in := range inputs {
		a := identAsk(Reference{}, op, in, "")
		switch {
		case a.err != nil:
			m["error"]++
		case a.ref != nil:
			m[a.ref.Req]++
		default:
			m["ok"]++
		}
	}
	return m
}

// TestCodecIdentGenerators: the generators reach what the cases claim to check, judged by
// the reference's answers to a sample.
func TestCodecIdentGenerators(t *testing.T) {
	const n = 400
	want := func(what string, got map[string]int, keys ...string) {
		t.Helper()
		for _, k := range keys {
			if got[k] == 0 {
				t.Errorf("%s: no %s in %d samples: %v", what, k, n, got)
			}
		}
		if got["error"] > 0 {
			t.Errorf("%s: the reference failed: %v", what, got)
		}
	}

	names := identSample(n, identDrawUserName)
	out := identOutcomes("user-name/parse", names)
	want("user names", out, "ok")
	if out["ok"] < n*6/10 {
		t.Errorf("user names: only %d of %d valid: %v", out["ok"], n, out)
	}

	pairs := identSample(n, func(rt *rapid.T) [2]string {
		a := identDrawUserName(rt)
		return [2]string{a, identVariant(rt, a)}
	})
	eq := map[string]int{}
	for _, p := range pairs {
		a := identAsk(Reference{}, "user-name/compare", p[0], p[1])
		switch {
		case a.ref != nil:
			eq["refused"]++
		case a.out["equal"] == true:
			eq["equal"]++
			if p[0] != p[1] {
				eq["equal, different input"]++
			}
		default:
			eq["different"]++
		}
	}
	if eq["equal, different input"] < n/10 || eq["different"] < n/10 {
		t.Errorf("user-name variants: %v", eq)
	}

	broken := identSample(n, func(rt *rapid.T) string {
		var local, labels []string
		local = append(local, identDrawJoin(rt, identLocalPieces, 1, 3, "atom"))
		labels = append(labels, identDrawJoin(rt, identLabelPieces, 1, 2, "label"), rapid.SampledFrom(identTLDPieces).Draw(rt, "tld"))
		sep := "@"
		for range rapid.IntRange(1, 3).Draw(rt, "faults") {
			var noAt string
			if local, labels, noAt = identUserBreak(rt, local, labels); noAt != "" {
				sep = ""
			}
		}
		return strings.Join(local, ".") + sep + strings.Join(labels, ".")
	})
	want("broken user names", identOutcomes("user-name/parse", broken), "IDENT-LIM-1", "IDENT-USER-1", "IDENT-USER-2",
		"IDENT-USER-4", "IDENT-USER-5", "IDENT-USER-6", "IDENT-USER-7", "IDENT-USER-8", "IDENT-USER-9", "IDENT-USER-10", "IDENT-USER-11")

	nss := identSample(n, func(rt *rapid.T) string {
		s := identDrawJoin(rt, identNSSPieces, 0, 12, "pieces")
		if rapid.IntRange(0, 3).Draw(rt, "bad?") == 0 {
			i := rapid.IntRange(0, len(s)).Draw(rt, "at")
			s = s[:i] + rapid.SampledFrom(identNSSBad).Draw(rt, "bad") + s[i:]
		}
		if rapid.IntRange(0, 7).Draw(rt, "long?") == 0 {
			s = strings.Repeat("x", rapid.IntRange(1000, 1030).Draw(rt, "fill")) + s
		}
		return s
	})
	want("NSS strings", identOutcomes("sync-id/parse", nss), "ok", "IDENT-EP-1", "IDENT-EP-2", "IDENT-EP-3", "IDENT-LIM-1")
	lowerEscape := regexp.MustCompile(`%[0-9a-f]?[a-f]`)
	found := false
	for _, s := range nss {
		if identAsk(Reference{}, "sync-id/parse", s, "").ref == nil && lowerEscape.MatchString(s) {
			found = true
			break
		}
	}
	if !found {
		t.Error("NSS strings: no valid one with a lower-case escape")
	}

	mutated := identSample(n, func(rt *rapid.T) string {
		s := identDrawLayout(rt, identSymbols(identPrinted(identDrawFingerprint(rt))))
		i := rapid.IntRange(0, len(s)-1).Draw(rt, "at")
		return s[:i] + rapid.SampledFrom(identDeviceNoise).Draw(rt, "by") + s[i+1:]
	})
	want("mutated device IDs", identOutcomes("device-id/parse", mutated), "ok", "IDENT-DEV-7", "IDENT-DEV-8", "IDENT-DEV-9")

	kinds := identSample(n, func(rt *rapid.T) string { return string(identDrawSPKI(rt)) })
	want("SubjectPublicKeyInfos", identOutcomes("device-id/from-spki", kinds), "ok")
	if out := identOutcomes("device-id/from-spki", kinds); out["ok"] != n {
		t.Errorf("SubjectPublicKeyInfos: the reference refuses some: %v", out)
	}
}
