package conformance

import (
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// pipeShim serves impl over in-memory pipes and returns a client of it.
func pipeShim(t *testing.T, impl Impl) *ShimClient {
	t.Helper()
	reqR, reqW := io.Pipe()
	ansR, ansW := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := ServeShim(impl, reqR, ansW)
		ansW.CloseWithError(err)
		done <- err
	}()
	t.Cleanup(func() {
		reqW.Close()
		if err := <-done; err != nil {
			t.Errorf("ServeShim: %v", err)
		}
	})
	c, err := NewShimClient(ansR, reqW)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestShimIdentOperations(t *testing.T) {
	cases, err := VectorCases(vectors.FS())
	if err != nil {
		t.Fatal(err)
	}
	t.Run("reference through the shim: every case passes", func(t *testing.T) {
		c := pipeShim(t, Reference{})
		if c.Name() != "reference" {
			t.Errorf("name %q", c.Name())
		}
		for _, r := range Run(c, cases, Options{}, nil).Results {
			if r.Verdict != Pass {
				t.Errorf("%s: %s %q", r.Case.ID, r.Verdict, r.Messages)
			}
		}
	})
	t.Run("a faulty implementation behind the shim is caught", func(t *testing.T) {
		c := pipeShim(t, foldingIdent{})
		rep := Run(c, cases, Options{Run: regexp.MustCompile(`^vectors/ident/`)}, nil)
		got := verdicts(rep)
		if got["vectors/ident/user-name"] != Fail || got["vectors/ident/device-id"] != Unimplemented || got["vectors/ident/ids"] != Pass {
			t.Errorf("verdicts %v", got)
		}
	})
}

func TestShimClientRefusesBrokenShims(t *testing.T) {
	// [CONF-SHIM-2] hello, [CONF-SHIM-3] answers, [CONF-SHIM-4] broken protocol.
	for name, tc := range map[string]struct{ out, want string }{
		"no hello":          {"", "no hello"},
		"bad hex in answer": {`{"shim":"livemesh-shim.v1","ops":["p2p.stream"]}` + "\n" + `{"id":1,"ok":{"dataHex":"zz"}}` + "\n", "dataHex"},
		"hello not JSON":    {"hello\n", "not JSON"},
		"other protocol":    {`{"shim":"other.v9","ops":[]}` + "\n", "protocol"},
		"no answer":         {`{"shim":"livemesh-shim.v1","ops":["ident.user-name/parse"]}` + "\n", "closed its output"},
		"wrong id":          {`{"shim":"livemesh-shim.v1","ops":["ident.user-name/parse"]}` + "\n" + `{"id":7,"ok":{}}` + "\n", "names request 7"},
		"answer not JSON":   {`{"shim":"livemesh-shim.v1","ops":["ident.user-name/parse"]}` + "\n" + "ok\n", "not JSON"},
		"empty answer":      {`{"shim":"livemesh-shim.v1","ops":["ident.user-name/parse"]}` + "\n" + `{"id":1}` + "\n", "none of ok"},
		"ok not an object":  {`{"shim":"livemesh-shim.v1","ops":["ident.user-name/parse"]}` + "\n" + `{"id":1,"ok":[1]}` + "\n", "not an object"},
		"unimplemented op":  {`{"shim":"livemesh-shim.v1","ops":["ident.user-name/parse"]}` + "\n" + `{"id":1,"unimplemented":true}` + "\n", "unimplemented"},
		"op not in hello":   {`{"shim":"livemesh-shim.v1","ops":[]}` + "\n", "does not offer"},
		"refusal forwarded": {`{"shim":"livemesh-shim.v1","ops":["ident.user-name/parse"]}` + "\n" + `{"id":1,"error":{"class":"syntax","req":"IDENT-USER-3"}}` + "\n", "syntax [IDENT-USER-3]"},
	} {
		t.Run("[CONF-SHIM-4] "+name, func(t *testing.T) {
			c, err := NewShimClient(strings.NewReader(tc.out), io.Discard)
			if err == nil && strings.Contains(tc.out, "p2p.stream") {
				_, err = c.OpenStream(nil, nil)
			} else if err == nil {
				_, err = c.Ident("user-name/parse", "ann@example.com", "")
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want %q", err, tc.want)
			}
		})
	}
}

func TestShimCatchesFaultyImplementations(t *testing.T) {
	cases, err := VectorCases(vectors.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		impl      Impl
		caseID    string
		wantInMsg string
	}{
		{lenientFeeds{}, "vectors/feedsync/documents", "lenient reports no violation"},
		{updatingMerge{}, "vectors/feedsync/merge", `updating outcome "updated", test expects "conflict"`},
		{anyClient{}, "vectors/p2p/handshake", "any-client accepted, want"},
		{sloppyRecords{}, "vectors/p2p/records", "sloppy accepts an invalid test"},
		{lateTickets{}, "vectors/tickets/verify", "late accepts an invalid ticket"},
	} {
		t.Run(tc.impl.Name(), func(t *testing.T) {
			c := pipeShim(t, tc.impl)
			r := Run(c, cases, Options{Run: regexp.MustCompile("^" + regexp.QuoteMeta(tc.caseID) + "$")}, nil).Results[0]
			if r.Verdict != Fail || !strings.Contains(strings.Join(r.Messages, "\n"), tc.wantInMsg) {
				t.Errorf("%s behind the shim: %s %q", tc.caseID, r.Verdict, r.Messages)
			}
		})
	}
}

func TestShimTimeouts(t *testing.T) {
	t.Run("no hello", func(t *testing.T) {
		r, w := io.Pipe()
		defer w.Close()
		if _, err := NewShimClientTimeout(r, io.Discard, 50*time.Millisecond); err == nil || !strings.Contains(err.Error(), "no hello within") {
			t.Errorf("err %v", err)
		}
	})
	t.Run("[CONF-SHIM-4] no answer: the case fails and so does every later call", func(t *testing.T) {
		r, w := io.Pipe()
		defer w.Close()
		go w.Write([]byte(`{"shim":"livemesh-shim.v1","ops":["ident.user-name/parse"]}` + "\n"))
		c, err := NewShimClientTimeout(r, io.Discard, 50*time.Millisecond)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Ident("user-name/parse", "ann@example.com", "")
		if err == nil || !strings.Contains(err.Error(), "no answer to request 1 (ident.user-name/parse) within") || c.Err() == nil {
			t.Errorf("err %v, Err %v", err, c.Err())
		}
		if _, err2 := c.Ident("user-name/parse", "ann@example.com", ""); err2 != err {
			t.Errorf("later call: %v", err2)
		}
	})
}

func TestShimTraces(t *testing.T) {
	cases, err := VectorCases(vectors.FS())
	if err != nil {
		t.Fatal(err)
	}
	t.Run("[CONF-TRACE-1] every exchange of a case is written to its trace file, and a failing case's report carries it", func(t *testing.T) {
		dir := t.TempDir()
		c := pipeShim(t, foldingIdent{})
		rep := Run(c, cases, Options{Run: regexp.MustCompile(`^vectors/ident/(ids|user-name)$`), TraceDir: dir}, nil)
		for _, r := range rep.Results {
			data, err := os.ReadFile(filepath.Join(dir, traceName(r.Case.ID)+".trace"))
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
			if len(lines) < 2 || len(lines)%2 != 0 {
				t.Fatalf("%s: %d trace lines", r.Case.ID, len(lines))
			}
			for i, l := range lines {
				want := "> {\"id\":"
				if i%2 == 1 {
					want = "< {\"id\":"
				}
				if !strings.HasPrefix(l, want) {
					t.Errorf("%s line %d: %q, want prefix %q", r.Case.ID, i, l, want)
					break
				}
			}
			switch r.Verdict {
			case Fail:
				if r.Trace != string(data) {
					t.Errorf("%s: the result's trace differs from the file's", r.Case.ID)
				}
			case Pass:
				if r.Trace != "" {
					t.Errorf("%s: a passing case keeps a trace", r.Case.ID)
				}
			}
		}
		if got := verdicts(rep); got["vectors/ident/user-name"] != Fail || got["vectors/ident/ids"] != Pass {
			t.Errorf("verdicts %v", got)
		}
	})
	t.Run("[CONF-SHIM-5] stderr goes into the running case's trace, and elsewhere between cases", func(t *testing.T) {
		c := pipeShim(t, Reference{})
		if c.TraceStderr([]byte("before\n")) {
			t.Error("stderr taken with no trace set")
		}
		var b strings.Builder
		c.SetTrace(&b)
		if !c.TraceStderr([]byte("one\ntwo")) {
			t.Error("stderr not taken while tracing")
		}
		c.SetTrace(nil)
		if b.String() != "stderr one\nstderr two\n" {
			t.Errorf("trace %q", b.String())
		}
	})
	t.Run("[CONF-TRACE-1] a long trace is cut to its beginning and end", func(t *testing.T) {
		long := strings.Repeat("a", MaxTrace) + strings.Repeat("z", MaxTrace)
		got := cutTrace(long)
		if len(got) > MaxTrace+100 || !strings.HasPrefix(got, "aaa") || !strings.HasSuffix(got, "zzz") || !strings.Contains(got, "trace cut") {
			t.Errorf("cut to %d bytes", len(got))
		}
	})
}
