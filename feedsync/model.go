package feedsync

import "encoding/xml"

// Namespaces the model knows.
const (
	Namespace      = "http://feedsync.org/2007/feedsync" // FeedSync 1.0 and later, prefix sx
	AtomNamespace  = "http://www.w3.org/2005/Atom"
	XHTMLNamespace = "http://www.w3.org/1999/xhtml"
	XMLNamespace   = "http://www.w3.org/XML/1998/namespace"

	// The namespaces of the incompatible predecessors (Simple Sharing Extensions), which
	// Decode recognises and refuses.
	SSE093Namespace = "http://www.microsoft.com/schemas/sse"
	SSE091Namespace = "http://www.microsoft.com/schemas/rss/sse"
)

// Format is the host syndication format of a feed.
type Format uint8

const (
	Atom Format = iota + 1 // RFC 4287: atom:feed with atom:entry items
	RSS                    // RSS 2.0: rss/channel with item items
)

func (f Format) String() string {
	switch f {
	case Atom:
		return "Atom"
	case RSS:
		return "RSS"
	}
	return "Format(?)"
}

// Node is a piece of generic XML content: *Element or Text.
type Node interface{ isNode() }

// Element is an XML element the model does not interpret (host markup and foreign markup),
// with its namespace-resolved name. Namespace declarations are not kept: the encoder makes
// its own (spec/feedsync.md, canonical encoding), so prefixes never carry meaning.
type Element struct {
	Name     xml.Name // Space is the namespace URI ("" for none)
	Attrs    []Attr   // in document order, without namespace declarations
	Children []Node   // elements and text, in document order
	Line     int      // line of the start tag in the decoded document; 0 when built in code
}

// Text is character data (CDATA sections and character references already resolved;
// adjacent pieces merged).
type Text string

func (*Element) isNode() {}
func (Text) isNode()     {}

// Attr is an attribute with its namespace-resolved name.
type Attr struct {
	Name  xml.Name
	Value string
}

// Feed is a decoded FeedSync feed.
type Feed struct {
	Format Format
	// Root is the document element (atom:feed, or rss) holding all feed-level host and
	// foreign markup, without the sx:sharing element and the items that Sharing and Items
	// hold. For RSS, the first channel child of Root is where they belong.
	Root    *Element
	Sharing *Sharing // nil when the feed has no sx:sharing
	Items   []*Item  // atom:entry or RSS item elements, in document order
}

// Item is one atom:entry or RSS item.
type Item struct {
	// Element is the entry or item element with all of its children except its sx:sync
	// (the first one; further sx:sync elements stay in Element, where Validate reports them).
	Element *Element
	Sync    *Sync // nil when the item does not take part in FeedSync
}

// Sync is sx:sync. Attrs holds id, updates, deleted, noconflicts and any foreign attributes
// in their lexical form and document order.
type Sync struct {
	Attrs     []Attr
	Histories []*History // newest first: Histories[0] is the topmost
	Conflicts *Conflicts // nil when there is no sx:conflicts
	Extra     []Node     // foreign child elements and non-whitespace text
	Line      int
}

// History is sx:history (attributes sequence, when, by).
type History struct {
	Attrs []Attr
	Extra []Node
	Line  int
}

// Conflicts is sx:conflicts: the losing versions of an item, each a whole item.
type Conflicts struct {
	Attrs []Attr
	Items []*Item
	Extra []Node // children other than items
	Line  int
}

// Sharing is sx:sharing (attributes since, until, expires).
type Sharing struct {
	Attrs   []Attr
	Related []*Related
	Extra   []Node
	Line    int
}

// Related is sx:related (attributes link, type, title).
type Related struct {
	Attrs []Attr
	Extra []Node
	Line  int
}

// attr returns the value of the no-namespace attribute local and whether it is present.
func attr(attrs []Attr, local string) (string, bool) {
	for _, a := range attrs {
		if a.Name.Space == "" && a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// setAttr sets (or adds, at the end) the no-namespace attribute local.
func setAttr(attrs []Attr, local, value string) []Attr {
	for i, a := range attrs {
		if a.Name.Space == "" && a.Name.Local == local {
			attrs[i].Value = value
			return attrs
		}
	}
	return append(attrs, Attr{Name: xml.Name{Local: local}, Value: value})
}

// delAttr removes the no-namespace attribute local.
func delAttr(attrs []Attr, local string) []Attr {
	out := attrs[:0]
	for _, a := range attrs {
		if !(a.Name.Space == "" && a.Name.Local == local) {
			out = append(out, a)
		}
	}
	return out
}

// Attr returns the lexical value of one of sx:sync's attributes ("id", "updates", "deleted",
// "noconflicts") and whether it is present.
func (s *Sync) Attr(local string) (string, bool) { return attr(s.Attrs, local) }

// SetAttr sets one of sx:sync's attributes to a lexical value.
func (s *Sync) SetAttr(local, value string) { s.Attrs = setAttr(s.Attrs, local, value) }

// DelAttr removes one of sx:sync's attributes.
func (s *Sync) DelAttr(local string) { s.Attrs = delAttr(s.Attrs, local) }

// Attr returns the lexical value of one of sx:history's attributes ("sequence", "when",
// "by") and whether it is present.
func (h *History) Attr(local string) (string, bool) { return attr(h.Attrs, local) }

// SetAttr sets one of sx:history's attributes to a lexical value.
func (h *History) SetAttr(local, value string) { h.Attrs = setAttr(h.Attrs, local, value) }

// DelAttr removes one of sx:history's attributes.
func (h *History) DelAttr(local string) { h.Attrs = delAttr(h.Attrs, local) }

// Attr returns the lexical value of one of sx:sharing's attributes ("since", "until",
// "expires") and whether it is present.
func (s *Sharing) Attr(local string) (string, bool) { return attr(s.Attrs, local) }

// Attr returns the lexical value of one of sx:related's attributes ("link", "type",
// "title") and whether it is present.
func (r *Related) Attr(local string) (string, bool) { return attr(r.Attrs, local) }
