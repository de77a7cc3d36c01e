package saml

import (
	"strconv"

	"github.com/livemesh-spec/livemesh/ident"
)

// kindAttrs lists the attributes each kind carries besides urn:livemesh:ticket:kind
// ([TKT-KIND-9]); for a peer ticket the basis decides between user and object.
func kindAttrs(k Kind) []string {
	switch k {
	case KindDeviceClaim:
		return []string{AttrUser}
	case KindPeer:
		return []string{AttrPeerDevice, AttrBasis, AttrUser, AttrObject}
	}
	return nil
}

func kindErr(req, msg string) *Error { return newErr(ClassMalformed, req, msg) }

func (p *parts) attr(name string) (string, bool) {
	for i, n := range p.attrNames {
		if n == name {
			return p.attrVals[i], true
		}
	}
	return "", false
}

// parseUser reads a user name that must be in its stored form ([TKT-KIND-8]).
func parseUser(what, s string) (ident.UserName, *Error) {
	u, err := ident.ParseUserName(s)
	if err != nil {
		return u, wrapErr(ClassMalformed, "TKT-KIND-8", what+" is not a user name", err)
	}
	if u.String() != s {
		return u, kindErr("TKT-KIND-8", what+" is not in its stored form (NFC)")
	}
	return u, nil
}

// parseDevice reads a device ID that must be in its printed form ([TKT-KIND-8]).
func parseDevice(what, s string) (ident.DeviceID, *Error) {
	d, err := ident.ParseDeviceID(s)
	if err != nil {
		return d, wrapErr(ClassMalformed, "TKT-KIND-8", what+" is not a device ID", err)
	}
	if d.String() != s {
		return d, kindErr("TKT-KIND-8", what+" is not in its printed form")
	}
	return d, nil
}

// readKind applies the kind-specific rules (spec/tickets.md §2, the last step of §6) to
// the verified parts and completes the claims.
func (v *Verifier) readKind(p *parts, c *Claims) *Error {
	// a. The kind.
	ks, ok := p.attr(AttrKind)
	if !ok {
		return kindErr("TKT-KIND-1", "no "+AttrKind+" attribute")
	}
	k, ok := ParseKind(ks)
	if !ok {
		return kindErr("TKT-KIND-1", "unknown kind "+strconv.Quote(ks))
	}
	c.Kind = k
	// b. The policy's kinds.
	if !v.kinds[k] {
		return newErr(ClassPolicy, "TKT-KIND-12", "the policy does not accept "+k.String()+" tickets")
	}
	return readKindContent(p, c)
}

// readKindContent is steps c to g of the kind-specific rules; the issuer checks its own
// output with it too.
func readKindContent(p *parts, c *Claims) *Error {
	k := c.Kind
	// c. Statements.
	if p.hasAuthn != (k == KindAuth) {
		return kindErr("TKT-KIND-9", "a "+k.String()+" ticket with"+not(p.hasAuthn)+" saml:AuthnStatement")
	}
	if p.hasAuthz != (k == KindResource) {
		return kindErr("TKT-KIND-9", "a "+k.String()+" ticket with"+not(p.hasAuthz)+" saml:AuthzDecisionStatement")
	}
	// d. Attributes.
	allowed := kindAttrs(k)
	for _, n := range p.attrNames {
		if n == AttrKind {
			continue
		}
		found := false
		for _, a := range allowed {
			found = found || a == n
		}
		if !found {
			return kindErr("TKT-KIND-9", "attribute "+strconv.Quote(n)+" in a "+k.String()+" ticket")
		}
	}
	if k == KindDeviceClaim {
		if _, ok := p.attr(AttrUser); !ok {
			return kindErr("TKT-KIND-9", "a device-claim ticket without "+AttrUser)
		}
	}
	// e. Subject.
	var err *Error
	switch k {
	case KindAuth, KindUser, KindResource:
		if p.nameFormat != NameIDFormatEmail {
			return kindErr("TKT-KIND-8", "a "+k.String()+" ticket's subject must have Format emailAddress")
		}
		if c.User, err = parseUser("the subject", p.nameID); err != nil {
			return err
		}
	default:
		if p.nameFormat != NameIDFormatDevice {
			return kindErr("TKT-KIND-8", "a "+k.String()+" ticket's subject must have Format device-id")
		}
		if c.Device, err = parseDevice("the subject", p.nameID); err != nil {
			return err
		}
	}
	// f, g. Kind content.
	switch k {
	case KindAuth:
		if !p.oneTime {
			return kindErr("TKT-KIND-2", "an auth token without saml:OneTimeUse")
		}
		c.AuthnInstant, _ = parseTime(p.authnInstant)
		c.AuthnContext = p.authnContext
		if c.AuthnInstant.After(c.IssueInstant) {
			return kindErr("TKT-KIND-2", "AuthnInstant after IssueInstant")
		}
	case KindDeviceClaim:
		s, _ := p.attr(AttrUser)
		if c.User, err = parseUser("attribute user", s); err != nil {
			return err
		}
	case KindResource:
		if p.decision != DecisionPermit {
			return newErr(ClassPolicy, "TKT-KIND-11", "Decision "+strconv.Quote(p.decision)+" grants nothing")
		}
		if msg := checkResourcePath(p.resource); msg != "" {
			return kindErr("TKT-CLAIM-4", msg)
		}
		c.Resource = p.resource
		c.Actions = make([]Action, 0, len(p.actions))
		for _, a := range p.actions {
			act := Action(a)
			if !validAction(act) {
				return kindErr("TKT-KIND-6", "action "+strconv.Quote(a)+" is not one of Read, Write, Execute, Delete, Control")
			}
			for _, b := range c.Actions {
				if b == act {
					return kindErr("TKT-KIND-6", "action "+strconv.Quote(a)+" repeated")
				}
			}
			c.Actions = append(c.Actions, act)
		}
	case KindPeer:
		s, ok := p.attr(AttrPeerDevice)
		if !ok {
			return kindErr("TKT-KIND-7", "a peer ticket without "+AttrPeerDevice)
		}
		if c.PeerDevice, err = parseDevice("attribute peer-device", s); err != nil {
			return err
		}
		bs, ok := p.attr(AttrBasis)
		if !ok {
			return kindErr("TKT-KIND-7", "a peer ticket without "+AttrBasis)
		}
		if c.Basis, ok = parseBasis(bs); !ok {
			return kindErr("TKT-KIND-7", "basis "+strconv.Quote(bs)+" is neither same-user nor shared-object")
		}
		us, hasUser := p.attr(AttrUser)
		os, hasObject := p.attr(AttrObject)
		switch {
		case c.Basis == BasisSameUser && (!hasUser || hasObject):
			return kindErr("TKT-KIND-7", "a same-user peer ticket carries the user and no object")
		case c.Basis == BasisSharedObject && (!hasObject || hasUser):
			return kindErr("TKT-KIND-7", "a shared-object peer ticket carries the object and no user")
		}
		if hasUser {
			if c.User, err = parseUser("attribute user", us); err != nil {
				return err
			}
		}
		if hasObject {
			o, e := ident.ParseResourceID(os)
			if e != nil {
				return wrapErr(ClassMalformed, "TKT-KIND-8", "attribute object is not a resource ID", e)
			}
			c.Object = o
		}
		if c.PeerDevice == c.Device {
			return kindErr("TKT-KIND-7", "a peer ticket whose two devices are the same")
		}
		want := DeviceAudience(c.PeerDevice)
		found := false
		for _, a := range c.Audiences {
			found = found || a == want
		}
		if !found {
			return kindErr("TKT-KIND-7", "a peer ticket whose audiences do not include "+want)
		}
	}
	return nil
}

func not(b bool) string {
	if b {
		return ""
	}
	return "out"
}
