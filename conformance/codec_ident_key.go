package conformance

import (
	"errors"
	"fmt"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
	"pgregory.net/rapid"
)

// The device ID key check's cases ([IDENT-DEV-13]), through ident.device-id/verify-spki: is
// this SubjectPublicKeyInfo the key of this device ID?

const opVerifySPKI = "ident.device-id/verify-spki"

// verifySPKI asks the implementation whether spki belongs to id and returns its refusal's
// requirement ID ("" when it accepts).
func verifySPKI(impl IdentImpl, spki []byte, id string) (string, error) {
	_, err := impl.Ident("device-id/verify-spki", string(spki), id)
	var r *Refusal
	switch {
	case err == nil:
		return "", nil
	case errors.As(err, &r):
		return r.Req, nil
	}
	return "", err
}

// flippedDeviceID is the device ID whose fingerprint is fp with bit bit of octet i flipped.
func flippedDeviceID(fp [32]byte, i, bit int) string {
	fp[i] ^= 1 << bit
	return ident.DeviceIDFromFingerprint(fp).String()
}

func codecIdentKeyCases() []Case {
	return []Case{
		{
			ID: "codec/ident/device-id/verify-spki-published-keys", Level: Must, Req: []string{"IDENT-DEV-13"},
			Flags: []string{"key-binding"}, Ops: []string{opVerifySPKI},
			Description: "each published key belongs to its own device ID and to no other published key's, in either printed layout",
			Run: func(t *T) {
				id := areaOf[IdentImpl](t)
				names := vectors.KeyNames()
				for _, a := range names {
					ka, err := vectors.Key(a)
					if err != nil {
						t.Fatalf("published key %s: %v", a, err)
					}
					for _, b := range names {
						kb, err := vectors.Key(b)
						if err != nil {
							t.Fatalf("published key %s: %v", b, err)
						}
						devID, err := ident.DeviceIDFromSPKI(kb.SPKI)
						if err != nil {
							t.Fatalf("published key %s: %v", b, err)
						}
					layouts:
						for _, printed := range []string{devID.String(), compactDeviceID(devID.String())} {
							req, err := verifySPKI(id, ka.SPKI, printed)
							if err := t.Check(err); err != nil {
								t.Fatalf("device-id/verify-spki: %v", err)
							}
							switch {
							case a == b && req != "":
								t.Errorf("verify-spki(key %s, its own device ID %s) refused under %s", a, printed, req)
								break layouts
							case a != b && req != "IDENT-DEV-13":
								t.Errorf("verify-spki(key %s, device ID of %s) gives %q, want a refusal under IDENT-DEV-13", a, b, orAccepted(req))
								break layouts
							}
						}
					}
				}
			},
		},
		{
			ID: "codec/ident/device-id/verify-spki-every-octet", Level: Must, Req: []string{"IDENT-DEV-13"},
			Flags: []string{"key-binding", "truncated-compare", "property"}, Ops: []string{opVerifySPKI},
			Description: "a device ID whose fingerprint differs from the key's in any one bit of any of its 32 octets is refused under IDENT-DEV-13",
			Run: func(t *T) {
				id := areaOf[IdentImpl](t)
				k := vectors.MustKey(vectors.KeyDeviceA)
				own, err := ident.DeviceIDFromSPKI(k.SPKI)
				if err != nil {
					t.Fatalf("published key: %v", err)
				}
				fp := own.Fingerprint()
				t.Property(func(p *P) {
					i := drawIndex(p, 32, "octet")
					bit := drawIndex(p, 8, "bit")
					other := flippedDeviceID(fp, i, bit)
					req, err := verifySPKI(id, k.SPKI, other)
					p.Stepf("device-id/verify-spki(key %s, %s) → %s", vectors.KeyDeviceA, other, orAccepted(req))
					if p.Check(err) != nil {
						p.Fatalf("device-id/verify-spki: %v", err)
					}
					if req != "IDENT-DEV-13" {
						p.Fatalf("bit %d of fingerprint octet %d differs: got %s, want a refusal under IDENT-DEV-13", bit, i, orAccepted(req))
					}
				})
			},
		},
	}
}

// drawIndex draws an index below n, every index equally likely (rapid's integer generators
// favour small values, which suits shrinking but not coverage of positions).
func drawIndex(p *P, n int, label string) int {
	return int(rapid.Uint64().Draw(p.T, label) % uint64(n))
}

// compactDeviceID is a device ID printed without its dashes ([IDENT-DEV-6] allows both layouts).
func compactDeviceID(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '-' {
			out = append(out, s[i])
		}
	}
	return string(out)
}

// orAccepted names an answer: the refusal's requirement ID, or "accepted".
func orAccepted(req string) string {
	if req == "" {
		return "accepted"
	}
	return fmt.Sprintf("refused under %s", req)
}
