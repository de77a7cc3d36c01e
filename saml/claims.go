package saml

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/livemesh-spec/livemesh/ident"
)

// Kind is the kind of a ticket (spec/tickets.md §2).
type Kind int

// The ticket kinds.
const (
	// KindAuth is an auth token: the identity provider's statement that a user signed in,
	// exchanged once at the account service for tickets.
	KindAuth Kind = iota + 1
	// KindUser identifies a user to the cloud.
	KindUser
	// KindDevice identifies a device by its device ID.
	KindDevice
	// KindDeviceClaim says a user has claimed a device: the device may act for that user.
	KindDeviceClaim
	// KindResource grants a user actions on one resource (an AuthzDecisionStatement).
	KindResource
	// KindPeer lets one device connect to another, on a stated basis.
	KindPeer
)

var kindNames = [...]string{
	KindAuth:        "auth",
	KindUser:        "user",
	KindDevice:      "device",
	KindDeviceClaim: "device-claim",
	KindResource:    "resource",
	KindPeer:        "peer",
}

// Kinds returns every kind in order.
func Kinds() []Kind {
	return []Kind{KindAuth, KindUser, KindDevice, KindDeviceClaim, KindResource, KindPeer}
}

// String returns the kind's name as the ticket carries it: "auth", "user", "device",
// "device-claim", "resource" or "peer".
func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseKind returns the kind of a name String returns.
func ParseKind(s string) (Kind, bool) {
	for k := KindAuth; k <= KindPeer; k++ {
		if kindNames[k] == s {
			return k, true
		}
	}
	return 0, false
}

// MarshalText implements encoding.TextMarshaler.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// DefaultLifetime returns the lifetime an issuer gives a ticket of kind k when the claims
// name none (spec/tickets.md §2, [TKT-KIND-10]).
func (k Kind) DefaultLifetime() time.Duration {
	switch k {
	case KindAuth:
		return 5 * time.Minute
	case KindResource:
		return 15 * time.Minute
	case KindPeer:
		return 10 * time.Minute
	}
	return time.Hour
}

// Basis says why a peer ticket lets its subject connect to the peer device.
type Basis int

// The bases of a peer ticket.
const (
	// BasisSameUser: both devices are claimed by the same user (Claims.User).
	BasisSameUser Basis = iota + 1
	// BasisSharedObject: both devices map the same MeshObject (Claims.Object).
	BasisSharedObject
)

// String returns "same-user" or "shared-object".
func (b Basis) String() string {
	switch b {
	case BasisSameUser:
		return "same-user"
	case BasisSharedObject:
		return "shared-object"
	}
	return "Basis(" + strconv.Itoa(int(b)) + ")"
}

// MarshalText implements encoding.TextMarshaler.
func (b Basis) MarshalText() ([]byte, error) { return []byte(b.String()), nil }

func parseBasis(s string) (Basis, bool) {
	switch s {
	case "same-user":
		return BasisSameUser, true
	case "shared-object":
		return BasisSharedObject, true
	}
	return 0, false
}

// Action is an action a resource ticket grants, from SAML's rwedc action namespace.
type Action string

// The actions of the namespace urn:oasis:names:tc:SAML:1.0:action:rwedc.
const (
	ActionRead    Action = "Read"
	ActionWrite   Action = "Write"
	ActionExecute Action = "Execute"
	ActionDelete  Action = "Delete"
	ActionControl Action = "Control"
)

func validAction(a Action) bool {
	switch a {
	case ActionRead, ActionWrite, ActionExecute, ActionDelete, ActionControl:
		return true
	}
	return false
}

// Claims are the typed contents of a ticket. Verify returns them; Issue takes the
// kind-specific fields and the audiences from its caller and fills in the rest.
//
// Claims returned by a Verifier may be shared with other callers (a cache hit returns the
// same value): do not modify them.
type Claims struct {
	Kind Kind `json:"kind"`
	// ID is the Assertion's ID. Set by Issue.
	ID ident.TicketID `json:"id"`
	// Issuer is the Assertion's Issuer. Set by Issue.
	Issuer string `json:"issuer"`
	// IssueInstant is set by Issue from the issuer's clock, in whole seconds.
	IssueInstant time.Time `json:"issueInstant"`
	// NotBefore and NotOnOrAfter bound the ticket's window. Issue uses IssueInstant and
	// IssueInstant plus the kind's default lifetime for zero values.
	NotBefore    time.Time `json:"notBefore"`
	NotOnOrAfter time.Time `json:"notOnOrAfter"`
	// Audiences name who may accept the ticket (at least one).
	Audiences []string `json:"audiences"`
	// OneTime marks a ticket that a verifier accepts once (SAML OneTimeUse). Issue sets it
	// for auth tokens.
	OneTime bool `json:"oneTime"`

	// User is the subject of auth, user and resource tickets, the claiming user of a
	// device-claim ticket and the common user of a same-user peer ticket.
	User ident.UserName `json:"user,omitzero"`
	// Device is the subject of device, device-claim and peer tickets (for a peer ticket:
	// the device that may connect).
	Device ident.DeviceID `json:"device,omitzero"`
	// PeerDevice is, for a peer ticket, the device that may be connected to.
	PeerDevice ident.DeviceID `json:"peerDevice,omitzero"`
	// Basis is, for a peer ticket, why the connection is allowed.
	Basis Basis `json:"basis,omitzero"`
	// Object is, for a shared-object peer ticket, the MeshObject both devices map.
	Object ident.ResourceID `json:"object,omitzero"`
	// AuthnInstant and AuthnContext are, for an auth token, when and how the user
	// authenticated. Issue uses IssueInstant and PasswordProtectedTransport for zero values.
	AuthnInstant time.Time `json:"authnInstant,omitzero"`
	AuthnContext string    `json:"authnContext,omitzero"`
	// Resource is, for a resource ticket, the path of the resource below the cloud's root,
	// and Actions what the subject may do with it.
	Resource string   `json:"resource,omitzero"`
	Actions  []Action `json:"actions,omitzero"`
}

// Subject returns the printed form of the ticket's subject: the user name of auth, user
// and resource tickets, the device ID of the others.
func (c *Claims) Subject() string {
	switch c.Kind {
	case KindAuth, KindUser, KindResource:
		return c.User.String()
	}
	return c.Device.String()
}

// MaxClaimLen is the maximum length in octets of a claim string ([TKT-CLAIM-1]).
const MaxClaimLen = 1024

// ValidClaimRune reports whether r may appear in a claim string ([TKT-CLAIM-1]): any
// Unicode scalar value that XML 1.0 carries unchanged in text and attribute values, that
// is everything but the C0 controls (tab, line feed and carriage return included), DEL,
// the C1 controls, surrogates and U+FFFE, U+FFFF.
func ValidClaimRune(r rune) bool {
	switch {
	case r < 0x20:
		return false
	case r >= 0x7f && r <= 0x9f:
		return false
	case r >= 0xd800 && r <= 0xdfff:
		return false
	case r == 0xfffe || r == 0xffff:
		return false
	case r > utf8.MaxRune:
		return false
	}
	return true
}

// checkClaimString applies [TKT-CLAIM-1] to one claim; what names it in the message.
func checkClaimString(what, s string) string {
	if s == "" {
		return what + " is empty"
	}
	if len(s) > MaxClaimLen {
		return what + " is longer than " + strconv.Itoa(MaxClaimLen) + " octets"
	}
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				return what + " is not valid UTF-8"
			}
		}
		if !ValidClaimRune(r) {
			return what + " contains " + strconv.QuoteRuneToASCII(r) + ", which tickets do not carry"
		}
	}
	return ""
}

// checkResourcePath applies [TKT-CLAIM-4]: an absolute path in normal form.
func checkResourcePath(p string) string {
	if p == "" || p[0] != '/' {
		return "resource does not begin with \"/\""
	}
	if p == "/" {
		return ""
	}
	seg := 0 // start of the current segment
	for i := 1; i <= len(p); i++ {
		if i < len(p) && p[i] != '/' {
			continue
		}
		s := p[seg+1 : i]
		switch s {
		case "":
			return "resource has an empty segment"
		case ".", "..":
			return "resource has a dot segment"
		}
		for j := 0; j < len(s); j++ {
			c := s[j]
			switch {
			case isUnreserved(c) || isSubDelim(c) || c == ':' || c == '@':
			case c == '%':
				if j+2 >= len(s) || !isUpperHex(s[j+1]) || !isUpperHex(s[j+2]) {
					return "resource has a percent escape that is not % and two upper-case hex digits"
				}
				v := hexVal(s[j+1])<<4 | hexVal(s[j+2])
				if isUnreserved(v) {
					return "resource escapes an unreserved character"
				}
				j += 2
			default:
				return "resource contains " + strconv.QuoteRuneToASCII(rune(c)) + " outside RFC 3986 pchar"
			}
		}
		seg = i
	}
	return ""
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

func isSubDelim(c byte) bool {
	switch c {
	case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=':
		return true
	}
	return false
}

func isUpperHex(c byte) bool { return '0' <= c && c <= '9' || 'A' <= c && c <= 'F' }

func hexVal(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'A' + 10
}

// Time values ([TKT-FMT-6]): exactly YYYY-MM-DDThh:mm:ssZ, UTC, whole seconds.
const timeLayout = "2006-01-02T15:04:05Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// parseTime parses the one time format tickets use, strictly.
func parseTime(s string) (time.Time, bool) {
	if len(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return time.Time{}, false
	}
	num := func(i, n int) (int, bool) {
		v := 0
		for j := i; j < i+n; j++ {
			c := s[j]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 2)
	d, ok3 := num(8, 2)
	h, ok4 := num(11, 2)
	mi, ok5 := num(14, 2)
	se, ok6 := num(17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || y < 1 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, se, 0, time.UTC)
	if t.Day() != d { // 31 April and the like
		return time.Time{}, false
	}
	return t, true
}
