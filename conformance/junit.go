package conformance

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// junitSuites is the JUnit XML report: one testsuite per tier (the first segment of the case
// IDs), one testcase per case named by its ID, as CI systems read them.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure"`
	Skipped   *junitMessage `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the JUnit XML report. A result that fails the run (Report.FailsRun) is a
// failure; every other verdict but pass is skipped, with the verdict as its message, so that a
// CI system's outcome agrees with the run's.
func (r *Report) WriteJUnit(w io.Writer) error {
	out := junitSuites{Name: "livemesh conformance: " + r.Implementation}
	index := map[string]int{}
	for _, res := range r.Results {
		tier, _, _ := strings.Cut(res.Case.ID, "/")
		i, ok := index[tier]
		if !ok {
			i = len(out.Suites)
			index[tier] = i
			out.Suites = append(out.Suites, junitSuite{Name: tier})
		}
		s := &out.Suites[i]
		c := junitCase{Name: res.Case.ID, Classname: tier, Time: fmt.Sprintf("%.3f", res.Duration.Seconds())}
		text := strings.Join(res.Messages, "\n")
		if res.Reason != "" {
			text = "expected to fail: " + res.Reason + "\n" + text
		}
		switch {
		case r.FailsRun(res):
			c.Failure = &junitMessage{Message: string(res.Verdict) + " (" + res.Case.Level.String() + ")", Text: text}
			s.Failures++
			out.Failures++
		case res.Verdict != Pass:
			c.Skipped = &junitMessage{Message: string(res.Verdict) + " (" + res.Case.Level.String() + ")", Text: text}
			s.Skipped++
			out.Skipped++
		default:
			c.SystemOut = text
		}
		s.Tests++
		out.Tests++
		s.Cases = append(s.Cases, c)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
