package main

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/internal/cli"
)

var identCommand = cli.Command{
	Name:    "ident",
	Summary: "compute a device ID from a key, or check an identifier (spec/identifiers.md)",
	Usage:   identUsage,
	Run:     runIdent,
}

const identUsage = "device-id FILE|- | parse KIND VALUE"

const identHelp = `Identifiers of spec/identifiers.md.

  device-id FILE   print the device ID of the public key in FILE ("-" for stdin): a PEM
                   CERTIFICATE, PUBLIC KEY, PRIVATE KEY or RSA PRIVATE KEY block, or a DER
                   SubjectPublicKeyInfo
  parse KIND VALUE check VALUE as a KIND (device-id, user-name, endpoint-id, resource-id,
                   ticket-id) and print its printed form; a user name also prints its
                   comparison key. An invalid VALUE prints the requirement it breaks, exit 1.`

// maxKeyFile bounds what device-id reads.
const maxKeyFile = 1 << 20

func runIdent(env cli.Env, prog string, args []string) int {
	fs := flag.NewFlagSet(prog, flag.ContinueOnError)
	pos, done, code := cli.ParseOrExit(env, prog, identUsage, identHelp, fs, args)
	if done {
		return code
	}
	switch {
	case len(pos) == 2 && pos[0] == "device-id":
		return identDeviceID(env, prog, pos[1])
	case len(pos) == 3 && pos[0] == "parse":
		return identParse(env, prog, pos[1], pos[2])
	}
	cli.Errorf(env, prog, "want 'device-id FILE' or 'parse KIND VALUE' (see '%s -h')", prog)
	return cli.ExitUsage
}

func identDeviceID(env cli.Env, prog, file string) int {
	var r io.Reader = env.Stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			cli.Errorf(env, prog, "%v", err)
			return cli.ExitUsage
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxKeyFile+1))
	if err != nil {
		cli.Errorf(env, prog, "%s: %v", file, err)
		return cli.ExitUsage
	}
	if len(data) > maxKeyFile {
		cli.Errorf(env, prog, "%s: larger than %d bytes", file, maxKeyFile)
		return cli.ExitFail
	}
	id, err := deviceIDFromKeyFile(data)
	if err != nil {
		cli.Errorf(env, prog, "%s: %v", file, err)
		return cli.ExitFail
	}
	fmt.Fprintln(env.Stdout, id)
	return cli.ExitOK
}

// deviceIDFromKeyFile finds the first public key in PEM or DER input.
func deviceIDFromKeyFile(data []byte) (ident.DeviceID, error) {
	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		switch block.Type {
		case "CERTIFICATE":
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return ident.DeviceID{}, err
			}
			return ident.DeviceIDFromSPKI(cert.RawSubjectPublicKeyInfo)
		case "PUBLIC KEY":
			return ident.DeviceIDFromSPKI(block.Bytes)
		case "PRIVATE KEY", "RSA PRIVATE KEY":
			var key any
			var err error
			if block.Type == "PRIVATE KEY" {
				key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
			} else {
				key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
			}
			if err != nil {
				return ident.DeviceID{}, err
			}
			signer, ok := key.(crypto.Signer)
			if !ok {
				return ident.DeviceID{}, errors.New("private key has no public half")
			}
			return ident.DeviceIDFromPublicKey(signer.Public())
		}
	}
	if len(data) > 0 && data[0] == 0x30 { // a DER SEQUENCE
		return ident.DeviceIDFromSPKI(data)
	}
	return ident.DeviceID{}, errors.New("no CERTIFICATE, PUBLIC KEY or PRIVATE KEY block, and not DER")
}

func identParse(env cli.Env, prog, kind, value string) int {
	var out string
	var err error
	switch kind {
	case "device-id":
		var id ident.DeviceID
		id, err = ident.ParseDeviceID(value)
		out = id.String()
	case "user-name":
		var u ident.UserName
		u, err = ident.ParseUserName(value)
		out = u.String() + "\nkey: " + u.Key()
	case "endpoint-id", "sync-id":
		var e ident.EndpointID
		e, err = ident.ParseEndpointID(value)
		out = e.String()
	case "resource-id":
		var r ident.ResourceID
		r, err = ident.ParseResourceID(value)
		out = r.String()
	case "ticket-id":
		var t ident.TicketID
		t, err = ident.ParseTicketID(value)
		out = t.String()
	default:
		cli.Errorf(env, prog, "unknown KIND %q: want device-id, user-name, endpoint-id, resource-id or ticket-id", kind)
		return cli.ExitUsage
	}
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitFail
	}
	fmt.Fprintln(env.Stdout, out)
	return cli.ExitOK
}
