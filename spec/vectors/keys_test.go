package vectors_test

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/livemesh-spec/livemesh/spec/vectors"
	"github.com/livemesh-spec/livemesh/spec/vectors/internal/keyset"
)

// pinnedSPKI is the SHA-256 of each published key's SubjectPublicKeyInfo, written down when
// the keys were published. A key that is replaced or regenerated fails [VEC-KEY-4].
var pinnedSPKI = map[string]string{
	"idp-2048":      "d83103151d9da672d06f980a7a7f8c38ae346d962c0ad485c855a6b7b5e2949f",
	"cloud-2048-a":  "63966cc1ed28331fbb189543d9398ede7006dd2176cce79790501939b02ba669",
	"cloud-2048-b":  "e6cd1cf45af0a998bc98ed1a8db2b26b6591eac1400992d7b92eba2d6a7be738",
	"device-a-2048": "2f16039a2ef069e23d9af950ed2232346b1ff0cf05a65da27be91078935c51c3",
	"device-b-2048": "86b4c1969fff433e4eb50479ab8134d565d2d8378c6aff020366f7dd9c8b3922",
	"device-c-2048": "f63cfdc494f8a53fe84624d628c8af75f0aef1bf9e7ebeed96e09c763a3d6bb6",
	"attacker-2048": "739302ba20c48635caadbcd224ab6973bd236266fe6eab0d6aaa894f68bcf8d8",
	"weak-1024":     "420ceaeb2df17b22a16fec2a0be35d41937ba16b8e0f4dd96d91a0b9cd6b067c",
}

func TestPublishedKeys(t *testing.T) {
	t.Run("[VEC-KEY-1] key files: warning comment, one PKCS #8 key, one certificate", func(t *testing.T) {
		pems, err := fs.Glob(vectors.FS(), "keys/*.pem")
		if err != nil {
			t.Fatal(err)
		}
		if len(pems) != len(vectors.KeyNames()) {
			t.Errorf("keys/ holds %d PEM files, want %d: %v", len(pems), len(vectors.KeyNames()), pems)
		}
		for _, name := range vectors.KeyNames() {
			data, err := fs.ReadFile(vectors.FS(), "keys/"+name+".pem")
			if err != nil {
				t.Fatal(err)
			}
			first, _, _ := strings.Cut(string(data), "\n")
			if want := "PUBLISHED TEST KEY " + name + " - NEVER FOR REAL USE."; first != want {
				t.Errorf("%s: first line %q, want %q", name, first, want)
			}
			pre, _, ok := strings.Cut(string(data), "-----BEGIN")
			if !ok || !strings.Contains(pre, "Never trust it outside tests") {
				t.Errorf("%s: the comment before the key does not carry the warning", name)
			}
			var types []string
			rest := data
			for {
				var b *pem.Block
				b, rest = pem.Decode(rest)
				if b == nil {
					break
				}
				types = append(types, b.Type)
				if len(b.Headers) != 0 {
					t.Errorf("%s: PEM block %s has headers", name, b.Type)
				}
			}
			if !slices.Equal(types, []string{"PRIVATE KEY", "CERTIFICATE"}) {
				t.Errorf("%s: PEM blocks %v, want [PRIVATE KEY CERTIFICATE]", name, types)
			}
			if len(bytes.TrimSpace(rest)) != 0 {
				t.Errorf("%s: %d bytes after the certificate", name, len(rest))
			}
		}
	})

	t.Run("[VEC-KEY-2] the published set: names, roles, sizes, exponent", func(t *testing.T) {
		var names []string
		for i, s := range keyset.Specs {
			names = append(names, s.Name)
			info := vectors.KeyInfos()[i]
			if info.Name != s.Name || info.Role != s.Role || info.Bits != s.Bits {
				t.Errorf("vectors.KeyInfos()[%d] = %+v, keyset has %+v", i, info, s)
			}
		}
		if !slices.Equal(names, vectors.KeyNames()) {
			t.Errorf("KeyNames() = %v, keyset.Specs = %v", vectors.KeyNames(), names)
		}
		want := []string{vectors.KeyIdP, vectors.KeyCloudA, vectors.KeyCloudB, vectors.KeyDeviceA,
			vectors.KeyDeviceB, vectors.KeyDeviceC, vectors.KeyAttacker, vectors.KeyWeak1024}
		if !slices.Equal(want, vectors.KeyNames()) {
			t.Errorf("KeyNames() = %v, constants = %v", vectors.KeyNames(), want)
		}
		for _, name := range vectors.KeyNames() {
			k := vectors.MustKey(name)
			if got := k.Private.N.BitLen(); got != k.Bits {
				t.Errorf("%s: %d bits, want %d", name, got, k.Bits)
			}
			if wantBits := 2048; name != vectors.KeyWeak1024 && k.Bits != wantBits {
				t.Errorf("%s: %d bits, want %d", name, k.Bits, wantBits)
			}
			if k.Private.E != 65537 {
				t.Errorf("%s: public exponent %d", name, k.Private.E)
			}
			if err := k.Private.Validate(); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
		if vectors.MustKey(vectors.KeyWeak1024).Bits != 1024 {
			t.Error("weak-1024 is not 1024 bits")
		}
	})

	t.Run("[VEC-KEY-3] certificates: self-signed, fixed template, reproducible from the key", func(t *testing.T) {
		synctestStart := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		for _, s := range keyset.Specs {
			k := vectors.MustKey(s.Name)
			c := k.Cert
			// Byte equality with a fresh derivation: certificate and whole file.
			der, err := keyset.Certificate(s, k.Private)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(der, k.CertDER) {
				t.Errorf("%s: committed certificate differs from the one derived from the key", s.Name)
			}
			file, err := keyset.File(s, k.Private)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(file, k.PEM) {
				t.Errorf("%s: committed PEM file differs from the one derived from the key", s.Name)
			}
			if err := c.CheckSignature(c.SignatureAlgorithm, c.RawTBSCertificate, c.Signature); err != nil {
				t.Errorf("%s: self-signature: %v", s.Name, err)
			}
			if c.SignatureAlgorithm != x509.SHA256WithRSA {
				t.Errorf("%s: signature algorithm %v", s.Name, c.SignatureAlgorithm)
			}
			if !bytes.Equal(c.RawIssuer, c.RawSubject) {
				t.Errorf("%s: issuer %q is not the subject %q", s.Name, c.Issuer, c.Subject)
			}
			if c.Subject.CommonName != "livemesh "+s.Name+" published test key" {
				t.Errorf("%s: subject CN %q", s.Name, c.Subject.CommonName)
			}
			if !slices.Equal(c.Subject.Organization, []string{"livemesh published test keys - never for real use"}) {
				t.Errorf("%s: subject O %q", s.Name, c.Subject.Organization)
			}
			if c.SerialNumber.Int64() != s.Serial || !c.SerialNumber.IsInt64() {
				t.Errorf("%s: serial %v, want %d", s.Name, c.SerialNumber, s.Serial)
			}
			if !c.NotBefore.Equal(keyset.NotBefore) || !c.NotAfter.Equal(keyset.NotAfter) {
				t.Errorf("%s: validity %v to %v", s.Name, c.NotBefore, c.NotAfter)
			}
			if synctestStart.Before(c.NotBefore) || synctestStart.After(c.NotAfter) {
				t.Errorf("%s: testing/synctest's start is outside the validity window", s.Name)
			}
			if !k.Private.PublicKey.Equal(c.PublicKey) {
				t.Errorf("%s: certificate carries another public key", s.Name)
			}
			if c.KeyUsage != x509.KeyUsageDigitalSignature|x509.KeyUsageKeyEncipherment {
				t.Errorf("%s: key usage %v", s.Name, c.KeyUsage)
			}
			if !c.BasicConstraintsValid || c.IsCA {
				t.Errorf("%s: basic constraints valid=%v CA=%v", s.Name, c.BasicConstraintsValid, c.IsCA)
			}
		}
	})

	t.Run("[VEC-KEY-4] published keys never change", func(t *testing.T) {
		for _, name := range vectors.KeyNames() {
			want, ok := pinnedSPKI[name]
			if !ok {
				t.Errorf("%s: not pinned in this test; add its SPKI SHA-256 when publishing it", name)
				continue
			}
			if got := vectors.MustKey(name).SPKISHA256; got != want {
				t.Errorf("%s: SPKI SHA-256 %s, pinned %s: a published key was replaced", name, got, want)
			}
		}
		if len(pinnedSPKI) != len(vectors.KeyNames()) {
			t.Errorf("%d keys pinned, %d published: a published key was removed", len(pinnedSPKI), len(vectors.KeyNames()))
		}
	})

	t.Run("[VEC-KEY-5] [VEC-GEN-5] keys/manifest.json matches an independent reading of every key file", func(t *testing.T) {
		f, err := vectors.Load[vectors.KeyManifestTest](vectors.KeyManifestPath, "keys-manifest.v1.schema.json")
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, tc := range f.Tests {
			ids = append(ids, tc.ID)
			if tc.Key != tc.ID || tc.File != "keys/"+tc.Key+".pem" {
				t.Errorf("%s: key %q, file %q", tc.ID, tc.Key, tc.File)
			}
			if tc.Result != vectors.Valid {
				t.Errorf("%s: result %q", tc.ID, tc.Result)
			}
			got, role := readKeyFile(t, tc.File), ""
			for _, s := range keyset.Specs {
				if s.Name == tc.Key {
					role = s.Role
				}
			}
			if tc.Role != role {
				t.Errorf("%s: role %q, want %q", tc.ID, tc.Role, role)
			}
			if got != tc.Expected {
				t.Errorf("%s: manifest says\n%+v\nthe file gives\n%+v", tc.ID, tc.Expected, got)
			}
		}
		if !slices.Equal(ids, vectors.KeyNames()) {
			t.Errorf("manifest lists %v, want %v", ids, vectors.KeyNames())
		}
	})
}

// readKeyFile derives the manifest's facts from a key file with the standard library only,
// independently of package vectors.
func readKeyFile(t *testing.T, file string) vectors.KeyFacts {
	t.Helper()
	data, err := fs.ReadFile(vectors.FS(), file)
	if err != nil {
		t.Fatal(err)
	}
	var certDER []byte
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		if b.Type == "CERTIFICATE" {
			certDER = b.Bytes
		}
	}
	c, err := x509.ParseCertificate(certDER)
	if err != nil {
		t.Fatalf("%s: %v", path.Base(file), err)
	}
	spki := sha256.Sum256(c.RawSubjectPublicKeyInfo)
	cert := sha256.Sum256(certDER)
	rsaPub, ok := c.PublicKey.(*rsa.PublicKey)
	if !ok {
		t.Fatalf("%s: not an RSA key", file)
	}
	return vectors.KeyFacts{
		Bits:           rsaPub.N.BitLen(),
		PublicExponent: rsaPub.E,
		SPKISHA256:     hex.EncodeToString(spki[:]),
		CertSHA256:     hex.EncodeToString(cert[:]),
		CertSerial:     c.SerialNumber.Int64(),
		CertSubjectCN:  c.Subject.CommonName,
		NotBefore:      c.NotBefore.UTC().Format(time.RFC3339),
		NotAfter:       c.NotAfter.UTC().Format(time.RFC3339),
	}
}

func TestKeyAPI(t *testing.T) {
	if _, err := vectors.Key("no-such-key"); !errors.Is(err, vectors.ErrUnknownKey) {
		t.Errorf("Key(unknown) error = %v, want ErrUnknownKey", err)
	}
	a, b := vectors.MustKey(vectors.KeyDeviceA), vectors.MustKey(vectors.KeyDeviceA)
	if a != b {
		t.Error("Key does not return the same parsed key twice")
	}
	if a.File != "keys/device-a-2048.pem" || len(a.PKCS8) == 0 || len(a.SPKI) == 0 || a.Public() != &a.Private.PublicKey {
		t.Errorf("TestKey fields not filled: %+v", a.KeyInfo)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("MustKey(unknown) did not panic")
			}
		}()
		vectors.MustKey("no-such-key")
	}()
}
