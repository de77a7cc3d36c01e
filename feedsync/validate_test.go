package feedsync

import (
	"encoding/xml"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Documents of the table tests have a fixed layout, so that the expected lines can be read off:
// atomFeed puts the body at line 3, entry takes one line for its start tag and required
// children, rssFeed puts the body at line 3 and item takes one line likewise.

const atomHead = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync" xmlns:ex="urn:example:ext">
<id>urn:example:feed</id><title>f</title><updated>2008-01-01T00:00:00Z</updated>
`

func atomFeed(body string) string { return atomHead + body + "</feed>\n" }

func entry(inner string) string {
	return "<entry><id>urn:example:e</id><title>e</title><updated>2008-01-01T00:00:00Z</updated>\n" + inner + "</entry>\n"
}

const rssHead = `<rss version="2.0" xmlns:sx="http://feedsync.org/2007/feedsync" xmlns:ex="urn:example:ext"><channel>
<title>f</title><link>http://example.com/</link><description>d</description>
`

func rssFeed(body string) string { return rssHead + body + "</channel></rss>\n" }

func item(inner string) string { return "<item><title>i</title>\n" + inner + "</item>\n" }

// okSync returns a valid sx:sync of three lines (sync, history, end tag) with the given id.
func okSync(id string) string {
	return `<sx:sync id="` + id + `" updates="1">
<sx:history sequence="1" when="2008-01-01T00:00:00Z" by="ep"/>
</sx:sync>
`
}

// vcase is a table case: a document and the violations it must give exactly, as "LINE ID".
type vcase struct {
	name string
	doc  string
	want []string
}

func decodeForValidate(t testing.TB, doc string) *Feed {
	t.Helper()
	f, err := Decode(strings.NewReader(doc))
	if err != nil {
		t.Fatalf("Decode: %v\n%s", err, numbered(doc))
	}
	return f
}

func numbered(doc string) string {
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimSuffix(doc, "\n"), "\n") {
		b.WriteString(strconv.Itoa(i+1) + "\t" + l + "\n")
	}
	return b.String()
}

func report(vs []Violation) []string {
	out := []string{}
	for _, v := range vs {
		out = append(out, strconv.Itoa(v.Line)+" "+v.Req)
	}
	return out
}

func runCases(t *testing.T, check func(*Feed) []Violation, cases []vcase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := decodeForValidate(t, c.doc)
			got := check(f)
			want := c.want
			if want == nil {
				want = []string{}
			}
			if d := cmp.Diff(want, report(got)); d != "" {
				t.Errorf("report differs (-want +got):\n%s\ngot: %v\ndocument:\n%s", d, got, numbered(c.doc))
			}
		})
	}
}

func TestValidateNamespace(t *testing.T) {
	runCases(t, Validate, []vcase{
		{"[FS-NS-1] another prefix", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:fs="http://feedsync.org/2007/feedsync">
<id>urn:f</id><title>f</title><updated>2008-01-01T00:00:00Z</updated>
<entry><id>urn:e</id><title>e</title><updated>2008-01-01T00:00:00Z</updated>
<fs:sync id="a" updates="x"><fs:history sequence="1" by="ep"/></fs:sync>
</entry>
</feed>
`, []string{"4 FS-LEX-3"}},
		{"[FS-NS-1] default namespace", atomFeed(entry(`<sync xmlns="http://feedsync.org/2007/feedsync" id="a" updates="1">
<history sequence="0" by="ep"/>
</sync>
`)), []string{"5 FS-LEX-3"}},
		{"[FS-NS-1] prefix sx bound to another namespace is foreign markup", atomFeed(entry(`<sx:sync xmlns:sx="urn:example:not-feedsync" id="a b"/>
`)), nil},
		{"[FS-NS-3] unknown element in an item", atomFeed(entry(okSync("a") + "<sx:unpublished/>\n")), []string{"7 FS-NS-3"}},
		{"[FS-NS-3] unknown element in sx:sync", atomFeed(entry(`<sx:sync id="a" updates="1">
<sx:history sequence="1" by="ep"/>
<sx:conflict/>
</sx:sync>
`)), []string{"6 FS-NS-3"}},
		{"[FS-NS-3] unknown element at feed level", atomFeed("<sx:update/>\n"), []string{"3 FS-NS-3"}},
		{"[FS-NS-3] unknown element deep in foreign markup", atomFeed("<ex:a>\n<ex:b><sx:window/></ex:b>\n</ex:a>\n"), []string{"4 FS-NS-3"}},
		{"[FS-NS-3] attribute in the FeedSync namespace on sx:sync", atomFeed(entry(`<sx:sync id="a" updates="1" sx:by="ep">
<sx:history sequence="1" by="ep"/>
</sx:sync>
`)), []string{"4 FS-NS-3"}},
		{"[FS-NS-3] attribute in the FeedSync namespace on an entry", atomFeed(`<entry sx:deleted="true"><id>urn:e</id><title>e</title><updated>2008-01-01T00:00:00Z</updated>
</entry>
`), []string{"3 FS-NS-3"}},
		{"[FS-NS-3] attribute in the FeedSync namespace on the feed", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync" sx:version="1.0">
<id>urn:f</id><title>f</title><updated>2008-01-01T00:00:00Z</updated>
</feed>
`, []string{"1 FS-NS-3"}},
		{"[FS-NS-4] text in sx:sync", atomFeed(entry(`<sx:sync id="a" updates="1">
<sx:history sequence="1" by="ep"/>
oops</sx:sync>
`)), []string{"4 FS-NS-4"}},
		{"[FS-NS-4] text in sx:history", atomFeed(entry(`<sx:sync id="a" updates="1">
<sx:history sequence="1" by="ep">x</sx:history>
</sx:sync>
`)), []string{"5 FS-NS-4"}},
		{"[FS-NS-4] text in sx:sharing and sx:related", atomFeed(`<sx:sharing>text
<sx:related link="http://example.com/" type="complete">more</sx:related>
</sx:sharing>
`), []string{"3 FS-NS-4", "4 FS-NS-4"}},
		{"[FS-NS-4] text in sx:conflicts", atomFeed(entry(`<sx:sync id="a" updates="2">
<sx:history sequence="2" by="ep"/>
<sx:conflicts>x
` + entry(okSync("a")) + `</sx:conflicts>
</sx:sync>
`)), []string{"6 FS-NS-4"}},
		{"[FS-NS-4] whitespace and comments are not character data", atomFeed(entry("<sx:sync id=\"a\" updates=\"1\">\t\r\n<!-- c --><sx:history sequence=\"1\" by=\"ep\">  </sx:history>\n</sx:sync>\n")), nil},
		{"[FS-NS-5] foreign markup everywhere", atomFeed(`<sx:sharing version="0.93" ex:x="1"><ex:y>t</ex:y>
<sx:related link="http://example.com/" type="complete" ex:z="2" window="7"><ex:w/></sx:related>
</sx:sharing>
` + entry(`<ex:before a="b">text</ex:before>
<sx:sync id="a" updates="2" noconflict="true" by="x" ex:q="r">
<sx:history sequence="2" by="ep" ex:s="t" comment="c"><ex:h/></sx:history>
<sx:conflicts ex:c="d" reason="r"><ex:note>n</ex:note>
`+entry(okSync("a"))+`</sx:conflicts>
<ex:after/>
</sx:sync>
`)), nil},
	})
}

func TestDecodeRefusesSSE(t *testing.T) {
	for _, ns := range []string{SSE093Namespace, SSE091Namespace} {
		t.Run("[FS-NS-2] "+ns, func(t *testing.T) {
			doc := `<rss version="2.0" xmlns:sx="` + ns + `"><channel><title>t</title><link>http://example.com/</link><description>d</description>
<sx:sharing/><item><title>i</title><sx:sync id="a" updates="1"/></item></channel></rss>`
			f, err := Decode(strings.NewReader(doc))
			if err == nil {
				t.Fatalf("Decode accepted a document in the namespace %s: %+v", ns, f)
			}
			if !errors.Is(err, ErrSSE) {
				t.Errorf("Decode: %v, want an ErrSSE error", err)
			}
		})
	}
}

func TestValidateLexical(t *testing.T) {
	long := strings.Repeat("a", 1025)
	cases := []vcase{
		{"[FS-LEX-1] empty id", atomFeed(entry(`<sx:sync id="" updates="1"><sx:history sequence="1" by="ep"/></sx:sync>
`)), []string{"4 FS-LEX-1"}},
		{"[FS-LEX-1] blank updates", atomFeed(entry(`<sx:sync id="a" updates=" 	"><sx:history sequence="1" by="ep"/></sx:sync>
`)), []string{"4 FS-LEX-1"}},
		{"[FS-LEX-1] empty deleted and noconflicts", atomFeed(entry(`<sx:sync id="a" updates="1" deleted="" noconflicts=""><sx:history sequence="1" by="ep"/></sx:sync>
`)), []string{"4 FS-LEX-1", "4 FS-LEX-1"}},
		{"[FS-LEX-1] empty sequence, when and by", atomFeed(entry(`<sx:sync id="a" updates="1">
<sx:history sequence="" when="" by=""/>
</sx:sync>
`)), []string{"5 FS-LEX-1", "5 FS-LEX-1", "5 FS-LEX-1"}},
		{"[FS-LEX-1] empty since, until, expires", atomFeed(`<sx:sharing since="" until="" expires=""/>
`), []string{"3 FS-LEX-1", "3 FS-LEX-1", "3 FS-LEX-1"}},
		{"[FS-LEX-1] empty link, type, title", atomFeed(`<sx:sharing>
<sx:related link="" type="" title=" "/>
</sx:sharing>
`), []string{"4 FS-LEX-1", "4 FS-LEX-1", "4 FS-LEX-1"}},
		{"[FS-LEX-2] id with a space", atomFeed(entry(`<sx:sync id="item 1" updates="1"><sx:history sequence="1" by="ep"/></sx:sync>
`)), []string{"4 FS-LEX-2"}},
		{"[FS-LEX-2] id with a non-ASCII letter", atomFeed(entry(`<sx:sync id="café" updates="1"><sx:history sequence="1" by="ep"/></sx:sync>
`)), []string{"4 FS-LEX-2"}},
		{"[FS-LEX-2] id with %00", atomFeed(entry(`<sx:sync id="a%00" updates="1"><sx:history sequence="1" by="ep"/></sx:sync>
`)), []string{"4 FS-LEX-2"}},
		{"[FS-LEX-2] id longer than 1024 octets", atomFeed(entry(`<sx:sync id="` + long + `" updates="1"><sx:history sequence="1" by="ep"/></sx:sync>
`)), []string{"4 FS-LEX-2"}},
		{"[FS-LEX-2] id of 1024 octets and escapes are valid", atomFeed(entry(okSync(long[:1024])+"") + strings.Replace(entry(okSync("a%2Fb(c)")), "urn:example:e", "urn:example:e2", 1)), nil},
		{"[FS-LEX-2] by with a space", atomFeed(entry(`<sx:sync id="a" updates="1">
<sx:history sequence="1" by="ep a"/>
</sx:sync>
`)), []string{"5 FS-LEX-2"}},
		{"[FS-LEX-2] by with a bad escape", atomFeed(entry(`<sx:sync id="a" updates="1">
<sx:history sequence="1" by="ep%2"/>
</sx:sync>
`)), []string{"5 FS-LEX-2"}},
		{"[FS-LEX-4] deleted True", atomFeed(entry(`<sx:sync id="a" updates="1" deleted="True"><sx:history sequence="1" by="ep"/></sx:sync>
`)), []string{"4 FS-LEX-4"}},
		{"[FS-LEX-4] deleted 1, noconflicts FALSE", atomFeed(entry(`<sx:sync id="a" updates="1" deleted="1" noconflicts="FALSE"><sx:history sequence="1" by="ep"/></sx:sync>
`)), []string{"4 FS-LEX-4", "4 FS-LEX-4"}},
		{"[FS-LEX-4] deleted with a space", atomFeed(entry(`<sx:sync id="a" updates="1" deleted="true "><sx:history sequence="1" by="ep"/></sx:sync>
`)), []string{"4 FS-LEX-4"}},
		{"[FS-LEX-4] true and false", atomFeed(entry(`<sx:sync id="a" updates="1" deleted="true" noconflicts="false"><sx:history sequence="1" by="ep"/></sx:sync>
`)), nil},
	}
	for _, s := range []string{"0", "-1", "+1", "01", "00", "2147483648", "99999999999", "4294967297", " 1", "1 ", "1.0", "1e3", "０", "0x1", "١"} {
		cases = append(cases, vcase{"[FS-LEX-3] updates " + strconv.Quote(s), atomFeed(entry(`<sx:sync id="a" updates="` + s + `"><sx:history sequence="1" by="ep"/></sx:sync>
`)), []string{"4 FS-LEX-3"}})
		cases = append(cases, vcase{"[FS-LEX-3] sequence " + strconv.Quote(s), atomFeed(entry(`<sx:sync id="a" updates="1">
<sx:history sequence="` + s + `" by="ep"/>
</sx:sync>
`)), []string{"5 FS-LEX-3"}})
	}
	for _, s := range []string{"1", "9", "10", "2147483647"} {
		cases = append(cases, vcase{"[FS-LEX-3] valid " + s, atomFeed(entry(`<sx:sync id="a" updates="` + s + `">
<sx:history sequence="` + s + `" by="ep"/>
</sx:sync>
`)), nil})
	}
	for _, s := range []string{
		"2008-04-23T10:00:00.5Z", "2008-04-23T10:00:00.000Z", "2008-04-23T10:00:00+00:00", "2008-04-23T10:00:00-08:00",
		"2008-04-23T10:00:00z", "2008-04-23t10:00:00Z", "2008-04-23 10:00:00Z", "2008-04-23T10:00:00", "2008-04-23",
		"2008-04-23T10:00Z", "2008-4-23T10:00:00Z", "2008-02-30T00:00:00Z", "2007-02-29T00:00:00Z", "1900-02-29T00:00:00Z",
		"2008-04-31T00:00:00Z", "2008-13-01T00:00:00Z", "2008-00-01T00:00:00Z", "2008-01-00T00:00:00Z",
		"2008-04-23T24:00:00Z", "2008-04-23T10:60:00Z", "2008-12-31T23:59:60Z", "+2008-04-23T10:00:00Z",
		"20080423T100000Z", " 2008-04-23T10:00:00Z", "2005-05-21T010:43:33Z", "2008-04-23T10:00:0aZ", "Wed, 23 Apr 2008 10:00:00 GMT",
	} {
		cases = append(cases, vcase{"[FS-LEX-5] when " + strconv.Quote(s), atomFeed(entry(`<sx:sync id="a" updates="1">
<sx:history sequence="1" when="` + s + `" by="ep"/>
</sx:sync>
`)), []string{"5 FS-LEX-5"}})
	}
	cases = append(cases, vcase{"[FS-LEX-5] expires with an offset", atomFeed(`<sx:sharing expires="2008-05-01T00:00:00+02:00"/>
`), []string{"3 FS-LEX-5"}})
	for _, s := range []string{"2008-02-29T00:00:00Z", "2000-02-29T23:59:59Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z"} {
		cases = append(cases, vcase{"[FS-LEX-5] valid " + s, atomFeed(`<sx:sharing expires="` + s + `"/>
` + entry(`<sx:sync id="a" updates="1">
<sx:history sequence="1" when="`+s+`"/>
</sx:sync>
`)), nil})
	}
	runCases(t, Validate, cases)
}

func TestValidateSharing(t *testing.T) {
	runCases(t, Validate, []vcase{
		{"[FS-SHARE-1] sx:sharing in an entry", atomFeed(entry(okSync("a") + "<sx:sharing/>\n")), []string{"7 FS-SHARE-1"}},
		{"[FS-SHARE-1] sx:sharing in sx:sync", atomFeed(entry(`<sx:sync id="a" updates="1">
<sx:history sequence="1" by="ep"/>
<sx:sharing/>
</sx:sync>
`)), []string{"6 FS-SHARE-1"}},
		{"[FS-SHARE-1] sx:sharing in foreign markup of the feed", atomFeed("<ex:x>\n<sx:sharing since=\"b\"/>\n</ex:x>\n"), []string{"4 FS-SHARE-1"}},
		{"[FS-SHARE-1] sx:sharing under rss rather than the channel", `<rss version="2.0" xmlns:sx="http://feedsync.org/2007/feedsync">
<sx:sharing/>
<channel><title>f</title><link>http://example.com/</link><description>d</description></channel>
</rss>
`, []string{"2 FS-SHARE-1"}},
		{"[FS-SHARE-1] sx:sharing in the channel", rssFeed(`<sx:sharing since="a" until="b"/>
`), nil},
		{"[FS-SHARE-2] two sx:sharing", atomFeed("<sx:sharing/>\n<sx:sharing since=\"x\"/>\n<sx:sharing/>\n"), []string{"4 FS-SHARE-2", "5 FS-SHARE-2"}},
		{"[FS-SHARE-2] two sx:sharing in RSS", rssFeed("<sx:sharing/>\n<sx:sharing/>\n"), []string{"4 FS-SHARE-2"}},
		{"[FS-SHARE-3] since without until", atomFeed(`<sx:sharing since="2008-01-01T00:00:00Z"/>
`), []string{"3 FS-SHARE-3"}},
		{"[FS-SHARE-3] until without since", atomFeed(`<sx:sharing until="2008-01-01T00:00:00Z"/>
`), []string{"3 FS-SHARE-3"}},
		{"[FS-SHARE-3] blank since counts as present", atomFeed(`<sx:sharing since=" "/>
`), []string{"3 FS-LEX-1", "3 FS-SHARE-3"}},
		{"[FS-SHARE-4] since after until", atomFeed(`<sx:sharing since="2008-01-02T00:00:00Z" until="2008-01-01T00:00:00Z"/>
`), []string{"3 FS-SHARE-4"}},
		{"[FS-SHARE-4] compared as octets", atomFeed(`<sx:sharing since="b" until="B"/>
`), []string{"3 FS-SHARE-4"}},
		{"[FS-SHARE-4] longer is greater", atomFeed(`<sx:sharing since="10" until="1"/>
`), []string{"3 FS-SHARE-4"}},
		{"[FS-SHARE-4] equal and prefix are fine", atomFeed(`<sx:sharing since="7" until="7"/>
`) + "", nil},
		{"[FS-SHARE-4] prefix is smaller", atomFeed(`<sx:sharing since="1" until="10"/>
`), nil},
	})
}

func TestValidateRelated(t *testing.T) {
	cases := []vcase{
		{"[FS-REL-1] sx:related in the feed", atomFeed(`<sx:related link="http://example.com/" type="complete"/>
`), []string{"3 FS-REL-1"}},
		{"[FS-REL-1] sx:related in sx:sync", atomFeed(entry(`<sx:sync id="a" updates="1">
<sx:history sequence="1" by="ep"/>
<sx:related link="http://example.com/" type="complete"/>
</sx:sync>
`)), []string{"6 FS-REL-1"}},
		{"[FS-REL-1] sx:related in sx:related", atomFeed(`<sx:sharing>
<sx:related link="http://example.com/" type="complete"><sx:related link="x" type="y"/></sx:related>
</sx:sharing>
`), []string{"4 FS-REL-1"}},
		{"[FS-REL-2] no link", atomFeed(`<sx:sharing>
<sx:related type="complete"/>
</sx:sharing>
`), []string{"4 FS-REL-2"}},
		{"[FS-REL-3] no type", atomFeed(`<sx:sharing>
<sx:related link="http://example.com/"/>
</sx:sharing>
`), []string{"4 FS-REL-3"}},
	}
	for _, l := range []string{"all.xml", "/feeds/all", "//example.com/feed", "?q=1", "#top", "http://example.com/a b", "http:", ":x", "1http://example.com/", "ht_tp://example.com/", "http://example.com/%zz", "http://example.com/<a>", "http://example.com/\u0085", "mailto:a\tb"} {
		cases = append(cases, vcase{"[FS-REL-2] link " + strconv.Quote(l), atomFeed(`<sx:sharing>
<sx:related link="` + strings.ReplaceAll(strings.ReplaceAll(l, "<", "&lt;"), "\t", "&#9;") + `" type="aggregated"/>
</sx:sharing>
`), []string{"4 FS-REL-2"}})
	}
	for _, l := range []string{"http://example.com/", "https://mesh.example/feeds/1?x=y#z", "urn:uuid:00000000-0000-0000-0000-000000000000", "http://例子.中国/é", "a+b.c-d:x", "http://example.com/%2F"} {
		cases = append(cases, vcase{"[FS-REL-2] valid link " + strconv.Quote(l), atomFeed(`<sx:sharing>
<sx:related link="` + l + `" type="complete" title="All"/>
</sx:sharing>
`), nil})
	}
	for _, ty := range []string{"Complete", "COMPLETE", "aggregate", "partial", "complete ", "complete aggregated"} {
		cases = append(cases, vcase{"[FS-REL-3] type " + strconv.Quote(ty), atomFeed(`<sx:sharing>
<sx:related link="http://example.com/" type="` + ty + `"/>
</sx:sharing>
`), []string{"4 FS-REL-3"}})
	}
	runCases(t, Validate, cases)
}

func TestValidateSync(t *testing.T) {
	runCases(t, Validate, []vcase{
		{"[FS-SYNC-1] sx:sync directly in the feed", atomFeed(okSync("a")), []string{"3 FS-SYNC-1"}},
		{"[FS-SYNC-1] sx:sync in the RSS channel", rssFeed(okSync("a")), []string{"3 FS-SYNC-1"}},
		{"[FS-SYNC-1] sx:sync in foreign markup of an item", atomFeed(entry("<ex:wrap>\n" + okSync("a") + "</ex:wrap>\n")), []string{"5 FS-SYNC-1"}},
		{"[FS-SYNC-1] sx:sync in sx:sharing", atomFeed("<sx:sharing>\n" + okSync("a") + "</sx:sharing>\n"), []string{"4 FS-SYNC-1"}},
		{"[FS-SYNC-1] sx:sync in sx:history", atomFeed(entry(`<sx:sync id="a" updates="1">
<sx:history sequence="1" by="ep"><sx:sync id="b" updates="1"/></sx:history>
</sx:sync>
`)), []string{"5 FS-SYNC-1"}},
		{"[FS-SYNC-2] a second sx:sync", atomFeed(entry(okSync("a") + okSync("b"))), []string{"7 FS-SYNC-2"}},
		{"[FS-SYNC-2] the second sx:sync is not examined", atomFeed(entry(okSync("a") + `<sx:sync id="a b" updates="0"><sx:bogus/></sx:sync>
` + okSync("c"))), []string{"7 FS-SYNC-2", "8 FS-SYNC-2"}},
		{"[FS-SYNC-2] in a conflict item", atomFeed(entry(`<sx:sync id="a" updates="2">
<sx:history sequence="2" by="ep"/>
<sx:conflicts>
` + entry(okSync("a")+okSync("a")) + `</sx:conflicts>
</sx:sync>
`)), []string{"11 FS-SYNC-2"}},
		{"[FS-SYNC-3] no id", atomFeed(entry(`<sx:sync updates="1"><sx:history sequence="1" by="ep"/></sx:sync>
`)), []string{"4 FS-SYNC-3"}},
		{"[FS-SYNC-4] duplicate ids", atomFeed(entry(okSync("a")) + entry(okSync("b")) + entry(okSync("a")) + entry(okSync("a"))), []string{"14 FS-SYNC-4", "19 FS-SYNC-4"}},
		{"[FS-SYNC-4] RSS duplicate ids", rssFeed(item(okSync("a")) + item(okSync("a"))), []string{"9 FS-SYNC-4"}},
		{"[FS-SYNC-4] ids differing in case or escape case are different", atomFeed(entry(okSync("a%2f")) + entry(okSync("a%2F")) + entry(okSync("A%2F"))), nil},
		{"[FS-SYNC-4] an invalid id is not compared", atomFeed(entry(okSync("a b")) + entry(okSync("a b"))), []string{"4 FS-LEX-2", "9 FS-LEX-2"}},
		{"[FS-SYNC-4] conflict items share their item's id", atomFeed(entry(`<sx:sync id="a" updates="2">
<sx:history sequence="2" by="ep"/>
<sx:conflicts>
` + entry(okSync("a")) + entry(okSync("a")) + `</sx:conflicts>
</sx:sync>
`)), nil},
		{"[FS-SYNC-5] no updates", atomFeed(entry(`<sx:sync id="a"><sx:history sequence="1" by="ep"/></sx:sync>
`)), []string{"4 FS-SYNC-5"}},
		{"[FS-SYNC-7] no history", atomFeed(entry(`<sx:sync id="a" updates="1"/>
`)), []string{"4 FS-SYNC-7"}},
		{"[FS-SYNC-7] a history in foreign markup does not count", atomFeed(entry(`<sx:sync id="a" updates="1"><ex:x><sx:history sequence="1" by="ep"/></ex:x></sx:sync>
`)), []string{"4 FS-HIST-1", "4 FS-SYNC-7"}},
		{"[FS-SYNC-8] two sx:conflicts", atomFeed(entry(`<sx:sync id="a" updates="2">
<sx:history sequence="2" by="ep"/>
<sx:conflicts>
` + entry(okSync("a")) + `</sx:conflicts>
<sx:conflicts>
` + entry(okSync("x")) + `</sx:conflicts>
</sx:sync>
`)), []string{"13 FS-SYNC-8"}},
		{"[FS-SYNC-9] noconflict is an unknown attribute", atomFeed(entry(`<sx:sync id="a" updates="1" noconflict="maybe"><sx:history sequence="1" by="ep"/></sx:sync>
`)), nil},
	})
}

func TestValidateHistory(t *testing.T) {
	runCases(t, Validate, []vcase{
		{"[FS-HIST-1] sx:history in an entry", atomFeed(entry(okSync("a") + `<sx:history sequence="1" by="ep"/>
`)), []string{"7 FS-HIST-1"}},
		{"[FS-HIST-1] sx:history in sx:conflicts", atomFeed(entry(`<sx:sync id="a" updates="2">
<sx:history sequence="2" by="ep"/>
<sx:conflicts>
<sx:history sequence="1" by="ep"/>
` + entry(okSync("a")) + `</sx:conflicts>
</sx:sync>
`)), []string{"7 FS-HIST-1"}},
		{"[FS-HIST-1] sx:history in the feed", rssFeed(`<sx:history sequence="1" by="ep"/>
`), []string{"3 FS-HIST-1"}},
		{"[FS-HIST-2] no sequence", atomFeed(entry(`<sx:sync id="a" updates="1">
<sx:history when="2008-01-01T00:00:00Z" by="ep"/>
</sx:sync>
`)), []string{"5 FS-HIST-2"}},
		{"[FS-HIST-3] neither when nor by", atomFeed(entry(`<sx:sync id="a" updates="2">
<sx:history sequence="2" by="ep"/>
<sx:history sequence="1"/>
</sx:sync>
`)), []string{"6 FS-HIST-3"}},
		{"[FS-HIST-3] foreign attributes do not count", atomFeed(entry(`<sx:sync id="a" updates="1">
<sx:history sequence="1" ex:when="2008-01-01T00:00:00Z" By="x"/>
</sx:sync>
`)), []string{"5 FS-HIST-3"}},
		{"[FS-HIST-3] when alone or by alone is enough", atomFeed(entry(`<sx:sync id="a" updates="2">
<sx:history sequence="2" when="2008-01-01T00:00:00Z"/>
<sx:history sequence="1" by="ep"/>
</sx:sync>
`)), nil},
	})
}

// conflictsDoc is an Atom feed with one item "a" whose sx:conflicts holds inner: the
// sx:conflicts start tag is on line 6 and inner starts on line 7.
func conflictsDoc(inner string) string {
	return atomFeed(entry(`<sx:sync id="a" updates="2">
<sx:history sequence="2" when="2008-01-01T00:00:00Z" by="ep"/>
<sx:conflicts>
` + inner + `</sx:conflicts>
</sx:sync>
`))
}

func TestValidateConflicts(t *testing.T) {
	runCases(t, Validate, []vcase{
		{"[FS-CONF-1] sx:conflicts in an entry", atomFeed(entry(okSync("a") + "<sx:conflicts>\n" + entry(okSync("a")) + "</sx:conflicts>\n")), []string{"7 FS-CONF-1"}},
		{"[FS-CONF-1] sx:conflicts in the feed", atomFeed("<sx:conflicts/>\n"), []string{"3 FS-CONF-1"}},
		{"[FS-CONF-2] an RSS item in an Atom feed's conflicts", conflictsDoc(entry(okSync("a")) + "<item xmlns=\"\"><title>t</title>\n" + okSync("a") + "</item>\n"), []string{"12 FS-CONF-2"}},
		{"[FS-CONF-2] an Atom entry in an RSS feed's conflicts", rssFeed(item(`<sx:sync id="a" updates="2">
<sx:history sequence="2" by="ep"/>
<sx:conflicts>
<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:e</id><title>e</title><updated>2008-01-01T00:00:00Z</updated>
` + okSync("a") + `</entry>
</sx:conflicts>
</sx:sync>
`)), []string{"6 FS-CONF-6", "7 FS-CONF-2"}},
		{"[FS-CONF-3] a conflict item without sx:sync", conflictsDoc(entry("")), []string{"7 FS-CONF-3"}},
		{"[FS-CONF-4] a conflict item with another id", conflictsDoc(entry(okSync("a")) + entry(okSync("b"))), []string{"13 FS-CONF-4"}},
		{"[FS-CONF-4] compared as octets", conflictsDoc(entry(okSync("A"))), []string{"8 FS-CONF-4"}},
		{"[FS-CONF-4] an invalid id is reported once", conflictsDoc(entry(okSync("a b"))), []string{"8 FS-LEX-2"}},
		{"[FS-CONF-5] a nested sx:conflicts", conflictsDoc(entry(`<sx:sync id="a" updates="2">
<sx:history sequence="2" by="ep"/>
<sx:conflicts>
` + entry(okSync("a")) + `</sx:conflicts>
</sx:sync>
`)), []string{"10 FS-CONF-5"}},
		{"[FS-CONF-6] an empty sx:conflicts", conflictsDoc(""), []string{"6 FS-CONF-6"}},
		{"[FS-CONF-6] only foreign children", conflictsDoc("<ex:loser/>\n"), []string{"6 FS-CONF-6"}},
		{"[FS-CONF-6] an empty element tag", atomFeed(entry(`<sx:sync id="a" updates="2">
<sx:history sequence="2" by="ep"/>
<sx:conflicts/>
</sx:sync>
`)), []string{"6 FS-CONF-6"}},
		{"[FS-CONF-3] conflict items are checked as items", conflictsDoc(entry(`<sx:sync id="a" updates="0" deleted="yes">
<sx:history sequence="1"/>
</sx:sync>
`)), []string{"8 FS-LEX-3", "8 FS-LEX-4", "9 FS-HIST-3"}},
	})
}

func TestValidateHost(t *testing.T) {
	runCases(t, Validate, []vcase{
		{"[FS-HOST-1] feed without id, title and updated", `<feed xmlns="http://www.w3.org/2005/Atom">
<author><name>a</name></author>
</feed>
`, []string{"1 FS-HOST-1", "1 FS-HOST-1", "1 FS-HOST-1"}},
		{"[FS-HOST-1] feed with two titles", `<feed xmlns="http://www.w3.org/2005/Atom">
<id>urn:f</id><title>f</title><title>g</title><updated>2008-01-01T00:00:00Z</updated>
</feed>
`, []string{"1 FS-HOST-1"}},
		{"[FS-HOST-1] title in another namespace does not count", `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<id>urn:f</id><dc:title>f</dc:title><updated>2008-01-01T00:00:00Z</updated>
</feed>
`, []string{"1 FS-HOST-1"}},
		{"[FS-HOST-2] entry without title", atomFeed(`<entry><id>urn:e</id><updated>2008-01-01T00:00:00Z</updated>
` + okSync("a") + "</entry>\n"), []string{"3 FS-HOST-2"}},
		{"[FS-HOST-2] entry without sx:sync and without id", atomFeed(`<entry><title>t</title><updated>2008-01-01T00:00:00Z</updated></entry>
`), []string{"3 FS-HOST-2"}},
		{"[FS-HOST-2] tombstone with two updated", atomFeed(`<entry><id>urn:e</id><title>t</title><updated>2008-01-01T00:00:00Z</updated><updated>2008-01-01T00:00:00Z</updated>
<sx:sync id="a" updates="2" deleted="true"><sx:history sequence="2" by="ep"/></sx:sync>
</entry>
`), []string{"3 FS-HOST-2"}},
		{"[FS-HOST-2] conflict entry without updated", conflictsDoc(`<entry><id>urn:e</id><title>t</title>
` + okSync("a") + "</entry>\n"), []string{"7 FS-HOST-2"}},
		{"[FS-HOST-3] channel without link and description", `<rss version="2.0"><channel>
<title>t</title>
</channel></rss>
`, []string{"1 FS-HOST-3", "1 FS-HOST-3"}},
		{"[FS-HOST-3] channel on its own line", `<rss version="2.0">
<channel>
<title>t</title><link>http://example.com/</link>
</channel>
</rss>
`, []string{"2 FS-HOST-3"}},
		{"[FS-HOST-3] rss without channel", `<rss version="2.0">
</rss>
`, []string{"1 FS-HOST-3"}},
		{"[FS-HOST-3] rss with two channels", `<rss version="2.0">
<channel><title>t</title><link>http://example.com/</link><description>d</description></channel>
<channel><title>t</title><link>http://example.com/</link><description>d</description></channel>
</rss>
`, []string{"1 FS-HOST-3"}},
		{"[FS-HOST-4] item without title and description", rssFeed("<item><guid>g</guid>\n" + okSync("a") + "</item>\n"), []string{"3 FS-HOST-4"}},
		{"[FS-HOST-4] description alone is enough", rssFeed("<item><description>d</description>\n" + okSync("a") + "</item>\n"), nil},
		{"[FS-HOST-4] conflict item without title", rssFeed(item(`<sx:sync id="a" updates="2">
<sx:history sequence="2" by="ep"/>
<sx:conflicts>
<item>
` + okSync("a") + `</item>
</sx:conflicts>
</sx:sync>
`)), []string{"7 FS-HOST-4"}},
		{"[FS-HOST-5] items without sx:sync", atomFeed(entry("")+entry(okSync("a"))+entry("<ex:x/>\n")) + "", nil},
		{"[FS-HOST-5] RSS items without sx:sync", rssFeed(item("")+item(okSync("a"))) + "", nil},
	})
}

func TestValidateReport(t *testing.T) {
	runCases(t, Validate, []vcase{
		{"[FS-VAL-2] the line of the start tag's <", atomFeed(entry(`<sx:sync
  id="a b"
  updates="1"><sx:history
sequence="1"
by="ep"
when="x"/>
</sx:sync>
`)), []string{"4 FS-LEX-2", "6 FS-LEX-5"}},
		{"[FS-VAL-2] lines after multi-line text and CDATA", atomFeed(`<ex:x>line
line
<![CDATA[
]]>
</ex:x>
` + entry(okSync("a b"))), []string{"9 FS-LEX-2"}},
		{"[FS-VAL-3] a missing attribute is reported once", atomFeed(entry(`<sx:sync><sx:history/></sx:sync>
`)), []string{"4 FS-HIST-2", "4 FS-HIST-3", "4 FS-SYNC-3", "4 FS-SYNC-5"}},
		{"[FS-VAL-3] a blank attribute is not also of the wrong form", atomFeed(entry(`<sx:sync id=" " updates=" " deleted=" "><sx:history sequence=" " when=" " by=" "/></sx:sync>
`)), []string{"4 FS-LEX-1", "4 FS-LEX-1", "4 FS-LEX-1", "4 FS-LEX-1", "4 FS-LEX-1", "4 FS-LEX-1"}},
		{"[FS-VAL-3] since and until are compared only when both are non-blank", atomFeed(`<sx:sharing since="z" until=" "/>
`), []string{"3 FS-LEX-1"}},
		{"[FS-VAL-3] related: absent, then blank, then the value", atomFeed(`<sx:sharing>
<sx:related/>
<sx:related link="" type=""/>
<sx:related link="x" type="y"/>
</sx:sharing>
`), []string{"4 FS-REL-2", "4 FS-REL-3", "5 FS-LEX-1", "5 FS-LEX-1", "6 FS-REL-2", "6 FS-REL-3"}},
		{"[FS-VAL-4] an unknown element is reported once with its content", atomFeed(entry(okSync("a") + `<sx:unpublished sx:x="1">
<sx:sync id="a b"/><sx:history/>text
</sx:unpublished>
`)), []string{"7 FS-NS-3"}},
		{"[FS-VAL-4] a misplaced element is reported once with its content", atomFeed(`<sx:conflicts>
<entry><sx:sync id="a b" updates="x"/><sx:bogus/></entry>
</sx:conflicts>
`), []string{"3 FS-CONF-1"}},
		{"[FS-VAL-5] the report is ordered by line, then ID", atomFeed(`<sx:sharing since="b" until="a" expires="x">
<sx:related link="rel" type="t"/>
</sx:sharing>
` + entry(`<sx:sync id="a b" updates="0" deleted="x">
<sx:history sequence="x"/>
</sx:sync>
`)), []string{"3 FS-LEX-5", "3 FS-SHARE-4", "4 FS-REL-2", "4 FS-REL-3", "7 FS-LEX-2", "7 FS-LEX-3", "7 FS-LEX-4", "8 FS-HIST-3", "8 FS-LEX-3"}},
	})
}

func TestWarnings(t *testing.T) {
	runCases(t, Warnings, []vcase{
		{"[FS-SHARE-5] since and until that are not date-times", atomFeed(`<sx:sharing since="1" until="2"/>
`), []string{"3 FS-SHARE-5", "3 FS-SHARE-5"}},
		{"[FS-SHARE-5] date-times", atomFeed(`<sx:sharing since="2008-01-01T00:00:00Z" until="2008-01-02T00:00:00Z"/>
`), nil},
		{"[FS-SYNC-10] noconflict", atomFeed(entry(`<sx:sync id="a" updates="1" noconflict="true"><sx:history sequence="1" when="2008-01-01T00:00:00Z" by="ep"/></sx:sync>
`)), []string{"4 FS-SYNC-10"}},
		{"[FS-HIST-4] when or by missing", atomFeed(entry(`<sx:sync id="a" updates="3">
<sx:history sequence="3" when="2008-01-01T00:00:00Z"/>
<sx:history sequence="2" by="ep"/>
<sx:history sequence="1" when="2008-01-01T00:00:00Z" by="ep"/>
</sx:sync>
`)), []string{"5 FS-HIST-4", "6 FS-HIST-4"}},
		{"[FS-HIST-5] topmost sequence is not updates", atomFeed(entry(`<sx:sync id="a" updates="3">
<sx:history sequence="4" when="2008-01-01T00:00:00Z" by="ep"/>
<sx:history sequence="3" when="2008-01-01T00:00:00Z" by="ep"/>
</sx:sync>
`)), []string{"5 FS-HIST-5"}},
		{"[FS-CONF-7] duplicate conflict items", conflictsDoc(entry(okSync("a")) + entry(okSync("a")) + strings.Replace(entry(okSync("a")), "<title>e</title>", "<title>f</title>", 1)), []string{"12 FS-CONF-7"}},
		{"[FS-CONF-7] attribute order and whitespace do not matter", conflictsDoc(entry(okSync("a")) + "<entry><id>urn:example:e</id>  <title>e</title><updated>2008-01-01T00:00:00Z</updated>" + `<sx:sync updates="1" id="a"><sx:history by="ep" when="2008-01-01T00:00:00Z" sequence="1"/></sx:sync></entry>
`), []string{"12 FS-CONF-7"}},
		{"[FS-CONF-8] noconflicts with conflicts", atomFeed(entry(`<sx:sync id="a" updates="2" noconflicts="true">
<sx:history sequence="2" when="2008-01-01T00:00:00Z" by="ep"/>
<sx:conflicts>
` + entry(okSync("a")) + `</sx:conflicts>
</sx:sync>
`)), []string{"6 FS-CONF-8"}},
		{"[FS-VAL-7] warnings do not repeat violations", atomFeed(entry(`<sx:sync id="a" updates="x">
<sx:history/>
</sx:sync>
`)), nil},
	})
}

// TestShouldIsNotViolation checks that documents whose only findings are SHOULD-level pass
// Validate and do have warnings.
func TestShouldIsNotViolation(t *testing.T) {
	doc := atomFeed(`<sx:sharing since="a" until="b"/>
` + entry(`<sx:sync id="a" updates="2" noconflict="true" noconflicts="true">
<sx:history sequence="3" by="ep"/>
<sx:conflicts>
`+entry(okSync("a"))+entry(okSync("a"))+`</sx:conflicts>
</sx:sync>
`))
	t.Run("[FS-VAL-6] SHOULD-level findings are not violations", func(t *testing.T) {
		f := decodeForValidate(t, doc)
		if vs := Validate(f); len(vs) != 0 {
			t.Errorf("Validate: %v", vs)
		}
		got := map[string]bool{}
		for _, w := range Warnings(f) {
			got[w.Req] = true
		}
		for _, id := range []string{"FS-SHARE-5", "FS-SYNC-10", "FS-HIST-4", "FS-HIST-5", "FS-CONF-7", "FS-CONF-8"} {
			if !got[id] {
				t.Errorf("Warnings does not report %s: %v", id, Warnings(f))
			}
		}
	})
}

func TestViolationString(t *testing.T) {
	v := Violation{Req: "FS-SYNC-5", Line: 12, Msg: "sx:sync has no updates"}
	if got, want := v.String(), "12: [FS-SYNC-5] sx:sync has no updates"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestAccessors(t *testing.T) {
	f := decodeForValidate(t, atomFeed(`<sx:sharing since="2008-01-01T00:00:00Z" until="2008-01-02T00:00:00Z" expires="2008-02-29T12:00:00Z">
<sx:related link="http://example.com/all" type="complete" title="All"/>
<sx:related link="rel" type="Complete"/>
</sx:sharing>
`+entry(`<sx:sync id="task-1" updates="2147483647" deleted="true" noconflicts="true">
<sx:history sequence="2147483647" when="2008-04-23T10:07:00Z" by="ep-b"/>
<sx:history sequence="1" when="2008-04-23T10:00:00.5Z" by="ep a"/>
</sx:sync>
`)+entry(`<sx:sync id="task 2" updates="01" noconflict="true">
<sx:history sequence="x"/>
</sx:sync>
`)+entry(`<sx:sync id="task-3" updates="1" deleted="false" noconflicts="false"><sx:history sequence="1" by="e"/></sx:sync>
`)))
	s := f.Items[0].Sync
	if id, ok := s.ID(); id != "task-1" || !ok {
		t.Errorf("ID() = %q, %v", id, ok)
	}
	if n, ok := s.Updates(); n != 2147483647 || !ok {
		t.Errorf("Updates() = %d, %v", n, ok)
	}
	if !s.Deleted() || !s.NoConflicts() {
		t.Errorf("Deleted() = %v, NoConflicts() = %v, want true, true", s.Deleted(), s.NoConflicts())
	}
	h := s.Topmost()
	if n, ok := h.Sequence(); n != 2147483647 || !ok {
		t.Errorf("Sequence() = %d, %v", n, ok)
	}
	if w, ok := h.When(); !ok || w.Format(DateTimeLayout) != "2008-04-23T10:07:00Z" || w.Location().String() != "UTC" {
		t.Errorf("When() = %v, %v", w, ok)
	}
	if b, ok := h.By(); b != "ep-b" || !ok {
		t.Errorf("By() = %q, %v", b, ok)
	}
	if _, ok := s.Histories[1].When(); ok {
		t.Error("When() accepted a fractional second")
	}
	if _, ok := s.Histories[1].By(); ok {
		t.Error("By() accepted a space")
	}
	s2 := f.Items[1].Sync
	if _, ok := s2.ID(); ok {
		t.Error("ID() accepted a space")
	}
	if _, ok := s2.Updates(); ok {
		t.Error("Updates() accepted a leading zero")
	}
	if _, ok := s2.Topmost().Sequence(); ok {
		t.Error("Sequence() accepted x")
	}
	if _, ok := s2.Topmost().When(); ok {
		t.Error("When() of an absent when")
	}
	t.Run("[FS-SYNC-6] absent deleted and noconflicts are false", func(t *testing.T) {
		if s2.Deleted() || s2.NoConflicts() {
			t.Errorf("Deleted() = %v, NoConflicts() = %v", s2.Deleted(), s2.NoConflicts())
		}
		s3 := f.Items[2].Sync
		if s3.Deleted() || s3.NoConflicts() {
			t.Errorf("explicit false: Deleted() = %v, NoConflicts() = %v", s3.Deleted(), s3.NoConflicts())
		}
	})
	t.Run("[FS-SYNC-9] noconflict is not noconflicts", func(t *testing.T) {
		if s2.NoConflicts() {
			t.Error("NoConflicts() read noconflict")
		}
	})
	sh := f.Sharing
	if v, ok := sh.Since(); v != "2008-01-01T00:00:00Z" || !ok {
		t.Errorf("Since() = %q, %v", v, ok)
	}
	if v, ok := sh.Until(); v != "2008-01-02T00:00:00Z" || !ok {
		t.Errorf("Until() = %q, %v", v, ok)
	}
	if e, ok := sh.Expires(); !ok || FormatDateTime(e) != "2008-02-29T12:00:00Z" {
		t.Errorf("Expires() = %v, %v", e, ok)
	}
	r := sh.Related
	if l, ok := r[0].Link(); l != "http://example.com/all" || !ok || r[0].Type() != "complete" {
		t.Errorf("Link() = %q, %v; Type() = %q", l, ok, r[0].Type())
	}
	if ti, ok := r[0].Title(); ti != "All" || !ok {
		t.Errorf("Title() = %q, %v", ti, ok)
	}
	if _, ok := r[1].Link(); ok || r[1].Type() != "" {
		t.Errorf("related 2: Link ok %v, Type %q", ok, r[1].Type())
	}
	if _, ok := r[1].Title(); ok {
		t.Error("Title() of an absent title")
	}
	if (&Sync{}).Topmost() != nil {
		t.Error("Topmost() of an empty sync")
	}
}

func TestFormatDateTime(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2008-04-23T12:07:00.999+02:00", "2008-04-23T10:07:00Z"},
		{"0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"},
		{"9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"},
	} {
		tm, err := timeParse(c.in)
		if err != nil {
			t.Fatal(err)
		}
		got := FormatDateTime(tm)
		if got != c.want {
			t.Errorf("FormatDateTime(%s) = %q, want %q", c.in, got, c.want)
		}
		if _, ok := lexDateTime(got); !ok {
			t.Errorf("FormatDateTime(%s) = %q is not a valid date-time", c.in, got)
		}
	}
	tm, _ := timeParse("9999-12-31T23:59:59Z")
	if got := FormatDateTime(tm.AddDate(1, 0, 0)); got != "" {
		t.Errorf("year 10000: %q", got)
	}
}

// TestValidateCodeModels: Validate accepts models built in code, nil pointers included, and
// reports line 0 for them.
func TestValidateCodeModels(t *testing.T) {
	atomRoot := func() *Element {
		return &Element{Name: atomName("feed"), Children: []Node{
			&Element{Name: atomName("id"), Children: []Node{Text("urn:f")}},
			&Element{Name: atomName("title")},
			&Element{Name: atomName("updated"), Children: []Node{Text("2008-01-01T00:00:00Z")}},
		}}
	}
	models := map[string]*Feed{
		"nil":                    nil,
		"empty":                  {},
		"atom nil root":          {Format: Atom},
		"rss nil root":           {Format: RSS},
		"unknown format":         {Format: 9, Root: atomRoot()},
		"nil item":               {Format: Atom, Root: atomRoot(), Items: []*Item{nil}},
		"nil item element":       {Format: Atom, Root: atomRoot(), Items: []*Item{{}}},
		"nil rss item element":   {Format: RSS, Root: &Element{Name: xmlName("rss")}, Items: []*Item{{}}},
		"nil children":           {Format: Atom, Root: &Element{Name: atomName("feed"), Children: []Node{nil, (*Element)(nil), Text("x")}}},
		"empty sync":             {Format: Atom, Root: atomRoot(), Items: []*Item{{Element: &Element{Name: atomName("entry")}, Sync: &Sync{}}}},
		"nil histories":          {Format: Atom, Root: atomRoot(), Items: []*Item{{Element: &Element{Name: atomName("entry")}, Sync: &Sync{Histories: []*History{nil}, Conflicts: &Conflicts{Items: []*Item{nil, {}}}}}}},
		"nil related":            {Format: Atom, Root: atomRoot(), Sharing: &Sharing{Related: []*Related{nil}, Extra: []Node{nil}}},
		"sharing in container":   {Format: Atom, Root: &Element{Name: atomName("feed"), Children: []Node{&Element{Name: sxName("sharing")}}}},
		"conflict without sync":  {Format: Atom, Root: atomRoot(), Items: []*Item{{Element: &Element{Name: atomName("entry")}, Sync: &Sync{Attrs: []Attr{{Name: xmlName("id"), Value: "a"}}, Conflicts: &Conflicts{Items: []*Item{{Element: &Element{}, Sync: &Sync{Conflicts: &Conflicts{}}}}}}}}},
		"generic sync in a bare": {Format: RSS, Root: &Element{Name: xmlName("rss"), Children: []Node{&Element{Name: xmlName("channel")}}}, Items: []*Item{{Element: &Element{Name: xmlName("item"), Children: []Node{&Element{Name: sxName("sync")}, &Element{Name: sxName("sync")}}}}}},
	}
	for name, f := range models {
		t.Run(name, func(t *testing.T) {
			vs := Validate(f)
			for _, v := range vs {
				if v.Line != 0 || v.Req == "" {
					t.Errorf("violation %v of a model built in code", v)
				}
			}
			if !slices.IsSortedFunc(vs, func(a, b Violation) int { return strings.Compare(a.Req+"\x00"+a.Msg, b.Req+"\x00"+b.Msg) }) {
				t.Errorf("not sorted: %v", vs)
			}
			_ = Warnings(f)
		})
	}
	if vs := Validate(nil); len(vs) != 1 || vs[0].Req != "FS-HOST-1" {
		t.Errorf("Validate(nil) = %v", vs)
	}
}

func atomName(local string) xml.Name { return xml.Name{Space: AtomNamespace, Local: local} }
func sxName(local string) xml.Name   { return xml.Name{Space: Namespace, Local: local} }
func xmlName(local string) xml.Name  { return xml.Name{Local: local} }

func timeParse(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }
