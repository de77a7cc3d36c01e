package vectors_test

import (
	"encoding/json"
	"errors"
	"io/fs"
	"testing"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// FuzzDecode feeds arbitrary bytes to the loader's decoder. It must never panic; every
// failure must be a *LoadError of one of the five kinds naming a requirement; and a file it
// accepts must survive re-encoding and decoding again with the same header.
// Seeds: every embedded vector file, the sample file of the loader tests, and the corpus in
// testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	for _, p := range vectors.VectorPaths() {
		data, err := fs.ReadFile(vectors.FS(), p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	sample, err := json.Marshal(sampleDoc())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sample)
	f.Add([]byte(`{"area":"a/b","schema":"a.v1.schema.json","generator":"g","notes":{},"numberOfTests":0,"tests":[]}`))
	f.Add([]byte(`{"tests":[{"id":"a","id":"b"}]}`))
	f.Add([]byte(`[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, decode := range []func([]byte) (vectors.Header, int, error){
			func(b []byte) (vectors.Header, int, error) {
				file, err := vectors.Decode[json.RawMessage](b)
				if err != nil {
					return vectors.Header{}, 0, err
				}
				return file.Header, len(file.Tests), nil
			},
			func(b []byte) (vectors.Header, int, error) {
				file, err := vectors.Decode[vectors.KeyManifestTest](b)
				if err != nil {
					return vectors.Header{}, 0, err
				}
				return file.Header, len(file.Tests), nil
			},
		} {
			h, n, err := decode(data)
			if err != nil {
				var le *vectors.LoadError
				if !errors.As(err, &le) {
					t.Fatalf("error %T is not a *LoadError: %v", err, err)
				}
				known := false
				for _, k := range []error{vectors.ErrNotFound, vectors.ErrTooLarge, vectors.ErrSyntax, vectors.ErrHeader, vectors.ErrTest} {
					known = known || errors.Is(err, k)
				}
				if !known || le.Req == "" {
					t.Fatalf("error without a known kind or requirement: %v", err)
				}
				continue
			}
			if n != h.NumberOfTests {
				t.Fatalf("decoded %d tests, numberOfTests %d", n, h.NumberOfTests)
			}
		}
		file, err := vectors.Decode[json.RawMessage](data)
		if err != nil {
			return
		}
		again, err := json.Marshal(file)
		if err != nil {
			t.Fatalf("re-encoding an accepted file: %v", err)
		}
		file2, err := vectors.Decode[json.RawMessage](again)
		if err != nil {
			t.Fatalf("re-encoded file refused: %v\n%s", err, again)
		}
		if file2.Area != file.Area || file2.Schema != file.Schema || file2.Generator != file.Generator ||
			file2.NumberOfTests != file.NumberOfTests || len(file2.Notes) != len(file.Notes) {
			t.Fatalf("header changed by a round trip: %+v -> %+v", file.Header, file2.Header)
		}
	})
}
