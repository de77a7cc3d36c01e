package saml

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"io"
	"strconv"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/livemesh-spec/livemesh/ident"
)

// IssuerConfig configures an Issuer.
type IssuerConfig struct {
	// Name is the Issuer of every ticket (the identity provider's or the cloud's name).
	Name string
	// Key signs the tickets: an RSA key of at least MinKeyBits bits ([TKT-SIG-10]).
	Key crypto.Signer
	// Cert is the DER of the certificate of Key, carried in every ticket's KeyInfo.
	Cert []byte
	// Clock returns the current time. Required.
	Clock func() time.Time
	// Rand is the source of ticket IDs, a cryptographically secure one such as
	// crypto/rand.Reader. Required.
	Rand io.Reader
}

// Issuer signs tickets. It is safe for concurrent use if Key and Rand are.
type Issuer struct {
	name  string
	cert  *x509.Certificate
	clock func() time.Time
	rand  io.Reader
	ctx   *dsig.SigningContext
}

// NewIssuer checks the configuration and returns an issuer.
func NewIssuer(cfg IssuerConfig) (*Issuer, error) {
	if msg := checkClaimString("issuer name", cfg.Name); msg != "" {
		return nil, configErr("TKT-CLAIM-1", msg)
	}
	if cfg.Key == nil {
		return nil, configErr("TKT-SIG-10", "no signing key")
	}
	if err := checkKeyBits(cfg.Key.Public()); err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(cfg.Cert)
	if err != nil {
		return nil, wrapErr(ClassConfig, "TKT-SIG-9", "the certificate does not parse", err)
	}
	if pk, ok := cert.PublicKey.(interface{ Equal(crypto.PublicKey) bool }); !ok || !pk.Equal(cfg.Key.Public()) {
		return nil, configErr("TKT-SIG-9", "the certificate does not carry the signing key")
	}
	if cfg.Clock == nil {
		return nil, configErr("TKT-TIME-7", "no clock")
	}
	if cfg.Rand == nil {
		return nil, configErr("TKT-FMT-5", "no source of randomness for ticket IDs")
	}
	ctx, err := dsig.NewSigningContext(cfg.Key, [][]byte{cert.Raw})
	if err != nil {
		return nil, wrapErr(ClassConfig, "TKT-SIG-10", "signing context", err)
	}
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("") // [TKT-SIG-3]
	if err := ctx.SetSignatureMethod(AlgRSASHA256); err != nil {                // [TKT-SIG-4]
		return nil, wrapErr(ClassConfig, "TKT-SIG-4", "signature method", err)
	}
	return &Issuer{name: cfg.Name, cert: cert, clock: cfg.Clock, rand: cfg.Rand, ctx: ctx}, nil
}

// Name returns the issuer's name.
func (is *Issuer) Name() string { return is.name }

func claimErr(req, msg string) *Error { return newErr(ClassClaim, req, msg) }

func wholeSecond(t time.Time) bool { return t.Nanosecond() == 0 }

// checkClaims applies the issuer's rules to the caller's claims ([TKT-CLAIM-2]): every
// claim in the allowed characters, exactly the fields of the kind.
func checkClaims(c *Claims) *Error {
	if c.Kind < KindAuth || c.Kind > KindPeer {
		return claimErr("TKT-KIND-1", "unknown kind "+c.Kind.String())
	}
	if len(c.Audiences) == 0 {
		return claimErr("TKT-FMT-3", "no audience")
	}
	if len(c.Audiences) > MaxAudiences {
		return claimErr("TKT-LIM-3", "more than "+strconv.Itoa(MaxAudiences)+" audiences")
	}
	for _, a := range c.Audiences {
		if msg := checkClaimString("audience", a); msg != "" {
			return claimErr("TKT-CLAIM-1", msg)
		}
	}
	k := c.Kind
	userKind := k == KindAuth || k == KindUser || k == KindResource || k == KindDeviceClaim ||
		k == KindPeer && c.Basis == BasisSameUser
	deviceKind := k == KindDevice || k == KindDeviceClaim || k == KindPeer
	switch {
	case userKind && c.User.IsZero():
		return claimErr("TKT-KIND-9", "a "+k.String()+" ticket needs a user")
	case !userKind && !c.User.IsZero():
		return claimErr("TKT-KIND-9", "a "+k.String()+" ticket carries no user")
	case deviceKind && c.Device.IsZero():
		return claimErr("TKT-KIND-9", "a "+k.String()+" ticket needs a device")
	case !deviceKind && !c.Device.IsZero():
		return claimErr("TKT-KIND-9", "a "+k.String()+" ticket carries no device")
	}
	if k == KindPeer {
		switch {
		case c.PeerDevice.IsZero():
			return claimErr("TKT-KIND-7", "a peer ticket needs a peer device")
		case c.PeerDevice == c.Device:
			return claimErr("TKT-KIND-7", "a peer ticket's two devices are the same")
		case c.Basis != BasisSameUser && c.Basis != BasisSharedObject:
			return claimErr("TKT-KIND-7", "a peer ticket needs a basis")
		case (c.Basis == BasisSharedObject) == c.Object.IsZero():
			return claimErr("TKT-KIND-7", "a peer ticket carries an object exactly when its basis is shared-object")
		}
		want := DeviceAudience(c.PeerDevice)
		found := false
		for _, a := range c.Audiences {
			found = found || a == want
		}
		if !found {
			return claimErr("TKT-KIND-7", "a peer ticket's audiences must include "+want)
		}
	} else if !c.PeerDevice.IsZero() || c.Basis != 0 || !c.Object.IsZero() {
		return claimErr("TKT-KIND-9", "peer device, basis and object belong to peer tickets")
	}
	if k == KindAuth {
		if c.AuthnContext != "" {
			if msg := checkClaimString("authn context", c.AuthnContext); msg != "" {
				return claimErr("TKT-CLAIM-1", msg)
			}
		}
	} else if !c.AuthnInstant.IsZero() || c.AuthnContext != "" {
		return claimErr("TKT-KIND-9", "authn instant and context belong to auth tokens")
	}
	if k == KindResource {
		if msg := checkClaimString("resource", c.Resource); msg != "" {
			return claimErr("TKT-CLAIM-1", msg)
		}
		if msg := checkResourcePath(c.Resource); msg != "" {
			return claimErr("TKT-CLAIM-4", msg)
		}
		if len(c.Actions) == 0 || len(c.Actions) > MaxActions {
			return claimErr("TKT-KIND-6", "a resource ticket needs 1 to "+strconv.Itoa(MaxActions)+" actions")
		}
		for i, a := range c.Actions {
			if !validAction(a) {
				return claimErr("TKT-KIND-6", "action "+strconv.Quote(string(a))+" is not one of Read, Write, Execute, Delete, Control")
			}
			for _, b := range c.Actions[:i] {
				if a == b {
					return claimErr("TKT-KIND-6", "action "+strconv.Quote(string(a))+" repeated")
				}
			}
		}
	} else if c.Resource != "" || len(c.Actions) > 0 {
		return claimErr("TKT-KIND-9", "resource and actions belong to resource tickets")
	}
	return nil
}

// Issue signs a ticket with the caller's claims: Kind, the kind's fields and Audiences,
// and optionally NotBefore, NotOnOrAfter, OneTime, AuthnInstant and AuthnContext. It sets
// ID (from the issuer's randomness), Issuer and IssueInstant (the issuer's clock, in whole
// seconds), fills the defaults, and returns the ticket's octets and the claims as a
// verifier will read them. A claim the profile cannot carry is refused with ClassClaim.
func (is *Issuer) Issue(in Claims) ([]byte, *Claims, error) {
	c := in
	c.Audiences = append([]string(nil), in.Audiences...)
	c.Actions = append([]Action(nil), in.Actions...)
	if len(c.Actions) == 0 {
		c.Actions = nil
	}
	if err := checkClaims(&c); err != nil {
		return nil, nil, err
	}
	now := is.clock().UTC().Truncate(time.Second)
	if now.Before(is.cert.NotBefore) || now.After(is.cert.NotAfter) {
		return nil, nil, configErr("TKT-TIME-8", "the signing certificate is not valid at "+formatTime(now))
	}
	id, err := ident.NewTicketID(is.rand)
	if err != nil {
		return nil, nil, wrapErr(ClassConfig, "TKT-FMT-5", "no ticket ID", err)
	}
	c.ID, c.Issuer, c.IssueInstant = id, is.name, now
	if c.NotBefore.IsZero() {
		c.NotBefore = now
	}
	if c.NotOnOrAfter.IsZero() {
		c.NotOnOrAfter = c.NotBefore.Add(c.Kind.DefaultLifetime())
	}
	c.NotBefore, c.NotOnOrAfter = c.NotBefore.UTC(), c.NotOnOrAfter.UTC()
	if !wholeSecond(c.NotBefore) || !wholeSecond(c.NotOnOrAfter) {
		return nil, nil, claimErr("TKT-FMT-6", "times are whole seconds")
	}
	if c.NotBefore.Before(c.IssueInstant) || !c.NotBefore.Before(c.NotOnOrAfter) {
		return nil, nil, claimErr("TKT-TIME-8", "the instants must be IssueInstant ≤ NotBefore < NotOnOrAfter")
	}
	if y := c.NotOnOrAfter.Year(); y > 9999 {
		return nil, nil, claimErr("TKT-FMT-6", "NotOnOrAfter after the year 9999")
	}
	if c.Kind == KindAuth {
		c.OneTime = true // [TKT-KIND-2]
		if c.AuthnInstant.IsZero() {
			c.AuthnInstant = now
		}
		c.AuthnInstant = c.AuthnInstant.UTC()
		if !wholeSecond(c.AuthnInstant) || c.AuthnInstant.After(now) || c.AuthnInstant.Year() < 1 {
			return nil, nil, claimErr("TKT-KIND-2", "AuthnInstant must be whole seconds, not after IssueInstant")
		}
		if c.AuthnContext == "" {
			c.AuthnContext = AuthnContextPassword
		}
	}
	el := buildAssertion(&c)
	sig, err := is.ctx.ConstructSignature(el, true)
	if err != nil {
		return nil, nil, wrapErr(ClassConfig, "TKT-SIG-12", "signing failed", err)
	}
	el.InsertChildAt(1, sig) // right after Issuer [TKT-SIG-1]
	var buf bytes.Buffer
	buf.Grow(4096)
	el.WriteTo(&buf, &writeSettings)
	if buf.Len() > MaxTicketSize {
		return nil, nil, claimErr("TKT-LIM-1", "the ticket would have "+strconv.Itoa(buf.Len())+" octets, more than "+strconv.Itoa(MaxTicketSize))
	}
	return buf.Bytes(), &c, nil
}

var writeSettings = etree.WriteSettings{CanonicalText: true, CanonicalAttrVal: true, CanonicalEndTags: false}

func samlEl(parent *etree.Element, tag string) *etree.Element {
	e := parent.CreateElement(tag)
	e.Space = "saml"
	return e
}

func textEl(parent *etree.Element, tag, text string) *etree.Element {
	e := samlEl(parent, tag)
	e.SetText(text)
	return e
}

func addAttribute(st *etree.Element, name, value string) {
	a := samlEl(st, "Attribute")
	a.CreateAttr("Name", name)
	a.CreateAttr("NameFormat", AttrNameFormatURI)
	textEl(a, "AttributeValue", value)
}

// buildAssertion lays out the unsigned Assertion in the issuer's form ([TKT-FMT-10]).
func buildAssertion(c *Claims) *etree.Element {
	a := etree.NewElement("Assertion")
	a.Space = "saml"
	a.CreateAttr("xmlns:saml", NamespaceSAML)
	a.CreateAttr("ID", c.ID.String())
	a.CreateAttr("Version", "2.0")
	a.CreateAttr("IssueInstant", formatTime(c.IssueInstant))
	textEl(a, "Issuer", c.Issuer)
	subj := samlEl(a, "Subject")
	nid := samlEl(subj, "NameID")
	switch c.Kind {
	case KindAuth, KindUser, KindResource:
		nid.CreateAttr("Format", NameIDFormatEmail)
		nid.SetText(c.User.String())
	default:
		nid.CreateAttr("Format", NameIDFormatDevice)
		nid.SetText(c.Device.String())
	}
	samlEl(subj, "SubjectConfirmation").CreateAttr("Method", MethodBearer)
	cond := samlEl(a, "Conditions")
	cond.CreateAttr("NotBefore", formatTime(c.NotBefore))
	cond.CreateAttr("NotOnOrAfter", formatTime(c.NotOnOrAfter))
	ar := samlEl(cond, "AudienceRestriction")
	for _, aud := range c.Audiences {
		textEl(ar, "Audience", aud)
	}
	if c.OneTime {
		samlEl(cond, "OneTimeUse")
	}
	if c.Kind == KindAuth {
		st := samlEl(a, "AuthnStatement")
		st.CreateAttr("AuthnInstant", formatTime(c.AuthnInstant))
		textEl(samlEl(st, "AuthnContext"), "AuthnContextClassRef", c.AuthnContext)
	}
	if c.Kind == KindResource {
		st := samlEl(a, "AuthzDecisionStatement")
		st.CreateAttr("Resource", c.Resource)
		st.CreateAttr("Decision", DecisionPermit)
		for _, act := range c.Actions {
			e := textEl(st, "Action", string(act))
			e.CreateAttr("Namespace", ActionNamespaceRWEDC)
		}
	}
	st := samlEl(a, "AttributeStatement")
	addAttribute(st, AttrKind, c.Kind.String())
	switch c.Kind {
	case KindDeviceClaim:
		addAttribute(st, AttrUser, c.User.String())
	case KindPeer:
		addAttribute(st, AttrPeerDevice, c.PeerDevice.String())
		addAttribute(st, AttrBasis, c.Basis.String())
		if c.Basis == BasisSameUser {
			addAttribute(st, AttrUser, c.User.String())
		} else {
			addAttribute(st, AttrObject, c.Object.String())
		}
	}
	return a
}
