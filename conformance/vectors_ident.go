package conformance

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

func init() { opCheckers["ident.v1.schema.json"] = checkIdent }

// identTest is one test of the ident/* files (schema ident.v1.schema.json).
type identTest struct {
	vectors.Test
	Op         string          `json:"op"`
	Input      *string         `json:"input"`
	InputHex   *string         `json:"inputHex"`
	Key        string          `json:"key"`
	Other      string          `json:"other"`
	ErrorChunk int             `json:"errorChunk"`
	Expected   json.RawMessage `json:"expected"`
}

// input returns the test's input octets, from input or inputHex.
func (tc *identTest) input() (string, error) {
	switch {
	case tc.Input != nil && tc.InputHex == nil:
		return *tc.Input, nil
	case tc.InputHex != nil && tc.Input == nil:
		b, err := hex.DecodeString(*tc.InputHex)
		return string(b), err
	}
	return "", errors.New("want exactly one of input and inputHex")
}

// checkIdent runs impl's identifier operations over every test and compares its answers
// with the test's. The comparison is the harness's, whatever the implementation.
func checkIdent(impl Impl, _ fs.FS, data []byte) ([]Failure, int, error) {
	return checkTests(impl, data, func(tc *identTest) (string, string) { return tc.ID, "ident." + tc.Op },
		func(name string, a IdentImpl, tc *identTest) ([]string, error) { return one(runIdentTest(name, a, tc)) })
}

// runIdentTest returns "" when the implementation agrees with the test, else what differs.
// An implementation without the test's operation gives ErrUnimplemented.
func runIdentTest(name string, impl IdentImpl, tc *identTest) (string, error) {
	in, err := tc.input()
	if err != nil {
		return err.Error(), nil
	}
	if tc.Op == "device-id/from-spki" && tc.Key != "" && tc.Result == vectors.Valid { // invalid tests are made by damaging the key's SPKI
		if err := checkPublishedSPKI(tc.Key, in); err != nil {
			return err.Error(), nil
		}
	}
	got, err := impl.Ident(tc.Op, in, tc.Other)
	if errors.Is(err, ErrUnimplemented) {
		return "", fmt.Errorf("%w: %s: operation %s", ErrUnimplemented, name, tc.Op)
	}
	if err != nil {
		var r *Refusal
		if !errors.As(err, &r) {
			return "test cannot run: " + err.Error(), nil
		}
		if tc.Result == vectors.Valid {
			return name + " refuses a valid input: " + r.Error(), nil
		}
		if tc.Result == vectors.Acceptable {
			return "", nil
		}
		// The requirement ID is normative, the class informative (spec/identifiers.md §1):
		// DER parsers may differ between "key" and "non-canonical".
		if r.Req != tc.ErrorReq {
			return fmt.Sprintf("%s refuses with %s [%s], test expects %s [%s]", name, r.Class, r.Req, tc.Error, tc.ErrorReq), nil
		}
		if r.Chunk != tc.ErrorChunk {
			return fmt.Sprintf("%s names check chunk %d, test expects %d", name, r.Chunk, tc.ErrorChunk), nil
		}
		return "", nil
	}
	if tc.Result == vectors.Invalid {
		return fmt.Sprintf("%s accepts an invalid input (expected %s [%s]), giving %v", name, tc.Error, tc.ErrorReq, got), nil
	}
	return compareJSON(name, got, tc.Expected), nil
}

// Ident performs one identifier operation with package ident.
func (Reference) Ident(op, in, other string) (map[string]any, error) {
	out, err := identOp(op, in, other)
	var ie *ident.Error
	if errors.As(err, &ie) {
		return nil, &Refusal{Class: ie.Kind.String(), Req: ie.Req, Chunk: ie.Chunk, Msg: ie.Error()}
	}
	return out, err
}

// identOp performs an identifier operation with package ident and returns the members of
// the vector's expected object.
func identOp(op, in, other string) (map[string]any, error) {
	deviceOut := func(id ident.DeviceID) map[string]any {
		fp := id.Fingerprint()
		return map[string]any{"deviceId": id.String(), "fingerprint": hex.EncodeToString(fp[:])}
	}
	switch op {
	case "device-id/from-spki":
		id, err := ident.DeviceIDFromSPKI([]byte(in))
		if err != nil {
			return nil, err
		}
		return deviceOut(id), nil
	case "device-id/parse":
		id, err := ident.ParseDeviceID(in)
		if err != nil {
			return nil, err
		}
		return deviceOut(id), nil
	case "device-id/verify-spki":
		// other is the device ID, in the SubjectPublicKeyInfo: the ID is parsed first, then
		// the key's own ID computed and all 32 fingerprint octets compared ([IDENT-DEV-13]).
		id, err := ident.ParseDeviceID(other)
		if err != nil {
			return nil, err
		}
		if err := id.VerifySPKI([]byte(in)); err != nil {
			return nil, err
		}
		return deviceOut(id), nil
	case "user-name/parse":
		u, err := ident.ParseUserName(in)
		if err != nil {
			return nil, err
		}
		return map[string]any{"stored": u.String(), "key": u.Key()}, nil
	case "user-name/compare":
		a, err := ident.ParseUserName(in)
		if err != nil {
			return nil, err
		}
		b, err := ident.ParseUserName(other)
		if err != nil {
			return nil, err
		}
		return map[string]any{"equal": a.Equal(b)}, nil
	case "endpoint-id/parse", "sync-id/parse":
		e, err := ident.ParseEndpointID(in)
		if err != nil {
			return nil, err
		}
		return map[string]any{"value": e.String()}, nil
	case "resource-id/parse":
		r, err := ident.ParseResourceID(in)
		if err != nil {
			return nil, err
		}
		b := r.Bytes()
		return map[string]any{"value": r.String(), "bytes": hex.EncodeToString(b[:])}, nil
	case "ticket-id/parse":
		t, err := ident.ParseTicketID(in)
		if err != nil {
			return nil, err
		}
		b := t.Bytes()
		return map[string]any{"value": t.String(), "bytes": hex.EncodeToString(b[:])}, nil
	}
	return nil, fmt.Errorf("%w: unknown identifier operation %q", ErrUnimplemented, op)
}

// checkPublishedSPKI confirms that a from-spki test made from a published key carries that
// key's SubjectPublicKeyInfo.
func checkPublishedSPKI(name, spki string) error {
	k, err := vectors.Key(name)
	if err != nil {
		return err
	}
	if sum := sha256.Sum256([]byte(spki)); hex.EncodeToString(sum[:]) != k.SPKISHA256 {
		return fmt.Errorf("inputHex is not the SubjectPublicKeyInfo of published key %s", name)
	}
	return nil
}

// compareJSON compares an implementation's output with a test's expected member, both as JSON.
func compareJSON(name string, got any, want json.RawMessage) string {
	g, err := json.Marshal(got)
	if err != nil {
		return err.Error()
	}
	var gv, wv any
	_ = json.Unmarshal(g, &gv)
	if err := json.Unmarshal(want, &wv); err != nil {
		return "expected is not JSON: " + err.Error()
	}
	gj, _ := json.Marshal(gv)
	wj, _ := json.Marshal(wv)
	if string(gj) != string(wj) {
		return fmt.Sprintf("%s gives %s, test expects %s", name, gj, wj)
	}
	return ""
}
