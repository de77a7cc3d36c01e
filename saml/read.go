package saml

import (
	"strconv"

	"github.com/beevik/etree"
)

// parts is what the structure walk finds in an Assertion: the elements and the lexical
// values of the profile, all syntax-checked. Typed values are made from the parts of the
// verified element only.
type parts struct {
	id, issueInstant string
	issuer           string
	sig              *etree.Element // the ds:Signature (input tree only)
	nameFormat       string
	nameID           string
	notBefore        string
	notOnOrAfter     string
	audiences        []string
	oneTime          bool

	hasAuthn     bool
	authnInstant string
	authnContext string

	hasAuthz  bool
	resource  string
	decision  string
	actions   []string // values; every Namespace was checked to be rwedc
	attrNames []string
	attrVals  []string
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func allXMLSpace(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isXMLSpace(s[i]) {
			return false
		}
	}
	return true
}

// is reports whether el is the element {ns}local, resolving its prefix in scope.
func is(el *etree.Element, ns, local string) bool {
	return el.Tag == local && el.NamespaceURI() == ns
}

func elName(el *etree.Element) string { return strconv.Quote(el.FullTag()) }

// unexpected reports an element that the structure does not allow here. A ds:Signature
// anywhere but right after Issuer breaks [TKT-SIG-1]; any other element [TKT-FMT-3].
func unexpected(el *etree.Element, where string) *Error {
	if is(el, NamespaceDS, "Signature") {
		return newErr(ClassSignature, "TKT-SIG-1", "a ds:Signature "+where+"; the only one must follow Issuer")
	}
	return newErr(ClassMalformed, "TKT-FMT-3", "unexpected element "+elName(el)+" "+where)
}

// children returns el's child elements, checking that everything else among its children
// is white space ([TKT-FMT-7]) and that there are no comments, processing instructions or
// directives ([TKT-FMT-1]). sigReq is the requirement to name for stray text (TKT-SIG-2
// inside the Signature).
func children(el *etree.Element, buf []*etree.Element, textReq string, class Class) ([]*etree.Element, *Error) {
	out := buf[:0]
	for _, t := range el.Child {
		switch t := t.(type) {
		case *etree.Element:
			out = append(out, t)
		case *etree.CharData:
			if !allXMLSpace(t.Data) {
				return nil, newErr(class, textReq, "text inside "+elName(el)+", which holds elements only")
			}
		default:
			if !off(ckMarkup) {
				return nil, badToken(t)
			}
		}
	}
	return out, nil
}

func badToken(t etree.Token) *Error {
	switch t.(type) {
	case *etree.Comment:
		return newErr(ClassMalformed, "TKT-FMT-1", "a comment")
	case *etree.ProcInst:
		return newErr(ClassMalformed, "TKT-FMT-1", "a processing instruction")
	case *etree.Directive:
		return newErr(ClassMalformed, "TKT-FMT-1", "a directive (DOCTYPE)")
	}
	return newErr(ClassMalformed, "TKT-FMT-1", "unexpected content")
}

// text returns the character data of a leaf element: only text, no child elements
// ([TKT-FMT-7]), no comments ([TKT-FMT-1]).
func text(el *etree.Element, textReq string, class Class) (string, *Error) {
	var s string
	n := 0
	for _, t := range el.Child {
		switch t := t.(type) {
		case *etree.CharData:
			if n == 0 {
				s = t.Data
			} else {
				s += t.Data
			}
			n++
		case *etree.Element:
			return "", newErr(class, textReq, "element "+elName(t)+" inside "+elName(el)+", which holds text only")
		default:
			if !off(ckMarkup) {
				return "", badToken(t)
			}
		}
	}
	return s, nil
}

// attrs checks el's attributes: namespace declarations must be well formed ([TKT-FMT-2]);
// every other attribute must be unprefixed, one of names and not repeated, and the first
// nRequired of names must be present ([TKT-FMT-4], or attrReq inside the Signature). The
// values are stored in vals in the order of names.
func attrs(el *etree.Element, names []string, nRequired int, vals []string, attrReq string, class Class) *Error {
	var seen uint16
	for i, a := range el.Attr {
		if a.Space == "xmlns" || a.Space == "" && a.Key == "xmlns" {
			if a.Space == "xmlns" && (a.Key == "xml" || a.Key == "xmlns" || a.Value == "") {
				return newErr(ClassMalformed, "TKT-FMT-2", "namespace declaration xmlns:"+a.Key+"="+strconv.Quote(a.Value)+" on "+elName(el))
			}
			if a.Space == "" && (a.Value == "http://www.w3.org/XML/1998/namespace" || a.Value == "http://www.w3.org/2000/xmlns/") {
				return newErr(ClassMalformed, "TKT-FMT-2", "default namespace "+strconv.Quote(a.Value)+" on "+elName(el))
			}
			for j, b := range el.Attr { // a declaration made twice
				if j != i && b.Space == a.Space && b.Key == a.Key {
					return newErr(ClassMalformed, "TKT-FMT-2", "namespace "+a.FullKey()+" declared twice on "+elName(el))
				}
			}
			continue
		}
		if a.Space != "" {
			return newErr(class, attrReq, "attribute "+strconv.Quote(a.FullKey())+" on "+elName(el))
		}
		k := 0
		for k < len(names) && names[k] != a.Key {
			k++
		}
		if k == len(names) {
			return newErr(class, attrReq, "attribute "+strconv.Quote(a.Key)+" on "+elName(el))
		}
		if seen&(1<<k) != 0 {
			return newErr(class, attrReq, "attribute "+strconv.Quote(a.Key)+" repeated on "+elName(el))
		}
		seen |= 1 << k
		vals[k] = a.Value
	}
	for i := 0; i < nRequired; i++ {
		if seen&(1<<i) == 0 {
			return newErr(class, attrReq, "attribute "+strconv.Quote(names[i])+" missing on "+elName(el))
		}
	}
	return nil
}

// claimText applies [TKT-CLAIM-3] to a value read from a ticket.
func claimText(what, s string) *Error {
	if off(ckClaimChars) {
		return nil
	}
	if msg := checkClaimString(what, s); msg != "" {
		return newErr(ClassMalformed, "TKT-CLAIM-3", msg)
	}
	return nil
}

func timeAttr(el *etree.Element, name, v string) *Error {
	if _, ok := parseTime(v); !ok {
		return newErr(ClassMalformed, "TKT-FMT-6", name+" "+strconv.Quote(v)+" on "+elName(el)+" is not YYYY-MM-DDThh:mm:ssZ")
	}
	return nil
}

var (
	namesAssertion  = []string{"ID", "Version", "IssueInstant"}
	namesFormat     = []string{"Format"}
	namesMethod     = []string{"Method"}
	namesConditions = []string{"NotBefore", "NotOnOrAfter"}
	namesAuthn      = []string{"AuthnInstant"}
	namesAuthz      = []string{"Resource", "Decision"}
	namesAction     = []string{"Namespace"}
	namesAttribute  = []string{"Name", "NameFormat"}
)

// readAssertion walks the Assertion root in document order and applies the structure
// rules of spec/tickets.md §3 (the "shape" step). signed says whether a ds:Signature must
// follow Issuer (the input) or must not be there (the element goxmldsig returns).
func readAssertion(root *etree.Element, signed bool) (*parts, *Error) {
	var buf [16]*etree.Element
	var v [3]string
	p := &parts{}
	if !is(root, NamespaceSAML, "Assertion") {
		return nil, newErr(ClassMalformed, "TKT-FMT-3", "the document element is "+elName(root)+", not saml:Assertion")
	}
	if err := attrs(root, namesAssertion, 3, v[:], "TKT-FMT-4", ClassMalformed); err != nil {
		return nil, err
	}
	if v[1] != "2.0" {
		return nil, newErr(ClassMalformed, "TKT-FMT-5", "Version is "+strconv.Quote(v[1])+", not \"2.0\"")
	}
	if !validTicketID(v[0]) {
		return nil, newErr(ClassMalformed, "TKT-FMT-5", "ID "+strconv.Quote(v[0])+" is not a ticket ID")
	}
	if err := timeAttr(root, "IssueInstant", v[2]); err != nil {
		return nil, err
	}
	p.id, p.issueInstant = v[0], v[2]
	kids, err := children(root, buf[:], "TKT-FMT-7", ClassMalformed)
	if err != nil {
		return nil, err
	}
	if off(ckStructure) {
		kids = laxChildren(kids)
	}
	i := 0
	next := func() *etree.Element {
		if i < len(kids) {
			i++
			return kids[i-1]
		}
		return nil
	}
	peek := func() *etree.Element {
		if i < len(kids) {
			return kids[i]
		}
		return nil
	}
	missing := func(what string) *Error {
		return newErr(ClassMalformed, "TKT-FMT-3", "saml:Assertion lacks "+what)
	}

	// Issuer
	el := next()
	if el == nil || !is(el, NamespaceSAML, "Issuer") {
		if el != nil && !is(el, NamespaceDS, "Signature") {
			return nil, unexpected(el, "where saml:Issuer belongs")
		}
		return nil, missing("saml:Issuer as its first child")
	}
	if err := attrs(el, nil, 0, nil, "TKT-FMT-4", ClassMalformed); err != nil {
		return nil, err
	}
	if p.issuer, err = text(el, "TKT-FMT-7", ClassMalformed); err != nil {
		return nil, err
	}
	if err := claimText("Issuer", p.issuer); err != nil {
		return nil, err
	}

	// Signature
	if signed {
		el = peek()
		switch {
		case el != nil && is(el, NamespaceDS, "Signature"):
			p.sig = next()
		case !off(ckSigPlace):
			return nil, newErr(ClassSignature, "TKT-SIG-1", "no ds:Signature right after saml:Issuer")
		default: // the seam: the first ds:Signature among the children, wherever it is
			for j, k := range kids {
				if is(k, NamespaceDS, "Signature") {
					p.sig, kids = k, append(kids[:j:j], kids[j+1:]...)
					break
				}
			}
		}
	}

	// Subject
	el = next()
	if el == nil || !is(el, NamespaceSAML, "Subject") {
		if el != nil {
			return nil, unexpected(el, "where saml:Subject belongs")
		}
		return nil, missing("saml:Subject")
	}
	if err := readSubject(el, p); err != nil {
		return nil, err
	}

	// Conditions
	el = next()
	if el == nil || !is(el, NamespaceSAML, "Conditions") {
		if el != nil {
			return nil, unexpected(el, "where saml:Conditions belongs")
		}
		return nil, missing("saml:Conditions")
	}
	if err := readConditions(el, p); err != nil {
		return nil, err
	}

	// Statements: [AuthnStatement] [AuthzDecisionStatement] AttributeStatement
	if el = peek(); el != nil && is(el, NamespaceSAML, "AuthnStatement") {
		if err := readAuthn(next(), p); err != nil {
			return nil, err
		}
	}
	if el = peek(); el != nil && is(el, NamespaceSAML, "AuthzDecisionStatement") {
		if err := readAuthz(next(), p); err != nil {
			return nil, err
		}
	}
	el = next()
	if el == nil || !is(el, NamespaceSAML, "AttributeStatement") {
		if el != nil {
			return nil, unexpected(el, "where a statement belongs")
		}
		return nil, missing("saml:AttributeStatement")
	}
	if err := readAttributes(el, p); err != nil {
		return nil, err
	}
	if el = next(); el != nil {
		return nil, unexpected(el, "after saml:AttributeStatement")
	}
	return p, nil
}

func validTicketID(s string) bool {
	if len(s) != 33 || s[0] != '_' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func readSubject(subj *etree.Element, p *parts) *Error {
	var buf [4]*etree.Element
	var v [1]string
	if err := attrs(subj, nil, 0, nil, "TKT-FMT-4", ClassMalformed); err != nil {
		return err
	}
	kids, err := children(subj, buf[:], "TKT-FMT-7", ClassMalformed)
	if err != nil {
		return err
	}
	if len(kids) == 0 || !is(kids[0], NamespaceSAML, "NameID") {
		if len(kids) > 0 {
			return unexpected(kids[0], "where saml:NameID belongs")
		}
		return newErr(ClassMalformed, "TKT-FMT-3", "saml:Subject lacks saml:NameID")
	}
	if err := attrs(kids[0], namesFormat, 1, v[:], "TKT-FMT-4", ClassMalformed); err != nil {
		return err
	}
	if v[0] != NameIDFormatEmail && v[0] != NameIDFormatDevice {
		return newErr(ClassMalformed, "TKT-FMT-8", "NameID Format "+strconv.Quote(v[0])+" is not one of the profile's")
	}
	p.nameFormat = v[0]
	if p.nameID, err = text(kids[0], "TKT-FMT-7", ClassMalformed); err != nil {
		return err
	}
	if err := claimText("NameID", p.nameID); err != nil {
		return err
	}
	if len(kids) < 2 || !is(kids[1], NamespaceSAML, "SubjectConfirmation") {
		if len(kids) >= 2 {
			return unexpected(kids[1], "where saml:SubjectConfirmation belongs")
		}
		return newErr(ClassMalformed, "TKT-FMT-3", "saml:Subject lacks saml:SubjectConfirmation")
	}
	sc := kids[1]
	if err := attrs(sc, namesMethod, 1, v[:], "TKT-FMT-4", ClassMalformed); err != nil {
		return err
	}
	if v[0] != MethodBearer {
		return newErr(ClassMalformed, "TKT-FMT-8", "SubjectConfirmation Method "+strconv.Quote(v[0])+" is not bearer")
	}
	var buf2 [1]*etree.Element
	sck, err := children(sc, buf2[:], "TKT-FMT-7", ClassMalformed)
	if err != nil {
		return err
	}
	if len(sck) > 0 {
		return unexpected(sck[0], "inside saml:SubjectConfirmation")
	}
	if len(kids) > 2 {
		return unexpected(kids[2], "after saml:SubjectConfirmation")
	}
	return nil
}

func readConditions(c *etree.Element, p *parts) *Error {
	var buf [4]*etree.Element
	var v [2]string
	if err := attrs(c, namesConditions, 2, v[:], "TKT-FMT-4", ClassMalformed); err != nil {
		return err
	}
	if err := timeAttr(c, "NotBefore", v[0]); err != nil {
		return err
	}
	if err := timeAttr(c, "NotOnOrAfter", v[1]); err != nil {
		return err
	}
	p.notBefore, p.notOnOrAfter = v[0], v[1]
	kids, err := children(c, buf[:], "TKT-FMT-7", ClassMalformed)
	if err != nil {
		return err
	}
	if len(kids) == 0 || !is(kids[0], NamespaceSAML, "AudienceRestriction") {
		if len(kids) > 0 {
			return unexpected(kids[0], "where saml:AudienceRestriction belongs")
		}
		return newErr(ClassMalformed, "TKT-FMT-3", "saml:Conditions lacks saml:AudienceRestriction")
	}
	ar := kids[0]
	if err := attrs(ar, nil, 0, nil, "TKT-FMT-4", ClassMalformed); err != nil {
		return err
	}
	var abuf [MaxAudiences + 1]*etree.Element
	auds, err := children(ar, abuf[:], "TKT-FMT-7", ClassMalformed)
	if err != nil {
		return err
	}
	if len(auds) == 0 {
		return newErr(ClassMalformed, "TKT-FMT-3", "saml:AudienceRestriction without saml:Audience")
	}
	for j, a := range auds {
		if !is(a, NamespaceSAML, "Audience") {
			return unexpected(a, "inside saml:AudienceRestriction")
		}
		if j == MaxAudiences {
			return newErr(ClassMalformed, "TKT-LIM-3", "more than "+strconv.Itoa(MaxAudiences)+" audiences")
		}
		if err := attrs(a, nil, 0, nil, "TKT-FMT-4", ClassMalformed); err != nil {
			return err
		}
		s, err := text(a, "TKT-FMT-7", ClassMalformed)
		if err != nil {
			return err
		}
		if err := claimText("Audience", s); err != nil {
			return err
		}
		p.audiences = append(p.audiences, s)
	}
	k := 1
	if k < len(kids) && is(kids[k], NamespaceSAML, "OneTimeUse") {
		ot := kids[k]
		if err := attrs(ot, nil, 0, nil, "TKT-FMT-4", ClassMalformed); err != nil {
			return err
		}
		var b1 [1]*etree.Element
		otk, err := children(ot, b1[:], "TKT-FMT-7", ClassMalformed)
		if err != nil {
			return err
		}
		if len(otk) > 0 {
			return unexpected(otk[0], "inside saml:OneTimeUse")
		}
		p.oneTime = true
		k++
	}
	if k < len(kids) {
		return unexpected(kids[k], "in saml:Conditions")
	}
	return nil
}

func readAuthn(a *etree.Element, p *parts) *Error {
	var v [1]string
	if err := attrs(a, namesAuthn, 1, v[:], "TKT-FMT-4", ClassMalformed); err != nil {
		return err
	}
	if err := timeAttr(a, "AuthnInstant", v[0]); err != nil {
		return err
	}
	p.hasAuthn, p.authnInstant = true, v[0]
	var buf [2]*etree.Element
	kids, err := children(a, buf[:], "TKT-FMT-7", ClassMalformed)
	if err != nil {
		return err
	}
	if len(kids) != 1 || !is(kids[0], NamespaceSAML, "AuthnContext") {
		if len(kids) > 0 && !is(kids[0], NamespaceSAML, "AuthnContext") {
			return unexpected(kids[0], "inside saml:AuthnStatement")
		}
		if len(kids) > 1 {
			return unexpected(kids[1], "inside saml:AuthnStatement")
		}
		return newErr(ClassMalformed, "TKT-FMT-3", "saml:AuthnStatement lacks saml:AuthnContext")
	}
	ac := kids[0]
	if err := attrs(ac, nil, 0, nil, "TKT-FMT-4", ClassMalformed); err != nil {
		return err
	}
	ck, err := children(ac, buf[:], "TKT-FMT-7", ClassMalformed)
	if err != nil {
		return err
	}
	if len(ck) != 1 || !is(ck[0], NamespaceSAML, "AuthnContextClassRef") {
		if len(ck) > 0 && !is(ck[0], NamespaceSAML, "AuthnContextClassRef") {
			return unexpected(ck[0], "inside saml:AuthnContext")
		}
		if len(ck) > 1 {
			return unexpected(ck[1], "inside saml:AuthnContext")
		}
		return newErr(ClassMalformed, "TKT-FMT-3", "saml:AuthnContext lacks saml:AuthnContextClassRef")
	}
	if err := attrs(ck[0], nil, 0, nil, "TKT-FMT-4", ClassMalformed); err != nil {
		return err
	}
	if p.authnContext, err = text(ck[0], "TKT-FMT-7", ClassMalformed); err != nil {
		return err
	}
	return claimText("AuthnContextClassRef", p.authnContext)
}

func readAuthz(a *etree.Element, p *parts) *Error {
	var v [2]string
	if err := attrs(a, namesAuthz, 2, v[:], "TKT-FMT-4", ClassMalformed); err != nil {
		return err
	}
	if err := claimText("Resource", v[0]); err != nil {
		return err
	}
	p.hasAuthz, p.resource, p.decision = true, v[0], v[1]
	var buf [MaxActions + 1]*etree.Element
	kids, err := children(a, buf[:], "TKT-FMT-7", ClassMalformed)
	if err != nil {
		return err
	}
	if len(kids) == 0 {
		return newErr(ClassMalformed, "TKT-FMT-3", "saml:AuthzDecisionStatement without saml:Action")
	}
	for j, act := range kids {
		if !is(act, NamespaceSAML, "Action") {
			return unexpected(act, "inside saml:AuthzDecisionStatement")
		}
		if j == MaxActions {
			return newErr(ClassMalformed, "TKT-LIM-3", "more than "+strconv.Itoa(MaxActions)+" actions")
		}
		var nv [1]string
		if err := attrs(act, namesAction, 1, nv[:], "TKT-FMT-4", ClassMalformed); err != nil {
			return err
		}
		if nv[0] != ActionNamespaceRWEDC {
			return newErr(ClassMalformed, "TKT-FMT-9", "Action Namespace "+strconv.Quote(nv[0])+" is not rwedc")
		}
		s, err := text(act, "TKT-FMT-7", ClassMalformed)
		if err != nil {
			return err
		}
		p.actions = append(p.actions, s)
	}
	return nil
}

func readAttributes(st *etree.Element, p *parts) *Error {
	if err := attrs(st, nil, 0, nil, "TKT-FMT-4", ClassMalformed); err != nil {
		return err
	}
	var buf [MaxAttributes + 1]*etree.Element
	kids, err := children(st, buf[:], "TKT-FMT-7", ClassMalformed)
	if err != nil {
		return err
	}
	if len(kids) == 0 {
		return newErr(ClassMalformed, "TKT-FMT-3", "saml:AttributeStatement without saml:Attribute")
	}
	for j, a := range kids {
		if !is(a, NamespaceSAML, "Attribute") {
			return unexpected(a, "inside saml:AttributeStatement")
		}
		if j == MaxAttributes {
			return newErr(ClassMalformed, "TKT-LIM-3", "more than "+strconv.Itoa(MaxAttributes)+" attributes")
		}
		var v [2]string
		if err := attrs(a, namesAttribute, 2, v[:], "TKT-FMT-4", ClassMalformed); err != nil {
			return err
		}
		if v[1] != AttrNameFormatURI {
			return newErr(ClassMalformed, "TKT-FMT-9", "Attribute NameFormat "+strconv.Quote(v[1])+" is not uri")
		}
		for _, n := range p.attrNames {
			if n == v[0] {
				return newErr(ClassMalformed, "TKT-FMT-9", "attribute "+strconv.Quote(v[0])+" appears twice")
			}
		}
		var b1 [2]*etree.Element
		vals, err := children(a, b1[:], "TKT-FMT-7", ClassMalformed)
		if err != nil {
			return err
		}
		if len(vals) != 1 || !is(vals[0], NamespaceSAML, "AttributeValue") {
			if len(vals) > 0 && !is(vals[0], NamespaceSAML, "AttributeValue") {
				return unexpected(vals[0], "inside saml:Attribute")
			}
			if len(vals) > 1 {
				return newErr(ClassMalformed, "TKT-FMT-9", "attribute "+strconv.Quote(v[0])+" has more than one value")
			}
			return newErr(ClassMalformed, "TKT-FMT-9", "attribute "+strconv.Quote(v[0])+" has no value")
		}
		if err := attrs(vals[0], nil, 0, nil, "TKT-FMT-4", ClassMalformed); err != nil {
			return err
		}
		s, err := text(vals[0], "TKT-FMT-7", ClassMalformed)
		if err != nil {
			return err
		}
		if err := claimText("attribute "+v[0], s); err != nil {
			return err
		}
		p.attrNames = append(p.attrNames, v[0])
		p.attrVals = append(p.attrVals, s)
	}
	return nil
}
