package feedsync

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sync"
	"testing"
	"time"
)

// BenchmarkMergeFeed merges two already decoded feeds of n items with the same ids (the
// realistic ~500-byte entries of benchFeed), each side having edited 10% of the items: every
// 20th item on both sides (so those merges end in conflict), and another 5% on each side alone.
// Targets (docs of issue 4): items=10000 at most a quarter of two BenchmarkEtreeParse/items=10000
// runs (parsing both feeds with a general-purpose tree parser); items=100000 at most 12 times
// items=10000.
//
//	go test -run '^$' -bench 'EtreeParse|MergeFeed' -count 5 ./feedsync
func BenchmarkMergeFeed(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("items=%d", n), func(b *testing.B) {
			local, incoming := benchMergeFeeds(b, n)
			b.ReportAllocs()
			for b.Loop() {
				out, outcomes, err := MergeFeed(local, incoming)
				if err != nil {
					b.Fatal(err)
				}
				if len(out.Items) != n || len(outcomes) != n {
					b.Fatalf("%d items, %d outcomes", len(out.Items), len(outcomes))
				}
			}
		})
	}
}

var (
	benchMergeMu    sync.Mutex
	benchMergeCache = map[int][2]*Feed{}
)

// benchMergeFeeds returns the local and incoming feeds of BenchmarkMergeFeed for n items,
// built once per n.
func benchMergeFeeds(b *testing.B, n int) (*Feed, *Feed) {
	b.Helper()
	benchMergeMu.Lock()
	defer benchMergeMu.Unlock()
	if fs, ok := benchMergeCache[n]; ok {
		return fs[0], fs[1]
	}
	data := benchFeed(n)
	opts := DecodeOptions{MaxBytes: int64(len(data)) + 1}
	decode := func() *Feed {
		f, err := opts.Decode(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		return f
	}
	clock := func() time.Time { return time.Date(2008, 4, 24, 9, 0, 0, 0, time.UTC) }
	edit := func(f *Feed, ep Endpoint, pick func(i int) bool) {
		for i, it := range f.Items {
			if !pick(i) {
				continue
			}
			content := &Element{Name: it.Element.Name, Attrs: it.Element.Attrs}
			for _, c := range it.Element.Children {
				if el, ok := c.(*Element); ok && el.Name == (xml.Name{Space: AtomNamespace, Local: "title"}) {
					c = &Element{Name: el.Name, Children: []Node{Text(fmt.Sprintf("Item %d, edited by %s", i, ep.By))}}
				}
				content.Children = append(content.Children, c)
			}
			up, err := ep.Update(it, content, UpdateOptions{})
			if err != nil {
				b.Fatal(err)
			}
			f.Items[i] = up
		}
	}
	local, incoming := decode(), decode()
	edit(local, Endpoint{By: "laptop.ana", Clock: clock}, func(i int) bool { return i%20 == 0 || i%20 == 10 })
	edit(incoming, Endpoint{By: "phone.ana", Clock: clock}, func(i int) bool { return i%20 == 0 || i%20 == 5 })
	if vs := Validate(local); len(vs) > 0 {
		b.Fatalf("local feed invalid: %v", vs[0])
	}
	benchMergeCache[n] = [2]*Feed{local, incoming}
	return local, incoming
}
