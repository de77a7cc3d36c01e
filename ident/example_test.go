package ident_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"

	"github.com/livemesh-spec/livemesh/ident"
)

func ExampleDeviceIDFromPublicKey() {
	// The public key of RFC 8032 §7.1 TEST 1 (spec/identifiers.md §4.4).
	key, _ := hex.DecodeString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
	d, _ := ident.DeviceIDFromPublicKey(ed25519.PublicKey(key))
	fmt.Println(d)
	typed, _ := ident.ParseDeviceID("a3r73d62fg5wbpk2zkv66mhw3blrwnwiyrgs7dbz273ivpy4g3zf6uqj")
	fmt.Println(typed == d)
	_, err := ident.ParseDeviceID("B3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ")
	fmt.Println(err)
	// Output:
	// A3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ
	// true
	// ident: [IDENT-DEV-9] device ID "B3R73D6-2FG5WBP-K2ZKV66-MHW3BLR-WNWIYRG-S7DBZ27-3IVPY4G-3ZF6UQJ": check character of chunk 1 (printed groups 1-2) does not match; the ID is mistyped
}

func ExampleUserName_Equal() {
	a, _ := ident.ParseUserName("John.Smith@Example.COM")
	b, _ := ident.ParseUserName("john.smith@example.com")
	fmt.Println(a, a.Equal(b), a.Key())
	// Output: John.Smith@Example.COM true john.smith@example.com
}
