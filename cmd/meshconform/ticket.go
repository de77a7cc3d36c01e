package main

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/internal/cli"
	"github.com/livemesh-spec/livemesh/saml"
)

var ticketCommand = cli.Command{
	Name:    "ticket",
	Summary: "issue or verify tickets (spec/tickets.md)",
	Usage:   ticketUsage,
	Run:     runTicket,
}

const ticketUsage = "issue --kind K --subject S --key KEY.pem --cert CERT.pem [claim flags] | verify --cert CERT.pem [--cert ...] [flags] FILE"

const ticketHelp = `Tickets: SAML 2.0 Assertions signed in the profile of spec/tickets.md.

  issue    sign a ticket of kind K (auth, user, device, device-claim, resource, peer) for
           subject S (a user name for auth, user and resource; a device ID for the others)
           with the key and certificate given, and write it to standard output. Claims the
           kind needs: --user (device-claim; peer with basis same-user), --peer and --basis
           and --object (peer), --resource and --action (resource). Exit 1 when a claim or
           the key is refused, with the requirement it breaks.
  verify   verify the ticket in FILE ("-" reads standard input) against the pinned
           certificates (--cert, repeatable: several for a key rollover) and print its
           claims as JSON, exit 0; or print the error class, requirement ID and message,
           exit 1. Without --audience or --issuer those checks are skipped, and a note on
           standard error says so: services always make them.

Exit codes: 0 success, 1 a ticket or claim refused, 2 a usage or file error.`

// stringList is a repeatable string flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// maxPEMFile bounds what the key and certificate flags read.
const maxPEMFile = 1 << 20

type ticketFlags struct {
	kind, subject, key, issuer, user, peer, basis, object, resource, authnContext string
	notBefore, notOnOrAfter, now                                                  string
	lifetime, skew, maxLifetime                                                   time.Duration
	oneTime                                                                       bool
	certs, audiences, actions                                                     stringList
}

// Flags that belong to one action only.
var (
	issueOnly  = []string{"kind", "subject", "key", "user", "peer", "basis", "object", "resource", "action", "authn-context", "one-time", "not-before", "not-on-or-after", "lifetime"}
	verifyOnly = []string{"skew", "max-lifetime"}
)

func runTicket(env cli.Env, prog string, args []string) int {
	fs := flag.NewFlagSet(prog, flag.ContinueOnError)
	var tf ticketFlags
	fs.StringVar(&tf.kind, "kind", "", "issue: the kind: auth, user, device, device-claim, resource, peer")
	fs.StringVar(&tf.subject, "subject", "", "issue: the subject, a user name or a device ID")
	fs.StringVar(&tf.key, "key", "", "issue: PEM file with the signing key (PRIVATE KEY or RSA PRIVATE KEY)")
	fs.Var(&tf.certs, "cert", "PEM file with a certificate: issue: the signing key's; verify: a pinned one (repeatable)")
	fs.StringVar(&tf.issuer, "issuer", "", "issue: the issuer's name (default "+defaultTicketIssuer+"); verify: the issuer to require")
	fs.Var(&tf.audiences, "audience", "issue: an audience (repeatable; default "+defaultTicketAudience+"); verify: the verifier's audience")
	fs.StringVar(&tf.user, "user", "", "issue: the claiming user (device-claim) or the common user (peer, same-user)")
	fs.StringVar(&tf.peer, "peer", "", "issue: the peer device ID (peer)")
	fs.StringVar(&tf.basis, "basis", "", "issue: same-user or shared-object (peer; default from --user or --object)")
	fs.StringVar(&tf.object, "object", "", "issue: the shared MeshObject's resource ID (peer, shared-object)")
	fs.StringVar(&tf.resource, "resource", "", "issue: the resource path (resource)")
	fs.Var(&tf.actions, "action", "issue: Read, Write, Execute, Delete or Control (resource; repeatable or comma-separated)")
	fs.StringVar(&tf.authnContext, "authn-context", "", "issue: the AuthnContextClassRef (auth)")
	fs.BoolVar(&tf.oneTime, "one-time", false, "issue: mark the ticket one-time (auth tokens always are)")
	fs.StringVar(&tf.notBefore, "not-before", "", "issue: NotBefore, RFC 3339 (default: the issue instant)")
	fs.StringVar(&tf.notOnOrAfter, "not-on-or-after", "", "issue: NotOnOrAfter, RFC 3339 (default: NotBefore + --lifetime)")
	fs.DurationVar(&tf.lifetime, "lifetime", 0, "issue: the lifetime (default: the kind's)")
	fs.StringVar(&tf.now, "now", "", "the clock, RFC 3339 (default: the current time)")
	fs.DurationVar(&tf.skew, "skew", 0, "verify: the clock skew (default 3m; negative: none)")
	fs.DurationVar(&tf.maxLifetime, "max-lifetime", 0, "verify: the maximum lifetime (default 1h)")
	pos, done, code := cli.ParseOrExit(env, prog, ticketUsage, ticketHelp, fs, args)
	if done {
		return code
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	misplaced := func(names []string) string {
		for _, n := range names {
			if set[n] {
				return n
			}
		}
		return ""
	}
	switch {
	case len(pos) == 1 && pos[0] == "issue":
		if n := misplaced(verifyOnly); n != "" {
			cli.Errorf(env, prog, "--%s is a verify flag (see '%s -h')", n, prog)
			return cli.ExitUsage
		}
		return ticketIssue(env, prog, &tf)
	case len(pos) == 2 && pos[0] == "verify":
		if n := misplaced(issueOnly); n != "" {
			cli.Errorf(env, prog, "--%s is an issue flag (see '%s -h')", n, prog)
			return cli.ExitUsage
		}
		if len(tf.audiences) > 1 {
			cli.Errorf(env, prog, "verify takes one --audience (see '%s -h')", prog)
			return cli.ExitUsage
		}
		return ticketVerify(env, prog, &tf, pos[1])
	}
	cli.Errorf(env, prog, "want 'issue [flags]' or 'verify [flags] FILE' (see '%s -h')", prog)
	return cli.ExitUsage
}

const (
	defaultTicketIssuer   = "urn:livemesh:meshconform"
	defaultTicketAudience = "urn:livemesh:meshconform"
)

func readLimited(env cli.Env, name string, limit int64) ([]byte, error) {
	var r io.Reader = env.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, limit)
	}
	return data, nil
}

// pemBlocks returns the DER of every block of the given types in a PEM file.
func pemBlocks(env cli.Env, name string, types ...string) ([][]byte, []string, error) {
	data, err := readLimited(env, name, maxPEMFile)
	if err != nil {
		return nil, nil, err
	}
	var ders [][]byte
	var got []string
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		for _, t := range types {
			if b.Type == t {
				ders, got = append(ders, b.Bytes), append(got, t)
			}
		}
	}
	if len(ders) == 0 {
		return nil, nil, fmt.Errorf("%s: no %s block", name, strings.Join(types, " or "))
	}
	return ders, got, nil
}

func loadSigner(env cli.Env, name string) (crypto.Signer, error) {
	ders, types, err := pemBlocks(env, name, "PRIVATE KEY", "RSA PRIVATE KEY")
	if err != nil {
		return nil, err
	}
	var key any
	if types[0] == "PRIVATE KEY" {
		key, err = x509.ParsePKCS8PrivateKey(ders[0])
	} else {
		key, err = x509.ParsePKCS1PrivateKey(ders[0])
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%s: not a signing key", name)
	}
	return s, nil
}

func parseClock(s string) (func() time.Time, error) {
	if s == "" {
		return time.Now, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil, fmt.Errorf("--now: %w", err)
	}
	return func() time.Time { return t }, nil
}

func parseInstant(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--%s: %w", flagName, err)
	}
	return t, nil
}

// ticketClaims builds the claims of issue from the flags.
func ticketClaims(tf *ticketFlags, now time.Time) (saml.Claims, error) {
	var c saml.Claims
	k, ok := saml.ParseKind(tf.kind)
	if !ok {
		return c, fmt.Errorf("--kind %q: want auth, user, device, device-claim, resource or peer", tf.kind)
	}
	c.Kind = k
	if tf.subject == "" {
		return c, errors.New("--subject is required")
	}
	var err error
	switch k {
	case saml.KindAuth, saml.KindUser, saml.KindResource:
		if c.User, err = ident.ParseUserName(tf.subject); err != nil {
			return c, fmt.Errorf("--subject: %w", err)
		}
	default:
		if c.Device, err = ident.ParseDeviceID(tf.subject); err != nil {
			return c, fmt.Errorf("--subject: %w", err)
		}
	}
	if tf.user != "" {
		if k != saml.KindDeviceClaim && k != saml.KindPeer {
			return c, fmt.Errorf("--user belongs to device-claim and peer tickets")
		}
		if c.User, err = ident.ParseUserName(tf.user); err != nil {
			return c, fmt.Errorf("--user: %w", err)
		}
	}
	if tf.peer != "" {
		if c.PeerDevice, err = ident.ParseDeviceID(tf.peer); err != nil {
			return c, fmt.Errorf("--peer: %w", err)
		}
	}
	if tf.object != "" {
		if c.Object, err = ident.ParseResourceID(tf.object); err != nil {
			return c, fmt.Errorf("--object: %w", err)
		}
	}
	switch tf.basis {
	case "same-user":
		c.Basis = saml.BasisSameUser
	case "shared-object":
		c.Basis = saml.BasisSharedObject
	case "":
		if k == saml.KindPeer {
			c.Basis = saml.BasisSameUser
			if tf.object != "" {
				c.Basis = saml.BasisSharedObject
			}
		}
	default:
		return c, fmt.Errorf("--basis %q: want same-user or shared-object", tf.basis)
	}
	c.Resource = tf.resource
	for _, a := range tf.actions {
		for p := range strings.SplitSeq(a, ",") {
			c.Actions = append(c.Actions, saml.Action(strings.TrimSpace(p)))
		}
	}
	c.AuthnContext = tf.authnContext
	c.OneTime = tf.oneTime
	c.Audiences = append(c.Audiences, tf.audiences...)
	if k == saml.KindPeer && !c.PeerDevice.IsZero() {
		c.Audiences = append(c.Audiences, saml.DeviceAudience(c.PeerDevice))
	} else if len(c.Audiences) == 0 {
		c.Audiences = []string{defaultTicketAudience}
	}
	if c.NotBefore, err = parseInstant("not-before", tf.notBefore); err != nil {
		return c, err
	}
	if c.NotOnOrAfter, err = parseInstant("not-on-or-after", tf.notOnOrAfter); err != nil {
		return c, err
	}
	if tf.lifetime != 0 {
		if !c.NotOnOrAfter.IsZero() {
			return c, errors.New("give --lifetime or --not-on-or-after, not both")
		}
		nb := c.NotBefore
		if nb.IsZero() {
			nb = now.UTC().Truncate(time.Second)
		}
		c.NotOnOrAfter = nb.Add(tf.lifetime)
	}
	return c, nil
}

func ticketIssue(env cli.Env, prog string, tf *ticketFlags) int {
	if tf.key == "" || len(tf.certs) != 1 {
		cli.Errorf(env, prog, "issue needs --key and one --cert (see '%s -h')", prog)
		return cli.ExitUsage
	}
	clock, err := parseClock(tf.now)
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitUsage
	}
	claims, err := ticketClaims(tf, clock())
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitUsage
	}
	signer, err := loadSigner(env, tf.key)
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitUsage
	}
	certs, _, err := pemBlocks(env, tf.certs[0], "CERTIFICATE")
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitUsage
	}
	name := tf.issuer
	if name == "" {
		name = defaultTicketIssuer
	}
	is, err := saml.NewIssuer(saml.IssuerConfig{Name: name, Key: signer, Cert: certs[0], Clock: clock, Rand: rand.Reader})
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitFail
	}
	ticket, _, err := is.Issue(claims)
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitFail
	}
	if _, err := env.Stdout.Write(append(ticket, '\n')); err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitFail
	}
	return cli.ExitOK
}

func ticketVerify(env cli.Env, prog string, tf *ticketFlags, file string) int {
	if len(tf.certs) == 0 {
		cli.Errorf(env, prog, "verify needs at least one --cert (see '%s -h')", prog)
		return cli.ExitUsage
	}
	clock, err := parseClock(tf.now)
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitUsage
	}
	audience := ""
	if len(tf.audiences) == 1 {
		audience = tf.audiences[0]
	}
	p := saml.Policy{Issuer: tf.issuer, Audience: audience, Clock: clock, Skew: tf.skew, MaxLifetime: tf.maxLifetime, CacheSize: -1}
	for _, name := range tf.certs {
		ders, _, err := pemBlocks(env, name, "CERTIFICATE")
		if err != nil {
			cli.Errorf(env, prog, "%v", err)
			return cli.ExitUsage
		}
		for _, der := range ders {
			c, err := x509.ParseCertificate(der)
			if err != nil {
				cli.Errorf(env, prog, "%s: %v", name, err)
				return cli.ExitUsage
			}
			p.Certs = append(p.Certs, c)
		}
	}
	if p.Issuer == "" {
		p.Issuer = saml.SkipIssuer
	}
	if p.Audience == "" {
		p.Audience = saml.SkipAudience
	}
	v, err := saml.NewVerifier(p)
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitUsage
	}
	data, err := readLimited(env, file, saml.MaxTicketSize)
	if err != nil && !strings.Contains(err.Error(), "larger than") {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitUsage
	}
	if err != nil { // too long: let the verifier name the rule
		data = make([]byte, saml.MaxTicketSize+1)
	}
	if !v.ChecksIssuer() {
		fmt.Fprintf(env.Stderr, "%s: note: the issuer is not checked (no --issuer); services always check it\n", prog)
	}
	if !v.ChecksAudience() {
		fmt.Fprintf(env.Stderr, "%s: note: the audience is not checked (no --audience); services always check it\n", prog)
	}
	claims, err := v.Verify(data)
	if err != nil {
		var e *saml.Error
		if errors.As(err, &e) {
			msg := e.Msg
			if e.Err != nil {
				msg += ": " + e.Err.Error()
			}
			fmt.Fprintf(env.Stdout, "%s: %s [%s] %s\n", file, e.Class, e.Req, strings.ReplaceAll(msg, "\n", " "))
		} else {
			fmt.Fprintf(env.Stdout, "%s: %v\n", file, err)
		}
		return cli.ExitFail
	}
	out, err := json.MarshalIndent(claims, "", "  ")
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitFail
	}
	fmt.Fprintf(env.Stdout, "%s\n", out)
	return cli.ExitOK
}
