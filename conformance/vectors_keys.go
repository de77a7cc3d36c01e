package conformance

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"io/fs"
	"time"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// checkKeyManifest re-derives every fact of keys/manifest.json from the key file it names,
// so that a copy of the tree whose keys and manifest disagree is caught.
func checkKeyManifest(tree fs.FS, data []byte) ([]Failure, int, error) {
	f, err := vectors.Decode[vectors.KeyManifestTest](data)
	if err != nil {
		return nil, 0, err
	}
	var fails []Failure
	for _, tc := range f.Tests {
		got, err := keyFacts(tree, tc.File)
		if err != nil {
			fails = append(fails, Failure{tc.ID, err.Error()})
			continue
		}
		if got != tc.Expected {
			fails = append(fails, Failure{tc.ID, fmt.Sprintf("key file gives %+v, manifest says %+v", got, tc.Expected)})
		}
	}
	return fails, len(f.Tests), nil
}

func keyFacts(tree fs.FS, file string) (vectors.KeyFacts, error) {
	var facts vectors.KeyFacts
	data, err := fs.ReadFile(tree, file)
	if err != nil {
		return facts, err
	}
	var priv *rsa.PrivateKey
	var cert *x509.Certificate
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		switch block.Type {
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
			if err != nil {
				return facts, fmt.Errorf("%s: %w", file, err)
			}
			rk, ok := k.(*rsa.PrivateKey)
			if !ok {
				return facts, fmt.Errorf("%s: not an RSA key", file)
			}
			priv = rk
		case "CERTIFICATE":
			if cert, err = x509.ParseCertificate(block.Bytes); err != nil {
				return facts, fmt.Errorf("%s: %w", file, err)
			}
		}
	}
	if priv == nil || cert == nil {
		return facts, fmt.Errorf("%s: want a PRIVATE KEY and a CERTIFICATE block", file)
	}
	spki, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if err != nil {
		return facts, err
	}
	if !priv.PublicKey.Equal(cert.PublicKey) {
		return facts, fmt.Errorf("%s: the certificate does not hold the private key's public key", file)
	}
	spkiSum := sha256.Sum256(spki)
	certSum := sha256.Sum256(cert.Raw)
	return vectors.KeyFacts{
		Bits:           priv.N.BitLen(),
		PublicExponent: priv.E,
		SPKISHA256:     hex.EncodeToString(spkiSum[:]),
		CertSHA256:     hex.EncodeToString(certSum[:]),
		CertSerial:     cert.SerialNumber.Int64(),
		CertSubjectCN:  cert.Subject.CommonName,
		NotBefore:      cert.NotBefore.UTC().Format(time.RFC3339),
		NotAfter:       cert.NotAfter.UTC().Format(time.RFC3339),
	}, nil
}
