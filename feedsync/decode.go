package feedsync

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Sentinel kinds of *DecodeError, for errors.Is (spec/feedsync.md §5). Decoding fails only
// on these; every FeedSync rule is left to Validate.
var (
	ErrSyntax   = errors.New("malformed XML")                       // [FS-DEC-2]
	ErrDTD      = errors.New("DTD or entity declaration")           // [FS-DEC-3]
	ErrLimit    = errors.New("decode limit exceeded")               // [FS-DEC-6]
	ErrSSE      = errors.New("SSE 0.9x namespace")                  // [FS-DEC-4]
	ErrNotFeed  = errors.New("document element is not a feed")      // [FS-DEC-5]
	ErrEncoding = errors.New("character encoding other than UTF-8") // [FS-DEC-1]
)

// DecodeError is the one error type of Decode. Kind is one of the sentinels above (errors.Is
// matches it), Req the requirement ID of the rule, Line the 1-based line where the problem was
// found (0 when it concerns the whole document, such as its size).
type DecodeError struct {
	Kind error
	Req  string
	Line int
	Msg  string
}

func (e *DecodeError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("feedsync: decode: line %d: %s: %s [%s]", e.Line, e.Kind, e.Msg, e.Req)
	}
	return fmt.Sprintf("feedsync: decode: %s: %s [%s]", e.Kind, e.Msg, e.Req)
}

// Unwrap returns Kind, so that errors.Is(err, ErrSyntax) and the like work.
func (e *DecodeError) Unwrap() error { return e.Kind }

// DecodeOptions are the limits of decoding (spec/feedsync.md §5.3). A zero field means the
// default. The defaults are interoperability minima: every implementation accepts documents
// within them, so a publisher that stays within them is read everywhere.
type DecodeOptions struct {
	MaxBytes   int64 // document size in bytes; default 32 MiB
	MaxDepth   int   // element nesting, the document element being depth 1; default 128
	MaxAttrLen int   // bytes of one attribute value (namespace declarations included); default 64 KiB
	MaxAttrs   int   // attributes of one start tag, namespace declarations included; default 256
	MaxNameLen int   // bytes of a name's prefix and, separately, of its local part; default 1024
	MaxItems   int   // items in the feed, conflict items included; default 1,000,000
}

// Default limits ([FS-DEC-6]).
const (
	DefaultMaxBytes   = 32 << 20
	DefaultMaxDepth   = 128
	DefaultMaxAttrLen = 64 << 10
	DefaultMaxAttrs   = 256
	DefaultMaxNameLen = 1024
	DefaultMaxItems   = 1_000_000
)

func (o DecodeOptions) withDefaults() DecodeOptions {
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxAttrLen <= 0 {
		o.MaxAttrLen = DefaultMaxAttrLen
	}
	if o.MaxAttrs <= 0 {
		o.MaxAttrs = DefaultMaxAttrs
	}
	if o.MaxNameLen <= 0 {
		o.MaxNameLen = DefaultMaxNameLen
	}
	if o.MaxItems <= 0 {
		o.MaxItems = DefaultMaxItems
	}
	return o
}

// Decode reads a FeedSync feed (Atom 1.0 or RSS 2.0) with the default limits. It fails only
// on what cannot be read at all (a *DecodeError); a document that breaks FeedSync rules
// decodes, and Validate reports what is wrong with it.
func Decode(r io.Reader) (*Feed, error) { return DecodeOptions{}.Decode(r) }

// errTooBig is returned by the limited read.
var errTooBig = errors.New("too big")

// Decode reads a feed with the limits of o.
func (o DecodeOptions) Decode(r io.Reader) (*Feed, error) {
	o = o.withDefaults()
	// The size check comes first ([FS-DEC-7]): at most MaxBytes+1 bytes are ever read.
	data, err := readLimited(r, o.MaxBytes)
	if err == errTooBig {
		return nil, &DecodeError{Kind: ErrLimit, Req: "FS-DEC-7", Msg: fmt.Sprintf("document longer than %d bytes", o.MaxBytes)}
	}
	if err != nil {
		return nil, err // an I/O error of r, not a property of the document
	}
	return decodeBytes(data, o)
}

func readLimited(r io.Reader, max int64) ([]byte, error) {
	if br, ok := r.(*bytes.Reader); ok && int64(br.Len()) > max {
		return nil, errTooBig
	}
	var buf bytes.Buffer
	if br, ok := r.(*bytes.Reader); ok {
		buf.Grow(br.Len() + 1)
	}
	n, err := buf.ReadFrom(io.LimitReader(r, max+1))
	if err != nil {
		return nil, err
	}
	if n > max {
		return nil, errTooBig
	}
	return buf.Bytes(), nil
}

// decoder holds the state of one Decode.
type decoder struct {
	opt   DecodeOptions
	data  []byte
	d     *xml.Decoder
	line  int // line where the current token starts
	ns    []nsBinding
	stack []frame
	text  []byte // pending character data of the top frame
	// textPieces counts the pieces in text (to merge CDATA and text split by comments).
	textPieces int
	wsCache    map[string]string
	root       *Element
	itemName   xml.Name // atom:entry or item, by the document element
}

// itemNameOf returns the name of the items of a feed whose document element is root.
func itemNameOf(root xml.Name) xml.Name {
	if root.Space == AtomNamespace {
		return xml.Name{Space: AtomNamespace, Local: "entry"}
	}
	return xml.Name{Local: "item"}
}

type nsBinding struct{ prefix, uri string }

type frame struct {
	el        *Element
	prefix    string // raw prefix and local name, to match the end tag
	local     string
	nsLen     int  // len(ns) before this element's declarations
	nonWS     bool // some text child is not whitespace-only
	preserve  bool // xml:space="preserve" in effect (inherited)
	xhtml     bool // inside an Atom xhtml text construct (sticky)
	hasTextCh bool // some text child exists
}

func (dc *decoder) fail(kind error, req string, format string, args ...any) *DecodeError {
	return &DecodeError{Kind: kind, Req: req, Line: dc.line, Msg: fmt.Sprintf(format, args...)}
}

// xmlSyntaxError converts an error of encoding/xml.
func (dc *decoder) xmlError(err error) *DecodeError {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return &DecodeError{Kind: ErrSyntax, Req: "FS-DEC-2", Line: se.Line, Msg: se.Msg}
	}
	var ee *encodingError
	if errors.As(err, &ee) {
		return dc.fail(ErrEncoding, "FS-DEC-1", "the XML declaration declares encoding %q; FeedSync documents are UTF-8", ee.enc)
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return dc.fail(ErrSyntax, "FS-DEC-2", "unexpected end of document")
	}
	msg := strings.TrimPrefix(err.Error(), "xml: ")
	return dc.fail(ErrSyntax, "FS-DEC-2", "%s", msg)
}

type encodingError struct{ enc string }

func (e *encodingError) Error() string { return "encoding " + e.enc }

func decodeBytes(data []byte, o DecodeOptions) (*Feed, error) {
	dc := &decoder{opt: o, line: 1}
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}), bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return nil, dc.fail(ErrEncoding, "FS-DEC-1", "the document starts with a UTF-16 byte order mark; FeedSync documents are UTF-8")
	}
	dc.data = data
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.CharsetReader = func(charset string, _ io.Reader) (io.Reader, error) {
		return nil, &encodingError{charset}
	}
	dc.d = d
	if err := dc.parse(); err != nil {
		return nil, err
	}
	return dc.build()
}

// parse reads the whole document into dc.root, as a generic tree with the whitespace rule
// applied.
func (dc *decoder) parse() error {
	d := dc.d
	seenRoot := false
	for {
		dc.line, _ = d.InputPos()
		start := d.InputOffset()
		tok, err := d.RawToken()
		if err == io.EOF {
			if len(dc.stack) > 0 {
				return dc.fail(ErrSyntax, "FS-DEC-2", "unexpected end of document inside <%s>", dc.stack[len(dc.stack)-1].qname())
			}
			if !seenRoot {
				return dc.fail(ErrSyntax, "FS-DEC-2", "no document element")
			}
			return nil
		}
		if err != nil {
			return dc.xmlError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(dc.stack) == 0 {
				if seenRoot {
					return dc.fail(ErrSyntax, "FS-DEC-2", "a second document element <%s>", qn(t.Name))
				}
				seenRoot = true
			}
			if err := dc.start(t, start, d.InputOffset()); err != nil {
				return err
			}
		case xml.EndElement:
			if err := dc.end(t); err != nil {
				return err
			}
		case xml.CharData:
			if len(dc.stack) == 0 {
				if !isWS(t) {
					return dc.fail(ErrSyntax, "FS-DEC-2", "text outside the document element")
				}
				continue
			}
			dc.text = append(dc.text, t...)
			dc.textPieces++
		case xml.Comment:
			// Dropped ([FS-DEC-13]); text on both sides merges.
		case xml.ProcInst:
			if strings.EqualFold(t.Target, "xml") {
				if start != 0 || t.Target != "xml" {
					return dc.fail(ErrSyntax, "FS-DEC-2", "an XML declaration is allowed only at the very start of the document")
				}
			}
			// Other processing instructions are dropped ([FS-DEC-13]).
		case xml.Directive:
			return dc.fail(ErrDTD, "FS-DEC-3", "markup declaration <!%s> (DOCTYPE, ENTITY and the like are refused)", truncate(string(t), 40))
		}
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func qn(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func (f *frame) qname() string {
	if f.prefix == "" {
		return f.local
	}
	return f.prefix + ":" + f.local
}

func isWS(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

func isWSString(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return false
		}
	}
	return true
}

// flushText turns the pending character data into a Text child of the top frame.
func (dc *decoder) flushText() {
	if len(dc.text) == 0 {
		dc.textPieces = 0
		return
	}
	f := &dc.stack[len(dc.stack)-1]
	var s string
	if isWS(dc.text) {
		if f.nonWS || f.preserve || f.xhtml || len(dc.text) > 64 {
			s = string(dc.text)
		} else {
			// Whitespace between elements is usually dropped: share one string per shape.
			if dc.wsCache == nil {
				dc.wsCache = make(map[string]string)
			}
			var ok bool
			if s, ok = dc.wsCache[string(dc.text)]; !ok {
				s = string(dc.text)
				dc.wsCache[s] = s
			}
		}
	} else {
		f.nonWS = true
		s = string(dc.text)
	}
	f.hasTextCh = true
	f.el.Children = append(f.el.Children, Text(s))
	dc.text = dc.text[:0]
	dc.textPieces = 0
}

const xmlnsNamespace = "http://www.w3.org/2000/xmlns/"

func (dc *decoder) lookup(prefix string) (string, bool) {
	for i := len(dc.ns) - 1; i >= 0; i-- {
		if dc.ns[i].prefix == prefix {
			return dc.ns[i].uri, true
		}
	}
	switch prefix {
	case "xml":
		return XMLNamespace, true
	case "":
		return "", true
	}
	return "", false
}

func (dc *decoder) start(t xml.StartElement, startOff, endOff int64) error {
	o := &dc.opt
	if len(dc.stack) > 0 {
		dc.flushText()
	}
	if len(dc.stack)+1 > o.MaxDepth {
		return dc.fail(ErrLimit, "FS-DEC-6", "elements nested deeper than %d", o.MaxDepth)
	}
	if len(t.Name.Space) > o.MaxNameLen || len(t.Name.Local) > o.MaxNameLen { // prefix, local part
		return dc.fail(ErrLimit, "FS-DEC-6", "element name longer than %d bytes", o.MaxNameLen)
	}
	if len(t.Attr) > o.MaxAttrs {
		return dc.fail(ErrLimit, "FS-DEC-6", "more than %d attributes on <%s>", o.MaxAttrs, qn(t.Name))
	}
	needNorm := false
	for _, a := range t.Attr {
		if len(a.Name.Space) > o.MaxNameLen || len(a.Name.Local) > o.MaxNameLen {
			return dc.fail(ErrLimit, "FS-DEC-6", "attribute name longer than %d bytes", o.MaxNameLen)
		}
		if len(a.Value) > o.MaxAttrLen {
			return dc.fail(ErrLimit, "FS-DEC-6", "attribute %s longer than %d bytes", qn(a.Name), o.MaxAttrLen)
		}
		if !needNorm && strings.ContainsAny(a.Value, "\t\n\r") {
			needNorm = true
		}
	}
	if needNorm {
		normalizeAttrs(dc.data[startOff:endOff], t.Attr)
	}
	if err := dc.checkName(t.Name); err != nil {
		return err
	}
	// Namespace declarations first.
	nsLen := len(dc.ns)
	nattrs := 0
	for _, a := range t.Attr {
		if err := dc.checkName(a.Name); err != nil {
			return err
		}
		var prefix string
		switch {
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			prefix = ""
		case a.Name.Space == "xmlns":
			prefix = a.Name.Local
			if a.Value == "" {
				return dc.fail(ErrSyntax, "FS-DEC-2", "xmlns:%s=\"\" (a prefix cannot be undeclared)", prefix)
			}
		default:
			nattrs++
			continue
		}
		if err := dc.checkDecl(prefix, a.Value); err != nil {
			return err
		}
		dc.ns = append(dc.ns, nsBinding{prefix, a.Value})
	}
	for i := nsLen; i < len(dc.ns); i++ {
		for j := nsLen; j < i; j++ {
			if dc.ns[i].prefix == dc.ns[j].prefix {
				return dc.fail(ErrSyntax, "FS-DEC-2", "namespace prefix %q declared twice on one element", dc.ns[i].prefix)
			}
		}
	}
	space, ok := dc.lookup(t.Name.Space)
	if !ok {
		return dc.fail(ErrSyntax, "FS-DEC-2", "undeclared namespace prefix %q", t.Name.Space)
	}
	el := &Element{Name: xml.Name{Space: space, Local: t.Name.Local}, Line: dc.line}
	if nattrs > 0 {
		el.Attrs = make([]Attr, 0, nattrs)
		for _, a := range t.Attr {
			if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
				continue
			}
			var s string
			if a.Name.Space != "" {
				if s, ok = dc.lookup(a.Name.Space); !ok {
					return dc.fail(ErrSyntax, "FS-DEC-2", "undeclared namespace prefix %q", a.Name.Space)
				}
			}
			el.Attrs = append(el.Attrs, Attr{Name: xml.Name{Space: s, Local: a.Name.Local}, Value: a.Value})
		}
		if err := dc.checkDupAttrs(el.Attrs); err != nil {
			return err
		}
	}
	var f frame
	if len(dc.stack) > 0 {
		p := &dc.stack[len(dc.stack)-1]
		p.el.Children = append(p.el.Children, el)
		// An item starts afresh ([FS-DEC-11]): items move between feeds, so what they
		// decode to must not depend on the feed around them.
		if el.Name != dc.itemName {
			f.preserve, f.xhtml = p.preserve, p.xhtml
		}
	} else {
		dc.root = el
		if !(el.Name.Space == AtomNamespace && el.Name.Local == "feed" || el.Name.Space == "" && el.Name.Local == "rss") {
			return dc.fail(ErrNotFeed, "FS-DEC-5", "the document element is <%s> in namespace %q; a FeedSync document is an Atom feed or an RSS 2.0 document", el.Name.Local, el.Name.Space)
		}
		dc.itemName = itemNameOf(el.Name)
	}
	f.el, f.prefix, f.local, f.nsLen = el, t.Name.Space, t.Name.Local, nsLen
	f.preserve, f.xhtml = childContext(el.Name, el.Attrs, f.preserve, f.xhtml)
	dc.stack = append(dc.stack, f)
	return nil
}

// childContext applies the preserve contexts of [FS-DEC-11]: xml:space on el, and Atom text
// constructs (and atom:content) of type xhtml. It returns the context of the element's
// children, given the context of the element itself.
func childContext(name xml.Name, attrs []Attr, preserve, xhtml bool) (bool, bool) {
	for _, a := range attrs {
		if a.Name.Space == XMLNamespace && a.Name.Local == "space" {
			switch a.Value {
			case "preserve":
				preserve = true
			case "default":
				preserve = false
			}
		}
	}
	if !xhtml && name.Space == AtomNamespace && isTextConstruct(name.Local) {
		if v, ok := attr(attrs, "type"); ok && v == "xhtml" {
			xhtml = true
		}
	}
	return preserve, xhtml
}

func isTextConstruct(local string) bool {
	switch local {
	case "title", "subtitle", "summary", "rights", "content":
		return true
	}
	return false
}

func (dc *decoder) checkDecl(prefix, uri string) error {
	switch uri {
	case SSE093Namespace:
		return dc.fail(ErrSSE, "FS-DEC-4", "the SSE 0.93 namespace %s is declared; this implementation reads FeedSync 1.0 (%s), which is not compatible with it", uri, Namespace)
	case SSE091Namespace:
		return dc.fail(ErrSSE, "FS-DEC-4", "the SSE 0.91 namespace %s is declared; this implementation reads FeedSync 1.0 (%s), which is not compatible with it", uri, Namespace)
	case xmlnsNamespace:
		return dc.fail(ErrSyntax, "FS-DEC-2", "the xmlns namespace cannot be declared")
	case XMLNamespace:
		if prefix != "xml" {
			return dc.fail(ErrSyntax, "FS-DEC-2", "the XML namespace can only be bound to the prefix xml")
		}
	}
	switch prefix {
	case "xml":
		if uri != XMLNamespace {
			return dc.fail(ErrSyntax, "FS-DEC-2", "the prefix xml cannot be bound to another namespace")
		}
	case "xmlns":
		return dc.fail(ErrSyntax, "FS-DEC-2", "the prefix xmlns cannot be declared")
	}
	return nil
}

// checkName checks what encoding/xml leaves out: the raw name is an XML name and its local
// part has no colon.
func (dc *decoder) checkName(n xml.Name) error {
	if !isNCName(n.Local) || n.Space != "" && !isNCName(n.Space) {
		return dc.fail(ErrSyntax, "FS-DEC-2", "%q is not a namespace-well-formed XML name", qn(n))
	}
	return nil
}

func (dc *decoder) checkDupAttrs(attrs []Attr) error {
	if len(attrs) < 2 {
		return nil
	}
	if len(attrs) <= 16 {
		for i := 1; i < len(attrs); i++ {
			for j := 0; j < i; j++ {
				if attrs[i].Name == attrs[j].Name {
					return dc.fail(ErrSyntax, "FS-DEC-2", "attribute %s appears twice", attrs[i].Name.Local)
				}
			}
		}
		return nil
	}
	seen := make(map[xml.Name]struct{}, len(attrs))
	for _, a := range attrs {
		if _, dup := seen[a.Name]; dup {
			return dc.fail(ErrSyntax, "FS-DEC-2", "attribute %s appears twice", a.Name.Local)
		}
		seen[a.Name] = struct{}{}
	}
	return nil
}

func (dc *decoder) end(t xml.EndElement) error {
	if len(dc.stack) == 0 {
		return dc.fail(ErrSyntax, "FS-DEC-2", "end tag </%s> without a start tag", qn(t.Name))
	}
	dc.flushText()
	f := &dc.stack[len(dc.stack)-1]
	if f.prefix != t.Name.Space || f.local != t.Name.Local {
		return dc.fail(ErrSyntax, "FS-DEC-2", "end tag </%s> does not match <%s>", qn(t.Name), f.qname())
	}
	// The whitespace rule ([FS-DEC-10]): whitespace-only text is dropped from element content.
	if f.hasTextCh && !f.nonWS && !f.preserve && !f.xhtml {
		kids := f.el.Children[:0]
		for _, n := range f.el.Children {
			if _, ok := n.(Text); !ok {
				kids = append(kids, n)
			}
		}
		clear(f.el.Children[len(kids):])
		f.el.Children = kids
	}
	if len(f.el.Children) == 0 {
		f.el.Children = nil
	}
	dc.ns = dc.ns[:f.nsLen]
	dc.stack = dc.stack[:len(dc.stack)-1]
	return nil
}

// normalizeAttrs applies XML attribute-value normalization (XML 1.0 §3.3.3 for CDATA
// attributes), which encoding/xml leaves out: a literal tab, line feed or carriage return (or
// CR LF pair) in a value becomes one space, while the same characters written as character
// references stay. tag is the raw start tag; attrs its attributes in order.
func normalizeAttrs(tag []byte, attrs []xml.Attr) {
	i := 1
	// Skip the element name.
	for i < len(tag) && !isSpaceByte(tag[i]) && tag[i] != '>' && tag[i] != '/' {
		i++
	}
	for k := range attrs {
		// Find '=' then the quote.
		for i < len(tag) && tag[i] != '=' {
			i++
		}
		i++
		for i < len(tag) && tag[i] != '"' && tag[i] != '\'' {
			i++
		}
		if i >= len(tag) {
			return
		}
		q := tag[i]
		i++
		j := i
		for j < len(tag) && tag[j] != q {
			j++
		}
		raw := tag[i:j]
		i = j + 1
		if bytes.IndexAny(raw, "\t\n\r") < 0 {
			continue
		}
		attrs[k].Value = normalizeValue(raw)
	}
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// normalizeValue decodes a raw attribute value that encoding/xml has already accepted.
func normalizeValue(raw []byte) string {
	var sb strings.Builder
	sb.Grow(len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case '\r':
			sb.WriteByte(' ')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case '\t', '\n':
			sb.WriteByte(' ')
		case '&':
			end := bytes.IndexByte(raw[i:], ';')
			if end < 0 {
				sb.WriteByte(c)
				continue
			}
			ref := string(raw[i+1 : i+end])
			i += end
			switch ref {
			case "lt":
				sb.WriteByte('<')
			case "gt":
				sb.WriteByte('>')
			case "amp":
				sb.WriteByte('&')
			case "apos":
				sb.WriteByte('\'')
			case "quot":
				sb.WriteByte('"')
			default:
				var r rune
				if strings.HasPrefix(ref, "#x") {
					for _, h := range ref[2:] {
						r = r*16 + rune(hexVal(byte(h)))
					}
				} else if strings.HasPrefix(ref, "#") {
					for _, h := range ref[1:] {
						r = r*10 + (h - '0')
					}
				}
				sb.WriteRune(r)
			}
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String()
}

func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return 0
}

// isNCName reports whether s is an XML name without colons (Namespaces in XML 1.0), using the
// name characters of XML 1.0 fifth edition.
func isNCName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' ||
				i > 0 && ('0' <= c && c <= '9' || c == '-' || c == '.')
			if !ok {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || !isNameRune(r, i == 0) {
			return false
		}
		i += n
	}
	return true
}

func isNameRune(r rune, first bool) bool {
	switch {
	case 0xC0 <= r && r <= 0xD6, 0xD8 <= r && r <= 0xF6, 0xF8 <= r && r <= 0x2FF,
		0x370 <= r && r <= 0x37D, 0x37F <= r && r <= 0x1FFF, 0x200C <= r && r <= 0x200D,
		0x2070 <= r && r <= 0x218F, 0x2C00 <= r && r <= 0x2FEF, 0x3001 <= r && r <= 0xD7FF,
		0xF900 <= r && r <= 0xFDCF, 0xFDF0 <= r && r <= 0xFFFD, 0x10000 <= r && r <= 0xEFFFF:
		return true
	}
	if first {
		return false
	}
	return r == 0xB7 || 0x300 <= r && r <= 0x36F || 0x203F <= r && r <= 0x2040
}
