package feedsync

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/internal/specdoc"
	"github.com/livemesh-spec/livemesh/internal/testenv"
	"pgregory.net/rapid"
)

// specBlock returns the example of spec/feedsync.md with that name, without its final line feed.
func specBlock(t *testing.T, name string) string {
	t.Helper()
	s, err := specdoc.Example("feedsync.md", name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(s, "\n")
}

func TestCanonicalWorkedExample(t *testing.T) {
	t.Run("[FS-CANON-13] worked example of spec §6.1", func(t *testing.T) {
		f := decodeString(t, specBlock(t, "canon-input"))
		want := specBlock(t, "canon-output")
		got := f.Items[0].Canonical()
		if string(got) != want {
			t.Errorf("canonical bytes\n got %q\nwant %q", got, want)
		}
	})
}

// canon decodes an Atom feed with one item and returns the item's canonical bytes.
func canon(t *testing.T, feed string) string {
	t.Helper()
	f := decodeString(t, feed)
	if len(f.Items) != 1 {
		t.Fatalf("%d items", len(f.Items))
	}
	b, err := AppendCanonical(nil, f.Items[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCanonical(t *testing.T) {
	A := `xmlns="http://www.w3.org/2005/Atom"`
	tests := []struct{ name, in, want string }{
		{"[FS-CANON-1] no declaration, no indentation, no final newline",
			"<feed " + A + ">\n  <entry>\n    <id>x</id>\n  </entry>\n</feed>",
			`<entry ` + A + `><id>x</id></entry>`},
		{"[FS-CANON-2] no CDATA, comments or PIs",
			"<feed " + A + "><entry><!--c--><?p?><id><![CDATA[a]]></id></entry></feed>",
			`<entry ` + A + `><id>a</id></entry>`},
		{"[FS-CANON-3] input prefixes ignored, reserved and numbered prefixes",
			`<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:entry xmlns:q="urn:q" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:r="urn:r"><r:x q:y="1"/><h:p/><q:z/></a:entry></a:feed>`,
			`<entry ` + A + ` xmlns:xhtml="http://www.w3.org/1999/xhtml" xmlns:n1="urn:r" xmlns:n2="urn:q"><n1:x n2:y="1"/><xhtml:p/><n2:z/></entry>`},
		{"[FS-CANON-3] atom prefix for Atom attributes; xml never declared",
			`<feed ` + A + `><entry xml:lang="en" xmlns:a="http://www.w3.org/2005/Atom" a:k="v"/></feed>`,
			`<entry ` + A + ` xmlns:atom="http://www.w3.org/2005/Atom" atom:k="v" xml:lang="en"/>`},
		{"[FS-CANON-4] declaration order default, sx, atom, xhtml, n1",
			`<rss><channel><item xmlns:z="urn:z" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:a="http://www.w3.org/2005/Atom" xmlns:s="http://feedsync.org/2007/feedsync"><z:z/><h:h/><a:a/><s:sync/></item></channel></rss>`,
			`<item xmlns:sx="http://feedsync.org/2007/feedsync" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:xhtml="http://www.w3.org/1999/xhtml" xmlns:n1="urn:z"><n1:z/><xhtml:h/><atom:a/><sx:sync/></item>`},
		{"[FS-CANON-5] xmlns=\"\" and redeclaration of the root namespace",
			`<feed ` + A + `><entry><x xmlns=""><y><title xmlns="http://www.w3.org/2005/Atom"><z xmlns=""/></title></y></x></entry></feed>`,
			`<entry ` + A + `><x xmlns=""><y><title ` + A + `><z xmlns=""/></title></y></x></entry>`},
		{"[FS-CANON-6] attributes sorted by namespace URI then local name",
			`<feed ` + A + `><entry xmlns:b="urn:b" xmlns:a="urn:a" b:a="1" z="2" a:z="3" a="4" xml:base="5"/></feed>`,
			`<entry ` + A + ` xmlns:n1="urn:a" xmlns:n2="urn:b" a="4" z="2" xml:base="5" n1:z="3" n2:a="1"/>`},
		{"[FS-CANON-7] attribute escaping",
			`<feed ` + A + `><entry a="&amp;&lt;&gt;&quot;'&#9;&#10;&#13;é"/></feed>`,
			`<entry ` + A + ` a="&amp;&lt;>&quot;'&#x9;&#xA;&#xD;é"/>`},
		{"[FS-CANON-8] text escaping",
			"<feed " + A + "><entry><id>&amp;&lt;&gt;\"'\t\n&#13;é😀</id></entry></feed>",
			"<entry " + A + "><id>&amp;&lt;&gt;\"'\t\n&#xD;é😀</id></entry>"},
		{"[FS-CANON-9] empty elements",
			`<feed ` + A + `><entry><id></id><x a="1" ></x></entry></feed>`,
			`<entry ` + A + `><id/><x a="1"/></entry>`},
		{"[FS-CANON-10] sx:sync last, histories, conflicts, extra",
			`<feed ` + A + ` xmlns:sx="http://feedsync.org/2007/feedsync"><entry><sx:sync><e/><sx:conflicts><f/><entry/></sx:conflicts><sx:history sequence="1"/></sx:sync><id>i</id></entry></feed>`,
			`<entry ` + A + ` xmlns:sx="http://feedsync.org/2007/feedsync"><id>i</id><sx:sync><sx:history sequence="1"/><sx:conflicts><entry/><f/></sx:conflicts><e/></sx:sync></entry>`},
		{"[FS-CANON-12] values and text not rewritten",
			`<feed ` + A + ` xmlns:sx="http://feedsync.org/2007/feedsync"><entry><updated>2008-04-23T13:02:11.5+01:00</updated><sx:sync updates="007" deleted="TRUE"><sx:history when="2008-04-23T13:02:11.000Z" sequence="+1"/></sx:sync></entry></feed>`,
			`<entry ` + A + ` xmlns:sx="http://feedsync.org/2007/feedsync"><updated>2008-04-23T13:02:11.5+01:00</updated><sx:sync deleted="TRUE" updates="007"><sx:history sequence="+1" when="2008-04-23T13:02:11.000Z"/></sx:sync></entry>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := canon(t, tc.in); got != tc.want {
				t.Errorf("\n got %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestEncodeLayout(t *testing.T) {
	t.Run("[FS-ENC-1] document layout", func(t *testing.T) {
		in := `<rss version="2.0"><channel><title>T <b>x</b></title><item><description xml:space="preserve"><p><q/></p></description><sx:sync xmlns:sx="http://feedsync.org/2007/feedsync" id="a"/><c><d/></c></item></channel><sx:sharing xmlns:sx="http://feedsync.org/2007/feedsync"/></rss>`
		want := `<?xml version="1.0" encoding="utf-8"?>
<rss xmlns:sx="http://feedsync.org/2007/feedsync" version="2.0">
  <channel>
    <title>T <b>x</b></title>
    <item>
      <description xml:space="preserve"><p><q/></p></description>
      <c>
        <d/>
      </c>
      <sx:sync id="a"/>
    </item>
  </channel>
  <sx:sharing/>
</rss>
`
		if got := encodeString(t, decodeString(t, in)); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
	t.Run("[FS-CANON-11] sharing first, items last in the host", func(t *testing.T) {
		in := `<feed xmlns="http://www.w3.org/2005/Atom"><entry/><title>t</title><sx:sharing xmlns:sx="http://feedsync.org/2007/feedsync"><x/><sx:related link="l"/></sx:sharing><id>i</id></feed>`
		want := `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync">
  <sx:sharing>
    <sx:related link="l"/>
    <x/>
  </sx:sharing>
  <title>t</title>
  <id>i</id>
  <entry/>
</feed>
`
		if got := encodeString(t, decodeString(t, in)); got != want {
			t.Errorf("got\n%s\nwant\n%s", got, want)
		}
	})
}

func TestEncodeRefuses(t *testing.T) {
	atomRoot := func(kids ...Node) *Element { return el(AtomNamespace, "feed", kids...) }
	tests := []struct {
		name string
		f    *Feed
	}{
		{"[FS-ENC-3] nil root", &Feed{Format: Atom}},
		{"[FS-ENC-3] root does not fit the format", &Feed{Format: RSS, Root: atomRoot()}},
		{"[FS-ENC-3] unknown format", &Feed{Root: atomRoot()}},
		{"[FS-ENC-3] RSS items without channel", &Feed{Format: RSS, Root: el("", "rss"), Items: []*Item{{Element: el("", "item")}}}},
		{"[FS-ENC-3] invalid element name", &Feed{Format: Atom, Root: atomRoot(el("", "a b"))}},
		{"[FS-ENC-3] colon in local name", &Feed{Format: Atom, Root: atomRoot(el("", "a:b"))}},
		{"[FS-ENC-3] control character in text", &Feed{Format: Atom, Root: atomRoot(el("", "a", Text("\x00")))}},
		{"[FS-ENC-3] invalid UTF-8", &Feed{Format: Atom, Root: atomRoot(el("", "a", Text("\xff")))}},
		{"[FS-ENC-3] U+FFFE", &Feed{Format: Atom, Root: atomRoot(el("", "a", Text("\uFFFE")))}},
		{"[FS-ENC-3] duplicate attribute", &Feed{Format: Atom, Root: &Element{Name: xml.Name{Space: AtomNamespace, Local: "feed"}, Attrs: []Attr{{Name: xml.Name{Local: "a"}}, {Name: xml.Name{Local: "a"}}}}}},
		{"[FS-ENC-3] xmlns attribute", &Feed{Format: Atom, Root: &Element{Name: xml.Name{Space: AtomNamespace, Local: "feed"}, Attrs: []Attr{{Name: xml.Name{Local: "xmlns"}, Value: "urn:x"}}}}},
		{"[FS-ENC-3] xmlns namespace", &Feed{Format: Atom, Root: atomRoot(el(xmlnsNamespace, "a"))}},
		{"[FS-ENC-3] nil node", &Feed{Format: Atom, Root: atomRoot(nil)}},
		{"[FS-ENC-3] nil item element", &Feed{Format: Atom, Root: atomRoot(), Items: []*Item{{}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Encode(&b, tc.f); !errors.Is(err, ErrUnencodable) {
				t.Errorf("Encode: %v, want ErrUnencodable", err)
			}
		})
	}
	t.Run("[FS-ENC-3] Canonical of an unencodable item is nil", func(t *testing.T) {
		it := &Item{Element: el("", "item", Text("\x01"))}
		if b := it.Canonical(); b != nil {
			t.Errorf("%q", b)
		}
		if err := EncodeCanonical(&bytes.Buffer{}, it); !errors.Is(err, ErrUnencodable) {
			t.Errorf("%v", err)
		}
	})
}

// TestEncodedAtomIsValid validates encodings of valid Atom feeds against RFC 4287's schema.
func TestEncodedAtomIsValid(t *testing.T) {
	t.Run("[FS-ENC-4] encoded Atom validates against atom.rng", func(t *testing.T) {
		xmllint := testenv.Tool(t, "xmllint", "libxml2-utils")
		schema := testenv.SharedFile(t, "schemas/atom.rng")
		dir := t.TempDir()
		var files []string
		in, err := os.ReadFile("testdata/atom.xml")
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, filepath.Join(dir, "sample.xml"))
		if err := os.WriteFile(files[0], []byte(encodeString(t, decodeString(t, string(in)))), 0o666); err != nil {
			t.Fatal(err)
		}
		n := 0
		rapid.Check(t, func(rt *rapid.T) {
			if n >= 40 {
				return
			}
			f := genAtomFeed(rt)
			var b bytes.Buffer
			if err := Encode(&b, f); err != nil {
				rt.Fatal(err)
			}
			n++
			p := filepath.Join(dir, "gen"+strings.Repeat("x", n)+".xml")
			if err := os.WriteFile(p, b.Bytes(), 0o666); err != nil {
				rt.Fatal(err)
			}
			files = append(files, p)
		})
		out, err := exec.Command(xmllint, append([]string{"--noout", "--relaxng", schema}, files...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("xmllint: %v\n%s", err, out)
		}
	})
}
