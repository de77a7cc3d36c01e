package main

import (
	"time"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// keys/manifest.json: one test per published key with the facts derived from its file
// ([VEC-KEY-5]).
func init() {
	register(Generator{Dir: "keys", Generate: generateKeys})
}

var keyNotes = map[string]vectors.Note{
	"ShortKey": {
		BugType: "WEAK_PARAMS",
		Description: "The key has 1024 bits. livemesh requires RSA keys of at least 2048 bits for every " +
			"protocol key (device keys, token and ticket signing keys); an implementation refuses this key " +
			"wherever it would use one. The facts in this test still hold.",
	},
	"UnpinnedKey": {
		BugType: "AUTH_BYPASS",
		Description: "No verifier pins this key and no device claimed with it exists: whatever it signs " +
			"must be refused as coming from an unknown issuer or an unknown device.",
	},
	"RolloverKey": {
		BugType: "EDGE_CASE",
		Description: "The successor of cloud-2048-a: during a key rollover verifiers pin both keys and " +
			"accept tickets signed by either.",
	},
}

var keyFlags = map[string][]string{
	vectors.KeyWeak1024: {"ShortKey"},
	vectors.KeyAttacker: {"UnpinnedKey"},
	vectors.KeyCloudB:   {"RolloverKey"},
}

func generateKeys() ([]GeneratedFile, error) {
	var tests []vectors.KeyManifestTest
	for _, name := range vectors.KeyNames() {
		k, err := vectors.Key(name)
		if err != nil {
			return nil, err
		}
		flags := keyFlags[name]
		if flags == nil {
			flags = []string{}
		}
		tests = append(tests, vectors.KeyManifestTest{
			Test: vectors.Test{
				ID:      name,
				Comment: "published test key " + name + ": " + k.Role,
				Flags:   flags,
				Req:     []string{"VEC-KEY-2", "VEC-KEY-3", "VEC-KEY-5"},
				Result:  vectors.Valid,
			},
			Key:  name,
			File: k.File,
			Role: k.Role,
			Expected: vectors.KeyFacts{
				Bits:           k.Private.N.BitLen(),
				PublicExponent: k.Private.E,
				SPKISHA256:     k.SPKISHA256,
				CertSHA256:     k.CertSHA256,
				CertSerial:     k.Cert.SerialNumber.Int64(),
				CertSubjectCN:  k.Cert.Subject.CommonName,
				NotBefore:      k.Cert.NotBefore.UTC().Format(time.RFC3339),
				NotAfter:       k.Cert.NotAfter.UTC().Format(time.RFC3339),
			},
		})
	}
	f, err := encodeFile(newFile("keys/manifest", "keys-manifest.v1.schema.json", keyNotes, tests))
	if err != nil {
		return nil, err
	}
	return []GeneratedFile{f}, nil
}
