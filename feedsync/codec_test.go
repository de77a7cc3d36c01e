package feedsync

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// ignoreLines makes go-cmp compare models without their Line fields (Encode and Decode do not
// keep lines: they depend on the layout).
var ignoreLines = cmp.Options{
	cmpopts.IgnoreFields(Element{}, "Line"),
	cmpopts.IgnoreFields(Sync{}, "Line"),
	cmpopts.IgnoreFields(History{}, "Line"),
	cmpopts.IgnoreFields(Conflicts{}, "Line"),
	cmpopts.IgnoreFields(Sharing{}, "Line"),
	cmpopts.IgnoreFields(Related{}, "Line"),
}

func decodeString(t testing.TB, s string) *Feed {
	t.Helper()
	f, err := Decode(bytes.NewReader([]byte(s)))
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return f
}

func encodeString(t testing.TB, f *Feed) string {
	t.Helper()
	var b bytes.Buffer
	if err := Encode(&b, f); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return b.String()
}

func TestSampleRoundTrip(t *testing.T) {
	for _, name := range []string{"testdata/atom.xml", "testdata/rss.xml"} {
		t.Run("[FS-ENC-2] "+name, func(t *testing.T) {
			in, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			f := decodeString(t, string(in))
			enc := encodeString(t, f)
			f2 := decodeString(t, enc)
			if d := cmp.Diff(f, f2, ignoreLines); d != "" {
				t.Errorf("Decode(Encode(f)) differs (-f +f2):\n%s", d)
			}
			if enc2 := encodeString(t, f2); enc2 != enc {
				t.Errorf("Encode not idempotent:\n%s\n---\n%s", enc, enc2)
			}
		})
	}
}
