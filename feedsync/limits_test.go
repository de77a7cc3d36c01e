package feedsync

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestNameLimitCountsPrefixAndLocalPartSeparately: the limit of [FS-DEC-6] applies to each part
// of a name, so a name at the limit stays within it after the canonical encoding gives it a
// prefix of its own ([FS-CANON-13]).
func TestNameLimitCountsPrefixAndLocalPartSeparately(t *testing.T) {
	local := strings.Repeat("a", DefaultMaxNameLen)
	cases := []struct {
		name, el string
		ok       bool
	}{
		{"[FS-DEC-6] prefixed name with a local part at the limit", `<x:` + local + ` xmlns:x="urn:x"/>`, true},
		{"[FS-DEC-6] local part over the limit", `<x:` + local + `a xmlns:x="urn:x"/>`, false},
		{"[FS-DEC-6] prefix over the limit", `<` + local + `a:b xmlns:` + local + `a="urn:x"/>`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := atomOpen + `<id>urn:f</id><title>t</title><updated>2008-01-01T00:00:00Z</updated>` +
				`<entry><id>urn:e</id><title>t</title><updated>2008-01-01T00:00:00Z</updated>` + tc.el +
				`<sx:sync id="a" updates="1"><sx:history sequence="1" by="e"/></sx:sync></entry>` + atomEnd
			f, err := Decode(strings.NewReader(doc))
			if !tc.ok {
				if !errors.Is(err, ErrLimit) {
					t.Fatalf("err = %v, want ErrLimit", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := Encode(&buf, f); err != nil {
				t.Fatal(err)
			}
			f2, err := Decode(&buf)
			if err != nil {
				t.Fatalf("[FS-CANON-13] the encoding of a document within the limits is refused: %v", err)
			}
			if d := cmp.Diff(f, f2, cmpModel); d != "" {
				t.Errorf("round trip (-want +got):\n%s", d)
			}
		})
	}
}

// TestRoundTripOfItemWithTwoSyncs: an invalid item with a second sx:sync keeps which one is
// its sync element through Encode and Decode ([FS-CANON-10], [FS-ENC-2]).
func TestRoundTripOfItemWithTwoSyncs(t *testing.T) {
	doc := atomOpen + `<id>urn:f</id><title>t</title><updated>2008-01-01T00:00:00Z</updated>` +
		`<entry><id>urn:e</id><title>t</title><updated>2008-01-01T00:00:00Z</updated>` +
		`<sx:sync id="first" updates="1"><sx:history sequence="1" by="e"/></sx:sync>` +
		`<sx:sync id="second" updates="1"><sx:history sequence="1" by="e"/></sx:sync><summary>s</summary></entry>` + atomEnd
	f, err := Decode(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("[FS-CANON-10] [FS-ENC-2] the first sx:sync stays the item's", func(t *testing.T) {
		var b1, b2 bytes.Buffer
		if err := Encode(&b1, f); err != nil {
			t.Fatal(err)
		}
		f2, err := Decode(bytes.NewReader(b1.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(f, f2, cmpModel); d != "" {
			t.Errorf("round trip (-want +got):\n%s", d)
		}
		if id, _ := f2.Items[0].Sync.ID(); id != "first" {
			t.Errorf("sync id after round trip = %q, want first", id)
		}
		if err := Encode(&b2, f2); err != nil || !bytes.Equal(b1.Bytes(), b2.Bytes()) {
			t.Errorf("Encode is not idempotent (err %v):\n%s\n---\n%s", err, b1.String(), b2.String())
		}
	})
}
