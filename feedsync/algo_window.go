package feedsync

// Partial feeds and the since–until window (spec/feedsync.md, FS-WINDOW rules). These helpers
// carry out the subscriber's side of the guidance; fetching feeds is the caller's.

// CompleteFeed returns the link of the feed's first sx:related with type="complete": the
// complete feed a partial feed points to ([FS-WINDOW-1]). ok is false when there is none.
func CompleteFeed(f *Feed) (link string, ok bool) {
	if f == nil || f.Sharing == nil {
		return "", false
	}
	for _, r := range f.Sharing.Related {
		if r != nil && r.Type() == "complete" {
			if l, ok := r.Link(); ok {
				return l, true
			}
		}
	}
	return "", false
}

// Window returns the feed's since and until ([FS-WINDOW-2]); ok is false when the feed has no
// window (no sx:sharing, or since and until absent).
func Window(f *Feed) (since, until string, ok bool) {
	if f == nil || f.Sharing == nil {
		return "", "", false
	}
	since, okS := f.Sharing.Since()
	until, okU := f.Sharing.Until()
	if !okS || !okU {
		return "", "", false
	}
	return since, until, true
}

// OutOfWindow reports whether a subscriber that cached lastUntil at its previous read has
// fallen out of the window of f ([FS-WINDOW-3]): lastUntil is not empty, f has since and until,
// and since is greater than lastUntil compared octet by octet. The subscriber may then have
// missed changes that the publisher has purged from f, so it reads the complete feed again
// (CompleteFeed), discards the items of others (KeepOwnItems) and merges the complete feed.
func OutOfWindow(lastUntil string, f *Feed) bool {
	since, _, ok := Window(f)
	return ok && lastUntil != "" && since > lastUntil
}

// KeepOwnItems returns a copy of the local feed without the items that the endpoint by neither
// created nor last updated ([FS-WINDOW-4]): it keeps an item whose topmost history has that by,
// or one of whose histories has that by with sequence 1; items without sx:sync are kept. The
// local feed is not modified; the result shares the kept *Item values with it.
func KeepOwnItems(local *Feed, by string) *Feed {
	if local == nil {
		return nil
	}
	out := &Feed{Format: local.Format, Root: cloneElement(local.Root), Sharing: cloneSharing(local.Sharing)}
	for _, it := range local.Items {
		if it == nil || it.Sync == nil || ownItem(it, by) {
			out.Items = append(out.Items, it)
		}
	}
	return out
}

// ownItem reports whether the endpoint by created or last updated the item.
func ownItem(it *Item, by string) bool {
	if by == "" {
		return false
	}
	for i, h := range it.Sync.Histories {
		b, ok := h.Attr("by")
		if !ok || b != by {
			continue
		}
		if i == 0 {
			return true
		}
		if seq, _ := h.Sequence(); seq == 1 {
			return true
		}
	}
	return false
}
