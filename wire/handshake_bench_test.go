package wire_test

import (
	"crypto/tls"
	"net"
	"testing"

	"github.com/livemesh-spec/livemesh/spec/vectors"
)

// BenchmarkHandshake compares a whole handshake over a fresh loopback TCP connection:
// wire with RSA-2048 device keys, and TLS 1.3 with RSA-2048 certificates on both sides,
// client authentication, X25519 as the only key share and no chain verification.
//
//	go test -run '^$' -bench Handshake -count 6 ./wire
func BenchmarkHandshake(b *testing.B) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	pair := func() (net.Conn, net.Conn) {
		ch := make(chan net.Conn, 1)
		go func() {
			c, err := ln.Accept()
			if err != nil {
				ch <- nil
				return
			}
			ch <- c
		}()
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			b.Fatal(err)
		}
		return c, <-ch
	}
	b.Run("wire", func(b *testing.B) {
		cc, sc, _, _ := configs(b)
		for b.Loop() {
			cr, sr := pair()
			c, s := run(cr, sr, cc, sc)
			if c.err != nil || s.err != nil {
				b.Fatal(c.err, s.err)
			}
			cr.Close()
			sr.Close()
		}
	})
	b.Run("tls13", func(b *testing.B) {
		ka, kb := vectors.MustKey(vectors.KeyDeviceA), vectors.MustKey(vectors.KeyDeviceB)
		certA := tls.Certificate{Certificate: [][]byte{ka.CertDER}, PrivateKey: ka.Private, Leaf: ka.Cert}
		certB := tls.Certificate{Certificate: [][]byte{kb.CertDER}, PrivateKey: kb.Private, Leaf: kb.Cert}
		ccfg := &tls.Config{Certificates: []tls.Certificate{certA}, InsecureSkipVerify: true,
			MinVersion: tls.VersionTLS13, CurvePreferences: []tls.CurveID{tls.X25519}}
		scfg := &tls.Config{Certificates: []tls.Certificate{certB}, ClientAuth: tls.RequireAnyClientCert,
			MinVersion: tls.VersionTLS13, CurvePreferences: []tls.CurveID{tls.X25519}}
		for b.Loop() {
			cr, sr := pair()
			cli, srv := tls.Client(cr, ccfg), tls.Server(sr, scfg)
			errc := make(chan error, 1)
			go func() { errc <- srv.Handshake() }()
			if err := cli.Handshake(); err != nil {
				b.Fatal(err)
			}
			if err := <-errc; err != nil {
				b.Fatal(err)
			}
			cr.Close()
			sr.Close()
		}
	})
}
