package main

import (
	"bytes"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/livemesh-spec/livemesh/feedsync"
	"github.com/livemesh-spec/livemesh/internal/specdoc"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// The FeedSync vectors (spec/feedsync.md). Each file of spec/vectors/feedsync has its own
// generator function in feedsyncFiles; this file holds the directory's registration and the
// document vectors, feedsync/documents.json (schema feedsync-documents.v1.schema.json). A later
// file (the merge vectors) adds its function to feedsyncFiles from an init function of its own:
// package-level variables are initialized before any init function runs, so the append is
// safe, and generate sorts the files by path, so the order of the slice does not matter.
//
// Every document test is declared below with its intent: valid, with the sx:sync ids of its
// items (and for some items the canonical bytes, written out by hand); invalid because Validate
// must report violations, with the primary rule and the exact set of requirement IDs
// Validate reports; or refused by decoding, with the error kind and requirement. The warnings
// (SHOULD-level findings, FS-VAL-7) are declared too. Generation runs feedsync.Decode,
// feedsync.Validate, feedsync.Warnings and (*feedsync.Item).Canonical on every document and
// fails when the reference disagrees with a declaration, so that the file states the
// specification and the reference is checked against it when the file is made.

func init() {
	register(Generator{Dir: "feedsync", Generate: generateFeedsync})
}

// feedsyncFiles produces the files of spec/vectors/feedsync, one function per file.
var feedsyncFiles = []func() (GeneratedFile, error){
	feedsyncDocumentsFile,
}

func generateFeedsync() ([]GeneratedFile, error) {
	var out []GeneratedFile
	for _, gen := range feedsyncFiles {
		f, err := gen()
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// ---------------------------------------------------------------------------------------------
// feedsync/documents.json

const (
	fsDocArea   = "feedsync/documents"
	fsDocSchema = "feedsync-documents.v1.schema.json"
)

// Error classes of the document file: "violation" (the document decodes and Validate reports
// violations) and the names of the kinds of *feedsync.DecodeError.
const (
	fsViolation = "violation"
	fsSyntax    = "syntax"
	fsDTD       = "dtd"
	fsLimit     = "limit"
	fsSSE       = "sse"
	fsNotFeed   = "not-feed"
	fsEncoding  = "encoding"
)

// fsDecodeKinds maps the sentinel kinds of *feedsync.DecodeError to their error class.
var fsDecodeKinds = []struct {
	err  error
	name string
}{
	{feedsync.ErrSyntax, fsSyntax},
	{feedsync.ErrDTD, fsDTD},
	{feedsync.ErrLimit, fsLimit},
	{feedsync.ErrSSE, fsSSE},
	{feedsync.ErrNotFeed, fsNotFeed},
	{feedsync.ErrEncoding, fsEncoding},
}

// fsDecodeKindName returns the error class of a decode error's kind, or "".
func fsDecodeKindName(kind error) string {
	for _, k := range fsDecodeKinds {
		if errors.Is(kind, k.err) {
			return k.name
		}
	}
	return ""
}

// fsDocTest is one test of feedsync/documents.json; the area members follow the common ones
// in the order the schema lists them.
type fsDocTest struct {
	vectors.Test
	Format      string         `json:"format"`
	Document    *string        `json:"document,omitempty"`
	DocumentHex *string        `json:"documentHex,omitempty"`
	Violations  []string       `json:"violations,omitempty"`
	Warnings    []string       `json:"warnings,omitempty"`
	Expected    *fsDocExpected `json:"expected,omitempty"`
}

type fsDocExpected struct {
	Items []fsDocItem `json:"items"`
}

type fsDocItem struct {
	SyncID    string `json:"syncId"`
	Canonical string `json:"canonical"`
}

// fsDocCase declares one test and its intent.
type fsDocCase struct {
	id, comment string
	flags       []string
	req         []string // requirements checked besides errReq, the violations and the warnings
	format      string   // "atom" or "rss"
	doc         string   // the document octets (not necessarily UTF-8)

	// Intent. kind "" is valid; fsViolation means Validate reports exactly the requirement
	// IDs in violations (errReq, the primary rule, among them); any other kind is a decode
	// error of that class with requirement errReq.
	kind       string
	errReq     string
	violations []string
	warnings   []string // the distinct requirement IDs feedsync.Warnings reports
	syncIDs    []string // valid: the sx:sync ids of the top-level items that have one, in order
	canonical  map[int]string
}

var fsDocNotes = map[string]vectors.Note{
	"CanonicalBytes": {
		BugType: "CANONICALIZATION",
		Description: "The canonical bytes of the items of this test were written out by hand from the rules of " +
			"the canonical encoding (namespace declarations on the item, the item's namespace as default, " +
			"attributes sorted by namespace URI and local name, sx:sync last, no whitespace between " +
			"elements, empty elements self-closed). An implementation whose encoding differs computes other " +
			"bytes and cannot converge byte for byte with other replicas.",
	},
	"CharacterData": {
		BugType: "CANONICALIZATION",
		Description: "Text written with character references, predefined entities and CDATA sections, and " +
			"comments and processing instructions between them. Decoding resolves them and drops comments and " +
			"processing instructions; the canonical bytes write the characters with the escapes of the " +
			"canonical encoding only.",
	},
	"ConflictItems": {
		BugType: "CONVERGENCE",
		Description: "An item in conflict: sx:conflicts holds the losing versions, each a whole item with its " +
			"own sx:sync. The canonical bytes include them; an implementation that drops, reorders or " +
			"rewrites them loses versions another replica keeps.",
	},
	"DecodeLimit": {
		BugType: "RESOURCE_LIMIT",
		Description: "A document at or one step beyond a decoding limit (element nesting depth 128, 256 " +
			"attributes on one start tag). At the limit the document must be read; beyond it, refused " +
			"with error limit. An implementation without limits can be made to exhaust memory or stack.",
	},
	"Doctype": {
		BugType: "LEGACY",
		Description: "A document type declaration (RSS 0.91 documents carried one). FeedSync documents have " +
			"none; any markup declaration is refused with error dtd, before anything in it is read.",
	},
	"EntityExpansion": {
		BugType: "RESOURCE_LIMIT",
		Description: "Entity declarations that expand exponentially (the billion laughs attack) or an entity " +
			"reference that XML does not predefine. Declarations are refused as error dtd, an undeclared " +
			"reference as error syntax; an implementation that expands entities can be made to exhaust memory.",
	},
	"ExternalEntity": {
		BugType: "CONFIDENTIALITY",
		Description: "An external entity naming a local file (XXE). It must be refused with error dtd and never " +
			"resolved; an implementation that resolves it discloses the file in the feed it passes on.",
	},
	"ForeignMarkup": {
		BugType: "BASIC",
		Description: "Foreign elements and attributes inside and around the FeedSync elements, and unknown " +
			"unqualified attributes of FeedSync elements (FS-NS-5). They are accepted, kept, and change " +
			"nothing; the canonical bytes include them.",
	},
	"HostFormat": {
		BugType: "MISSING_STEP",
		Description: "A required element of the host format (Atom or RSS 2.0) is missing or repeated (FS-HOST-*). " +
			"FeedSync processing depends on these elements, including in tombstones and conflict items.",
	},
	"LegacySSE": {
		BugType: "LEGACY",
		Description: "A document in the namespace of Simple Sharing Extensions 0.93 or 0.91, the predecessors of " +
			"FeedSync whose elements differ in meaning. It is refused with error sse (FS-NS-2), never read as " +
			"FeedSync.",
	},
	"LexicalForm": {
		BugType: "MALLEABILITY",
		Description: "A second spelling of an integer, boolean or date-time (leading zero, sign, upper case, " +
			"fractional seconds, offset) or a value outside its type. Each value has one spelling (FS-LEX-*) " +
			"so that replicas store the same bytes; the document must be reported.",
	},
	"MalformedXML": {
		BugType: "INTEGRITY",
		Description: "The document is not namespace-well-formed XML. It must be refused with error syntax, not " +
			"repaired.",
	},
	"Misplaced": {
		BugType: "MISSING_STEP",
		Description: "A FeedSync element outside its place, repeated where only one is allowed, or unknown. " +
			"A validator must report it (and not examine its content further, FS-VAL-4).",
	},
	"MissingAttribute": {
		BugType: "MISSING_STEP",
		Description: "A required attribute of a FeedSync element is absent, or two attributes break a rule " +
			"relating them.",
	},
	"MisspeltAttribute": {
		BugType: "LEGACY",
		Description: "sx:sync carries noconflict (without the final s), as Microsoft's tutorial feeds did. It " +
			"is an unknown attribute: noconflicts stays false (FS-SYNC-9), so no FS-CONF-8 warning arises " +
			"from it, and a validator warns FS-SYNC-10 but reports no violation.",
	},
	"MultipleViolations": {
		BugType: "EDGE_CASE",
		Description: "The document breaks many rules at once. A validator must report every violation " +
			"(FS-VAL-1): every ID in violations.",
	},
	"NonASCII": {
		BugType: "CANONICALIZATION",
		Description: "Text and attribute values with characters outside ASCII (accented letters, CJK, emoji " +
			"beyond the BMP). The canonical bytes carry them as UTF-8, not as character references.",
	},
	"NotAFeed": {
		BugType: "EDGE_CASE",
		Description: "The document element is neither atom:feed nor rss (an Atom entry document, RSS 1.0, Atom " +
			"0.3). It must be refused with error not-feed.",
	},
	"NotUTF8": {
		BugType: "EDGE_CASE",
		Description: "The document declares or starts as another character encoding. FeedSync documents are " +
			"UTF-8; the document is refused with error encoding and not transcoded.",
	},
	"OtherFormatItem": {
		BugType: "MISSING_STEP",
		Description: "sx:conflicts holds an item of the other host format (an RSS item in an Atom feed or the " +
			"reverse); it is reported under FS-CONF-2 rather than ignored as foreign markup.",
	},
	"PrefixIndependence": {
		BugType: "EDGE_CASE",
		Description: "The FeedSync namespace is bound to a prefix other than sx, or is the default namespace. " +
			"Elements are recognised by namespace URI and local name only (FS-NS-1).",
	},
	"Tombstone": {
		BugType: "EDGE_CASE",
		Description: "A deleted item (deleted=\"true\") that keeps the elements its host format requires and " +
			"possibly only its topmost history.",
	},
	"ValueBoundary": {
		BugType: "EDGE_CASE",
		Description: "A value at the edge of its type: the largest integer 2147483647, 29 February of a leap " +
			"year, a since equal to until; or one step beyond.",
	},
	"Warning": {
		BugType: "EDGE_CASE",
		Description: "The document breaks a SHOULD-level rule only. Validate reports nothing (FS-VAL-6); a " +
			"validator that reports warnings (FS-VAL-7) reports the IDs in warnings.",
	},
	"WorkedExample": {
		BugType:     "BASIC",
		Description: "A worked example of spec/feedsync.md §4.1, byte for byte.",
	},
	"XHTMLContent": {
		BugType: "CANONICALIZATION",
		Description: "Atom text constructs of type xhtml and xml:space=\"preserve\": whitespace inside them is " +
			"content and is kept, where whitespace between elements elsewhere is dropped.",
	},
}

func feedsyncDocumentsFile() (GeneratedFile, error) {
	if err := loadFsExamples(); err != nil {
		return GeneratedFile{}, err
	}
	cases := fsDocCases()
	tests := make([]fsDocTest, 0, len(cases))
	notes := map[string]vectors.Note{}
	seen := map[string]bool{}
	var errs []error // every disagreement, not only the first
	for _, c := range cases {
		if seen[c.id] {
			errs = append(errs, fmt.Errorf("%s#%s: duplicate test ID", fsDocArea, c.id))
		}
		seen[c.id] = true
		t, err := buildFsDocTest(c)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s#%s: %w", fsDocArea, c.id, err))
			continue
		}
		for _, f := range t.Flags {
			n, ok := fsDocNotes[f]
			if !ok {
				return GeneratedFile{}, fmt.Errorf("%s#%s: flag %s has no note", fsDocArea, c.id, f)
			}
			notes[f] = n
		}
		tests = append(tests, t)
	}
	if len(errs) > 0 {
		return GeneratedFile{}, errors.Join(errs...)
	}
	return encodeFile(newFile(fsDocArea, fsDocSchema, notes, tests))
}

// buildFsDocTest checks a case against the reference and returns its test.
func buildFsDocTest(c fsDocCase) (fsDocTest, error) {
	items, err := checkFsDocCase(c)
	if err != nil {
		return fsDocTest{}, err
	}
	var req []string
	add := func(ids ...string) {
		for _, id := range ids {
			if id != "" && !slices.Contains(req, id) {
				req = append(req, id)
			}
		}
	}
	add(c.errReq)
	add(c.violations...)
	add(c.req...)
	add(c.warnings...)
	switch c.kind {
	case fsViolation:
		add("FS-DEC-8") // the document decodes although it breaks FeedSync rules
	case "":
		if len(c.syncIDs) > 0 {
			add("FS-CANON-1", "FS-CANON-13") // the canonical bytes, checked for being a fixed point
		}
		if c.canonical != nil {
			add("FS-CANON-3", "FS-CANON-4", "FS-CANON-6", "FS-CANON-9", "FS-CANON-10")
		}
	}
	flags := c.flags
	if flags == nil {
		flags = []string{}
	}
	t := fsDocTest{
		Test:     vectors.Test{ID: c.id, Comment: c.comment, Flags: flags, Req: req, Result: vectors.Valid},
		Format:   c.format,
		Warnings: c.warnings,
	}
	if utf8.ValidString(c.doc) {
		s := c.doc
		t.Document = &s
	} else {
		h := hex.EncodeToString([]byte(c.doc))
		t.DocumentHex = &h
	}
	if c.kind == "" {
		t.Expected = &fsDocExpected{Items: items}
	} else {
		t.Result = vectors.Invalid
		t.Error = c.kind
		t.ErrorReq = c.errReq
		t.Violations = c.violations
	}
	return t, nil
}

// checkFsDocCase runs the reference on a case and compares it with the declared intent. For a
// valid case it returns the expected items.
func checkFsDocCase(c fsDocCase) ([]fsDocItem, error) {
	if c.format != "atom" && c.format != "rss" {
		return nil, fmt.Errorf("format %q", c.format)
	}
	switch c.kind {
	case "":
		if c.errReq != "" || c.violations != nil {
			return nil, errors.New("a valid case has no errReq or violations")
		}
		if len(c.req) == 0 {
			return nil, errors.New("no requirement IDs")
		}
	case fsViolation:
		if !slices.Contains(c.violations, c.errReq) {
			return nil, fmt.Errorf("the primary rule %s is not among the violations %v", c.errReq, c.violations)
		}
		if c.syncIDs != nil || c.canonical != nil {
			return nil, errors.New("an invalid case has no expected items")
		}
	default:
		if c.errReq == "" || c.violations != nil || c.warnings != nil || c.syncIDs != nil || c.canonical != nil {
			return nil, errors.New("a decode failure has errReq only")
		}
	}
	f, err := feedsync.Decode(strings.NewReader(c.doc))
	if err != nil {
		var de *feedsync.DecodeError
		if !errors.As(err, &de) {
			return nil, fmt.Errorf("Decode returns %T, not *feedsync.DecodeError: %v", err, err)
		}
		if c.kind == "" || c.kind == fsViolation {
			return nil, fmt.Errorf("declared %s, Decode refuses: %v", orValid(c.kind), err)
		}
		if got := fsDecodeKindName(de.Kind); got != c.kind || de.Req != c.errReq {
			return nil, fmt.Errorf("declared decode error %s [%s], Decode reports %s [%s]: %v", c.kind, c.errReq, got, de.Req, err)
		}
		return nil, nil
	}
	if c.kind != "" && c.kind != fsViolation {
		return nil, fmt.Errorf("declared decode error %s [%s], Decode accepts", c.kind, c.errReq)
	}
	if want := map[string]feedsync.Format{"atom": feedsync.Atom, "rss": feedsync.RSS}[c.format]; f.Format != want {
		return nil, fmt.Errorf("declared format %s, Decode reads %s", c.format, f.Format)
	}
	if got := fsReqs(feedsync.Validate(f)); !slices.Equal(got, sortedCopy(c.violations)) {
		return nil, fmt.Errorf("declared violations %v, Validate reports %v:\n%s", c.violations, got, fsList(feedsync.Validate(f)))
	}
	if vs := feedsync.Validate(f); c.kind == fsViolation && vs[0].Req != c.errReq {
		return nil, fmt.Errorf("declared primary rule %s, the first violation Validate reports is %s", c.errReq, vs[0])
	}
	if got := fsReqs(feedsync.Warnings(f)); !slices.Equal(got, sortedCopy(c.warnings)) {
		return nil, fmt.Errorf("declared warnings %v, Warnings reports %v:\n%s", c.warnings, got, fsList(feedsync.Warnings(f)))
	}
	if c.kind != "" {
		return nil, nil
	}
	items := []fsDocItem{}
	var ids []string
	for _, it := range f.Items {
		if it.Sync == nil {
			continue
		}
		id, _ := it.Sync.Attr("id")
		canon := it.Canonical()
		if canon == nil {
			return nil, fmt.Errorf("item %q of a valid document cannot be encoded", id)
		}
		if err := checkCanonicalItem(c.format, canon); err != nil {
			return nil, fmt.Errorf("item %q: %w", id, err)
		}
		if want, ok := c.canonical[len(ids)]; ok && want != string(canon) {
			return nil, fmt.Errorf("item %d (%q): declared canonical bytes\n%s\nthe reference gives\n%s", len(ids), id, want, canon)
		}
		ids = append(ids, id)
		items = append(items, fsDocItem{SyncID: id, Canonical: string(canon)})
	}
	for k := range c.canonical {
		if k >= len(ids) {
			return nil, fmt.Errorf("canonical bytes declared for item %d of %d", k, len(ids))
		}
	}
	if !slices.Equal(ids, c.syncIDs) {
		return nil, fmt.Errorf("declared sync ids %q, the reference reads %q", c.syncIDs, ids)
	}
	return items, nil
}

// checkCanonicalItem checks properties of canonical item bytes that do not depend on the
// reference: they are one well-formed XML element without surrounding whitespace, and an item
// decoded from them, inside a minimal feed of its format, has the same canonical bytes.
func checkCanonicalItem(format string, canon []byte) error {
	d := xml.NewDecoder(bytes.NewReader(canon))
	d.Strict = true
	depth, roots := 0, 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("canonical bytes are not well-formed: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 {
				return errors.New("canonical bytes have text outside the item element")
			}
		case xml.Comment, xml.ProcInst, xml.Directive:
			return fmt.Errorf("canonical bytes contain %T", t)
		}
	}
	if roots != 1 {
		return fmt.Errorf("canonical bytes hold %d elements, not one", roots)
	}
	var doc string
	if format == "atom" {
		doc = `<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>t</title><updated>2008-01-01T00:00:00Z</updated>` + string(canon) + `</feed>`
	} else {
		doc = `<rss version="2.0"><channel><title>t</title><link>https://x.example/</link><description>d</description>` + string(canon) + `</channel></rss>`
	}
	f, err := feedsync.Decode(strings.NewReader(doc))
	if err != nil {
		return fmt.Errorf("the canonical bytes inside a minimal feed do not decode: %v", err)
	}
	if len(f.Items) != 1 {
		return fmt.Errorf("the canonical bytes inside a minimal feed give %d items", len(f.Items))
	}
	if again := f.Items[0].Canonical(); !bytes.Equal(again, canon) {
		return fmt.Errorf("canonical bytes are not a fixed point:\n%s\nre-encoded\n%s", canon, again)
	}
	return nil
}

func orValid(kind string) string {
	if kind == "" {
		return "valid"
	}
	return kind
}

// fsReqs returns the distinct requirement IDs of a report, sorted.
func fsReqs(vs []feedsync.Violation) []string {
	var out []string
	for _, v := range vs {
		if !slices.Contains(out, v.Req) {
			out = append(out, v.Req)
		}
	}
	slices.Sort(out)
	return out
}

func fsList(vs []feedsync.Violation) string {
	var b strings.Builder
	for _, v := range vs {
		fmt.Fprintf(&b, "\t%s\n", v)
	}
	return b.String()
}

func sortedCopy(s []string) []string {
	if s == nil {
		return nil
	}
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// ---------------------------------------------------------------------------------------------
// The document cases.

// Constructors of cases by intent.

func fsValid(format, id, comment string, flags []string, syncIDs []string, doc string, req ...string) fsDocCase {
	if syncIDs == nil {
		syncIDs = []string{}
	}
	return fsDocCase{id: id, comment: comment, flags: flags, req: req, format: format, doc: doc, syncIDs: syncIDs}
}

func fsInvalid(format, id, comment string, flags []string, errReq string, violations []string, doc string, req ...string) fsDocCase {
	return fsDocCase{id: id, comment: comment, flags: flags, req: req, format: format, doc: doc,
		kind: fsViolation, errReq: errReq, violations: violations}
}

func fsRefused(format, id, comment string, flags []string, kind, errReq, doc string, req ...string) fsDocCase {
	return fsDocCase{id: id, comment: comment, flags: flags, req: req, format: format, doc: doc, kind: kind, errReq: errReq}
}

// warn declares the warnings of a case.
func (c fsDocCase) warn(ids ...string) fsDocCase { c.warnings = ids; return c }

// canon declares the canonical bytes of the k-th item with sx:sync.
func (c fsDocCase) canon(k int, s string) fsDocCase {
	if c.canonical == nil {
		c.canonical = map[int]string{}
	}
	c.canonical[k] = s
	return c
}

// indent prefixes every non-empty line of s with n spaces.
func indent(n int, s string) string {
	lines := strings.SplitAfter(s, "\n")
	pad := strings.Repeat(" ", n)
	var b strings.Builder
	for _, l := range lines {
		if l != "" && l != "\n" {
			b.WriteString(pad)
		}
		b.WriteString(l)
	}
	return b.String()
}

const (
	fsXMLDecl  = `<?xml version="1.0" encoding="utf-8"?>` + "\n"
	fsAtomOpen = `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync">` + "\n"
	fsAtomHead = "  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>\n" +
		"  <title>Tasks</title>\n" +
		"  <updated>2008-04-23T10:07:00Z</updated>\n" +
		"  <author><name>Ana</name></author>\n"
	fsRSSOpen = `<rss version="2.0" xmlns:sx="http://feedsync.org/2007/feedsync">` + "\n"
	fsRSSHead = "  <channel>\n" +
		"    <title>Tasks</title>\n" +
		"    <link>https://mesh.example/feeds/tasks</link>\n" +
		"    <description>Shared tasks</description>\n"
	fsRSSTail = "  </channel>\n</rss>\n"

	fsWhen  = "2008-04-23T10:00:00Z"
	fsHist1 = `<sx:history sequence="1" when="2008-04-23T10:00:00Z" by="laptop.ana"/>` + "\n"
)

// fsAtom is an Atom feed with the given children after the required ones (indented already).
func fsAtom(body string) string { return fsXMLDecl + fsAtomOpen + fsAtomHead + body + "</feed>\n" }

// fsRSS is an RSS feed with the given channel children after the required ones.
func fsRSS(body string) string { return fsXMLDecl + fsRSSOpen + fsRSSHead + body + fsRSSTail }

// fsEntryID is the atom:id of entry n.
func fsEntryID(n int) string { return fmt.Sprintf("urn:uuid:3f2504e0-4f89-11d3-9a0c-0305e82c%04d", n) }

// fsEntryRaw is an atom:entry (at indentation 2) with children inner (relative indentation 0).
func fsEntryRaw(inner string) string { return "  <entry>\n" + indent(4, inner) + "  </entry>\n" }

// fsEntry is atom:entry n with its required children, then more (relative indentation 0).
func fsEntry(n int, more string) string {
	return fsEntryRaw(fmt.Sprintf("<id>%s</id>\n<title>Task %d</title>\n<updated>%s</updated>\n", fsEntryID(n), n, fsWhen) + more)
}

// fsItemRaw is an RSS item (at indentation 4) with children inner.
func fsItemRaw(inner string) string { return "    <item>\n" + indent(6, inner) + "    </item>\n" }

// fsItem is RSS item n with a title and a guid, then more.
func fsItem(n int, more string) string {
	return fsItemRaw(fmt.Sprintf("<title>Task %d</title>\n<guid isPermaLink=\"false\">%s</guid>\n", n, fsEntryID(n)) + more)
}

// fsSync is an sx:sync with the given attributes and children (relative indentation 0).
func fsSync(attrs, children string) string {
	if children == "" {
		return "<sx:sync " + attrs + "/>\n"
	}
	return "<sx:sync " + attrs + ">\n" + indent(2, children) + "</sx:sync>\n"
}

// fsSync1 is a new item's sx:sync: updates 1 and one complete history.
func fsSync1(id string) string { return fsSync(`id="`+id+`" updates="1"`, fsHist1) }

// fsConflicts wraps items (relative indentation 0) in sx:conflicts.
func fsConflicts(items string) string {
	return "<sx:conflicts>\n" + indent(2, items) + "</sx:conflicts>\n"
}

// fsAtomOne and fsRSSOne are feeds with one item, whose sx:sync (or other extra children) is
// given.
func fsAtomOne(more string) string { return fsAtom(fsEntry(1, more)) }
func fsRSSOne(more string) string  { return fsRSS(fsItem(1, more)) }

// fsBoth makes the same case for both formats: the id gets the prefix atom- or rss-, and mk
// builds the document from the format's one-item feed function.
func fsBoth(mk func(format string, one func(string) string) fsDocCase) []fsDocCase {
	a := mk("atom", fsAtomOne)
	a.id = "atom-" + a.id
	r := mk("rss", fsRSSOne)
	r.id = "rss-" + r.id
	return []fsDocCase{a, r}
}

// The worked examples of spec/feedsync.md §4.1, read from the spec itself so that the vectors
// cannot drift from its text.
var fsExampleAtom, fsExampleRSS, fsExampleRSSInvalid string

// loadFsExamples fills the worked examples in; generation fails when the spec lacks one.
func loadFsExamples() error {
	ex, err := specdoc.ReadExamples("feedsync.md")
	if err != nil {
		return err
	}
	for name, dst := range map[string]*string{"atom-valid": &fsExampleAtom, "rss-valid": &fsExampleRSS, "rss-invalid": &fsExampleRSSInvalid} {
		s, ok := ex[name]
		if !ok {
			return fmt.Errorf("spec/feedsync.md has no example %q", name)
		}
		*dst = s
	}
	return nil
}

// The worked example's device ID, an endpoint ID of the spec's own examples.
const fsDeviceA = "A3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ"

func fsDocCases() []fsDocCase {
	var cs []fsDocCase
	add := func(c ...fsDocCase) { cs = append(cs, c...) }
	ids := func(s ...string) []string { return s }
	lexReq := []string{"FS-LEX-2", "FS-LEX-3", "FS-LEX-4", "FS-LEX-5"}

	// ----- Valid documents.
	add(fsValid("atom", "atom-worked-example", "the valid Atom example of spec/feedsync.md §4.1: an item in conflict, a tombstone with only its topmost history, an item outside synchronization",
		fl("WorkedExample", "ConflictItems", "Tombstone"), ids("task-1", "task-2"), fsExampleAtom,
		append([]string{"FS-NS-1", "FS-HOST-1", "FS-HOST-2", "FS-HOST-5", "FS-SYNC-1", "FS-SYNC-3", "FS-SYNC-4", "FS-SYNC-5", "FS-SYNC-7",
			"FS-HIST-1", "FS-HIST-2", "FS-HIST-3", "FS-CONF-1", "FS-CONF-3", "FS-CONF-4", "FS-CONF-6", "FS-SHARE-1", "FS-SHARE-3", "FS-SHARE-4",
			"FS-REL-1", "FS-REL-2", "FS-REL-3", "FS-VAL-6"}, lexReq...)...))
	add(fsValid("rss", "rss-worked-example", "the valid RSS example of spec/feedsync.md §4.1: the prefix fs, foreign markup on and in sx:sync, one history without by",
		fl("WorkedExample", "PrefixIndependence", "ForeignMarkup", "Warning"), ids("task-1"), fsExampleRSS,
		"FS-NS-1", "FS-NS-5", "FS-HOST-3", "FS-HOST-4", "FS-SHARE-1", "FS-REL-2", "FS-REL-3", "FS-VAL-6", "FS-CANON-12").warn("FS-HIST-4"))

	add(fsValid("atom", "atom-minimal", "one entry with the smallest complete sx:sync",
		fl("CanonicalBytes"), ids("task-1"), fsAtomOne(fsSync1("task-1")), "FS-HOST-1", "FS-HOST-2", "FS-SYNC-3", "FS-SYNC-5", "FS-SYNC-7").
		canon(0, `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync">`+
			`<id>`+fsEntryID(1)+`</id><title>Task 1</title><updated>`+fsWhen+`</updated>`+
			`<sx:sync id="task-1" updates="1"><sx:history by="laptop.ana" sequence="1" when="`+fsWhen+`"/></sx:sync></entry>`))
	add(fsValid("rss", "rss-minimal", "one item with the smallest complete sx:sync",
		fl("CanonicalBytes"), ids("task-1"), fsRSSOne(fsSync1("task-1")), "FS-HOST-3", "FS-HOST-4", "FS-SYNC-3", "FS-SYNC-5", "FS-SYNC-7").
		canon(0, `<item xmlns:sx="http://feedsync.org/2007/feedsync">`+
			`<title>Task 1</title><guid isPermaLink="false">`+fsEntryID(1)+`</guid>`+
			`<sx:sync id="task-1" updates="1"><sx:history by="laptop.ana" sequence="1" when="`+fsWhen+`"/></sx:sync></item>`))
	add(fsValid("atom", "atom-no-sync-items", "a feed whose entries have no sx:sync: valid, and no item takes part in synchronization",
		nil, nil, fsAtom(fsEntry(1, "")+fsEntry(2, "")), "FS-HOST-1", "FS-HOST-2", "FS-HOST-5"))
	add(fsValid("rss", "rss-mixed-items", "items with and without sx:sync; only those with one are listed",
		nil, ids("a", "c"), fsRSS(fsItem(1, fsSync1("a"))+fsItem(2, "")+fsItem(3, fsSync1("c"))), "FS-HOST-5", "FS-SYNC-4"))
	add(fsValid("rss", "rss-description-only", "an item with a description and no title (RSS 2.0 needs one of the two)",
		nil, ids("d"), fsRSS(fsItemRaw("<description>Only a description</description>\n"+fsSync1("d"))), "FS-HOST-4"))

	// Sync attributes and histories in every form the rules allow.
	add(fsValid("atom", "atom-attribute-order-and-prefix", "sx:sync with every attribute, written in reverse order under the prefix feedsync; the canonical bytes sort them and use sx",
		fl("PrefixIndependence", "CanonicalBytes"), ids("task-1"),
		strings.Replace(fsAtom(fsEntry(1, `<feedsync:sync xmlns:feedsync="http://feedsync.org/2007/feedsync" noconflicts="false" deleted="false" updates="2" id="task-1">
  <feedsync:history by="laptop.ana" when="2008-04-23T10:05:00Z" sequence="2"/>
  <feedsync:history sequence="1" when="2008-04-23T10:00:00Z" by="laptop.ana"/>
</feedsync:sync>
`)), fsAtomOpen, `<feed xmlns="http://www.w3.org/2005/Atom">`+"\n", 1), "FS-NS-1", "FS-SYNC-6", "FS-LEX-4").
		canon(0, `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync">`+
			`<id>`+fsEntryID(1)+`</id><title>Task 1</title><updated>`+fsWhen+`</updated>`+
			`<sx:sync deleted="false" id="task-1" noconflicts="false" updates="2">`+
			`<sx:history by="laptop.ana" sequence="2" when="2008-04-23T10:05:00Z"/>`+
			`<sx:history by="laptop.ana" sequence="1" when="2008-04-23T10:00:00Z"/></sx:sync></entry>`))
	add(fsValid("rss", "rss-default-namespace", "the FeedSync namespace as the default namespace of sx:sync and its children",
		fl("PrefixIndependence"), ids("task-1"),
		fsRSSOne(`<sync xmlns="http://feedsync.org/2007/feedsync" id="task-1" updates="1">
  <history sequence="1" when="2008-04-23T10:00:00Z" by="laptop.ana"/>
</sync>
`), "FS-NS-1"))
	add(fsValid("atom", "atom-tombstone", "a deleted entry that keeps atom:id, atom:title and atom:updated",
		fl("Tombstone"), ids("gone"), fsAtomOne(fsSync(`id="gone" updates="2" deleted="true"`,
			`<sx:history sequence="2" when="2008-04-23T11:00:00Z" by="laptop.ana"/>`+"\n"+fsHist1)), "FS-HOST-2", "FS-LEX-4"))
	add(fsValid("rss", "rss-tombstone", "a deleted item stripped to its title and sx:sync",
		fl("Tombstone"), ids("gone"), fsRSS(fsItemRaw("<title>Deleted</title>\n"+fsSync(`id="gone" updates="4" deleted="true"`,
			`<sx:history sequence="4" when="2008-04-23T11:00:00Z" by="laptop.ana"/>`+"\n"))), "FS-HOST-4", "FS-LEX-4"))
	add(fsValid("atom", "atom-noconflicts-true", "noconflicts=\"true\" and no sx:conflicts",
		nil, ids("n"), fsAtomOne(fsSync(`id="n" updates="1" noconflicts="true"`, fsHist1)), "FS-LEX-4"))
	add(fsValid("rss", "rss-two-conflict-items", "an item with two conflict items from two other endpoints",
		fl("ConflictItems"), ids("task-7"), fsRSSOne(fsSync(`id="task-7" updates="3"`,
			`<sx:history sequence="3" when="2008-04-23T12:00:00Z" by="laptop.ana"/>`+"\n"+
				fsConflicts(
					"<item>\n  <title>Task 7 (phone)</title>\n"+indent(2, fsSync(`id="task-7" updates="3"`, `<sx:history sequence="3" when="2008-04-23T11:59:00Z" by="phone.ana"/>`+"\n"))+"</item>\n"+
						"<item>\n  <description>Task 7 (desktop)</description>\n"+indent(2, fsSync(`id="task-7" updates="3"`, `<sx:history sequence="3" when="2008-04-23T11:58:00Z" by="`+fsDeviceA+`"/>`+"\n"))+"</item>\n"))),
		"FS-CONF-3", "FS-CONF-4", "FS-CONF-6", "FS-HOST-4"))
	add(fsValid("atom", "atom-sharing-related", "sx:sharing with since equal to until and three sx:related, one with a title",
		fl("ValueBoundary"), ids("task-1"), fsAtom(`  <sx:sharing since="2008-04-23T10:07:00Z" until="2008-04-23T10:07:00Z" expires="2008-12-31T23:59:59Z">
    <sx:related link="https://mesh.example/feeds/tasks/all" type="complete"/>
    <sx:related link="urn:uuid:8b1c2d3e-0000-4000-8000-000000000001" type="aggregated" title="Bob's tasks"/>
    <sx:related link="http://example.com/%7Ebob/feed?x=1&amp;y=2" type="aggregated"/>
  </sx:sharing>
`+fsEntry(1, fsSync1("task-1"))), "FS-SHARE-1", "FS-SHARE-3", "FS-SHARE-4", "FS-REL-1", "FS-REL-2", "FS-REL-3", "FS-LEX-5"))
	add(fsValid("rss", "rss-sharing-opaque-stamps", "since and until are opaque strings compared as octets, not date-times: valid, with a warning",
		fl("Warning"), ids("task-1"), fsRSS(`    <sx:sharing since="0042" until="0057"/>
`+fsItem(1, fsSync1("task-1"))), "FS-SHARE-3", "FS-SHARE-4").warn("FS-SHARE-5"))
	add(fsValid("atom", "atom-value-boundaries", "updates and sequence 2147483647, when on 29 February 2008 at 23:59:59",
		fl("ValueBoundary"), ids("max"), fsAtomOne(fsSync(`id="max" updates="2147483647"`,
			`<sx:history sequence="2147483647" when="2008-02-29T23:59:59Z" by="laptop.ana"/>`+"\n")), "FS-LEX-3", "FS-LEX-5"))
	add(fsValid("rss", "rss-nss-characters", "sx:sync id and by using every punctuation character RFC 2141 allows, and a %-escape",
		nil, ids("a(1)+,-.:=@;$_!*'%2F"), fsRSSOne(fsSync(`id="a(1)+,-.:=@;$_!*'%2F" updates="1"`,
			`<sx:history sequence="1" when="2008-04-23T10:00:00Z" by="`+fsDeviceA+`"/>`+"\n")), "FS-LEX-2"))

	// Foreign markup, namespaces and content.
	add(fsValid("atom", "atom-foreign-markup", "foreign attributes and elements on and in every FeedSync element, and unknown unqualified attributes (a version on sx:sharing)",
		fl("ForeignMarkup"), ids("task-1"), strings.Replace(fsAtom(`  <sx:sharing version="0.93" ex:source="import">
    <sx:related link="https://mesh.example/feeds/all" type="complete" ex:weight="2"><ex:note>foreign child</ex:note></sx:related>
    <ex:policy kind="keep"/>
  </sx:sharing>
  <ex:feedLevel>feed-level foreign element</ex:feedLevel>
`+fsEntry(1, `<ex:priority>high</ex:priority>
<sx:sync id="task-1" updates="1" ex:origin="import" colour="blue">
  <sx:history sequence="1" when="2008-04-23T10:00:00Z" by="laptop.ana" ex:device="laptop"><ex:why>created</ex:why></sx:history>
  <ex:note xml:lang="en">kept by every replica</ex:note>
</sx:sync>
`)), fsAtomOpen, `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync" xmlns:ex="urn:example:ext">`+"\n", 1),
		"FS-NS-5"))
	add(fsValid("rss", "rss-foreign-namespaces", "Dublin Core and other namespaces in the item, a foreign element inside sx:conflicts, and namespace declarations on inner elements",
		fl("ForeignMarkup", "ConflictItems"), ids("task-3"), fsRSSOne(`<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Ana</dc:creator>
<sx:sync id="task-3" updates="2">
  <sx:history sequence="2" when="2008-04-23T10:07:00Z" by="laptop.ana"/>
  <sx:conflicts>
    <item>
      <title>Other</title>
      <sx:sync id="task-3" updates="2"><sx:history sequence="2" when="2008-04-23T10:06:00Z" by="phone.ana"/></sx:sync>
    </item>
    <x:audit xmlns:x="urn:example:audit" at="2008-04-23T10:07:00Z"/>
  </sx:conflicts>
</sx:sync>
`), "FS-NS-5", "FS-CONF-2", "FS-DEC-14", "FS-CANON-10"))
	add(fsValid("atom", "atom-xhtml-content", "xhtml text constructs and xml:space=\"preserve\": the whitespace inside them is content",
		fl("XHTMLContent"), ids("x"), fsAtomOne(`<content type="xhtml">
  <div xmlns="http://www.w3.org/1999/xhtml">
    <p>Line one</p>   <p>Line <b>two</b></p>
  </div>
</content>
<summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"> <em>a</em> <em>b</em> </div></summary>
<ex:code xmlns:ex="urn:example:ext" xml:space="preserve">  <ex:line/>  </ex:code>
`+fsSync1("x")), "FS-HOST-2", "FS-NS-5"))
	add(fsValid("rss", "rss-non-ascii", "titles and descriptions in French, Japanese, Greek and an emoji; an NSS with %-escaped UTF-8",
		fl("NonASCII"), ids("t%C3%A2che-1"), fsRSS(fsItemRaw(`<title>Tâche n° 1 — 買い物 ☕</title>
<description>Ελληνικά και 😀 (U+1F600)</description>
`+fsSync(`id="t%C3%A2che-1" updates="1"`, `<sx:history sequence="1" when="2008-04-23T10:00:00Z" by="ordinateur.ana"/>`+"\n"))), "FS-LEX-2"))
	add(fsValid("atom", "atom-non-ascii", "non-ASCII text and attribute values (xml:lang, a foreign attribute, sx:related title)",
		fl("NonASCII"), ids("%C3%BC"), fsAtom(`  <sx:sharing>
    <sx:related link="https://mesh.example/feeds/ümlaut" type="complete" title="Alle Aufgaben – Überblick"/>
  </sx:sharing>
`+fsEntry(1, `<content xml:lang="ja" type="text">牛乳を買う 🥛</content>
`+fsSync(`id="%C3%BC" updates="1"`, fsHist1))), "FS-REL-2"))
	add(fsValid("rss", "rss-character-data", "text written with character references, predefined entities, CDATA sections, comments and processing instructions",
		fl("CharacterData"), ids("task-1"), fsRSSOne(`<!-- a comment before the description -->
<description>Fish &amp; chips &lt;3 &#x20AC;5 &#8364; <![CDATA[<b>bold</b> & ]]]]><![CDATA[>]]><?ex keep?> end</description>
`+fsSync1("task-1")), "FS-NS-5"))
	add(fsValid("atom", "atom-bom-and-comments", "a UTF-8 byte order mark before the XML declaration and comments around the FeedSync elements",
		fl("CharacterData"), ids("task-1"), "\ufeff"+fsAtomOne("<!-- sync follows -->\n"+fsSync(`id="task-1" updates="1"`, "<!-- history -->\n"+fsHist1)), "FS-HOST-1"))
	add(fsValid("rss", "rss-attribute-whitespace", "attribute values with character references for tab and line feed in a foreign attribute, and spaces inside a sx:related title",
		fl("CharacterData", "ForeignMarkup"), ids("task-1"), strings.Replace(fsRSS(`    <sx:sharing>
      <sx:related link="https://mesh.example/f" type="complete" title="  two  spaces  "/>
    </sx:sharing>
`+fsItem(1, fsSync(`id="task-1" updates="1" ex:note="a&#9;b&#10;c"`, fsHist1))), fsRSSOpen,
			`<rss version="2.0" xmlns:sx="http://feedsync.org/2007/feedsync" xmlns:ex="urn:example:ext">`+"\n", 1), "FS-NS-5", "FS-LEX-1"))

	// Warnings only.
	add(fsValid("atom", "atom-history-when-only", "an sx:history without by, and one without when: FS-HIST-4 is a SHOULD",
		fl("Warning"), ids("w"), fsAtomOne(fsSync(`id="w" updates="2"`,
			`<sx:history sequence="2" when="2008-04-23T10:05:00Z"/>`+"\n"+`<sx:history sequence="1" by="laptop.ana"/>`+"\n")), "FS-HIST-3").warn("FS-HIST-4"))
	add(fsValid("rss", "rss-sequence-not-updates", "the topmost sequence differs from updates: allowed, with a warning",
		fl("Warning"), ids("s"), fsRSSOne(fsSync(`id="s" updates="3"`, `<sx:history sequence="5" when="2008-04-23T10:05:00Z" by="laptop.ana"/>`+"\n")), "FS-LEX-3").warn("FS-HIST-5"))
	add(fsValid("atom", "atom-noconflict-misspelt", "noconflict=\"true\" (misspelt) on an item with conflicts: not read as noconflicts, so no FS-CONF-8 warning; FS-SYNC-10 warns",
		fl("MisspeltAttribute", "Warning", "ConflictItems"), ids("m"), fsAtomOne(fsSync(`id="m" updates="2" noconflict="true"`,
			`<sx:history sequence="2" when="2008-04-23T10:05:00Z" by="laptop.ana"/>`+"\n"+
				fsConflicts("<entry>\n"+indent(2, fmt.Sprintf("<id>%s</id>\n<title>Other</title>\n<updated>%s</updated>\n", fsEntryID(1), fsWhen)+
					fsSync(`id="m" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:04:00Z" by="phone.ana"/>`+"\n"))+"</entry>\n"))),
		"FS-SYNC-9", "FS-NS-5").warn("FS-SYNC-10"))
	add(fsValid("rss", "rss-noconflicts-with-conflicts", "noconflicts=\"true\" on an item that keeps sx:conflicts: a SHOULD NOT",
		fl("Warning", "ConflictItems"), ids("k"), fsRSSOne(fsSync(`id="k" updates="2" noconflicts="true"`,
			`<sx:history sequence="2" when="2008-04-23T10:05:00Z" by="laptop.ana"/>`+"\n"+
				fsConflicts("<item>\n  <title>Other</title>\n"+indent(2, fsSync(`id="k" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:04:00Z" by="phone.ana"/>`+"\n"))+"</item>\n"))),
		"FS-CONF-6").warn("FS-CONF-8"))
	dup := "<item>\n  <title>Same</title>\n" + indent(2, fsSync(`id="d" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:04:00Z" by="phone.ana"/>`+"\n")) + "</item>\n"
	add(fsValid("rss", "rss-duplicate-conflict-items", "two identical conflict items: a SHOULD NOT",
		fl("Warning", "ConflictItems"), ids("d"), fsRSSOne(fsSync(`id="d" updates="2"`,
			`<sx:history sequence="2" when="2008-04-23T10:05:00Z" by="laptop.ana"/>`+"\n"+fsConflicts(dup+dup))), "FS-CONF-6").warn("FS-CONF-7"))

	// The nesting limit, at the limit: the document element is depth 1.
	add(fsValid("atom", "atom-depth-128", "elements nested 128 deep (feed, entry and 126 foreign elements): at the decoding limit, accepted",
		fl("DecodeLimit"), ids("deep"), fsAtomOne(fsNest(126)+fsSync1("deep")), "FS-NS-5"))

	// ----- Invalid documents: Validate reports violations. One primary rule per test.
	// v declares a document whose only violation is errReq; req names further requirements
	// the test checks.
	v := func(format, id, comment string, flags []string, errReq string, doc string, req ...string) fsDocCase {
		return fsInvalid(format, id, comment, flags, errReq, []string{errReq}, doc, req...)
	}
	add(fsInvalid("rss", "rss-worked-example-invalid", "the invalid RSS example of spec/feedsync.md §4.1: one violation of almost every kind; the first in report order is FS-SHARE-3 on line 6",
		fl("WorkedExample", "MultipleViolations"), "FS-SHARE-3",
		[]string{"FS-SHARE-3", "FS-REL-2", "FS-REL-3", "FS-LEX-2", "FS-LEX-3", "FS-LEX-4", "FS-LEX-5", "FS-HIST-3", "FS-NS-3", "FS-CONF-6", "FS-LEX-1", "FS-SYNC-2"},
		fsExampleRSSInvalid, "FS-VAL-1", "FS-VAL-3", "FS-VAL-4", "FS-SYNC-9").warn("FS-HIST-4", "FS-SYNC-10"))

	// Host formats.
	add(v("atom", "atom-feed-without-title", "atom:feed without atom:title", fl("HostFormat"), "FS-HOST-1",
		strings.Replace(fsAtomOne(fsSync1("a")), "  <title>Tasks</title>\n", "", 1)))
	add(v("atom", "atom-feed-two-ids", "atom:feed with two atom:id children", fl("HostFormat"), "FS-HOST-1",
		strings.Replace(fsAtomOne(fsSync1("a")), "  <title>Tasks</title>\n", "  <title>Tasks</title>\n  <id>urn:uuid:0</id>\n", 1)))
	add(v("atom", "atom-entry-without-updated", "an entry without atom:updated", fl("HostFormat"), "FS-HOST-2",
		fsAtom(fsEntryRaw(fmt.Sprintf("<id>%s</id>\n<title>T</title>\n", fsEntryID(1))+fsSync1("a")))))
	add(v("atom", "atom-conflict-entry-without-id", "a conflict entry without atom:id: conflict items obey the host format too", fl("HostFormat", "ConflictItems"), "FS-HOST-2",
		fsAtomOne(fsSync(`id="a" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:05:00Z" by="laptop.ana"/>`+"\n"+
			fsConflicts("<entry>\n"+indent(2, "<title>Other</title>\n<updated>"+fsWhen+"</updated>\n"+fsSync(`id="a" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:04:00Z" by="phone.ana"/>`+"\n"))+"</entry>\n")))))
	add(v("rss", "rss-channel-without-description", "a channel without description", fl("HostFormat"), "FS-HOST-3",
		strings.Replace(fsRSSOne(fsSync1("a")), "    <description>Shared tasks</description>\n", "", 1)))
	add(v("rss", "rss-two-channels", "rss with two channel elements", fl("HostFormat"), "FS-HOST-3",
		strings.Replace(fsRSSOne(fsSync1("a")), "  </channel>\n", "  </channel>\n"+fsRSSHead+"  </channel>\n", 1)))
	add(v("rss", "rss-item-without-title-or-description", "an item with neither title nor description", fl("HostFormat"), "FS-HOST-4",
		fsRSS(fsItemRaw(fmt.Sprintf("<guid isPermaLink=\"false\">%s</guid>\n", fsEntryID(1))+fsSync1("a")))))

	// Namespace rules.
	add(v("atom", "atom-unknown-sx-element", "sx:unpublished, an element of SSE 0.93's unpublishing behaviour, in sx:sync", fl("Misplaced", "LegacySSE"), "FS-NS-3",
		fsAtomOne(fsSync(`id="a" updates="1"`, fsHist1+"<sx:unpublished/>\n"))))
	add(v("rss", "rss-misspelt-sx-element", "sx:conflict (singular) in sx:sync", fl("Misplaced"), "FS-NS-3",
		fsRSSOne(fsSync(`id="a" updates="1"`, fsHist1+"<sx:conflict/>\n"))))
	add(v("atom", "atom-sx-attribute", "an attribute in the FeedSync namespace (sx:id) on sx:sync besides id", fl("Misplaced"), "FS-NS-3",
		fsAtomOne(fsSync(`id="a" sx:id="b" updates="1"`, fsHist1))))
	add(v("rss", "rss-text-in-history", "character data inside sx:history", fl("Misplaced"), "FS-NS-4",
		fsRSSOne(fsSync(`id="a" updates="1"`, `<sx:history sequence="1" when="2008-04-23T10:00:00Z" by="laptop.ana">created</sx:history>`+"\n"))))
	add(v("atom", "atom-text-in-sync", "character data inside sx:sync", fl("Misplaced"), "FS-NS-4",
		fsAtomOne(fsSync(`id="a" updates="1"`, fsHist1+"note\n"))))

	// Lexical rules.
	add(fsBoth(func(format string, one func(string) string) fsDocCase {
		return v(format, "blank-id", "sx:sync id of two spaces: reported as blank (FS-LEX-1), not as a bad NSS", fl("MissingAttribute"), "FS-LEX-1",
			one(fsSync(`id="  " updates="1"`, fsHist1)), "FS-VAL-3")
	})...)
	add(v("rss", "rss-empty-when", "sx:history when=\"\"", fl("MissingAttribute"), "FS-LEX-1",
		fsRSSOne(fsSync(`id="a" updates="1"`, `<sx:history sequence="1" when="" by="laptop.ana"/>`+"\n"))))
	add(v("atom", "atom-empty-related-title", "sx:related with title=\"\"", fl("MissingAttribute"), "FS-LEX-1",
		fsAtom("  <sx:sharing>\n    <sx:related link=\"https://mesh.example/f\" type=\"complete\" title=\"\"/>\n  </sx:sharing>\n"+fsEntry(1, fsSync1("a")))))
	add(v("atom", "atom-id-with-space", "sx:sync id containing a space, which an NSS cannot", fl("LexicalForm"), "FS-LEX-2",
		fsAtomOne(fsSync1("task 1"))))
	add(v("rss", "rss-by-bad-escape", "sx:history by with % not followed by two hex digits", fl("LexicalForm"), "FS-LEX-2",
		fsRSSOne(fsSync(`id="a" updates="1"`, `<sx:history sequence="1" when="2008-04-23T10:00:00Z" by="laptop%zz"/>`+"\n"))))
	add(v("atom", "atom-id-nul-escape", "sx:sync id with %00", fl("LexicalForm"), "FS-LEX-2", fsAtomOne(fsSync1("a%00b"))))
	add(v("rss", "rss-id-raw-non-ascii", "sx:sync id with a raw non-ASCII character (an NSS needs it %-escaped)", fl("LexicalForm", "NonASCII"), "FS-LEX-2",
		fsRSSOne(fsSync1("tâche"))))
	for _, lc := range []struct{ id, attr, val, comment string }{
		{"updates-leading-zero", "updates", "01", "updates=\"01\""},
		{"updates-plus-sign", "updates", "+1", "updates=\"+1\""},
		{"updates-zero", "updates", "0", "updates=\"0\": not a count of updates"},
		{"updates-too-large", "updates", "2147483648", "updates=\"2147483648\", 2^31"},
		{"updates-space", "updates", " 1", "updates=\" 1\" with a leading space"},
	} {
		add(fsBoth(func(format string, one func(string) string) fsDocCase {
			flags := fl("LexicalForm")
			if lc.id == "updates-too-large" {
				flags = fl("ValueBoundary")
			}
			return v(format, lc.id, lc.comment, flags, "FS-LEX-3", one(fsSync(`id="a" updates="`+lc.val+`"`, fsHist1)))
		})...)
	}
	add(v("rss", "rss-sequence-zero", "sx:history sequence=\"0\"", fl("LexicalForm"), "FS-LEX-3",
		fsRSSOne(fsSync(`id="a" updates="1"`, `<sx:history sequence="0" when="2008-04-23T10:00:00Z" by="laptop.ana"/>`+"\n"))))
	add(v("atom", "atom-deleted-upper-case", "deleted=\"True\"", fl("LexicalForm"), "FS-LEX-4",
		fsAtomOne(fsSync(`id="a" updates="1" deleted="True"`, fsHist1))))
	add(v("rss", "rss-noconflicts-digit", "noconflicts=\"1\", an XML Schema boolean spelling FeedSync does not allow", fl("LexicalForm"), "FS-LEX-4",
		fsRSSOne(fsSync(`id="a" updates="1" noconflicts="1"`, fsHist1))))
	for _, dc := range []struct{ id, val, comment string }{
		{"when-fraction", "2008-04-23T10:00:00.5Z", "fractional seconds"},
		{"when-offset", "2008-04-23T12:00:00+02:00", "a numeric offset"},
		{"when-lower-case", "2008-04-23t10:00:00z", "lower-case t and z"},
		{"when-not-leap-year", "2007-02-29T10:00:00Z", "29 February of a year that is not a leap year"},
		{"when-leap-second", "2008-12-31T23:59:60Z", "a leap second"},
	} {
		flags := fl("LexicalForm")
		if dc.id == "when-not-leap-year" || dc.id == "when-leap-second" {
			flags = fl("ValueBoundary")
		}
		add(fsBoth(func(format string, one func(string) string) fsDocCase {
			return v(format, dc.id, "sx:history when with "+dc.comment+": "+dc.val, flags, "FS-LEX-5",
				one(fsSync(`id="a" updates="1"`, `<sx:history sequence="1" when="`+dc.val+`" by="laptop.ana"/>`+"\n")))
		})...)
	}
	add(v("atom", "atom-expires-date-only", "sx:sharing expires=\"2008-05-23\"", fl("LexicalForm"), "FS-LEX-5",
		fsAtom("  <sx:sharing expires=\"2008-05-23\"/>\n"+fsEntry(1, fsSync1("a")))))

	// sx:sharing and sx:related.
	add(v("atom", "atom-sharing-in-entry", "sx:sharing as a child of an entry", fl("Misplaced"), "FS-SHARE-1",
		fsAtomOne("<sx:sharing/>\n"+fsSync1("a"))))
	add(v("rss", "rss-sharing-in-rss", "sx:sharing as a child of rss, not of the channel", fl("Misplaced"), "FS-SHARE-1",
		strings.Replace(fsRSSOne(fsSync1("a")), fsRSSHead, "  <sx:sharing/>\n"+fsRSSHead, 1)))
	add(v("rss", "rss-two-sharing", "two sx:sharing in the channel", fl("Misplaced"), "FS-SHARE-2",
		fsRSS("    <sx:sharing/>\n    <sx:sharing since=\"1\" until=\"2\"/>\n"+fsItem(1, fsSync1("a")))))
	add(v("atom", "atom-until-without-since", "sx:sharing with until and no since", fl("MissingAttribute"), "FS-SHARE-3",
		fsAtom("  <sx:sharing until=\"2008-04-23T10:07:00Z\"/>\n"+fsEntry(1, fsSync1("a")))))
	add(v("rss", "rss-since-after-until", "since greater than until, compared as octets", fl("MissingAttribute"), "FS-SHARE-4",
		fsRSS("    <sx:sharing since=\"2008-04-23T10:07:01Z\" until=\"2008-04-23T10:07:00Z\"/>\n"+fsItem(1, fsSync1("a")))))
	add(v("atom", "atom-since-prefix-order", "since \"ab\" and until \"a\": a proper prefix is the smaller, so since is greater", fl("ValueBoundary"), "FS-SHARE-4",
		fsAtom("  <sx:sharing since=\"ab\" until=\"a\"/>\n"+fsEntry(1, fsSync1("a")))).warn("FS-SHARE-5"))
	add(v("atom", "atom-related-in-feed", "sx:related as a child of atom:feed", fl("Misplaced"), "FS-REL-1",
		fsAtom("  <sx:related link=\"https://mesh.example/f\" type=\"complete\"/>\n"+fsEntry(1, fsSync1("a")))))
	for _, rc := range []struct{ id, attrs, req, comment string }{
		{"related-relative-link", `link="complete.xml" type="complete"`, "FS-REL-2", "a relative link"},
		{"related-network-path", `link="//mesh.example/f" type="complete"`, "FS-REL-2", "a network-path reference"},
		{"related-no-link", `type="complete"`, "FS-REL-2", "no link"},
		{"related-type-case", `link="https://mesh.example/f" type="Complete"`, "FS-REL-3", "type=\"Complete\""},
		{"related-no-type", `link="https://mesh.example/f"`, "FS-REL-3", "no type"},
		{"related-unknown-type", `link="https://mesh.example/f" type="partial"`, "FS-REL-3", "type=\"partial\""},
	} {
		flags := fl("LexicalForm")
		if strings.HasSuffix(rc.id, "no-link") || strings.HasSuffix(rc.id, "no-type") {
			flags = fl("MissingAttribute")
		}
		add(fsBoth(func(format string, one func(string) string) fsDocCase {
			var doc string
			if format == "atom" {
				doc = fsAtom("  <sx:sharing>\n    <sx:related " + rc.attrs + "/>\n  </sx:sharing>\n" + fsEntry(1, fsSync1("a")))
			} else {
				doc = fsRSS("    <sx:sharing>\n      <sx:related " + rc.attrs + "/>\n    </sx:sharing>\n" + fsItem(1, fsSync1("a")))
			}
			return v(format, rc.id, "sx:related with "+rc.comment, flags, rc.req, doc)
		})...)
	}

	// sx:sync.
	add(v("atom", "atom-sync-in-feed", "sx:sync as a child of atom:feed", fl("Misplaced"), "FS-SYNC-1",
		fsAtom("  "+fsSync1("a")+fsEntry(1, fsSync1("b")))))
	add(v("rss", "rss-sync-in-guid", "sx:sync inside the item's guid, not a child of the item", fl("Misplaced"), "FS-SYNC-1",
		fsRSS(fsItemRaw("<title>T</title>\n<guid isPermaLink=\"false\">g"+strings.TrimSuffix(fsSync(`id="a" updates="1"`, ""), "\n")+"</guid>\n"))))
	add(v("atom", "atom-two-syncs", "two sx:sync in one entry", fl("Misplaced"), "FS-SYNC-2",
		fsAtomOne(fsSync1("a")+fsSync1("b"))))
	add(fsBoth(func(format string, one func(string) string) fsDocCase {
		return v(format, "sync-no-id", "sx:sync without id", fl("MissingAttribute"), "FS-SYNC-3", one(fsSync(`updates="1"`, fsHist1)))
	})...)
	add(fsBoth(func(format string, one func(string) string) fsDocCase {
		return v(format, "sync-no-updates", "sx:sync without updates", fl("MissingAttribute"), "FS-SYNC-5", one(fsSync(`id="a"`, fsHist1)))
	})...)
	add(v("atom", "atom-duplicate-id", "two entries with the same sx:sync id", fl("MissingAttribute"), "FS-SYNC-4",
		fsAtom(fsEntry(1, fsSync1("same"))+fsEntry(2, fsSync1("same")))))
	add(v("rss", "rss-duplicate-id", "three items, the first and third with the same sx:sync id", fl("MissingAttribute"), "FS-SYNC-4",
		fsRSS(fsItem(1, fsSync1("x"))+fsItem(2, fsSync1("y"))+fsItem(3, fsSync1("x")))))
	add(v("rss", "rss-ids-differ-in-case", "ids are compared octet by octet: items Task and task are not duplicates (no FS-SYNC-4), and a conflict item with id Task under the item task has another id",
		fl("ConflictItems"), "FS-CONF-4",
		fsRSS(fsItem(1, fsSync1("Task"))+fsItem(2, fsSync(`id="task" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:05:00Z" by="laptop.ana"/>`+"\n"+
			fsConflicts("<item>\n  <title>Other</title>\n"+indent(2, fsSync1("Task"))+"</item>\n")))), "FS-SYNC-4"))
	add(fsBoth(func(format string, one func(string) string) fsDocCase {
		return v(format, "sync-no-history", "sx:sync without sx:history", fl("MissingAttribute"), "FS-SYNC-7", one(fsSync(`id="a" updates="1"`, "")))
	})...)
	add(v("atom", "atom-two-conflicts", "two sx:conflicts in one sx:sync", fl("Misplaced", "ConflictItems"), "FS-SYNC-8",
		fsAtomOne(fsSync(`id="a" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:05:00Z" by="laptop.ana"/>`+"\n"+
			fsConflicts(fsEntryRaw(fmt.Sprintf("<id>%s</id>\n<title>O</title>\n<updated>%s</updated>\n", fsEntryID(1), fsWhen)+fsSync1("a")))+
			fsConflicts(fsEntryRaw(fmt.Sprintf("<id>%s</id>\n<title>P</title>\n<updated>%s</updated>\n", fsEntryID(1), fsWhen)+fsSync1("a")))))))

	// sx:history.
	add(v("rss", "rss-history-in-item", "sx:history as a child of the item, outside sx:sync", fl("Misplaced"), "FS-HIST-1",
		fsRSSOne(fsHist1+fsSync1("a"))))
	add(fsBoth(func(format string, one func(string) string) fsDocCase {
		return v(format, "history-no-sequence", "sx:history without sequence", fl("MissingAttribute"), "FS-HIST-2",
			one(fsSync(`id="a" updates="1"`, `<sx:history when="2008-04-23T10:00:00Z" by="laptop.ana"/>`+"\n")))
	})...)
	add(fsBoth(func(format string, one func(string) string) fsDocCase {
		return v(format, "history-no-when-no-by", "sx:history with a sequence only", fl("MissingAttribute"), "FS-HIST-3",
			one(fsSync(`id="a" updates="1"`, `<sx:history sequence="1"/>`+"\n")))
	})...)

	// sx:conflicts.
	add(v("atom", "atom-conflicts-in-entry", "sx:conflicts as a child of the entry, outside sx:sync", fl("Misplaced"), "FS-CONF-1",
		fsAtomOne(fsConflicts(fsEntryRaw(fmt.Sprintf("<id>%s</id>\n<title>O</title>\n<updated>%s</updated>\n", fsEntryID(1), fsWhen)+fsSync1("a")))+fsSync1("a"))))
	add(v("atom", "atom-rss-item-in-conflicts", "an RSS item in the sx:conflicts of an Atom feed", fl("OtherFormatItem", "ConflictItems"), "FS-CONF-2",
		fsAtomOne(fsSync(`id="a" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:05:00Z" by="laptop.ana"/>`+"\n"+
			fsConflicts(fsEntryRaw(fmt.Sprintf("<id>%s</id>\n<title>O</title>\n<updated>%s</updated>\n", fsEntryID(1), fsWhen)+fsSync1("a"))+
				`<item xmlns=""><title>P</title>`+strings.TrimSuffix(fsSync1("a"), "\n")+"</item>\n")))))
	add(v("rss", "rss-atom-entry-in-conflicts", "an atom:entry in the sx:conflicts of an RSS feed", fl("OtherFormatItem", "ConflictItems"), "FS-CONF-2",
		fsRSSOne(fsSync(`id="a" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:05:00Z" by="laptop.ana"/>`+"\n"+
			fsConflicts("<item>\n  <title>O</title>\n"+indent(2, fsSync1("a"))+"</item>\n"+`<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:x</id><title>O</title><updated>`+fsWhen+`</updated>`+strings.TrimSuffix(fsSync1("a"), "\n")+"</entry>\n")))))
	add(fsBoth(func(format string, one func(string) string) fsDocCase {
		item := "<item>\n  <title>Other</title>\n</item>\n"
		if format == "atom" {
			item = fsEntryRaw(fmt.Sprintf("<id>%s</id>\n<title>O</title>\n<updated>%s</updated>\n", fsEntryID(1), fsWhen))
		}
		return v(format, "conflict-item-without-sync", "a conflict item without sx:sync", fl("MissingAttribute", "ConflictItems"), "FS-CONF-3",
			one(fsSync(`id="a" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:05:00Z" by="laptop.ana"/>`+"\n"+fsConflicts(item))))
	})...)
	add(v("atom", "atom-conflict-item-other-id", "a conflict item whose sx:sync id is not its item's", fl("ConflictItems"), "FS-CONF-4",
		fsAtomOne(fsSync(`id="a" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:05:00Z" by="laptop.ana"/>`+"\n"+
			fsConflicts(fsEntryRaw(fmt.Sprintf("<id>%s</id>\n<title>O</title>\n<updated>%s</updated>\n", fsEntryID(1), fsWhen)+
				fsSync(`id="b" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:04:00Z" by="phone.ana"/>`+"\n")))))))
	add(v("rss", "rss-nested-conflicts", "a conflict item with sx:conflicts of its own", fl("ConflictItems"), "FS-CONF-5",
		fsRSSOne(fsSync(`id="a" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:05:00Z" by="laptop.ana"/>`+"\n"+
			fsConflicts("<item>\n  <title>O</title>\n"+indent(2, fsSync(`id="a" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:04:00Z" by="phone.ana"/>`+"\n"+
				fsConflicts("<item>\n  <title>P</title>\n"+indent(2, fsSync(`id="a" updates="2"`, `<sx:history sequence="2" when="2008-04-23T10:03:00Z" by="desk.ana"/>`+"\n"))+"</item>\n")))+"</item>\n")))))
	add(fsBoth(func(format string, one func(string) string) fsDocCase {
		return v(format, "empty-conflicts", "an empty sx:conflicts", fl("MissingAttribute", "ConflictItems"), "FS-CONF-6",
			one(fsSync(`id="a" updates="1"`, fsHist1+"<sx:conflicts/>\n")))
	})...)

	add(fsValid("atom", "atom-canonical-worked-example", "the worked example of spec/feedsync.md §6.1 in a feed with the elements Atom requires, and the entry's atom:id and atom:updated added as its first children; its canonical bytes are the example's output with those two elements added",
		fl("WorkedExample", "CanonicalBytes", "PrefixIndependence", "CharacterData"), ids("item_1"), `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:s="http://feedsync.org/2007/feedsync"
      xmlns:geo="http://www.w3.org/2003/01/geo/wgs84_pos#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <id>urn:uuid:60a76c80-d399-11d9-b93c-0003939e0af6</id>
  <title>Tasks</title>
  <updated>2008-04-23T13:02:11Z</updated>
  <author><name>Ana</name></author>
  <entry>
    <id>urn:uuid:3f2504e0-4f89-11d3-9a0c-0305e82c0001</id>
    <updated>2008-04-23T13:02:11Z</updated>
    <s:sync updates="2" id="item_1">
      <s:history when="2008-04-23T13:02:11Z" sequence="2" by="REO1750"/>
      <!-- a comment -->
      <s:history sequence="1" by="JEO2000"></s:history>
    </s:sync>
    <title type="text">Fish &amp; chips <![CDATA[< 5€]]></title>
    <dc:subject xmlns:x="urn:x" x:b='say "hi"' x:a="1&#10;2">food</dc:subject>
    <geo:lat>47.64</geo:lat>
    <rel xmlns="">a&#9;b&#13;</rel>
  </entry>
</feed>
`, "FS-NS-1", "FS-CANON-2", "FS-CANON-5", "FS-CANON-7", "FS-CANON-8", "FS-DEC-12", "FS-DEC-13").warn("FS-HIST-4").
		canon(0, `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync" xmlns:n1="http://purl.org/dc/elements/1.1/" xmlns:n2="urn:x" xmlns:n3="http://www.w3.org/2003/01/geo/wgs84_pos#">`+
			`<id>urn:uuid:3f2504e0-4f89-11d3-9a0c-0305e82c0001</id><updated>2008-04-23T13:02:11Z</updated>`+
			`<title type="text">Fish &amp; chips &lt; 5€</title><n1:subject n2:a="1&#xA;2" n2:b="say &quot;hi&quot;">food</n1:subject><n3:lat>47.64</n3:lat><rel xmlns="">a	b&#xD;</rel><sx:sync id="item_1" updates="2"><sx:history by="REO1750" sequence="2" when="2008-04-23T13:02:11Z"/><sx:history by="JEO2000" sequence="1"/></sx:sync></entry>`))
	add(fsValid("rss", "rss-no-xml-declaration", "a document without an XML declaration", nil, ids("task-1"),
		strings.TrimPrefix(fsRSSOne(fsSync1("task-1")), fsXMLDecl), "FS-DEC-1"))
	add(fsValid("atom", "atom-encoding-upper-case", "encoding=\"UTF-8\" in upper case: the name is compared case-insensitively", nil, ids("task-1"),
		strings.Replace(fsAtomOne(fsSync1("task-1")), `encoding="utf-8"`, `encoding="UTF-8"`, 1), "FS-DEC-1"))
	add(fsValid("atom", "atom-preserve-not-inherited-by-items", "xml:space=\"preserve\" on atom:feed: the preserve context starts afresh at each entry, so whitespace between the entry's elements is dropped and the canonical bytes do not depend on the feed",
		fl("XHTMLContent", "CanonicalBytes"), ids("task-1"), strings.Replace(fsAtomOne(fsSync1("task-1")), fsAtomOpen,
			`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync" xml:space="preserve">`+"\n", 1), "FS-DEC-11").
		canon(0, `<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync">`+
			`<id>`+fsEntryID(1)+`</id><title>Task 1</title><updated>`+fsWhen+`</updated>`+
			`<sx:sync id="task-1" updates="1"><sx:history by="laptop.ana" sequence="1" when="`+fsWhen+`"/></sx:sync></entry>`))
	add(fsValid("rss", "rss-attribute-normalization", "a literal tab and carriage return in a foreign attribute value are normalized to spaces, while character references to tab and line feed are kept",
		fl("CharacterData", "ForeignMarkup", "CanonicalBytes"), ids("task-1"), strings.Replace(fsRSSOne(fsSync(`id="task-1" updates="1" ex:a="1`+"\t2\r"+`3" ex:b="1&#9;2&#10;3"`, fsHist1)), fsRSSOpen, `<rss version="2.0" xmlns:sx="http://feedsync.org/2007/feedsync" xmlns:ex="urn:example:ext">`+"\n", 1), "FS-DEC-10", "FS-CANON-7").
		canon(0, `<item xmlns:sx="http://feedsync.org/2007/feedsync" xmlns:n1="urn:example:ext">`+
			`<title>Task 1</title><guid isPermaLink="false">`+fsEntryID(1)+`</guid>`+
			`<sx:sync id="task-1" updates="1" n1:a="1 2 3" n1:b="1&#x9;2&#xA;3"><sx:history by="laptop.ana" sequence="1" when="`+fsWhen+`"/></sx:sync></item>`))

	// ----- Decoding failures.
	add(fsRefused("atom", "atom-unclosed-element", "the entry is never closed", fl("MalformedXML"), fsSyntax, "FS-DEC-2",
		strings.Replace(fsAtomOne(fsSync1("a")), "  </entry>\n", "", 1)))
	add(fsRefused("rss", "rss-mismatched-end-tag", "</item> closes <title>", fl("MalformedXML"), fsSyntax, "FS-DEC-2",
		strings.Replace(fsRSSOne(fsSync1("a")), "<title>Task 1</title>", "<title>Task 1</item>", 1)))
	add(fsRefused("atom", "atom-undeclared-prefix", "the prefix sx used without a declaration", fl("MalformedXML", "PrefixIndependence"), fsSyntax, "FS-DEC-2",
		strings.Replace(fsAtomOne(fsSync1("a")), fsAtomOpen, `<feed xmlns="http://www.w3.org/2005/Atom">`+"\n", 1)))
	add(fsRefused("rss", "rss-duplicate-attribute", "sx:sync with the attribute id twice", fl("MalformedXML"), fsSyntax, "FS-DEC-2",
		fsRSSOne(fsSync(`id="a" id="b" updates="1"`, fsHist1))))
	add(fsRefused("atom", "atom-undeclared-entity", "&nbsp;, an entity XML does not predefine, without a DTD", fl("EntityExpansion"), fsSyntax, "FS-DEC-2",
		fsAtomOne("<content>a&nbsp;b</content>\n"+fsSync1("a"))))
	add(fsRefused("rss", "rss-text-after-root", "text after the document element", fl("MalformedXML"), fsSyntax, "FS-DEC-2",
		fsRSSOne(fsSync1("a"))+"trailing\n"))
	add(fsRefused("rss", "rss-091-doctype", "the RSS 0.91 DOCTYPE of Netscape", fl("Doctype"), fsDTD, "FS-DEC-3",
		strings.Replace(fsRSSOne(fsSync1("a")), fsRSSOpen, `<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">`+"\n"+fsRSSOpen, 1)))
	add(fsRefused("atom", "atom-billion-laughs", "entity declarations that expand exponentially, used in a title", fl("EntityExpansion"), fsDTD, "FS-DEC-3",
		strings.Replace(strings.Replace(fsAtomOne(fsSync1("a")), fsAtomOpen, `<!DOCTYPE feed [
  <!ENTITY a "lol">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
`+fsAtomOpen, 1), "<title>Task 1</title>", "<title>&c;</title>", 1)))
	add(fsRefused("rss", "rss-external-entity", "an external entity naming /etc/passwd, used in a description", fl("ExternalEntity"), fsDTD, "FS-DEC-3",
		strings.Replace(fsRSS(fsItemRaw("<description>&x;</description>\n"+fsSync1("a"))), fsRSSOpen, `<!DOCTYPE rss [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>`+"\n"+fsRSSOpen, 1)))
	add(fsRefused("atom", "atom-sse-093", "the SSE 0.93 namespace instead of FeedSync's", fl("LegacySSE"), fsSSE, "FS-DEC-4",
		strings.Replace(fsAtomOne(fsSync1("a")), feedsync.Namespace, feedsync.SSE093Namespace, 1), "FS-NS-2"))
	add(fsRefused("rss", "rss-sse-091", "the SSE 0.91 namespace declared beside FeedSync's, on an element inside the item", fl("LegacySSE"), fsSSE, "FS-DEC-4",
		fsRSSOne(`<sse:update xmlns:sse="http://www.microsoft.com/schemas/rss/sse"/>`+"\n"+fsSync1("a")), "FS-NS-2"))
	add(fsRefused("atom", "atom-entry-document", "an Atom entry document: the document element is atom:entry", fl("NotAFeed"), fsNotFeed, "FS-DEC-5",
		fsXMLDecl+`<entry xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync">`+"\n"+
			indent(2, fmt.Sprintf("<id>%s</id>\n<title>T</title>\n<updated>%s</updated>\n", fsEntryID(1), fsWhen)+fsSync1("a"))+"</entry>\n"))
	add(fsRefused("atom", "atom-03-namespace", "an Atom 0.3 feed (namespace http://purl.org/atom/ns#)", fl("NotAFeed"), fsNotFeed, "FS-DEC-5",
		strings.Replace(fsAtomOne(fsSync1("a")), feedsync.AtomNamespace, "http://purl.org/atom/ns#", 1)))
	add(fsRefused("rss", "rss-10-rdf", "an RSS 1.0 document: the document element is rdf:RDF", fl("NotAFeed"), fsNotFeed, "FS-DEC-5",
		fsXMLDecl+`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">`+"\n"+
			`  <channel rdf:about="https://mesh.example/"><title>T</title><link>https://mesh.example/</link><description>D</description></channel>`+"\n</rdf:RDF>\n"))
	add(fsRefused("rss", "rss-latin-1", "encoding=\"ISO-8859-1\" declared, with a Latin-1 é in a title", fl("NotUTF8"), fsEncoding, "FS-DEC-1",
		strings.Replace(strings.Replace(fsRSSOne(fsSync1("a")), `encoding="utf-8"`, `encoding="ISO-8859-1"`, 1), "Task 1", "T\xe2che 1", 1)))
	add(fsRefused("atom", "atom-utf-16-bom", "a UTF-16 (little-endian) byte order mark", fl("NotUTF8"), fsEncoding, "FS-DEC-1",
		"\xff\xfe"+fsUTF16LE(strings.Replace(fsAtomOne(fsSync1("a")), `encoding="utf-8"`, `encoding="utf-16"`, 1))))
	add(fsRefused("atom", "atom-depth-129", "elements nested 129 deep: one beyond the decoding limit", fl("DecodeLimit"), fsLimit, "FS-DEC-6",
		fsAtomOne(fsNest(127)+fsSync1("deep"))))
	add(fsRefused("rss", "rss-257-attributes", "257 attributes on one foreign element: one beyond the limit of 256", fl("DecodeLimit"), fsLimit, "FS-DEC-6",
		fsRSSOne(fsManyAttrs(257)+fsSync1("a"))))
	// The name limit counts the bytes of the qualified name, prefix and colon included. The
	// names here have no prefix and no namespace (so that the canonical bytes, which choose
	// their own prefixes, keep the name at 1024 bytes). A prefixed name of 1025 bytes (x: and
	// 1023 letters) is not yet a test because the reference accepts it (it does not count the
	// colon).
	add(fsRefused("atom", "atom-name-1025-bytes", "an element in no namespace whose name is 1025 bytes: one beyond the limit of 1024", fl("DecodeLimit"), fsLimit, "FS-DEC-6",
		fsAtomOne("<"+strings.Repeat("n", 1025)+` xmlns=""/>`+"\n"+fsSync1("a"))))
	add(fsValid("atom", "atom-name-1024-bytes", "an element in no namespace whose name is 1024 bytes: at the limit, accepted", fl("DecodeLimit", "ForeignMarkup"), ids("a"),
		fsAtomOne("<"+strings.Repeat("n", 1024)+` xmlns=""/>`+"\n"+fsSync1("a")), "FS-NS-5"))
	add(fsRefused("rss", "rss-limit-before-sse", "a start tag with 257 attributes, one of them declaring the SSE 0.93 namespace: limits are checked before namespaces", fl("DecodeLimit", "LegacySSE"), fsLimit, "FS-DEC-6",
		fsRSSOne(strings.Replace(fsManyAttrs(257), `xmlns:x="urn:example:many"`, `xmlns:x="http://www.microsoft.com/schemas/sse"`, 1)+fsSync1("a")), "FS-DEC-7"))
	add(fsRefused("rss", "rss-sse-before-not-feed", "an rdf:RDF document element that declares the SSE 0.91 namespace: SSE is reported before not-feed", fl("LegacySSE", "NotAFeed"), fsSSE, "FS-DEC-4",
		fsXMLDecl+`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:sx="http://www.microsoft.com/schemas/rss/sse"/>`+"\n", "FS-DEC-7"))
	add(fsRefused("atom", "atom-dtd-before-not-feed", "a DOCTYPE before an html document element: the first failure in document order is the declaration", fl("Doctype", "NotAFeed"), fsDTD, "FS-DEC-3",
		"<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"/>\n", "FS-DEC-7"))
	add(fsRefused("rss", "rss-invalid-utf-8", "a byte 0xff in a title, which is not UTF-8, without an encoding declaration", fl("MalformedXML", "NotUTF8"), fsSyntax, "FS-DEC-2",
		strings.Replace(fsRSSOne(fsSync1("a")), "Task 1", "Task \xff", 1)))
	add(fsRefused("atom", "atom-control-character", "a character reference to U+0001, which is not an XML Char", fl("MalformedXML"), fsSyntax, "FS-DEC-2",
		fsAtomOne("<content>a&#1;b</content>\n"+fsSync1("a"))))
	add(fsRefused("rss", "rss-undeclared-prefix-binding", "xmlns:ex=\"\" undeclares a prefix, which Namespaces in XML 1.0 forbids", fl("MalformedXML"), fsSyntax, "FS-DEC-2",
		fsRSSOne(`<ex:a xmlns:ex="urn:example:ext"><ex:b xmlns:ex=""/></ex:a>`+"\n"+fsSync1("a"))))
	add(fsRefused("atom", "atom-second-document-element", "a second feed element after the first", fl("MalformedXML"), fsSyntax, "FS-DEC-2",
		fsAtomOne(fsSync1("a"))+strings.TrimPrefix(fsAtomOne(fsSync1("b")), fsXMLDecl)))
	add(fsValid("rss", "rss-256-attributes", "256 attributes on one foreign element: at the limit, accepted",
		fl("DecodeLimit", "ForeignMarkup"), ids("a"), fsRSSOne(fsManyAttrs(256)+fsSync1("a")), "FS-NS-5"))
	return cs
}

// fsNest is n nested foreign elements with text at the bottom, on one line.
func fsNest(n int) string {
	return strings.Repeat(`<n:e xmlns:n="urn:example:nest">`, 1) + strings.Repeat("<n:e>", n-1) + "x" + strings.Repeat("</n:e>", n) + "\n"
}

// fsManyAttrs is a foreign element with n attributes (its namespace declaration counted).
func fsManyAttrs(n int) string {
	var b strings.Builder
	b.WriteString(`<x:many xmlns:x="urn:example:many"`)
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, ` a%d="%d"`, i, i)
	}
	b.WriteString("/>\n")
	return b.String()
}

// fsUTF16LE encodes ASCII text as UTF-16LE.
func fsUTF16LE(s string) string {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return string(b)
}
