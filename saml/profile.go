package saml

import (
	dsig "github.com/russellhaering/goxmldsig"

	"github.com/livemesh-spec/livemesh/ident"
)

// Namespaces and URIs of the ticket profile (spec/tickets.md §3 and §4).
const (
	// NamespaceSAML is the SAML 2.0 assertion namespace.
	NamespaceSAML = "urn:oasis:names:tc:SAML:2.0:assertion"
	// NamespaceDS is the XML-DSig namespace.
	NamespaceDS = dsig.Namespace

	// NameIDFormatEmail is the NameID Format of user names.
	NameIDFormatEmail = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
	// NameIDFormatDevice is the NameID Format of device IDs.
	NameIDFormatDevice = "urn:livemesh:ticket:nameid-format:device-id"
	// MethodBearer is the only SubjectConfirmation Method of tickets.
	MethodBearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
	// AttrNameFormatURI is the NameFormat of every ticket attribute.
	AttrNameFormatURI = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
	// ActionNamespaceRWEDC is the Namespace of resource ticket actions.
	ActionNamespaceRWEDC = "urn:oasis:names:tc:SAML:1.0:action:rwedc"
	// AuthnContextPassword is the default AuthnContextClassRef of auth tokens.
	AuthnContextPassword = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
	// DecisionPermit is the only Decision a resource ticket carries.
	DecisionPermit = "Permit"

	// Attribute names of the AttributeStatement.
	AttrKind       = "urn:livemesh:ticket:kind"
	AttrUser       = "urn:livemesh:ticket:user"
	AttrPeerDevice = "urn:livemesh:ticket:peer-device"
	AttrBasis      = "urn:livemesh:ticket:basis"
	AttrObject     = "urn:livemesh:ticket:object"

	// DeviceAudiencePrefix followed by a printed device ID is the audience of a peer
	// ticket for that device.
	DeviceAudiencePrefix = "urn:livemesh:device:"

	// Signature algorithms of the profile.
	AlgExcC14N      = string(dsig.CanonicalXML10ExclusiveAlgorithmId)
	AlgEnveloped    = string(dsig.EnvelopedSignatureAltorithmId)
	AlgRSASHA256    = dsig.RSASHA256SignatureMethod
	AlgDigestSHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
)

// Limits (spec/tickets.md §10).
const (
	// MaxTicketSize is the largest ticket in octets [TKT-LIM-1].
	MaxTicketSize = 8192
	// MaxDepth is the deepest element nesting a ticket may have [TKT-LIM-2].
	MaxDepth = 8
	// MaxAudiences, MaxActions and MaxAttributes bound the repeated elements [TKT-LIM-3].
	MaxAudiences  = 8
	MaxActions    = 8
	MaxAttributes = 8
	// MinKeyBits is the smallest RSA modulus of a signing key [TKT-SIG-10].
	MinKeyBits = 2048
)

// DeviceAudience returns the audience of peer tickets for device d.
func DeviceAudience(d ident.DeviceID) string { return DeviceAudiencePrefix + d.String() }
