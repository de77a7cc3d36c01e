package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/livemesh-spec/livemesh/conformance"
	"github.com/livemesh-spec/livemesh/internal/cli"
)

// printer prints a run as it goes: each case that did not pass (every case with -v) as soon
// as it finishes, on stdout; on a terminal, also a live progress line on stderr, redrawn in
// place and cleared before anything else is printed.
type printer struct {
	out, errw io.Writer
	verbose   bool
	live      bool // stderr is a terminal
	drawn     bool // a progress line is on the screen
	failed    int
}

func newPrinter(env cli.Env, verbose bool) *printer {
	return &printer{out: env.Stdout, errw: env.Stderr, verbose: verbose, live: isTerminal(env.Stderr)}
}

// isTerminal reports whether w is a character device other than a dumb terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *printer) clear() {
	if p.drawn {
		fmt.Fprint(p.errw, "\r\x1b[K")
		p.drawn = false
	}
}

func (p *printer) start(i, n int, c conformance.Case) {
	if !p.live {
		return
	}
	p.clear()
	line := fmt.Sprintf("[%*d/%d] %s", len(fmt.Sprint(n)), i+1, n, c.ID)
	if p.failed > 0 {
		line += fmt.Sprintf("  (%d failed)", p.failed)
	}
	fmt.Fprint(p.errw, line)
	p.drawn = true
}

func (p *printer) result(r conformance.Result) {
	if r.Verdict == conformance.Fail {
		p.failed++
	}
	if text := conformance.ResultText(r, p.verbose); text != "" {
		p.clear()
		io.WriteString(p.out, text)
	}
}

// finish prints the summary by section, the property seed and the summary line.
func (p *printer) finish(rep *conformance.Report) {
	p.clear()
	var b strings.Builder
	b.WriteString(rep.SectionsText())
	fmt.Fprintf(&b, "  properties: seed %d, %d checks per case\n", rep.Property.Seed, rep.Property.Checks)
	b.WriteString(rep.Summary() + "\n")
	io.WriteString(p.out, b.String())
}
