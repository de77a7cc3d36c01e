package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path"
)

// ExpectationsFormat names the format of an expectations file (spec/conformance.md §3.1).
const ExpectationsFormat = "livemesh-conformance-expectations.v1"

// Expectation says that the cases a pattern matches are expected to fail, and why.
type Expectation struct {
	// Case is a case ID or a pattern in the syntax of Go's path.Match, where '*' matches
	// within one segment of the ID: "vectors/tickets/*".
	Case    string `json:"case"`
	Verdict string `json:"verdict"` // "fail", the only expected verdict so far
	Reason  string `json:"reason"`
}

// Expectations is an ordered list of expectations; the first that matches a case applies.
type Expectations []Expectation

// Match returns the reason of the first expectation whose pattern matches id.
func (e Expectations) Match(id string) (reason string, ok bool) {
	for _, x := range e {
		if m, _ := path.Match(x.Case, id); m {
			return x.Reason, true
		}
	}
	return "", false
}

// ReadExpectations reads an expectations file: a JSON object with members "format"
// (ExpectationsFormat) and "expect" (an array of Expectation). It refuses unknown members, an
// invalid pattern, a verdict other than "fail" and an empty reason.
func ReadExpectations(r io.Reader) (Expectations, error) {
	data, err := io.ReadAll(io.LimitReader(r, 1<<20+1))
	if err != nil {
		return nil, err
	}
	if len(data) > 1<<20 {
		return nil, fmt.Errorf("expectations file over 1 MiB")
	}
	var f struct {
		Format string        `json:"format"`
		Expect []Expectation `json:"expect"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("expectations file: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("expectations file: data after the object")
	}
	if f.Format != ExpectationsFormat {
		return nil, fmt.Errorf("expectations file: format %q, want %q", f.Format, ExpectationsFormat)
	}
	for i, x := range f.Expect {
		if _, err := path.Match(x.Case, ""); err != nil || x.Case == "" {
			return nil, fmt.Errorf("expectations file: expect[%d]: invalid case pattern %q", i, x.Case)
		}
		if x.Verdict != string(Fail) {
			return nil, fmt.Errorf("expectations file: expect[%d] (%s): verdict %q, want \"fail\"", i, x.Case, x.Verdict)
		}
		if x.Reason == "" {
			return nil, fmt.Errorf("expectations file: expect[%d] (%s): no reason", i, x.Case)
		}
	}
	return Expectations(f.Expect), nil
}
