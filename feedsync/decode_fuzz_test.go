package feedsync

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzDecode: Decode never panics, and whatever it accepts encodes and decodes back to the
// same model, with idempotent encoding and stable canonical item bytes.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"testdata/atom.xml", "testdata/rss.xml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://www.microsoft.com/schemas/sse"><entry><sx:sync id="1" updates="1"/></entry></feed>`,
		`<rss version="2.0" xmlns:sx="http://www.microsoft.com/schemas/rss/sse"><channel><sx:sharing version="0.91"/></channel></rss>`,
		`<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><rss>&lol2;</rss>`,
		`<feed xmlns="http://www.w3.org/2005/Atom">` + strings.Repeat("<x>", 130) + strings.Repeat("</x>", 130) + `</feed>`,
		`<rss><channel><item><description><![CDATA[<p>a]]]]><![CDATA[>b</p>]]></description></item></channel></rss>`,
		`<a:feed xmlns:a="http://www.w3.org/2005/Atom" xmlns="urn:d"><x xmlns=""><a:entry xmlns:a="urn:other"/></x><a:entry xml:space="preserve"> <y> </y></a:entry></a:feed>`,
		`<feed xmlns="http://www.w3.org/2005/Atom"><title type="xhtml"> <div xmlns="http://www.w3.org/1999/xhtml"> a <b> </b></div></title></feed>`,
		"<rss>\r\n<channel a='x\r\ny\tz&#9;'>&#13;</channel></rss>",
		`<?xml version="1.0" encoding="latin1"?><rss/>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		feed, err := DecodeOptions{MaxBytes: 1 << 16}.Decode(bytes.NewReader(in))
		if err != nil {
			if _, ok := err.(*DecodeError); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
			return
		}
		var enc bytes.Buffer
		if err := Encode(&enc, feed); err != nil {
			t.Fatalf("Encode of a decoded feed: %v", err)
		}
		again, err := Decode(bytes.NewReader(enc.Bytes()))
		if err != nil {
			t.Fatalf("Decode(Encode(f)): %v\n%s", err, enc.Bytes())
		}
		if d := cmp.Diff(feed, again, cmpModel); d != "" {
			t.Fatalf("round trip differs (-f +got):\n%s\n%s", d, enc.Bytes())
		}
		var enc2 bytes.Buffer
		if err := Encode(&enc2, again); err != nil || !bytes.Equal(enc.Bytes(), enc2.Bytes()) {
			t.Fatalf("Encode not idempotent (%v)", err)
		}
		for i, it := range feed.Items {
			if c1, c2 := it.Canonical(), again.Items[i].Canonical(); c1 == nil || !bytes.Equal(c1, c2) {
				t.Fatalf("item %d canonical bytes unstable:\n%s\n%s", i, c1, c2)
			}
		}
	})
}
