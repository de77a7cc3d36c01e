package specdoc

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestExamples(t *testing.T) {
	md := "text\n<!-- example: a -->\n\n```xml\n<x/>\n  <y/>\n```\n<!-- example: b -->\n~~~\none\n~~~\n```\nnot an example\n```\n"
	got, err := Examples([]byte(md))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a": "<x/>\n  <y/>\n", "b": "one\n"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	for _, bad := range []string{"<!-- example: a -->\n```\nx\n", "<!-- example: a -->\n```\nx\n```\n<!-- example: a -->\n```\ny\n```\n"} {
		if _, err := Examples([]byte(bad)); err == nil {
			t.Errorf("Examples(%q) accepted", bad)
		}
	}
}

func TestTheSpecHasItsExamples(t *testing.T) {
	if _, err := Example("feedsync.md", "rss-valid"); err != nil {
		t.Fatal(err)
	}
	if _, err := Example("feedsync.md", "no-such-example"); err == nil {
		t.Error("a missing example was found")
	}
}
