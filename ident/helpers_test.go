package ident

import (
	"encoding/hex"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// outcome is what a table test compares: the requirement ID and kind of the
// error, or the canonical printed form when the input is accepted.
type outcome struct {
	Req     string
	Kind    ErrorKind
	Printed string
}

func outcomeOf(printed string, err error) outcome {
	if err == nil {
		return outcome{Printed: printed}
	}
	var e *Error
	if !errors.As(err, &e) {
		return outcome{Req: "not an *ident.Error: " + err.Error()}
	}
	return outcome{Req: e.Req, Kind: e.Kind}
}

func checkOutcome(t *testing.T, got, want outcome) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("outcome mismatch (-want +got):\n%s", d)
	}
}

// wantReq fails unless err is an *Error naming req.
func wantReq(t *testing.T, err error, req string) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got error %v, want *ident.Error naming %s", err, req)
	}
	if e.Req != req {
		t.Fatalf("got %s (%v), want %s", e.Req, e, req)
	}
	return e
}

func mustHex(t *testing.T, h string) []byte {
	t.Helper()
	b, err := hex.DecodeString(h)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
