package wire

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"io"
	"math/big"
	"net"
	"testing"
	"time"
)

// The benchmarks of the record layer (issue 7): the primitives alone, one record-layer
// pass, and an established connection over loopback TCP next to crypto/tls 1.3. Every
// benchmark moves 64 KiB per operation.
//
//	go test -run '^$' -bench 'Primitive|Record|Throughput' -count 6 ./wire

const benchSize = 64 << 10

var benchSecretA = []byte("0123456789abcdef0123456789abcdef")
var benchSecretB = []byte("fedcba9876543210fedcba9876543210")

// BenchmarkPrimitive/ctr-hmac is the baseline: one AES-128-CTR pass and one HMAC-SHA256 pass
// over a 64 KiB buffer, with the keys set up once.
func BenchmarkPrimitive(b *testing.B) {
	b.Run("ctr-hmac", func(b *testing.B) {
		block, _ := aes.NewCipher(benchSecretA[:16])
		mac := hmac.New(sha256.New, benchSecretA)
		buf := make([]byte, benchSize)
		iv := make([]byte, aes.BlockSize)
		var sum [32]byte
		b.SetBytes(benchSize)
		b.ResetTimer()
		for b.Loop() {
			cipher.NewCTR(block, iv).XORKeyStream(buf, buf)
			mac.Reset()
			mac.Write(buf)
			mac.Sum(sum[:0])
		}
	})
}

// BenchmarkRecord seals and opens 64 KiB as four full records with the connection's record
// code (keys derived once, as on a connection).
func BenchmarkRecord(b *testing.B) {
	pt := make([]byte, benchSize)
	b.Run("seal", func(b *testing.B) {
		s, _ := newCipherState(benchSecretA, defaultLimits)
		dst := make([]byte, 0, 4*MaxFrame)
		b.SetBytes(benchSize)
		b.ResetTimer()
		for b.Loop() {
			s.seq, s.bytes = 0, 0
			dst = dst[:0]
			for off := 0; off < benchSize; off += MaxPlaintext {
				dst = s.seal(dst, TypeApplicationData, pt[off:off+MaxPlaintext])
			}
		}
	})
	b.Run("open", func(b *testing.B) {
		w, _ := newCipherState(benchSecretA, defaultLimits)
		var recs []byte
		for off := 0; off < benchSize; off += MaxPlaintext {
			recs = w.seal(recs, TypeApplicationData, pt[off:off+MaxPlaintext])
		}
		s, _ := newCipherState(benchSecretA, defaultLimits)
		out := make([]byte, benchSize)
		b.SetBytes(benchSize)
		b.ResetTimer()
		for b.Loop() {
			s.seq, s.bytes = 0, 0
			for i := range 4 {
				rec := recs[i*MaxFrame : (i+1)*MaxFrame]
				if _, _, err := s.openTo(out[i*MaxPlaintext:], rec); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// tcpPair returns the two ends of a loopback TCP connection.
func tcpPair(b *testing.B) (net.Conn, net.Conn) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	ch := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			b.Error(err)
		}
		ch <- c
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		b.Fatal(err)
	}
	return c, <-ch
}

// runThroughput writes 64 KiB per operation on w while a goroutine reads r with a 64 KiB
// buffer; an operation ends when its bytes have been read.
func runThroughput(b *testing.B, w io.Writer, r io.Reader) {
	msg := make([]byte, benchSize)
	buf := make([]byte, benchSize)
	// Warm up: a few megabytes, so the measurement starts in steady state.
	go func() {
		for range 32 {
			w.Write(msg)
		}
	}()
	if _, err := io.ReadFull(r, make([]byte, 32*benchSize)); err != nil {
		b.Fatal(err)
	}
	done := make(chan error, 1)
	b.SetBytes(benchSize)
	b.ResetTimer()
	go func() {
		want := int64(b.N) * benchSize
		for want > 0 {
			n, err := r.Read(buf[:min(int64(len(buf)), want)])
			want -= int64(n)
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for range b.N {
		if _, err := w.Write(msg); err != nil {
			b.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
}

func BenchmarkThroughput(b *testing.B) {
	b.Run("wire", func(b *testing.B) {
		ca, cb := tcpPair(b)
		defer ca.Close()
		defer cb.Close()
		a, _ := NewConn(ca, benchSecretB, benchSecretA)
		r, _ := NewConn(cb, benchSecretA, benchSecretB)
		runThroughput(b, a, r)
	})
	b.Run("tls13", func(b *testing.B) {
		ca, cb := tcpPair(b)
		defer ca.Close()
		defer cb.Close()
		cert := benchCert(b)
		pool := x509.NewCertPool()
		pool.AddCert(cert.Leaf)
		srv := tls.Server(cb, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS13})
		cli := tls.Client(ca, &tls.Config{RootCAs: pool, ServerName: "bench.invalid", MinVersion: tls.VersionTLS13})
		errc := make(chan error, 1)
		go func() { errc <- srv.Handshake() }()
		if err := cli.Handshake(); err != nil {
			b.Fatal(err)
		}
		if err := <-errc; err != nil {
			b.Fatal(err)
		}
		runThroughput(b, cli, srv)
	})
}

// benchCert is a throwaway self-signed ECDSA P-256 certificate for the TLS benchmark.
func benchCert(b *testing.B) tls.Certificate {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		b.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), DNSNames: []string{"bench.invalid"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		b.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}
