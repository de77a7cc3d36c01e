package feedsync

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/beevik/etree"
)

// benchFeed returns a realistic Atom FeedSync feed of n entries: each with the RFC 4287
// required elements, an author, about 500 bytes of text content, and sx:sync with two or three
// histories. Built once per n.
func benchFeed(n int) []byte {
	benchOnce.Do(func() { benchCache = map[int][]byte{} })
	benchMu.Lock()
	defer benchMu.Unlock()
	if b, ok := benchCache[n]; ok {
		return b
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	b.WriteString(`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:sx="http://feedsync.org/2007/feedsync">` + "\n")
	b.WriteString("  <title>Benchmark feed</title>\n  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>\n  <updated>2008-04-23T13:02:11Z</updated>\n")
	para := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit &amp; sed do eiusmod. ", 7)[:480]
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  <entry>\n    <title>Item %d</title>\n    <id>urn:uuid:7a5f0e22-8f54-4b6e-9d0c-%012d</id>\n    <updated>2008-04-23T13:%02d:%02dZ</updated>\n", i, i, i/60%60, i%60)
		fmt.Fprintf(&b, "    <author><name>Device %d</name></author>\n    <content type=\"text\">%s</content>\n", i%7, para)
		fmt.Fprintf(&b, "    <sx:sync id=\"item_%d_mesh\" updates=\"%d\">\n", i, 2+i%2)
		if i%2 == 1 {
			fmt.Fprintf(&b, "      <sx:history sequence=\"3\" when=\"2008-04-23T13:02:11Z\" by=\"device%d\"/>\n", i%5)
		}
		fmt.Fprintf(&b, "      <sx:history sequence=\"2\" when=\"2008-04-22T10:00:00Z\" by=\"device%d\"/>\n", (i+1)%5)
		fmt.Fprintf(&b, "      <sx:history sequence=\"1\" when=\"2008-04-21T09:30:00Z\" by=\"device%d\"/>\n", (i+2)%5)
		b.WriteString("    </sx:sync>\n  </entry>\n")
	}
	b.WriteString("</feed>\n")
	benchCache[n] = b.Bytes()
	return b.Bytes()
}

var (
	benchOnce  sync.Once
	benchMu    sync.Mutex
	benchCache map[int][]byte
)

// BenchmarkEtreeParse is the baseline of BenchmarkDecode: a general-purpose tree parser on the
// same bytes.
func BenchmarkEtreeParse(b *testing.B) {
	data := benchFeed(10000)
	b.Run("items=10000", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			doc := etree.NewDocument()
			if err := doc.ReadFromBytes(data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkDecode(b *testing.B) {
	data := benchFeed(10000)
	b.Run("items=10000", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			f, err := Decode(bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			if len(f.Items) != 10000 {
				b.Fatal(len(f.Items))
			}
		}
	})
}

func BenchmarkEncode(b *testing.B) {
	f, err := Decode(bytes.NewReader(benchFeed(10000)))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("items=10000", func(b *testing.B) {
		var out bytes.Buffer
		b.ReportAllocs()
		for b.Loop() {
			out.Reset()
			if err := Encode(&out, f); err != nil {
				b.Fatal(err)
			}
		}
		b.SetBytes(int64(out.Len()))
	})
}

// BenchmarkAppendCanonical measures what merge pays per item: canonical bytes of 10,000 items
// into one reused buffer.
func BenchmarkAppendCanonical(b *testing.B) {
	f, err := Decode(bytes.NewReader(benchFeed(10000)))
	if err != nil {
		b.Fatal(err)
	}
	b.Run("items=10000", func(b *testing.B) {
		var buf []byte
		b.ReportAllocs()
		for b.Loop() {
			for _, it := range f.Items {
				buf, err = AppendCanonical(buf[:0], it)
				if err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
