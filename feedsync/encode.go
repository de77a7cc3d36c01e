package feedsync

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"unicode/utf8"
)

// ErrUnencodable is wrapped by the errors of Encode, EncodeCanonical and AppendCanonical when a
// model cannot be written as namespace-well-formed XML ([FS-ENC-3]): an invalid name, a
// character XML cannot carry, a duplicate or namespace-declaring attribute, a nil node, or a
// feed whose Root does not fit its Format. Models that Decode returns are always encodable.
var ErrUnencodable = errors.New("feedsync: model cannot be encoded")

// Names of the FeedSync elements.
var (
	nameSync      = xml.Name{Space: Namespace, Local: "sync"}
	nameHistory   = xml.Name{Space: Namespace, Local: "history"}
	nameConflicts = xml.Name{Space: Namespace, Local: "conflicts"}
	nameSharing   = xml.Name{Space: Namespace, Local: "sharing"}
	nameRelated   = xml.Name{Space: Namespace, Local: "related"}
)

const xmlDecl = `<?xml version="1.0" encoding="utf-8"?>` + "\n"

// Encode writes f as a whole document in the canonical encoding of spec/feedsync.md §6 with
// the document layout of [FS-ENC-1]: an XML declaration, two-space indentation wherever Decode
// drops whitespace (so Decode(Encode(f)) gives f back), and a final line feed. Prefixes are
// the encoder's own; the input's are not kept.
func Encode(w io.Writer, f *Feed) error {
	e := getEncoder(true)
	defer putEncoder(e)
	e.out = append(e.out[:0], xmlDecl...)
	if err := e.feed(f); err != nil {
		return err
	}
	e.b = append(e.b, '\n')
	_, err := w.Write(e.b)
	return err
}

// EncodeCanonical writes the canonical bytes of one item ([FS-CANON-1] and the rest of §6):
// what two implementations must agree on byte for byte, and what merge compares.
func EncodeCanonical(w io.Writer, it *Item) error {
	e := getEncoder(false)
	defer putEncoder(e)
	if err := e.canonicalItem(it); err != nil {
		return err
	}
	_, err := w.Write(e.b)
	return err
}

// AppendCanonical appends the canonical bytes of it to dst. It allocates only when dst must
// grow, so comparing the canonical bytes of many items can reuse one or two buffers.
func AppendCanonical(dst []byte, it *Item) ([]byte, error) {
	e := getEncoder(false)
	defer putEncoder(e)
	if err := e.canonicalItem(it); err != nil {
		return dst, err
	}
	return append(dst, e.b...), nil
}

// Canonical returns the canonical bytes of the item, or nil when the item cannot be encoded
// (see ErrUnencodable; such an item is also invalid under Validate).
func (it *Item) Canonical() []byte {
	b, err := AppendCanonical(nil, it)
	if err != nil {
		return nil
	}
	return b
}

func (e *encoder) canonicalItem(it *Item) error {
	e.item(it, e.rootCtx())
	return e.err
}

// encoder writes one unit (a document or an item). The unit's root start tag carries every
// namespace declaration, and which namespaces need one is known only after the whole unit has
// been walked, so the body goes to b and the root tag is put together at the end.
type encoder struct {
	doc      bool   // document layout (indentation) rather than canonical item bytes
	b        []byte // body after the root start tag
	rootTag  []byte // the root's attributes, written when the root is opened
	out      []byte // reusable output buffer of Encode and EncodeCanonical
	scratch  []Attr // sorting buffer
	ns       []nsPrefix
	nextN    int
	rootNS   string   // the unit root's namespace, the default namespace
	itemName xml.Name // in a document, the name of its items (the preserve context restarts there)
	level    int
	err      error
}

type nsPrefix struct{ uri, prefix string }

var encoderPool = sync.Pool{New: func() any { return new(encoder) }}

func getEncoder(doc bool) *encoder {
	e := encoderPool.Get().(*encoder)
	e.doc = doc
	e.b = e.b[:0]
	e.rootTag = e.rootTag[:0]
	e.ns = e.ns[:0]
	e.nextN = 0
	e.rootNS = ""
	e.itemName = xml.Name{}
	e.level = 0
	e.err = nil
	return e
}

func putEncoder(e *encoder) {
	if cap(e.b) > 1<<20 || cap(e.out) > 1<<20 {
		return // do not keep huge buffers alive
	}
	clear(e.scratch[:cap(e.scratch)])
	encoderPool.Put(e)
}

func (e *encoder) fail(format string, args ...any) {
	if e.err == nil {
		e.err = fmt.Errorf("%w: %s", ErrUnencodable, fmt.Sprintf(format, args...))
	}
}

// ctx is the context of an element being written.
type ctx struct {
	def      string // default namespace in scope
	preserve bool   // xml:space="preserve" in effect
	xhtml    bool   // inside an Atom xhtml text construct
	ind      bool   // the element starts on its own indented line
}

func (e *encoder) rootCtx() ctx { return ctx{ind: e.doc} }

// tag is an open element.
type tag struct {
	prefix, local string
	root          bool
	kids          ctx // context of the children
	kidsInd       bool
	depth         int
	n             int // children written
}

// prefix returns the prefix of a namespace that needs one ([FS-CANON-3]), assigning it on
// first use.
func (e *encoder) prefix(uri string) string {
	if uri == XMLNamespace {
		return "xml"
	}
	for _, p := range e.ns {
		if p.uri == uri {
			return p.prefix
		}
	}
	var p string
	switch uri {
	case Namespace:
		p = "sx"
	case AtomNamespace:
		p = "atom"
	case XHTMLNamespace:
		p = "xhtml"
	case xmlnsNamespace:
		e.fail("the xmlns namespace cannot be used for elements or attributes")
		p = "xmlns"
	default:
		e.nextN++
		p = "n" + strconv.Itoa(e.nextN)
	}
	e.ns = append(e.ns, nsPrefix{uri, p})
	return p
}

// begin opens an element (without closing its start tag). hasText says whether its children
// include text, which turns indentation off inside it.
func (e *encoder) begin(name xml.Name, attrs []Attr, c ctx, hasText bool) tag {
	if !isNCName(name.Local) {
		e.fail("invalid element name %q", name.Local)
	}
	t := tag{local: name.Local, depth: e.level}
	root := e.level == 0
	t.root = root
	e.level++
	def := c.def
	if root {
		e.rootNS = name.Space
		if name.Space == XMLNamespace {
			e.rootNS = ""
		}
		def = e.rootNS
	}
	var b []byte
	if root {
		b = e.rootTag[:0]
	} else {
		b = append(e.b, '<')
	}
	if name.Space == XMLNamespace || name.Space != "" && name.Space != e.rootNS {
		t.prefix = e.prefix(name.Space)
		if !root {
			b = append(b, t.prefix...)
			b = append(b, ':')
			b = append(b, name.Local...)
		}
	} else {
		if !root {
			b = append(b, name.Local...)
		}
		if def != name.Space { // [FS-CANON-5]
			b = append(b, ` xmlns="`...)
			b = e.attrValue(b, name.Space)
			b = append(b, '"')
			def = name.Space
		}
	}
	b = e.attrs(b, attrs)
	if root {
		e.rootTag = b
	} else {
		e.b = b
	}
	t.kids.def = def
	if name == e.itemName {
		c.preserve, c.xhtml = false, false
	}
	t.kids.preserve, t.kids.xhtml = childContext(name, attrs, c.preserve, c.xhtml)
	t.kidsInd = c.ind && !t.kids.preserve && !t.kids.xhtml && !hasText
	t.kids.ind = t.kidsInd
	return t
}

// child is called before each child of t is written.
func (e *encoder) child(t *tag) ctx {
	if t.n == 0 && !t.root {
		e.b = append(e.b, '>')
	}
	t.n++
	if t.kidsInd {
		e.b = e.newline(e.b, t.depth+1)
	}
	return t.kids
}

func (e *encoder) newline(b []byte, depth int) []byte {
	b = append(b, '\n')
	for ; depth > 0; depth-- {
		b = append(b, ' ', ' ')
	}
	return b
}

// end closes t.
func (e *encoder) end(t *tag) {
	e.level--
	if t.n == 0 {
		if !t.root {
			e.b = append(e.b, '/', '>')
		}
		if t.root {
			e.finishRoot(t)
		}
		return
	}
	if t.kidsInd {
		e.b = e.newline(e.b, t.depth)
	}
	e.b = append(e.b, '<', '/')
	if t.prefix != "" {
		e.b = append(e.b, t.prefix...)
		e.b = append(e.b, ':')
	}
	e.b = append(e.b, t.local...)
	e.b = append(e.b, '>')
	if t.root {
		e.finishRoot(t)
	}
}

// finishRoot puts the root start tag, with all namespace declarations ([FS-CANON-4]), in
// front of the body.
func (e *encoder) finishRoot(t *tag) {
	attrs := e.rootTag
	var b []byte
	if e.doc {
		b = e.out // Encode has written the XML declaration there
	} else {
		b = e.out[:0]
	}
	b = append(b, '<')
	if t.prefix != "" {
		b = append(b, t.prefix...)
		b = append(b, ':')
	}
	b = append(b, t.local...)
	if e.rootNS != "" {
		b = append(b, ` xmlns="`...)
		b = e.attrValue(b, e.rootNS)
		b = append(b, '"')
	}
	for _, want := range [...]string{"sx", "atom", "xhtml"} {
		for _, p := range e.ns {
			if p.prefix == want {
				b = e.decl(b, p)
			}
		}
	}
	for _, p := range e.ns {
		switch p.prefix {
		case "sx", "atom", "xhtml":
		default:
			b = e.decl(b, p)
		}
	}
	b = append(b, attrs...)
	if t.n == 0 {
		b = append(b, '/', '>')
	} else {
		b = append(b, '>')
	}
	b = append(b, e.b...)
	e.b, e.out = b, e.b[:0]
}

func (e *encoder) decl(b []byte, p nsPrefix) []byte {
	b = append(b, " xmlns:"...)
	b = append(b, p.prefix...)
	b = append(b, '=', '"')
	b = e.attrValue(b, p.uri)
	return append(b, '"')
}

// attrs writes the attributes sorted by namespace URI, then local name ([FS-CANON-6]).
func (e *encoder) attrs(b []byte, attrs []Attr) []byte {
	if len(attrs) == 0 {
		return b
	}
	s := append(e.scratch[:0], attrs...)
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && attrLess(&s[j], &s[j-1]); j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	for i := range s {
		a := &s[i]
		if i > 0 && a.Name == s[i-1].Name {
			e.fail("attribute %q appears twice", a.Name.Local)
		}
		if !isNCName(a.Name.Local) || a.Name.Space == "" && a.Name.Local == "xmlns" {
			e.fail("invalid attribute name %q", a.Name.Local)
		}
		b = append(b, ' ')
		if a.Name.Space != "" {
			b = append(b, e.prefix(a.Name.Space)...)
			b = append(b, ':')
		}
		b = append(b, a.Name.Local...)
		b = append(b, '=', '"')
		b = e.attrValue(b, a.Value)
		b = append(b, '"')
	}
	clear(s)
	e.scratch = s[:0]
	return b
}

func attrLess(a, b *Attr) bool {
	if a.Name.Space != b.Name.Space {
		return a.Name.Space < b.Name.Space
	}
	return a.Name.Local < b.Name.Local
}

// Escaping tables ([FS-CANON-7], [FS-CANON-8]): 1 = escape, 2 = check (control or non-ASCII).
var attrEsc, textEsc [256]uint8

func init() {
	for c := 0; c < 256; c++ {
		if c < 0x20 || c >= 0x80 {
			attrEsc[c], textEsc[c] = 2, 2
		}
	}
	for _, c := range "&<\"\t\n\r" {
		attrEsc[c] = 1
	}
	for _, c := range "&<>\r" {
		textEsc[c] = 1
	}
	textEsc['\t'], textEsc['\n'] = 0, 0
}

func (e *encoder) attrValue(b []byte, s string) []byte { return e.escape(b, s, &attrEsc) }
func (e *encoder) text(b []byte, s string) []byte      { return e.escape(b, s, &textEsc) }

func (e *encoder) escape(b []byte, s string, tab *[256]uint8) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		k := tab[c]
		if k == 0 {
			i++
			continue
		}
		if k == 2 {
			if c < utf8.RuneSelf {
				e.fail("character %U cannot be written in XML", rune(c))
				i++
				continue
			}
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
				e.fail("invalid UTF-8 or a character XML cannot carry in %q", truncate(s, 40))
			}
			i += n
			continue
		}
		b = append(b, s[last:i]...)
		switch c {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '"':
			b = append(b, "&quot;"...)
		case '\t':
			b = append(b, "&#x9;"...)
		case '\n':
			b = append(b, "&#xA;"...)
		case '\r':
			b = append(b, "&#xD;"...)
		}
		i++
		last = i
	}
	return append(b, s[last:]...)
}

func hasText(nodes []Node) bool {
	for _, n := range nodes {
		if _, ok := n.(Text); ok {
			return true
		}
	}
	return false
}

// nodes writes generic children of t.
func (e *encoder) nodes(t *tag, nodes []Node) {
	for _, n := range nodes {
		switch n := n.(type) {
		case Text:
			e.child(t)
			e.b = e.text(e.b, string(n))
		case *Element:
			c := e.child(t)
			e.element(n, c)
		default:
			e.fail("a nil node")
		}
	}
}

func (e *encoder) element(el *Element, c ctx) {
	if el == nil {
		e.fail("a nil *Element")
		return
	}
	t := e.begin(el.Name, el.Attrs, c, hasText(el.Children))
	e.nodes(&t, el.Children)
	e.end(&t)
}

// item writes an item with its sx:sync last ([FS-CANON-10]); in an invalid item that holds
// further sx:sync elements, just before the first of them, so that decoding (which takes the
// first sx:sync) finds the same one again.
func (e *encoder) item(it *Item, c ctx) {
	if it == nil || it.Element == nil {
		e.fail("a nil item or item element")
		return
	}
	el := it.Element
	t := e.begin(el.Name, el.Attrs, c, hasText(el.Children))
	split := len(el.Children)
	if it.Sync != nil {
		for i, n := range el.Children {
			if ch, ok := n.(*Element); ok && ch != nil && ch.Name == nameSync {
				split = i
				break
			}
		}
	}
	e.nodes(&t, el.Children[:split])
	if it.Sync != nil {
		e.sync(it.Sync, e.child(&t))
	}
	e.nodes(&t, el.Children[split:])
	e.end(&t)
}

func (e *encoder) sync(s *Sync, c ctx) {
	t := e.begin(nameSync, s.Attrs, c, hasText(s.Extra))
	for _, h := range s.Histories {
		if h == nil {
			e.fail("a nil *History")
			continue
		}
		ht := e.begin(nameHistory, h.Attrs, e.child(&t), hasText(h.Extra))
		e.nodes(&ht, h.Extra)
		e.end(&ht)
	}
	if cf := s.Conflicts; cf != nil {
		ct := e.begin(nameConflicts, cf.Attrs, e.child(&t), hasText(cf.Extra))
		for _, it := range cf.Items {
			e.item(it, e.child(&ct))
		}
		e.nodes(&ct, cf.Extra)
		e.end(&ct)
	}
	e.nodes(&t, s.Extra)
	e.end(&t)
}

func (e *encoder) sharing(s *Sharing, c ctx) {
	t := e.begin(nameSharing, s.Attrs, c, hasText(s.Extra))
	for _, r := range s.Related {
		if r == nil {
			e.fail("a nil *Related")
			continue
		}
		rt := e.begin(nameRelated, r.Attrs, e.child(&t), hasText(r.Extra))
		e.nodes(&rt, r.Extra)
		e.end(&rt)
	}
	e.nodes(&t, s.Extra)
	e.end(&t)
}

// host writes the element that holds sx:sharing and the items: atom:feed, or the first RSS
// channel ([FS-CANON-11]).
func (e *encoder) host(el *Element, f *Feed, c ctx) {
	t := e.begin(el.Name, el.Attrs, c, hasText(el.Children))
	if f.Sharing != nil {
		e.sharing(f.Sharing, e.child(&t))
	}
	e.nodes(&t, el.Children)
	for _, it := range f.Items {
		e.item(it, e.child(&t))
	}
	e.end(&t)
}

// feed writes a whole document; e.out holds the XML declaration.
func (e *encoder) feed(f *Feed) error {
	if f == nil || f.Root == nil {
		return fmt.Errorf("%w: a nil feed or feed root", ErrUnencodable)
	}
	root := f.Root
	e.itemName = itemNameOf(root.Name)
	switch f.Format {
	case Atom:
		if root.Name != (xml.Name{Space: AtomNamespace, Local: "feed"}) {
			return fmt.Errorf("%w: an Atom feed's root must be atom:feed, not %q in %q", ErrUnencodable, root.Name.Local, root.Name.Space)
		}
		e.host(root, f, e.rootCtx())
	case RSS:
		if root.Name != (xml.Name{Local: "rss"}) {
			return fmt.Errorf("%w: an RSS feed's root must be rss in no namespace, not %q in %q", ErrUnencodable, root.Name.Local, root.Name.Space)
		}
		var channel *Element
		for _, n := range root.Children {
			if el, ok := n.(*Element); ok && el.Name == (xml.Name{Local: "channel"}) {
				channel = el
				break
			}
		}
		if channel == nil && (f.Sharing != nil || len(f.Items) > 0) {
			return fmt.Errorf("%w: an RSS feed with items or sx:sharing needs a channel element", ErrUnencodable)
		}
		t := e.begin(root.Name, root.Attrs, e.rootCtx(), hasText(root.Children))
		for _, n := range root.Children {
			if n == Node(channel) {
				e.host(channel, f, e.child(&t))
				continue
			}
			switch n := n.(type) {
			case Text:
				e.child(&t)
				e.b = e.text(e.b, string(n))
			case *Element:
				e.element(n, e.child(&t))
			default:
				e.fail("a nil node")
			}
		}
		e.end(&t)
	default:
		return fmt.Errorf("%w: unknown format %d", ErrUnencodable, f.Format)
	}
	return e.err
}
