package conformance

import (
	"bytes"

	"github.com/livemesh-spec/livemesh/ident"
)

// verifyPrefix checks a key against a device ID by the first 16 octets of the fingerprints.
type verifyPrefix struct{ Reference }

func (verifyPrefix) Name() string { return "faulty-ident-verify-spki-prefix" }
func (v verifyPrefix) Ident(op, in, other string) (map[string]any, error) {
	if op != "device-id/verify-spki" {
		return v.Reference.Ident(op, in, other)
	}
	id, err := ident.ParseDeviceID(other)
	if err != nil {
		return v.Reference.Ident(op, in, other)
	}
	got, err := ident.DeviceIDFromSPKI([]byte(in))
	if err != nil {
		return v.Reference.Ident(op, in, other)
	}
	a, b := id.Fingerprint(), got.Fingerprint()
	if !bytes.Equal(a[:16], b[:16]) {
		return nil, &Refusal{Class: "mismatch", Req: "IDENT-DEV-13"}
	}
	return map[string]any{"deviceId": id.String()}, nil
}

// verifyParsesOnly accepts any well-formed device ID for any well-formed key.
type verifyParsesOnly struct{ Reference }

func (verifyParsesOnly) Name() string { return "faulty-ident-verify-spki-parses-only" }
func (v verifyParsesOnly) Ident(op, in, other string) (map[string]any, error) {
	if op != "device-id/verify-spki" {
		return v.Reference.Ident(op, in, other)
	}
	if _, err := v.Reference.Ident("device-id/parse", other, ""); err != nil {
		return nil, err
	}
	if _, err := v.Reference.Ident("device-id/from-spki", in, ""); err != nil {
		return nil, err
	}
	return map[string]any{"deviceId": other}, nil
}

func init() {
	faultyShims = append(faultyShims,
		faultyShim{verifyPrefix{}, "a key is checked against a device ID by the first 16 fingerprint octets only",
			[]string{"codec/ident/device-id/verify-spki-every-octet"}},
		faultyShim{verifyParsesOnly{}, "a key check accepts any well-formed device ID for any well-formed key",
			[]string{"codec/ident/device-id/verify-spki-published-keys", "codec/ident/device-id/verify-spki-every-octet"}},
	)
}
