package saml

import (
	"bytes"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/livemesh-spec/livemesh/ident"
)

// Defaults of a Policy ([TKT-TIME-6], [TKT-TIME-2]).
const (
	DefaultSkew        = 180 * time.Second
	MaxSkew            = 300 * time.Second
	DefaultMaxLifetime = time.Hour
	// DefaultCacheSize is the number of verified tickets a Verifier keeps by default.
	DefaultCacheSize = 1024
)

// SkipAudience and SkipIssuer, as Policy.Audience and Policy.Issuer, make a verifier skip
// the audience or the issuer check. They are meant for inspection tools such as meshconform
// only: a service always names both ([TKT-VER-5]). Each begins with a NUL, which no claim
// contains, so no ticket's audience or issuer can equal them.
const (
	SkipAudience = "\x00skip the audience check: inspection tools only"
	SkipIssuer   = "\x00skip the issuer check: inspection tools only"
)

// Policy configures a Verifier.
type Policy struct {
	// Certs are the pinned certificates of the issuer: a ticket verifies only with the key
	// of one of them, and its KeyInfo only selects which ([TKT-SIG-11]). Several during a
	// key rollover. Each must carry an RSA key of at least MinKeyBits bits.
	Certs []*x509.Certificate
	// Issuer is the Issuer every ticket must name, or SkipIssuer.
	Issuer string
	// Audience is the verifier's own audience, or SkipAudience.
	Audience string
	// Clock returns the current time. Required; read once per Verify.
	Clock func() time.Time
	// Skew is the clock tolerance applied to the ticket's window: 0 means DefaultSkew, a
	// negative value means none; at most MaxSkew.
	Skew time.Duration
	// MaxLifetime bounds NotOnOrAfter − IssueInstant: 0 means DefaultMaxLifetime.
	MaxLifetime time.Duration
	// Kinds, if not empty, are the only kinds accepted.
	Kinds []Kind
	// Replay records one-time tickets. nil gives the verifier a store of its own with
	// DefaultReplayCapacity; verifiers that must refuse each other's replays share one.
	Replay *ReplayStore
	// CacheSize is the number of verified tickets kept: 0 means DefaultCacheSize, a
	// negative value disables the cache.
	CacheSize int
}

type pin struct {
	cert *x509.Certificate
	ctx  *dsig.ValidationContext
}

// Verifier verifies tickets under one Policy. It is safe for concurrent use.
type Verifier struct {
	pins     []pin
	issuer   string
	audience string
	clock    func() time.Time
	skew     time.Duration
	maxLife  time.Duration
	kinds    [KindPeer + 1]bool
	replay   *ReplayStore
	cache    *cache
}

func configErr(req, msg string) *Error { return newErr(ClassConfig, req, msg) }

// checkKeyBits applies [TKT-SIG-10].
func checkKeyBits(pub any) *Error {
	k, ok := pub.(*rsa.PublicKey)
	if !ok {
		return configErr("TKT-SIG-10", "the key is not an RSA key")
	}
	if k.N.BitLen() < MinKeyBits {
		return configErr("TKT-SIG-10", "the RSA key has "+strconv.Itoa(k.N.BitLen())+" bits, fewer than "+strconv.Itoa(MinKeyBits))
	}
	return nil
}

func newPin(c *x509.Certificate) pin {
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{c}})
	// goxmldsig judges the certificate's validity by its own clock; the verifier does that
	// itself in the time step ([TKT-TIME-5]), so goxmldsig gets a clock stopped inside the
	// validity and checks the signature alone.
	ctx.Clock = dsig.NewFakeClockAt(c.NotBefore)
	return pin{cert: c, ctx: ctx}
}

// NewVerifier checks the policy and returns a verifier for it.
func NewVerifier(p Policy) (*Verifier, error) {
	if len(p.Certs) == 0 {
		return nil, configErr("TKT-SIG-11", "no pinned certificate")
	}
	if p.Clock == nil {
		return nil, configErr("TKT-TIME-7", "no clock")
	}
	if p.Issuer == "" {
		return nil, configErr("TKT-VER-5", "no issuer (SkipIssuer is for inspection tools)")
	}
	if p.Audience == "" {
		return nil, configErr("TKT-VER-5", "no audience (SkipAudience is for inspection tools)")
	}
	v := &Verifier{issuer: p.Issuer, audience: p.Audience, clock: p.Clock}
	for _, c := range p.Certs {
		if c == nil {
			return nil, configErr("TKT-SIG-11", "a nil certificate")
		}
		if err := checkKeyBits(c.PublicKey); err != nil && !off(ckKeyBits) {
			return nil, err
		}
		v.pins = append(v.pins, newPin(c))
	}
	switch {
	case p.Skew == 0:
		v.skew = DefaultSkew
	case p.Skew < 0:
		v.skew = 0
	case p.Skew > MaxSkew:
		return nil, configErr("TKT-TIME-6", "skew "+p.Skew.String()+" above "+MaxSkew.String())
	default:
		v.skew = p.Skew
	}
	switch {
	case p.MaxLifetime == 0:
		v.maxLife = DefaultMaxLifetime
	case p.MaxLifetime < 0:
		return nil, configErr("TKT-TIME-2", "negative maximum lifetime")
	default:
		v.maxLife = p.MaxLifetime
	}
	if len(p.Kinds) == 0 {
		for k := KindAuth; k <= KindPeer; k++ {
			v.kinds[k] = true
		}
	}
	for _, k := range p.Kinds {
		if k < KindAuth || k > KindPeer {
			return nil, configErr("TKT-KIND-1", "unknown kind "+k.String())
		}
		v.kinds[k] = true
	}
	v.replay = p.Replay
	if v.replay == nil {
		v.replay = NewReplayStore(DefaultReplayCapacity)
	}
	switch {
	case p.CacheSize == 0:
		v.cache = newCache(DefaultCacheSize)
	case p.CacheSize > 0:
		v.cache = newCache(p.CacheSize)
	}
	return v, nil
}

// ChecksIssuer reports whether the verifier checks the issuer (false under SkipIssuer).
func (v *Verifier) ChecksIssuer() bool { return v.issuer != SkipIssuer }

// ChecksAudience reports whether the verifier checks the audience (false under
// SkipAudience).
func (v *Verifier) ChecksAudience() bool { return v.audience != SkipAudience }

// Skew returns the skew the verifier applies.
func (v *Verifier) Skew() time.Duration { return v.skew }

// readSettings parse a ticket: duplicate attributes kept so that they can be refused, the
// depth bounded ([TKT-LIM-2]).
var readSettings = etree.ReadSettings{PreserveDuplicateAttrs: true, MaxDepth: MaxDepth}

// Verify checks a ticket under the verifier's policy, in the order of spec/tickets.md §6,
// and returns its claims, or an *Error naming the first rule that fails. The claims may be
// shared with other callers: do not modify them.
func (v *Verifier) Verify(ticket []byte) (*Claims, error) {
	now := v.clock() // the one instant of this verification [TKT-TIME-7]
	if len(ticket) > MaxTicketSize && !off(ckSize) {
		return nil, newErr(ClassMalformed, "TKT-LIM-1", "ticket of "+strconv.Itoa(len(ticket))+" octets, more than "+strconv.Itoa(MaxTicketSize))
	}
	var key [sha256.Size]byte
	if v.cache != nil {
		key = sha256.Sum256(ticket)
		if e := v.cache.get(key); e != nil {
			if err := v.checkWindow(e.claims, e.cert, now); err != nil {
				v.cache.remove(key)
				return nil, err
			}
			return e.claims, nil
		}
	}
	c, cert, err := v.verifyCold(ticket, now)
	if err != nil {
		return nil, err
	}
	if v.cache != nil && !c.OneTime { // [TKT-CACHE-3]
		until := c.NotOnOrAfter.Add(v.skew)
		if na := cert.NotAfter.Add(time.Nanosecond); na.Before(until) {
			until = na
		}
		v.cache.put(key, &entry{claims: c, cert: cert, until: until}, now)
	}
	return c, nil
}

// xmlDecl is the content of an acceptable XML declaration: version 1.0, optionally the UTF-8
// encoding (in any letter case) and a standalone declaration.
var xmlDecl = regexp.MustCompile(`^version=("1\.0"|'1\.0')(\s+encoding=("[Uu][Tt][Ff]-8"|'[Uu][Tt][Ff]-8'))?(\s+standalone=("yes"|"no"|'yes'|'no'))?\s*$`)

func (v *Verifier) verifyCold(ticket []byte, now time.Time) (*Claims, *x509.Certificate, *Error) {
	// 1. The document ([TKT-FMT-1], [TKT-LIM-2]).
	if !utf8.Valid(ticket) {
		return nil, nil, newErr(ClassMalformed, "TKT-FMT-1", "not valid UTF-8")
	}
	doc := etree.NewDocument()
	doc.ReadSettings = readSettings
	if off(ckDepth) {
		doc.ReadSettings.MaxDepth = 0
	}
	if err := doc.ReadFromBytes(ticket); err != nil {
		if errors.Is(err, etree.ErrMaxDepth) {
			return nil, nil, wrapErr(ClassMalformed, "TKT-LIM-2", "elements nested deeper than "+strconv.Itoa(MaxDepth), err)
		}
		return nil, nil, wrapErr(ClassMalformed, "TKT-FMT-1", "not well-formed XML", err)
	}
	var root *etree.Element
	for i, t := range doc.Child {
		switch t := t.(type) {
		case *etree.ProcInst:
			// An XML declaration naming version 1.0 and UTF-8 may open the document, as common
			// XML-DSig signers write one ([TKT-FMT-1]); any other processing instruction, or a
			// declaration anywhere else, is refused.
			if i != 0 || t.Target != "xml" || !xmlDecl.MatchString(t.Inst) {
				if !off(ckMarkup) {
					return nil, nil, badToken(t)
				}
			}
		case *etree.Element:
			if root != nil {
				return nil, nil, newErr(ClassMalformed, "TKT-FMT-1", "more than one document element")
			}
			root = t
		case *etree.CharData:
			if !allXMLSpace(t.Data) {
				return nil, nil, newErr(ClassMalformed, "TKT-FMT-1", "text outside the document element")
			}
		default:
			if !off(ckMarkup) {
				return nil, nil, badToken(t)
			}
		}
	}
	if root == nil {
		return nil, nil, newErr(ClassMalformed, "TKT-FMT-1", "no document element")
	}
	// 2. Structure (§3).
	in, perr := readAssertion(root, true)
	if perr != nil {
		return nil, nil, perr
	}
	// 3. Signature profile (§4).
	der, perr := checkSignatureProfile(in.sig, in.id)
	if perr != nil {
		return nil, nil, perr
	}
	// 4. The key: pinned certificates only, KeyInfo selects ([TKT-SIG-11]); then the
	// signature ([TKT-SIG-12]).
	var p *pin
	for i := range v.pins {
		if bytes.Equal(v.pins[i].cert.Raw, der) {
			p = &v.pins[i]
			break
		}
	}
	if p == nil {
		c, err := x509.ParseCertificate(der)
		if !off(ckPinned) || err != nil {
			return nil, nil, sigErr("TKT-SIG-11", "the certificate in KeyInfo is not pinned")
		}
		np := newPin(c)
		p = &np
	}
	var verified *etree.Element
	if off(ckSignature) {
		verified = root.Copy()
		verified.RemoveChildAt(in.sig.Index())
	} else {
		var err error
		if verified, err = p.ctx.Validate(root); err != nil {
			return nil, nil, wrapErr(ClassSignature, "TKT-SIG-12", "the signature does not verify", err)
		}
	}
	// From here on every value comes from the verified element ([TKT-VER-2]).
	vp, perr := readAssertion(verified, false)
	if perr != nil {
		return nil, nil, perr
	}
	c := &Claims{Issuer: vp.issuer, Audiences: vp.audiences, OneTime: vp.oneTime}
	c.ID, _ = ident.ParseTicketID(vp.id) // syntax checked by readAssertion
	c.IssueInstant, _ = parseTime(vp.issueInstant)
	c.NotBefore, _ = parseTime(vp.notBefore)
	c.NotOnOrAfter, _ = parseTime(vp.notOnOrAfter)
	// 5. Issuer ([TKT-VER-3]).
	if v.issuer != SkipIssuer && c.Issuer != v.issuer && !off(ckIssuer) {
		return nil, nil, newErr(ClassIssuer, "TKT-VER-3", "issuer "+strconv.Quote(c.Issuer)+", want "+strconv.Quote(v.issuer))
	}
	// 6. Times (§5).
	if (c.NotBefore.Before(c.IssueInstant) || !c.NotBefore.Before(c.NotOnOrAfter)) && !off(ckTimeOrder) {
		return nil, nil, newErr(ClassMalformed, "TKT-TIME-1", "the instants are not IssueInstant ≤ NotBefore < NotOnOrAfter")
	}
	if life := c.NotOnOrAfter.Sub(c.IssueInstant); life > v.maxLife && !off(ckLifetime) {
		return nil, nil, newErr(ClassPolicy, "TKT-TIME-2", "lifetime "+life.String()+" above the maximum "+v.maxLife.String())
	}
	if err := v.checkWindow(c, p.cert, now); err != nil {
		return nil, nil, err
	}
	// 7. Audience ([TKT-VER-4]).
	if v.audience != SkipAudience && !off(ckAudience) {
		found := false
		for _, a := range c.Audiences {
			if a == v.audience {
				found = true
				break
			}
		}
		if !found {
			return nil, nil, newErr(ClassAudience, "TKT-VER-4", "audience "+strconv.Quote(v.audience)+" is not among the ticket's")
		}
	}
	// 8. Replay (§7).
	if c.OneTime && !off(ckReplay) {
		if err := v.replay.record(c.Issuer, c.ID, c.NotOnOrAfter.Add(v.skew), now); err != nil {
			return nil, nil, err
		}
	}
	// 9. Kind-specific rules (§2).
	if err := v.readKind(vp, c); err != nil {
		return nil, nil, err
	}
	return c, p.cert, nil
}

// checkWindow applies the rules of the time step that depend on the clock: the ticket's
// window with skew ([TKT-TIME-3], [TKT-TIME-4]), then the certificate's validity without
// ([TKT-TIME-5]).
func (v *Verifier) checkWindow(c *Claims, cert *x509.Certificate, now time.Time) *Error {
	if now.Before(c.NotBefore.Add(-v.skew)) && !off(ckNotYetValid) {
		return newErr(ClassNotYetValid, "TKT-TIME-3", "valid from "+formatTime(c.NotBefore)+" (skew "+v.skew.String()+")")
	}
	if !now.Before(c.NotOnOrAfter.Add(v.skew)) && !off(ckExpired) {
		return newErr(ClassExpired, "TKT-TIME-4", "expired at "+formatTime(c.NotOnOrAfter)+" (skew "+v.skew.String()+")")
	}
	if now.Before(cert.NotBefore) && !off(ckCertTime) {
		return newErr(ClassNotYetValid, "TKT-TIME-5", "the signing certificate is valid from "+cert.NotBefore.UTC().Format(time.RFC3339))
	}
	if now.After(cert.NotAfter) && !off(ckCertTime) {
		return newErr(ClassExpired, "TKT-TIME-5", "the signing certificate expired at "+cert.NotAfter.UTC().Format(time.RFC3339))
	}
	return nil
}
