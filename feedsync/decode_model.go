package feedsync

// build turns the generic tree of the document into the model ([FS-DEC-14]): the FeedSync
// elements in their expected places become Sharing, Item, Sync, History, Conflicts and
// Related; everything else stays generic, where Validate finds it.
func (dc *decoder) build() (*Feed, error) {
	root := dc.root
	f := &Feed{Root: root}
	var host *Element // the element that holds sx:sharing and the items
	var itemName string
	var itemSpace string
	if root.Name.Space == AtomNamespace {
		f.Format = Atom
		host, itemSpace, itemName = root, AtomNamespace, "entry"
	} else {
		f.Format = RSS
		for _, n := range root.Children {
			if el, ok := n.(*Element); ok && el.Name.Space == "" && el.Name.Local == "channel" {
				host = el
				break
			}
		}
		itemName = "item"
	}
	if host == nil {
		return f, nil
	}
	b := builder{itemSpace: itemSpace, itemName: itemName, max: dc.opt.MaxItems}
	kids := host.Children[:0]
	for _, n := range host.Children {
		if el, ok := n.(*Element); ok {
			switch {
			case el.Name.Space == itemSpace && el.Name.Local == itemName:
				it, err := b.item(el)
				if err != nil {
					return nil, err
				}
				f.Items = append(f.Items, it)
				continue
			case f.Sharing == nil && el.Name.Space == Namespace && el.Name.Local == "sharing":
				f.Sharing = sharing(el)
				continue
			}
		}
		kids = append(kids, n)
	}
	host.Children = mergeText(host.Children, kids)
	return f, nil
}

type builder struct {
	itemSpace, itemName string
	n, max              int
}

func (b *builder) item(el *Element) (*Item, error) {
	b.n++
	if b.n > b.max {
		return nil, &DecodeError{Kind: ErrLimit, Req: "FS-DEC-6", Line: el.Line, Msg: "more than the maximum number of items"}
	}
	it := &Item{Element: el}
	for i, n := range el.Children {
		if s, ok := n.(*Element); ok && s.Name.Space == Namespace && s.Name.Local == "sync" {
			sy, err := b.sync(s)
			if err != nil {
				return nil, err
			}
			it.Sync = sy
			kids := append(el.Children[:i], el.Children[i+1:]...)
			el.Children = mergeText(el.Children, kids)
			break
		}
	}
	return it, nil
}

func (b *builder) sync(el *Element) (*Sync, error) {
	sy := &Sync{Attrs: el.Attrs, Line: el.Line}
	var extra []Node
	for _, n := range el.Children {
		if c, ok := n.(*Element); ok && c.Name.Space == Namespace {
			switch {
			case c.Name.Local == "history":
				sy.Histories = append(sy.Histories, &History{Attrs: c.Attrs, Extra: c.Children, Line: c.Line})
				continue
			case c.Name.Local == "conflicts" && sy.Conflicts == nil:
				cf, err := b.conflicts(c)
				if err != nil {
					return nil, err
				}
				sy.Conflicts = cf
				continue
			}
		}
		extra = append(extra, n)
	}
	sy.Extra = mergeText(nil, extra)
	return sy, nil
}

func (b *builder) conflicts(el *Element) (*Conflicts, error) {
	cf := &Conflicts{Attrs: el.Attrs, Line: el.Line}
	var extra []Node
	for _, n := range el.Children {
		if c, ok := n.(*Element); ok && c.Name.Space == b.itemSpace && c.Name.Local == b.itemName {
			it, err := b.item(c)
			if err != nil {
				return nil, err
			}
			cf.Items = append(cf.Items, it)
			continue
		}
		extra = append(extra, n)
	}
	cf.Extra = mergeText(nil, extra)
	return cf, nil
}

func sharing(el *Element) *Sharing {
	sh := &Sharing{Attrs: el.Attrs, Line: el.Line}
	var extra []Node
	for _, n := range el.Children {
		if c, ok := n.(*Element); ok && c.Name.Space == Namespace && c.Name.Local == "related" {
			sh.Related = append(sh.Related, &Related{Attrs: c.Attrs, Extra: c.Children, Line: c.Line})
			continue
		}
		extra = append(extra, n)
	}
	sh.Extra = mergeText(nil, extra)
	return sh
}

// mergeText merges Text nodes that became adjacent when FeedSync elements were taken out of a
// list ([FS-DEC-12]), in place; old is the slice kids was filtered from (its tail is cleared
// so that the removed nodes are not kept alive). An empty result is nil.
func mergeText(old, kids []Node) []Node {
	out := kids[:0]
	for _, n := range kids {
		if t, ok := n.(Text); ok && len(out) > 0 {
			if p, ok := out[len(out)-1].(Text); ok {
				out[len(out)-1] = p + t
				continue
			}
		}
		out = append(out, n)
	}
	if old != nil && len(out) < len(old) {
		clear(old[len(out):])
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
