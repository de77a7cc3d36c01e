package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

const committed = "../../spec/vectors"

// TestCommittedVectorsAreFresh fails when a committed vector file differs from a fresh
// generation (naming the file and its first differing line), when a generated file is not
// committed, or when a committed vector file is produced by no generator.
func TestCommittedVectorsAreFresh(t *testing.T) {
	files, err := generate(nil)
	if err != nil {
		t.Fatal(err)
	}
	diffs, err := compare(os.DirFS(committed), files, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("[VEC-GEN-1] committed vector files equal a fresh generation", func(t *testing.T) {
		for _, d := range diffs {
			if d.Kind != kindStale {
				t.Errorf("%v\n(run: go run ./internal/vectorgen)", d)
			}
		}
	})
	t.Run("[VEC-GEN-4] no stale vector files", func(t *testing.T) {
		for _, d := range diffs {
			if d.Kind == kindStale {
				t.Errorf("%v", d)
			}
		}
	})
	t.Run("the embedded files are the committed files", func(t *testing.T) {
		for _, f := range files {
			emb, err := fs.ReadFile(vectors.FS(), f.Path)
			if err != nil {
				t.Errorf("%s: not embedded: %v", f.Path, err)
				continue
			}
			disk, err := os.ReadFile(filepath.Join(committed, filepath.FromSlash(f.Path)))
			if err == nil && !bytes.Equal(emb, disk) {
				t.Errorf("%s: embedded bytes differ from the file on disk", f.Path)
			}
		}
	})
}

func TestGeneration(t *testing.T) {
	a, err := generate(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("[VEC-GEN-2] two generations give the same bytes", func(t *testing.T) {
		b, err := generate(nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(a) != len(b) {
			t.Fatalf("%d files, then %d", len(a), len(b))
		}
		for i := range a {
			if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
				t.Errorf("%s: differs between two runs", a[i].Path)
			}
		}
	})
	t.Run("[VEC-FILE-5] the generator member reproduces the file", func(t *testing.T) {
		for _, f := range a {
			var h vectors.Header
			if err := json.Unmarshal(f.Data, &h); err != nil {
				t.Fatal(err)
			}
			dir, _, _ := strings.Cut(f.Path, "/")
			if want := "go run ./internal/vectorgen -area " + dir; h.Generator != want {
				t.Errorf("%s: generator %q, want %q", f.Path, h.Generator, want)
			}
			only, err := generate([]string{dir})
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, g := range only {
				found = found || (g.Path == f.Path && bytes.Equal(g.Data, f.Data))
			}
			if !found {
				t.Errorf("%s: -area %s does not reproduce it", f.Path, dir)
			}
		}
	})
	t.Run("every registered directory produces files", func(t *testing.T) {
		for _, d := range dirs() {
			files, err := generate([]string{d})
			if err != nil || len(files) == 0 {
				t.Errorf("%s: %d files, %v", d, len(files), err)
			}
		}
	})
	if _, err := generate([]string{"no-such-dir"}); err == nil {
		t.Error("generate accepted an unknown directory")
	}
}

func TestDetRand(t *testing.T) {
	t.Run("[VEC-GEN-3] the labelled stream is SHA-256 in counter mode", func(t *testing.T) {
		label := "p2p/handshake/client-nonce"
		var want []byte
		for i := uint64(0); i < 3; i++ {
			var msg []byte
			msg = append(msg, "livemesh/vectorgen/detrand/v1"...)
			msg = append(msg, 0)
			msg = append(msg, label...)
			msg = append(msg, 0)
			msg = binary.BigEndian.AppendUint64(msg, i)
			s := sha256.Sum256(msg)
			want = append(want, s[:]...)
		}
		if got := detBytes(label, 96); !bytes.Equal(got, want) {
			t.Errorf("stream\n%x\nwant\n%x", got, want)
		}
		// Known answer, so that a change of the definition cannot pass with a changed test.
		if got := hex.EncodeToString(detBytes("test", 8)); got != detKAT {
			t.Errorf("first bytes of label \"test\" = %s, want %s", got, detKAT)
		}
		// Reads of any sizes give the same stream.
		r := newDetRand(label)
		var got []byte
		for _, n := range []int{1, 31, 0, 33, 5, 26} {
			buf := make([]byte, n)
			if m, err := r.Read(buf); m != n || err != nil {
				t.Fatalf("Read(%d) = %d, %v", n, m, err)
			}
			got = append(got, buf...)
		}
		if !bytes.Equal(got, want) {
			t.Error("piecewise reads differ from one read")
		}
		if bytes.Equal(detBytes("a", 32), detBytes("b", 32)) {
			t.Error("two labels give the same stream")
		}
	})
}

// detKAT is the first 8 bytes of the stream of label "test", computed outside Go.
const detKAT = "3624425462e1b952"

func TestCompare(t *testing.T) {
	gen := []GeneratedFile{
		{Path: "a/same.json", Data: []byte("1\n2\n3\n")},
		{Path: "a/changed.json", Data: []byte("1\n2\n3\n")},
		{Path: "a/new.json", Data: []byte("x\n")},
	}
	fsys := fstest.MapFS{
		"a/same.json":           {Data: []byte("1\n2\n3\n")},
		"a/changed.json":        {Data: []byte("1\n2\nthree\n")},
		"a/old.json":            {Data: []byte("{}")},
		"b/orphan.json":         {Data: []byte("{}")},
		"schema/x.schema.json":  {Data: []byte("{}")},
		"testdata/fixture.json": {Data: []byte("{}")},
		"keys/a.pem":            {Data: []byte("")},
		"internal/x/y.json":     {Data: []byte("{}")},
		"README.md":             {Data: []byte("")},
	}
	diffs, err := compare(fsys, gen, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]fileDiff{}
	for _, d := range diffs {
		got[d.Path] = d
	}
	if len(got) != 4 {
		t.Errorf("diffs %v", diffs)
	}
	if d := got["a/changed.json"]; d.Kind != kindDiffers || d.Line != 3 || d.Committed != "three\n" || d.Generated != "3\n" {
		t.Errorf("changed: %+v", d)
	}
	if !strings.Contains(got["a/changed.json"].String(), "a/changed.json") || !strings.Contains(got["a/changed.json"].String(), "line 3") {
		t.Errorf("message %q names neither file nor line", got["a/changed.json"])
	}
	if got["a/new.json"].Kind != kindMissing || got["a/old.json"].Kind != kindStale || got["b/orphan.json"].Kind != kindStale {
		t.Errorf("diffs %v", diffs)
	}
	// Restricted to one directory, the stale check looks only there.
	diffs, err = compare(fsys, gen, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		if d.Path == "b/orphan.json" {
			t.Error("stale check left its directory")
		}
	}
	if l, _, _ := firstDifference([]byte("a\nb"), []byte("a\nb\n")); l != 2 {
		t.Errorf("firstDifference: line %d", l)
	}
	if l, c, g := firstDifference([]byte("a\n"), []byte("a\nb\n")); l != 2 || c != "" || g != "b\n" {
		t.Errorf("firstDifference past the end: %d %q %q", l, c, g)
	}
}

// copyTree copies the committed spec/vectors into a temporary directory for run().
func copyTree(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := os.CopyFS(dst, os.DirFS(committed))
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestRun(t *testing.T) {
	var out, errb bytes.Buffer
	reset := func() { out.Reset(); errb.Reset() }

	dir := copyTree(t)
	if code := run([]string{"-check", "-dir", dir}, &out, &errb); code != 0 {
		t.Fatalf("-check on a fresh copy: exit %d\n%s%s", code, out.String(), errb.String())
	}
	reset()

	manifest := filepath.Join(dir, "keys", "manifest.json")
	data, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(manifest, bytes.Replace(data, []byte(`"bits": 2048`), []byte(`"bits": 4096`), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "keys", "old.json")
	if err := os.WriteFile(stale, []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"-check", "-dir", dir}, &out, &errb); code != 1 {
		t.Errorf("-check on a changed copy: exit %d", code)
	}
	if s := out.String(); !strings.Contains(s, "keys/manifest.json: differs") || !strings.Contains(s, "4096") ||
		!strings.Contains(s, "keys/old.json: stale") {
		t.Errorf("-check output does not list the files:\n%s", s)
	}
	reset()

	if code := run([]string{"-dir", dir}, &out, &errb); code != 1 {
		t.Errorf("write with a stale file and no -prune: exit %d", code)
	}
	if after, _ := os.ReadFile(manifest); !bytes.Equal(after, data) {
		t.Error("write did not restore keys/manifest.json")
	}
	if _, err := os.Stat(stale); err != nil {
		t.Error("write without -prune deleted the stale file")
	}
	reset()

	if code := run([]string{"-prune", "-dir", dir}, &out, &errb); code != 0 {
		t.Errorf("-prune: exit %d: %s", code, errb.String())
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Error("-prune kept the stale file")
	}
	reset()
	if code := run([]string{"-check", "-area", "keys", "-dir", dir}, &out, &errb); code != 0 {
		t.Errorf("-check -area keys after repair: exit %d\n%s", code, out.String())
	}

	for _, c := range []struct {
		args []string
		code int
	}{
		{[]string{"-h"}, 0},
		{[]string{"-nope"}, 2},
		{[]string{"extra"}, 2},
		{[]string{"-check", "-prune"}, 2},
		{[]string{"-check", "-area", "no-such-dir", "-dir", dir}, 2},
	} {
		reset()
		if code := run(c.args, &out, &errb); code != c.code {
			t.Errorf("run %v: exit %d, want %d (%s)", c.args, code, c.code, errb.String())
		}
	}
}

func TestEncodeFile(t *testing.T) {
	type tc struct {
		vectors.Test
		In string `json:"in"`
	}
	good := newFile("sample/thing", "sample-thing.v1.schema.json", nil, []tc{{
		Test: vectors.Test{ID: "a", Flags: []string{}, Req: []string{"VEC-TEST-1"}, Result: vectors.Valid},
		In:   "<a & b>",
	}})
	f, err := encodeFile(good)
	if err != nil {
		t.Fatal(err)
	}
	if f.Path != "sample/thing.json" || !bytes.Contains(f.Data, []byte(`"in": "<a & b>"`)) || !bytes.HasSuffix(f.Data, []byte("}\n")) {
		t.Errorf("encoded %s:\n%s", f.Path, f.Data)
	}
	bad := newFile("sample/thing", "sample-thing.v1.schema.json", nil, []tc{{
		Test: vectors.Test{ID: "a", Flags: []string{"Undefined"}, Req: []string{"VEC-TEST-1"}, Result: vectors.Valid},
	}})
	if _, err := encodeFile(bad); err == nil {
		t.Error("encodeFile accepted a flag without a note")
	}
	if _, err := encodeFile(newFile("bad", "x.v1.schema.json", nil, []tc{})); err == nil {
		t.Error("encodeFile accepted a bad area")
	}
}
