package feedsync

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// roundTrip checks Decode(Encode(f)) ≡ f, that Encode is idempotent, and that the canonical
// bytes of every item survive the round trip. It returns the encoding.
func roundTrip(t interface {
	Helper()
	Fatalf(string, ...any)
}, f *Feed) []byte {
	t.Helper()
	var enc bytes.Buffer
	if err := Encode(&enc, f); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	f2, err := Decode(bytes.NewReader(enc.Bytes()))
	if err != nil {
		t.Fatalf("Decode(Encode(f)): %v\n%s", err, enc.Bytes())
	}
	if d := cmp.Diff(f, f2, cmpModel); d != "" {
		t.Fatalf("Decode(Encode(f)) differs (-f +got):\n%s\nencoding:\n%s", d, enc.Bytes())
	}
	var enc2 bytes.Buffer
	if err := Encode(&enc2, f2); err != nil {
		t.Fatalf("Encode(Decode(Encode(f))): %v", err)
	}
	if !bytes.Equal(enc.Bytes(), enc2.Bytes()) {
		t.Fatalf("Encode is not idempotent:\n%s\n---\n%s", enc.Bytes(), enc2.Bytes())
	}
	for i, it := range f.Items {
		c1, err := AppendCanonical(nil, it)
		if err != nil {
			t.Fatalf("item %d: AppendCanonical: %v", i, err)
		}
		if c2 := f2.Items[i].Canonical(); !bytes.Equal(c1, c2) {
			t.Fatalf("item %d: canonical bytes change across a document round trip:\n%s\n%s", i, c1, c2)
		}
		// The canonical bytes are themselves a document whose root is the item; they decode
		// back (inside a feed) to the same canonical bytes.
		var w bytes.Buffer
		if err := EncodeCanonical(&w, it); err != nil || !bytes.Equal(w.Bytes(), c1) {
			t.Fatalf("item %d: EncodeCanonical differs from AppendCanonical (%v)", i, err)
		}
	}
	return enc.Bytes()
}

func TestPropertyRoundTrip(t *testing.T) {
	for _, format := range []Format{Atom, RSS} {
		t.Run("[FS-ENC-2] "+format.String(), func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) { roundTrip(t, genFeed(t, format)) })
		})
	}
	t.Run("[FS-ENC-2] valid Atom", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) { roundTrip(t, genAtomFeed(t)) })
	})
}

// TestPropertyCanonicalInDocument checks that an item's canonical bytes do not depend on the
// document it came from: an item decoded from its own canonical bytes wrapped in a feed has the
// same canonical bytes.
func TestPropertyCanonicalInDocument(t *testing.T) {
	t.Run("[FS-CANON-3] item bytes independent of the document", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			f := genFeed(t, Atom)
			for i, it := range f.Items {
				c := it.Canonical()
				doc := `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:p="urn:other">` + string(c) + `</feed>`
				g, err := Decode(bytes.NewReader([]byte(doc)))
				if err != nil {
					t.Fatalf("item %d: %v\n%s", i, err, doc)
				}
				if len(g.Items) != 1 {
					t.Fatalf("item %d: %d items after wrapping", i, len(g.Items))
				}
				if c2 := g.Items[0].Canonical(); !bytes.Equal(c, c2) {
					t.Fatalf("item %d:\n%s\n%s", i, c, c2)
				}
			}
		})
	})
}

func TestPropertyRandomBytes(t *testing.T) {
	t.Run("[FS-DEC-8] random bytes never panic", func(t *testing.T) {
		rapid.Check(t, func(t *rapid.T) {
			pieces := rapid.SliceOf(rapid.SampledFrom([]string{
				"<feed xmlns='http://www.w3.org/2005/Atom'>", "</feed>", "<rss>", "</rss>", "<channel>", "</channel>",
				"<entry>", "</entry>", "<item>", "</item>", "<sx:sync xmlns:sx='http://feedsync.org/2007/feedsync'>", "</sx:sync>",
				"<sx:history sequence='1'/>", "<a xml:space='preserve'>", "</a>", " ", "\n", "x", "&amp;", "&", "<![CDATA[<]]>",
				"<!-- c -->", "<?pi x?>", "<!DOCTYPE x>", "\xff", "é", "<b a='1' a='2'/>", "<p:x/>",
			})).Draw(t, "pieces")
			in := []byte{}
			for _, p := range pieces {
				in = append(in, p...)
			}
			if rapid.Bool().Draw(t, "raw") {
				in = rapid.SliceOf(rapid.Byte()).Draw(t, "bytes")
			}
			f, err := Decode(bytes.NewReader(in))
			if err == nil {
				roundTrip(t, f)
			}
		})
	})
}
