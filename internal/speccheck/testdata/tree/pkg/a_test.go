package pkg

import "testing"

// [AA-TWO-2] in a comment does not count.
func TestX(t *testing.T) {
	t.Run("[AA-ONE-1] first", func(t *testing.T) {})
	cases := []struct{ name string }{{name: "[AA-TWO-1] table row"}, {name: `raw [BB-ONE-10]`}}
	_ = cases
	_ = "[QQ-UNKNOWN-1] names an undefined ID"
	_ = "[aa-one-2] lower case is not an ID"
	_ = "[BB-TWO-1] wrapped"
}
