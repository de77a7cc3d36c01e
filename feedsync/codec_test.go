package feedsync

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// cmpModel makes go-cmp compare models structurally: without their Line fields (they depend
// on the layout) and with attributes in any order (Decode keeps document order, Encode writes
// the canonical order; XML gives the order no meaning).
var cmpModel = cmp.Options{
	cmpopts.SortSlices(func(a, b Attr) bool { return attrLess(&a, &b) }),
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
			if d := cmp.Diff(f, f2, cmpModel); d != "" {
				t.Errorf("Decode(Encode(f)) differs (-f +f2):\n%s", d)
			}
			if enc2 := encodeString(t, f2); enc2 != enc {
				t.Errorf("Encode not idempotent:\n%s\n---\n%s", enc, enc2)
			}
		})
	}
}
