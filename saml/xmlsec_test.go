package saml

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/internal/testenv"
	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// Interop with xmlsec1 (XML Security Library, Debian package xmlsec1, installed by .ci/run),
// an XML-DSig implementation independent of goxmldsig: it verifies the tickets of every kind
// we issue and refuses tampered ones, and an Assertion laid out by our profile and signed by
// xmlsec1 verifies with our verifier.

// xmlsecIDAttr tells xmlsec1 that the Assertion's ID attribute is an ID, so that the
// Reference "#<ID>" resolves.
const xmlsecIDAttr = "urn:oasis:names:tc:SAML:2.0:assertion:Assertion"

type xmlsec struct {
	t   *testing.T
	bin string
	dir string
}

func newXMLSec(t *testing.T) *xmlsec {
	return &xmlsec{t: t, bin: testenv.Tool(t, "xmlsec1", "xmlsec1"), dir: t.TempDir()}
}

func (x *xmlsec) file(name string, data []byte) string {
	p := filepath.Join(x.dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		x.t.Fatal(err)
	}
	return p
}

// certPEM writes the certificate of a published key as PEM.
func (x *xmlsec) certPEM(key string) string {
	return x.file(key+".crt", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: vectors.MustKey(key).CertDER}))
}

// keyPEM writes the private key of a published key as PKCS #8 PEM.
func (x *xmlsec) keyPEM(key string) string {
	der, err := x509.MarshalPKCS8PrivateKey(vectors.MustKey(key).Private)
	if err != nil {
		x.t.Fatal(err)
	}
	return x.file(key+".key", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// run runs xmlsec1 with TZ=UTC (--verification-time is local time) and returns its exit
// status and combined output.
func (x *xmlsec) run(args ...string) (int, string) {
	cmd := exec.Command(x.bin, args...)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		}
		x.t.Fatalf("xmlsec1: %v", err)
	}
	return 0, string(out)
}

// verify runs xmlsec1 --verify on a ticket with the pinned certificate as the only trusted
// one, at an instant inside the ticket's window.
func (x *xmlsec) verify(ticket []byte, pinned string) (int, string) {
	return x.run("--verify", "--trusted-pem", x.certPEM(pinned),
		"--id-attr:ID", xmlsecIDAttr, "--verification-time", "2026-03-04 05:10:00",
		x.file("ticket.xml", ticket))
}

// interopKinds are claims of every kind an issuer makes.
func interopKinds(t *testing.T) map[string]Claims {
	alice := mustUser(t, "alice@example.com")
	devA, devB := mustDevice(t, vectors.KeyDeviceA), mustDevice(t, vectors.KeyDeviceB)
	o := mustResourceID(t)
	return map[string]Claims{
		"auth":                 {Kind: KindAuth, User: alice, Audiences: []string{testAccounts}},
		"user":                 {Kind: KindUser, User: mustUser(t, "用户@例子.中国"), Audiences: []string{testAudience}},
		"device":               {Kind: KindDevice, Device: devA, Audiences: []string{testAudience}},
		"device-claim":         {Kind: KindDeviceClaim, Device: devA, User: alice, Audiences: []string{testAudience}},
		"resource":             {Kind: KindResource, User: alice, Resource: "/V0.1/Mesh/MeshObjects/" + o.String(), Actions: []Action{ActionRead, ActionWrite}, Audiences: []string{testAudience}},
		"resource (one-time)":  {Kind: KindResource, OneTime: true, User: alice, Resource: "/", Actions: []Action{ActionControl}, Audiences: []string{testAudience}},
		"peer (same-user)":     {Kind: KindPeer, Device: devA, PeerDevice: devB, Basis: BasisSameUser, User: alice, Audiences: []string{DeviceAudience(devB)}},
		"peer (shared-object)": {Kind: KindPeer, Device: devA, PeerDevice: devB, Basis: BasisSharedObject, Object: o, Audiences: []string{"urn:relay", DeviceAudience(devB)}},
	}
}

func TestXMLSec1Interop(t *testing.T) {
	x := newXMLSec(t)
	if code, out := x.run("--version"); code == 0 {
		t.Logf("%s", strings.TrimSpace(out))
	}
	f := newFixture(t)
	kinds := interopKinds(t)
	names := make([]string, 0, len(kinds))
	for n := range kinds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		c := kinds[name]
		t.Run("[TKT-SIG-12] xmlsec1 verifies a "+name+" ticket", func(t *testing.T) {
			ticket, _ := f.issue(t, c)
			if code, out := x.verify(ticket, f.key.Name); code != 0 || !strings.Contains(out, "OK") {
				t.Fatalf("xmlsec1 --verify: exit %d\n%s\n%s", code, out, ticket)
			}
			tampered := []byte(strings.Replace(string(ticket), "NotOnOrAfter=\"2026-03-04T", "NotOnOrAfter=\"2027-03-04T", 1))
			if code, out := x.verify(tampered, f.key.Name); code == 0 {
				t.Fatalf("xmlsec1 accepts a tampered ticket:\n%s", out)
			}
			if _, err := f.verifier(t, nil).Verify(tampered); err == nil {
				t.Fatal("we accept the tampered ticket")
			}
		})
	}
	t.Run("[TKT-SIG-11] xmlsec1 refuses a ticket signed by an unpinned key", func(t *testing.T) {
		ticket, _ := f.issue(t, f.userClaims())
		forged := forge(t, unsigned(ticket), sigSpec{Key: vectors.KeyAttacker})
		if code, out := x.verify(forged, f.key.Name); code == 0 {
			t.Fatalf("xmlsec1 accepts the attacker's ticket:\n%s", out)
		}
		if code, out := x.verify(forged, vectors.KeyAttacker); code != 0 {
			t.Fatalf("xmlsec1 refuses the attacker's ticket with the attacker's key trusted (the forgery is not sound): %s", out)
		}
	})
	t.Run("[TKT-SIG-12] an Assertion signed by xmlsec1 under our profile verifies", func(t *testing.T) {
		ticket, want := f.issue(t, f.userClaims())
		// The template: our profile's Signature with empty values, as xmlsec1 fills them.
		tmpl := sigRE.ReplaceAllStringFunc(string(ticket), func(sig string) string {
			sig = regexp.MustCompile(`<ds:DigestValue>[^<]*</ds:DigestValue>`).ReplaceAllString(sig, `<ds:DigestValue></ds:DigestValue>`)
			sig = regexp.MustCompile(`<ds:SignatureValue>[^<]*</ds:SignatureValue>`).ReplaceAllString(sig, `<ds:SignatureValue></ds:SignatureValue>`)
			return regexp.MustCompile(`<ds:X509Data>.*</ds:X509Data>`).ReplaceAllString(sig, `<ds:X509Data><ds:X509Certificate></ds:X509Certificate></ds:X509Data>`)
		})
		outFile := filepath.Join(x.dir, "signed.xml")
		code, out := x.run("--sign", "--privkey-pem", x.keyPEM(f.key.Name)+","+x.certPEM(f.key.Name),
			"--id-attr:ID", xmlsecIDAttr, "--output", outFile, x.file("template.xml", []byte(tmpl)))
		if code != 0 {
			t.Fatalf("xmlsec1 --sign: exit %d\n%s", code, out)
		}
		signed, err := os.ReadFile(outFile)
		if err != nil {
			t.Fatal(err)
		}
		// xmlsec1 1.2's output as it is: an XML declaration naming UTF-8 ([TKT-FMT-1]) and
		// base64 broken into lines, in the certificate ([TKT-SIG-9]) and in the
		// SignatureValue ([TKT-SIG-8]); the profile accepts both.
		got, err := f.verifier(t, nil).Verify(signed)
		if err != nil {
			t.Fatalf("[TKT-FMT-1] [TKT-SIG-8] Verify of xmlsec1's output: %v\n%s", err, signed)
		}
		sameClaims(t, got, want)
		// The same octets as ours but for the declaration and line breaks: RSA PKCS #1 v1.5
		// is deterministic, and both canonicalize the same.
		strip := regexp.MustCompile(`\s`)
		signed = regexp.MustCompile(`^<\?xml[^>]*\?>`).ReplaceAll(signed, nil)
		if !bytes.Equal(strip.ReplaceAll(signed, nil), strip.ReplaceAll(ticket, nil)) {
			t.Errorf("xmlsec1's ticket differs from ours:\n%s\n%s", signed, ticket)
		}
	})
}

func mustResourceID(tb testing.TB) ident.ResourceID {
	tb.Helper()
	o, err := ident.ParseResourceID("UICFO4FJCPQU5CLZ3SLHA73UUY")
	if err != nil {
		tb.Fatal(err)
	}
	return o
}
