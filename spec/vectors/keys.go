package vectors

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"sync"
)

// Names of the published test keys (spec/vectors/README.md, "Published test keys"). Each
// names the file keys/<name>.pem.
const (
	KeyIdP      = "idp-2048"      // identity provider: signs auth tokens
	KeyCloudA   = "cloud-2048-a"  // cloud: signs tickets (current key)
	KeyCloudB   = "cloud-2048-b"  // cloud: signs tickets (rollover successor of KeyCloudA)
	KeyDeviceA  = "device-a-2048" // device key of test device A
	KeyDeviceB  = "device-b-2048" // device key of test device B
	KeyDeviceC  = "device-c-2048" // device key of test device C
	KeyAttacker = "attacker-2048" // a well-formed key that no verifier pins
	KeyWeak1024 = "weak-1024"     // 1024 bits: too short, for refusal cases
)

// KeyInfo describes a published key without parsing it.
type KeyInfo struct {
	Name string // the key's name, one of the Key* constants
	Role string // what the key is for, one line
	Bits int    // RSA modulus size
}

var keyInfos = []KeyInfo{
	{KeyIdP, "identity provider: signs auth tokens", 2048},
	{KeyCloudA, "cloud: signs tickets (current key)", 2048},
	{KeyCloudB, "cloud: signs tickets (rollover successor of cloud-2048-a)", 2048},
	{KeyDeviceA, "device key of test device A", 2048},
	{KeyDeviceB, "device key of test device B", 2048},
	{KeyDeviceC, "device key of test device C", 2048},
	{KeyAttacker, "attacker: a well-formed key that no verifier pins", 2048},
	{KeyWeak1024, "too short: every protocol key slot must refuse it", 1024},
}

// KeyNames returns the names of all published keys in their fixed order.
func KeyNames() []string {
	out := make([]string, len(keyInfos))
	for i, k := range keyInfos {
		out[i] = k.Name
	}
	return out
}

// KeyInfos returns the description of every published key in the order of KeyNames.
func KeyInfos() []KeyInfo { return append([]KeyInfo(nil), keyInfos...) }

// TestKey is a parsed published test key. It is shared between callers: do not modify it.
type TestKey struct {
	KeyInfo
	File       string            // path inside FS, e.g. "keys/idp-2048.pem"
	PEM        []byte            // the whole file, comment included
	PKCS8      []byte            // DER of the PKCS #8 private key
	Private    *rsa.PrivateKey   // the private key
	CertDER    []byte            // DER of the self-signed certificate
	Cert       *x509.Certificate // the parsed certificate
	SPKI       []byte            // DER of the public key's SubjectPublicKeyInfo
	SPKISHA256 string            // lower-case hex SHA-256 of SPKI
	CertSHA256 string            // lower-case hex SHA-256 of CertDER
}

// Public returns the key's public half.
func (k *TestKey) Public() *rsa.PublicKey { return &k.Private.PublicKey }

// ErrUnknownKey is returned (wrapped) by Key for a name that is not a published key.
var ErrUnknownKey = errors.New("vectors: unknown published test key")

var (
	keyMu    sync.Mutex
	keyCache = map[string]*TestKey{}
)

// Key returns the named published test key, parsed. It fails with ErrUnknownKey for a name
// outside KeyNames, and with a descriptive error when the embedded file is malformed (which
// the package's tests rule out).
func Key(name string) (*TestKey, error) {
	var info KeyInfo
	found := false
	for _, k := range keyInfos {
		if k.Name == name {
			info, found = k, true
			break
		}
	}
	if !found {
		return nil, fmt.Errorf("%w %q", ErrUnknownKey, name)
	}
	keyMu.Lock()
	defer keyMu.Unlock()
	if k, ok := keyCache[name]; ok {
		return k, nil
	}
	k, err := parseKey(info)
	if err != nil {
		return nil, err
	}
	keyCache[name] = k
	return k, nil
}

// MustKey is Key for the Key* constants in tests and generators; it panics on error.
func MustKey(name string) *TestKey {
	k, err := Key(name)
	if err != nil {
		panic(err)
	}
	return k
}

func parseKey(info KeyInfo) (*TestKey, error) {
	file := "keys/" + info.Name + ".pem"
	data, err := fs.ReadFile(files, file)
	if err != nil {
		return nil, fmt.Errorf("vectors: key %s: %w", info.Name, err)
	}
	k := &TestKey{KeyInfo: info, File: file, PEM: data}
	rest := data
	for {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		switch {
		case b.Type == "PRIVATE KEY" && k.PKCS8 == nil:
			k.PKCS8 = b.Bytes
		case b.Type == "CERTIFICATE" && k.CertDER == nil:
			k.CertDER = b.Bytes
		default:
			return nil, fmt.Errorf("vectors: key %s: unexpected PEM block %q", info.Name, b.Type)
		}
	}
	if k.PKCS8 == nil || k.CertDER == nil {
		return nil, fmt.Errorf("vectors: key %s: need one PRIVATE KEY and one CERTIFICATE block", info.Name)
	}
	priv, err := x509.ParsePKCS8PrivateKey(k.PKCS8)
	if err != nil {
		return nil, fmt.Errorf("vectors: key %s: %w", info.Name, err)
	}
	rk, ok := priv.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("vectors: key %s: not an RSA key", info.Name)
	}
	k.Private = rk
	if k.Cert, err = x509.ParseCertificate(k.CertDER); err != nil {
		return nil, fmt.Errorf("vectors: key %s: %w", info.Name, err)
	}
	if !rk.PublicKey.Equal(k.Cert.PublicKey) {
		return nil, fmt.Errorf("vectors: key %s: certificate does not carry the key's public key", info.Name)
	}
	if k.SPKI, err = x509.MarshalPKIXPublicKey(&rk.PublicKey); err != nil {
		return nil, fmt.Errorf("vectors: key %s: %w", info.Name, err)
	}
	s := sha256.Sum256(k.SPKI)
	k.SPKISHA256 = hex.EncodeToString(s[:])
	c := sha256.Sum256(k.CertDER)
	k.CertSHA256 = hex.EncodeToString(c[:])
	return k, nil
}

// KeyManifestPath is the vector file that lists every published key [VEC-KEY-5].
const KeyManifestPath = "keys/manifest.json"

// KeyManifestTest is one test of keys/manifest.json (schema keys-manifest.v1.schema.json): a
// published key and the facts a consumer derives from its file.
type KeyManifestTest struct {
	Test
	Key      string   `json:"key"`  // the key's name
	File     string   `json:"file"` // its PEM file, relative to spec/vectors
	Role     string   `json:"role"` // what it is for
	Expected KeyFacts `json:"expected"`
}

// KeyFacts are the facts of keys/manifest.json about one key.
type KeyFacts struct {
	Bits           int    `json:"bits"`           // RSA modulus size
	PublicExponent int    `json:"publicExponent"` // RSA public exponent
	SPKISHA256     string `json:"spkiSha256"`     // SHA-256 of the SubjectPublicKeyInfo DER, hex
	CertSHA256     string `json:"certSha256"`     // SHA-256 of the certificate DER, hex
	CertSerial     int64  `json:"certSerial"`     // the certificate's serial number
	CertSubjectCN  string `json:"certSubjectCN"`  // the certificate's subject common name
	NotBefore      string `json:"notBefore"`      // RFC 3339, UTC
	NotAfter       string `json:"notAfter"`       // RFC 3339, UTC
}
