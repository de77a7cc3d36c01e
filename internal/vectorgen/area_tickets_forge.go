package main

import (
	"fmt"

	"github.com/livemesh-spec/livemesh/internal/ticketforge"
)

// The signer of the ticket vectors is package internal/ticketforge, shared with the attack
// suite of package saml. Errors are programming errors of the cases: tkForge panics, and the
// generator reports the case.

func panicf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

type tkSigSpec = ticketforge.Spec

const (
	tkAlgRSASHA1      = ticketforge.AlgRSASHA1
	tkAlgHMACSHA256   = ticketforge.AlgHMACSHA256
	tkAlgDigestSHA1   = ticketforge.AlgDigestSHA1
	tkAlgC14N10       = ticketforge.AlgC14N10
	tkAlgExcC14NCmt   = ticketforge.AlgExcC14NCmt
	tkTransformExcPNs = ticketforge.TransformExcPNs
)

func tkAfterIssuer(unsigned, sig string) string { return ticketforge.AfterIssuer(unsigned, sig) }

func tkForge(unsignedXML string, spec tkSigSpec) []byte {
	out, err := ticketforge.Forge(unsignedXML, spec)
	if err != nil {
		panic(err)
	}
	return out
}
