package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteText writes the plain-text report: one line per case that did not pass (with its
// messages indented under it), every case when verbose, then one summary line.
func (r *Report) WriteText(w io.Writer, verbose bool) error {
	var b strings.Builder
	for _, res := range r.Results {
		if res.Verdict == Pass && !verbose {
			continue
		}
		fmt.Fprintf(&b, "%-15s %-6s %s\n", res.Verdict, res.Case.Level, res.Case.ID)
		if res.Reason != "" {
			fmt.Fprintf(&b, "    expected to fail: %s\n", res.Reason)
		}
		if res.Verdict != Pass {
			for _, m := range res.Messages {
				fmt.Fprintf(&b, "    %s\n", strings.ReplaceAll(m, "\n", "\n    "))
			}
		}
	}
	b.WriteString(r.Summary() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// Summary is one line: the implementation, the number of cases and the count of each verdict
// that occurred, and whether the run failed.
func (r *Report) Summary() string {
	counts := r.Counts()
	var parts []string
	for _, v := range Verdicts {
		if counts[v] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[v], v))
		}
	}
	if len(parts) == 0 {
		parts = []string{"nothing ran"}
	}
	outcome := "PASS"
	if r.Failed() {
		outcome = "FAIL"
	}
	return fmt.Sprintf("%s: %s: %d cases: %s", outcome, r.Implementation, len(r.Results), strings.Join(parts, ", "))
}

// ReportFormat names the JSON report's format; a change that breaks readers takes a new version.
const ReportFormat = "livemesh-conformance-report.v1"

// jsonReport is the JSON report. Its field names are stable (spec/conformance.md §4).
type jsonReport struct {
	Format         string         `json:"format"`
	Implementation string         `json:"implementation"`
	Strict         bool           `json:"strict"`
	Failed         bool           `json:"failed"`
	Counts         map[string]int `json:"counts"`
	Cases          []jsonCase     `json:"cases"`
}

type jsonCase struct {
	ID          string   `json:"id"`
	Level       Level    `json:"level"`
	Req         []string `json:"req"`
	Flags       []string `json:"flags"`
	Description string   `json:"description"`
	Verdict     Verdict  `json:"verdict"`
	FailsRun    bool     `json:"failsRun"`
	Reason      string   `json:"reason,omitempty"`
	Messages    []string `json:"messages"`
	DurationMS  float64  `json:"durationMs"`
}

// WriteJSON writes the JSON report, indented, ending in a newline.
func (r *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{
		Format:         ReportFormat,
		Implementation: r.Implementation,
		Strict:         r.Strict,
		Failed:         r.Failed(),
		Counts:         map[string]int{},
		Cases:          []jsonCase{},
	}
	for _, v := range Verdicts {
		out.Counts[string(v)] = 0
	}
	for v, n := range r.Counts() {
		out.Counts[string(v)] = n
	}
	for _, res := range r.Results {
		out.Cases = append(out.Cases, jsonCase{
			ID:          res.Case.ID,
			Level:       res.Case.Level,
			Req:         nonNil(res.Case.Req),
			Flags:       nonNil(res.Case.Flags),
			Description: res.Case.Description,
			Verdict:     res.Verdict,
			FailsRun:    r.FailsRun(res),
			Reason:      res.Reason,
			Messages:    nonNil(res.Messages),
			DurationMS:  float64(res.Duration.Microseconds()) / 1000,
		})
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(data, '\n'))
	return err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
