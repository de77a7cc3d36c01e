package conformance

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/livemesh-spec/livemesh/feedsync"
)

// Faulty FeedSync document codecs: the reference, with decoding, validation or encoding
// changed in one place, as an implementer could get it wrong.

func init() {
	faultyShims = append(faultyShims,
		faultyShim{
			impl:     fsUpperBoolImpl{},
			bug:      "deleted and noconflicts are compared without regard to case (strings.EqualFold), so True and FALSE are accepted",
			caughtBy: []string{"codec/feedsync/lex/boolean-case"},
		},
		faultyShim{
			impl:     fsSortedHistoriesImpl{},
			bug:      "histories are kept sorted by sequence, oldest first, so the canonical bytes lose their order",
			caughtBy: []string{"codec/feedsync/canon/history-order", "codec/feedsync/canon/lexical-variants"},
		},
		faultyShim{
			impl:     fsKeepWhitespaceImpl{},
			bug:      "whitespace between elements of an item is kept as text, as if every item were in a preserve context",
			caughtBy: []string{"codec/feedsync/canon/whitespace", "codec/feedsync/canon/item-context", "codec/feedsync/canon/lexical-variants"},
		},
		faultyShim{
			impl:     fsNoDuplicatesImpl{},
			bug:      "the validator never compares the ids of top-level items, so duplicate sync IDs are not reported",
			caughtBy: []string{"codec/feedsync/validate/duplicate-ids", "codec/feedsync/validate/lines"},
		},
		faultyShim{
			impl:     fsUpdatesVsHistoryImpl{},
			bug:      "updates is checked against the topmost history's sequence as a MUST, so a feed that SSE 0.93 allows draws FS-HIST-5 violations",
			caughtBy: []string{"codec/feedsync/validate/should-not-violation", "codec/feedsync/canon/lexical-variants"},
		},
		faultyShim{
			impl:     fsCRLFLinesImpl{},
			bug:      "violation lines count CR and LF separately, so every CR LF line end counts twice",
			caughtBy: []string{"codec/feedsync/validate/lines", "codec/feedsync/validate/mutation-lines"},
		},
		faultyShim{
			impl:     fsSyncAlwaysLastImpl{},
			bug:      "the sync element is always written as the item's last child, even after a second sx:sync that stays in the item as markup",
			caughtBy: []string{"codec/feedsync/canon/second-sync", "codec/feedsync/validate/mutations"},
		},
		faultyShim{
			impl:     fsReportByRuleImpl{},
			bug:      "the report is grouped by requirement ID and ordered by line within each rule",
			caughtBy: []string{"codec/feedsync/validate/report-order"},
		},
		faultyShim{
			impl:     fsPrefixSXImpl{},
			bug:      "FeedSync is recognised only where the document declares xmlns:sx with its namespace; under another prefix or the default namespace items have no sx:sync",
			caughtBy: []string{"codec/feedsync/ns/any-prefix", "codec/feedsync/canon/lexical-variants"},
		},
		faultyShim{
			impl:     fsDepthLimitImpl{},
			bug:      "decoding refuses documents nested deeper than 100 elements, below the interoperability minimum of 128",
			caughtBy: []string{"codec/feedsync/decode/limits-minima"},
		},
		faultyShim{
			impl:     fsLimitAsSyntaxImpl{},
			bug:      "a document beyond a decoding limit is refused as malformed [FS-DEC-2], the XML parser's own error, instead of a limit error [FS-DEC-6]",
			caughtBy: []string{"codec/feedsync/decode/beyond-limits"},
		},
		faultyShim{
			impl:     fsEncodingAliasImpl{},
			bug:      "the declared encoding is looked up in an alias table, so utf8, US-ASCII and ascii are read as UTF-8",
			caughtBy: []string{"codec/feedsync/decode/encoding-declaration"},
		},
		faultyShim{
			impl:     fsXMLHeaderImpl{},
			bug:      "documents are written with Go's xml.Header, whose declaration says encoding=\"UTF-8\"",
			caughtBy: []string{"codec/feedsync/encode/document-layout", "codec/feedsync/encode/sharing-first", "codec/feedsync/encode/round-trip"},
		},
		faultyShim{
			impl:     fsBadUTF8AsEncodingImpl{},
			bug:      "bytes that are not UTF-8 are refused as an encoding error [FS-DEC-1] instead of a malformed document [FS-DEC-2]",
			caughtBy: []string{"codec/feedsync/decode/junk"},
		},
	)
}

// mapFeed decodes doc with the reference and lets edit change the answer.
func mapFeed(doc []byte, edit func(f *feedsync.Feed, out *DecodedFeed)) (*DecodedFeed, error) {
	out, err := Reference{}.DecodeFeed(doc)
	if err != nil {
		return nil, err
	}
	f, err := feedsync.Decode(bytes.NewReader(doc))
	if err != nil {
		return nil, err
	}
	edit(f, out)
	return out, nil
}

// decodedSyncs returns the sync elements of a decoded feed's items and conflict items.
func decodedSyncs(f *feedsync.Feed) []*feedsync.Sync {
	var out []*feedsync.Sync
	var walk func(items []*feedsync.Item)
	walk = func(items []*feedsync.Item) {
		for _, it := range items {
			if it.Sync != nil {
				out = append(out, it.Sync)
				if it.Sync.Conflicts != nil {
					walk(it.Sync.Conflicts.Items)
				}
			}
		}
	}
	walk(f.Items)
	return out
}

// canonicalItems returns the items with sx:sync as the reference answers them.
func canonicalItems(f *feedsync.Feed) []FeedItem {
	var out []FeedItem
	for _, it := range f.Items {
		if it.Sync != nil {
			id, _ := it.Sync.Attr("id")
			out = append(out, FeedItem{SyncID: id, Canonical: it.Canonical()})
		}
	}
	return out
}

type fsUpperBoolImpl struct{ Reference }

func (fsUpperBoolImpl) Name() string { return "faulty-feedsync-uppercase-booleans" }
func (fsUpperBoolImpl) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	return mapFeed(doc, func(f *feedsync.Feed, out *DecodedFeed) {
		lenient := map[int]bool{}
		for _, s := range decodedSyncs(f) {
			ok := true
			for _, name := range []string{"deleted", "noconflicts"} {
				if v, has := s.Attr(name); has && !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false") {
					ok = false
				}
			}
			lenient[s.Line] = ok
		}
		out.Violations = slices.DeleteFunc(out.Violations, func(v Violation) bool { return v.Req == "FS-LEX-4" && lenient[v.Line] })
	})
}

type fsSortedHistoriesImpl struct{ Reference }

func (fsSortedHistoriesImpl) Name() string { return "faulty-feedsync-histories-sorted" }
func (fsSortedHistoriesImpl) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	return mapFeed(doc, func(f *feedsync.Feed, out *DecodedFeed) {
		for _, s := range decodedSyncs(f) {
			slices.SortStableFunc(s.Histories, func(a, b *feedsync.History) int {
				x, _ := a.Sequence()
				y, _ := b.Sequence()
				return x - y
			})
		}
		out.Items = canonicalItems(f)
	})
}

// fsKeepWhitespaceImpl decodes with xml:space="preserve" put on every item start tag (and
// taken off the model again), so that the whitespace between an item's elements stays.
type fsKeepWhitespaceImpl struct{ Reference }

func (fsKeepWhitespaceImpl) Name() string { return "faulty-feedsync-keeps-whitespace" }
func (fsKeepWhitespaceImpl) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	out, err := Reference{}.DecodeFeed(doc)
	if err != nil {
		return nil, err
	}
	rss := out.Format == "rss"
	var marked bytes.Buffer
	d := xml.NewDecoder(bytes.NewReader(doc))
	last := int64(0)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return out, nil // the reference decoded it; keep its answer
		}
		off := d.InputOffset()
		if se, ok := tok.(xml.StartElement); ok && (rss && se.Name == xml.Name{Local: "item"} || !rss && se.Name == xml.Name{Space: nsAtom, Local: "entry"}) &&
			!slices.ContainsFunc(se.Attr, func(a xml.Attr) bool { return a.Name.Local == "space" }) {
			raw := doc[last:off]
			i := bytes.IndexAny(raw, " \t\r\n/>")
			marked.Write(raw[:i])
			marked.WriteString(` xml:space="preserve"`)
			marked.Write(raw[i:])
		} else {
			marked.Write(doc[last:off])
		}
		last = off
	}
	marked.Write(doc[last:])
	f, err := feedsync.Decode(bytes.NewReader(marked.Bytes()))
	if err != nil {
		return out, nil
	}
	var unmark func(items []*feedsync.Item)
	unmark = func(items []*feedsync.Item) {
		for _, it := range items {
			it.Element.Attrs = slices.DeleteFunc(it.Element.Attrs, func(a feedsync.Attr) bool { return a.Name.Space == nsXML && a.Name.Local == "space" })
			if it.Sync != nil && it.Sync.Conflicts != nil {
				unmark(it.Sync.Conflicts.Items)
			}
		}
	}
	unmark(f.Items)
	out.Items = canonicalItems(f)
	return out, nil
}

type fsNoDuplicatesImpl struct{ Reference }

func (fsNoDuplicatesImpl) Name() string { return "faulty-feedsync-duplicates-unreported" }
func (fsNoDuplicatesImpl) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	return mapFeed(doc, func(_ *feedsync.Feed, out *DecodedFeed) {
		out.Violations = slices.DeleteFunc(out.Violations, func(v Violation) bool { return v.Req == "FS-SYNC-4" })
	})
}

type fsUpdatesVsHistoryImpl struct{ Reference }

func (fsUpdatesVsHistoryImpl) Name() string { return "faulty-feedsync-updates-vs-history" }
func (fsUpdatesVsHistoryImpl) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	return mapFeed(doc, func(f *feedsync.Feed, out *DecodedFeed) {
		for _, w := range feedsync.Warnings(f) {
			if w.Req == "FS-HIST-5" {
				out.Violations = append(out.Violations, Violation{Req: w.Req, Line: w.Line})
			}
		}
		slices.SortStableFunc(out.Violations, func(a, b Violation) int {
			if a.Line != b.Line {
				return a.Line - b.Line
			}
			return strings.Compare(a.Req, b.Req)
		})
	})
}

type fsReportByRuleImpl struct{ Reference }

func (fsReportByRuleImpl) Name() string { return "faulty-feedsync-report-by-rule" }
func (fsReportByRuleImpl) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	return mapFeed(doc, func(_ *feedsync.Feed, out *DecodedFeed) {
		slices.SortStableFunc(out.Violations, func(a, b Violation) int {
			if c := strings.Compare(a.Req, b.Req); c != 0 {
				return c
			}
			return a.Line - b.Line
		})
	})
}

type fsPrefixSXImpl struct{ Reference }

func (fsPrefixSXImpl) Name() string { return "faulty-feedsync-prefix-sx" }
func (fsPrefixSXImpl) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	return mapFeed(doc, func(_ *feedsync.Feed, out *DecodedFeed) {
		s := string(doc)
		if !strings.Contains(s, `xmlns:sx="`+nsSX+`"`) && !strings.Contains(s, `xmlns:sx='`+nsSX+`'`) {
			out.Items = nil
		}
	})
}

type fsDepthLimitImpl struct{ Reference }

func (fsDepthLimitImpl) Name() string { return "faulty-feedsync-depth-limit-100" }
func (fsDepthLimitImpl) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	if _, err := (feedsync.DecodeOptions{MaxDepth: 100}).Decode(bytes.NewReader(doc)); err != nil {
		var de *feedsync.DecodeError
		if errors.As(err, &de) {
			return nil, &Refusal{Class: feedsyncKindName(de.Kind), Req: de.Req, Msg: err.Error()}
		}
		return nil, err
	}
	return Reference{}.DecodeFeed(doc)
}

type fsXMLHeaderImpl struct{ Reference }

func (fsXMLHeaderImpl) Name() string { return "faulty-feedsync-xml-header" }
func (fsXMLHeaderImpl) FeedOp(op FeedOp) (*FeedOpResult, error) {
	r, err := Reference{}.FeedOp(op)
	if err == nil && r.Document != nil {
		doc := xml.Header + strings.TrimPrefix(*r.Document, `<?xml version="1.0" encoding="utf-8"?>`+"\n")
		r.Document = &doc
	}
	return r, err
}

func (fsXMLHeaderImpl) EncodeFeed(doc []byte) ([]byte, error) {
	out, err := Reference{}.EncodeFeed(doc)
	if err != nil {
		return nil, err
	}
	return []byte(xml.Header + strings.TrimPrefix(string(out), `<?xml version="1.0" encoding="utf-8"?>`+"\n")), nil
}

type fsBadUTF8AsEncodingImpl struct{ Reference }

func (fsBadUTF8AsEncodingImpl) Name() string { return "faulty-feedsync-bad-utf8-as-encoding" }
func (fsBadUTF8AsEncodingImpl) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	out, err := Reference{}.DecodeFeed(doc)
	var r *Refusal
	if errors.As(err, &r) && r.Class == "syntax" && !utf8.Valid(doc) {
		return nil, &Refusal{Class: "encoding", Req: "FS-DEC-1", Msg: "not UTF-8"}
	}
	return out, err
}

type fsCRLFLinesImpl struct{ Reference }

func (fsCRLFLinesImpl) Name() string { return "faulty-feedsync-crlf-lines" }
func (fsCRLFLinesImpl) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	return mapFeed(doc, func(_ *feedsync.Feed, out *DecodedFeed) {
		// extra[l] is the number of CR LF pairs before line l.
		extra := []int{0, 0}
		for i := 0; i < len(doc); i++ {
			switch {
			case doc[i] == '\r' && i+1 < len(doc) && doc[i+1] == '\n':
				i++
				extra = append(extra, extra[len(extra)-1]+1)
			case doc[i] == '\r' || doc[i] == '\n':
				extra = append(extra, extra[len(extra)-1])
			}
		}
		for i, v := range out.Violations {
			if v.Line > 0 && v.Line < len(extra) {
				out.Violations[i].Line += extra[v.Line]
			}
		}
	})
}

type fsSyncAlwaysLastImpl struct{ Reference }

func (fsSyncAlwaysLastImpl) Name() string { return "faulty-feedsync-sync-always-last" }
func (fsSyncAlwaysLastImpl) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	return mapFeed(doc, func(_ *feedsync.Feed, out *DecodedFeed) {
		for i, it := range out.Items {
			out.Items[i].Canonical = syncLast(it.Canonical)
		}
	})
}

// syncLast moves the first sx:sync child of the canonical item b to the end of the item, when
// the item has more than one.
func syncLast(b []byte) []byte {
	d := xml.NewDecoder(bytes.NewReader(b))
	depth := 0
	var spans [][2]int64
	last := int64(0)
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		off := d.InputOffset()
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 && t.Name == (xml.Name{Space: nsSX, Local: "sync"}) {
				spans = append(spans, [2]int64{last, 0})
			}
		case xml.EndElement:
			if depth == 2 && t.Name == (xml.Name{Space: nsSX, Local: "sync"}) {
				spans[len(spans)-1][1] = off
			}
			depth--
		}
		last = off
	}
	if len(spans) < 2 || spans[0][1] == 0 {
		return b
	}
	end := bytes.LastIndex(b, []byte("</"))
	sync := b[spans[0][0]:spans[0][1]]
	var out []byte
	out = append(out, b[:spans[0][0]]...)
	out = append(out, b[spans[0][1]:end]...)
	out = append(out, sync...)
	return append(out, b[end:]...)
}

type fsLimitAsSyntaxImpl struct{ Reference }

func (fsLimitAsSyntaxImpl) Name() string { return "faulty-feedsync-limit-as-syntax" }
func (fsLimitAsSyntaxImpl) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	out, err := Reference{}.DecodeFeed(doc)
	var r *Refusal
	if errors.As(err, &r) && r.Class == "limit" {
		return nil, &Refusal{Class: "syntax", Req: "FS-DEC-2", Msg: "exceeds parser limits"}
	}
	return out, err
}

type fsEncodingAliasImpl struct{ Reference }

func (fsEncodingAliasImpl) Name() string { return "faulty-feedsync-encoding-aliases" }
func (fsEncodingAliasImpl) DecodeFeed(doc []byte) (*DecodedFeed, error) {
	for _, alias := range []string{"utf8", "US-ASCII", "us-ascii", "ascii"} {
		for _, q := range []string{`"`, `'`} {
			doc = bytes.Replace(doc, []byte("encoding="+q+alias+q), []byte("encoding="+q+"utf-8"+q), 1)
		}
	}
	return Reference{}.DecodeFeed(doc)
}
