// Command genkeys writes the published test keys of livemesh to spec/vectors/keys/.
//
//	go run ./spec/vectors/internal/genkeys [-dir spec/vectors/keys]
//
// For every key of keyset.Specs it reuses the private key already in <dir>/<name>.pem and
// generates a new one only when the file does not exist. It then rewrites the file from the
// key (comment, PKCS #8 key, self-signed certificate), which is deterministic, so running it
// again changes nothing. Since Go 1.26 rsa.GenerateKey ignores its random source, so keys
// cannot be derived from a seed: the keys themselves are committed, and a published key is
// never regenerated (delete its file only if it was never published).
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/livemesh-spec/livemesh/spec/vectors/internal/keyset"
)

func main() {
	dir := flag.String("dir", filepath.Join("spec", "vectors", "keys"), "directory of the key files")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go run ./spec/vectors/internal/genkeys [-dir DIR]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "genkeys:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, s := range keyset.Specs {
		path := filepath.Join(dir, s.Name+".pem")
		key, err := readKey(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			key, err = rsa.GenerateKey(rand.Reader, s.Bits)
			if err != nil {
				return fmt.Errorf("%s: %w", s.Name, err)
			}
			fmt.Printf("%s: generated a new %d-bit key\n", s.Name, s.Bits)
		case err != nil:
			return err
		}
		data, err := keyset.File(s, key)
		if err != nil {
			return err
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func readKey(path string) (*rsa.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return nil, fmt.Errorf("%s: no PRIVATE KEY block", path)
		}
		if b.Type != "PRIVATE KEY" {
			continue
		}
		k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("%s: not an RSA key", path)
		}
		return rk, nil
	}
}
