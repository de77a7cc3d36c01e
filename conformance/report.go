package conformance

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteText writes the plain-text report: one line per case that did not pass (with its
// messages indented under it), every case when verbose, then the summary by section and
// one summary line.
func (r *Report) WriteText(w io.Writer, verbose bool) error {
	var b strings.Builder
	for _, res := range r.Results {
		b.WriteString(ResultText(res, verbose))
	}
	b.WriteString(r.SectionsText())
	b.WriteString(r.Summary() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// ResultText is one case's part of the text report: its verdict, level and ID and, when it
// did not pass, its messages indented; empty for a passing case unless verbose.
func ResultText(res Result, verbose bool) string {
	if res.Verdict == Pass && !verbose {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-15s %-6s %s\n", res.Verdict, res.Case.Level, res.Case.ID)
	if res.Reason != "" {
		fmt.Fprintf(&b, "    expected to fail: %s\n", res.Reason)
	}
	if res.Verdict != Pass {
		for _, m := range res.Messages {
			fmt.Fprintf(&b, "    %s\n", strings.ReplaceAll(m, "\n", "\n    "))
		}
	}
	return b.String()
}

// Section is the section of a case ID: its first two segments ("codec/feedsync").
func Section(id string) string {
	parts := strings.SplitN(id, "/", 3)
	if len(parts) < 2 {
		return parts[0]
	}
	return parts[0] + "/" + parts[1]
}

// SectionsText is the summary by section: one line per section, in run order, indented by
// two spaces, with the section, its number of cases and the count of each verdict that
// occurred.
func (r *Report) SectionsText() string {
	var order []string
	bySection := map[string][]Result{}
	for _, res := range r.Results {
		s := Section(res.Case.ID)
		if _, ok := bySection[s]; !ok {
			order = append(order, s)
		}
		bySection[s] = append(bySection[s], res)
	}
	width := 0
	for _, s := range order {
		width = max(width, len(s))
	}
	var b strings.Builder
	for _, s := range order {
		fmt.Fprintf(&b, "  %-*s %s\n", width+1, s+":", countsText(bySection[s]))
	}
	return b.String()
}

// countsText is "N cases: a pass, b fail" for a list of results.
func countsText(results []Result) string {
	counts := map[Verdict]int{}
	for _, res := range results {
		counts[res.Verdict]++
	}
	var parts []string
	for _, v := range Verdicts {
		if counts[v] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[v], v))
		}
	}
	if len(parts) == 0 {
		parts = []string{"nothing ran"}
	}
	return fmt.Sprintf("%d cases: %s", len(results), strings.Join(parts, ", "))
}

// Summary is one line: the implementation, the number of cases and the count of each verdict
// that occurred, and whether the run failed.
func (r *Report) Summary() string {
	outcome := "PASS"
	if r.Failed() {
		outcome = "FAIL"
	}
	return fmt.Sprintf("%s: %s: %s", outcome, r.Implementation, countsText(r.Results))
}

// ReportFormat names the JSON report's format; a change that breaks readers takes a new version.
const ReportFormat = "livemesh-conformance-report.v1"

// jsonReport is the JSON report. Its field names are stable (spec/conformance.md §4).
type jsonReport struct {
	Format         string         `json:"format"`
	Implementation string         `json:"implementation"`
	Strict         bool           `json:"strict"`
	Failed         bool           `json:"failed"`
	Seed           string         `json:"seed"`   // the property seed, in decimal (a 64-bit value)
	Checks         int            `json:"checks"` // generated checks per property case
	Counts         map[string]int `json:"counts"`
	Cases          []jsonCase     `json:"cases"`
}

type jsonCase struct {
	ID          string   `json:"id"`
	Level       Level    `json:"level"`
	Req         []string `json:"req"`
	Flags       []string `json:"flags"`
	Ops         []string `json:"ops"`
	Description string   `json:"description"`
	Verdict     Verdict  `json:"verdict"`
	FailsRun    bool     `json:"failsRun"`
	Reason      string   `json:"reason,omitempty"`
	Messages    []string `json:"messages"`
	DurationMS  float64  `json:"durationMs"`
	Trace       string   `json:"trace,omitempty"`
}

// WriteJSON writes the JSON report, indented, ending in a newline.
func (r *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{
		Format:         ReportFormat,
		Implementation: r.Implementation,
		Strict:         r.Strict,
		Failed:         r.Failed(),
		Seed:           strconv.FormatUint(r.Property.Seed, 10),
		Checks:         r.Property.Checks,
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
			Ops:         nonNil(res.Case.Ops),
			Description: res.Case.Description,
			Verdict:     res.Verdict,
			FailsRun:    r.FailsRun(res),
			Reason:      res.Reason,
			Messages:    nonNil(res.Messages),
			DurationMS:  float64(res.Duration.Microseconds()) / 1000,
			Trace:       res.Trace,
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
