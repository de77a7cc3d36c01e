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

func init() { checkers["ident.v1.schema.json"] = checkIdent }

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

// checkIdent runs package ident over every test and compares its answer with the test's.
func checkIdent(_ fs.FS, data []byte) ([]Failure, int, error) {
	f, err := vectors.Decode[identTest](data)
	if err != nil {
		return nil, 0, err
	}
	var fails []Failure
	for i := range f.Tests {
		tc := &f.Tests[i]
		if msg := runIdentTest(tc); msg != "" {
			fails = append(fails, Failure{tc.ID, msg})
		}
	}
	return fails, len(f.Tests), nil
}

// runIdentTest returns "" when the reference agrees with the test, else what differs.
func runIdentTest(tc *identTest) string {
	in, err := tc.input()
	if err != nil {
		return err.Error()
	}
	got, err := identOp(tc, in)
	if err != nil {
		var ie *ident.Error
		if !errors.As(err, &ie) {
			return "test cannot run: " + err.Error()
		}
		if tc.Result == vectors.Valid {
			return "reference refuses a valid input: " + err.Error()
		}
		if tc.Result == vectors.Acceptable {
			return ""
		}
		if ie.Kind.String() != tc.Error || ie.Req != tc.ErrorReq {
			return fmt.Sprintf("reference refuses with %s [%s], test expects %s [%s]", ie.Kind, ie.Req, tc.Error, tc.ErrorReq)
		}
		if ie.Chunk != tc.ErrorChunk {
			return fmt.Sprintf("reference names check chunk %d, test expects %d", ie.Chunk, tc.ErrorChunk)
		}
		return ""
	}
	if tc.Result == vectors.Invalid {
		return fmt.Sprintf("reference accepts an invalid input (expected %s [%s]), giving %v", tc.Error, tc.ErrorReq, got)
	}
	return compareJSON(got, tc.Expected)
}

// identOp performs the test's operation and returns its expected-shaped output.
func identOp(tc *identTest, in string) (map[string]any, error) {
	deviceOut := func(id ident.DeviceID) map[string]any {
		fp := id.Fingerprint()
		return map[string]any{"deviceId": id.String(), "fingerprint": hex.EncodeToString(fp[:])}
	}
	switch tc.Op {
	case "device-id/from-spki":
		if tc.Key != "" && tc.Result == vectors.Valid { // invalid tests are made by damaging the key's SPKI
			if err := checkPublishedSPKI(tc.Key, in); err != nil {
				return nil, err
			}
		}
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
		b, err := ident.ParseUserName(tc.Other)
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
	return nil, fmt.Errorf("unknown op %q", tc.Op)
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

// compareJSON compares a reference output with a test's expected member, both as JSON.
func compareJSON(got any, want json.RawMessage) string {
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
		return fmt.Sprintf("reference gives %s, test expects %s", gj, wj)
	}
	return ""
}
