package conformance

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/livemesh-spec/livemesh/internal/testenv"
)

// reportSchema compiles spec/conformance/report.v1.schema.json.
func reportSchema(t *testing.T) *jsonschema.Schema { return specSchema(t, "report.v1.schema.json") }

// specSchema compiles a schema of spec/conformance.
func specSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "spec", "conformance", name))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	id := "https://livemesh-spec.github.io/livemesh/conformance/" + name
	if err := c.AddResource(id, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(id)
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func TestJSONReportSchema(t *testing.T) {
	t.Run("[CONF-REP-1] reports validate against spec/conformance/report.v1.schema.json", func(t *testing.T) {
		sch := reportSchema(t)
		cases, err := Cases()
		if err != nil {
			t.Fatal(err)
		}
		for name, rep := range map[string]*Report{
			"reference":     Run(Reference{}, cases, Options{}, nil),
			"every verdict": Run(fakeImpl{}, sample(), Options{Expected: Expectations{{Case: "x/pass", Verdict: "fail", Reason: "r"}, {Case: "x/fail", Verdict: "fail", Reason: "r"}}}, nil),
			"empty":         Run(fakeImpl{}, nil, Options{}, nil),
		} {
			var b bytes.Buffer
			if err := rep.WriteJSON(&b); err != nil {
				t.Fatal(err)
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(doc); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
		// The schema bites: a report with an unknown verdict or a missing member is refused.
		for name, bad := range map[string]string{
			"unknown verdict": `{"format":"livemesh-conformance-report.v1","implementation":"x","strict":false,"failed":false,"counts":{"pass":0,"fail":0,"skipped":0,"unimplemented":0,"expected-fail":0,"unexpected-pass":0},"cases":[{"id":"a","level":"MUST","req":[],"flags":[],"description":"","verdict":"ok","failsRun":false,"messages":[],"durationMs":0}]}`,
			"missing counts":  `{"format":"livemesh-conformance-report.v1","implementation":"x","strict":false,"failed":false,"cases":[]}`,
			"reason on pass":  `{"format":"livemesh-conformance-report.v1","implementation":"x","strict":false,"failed":false,"counts":{"pass":1,"fail":0,"skipped":0,"unimplemented":0,"expected-fail":0,"unexpected-pass":0},"cases":[{"id":"a","level":"MUST","req":[],"flags":[],"description":"","verdict":"pass","failsRun":false,"reason":"r","messages":[],"durationMs":0}]}`,
		} {
			doc, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
			if err != nil {
				t.Fatal(err)
			}
			if sch.Validate(doc) == nil {
				t.Errorf("%s: accepted", name)
			}
		}
	})
}

// lineRecorder keeps every line written through it.
type lineRecorder struct {
	w     io.Writer
	mu    *sync.Mutex // shared by the recorders that share lines
	lines *[]string
	buf   []byte
}

func (l *lineRecorder) Write(p []byte) (int, error) {
	l.mu.Lock()
	l.buf = append(l.buf, p...)
	for {
		i := bytes.IndexByte(l.buf, '\n')
		if i < 0 {
			break
		}
		*l.lines = append(*l.lines, string(l.buf[:i]))
		l.buf = l.buf[i+1:]
	}
	l.mu.Unlock()
	return l.w.Write(p)
}

func TestShimSchema(t *testing.T) {
	t.Run("[CONF-SHIM-2] [CONF-SHIM-3] every line of a full run validates against shim.v1.schema.json", func(t *testing.T) { testShimSchema(t) })
}

func testShimSchema(t *testing.T) {
	sch := specSchema(t, "shim.v1.schema.json")
	cases, err := Cases()
	if err != nil {
		t.Fatal(err)
	}
	// Every line of a full run of the reference behind the shim, both ways, validates.
	var lines []string
	var mu sync.Mutex
	reqR, reqW := io.Pipe()
	ansR, ansW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := ServeShim(Reference{}, reqR, &lineRecorder{w: ansW, mu: &mu, lines: &lines})
		ansW.CloseWithError(err)
		done <- err
	}()
	rec := &lineRecorder{w: reqW, mu: &mu, lines: &lines}
	c, err := NewShimClient(ansR, rec)
	if err != nil {
		t.Fatal(err)
	}
	Run(c, cases, Options{Property: PropertyConfig{Seed: 1, Checks: 3}}, nil)
	reqW.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(lines) < 1000 {
		t.Fatalf("only %d lines", len(lines))
	}
	for _, l := range lines {
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(l))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(doc); err != nil {
			t.Fatalf("%.300s: %v", l, err)
		}
	}
	for _, bad := range []string{
		`{"shim":"livemesh-shim.v2","implementation":"x","ops":[]}`,
		`{"id":1,"op":"ident.user-name/parse","args":{"inputHex":"ABC"}}`,
		`{"id":1,"ok":{},"unimplemented":true}`,
		`{"id":1}`,
		`{"id":1,"error":{"req":"IDENT-USER-3"}}`,
	} {
		doc, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		if sch.Validate(doc) == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}
