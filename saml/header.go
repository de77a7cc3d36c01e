package saml

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// The HTTP carriage of tickets (spec/tickets.md §9).
const (
	// Scheme is the authentication scheme of the Authorization header.
	Scheme = "MeshTicket"
	// MaxHeaderLen is the longest Authorization or Authentication-Info field value in
	// octets [TKT-LIM-4].
	MaxHeaderLen = 32768
	// MaxHeaderTickets is the most tickets one field carries [TKT-LIM-4].
	MaxHeaderTickets = 8
	// InfoParam is the Authentication-Info parameter that hands out new tickets.
	InfoParam = "tickets"
)

var b64 = base64.RawURLEncoding.Strict()

func hdrErr(req, msg string) *Error { return newErr(ClassMalformed, req, msg) }

// encodeList is the ticket list: each ticket in base64url without padding, joined by ".".
func encodeList(tickets [][]byte) (string, error) {
	if len(tickets) == 0 {
		return "", hdrErr("TKT-HDR-2", "no ticket")
	}
	if len(tickets) > MaxHeaderTickets {
		return "", hdrErr("TKT-LIM-4", "more than "+strconv.Itoa(MaxHeaderTickets)+" tickets")
	}
	var b strings.Builder
	for i, t := range tickets {
		if len(t) == 0 {
			return "", hdrErr("TKT-HDR-2", "an empty ticket")
		}
		if len(t) > MaxTicketSize {
			return "", hdrErr("TKT-LIM-1", "a ticket of more than "+strconv.Itoa(MaxTicketSize)+" octets")
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(b64.EncodeToString(t))
	}
	return b.String(), nil
}

// decodeList reads a ticket list; the length of the field was checked by the caller.
func decodeList(s string) ([][]byte, error) {
	if s == "" {
		return nil, hdrErr("TKT-HDR-2", "no ticket")
	}
	n := strings.Count(s, ".") + 1
	if n > MaxHeaderTickets {
		return nil, hdrErr("TKT-LIM-4", "more than "+strconv.Itoa(MaxHeaderTickets)+" tickets")
	}
	out := make([][]byte, 0, n)
	for seg := range strings.SplitSeq(s, ".") {
		if seg == "" {
			return nil, hdrErr("TKT-HDR-2", "an empty ticket in the list")
		}
		t, err := b64.DecodeString(seg)
		if err != nil {
			return nil, wrapErr(ClassMalformed, "TKT-HDR-2", "a ticket is not base64url without padding", err)
		}
		if len(t) > MaxTicketSize {
			return nil, hdrErr("TKT-LIM-1", "a ticket of more than "+strconv.Itoa(MaxTicketSize)+" octets")
		}
		out = append(out, t)
	}
	return out, nil
}

// EncodeAuthorization returns the value of an Authorization field carrying the tickets:
// "MeshTicket " and the ticket list ([TKT-HDR-1], [TKT-HDR-2]).
func EncodeAuthorization(tickets ...[]byte) (string, error) {
	list, err := encodeList(tickets)
	if err != nil {
		return "", err
	}
	v := Scheme + " " + list
	if len(v) > MaxHeaderLen {
		return "", hdrErr("TKT-LIM-4", "the field would have more than "+strconv.Itoa(MaxHeaderLen)+" octets")
	}
	return v, nil
}

func isOWS(c byte) bool { return c == ' ' || c == '\t' }

func trimOWS(s string) string {
	for len(s) > 0 && isOWS(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isOWS(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// DecodeAuthorization reads the tickets of one Authorization field value. The checks
// run in the order of spec/tickets.md §9: the length, the scheme, the list.
func DecodeAuthorization(value string) ([][]byte, error) {
	if len(value) > MaxHeaderLen {
		return nil, hdrErr("TKT-LIM-4", "field of more than "+strconv.Itoa(MaxHeaderLen)+" octets")
	}
	v := trimOWS(value)
	sp := strings.IndexByte(v, ' ')
	if sp < 0 || !strings.EqualFold(v[:sp], Scheme) {
		return nil, hdrErr("TKT-HDR-1", "the scheme is not "+Scheme)
	}
	rest := v[sp:]
	for len(rest) > 0 && rest[0] == ' ' {
		rest = rest[1:]
	}
	for i := 0; i < len(rest); i++ {
		if c := rest[i]; !(isB64URL(c) || c == '.') {
			return nil, hdrErr("TKT-HDR-1", "the credentials contain "+strconv.QuoteRuneToASCII(rune(c))+", not a ticket list")
		}
	}
	return decodeList(rest)
}

// DecodeAuthorizationFields reads the tickets of a request's Authorization fields, which
// must be exactly one ([TKT-HDR-3]); pass http.Header.Values("Authorization").
func DecodeAuthorizationFields(values []string) ([][]byte, error) {
	if len(values) != 1 {
		return nil, hdrErr("TKT-HDR-3", strconv.Itoa(len(values))+" Authorization fields, want one")
	}
	return DecodeAuthorization(values[0])
}

func isB64URL(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_'
}

// EncodeAuthenticationInfo returns the value of an Authentication-Info field that hands
// out new tickets: `tickets=` and the ticket list ([TKT-HDR-4]).
func EncodeAuthenticationInfo(tickets ...[]byte) (string, error) {
	list, err := encodeList(tickets)
	if err != nil {
		return "", err
	}
	v := InfoParam + "=" + list
	if len(v) > MaxHeaderLen {
		return "", hdrErr("TKT-LIM-4", "the field would have more than "+strconv.Itoa(MaxHeaderLen)+" octets")
	}
	return v, nil
}

func isTchar(c byte) bool {
	if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// DecodeAuthenticationInfo reads the tickets of an Authentication-Info field value: a
// comma-separated list of auth-params (RFC 9110 §11.2) of which exactly one is named
// tickets (in any letter case); the others are ignored ([TKT-HDR-4]).
func DecodeAuthenticationInfo(value string) ([][]byte, error) {
	if len(value) > MaxHeaderLen {
		return nil, hdrErr("TKT-LIM-4", "field of more than "+strconv.Itoa(MaxHeaderLen)+" octets")
	}
	s := value
	var list string
	found := false
	for {
		for len(s) > 0 && (isOWS(s[0]) || s[0] == ',') {
			s = s[1:]
		}
		if s == "" {
			break
		}
		i := 0
		for i < len(s) && isTchar(s[i]) {
			i++
		}
		name := s[:i]
		if name == "" {
			return nil, hdrErr("TKT-HDR-4", "not an auth-param list")
		}
		s = s[i:]
		for len(s) > 0 && isOWS(s[0]) {
			s = s[1:]
		}
		if s == "" || s[0] != '=' {
			return nil, hdrErr("TKT-HDR-4", "parameter "+strconv.Quote(name)+" without a value")
		}
		s = s[1:]
		for len(s) > 0 && isOWS(s[0]) {
			s = s[1:]
		}
		var val string
		if len(s) > 0 && s[0] == '"' {
			var b strings.Builder
			j := 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j == len(s) {
				return nil, hdrErr("TKT-HDR-4", "unterminated quoted string")
			}
			val, s = b.String(), s[j+1:]
		} else {
			j := 0
			for j < len(s) && isTchar(s[j]) {
				j++
			}
			if j == 0 {
				return nil, hdrErr("TKT-HDR-4", "parameter "+strconv.Quote(name)+" without a value")
			}
			val, s = s[:j], s[j:]
		}
		for len(s) > 0 && isOWS(s[0]) {
			s = s[1:]
		}
		if s != "" && s[0] != ',' {
			return nil, hdrErr("TKT-HDR-4", "not an auth-param list")
		}
		if strings.EqualFold(name, InfoParam) {
			if found {
				return nil, hdrErr("TKT-HDR-4", "parameter tickets given twice")
			}
			found, list = true, val
		}
	}
	if !found {
		return nil, hdrErr("TKT-HDR-4", "no tickets parameter")
	}
	for i := 0; i < len(list); i++ {
		if c := list[i]; !(isB64URL(c) || c == '.') {
			return nil, hdrErr("TKT-HDR-4", "the tickets parameter contains "+strconv.QuoteRuneToASCII(rune(c)))
		}
	}
	return decodeList(list)
}
