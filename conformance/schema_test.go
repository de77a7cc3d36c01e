package conformance

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/livemesh-spec/livemesh/internal/testenv"
)

// reportSchema compiles spec/conformance/report.v1.schema.json.
func reportSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(t), "spec", "conformance", "report.v1.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	const id = "https://livemesh-spec.github.io/livemesh/conformance/report.v1.schema.json"
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
