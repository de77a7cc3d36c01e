package conformance

import (
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/livemesh-spec/livemesh/spec"
)

// WriteHTML writes the HTML report: one self-contained HTML5 document (inline CSS, no scripts,
// no external resources) with the run's outcome and counts, a summary table by section (the
// first two segments of the case IDs, e.g. "codec/feedsync"), and one part per section listing
// every case — its verdict, level, ID, description, the requirements it checks with their text
// from the specification, duration, reason, messages and, for a case that did not pass, the
// implementation's trace. Within a section the cases that fail the run come first, marked.
// The document is also well-formed XML, so that XML tools can read it.
func (r *Report) WriteHTML(w io.Writer) error {
	return htmlReport.Execute(w, r.htmlData())
}

type htmlData struct {
	Implementation string
	Outcome        string // PASS or FAIL, as in the summary line
	Summary        string // the text report's summary line
	Strict         bool
	Total          int
	Verdicts       []Verdict
	Counts         []int // per Verdicts
	FailingRun     []htmlCase
	Sections       []*htmlSection
}

type htmlSection struct {
	Name     string
	Anchor   string
	Counts   []int // per Verdicts
	FailsRun int
	Cases    []htmlCase
}

type htmlCase struct {
	ID          string
	Level       string
	Verdict     Verdict
	FailsRun    bool
	Description string
	Flags       []string
	Req         []htmlReq
	FoldReq     bool // the requirements are many: they go in a details element, open unless the case passed
	Duration    string
	Reason      string
	Messages    string
	Trace       string
}

type htmlReq struct {
	ID      string
	Known   bool
	Level   string
	Text    []mdSpan
	Where   string // document and section
	Unknown string
}

// mdSpan is a piece of a requirement's Markdown text: an inline code span or plain text.
type mdSpan struct {
	Code bool
	Text string
}

// sectionOf is the section a case belongs to: the first two segments of its ID
// ("codec/feedsync", "vectors/tickets"), or the first alone for an ID of two segments.
func sectionOf(id string) string {
	parts := strings.Split(id, "/")
	switch {
	case len(parts) > 2:
		return parts[0] + "/" + parts[1]
	case len(parts) == 2:
		return parts[0]
	}
	return id
}

func (r *Report) htmlData() htmlData {
	d := htmlData{
		Implementation: r.Implementation,
		Outcome:        "PASS",
		Summary:        r.Summary(),
		Strict:         r.Strict,
		Total:          len(r.Results),
		Verdicts:       Verdicts,
	}
	if r.Failed() {
		d.Outcome = "FAIL"
	}
	counts := r.Counts()
	for _, v := range Verdicts {
		d.Counts = append(d.Counts, counts[v])
	}
	index := map[string]*htmlSection{}
	var rest = map[string][]htmlCase{} // per section: the cases that do not fail the run
	for _, res := range r.Results {
		name := sectionOf(res.Case.ID)
		s, ok := index[name]
		if !ok {
			s = &htmlSection{Name: name, Anchor: "section-" + name, Counts: make([]int, len(Verdicts))}
			index[name] = s
			d.Sections = append(d.Sections, s)
		}
		for i, v := range Verdicts {
			if res.Verdict == v {
				s.Counts[i]++
			}
		}
		c := r.htmlCase(res)
		if c.FailsRun {
			s.FailsRun++
			s.Cases = append(s.Cases, c)
			d.FailingRun = append(d.FailingRun, c)
		} else {
			rest[name] = append(rest[name], c)
		}
	}
	for _, s := range d.Sections {
		s.Cases = append(s.Cases, rest[s.Name]...)
	}
	return d
}

func (r *Report) htmlCase(res Result) htmlCase {
	c := htmlCase{
		ID:          res.Case.ID,
		Level:       res.Case.Level.String(),
		Verdict:     res.Verdict,
		FailsRun:    r.FailsRun(res),
		Description: res.Case.Description,
		Flags:       res.Case.Flags,
		Duration:    formatDuration(res.Duration),
		Reason:      res.Reason,
		Messages:    strings.Join(res.Messages, "\n"),
	}
	if res.Verdict != Pass {
		c.Trace = res.Trace
	}
	for _, id := range res.Case.Req {
		q := htmlReq{ID: id}
		if req, ok := spec.Lookup(id); ok {
			q.Known = true
			q.Level = req.Level
			q.Text = codeSpans(req.Text)
			q.Where = req.Doc
			if req.Section != "" {
				q.Where += " § " + req.Section
			}
		}
		c.Req = append(c.Req, q)
	}
	c.FoldReq = len(c.Req) > foldReq
	return c
}

// foldReq is the number of requirements a case lists openly; more go in a details element.
const foldReq = 3

// codeSpans splits Markdown text into plain text and `code` spans; everything else stays as
// written.
func codeSpans(text string) []mdSpan {
	var out []mdSpan
	for text != "" {
		i := strings.IndexByte(text, '`')
		if i < 0 {
			break
		}
		j := strings.IndexByte(text[i+1:], '`')
		if j < 0 {
			break
		}
		if i > 0 {
			out = append(out, mdSpan{Text: text[:i]})
		}
		out = append(out, mdSpan{Code: true, Text: text[i+1 : i+1+j]})
		text = text[i+1+j+1:]
	}
	if text != "" {
		out = append(out, mdSpan{Text: text})
	}
	return out
}

func formatDuration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%d µs", d.Microseconds())
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}

// verdictClass is the CSS class of a verdict (its colour).
func verdictClass(v Verdict) string { return "v-" + string(v) }

var htmlReport = template.Must(template.New("report").Funcs(template.FuncMap{
	"verdictClass": verdictClass,
	// fragment links to an element of the report by its id. As a typed URL it is only
	// normalized, so that the '/' of a case ID stays as written and matches the id exactly;
	// it starts with '#', so it can name no scheme.
	"fragment": func(id string) template.URL { return template.URL("#" + id) },
	"count": func(counts []int, i int) int {
		return counts[i]
	},
}).Parse(htmlTemplate))

// htmlTemplate writes XHTML-style HTML5: every element closed, attributes quoted, no named
// entities, so that the document is well-formed XML as well.
const htmlTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Outcome}}: livemesh conformance: {{.Implementation}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 72em; padding: 0 1em; color: #1b1b1b; background: #fff; line-height: 1.4; }
h1 { font-size: 1.5em; margin-bottom: 0.3em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
table { border-collapse: collapse; margin: 0.8em 0; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.zero { color: #aaa; }
code, pre, .id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: 0.5em; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 0.3em 0; }
.outcome { display: inline-block; font-weight: bold; padding: 0.1em 0.6em; border-radius: 0.3em; color: #fff; }
.outcome.PASS { background: #1a7f37; }
.outcome.FAIL { background: #c62828; }
.verdict { display: inline-block; min-width: 8.5em; font-weight: bold; font-size: 0.9em; padding: 0.05em 0.4em; border-radius: 0.3em; text-align: center; }
.v-pass { background: #dcf5e3; color: #135c28; }
.v-fail { background: #fddede; color: #9b1c1c; }
.v-skipped { background: #eeeeee; color: #555; }
.v-unimplemented { background: #e4ebf5; color: #2c4a73; }
.v-expected-fail { background: #fff0cc; color: #7a5300; }
.v-unexpected-pass { background: #f1e3fa; color: #5f2582; }
.case { border: 1px solid #ddd; border-left: 0.4em solid #ddd; border-radius: 0.3em; padding: 0.4em 0.8em; margin: 0.6em 0; }
.case.v-pass { border-left-color: #1a7f37; background: #fff; }
.case.v-fail { border-left-color: #c62828; background: #fff; }
.case.v-skipped { border-left-color: #999; background: #fff; }
.case.v-unimplemented { border-left-color: #5b7fb0; background: #fff; }
.case.v-expected-fail { border-left-color: #d19a00; background: #fff; }
.case.v-unexpected-pass { border-left-color: #8e44ad; background: #fff; }
.case.fails-run { border-color: #c62828; border-width: 2px 2px 2px 0.4em; background: #fff8f8; }
.case h3 { font-size: 1em; margin: 0.1em 0 0.3em 0; font-weight: normal; }
.case h3 a { color: inherit; text-decoration: none; }
.case h3 a:hover { text-decoration: underline; }
.level { font-weight: bold; display: inline-block; min-width: 4em; }
.mark { color: #c62828; font-weight: bold; }
.meta { color: #555; font-size: 0.9em; }
.req { margin: 0.2em 0; padding-left: 1.2em; }
.req li { margin: 0.15em 0; }
.unknown { color: #9b1c1c; font-style: italic; }
summary { cursor: pointer; color: #333; }
</style>
</head>
<body>
<header>
<h1>livemesh conformance report</h1>
<p><span class="outcome {{.Outcome}}">{{.Outcome}}</span> implementation <strong>{{.Implementation}}</strong>, {{.Total}} cases, {{if .Strict}}strict run (an unexpected pass fails the run){{else}}not strict{{end}}</p>
<p class="meta">{{.Summary}}</p>
<table>
<thead><tr>{{range .Verdicts}}<th class="n"><span class="verdict {{verdictClass .}}">{{.}}</span></th>{{end}}</tr></thead>
<tbody><tr>{{range $i, $v := .Verdicts}}{{$n := count $.Counts $i}}<td class="n{{if eq $n 0}} zero{{end}}">{{$n}}</td>{{end}}</tr></tbody>
</table>
{{- if .FailingRun}}
<p><span class="mark">{{len .FailingRun}} {{if eq (len .FailingRun) 1}}case fails{{else}}cases fail{{end}} the run:</span></p>
<ul>{{range .FailingRun}}
<li><a class="id" href="{{fragment .ID}}">{{.ID}}</a> <span class="verdict {{verdictClass .Verdict}}">{{.Verdict}}</span> {{.Level}}</li>{{end}}
</ul>
{{- end}}
</header>
<main>
<h2>Summary by section</h2>
{{- if .Sections}}
<table>
<thead><tr><th>section</th><th class="n">cases</th>{{range .Verdicts}}<th class="n">{{.}}</th>{{end}}<th>fails the run</th></tr></thead>
<tbody>{{range .Sections}}
<tr><td><a class="id" href="{{fragment .Anchor}}">{{.Name}}</a></td><td class="n">{{len .Cases}}</td>{{$s := .}}{{range $i, $v := $.Verdicts}}{{$n := count $s.Counts $i}}<td class="n{{if eq $n 0}} zero{{end}}">{{$n}}</td>{{end}}<td>{{if .FailsRun}}<span class="mark">{{.FailsRun}}</span>{{else}}no{{end}}</td></tr>{{end}}
</tbody>
</table>
{{- else}}
<p>No case ran.</p>
{{- end}}
{{- range .Sections}}
<section id="{{.Anchor}}">
<h2>{{.Name}}</h2>
{{- range .Cases}}
<article id="{{.ID}}" class="case {{verdictClass .Verdict}}{{if .FailsRun}} fails-run{{end}}">
<h3><span class="verdict {{verdictClass .Verdict}}">{{.Verdict}}</span> <span class="level">{{.Level}}</span> <a class="id" href="{{fragment .ID}}">{{.ID}}</a>{{if .FailsRun}} <span class="mark">fails the run</span>{{end}} <span class="meta">{{.Duration}}</span></h3>
{{- if .Description}}
<p>{{.Description}}</p>
{{- end}}
{{- if .FoldReq}}
<details class="reqs"{{if ne .Verdict "pass"}} open="open"{{end}}><summary>{{len .Req}} requirements: {{range $i, $q := .Req}}{{if $i}}, {{end}}{{$q.ID}}{{end}}</summary>
{{- end}}
{{- if .Req}}
<ul class="req">{{range .Req}}
<li>{{if .Known}}<span class="id">[{{.ID}}]</span> <span class="level">{{.Level}}</span> {{range .Text}}{{if .Code}}<code>{{.Text}}</code>{{else}}{{.Text}}{{end}}{{end}} <span class="meta">({{.Where}})</span>{{else}}<span class="id">[{{.ID}}]</span> <span class="unknown">unknown requirement: the specification does not define this ID</span>{{end}}</li>{{end}}
</ul>
{{- end}}
{{- if .FoldReq}}
</details>
{{- end}}
{{- if .Flags}}
<p class="meta">catches: {{range $i, $f := .Flags}}{{if $i}}, {{end}}{{$f}}{{end}}</p>
{{- end}}
{{- if .Reason}}
<p>{{if eq .Verdict "unexpected-pass"}}expected to fail, but passed{{else}}expected to fail{{end}}: {{.Reason}}</p>
{{- end}}
{{- if .Messages}}
<pre class="messages">{{.Messages}}</pre>
{{- end}}
{{- if .Trace}}
<details><summary>trace: the implementation's exchanges ({{len .Trace}} bytes)</summary>
<pre class="trace">{{.Trace}}</pre>
</details>
{{- end}}
</article>
{{- end}}
</section>
{{- end}}
</main>
</body>
</html>
`
