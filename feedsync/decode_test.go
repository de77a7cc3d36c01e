package feedsync

import (
	"bytes"
	"encoding/xml"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const (
	atomOpen = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync">`
	atomEnd  = `</feed>`
)

func TestDecodeErrors(t *testing.T) {
	deep := strings.Repeat("<a>", 200) + strings.Repeat("</a>", 200)
	tests := []struct {
		name string
		in   string
		opt  DecodeOptions
		kind error
		req  string
		line int
	}{
		{name: "[FS-DEC-1] latin-1 declared", in: `<?xml version="1.0" encoding="ISO-8859-1"?>` + atomOpen + atomEnd, kind: ErrEncoding, req: "FS-DEC-1"},
		{name: "[FS-DEC-1] UTF-16 BOM", in: "\xff\xfe<\x00f\x00", kind: ErrEncoding, req: "FS-DEC-1"},
		{name: "[FS-DEC-2] invalid UTF-8", in: atomOpen + "<title>\xff</title>" + atomEnd, kind: ErrSyntax, req: "FS-DEC-2"},
		{name: "[FS-DEC-2] undefined entity", in: atomOpen + "<title>&nbsp;</title>" + atomEnd, kind: ErrSyntax, req: "FS-DEC-2"},
		{name: "[FS-DEC-2] mismatched end tag", in: atomOpen + "\n<title></titel>" + atomEnd, kind: ErrSyntax, req: "FS-DEC-2", line: 2},
		{name: "[FS-DEC-2] unclosed", in: atomOpen + "<title>", kind: ErrSyntax, req: "FS-DEC-2"},
		{name: "[FS-DEC-2] undeclared prefix", in: atomOpen + "\n\n<p:x/>" + atomEnd, kind: ErrSyntax, req: "FS-DEC-2", line: 3},
		{name: "[FS-DEC-2] duplicate expanded attribute", in: atomOpen + `<x xmlns:a="urn:1" xmlns:b="urn:1" a:y="1" b:y="2"/>` + atomEnd, kind: ErrSyntax, req: "FS-DEC-2"},
		{name: "[FS-DEC-2] prefix undeclared", in: atomOpen + `<x xmlns:a=""/>` + atomEnd, kind: ErrSyntax, req: "FS-DEC-2"},
		{name: "[FS-DEC-2] second document element", in: atomOpen + atomEnd + atomOpen + atomEnd, kind: ErrSyntax, req: "FS-DEC-2"},
		{name: "[FS-DEC-2] text after the document element", in: atomOpen + atomEnd + "x", kind: ErrSyntax, req: "FS-DEC-2"},
		{name: "[FS-DEC-2] control character", in: atomOpen + "<title>&#1;</title>" + atomEnd, kind: ErrSyntax, req: "FS-DEC-2"},
		{name: "[FS-DEC-2] colon in local name", in: atomOpen + "<a:b:c xmlns:a='urn:a'/>" + atomEnd, kind: ErrSyntax, req: "FS-DEC-2"},
		{name: "[FS-DEC-2] empty", in: "", kind: ErrSyntax, req: "FS-DEC-2"},
		{name: "[FS-DEC-3] DOCTYPE", in: "<!DOCTYPE feed>" + atomOpen + atomEnd, kind: ErrDTD, req: "FS-DEC-3"},
		{name: "[FS-DEC-3] entity declaration", in: `<!DOCTYPE feed [<!ENTITY a "aaaa">]>` + atomOpen + "&a;" + atomEnd, kind: ErrDTD, req: "FS-DEC-3"},
		{name: "[FS-DEC-4] SSE 0.93 on the root", in: `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://www.microsoft.com/schemas/sse"/>`, kind: ErrSSE, req: "FS-DEC-4"},
		{name: "[FS-DEC-4] SSE 0.91 deep inside", in: "<rss><channel>\n<item><x xmlns=\"http://www.microsoft.com/schemas/rss/sse\"/></item></channel></rss>", kind: ErrSSE, req: "FS-DEC-4", line: 2},
		{name: "[FS-DEC-5] Atom entry document", in: `<entry xmlns="http://www.w3.org/2005/Atom"/>`, kind: ErrNotFeed, req: "FS-DEC-5"},
		{name: "[FS-DEC-5] rss in a namespace", in: `<rss xmlns="urn:x"/>`, kind: ErrNotFeed, req: "FS-DEC-5"},
		{name: "[FS-DEC-5] RDF", in: `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>`, kind: ErrNotFeed, req: "FS-DEC-5"},
		{name: "[FS-DEC-6] depth", in: atomOpen + deep + atomEnd, kind: ErrLimit, req: "FS-DEC-6"},
		{name: "[FS-DEC-6] depth option", in: atomOpen + "<a><b/></a>" + atomEnd, opt: DecodeOptions{MaxDepth: 2}, kind: ErrLimit, req: "FS-DEC-6"},
		{name: "[FS-DEC-6] attribute length", in: atomOpen + `<a b="12345"/>` + atomEnd, opt: DecodeOptions{MaxAttrLen: 4}, kind: ErrLimit, req: "FS-DEC-6"},
		{name: "[FS-DEC-6] attributes", in: atomOpen + `<a b="1" c="2" d="3"/>` + atomEnd, opt: DecodeOptions{MaxAttrs: 2}, kind: ErrLimit, req: "FS-DEC-6"},
		{name: "[FS-DEC-6] name length", in: atomOpen + `<abcdef/>` + atomEnd, opt: DecodeOptions{MaxNameLen: 5}, kind: ErrLimit, req: "FS-DEC-6"},
		{name: "[FS-DEC-6] items", in: atomOpen + `<entry/><entry><sx:sync><sx:conflicts><entry/></sx:conflicts></sx:sync></entry>` + atomEnd, opt: DecodeOptions{MaxItems: 2}, kind: ErrLimit, req: "FS-DEC-6"},
		{name: "[FS-DEC-7] size is checked first", in: "<!DOCTYPE x>" + atomOpen + atomEnd, opt: DecodeOptions{MaxBytes: 20}, kind: ErrLimit, req: "FS-DEC-7"},
		{name: "[FS-DEC-7] first failure in document order", in: atomOpen + "\n<!DOCTYPE x>\n<x xmlns='http://www.microsoft.com/schemas/sse'/>" + atomEnd, kind: ErrDTD, req: "FS-DEC-3", line: 2},
		{name: "[FS-DEC-7] limit before namespace at one tag", in: atomOpen + `<p:a b="1" c="2" d="3"/>` + atomEnd, opt: DecodeOptions{MaxAttrs: 2}, kind: ErrLimit, req: "FS-DEC-6"},
		{name: "[FS-DEC-7] SSE before not-a-feed at the root", in: `<x xmlns="http://www.microsoft.com/schemas/sse"/>`, kind: ErrSSE, req: "FS-DEC-4"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := tc.opt.Decode(strings.NewReader(tc.in))
			if err == nil {
				t.Fatalf("decoded %+v, want %v", f, tc.kind)
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %T %v is not a *DecodeError", err, err)
			}
			if !errors.Is(err, tc.kind) || de.Req != tc.req {
				t.Errorf("got %v (kind %v, req %s), want kind %v req %s", err, de.Kind, de.Req, tc.kind, tc.req)
			}
			if tc.line != 0 && de.Line != tc.line {
				t.Errorf("line %d, want %d (%v)", de.Line, tc.line, err)
			}
		})
	}
	t.Run("[FS-DEC-4] message names the version", func(t *testing.T) {
		_, err := Decode(strings.NewReader(`<rss xmlns:sx="http://www.microsoft.com/schemas/rss/sse"/>`))
		if err == nil || !strings.Contains(err.Error(), "SSE 0.91") {
			t.Errorf("%v", err)
		}
	})
	t.Run("[FS-DEC-9] error names line and requirement", func(t *testing.T) {
		_, err := Decode(strings.NewReader(atomOpen + "\n\n<a></b>" + atomEnd))
		if err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "FS-DEC-2") {
			t.Errorf("%v", err)
		}
	})
}

func TestDecodeAccepts(t *testing.T) {
	ok := []struct{ name, in string }{
		{"[FS-DEC-1] UTF-8 BOM", "\xef\xbb\xbf" + atomOpen + atomEnd},
		{"[FS-DEC-1] no XML declaration", atomOpen + atomEnd},
		{"[FS-DEC-1] utf-8 in any case", `<?xml version="1.0" encoding="Utf-8"?>` + atomOpen + atomEnd},
		{"[FS-DEC-6] at the limits", atomOpen + strings.Repeat("<a>", 127) + strings.Repeat("</a>", 127) + `<x b="` + strings.Repeat("v", 65536) + `"/>` + atomEnd},
		{"[FS-DEC-8] FeedSync errors decode", atomOpen + `<entry><sx:sync id="a b" updates="0"/><sx:sync/></entry><entry/><sx:history/><sx:sharing/><sx:sharing/>` + atomEnd},
		{"[FS-DEC-8] RSS without channel", `<rss version="2.0"><item/></rss>`},
	}
	for _, tc := range ok {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Decode(strings.NewReader(tc.in)); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("[FS-DEC-6] exactly MaxBytes", func(t *testing.T) {
		in := atomOpen + atomEnd
		if _, err := (DecodeOptions{MaxBytes: int64(len(in))}).Decode(strings.NewReader(in)); err != nil {
			t.Fatal(err)
		}
		if _, err := (DecodeOptions{MaxBytes: int64(len(in) - 1)}).Decode(strings.NewReader(in)); !errors.Is(err, ErrLimit) {
			t.Fatal(err)
		}
	})
}

func el(space, local string, kids ...Node) *Element {
	return &Element{Name: xml.Name{Space: space, Local: local}, Children: nonEmpty(kids)}
}

func TestDecodeModel(t *testing.T) {
	A := AtomNamespace
	tests := []struct {
		name string
		in   string // inside an Atom feed
		want *Feed
	}{
		{"[FS-DEC-10] names resolved, prefixes dropped, values normalized",
			`<p:x xmlns:p="urn:p" p:a="1&#9;2` + "\t3\r\n4" + `" b="&lt;&quot;"/>`,
			&Feed{Format: Atom, Root: el(A, "feed", &Element{Name: xml.Name{Space: "urn:p", Local: "x"}, Attrs: []Attr{
				{Name: xml.Name{Space: "urn:p", Local: "a"}, Value: "1\t2 3 4"}, {Name: xml.Name{Local: "b"}, Value: `<"`}}})}},
		{"[FS-DEC-11] whitespace dropped in element content only",
			"<a>\n <b> </b>\n</a><c> x <d/> </c>",
			&Feed{Format: Atom, Root: el(A, "feed", el(A, "a", el(A, "b")), el(A, "c", Text(" x "), el(A, "d"), Text(" ")))}},
		{"[FS-DEC-11] xml:space and xhtml preserve",
			`<a xml:space="preserve"> <b xml:space="default"> </b><c> </c></a><title type="xhtml"> <div xml:space="default"> </div></title>`,
			&Feed{Format: Atom, Root: el(A, "feed",
				&Element{Name: xml.Name{Space: A, Local: "a"}, Attrs: []Attr{{Name: xml.Name{Space: XMLNamespace, Local: "space"}, Value: "preserve"}},
					Children: []Node{Text(" "), &Element{Name: xml.Name{Space: A, Local: "b"}, Attrs: []Attr{{Name: xml.Name{Space: XMLNamespace, Local: "space"}, Value: "default"}}}, el(A, "c", Text(" "))}},
				&Element{Name: xml.Name{Space: A, Local: "title"}, Attrs: []Attr{{Name: xml.Name{Local: "type"}, Value: "xhtml"}},
					Children: []Node{Text(" "), &Element{Name: xml.Name{Space: A, Local: "div"}, Attrs: []Attr{{Name: xml.Name{Space: XMLNamespace, Local: "space"}, Value: "default"}}, Children: []Node{Text(" ")}}}})}},
		{"[FS-DEC-12] CDATA, references and text split by comments merge",
			`<a>x<![CDATA[<y>]]>&amp;<!--c-->z<?pi?>&#x20AC;</a>`,
			&Feed{Format: Atom, Root: el(A, "feed", el(A, "a", Text("x<y>&z€")))}},
		{"[FS-DEC-12] text adjacent after sx:sync is taken out",
			`<entry>a<sx:sync/>b</entry>`,
			&Feed{Format: Atom, Root: el(A, "feed"), Items: []*Item{{Element: el(A, "entry", Text("ab")), Sync: &Sync{}}}}},
		{"[FS-DEC-13] comments and PIs dropped",
			"<!-- c --><?x y?><a><!--c--></a>",
			&Feed{Format: Atom, Root: el(A, "feed", el(A, "a"))}},
		{"[FS-DEC-14] FeedSync elements in their places, the rest generic",
			`<sx:sharing since="s"><sx:related link="l"/><x/></sx:sharing><sx:sharing/>` +
				`<entry><sx:sync id="i"><sx:history sequence="1"/><y/><sx:conflicts><entry><sx:sync/></entry><z/></sx:conflicts><sx:history sequence="0"/><sx:conflicts/></sx:sync><sx:sync/></entry>` +
				`<entry><title>no sync</title></entry><sx:history/>`,
			&Feed{Format: Atom,
				Root: el(A, "feed", el(Namespace, "sharing"), el(Namespace, "history")),
				Sharing: &Sharing{Attrs: []Attr{{Name: xml.Name{Local: "since"}, Value: "s"}},
					Related: []*Related{{Attrs: []Attr{{Name: xml.Name{Local: "link"}, Value: "l"}}}}, Extra: []Node{el(A, "x")}},
				Items: []*Item{
					{Element: el(A, "entry", el(Namespace, "sync")), Sync: &Sync{
						Attrs:     []Attr{{Name: xml.Name{Local: "id"}, Value: "i"}},
						Histories: []*History{{Attrs: []Attr{{Name: xml.Name{Local: "sequence"}, Value: "1"}}}, {Attrs: []Attr{{Name: xml.Name{Local: "sequence"}, Value: "0"}}}},
						Conflicts: &Conflicts{Items: []*Item{{Element: el(A, "entry"), Sync: &Sync{}}}, Extra: []Node{el(A, "z")}},
						Extra:     []Node{el(A, "y"), el(Namespace, "conflicts")},
					}},
					{Element: el(A, "entry", el(A, "title", Text("no sync")))},
				}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := decodeString(t, atomOpen+tc.in+atomEnd)
			if d := cmp.Diff(tc.want, got, cmpModel); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	t.Run("[FS-DEC-14] RSS: first channel is the host", func(t *testing.T) {
		got := decodeString(t, `<rss><channel><item/><sx:sharing xmlns:sx="`+Namespace+`"/></channel><channel><item/></channel></rss>`)
		want := &Feed{Format: RSS, Root: el("", "rss", el("", "channel"), el("", "channel", el("", "item"))),
			Sharing: &Sharing{}, Items: []*Item{{Element: el("", "item")}}}
		if d := cmp.Diff(want, got, cmpModel); d != "" {
			t.Errorf("(-want +got):\n%s", d)
		}
	})
	t.Run("[FS-DEC-11] preserve context restarts at items", func(t *testing.T) {
		got := decodeString(t, `<feed xmlns="`+A+`" xml:space="preserve"> <entry> <a> </a></entry></feed>`)
		if len(got.Items) != 1 || got.Items[0].Element.Children[0].(*Element).Children != nil {
			t.Errorf("whitespace inside the item kept: %#v", got.Items[0].Element)
		}
		if len(got.Root.Children) != 1 {
			t.Errorf("whitespace in the preserving feed dropped: %#v", got.Root.Children)
		}
	})
	t.Run("[FS-DEC-9] lines recorded", func(t *testing.T) {
		got := decodeString(t, atomOpen+"\n<entry>\n<sx:sync>\n<sx:history/>\n</sx:sync></entry>"+atomEnd)
		it := got.Items[0]
		if it.Element.Line != 2 || it.Sync.Line != 3 || it.Sync.Histories[0].Line != 4 || got.Root.Line != 1 {
			t.Errorf("lines %d %d %d", it.Element.Line, it.Sync.Line, it.Sync.Histories[0].Line)
		}
	})
}

// TestDecodeDoesNotReadPastLimit checks that at most MaxBytes+1 bytes are read.
func TestDecodeDoesNotReadPastLimit(t *testing.T) {
	t.Run("[FS-DEC-6] bounded read", func(t *testing.T) {
		r := &countingReader{r: bytes.NewReader(make([]byte, 1<<20))}
		_, err := DecodeOptions{MaxBytes: 1000}.Decode(r)
		if !errors.Is(err, ErrLimit) || r.n > 1001+512 {
			t.Errorf("err %v after reading %d bytes", err, r.n)
		}
	})
}

type countingReader struct {
	r interface{ Read([]byte) (int, error) }
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
