// Package keyset renders the published test keys of livemesh: the self-signed certificate
// template and the exact layout of each key's PEM file. It is shared by the program that made
// the keys (../genkeys) and by the tests that check the committed files can be reproduced from
// their private keys, so both use one definition.
//
// It is not used by package vectors itself (which imports nothing from the module).
package keyset

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// Validity window of every published certificate: wide enough that any fixed test clock is
// inside it, including testing/synctest's start at 2000-01-01T00:00:00Z.
var (
	NotBefore = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	NotAfter  = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Spec describes one published key: what the key file must contain apart from the key itself.
type Spec struct {
	Name   string // file name without .pem, e.g. "idp-2048"
	Role   string // one line: what the key is for
	Bits   int    // modulus size
	Serial int64  // certificate serial number, fixed per key
}

// CommonName is the subject (and issuer) common name of the key's certificate.
func (s Spec) CommonName() string {
	return "livemesh " + s.Name + " published test key"
}

// Certificate returns the DER of the key's self-signed certificate. The result depends only on
// the spec and the key: the template is fixed and RSA PKCS #1 v1.5 signatures are
// deterministic, so the committed certificate can be reproduced byte for byte.
func Certificate(s Spec, key *rsa.PrivateKey) ([]byte, error) {
	if key.N.BitLen() != s.Bits {
		return nil, fmt.Errorf("keyset: %s: key has %d bits, want %d", s.Name, key.N.BitLen(), s.Bits)
	}
	name := pkix.Name{
		CommonName:   s.CommonName(),
		Organization: []string{"livemesh published test keys - never for real use"},
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(s.Serial),
		Subject:               name,
		Issuer:                name,
		NotBefore:             NotBefore,
		NotAfter:              NotAfter,
		SignatureAlgorithm:    x509.SHA256WithRSA,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		IsCA:                  false,
	}
	// The random source is unused for PKCS #1 v1.5 signatures; a reader that fails makes any
	// future change to that visible instead of silently producing a different certificate.
	return x509.CreateCertificate(failingReader{}, tmpl, tmpl, &key.PublicKey, key)
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) {
	return 0, fmt.Errorf("keyset: certificate generation must not need randomness")
}

// Comment returns the text placed before the first PEM block of the key's file.
func Comment(s Spec) string {
	var b strings.Builder
	fmt.Fprintf(&b, "PUBLISHED TEST KEY %s - NEVER FOR REAL USE.\n", s.Name)
	b.WriteString("\n")
	b.WriteString("This private key is published in the livemesh repository so that tests, test\n")
	b.WriteString("vectors and conformance runs can reproduce signatures and device IDs. Anybody can\n")
	b.WriteString("sign, decrypt and impersonate with it. Never trust it outside tests.\n")
	b.WriteString("\n")
	fmt.Fprintf(&b, "Name:     %s\n", s.Name)
	fmt.Fprintf(&b, "Role:     %s\n", s.Role)
	fmt.Fprintf(&b, "Key:      RSA %d bits, PKCS #8\n", s.Bits)
	fmt.Fprintf(&b, "Cert:     self-signed, serial %d, CN=%q,\n", s.Serial, s.CommonName())
	fmt.Fprintf(&b, "          valid %s to %s\n", NotBefore.Format(time.RFC3339), NotAfter.Format(time.RFC3339))
	b.WriteString("Made by:  go run ./spec/vectors/internal/genkeys (see spec/vectors/README.md)\n")
	b.WriteString("\n")
	return b.String()
}

// File renders the complete PEM file of a key: Comment, the PKCS #8 private key, then the
// certificate.
func File(s Spec, key *rsa.PrivateKey) ([]byte, error) {
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("keyset: %s: %w", s.Name, err)
	}
	cert, err := Certificate(s, key)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(Comment(s))
	if err := pem.Encode(&b, &pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}); err != nil {
		return nil, err
	}
	if err := pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: cert}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Specs lists every published key, in a fixed order. A key once published keeps its name,
// serial and key material forever; a new key gets a new name and the next serial.
var Specs = []Spec{
	{Name: "idp-2048", Role: "identity provider: signs auth tokens", Bits: 2048, Serial: 1},
	{Name: "cloud-2048-a", Role: "cloud: signs tickets (current key)", Bits: 2048, Serial: 2},
	{Name: "cloud-2048-b", Role: "cloud: signs tickets (rollover successor of cloud-2048-a)", Bits: 2048, Serial: 3},
	{Name: "device-a-2048", Role: "device key of test device A", Bits: 2048, Serial: 4},
	{Name: "device-b-2048", Role: "device key of test device B", Bits: 2048, Serial: 5},
	{Name: "device-c-2048", Role: "device key of test device C", Bits: 2048, Serial: 6},
	{Name: "attacker-2048", Role: "attacker: a well-formed key that no verifier pins", Bits: 2048, Serial: 7},
	{Name: "weak-1024", Role: "too short: every protocol key slot must refuse it", Bits: 1024, Serial: 8},
}

// Lookup returns the spec of the named key.
func Lookup(name string) (Spec, bool) {
	for _, s := range Specs {
		if s.Name == name {
			return s, true
		}
	}
	return Spec{}, false
}
