package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"

	"os"
	"path/filepath"

	"github.com/livemesh-spec/livemesh/ident"
	"github.com/livemesh-spec/livemesh/internal/cli"
)

var p2pCommand = cli.Command{
	Name:    "p2p",
	Summary: "device keys and device IDs for the P2P protocol (spec/p2p.md, spec/identifiers.md §4)",
	Usage:   p2pUsage,
	Run:     runP2P,
}

const p2pUsage = "keygen --out DIR | id KEY.pem | id --check ID"

const p2pHelp = `Device keys and device IDs of the P2P protocol.

  keygen --out DIR   make a new RSA-2048 device key, write it to DIR/device-key.pem (PKCS #8,
                     mode 0600; an existing file is never overwritten) and print its device ID
  id KEY.pem         print the device ID of the key in KEY.pem ("-" for stdin): a PEM
                     PRIVATE KEY, RSA PRIVATE KEY, PUBLIC KEY or CERTIFICATE block
  id --check ID      check a typed device ID (layout, alphabet, check characters) and print
                     its printed form; an invalid ID prints the requirement it breaks, exit 1`

// deviceKeyFile is the name keygen writes in --out.
const deviceKeyFile = "device-key.pem"

func runP2P(env cli.Env, prog string, args []string) int {
	fs := flag.NewFlagSet(prog, flag.ContinueOnError)
	out := fs.String("out", "", "keygen: the directory to write the key to")
	check := fs.String("check", "", "id: a device ID to check instead of reading a key")
	pos, done, code := cli.ParseOrExit(env, prog, p2pUsage, p2pHelp, fs, args)
	if done {
		return code
	}
	switch {
	case len(pos) == 1 && pos[0] == "keygen" && *out != "" && *check == "":
		return p2pKeygen(env, prog, *out)
	case len(pos) == 2 && pos[0] == "id" && *check == "" && *out == "":
		return identDeviceID(env, prog, pos[1])
	case len(pos) == 1 && pos[0] == "id" && *check != "" && *out == "":
		id, err := ident.ParseDeviceID(*check)
		if err != nil {
			cli.Errorf(env, prog, "%v", err)
			return cli.ExitFail
		}
		fmt.Fprintln(env.Stdout, id)
		return cli.ExitOK
	}
	cli.Errorf(env, prog, "want 'keygen --out DIR', 'id KEY.pem' or 'id --check ID' (see '%s -h')", prog)
	return cli.ExitUsage
}

func p2pKeygen(env cli.Env, prog, dir string) int {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		cli.Errorf(env, prog, "--out %s: not a directory", dir)
		return cli.ExitUsage
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		cli.Errorf(env, prog, "generating the key: %v", err)
		return cli.ExitFail
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitFail
	}
	id, err := ident.DeviceIDFromPublicKey(&key.PublicKey)
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitFail
	}
	path := filepath.Join(dir, deviceKeyFile)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		cli.Errorf(env, prog, "%v", err)
		return cli.ExitFail
	}
	werr := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		cli.Errorf(env, prog, "%s: %v", path, werr)
		return cli.ExitFail
	}
	fmt.Fprintln(env.Stdout, id)
	return cli.ExitOK
}
