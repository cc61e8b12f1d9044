// interop_server.go - the Go crypto/tls server of tests/interop.sh, and the
// CONNECT proxy that lets framec reach a name no resolver knows.
//
//	interop_server -cert CHAIN.pem -key KEY.pem -body FILE -port-file FILE
//	               [-min 1.2] [-max 1.3] [-ciphers NAME,...] [-curves NAME,...]
//	interop_server -proxy -port-file FILE
//
// The server listens on 127.0.0.1 (port 0), sends every certificate of
// CHAIN.pem in file order (nothing is parsed, sorted or dropped), and answers
// every request with 200, Content-Length and the bytes of -body, in one write,
// for as long as the client keeps the connection. Each handshake's version and
// suite, or its error, goes to stderr.
//
// A secp256k1 key, which crypto/x509 and crypto/ecdsa do not know, is read
// and used for signing here (math/big, slow and not constant-time: a test
// server only), so that the client really receives such a certificate.
//
// The proxy answers CONNECT HOST:PORT for any HOST by connecting to
// 127.0.0.1:PORT, and nowhere else.
//
// Standard library only: built offline with `go build interop_server.go`.
package main

import (
	"bufio"
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/tls"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	certFile := flag.String("cert", "", "PEM chain, sent in file order")
	keyFile := flag.String("key", "", "PEM private key of the first certificate")
	bodyFile := flag.String("body", "", "response body")
	portFile := flag.String("port-file", "", "written with the port once listening")
	minV := flag.String("min", "1.2", "lowest TLS version: 1.0, 1.1, 1.2, 1.3")
	maxV := flag.String("max", "1.3", "highest TLS version")
	ciphers := flag.String("ciphers", "", "TLS 1.2 suites, Go names, comma-separated (default: Go's)")
	curves := flag.String("curves", "", "ECDHE groups: P256, P384, P521, X25519 (default: Go's)")
	proxy := flag.Bool("proxy", false, "be a CONNECT proxy to 127.0.0.1 instead")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("interop_server: ")

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	if *proxy {
		announce(ln, *portFile)
		serve(ln, tunnel)
	}

	cfg := &tls.Config{}
	if cfg.MinVersion, err = version(*minV); err != nil {
		log.Fatal(err)
	}
	if cfg.MaxVersion, err = version(*maxV); err != nil {
		log.Fatal(err)
	}
	if *ciphers != "" {
		if cfg.CipherSuites, err = suites(*ciphers); err != nil {
			log.Fatal(err)
		}
	}
	if *curves != "" {
		if cfg.CurvePreferences, err = groups(*curves); err != nil {
			log.Fatal(err)
		}
	}
	cert, err := loadCert(*certFile, *keyFile)
	if err != nil {
		log.Fatal(err)
	}
	cfg.Certificates = []tls.Certificate{cert}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		log.Fatal(err)
	}
	resp := append([]byte(fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"+
		"Content-Length: %d\r\n\r\n", len(body))), body...)

	announce(ln, *portFile)
	serve(ln, func(c net.Conn) { answer(tls.Server(c, cfg), resp) })
}

// announce writes the port to a temporary name, then renames it, so a reader
// never sees half a number.
func announce(ln net.Listener, portFile string) {
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	if err := os.WriteFile(portFile+".tmp", []byte(port+"\n"), 0o644); err != nil {
		log.Fatal(err)
	}
	if err := os.Rename(portFile+".tmp", portFile); err != nil {
		log.Fatal(err)
	}
}

func serve(ln net.Listener, handle func(net.Conn)) {
	for {
		c, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go handle(c)
	}
}

func answer(c *tls.Conn, resp []byte) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	if err := c.Handshake(); err != nil {
		log.Printf("handshake: %v", err)
		return
	}
	st := c.ConnectionState()
	log.Printf("%s %s sni=%q", versionName[st.Version], tls.CipherSuiteName(st.CipherSuite), st.ServerName)
	r := bufio.NewReader(c)
	for {
		// A request head ends with an empty line; framec's GETs have no body.
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if line == "\r\n" || line == "\n" {
				break
			}
		}
		if _, err := c.Write(resp); err != nil {
			return
		}
	}
}

func tunnel(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	r := bufio.NewReader(c)
	req, err := r.ReadString('\n')
	if err != nil {
		return
	}
	f := strings.Fields(req)
	if len(f) != 3 || f[0] != "CONNECT" {
		io.WriteString(c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
		return
	}
	_, port, err := net.SplitHostPort(f[1])
	if err != nil {
		io.WriteString(c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
		return
	}
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		if line == "\r\n" || line == "\n" {
			break
		}
	}
	up, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.1", port), 5*time.Second)
	if err != nil {
		io.WriteString(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
		return
	}
	defer up.Close()
	log.Printf("CONNECT %s -> %s", f[1], up.RemoteAddr())
	io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n")
	done := make(chan struct{}, 2)
	go func() { io.Copy(up, r); done <- struct{}{} }()
	go func() { io.Copy(c, up); done <- struct{}{} }()
	<-done
}

var versionName = map[uint16]string{tls.VersionTLS10: "TLSv1.0", tls.VersionTLS11: "TLSv1.1",
	tls.VersionTLS12: "TLSv1.2", tls.VersionTLS13: "TLSv1.3"}

func version(s string) (uint16, error) {
	switch s {
	case "1.0":
		return tls.VersionTLS10, nil
	case "1.1":
		return tls.VersionTLS11, nil
	case "1.2":
		return tls.VersionTLS12, nil
	case "1.3":
		return tls.VersionTLS13, nil
	}
	return 0, fmt.Errorf("unknown TLS version %q", s)
}

func suites(list string) ([]uint16, error) {
	known := map[string]uint16{}
	for _, s := range append(tls.CipherSuites(), tls.InsecureCipherSuites()...) {
		known[s.Name] = s.ID
	}
	var ids []uint16
	for _, n := range strings.Split(list, ",") {
		id, ok := known[n]
		if !ok {
			return nil, fmt.Errorf("unknown cipher suite %q", n)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func groups(list string) ([]tls.CurveID, error) {
	known := map[string]tls.CurveID{"P256": tls.CurveP256, "P384": tls.CurveP384,
		"P521": tls.CurveP521, "X25519": tls.X25519}
	var ids []tls.CurveID
	for _, n := range strings.Split(list, ",") {
		id, ok := known[n]
		if !ok {
			return nil, fmt.Errorf("unknown curve %q", n)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// loadCert keeps the chain's DER as it is: tls.X509KeyPair would parse the
// leaf, and crypto/x509 refuses some of the shapes a client must see.
func loadCert(certFile, keyFile string) (tls.Certificate, error) {
	var cert tls.Certificate
	data, err := os.ReadFile(certFile)
	if err != nil {
		return cert, err
	}
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		if b.Type == "CERTIFICATE" {
			cert.Certificate = append(cert.Certificate, b.Bytes)
		}
	}
	if len(cert.Certificate) == 0 {
		return cert, fmt.Errorf("%s: no certificate", certFile)
	}
	data, err = os.ReadFile(keyFile)
	if err != nil {
		return cert, err
	}
	b, _ := pem.Decode(data)
	if b == nil {
		return cert, fmt.Errorf("%s: no PEM key", keyFile)
	}
	if k, err := x509.ParsePKCS8PrivateKey(b.Bytes); err == nil {
		cert.PrivateKey = k
	} else if k, err := x509.ParseECPrivateKey(b.Bytes); err == nil {
		cert.PrivateKey = k
	} else if k, err := x509.ParsePKCS1PrivateKey(b.Bytes); err == nil {
		cert.PrivateKey = k
	} else if k, err := parseK1(b.Bytes); err == nil {
		cert.PrivateKey = k
	} else {
		return cert, fmt.Errorf("%s: %v", keyFile, err)
	}
	return cert, nil
}

// ---- secp256k1 ---------------------------------------------------------

var (
	oidEC        = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidSecp256k1 = asn1.ObjectIdentifier{1, 3, 132, 0, 10}
	k1           = k1Params()
)

func k1Params() *elliptic.CurveParams {
	h := func(s string) *big.Int { n, _ := new(big.Int).SetString(s, 16); return n }
	return &elliptic.CurveParams{
		P:       h("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F"),
		N:       h("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141"),
		B:       big.NewInt(7),
		Gx:      h("79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798"),
		Gy:      h("483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8"),
		BitSize: 256,
		Name:    "secp256k1",
	}
}

// Affine points on y^2 = x^3 + 7; nil is the point at infinity. The
// CurveParams methods assume a = -3 and must not be used for this curve.
type point struct{ x, y *big.Int }

func k1Add(a, b *point) *point {
	p := k1.P
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	var l *big.Int
	if a.x.Cmp(b.x) == 0 {
		if new(big.Int).Add(a.y, b.y).Mod(new(big.Int).Add(a.y, b.y), p).Sign() == 0 {
			return nil
		}
		// l = 3x^2 / 2y
		num := new(big.Int).Mul(a.x, a.x)
		num.Mul(num, big.NewInt(3))
		den := new(big.Int).Lsh(a.y, 1)
		l = num.Mul(num, den.ModInverse(den.Mod(den, p), p))
	} else {
		num := new(big.Int).Sub(b.y, a.y)
		den := new(big.Int).Sub(b.x, a.x)
		l = num.Mul(num, den.ModInverse(den.Mod(den, p), p))
	}
	l.Mod(l, p)
	x := new(big.Int).Mul(l, l)
	x.Sub(x, a.x).Sub(x, b.x).Mod(x, p)
	y := new(big.Int).Sub(a.x, x)
	y.Mul(y, l).Sub(y, a.y).Mod(y, p)
	return &point{x, y}
}

func k1Mul(k *big.Int) *point {
	var r *point
	g := &point{k1.Gx, k1.Gy}
	for i := k.BitLen() - 1; i >= 0; i-- {
		r = k1Add(r, r)
		if k.Bit(i) == 1 {
			r = k1Add(r, g)
		}
	}
	return r
}

type k1Key struct {
	d   *big.Int
	pub *ecdsa.PublicKey
}

func (k *k1Key) Public() crypto.PublicKey { return k.pub }

// Sign is ECDSA over secp256k1; crypto/tls hands over the digest.
func (k *k1Key) Sign(rand io.Reader, digest []byte, _ crypto.SignerOpts) ([]byte, error) {
	n := k1.N
	if len(digest) > 32 {
		digest = digest[:32]
	}
	e := new(big.Int).SetBytes(digest)
	buf := make([]byte, 40)
	for {
		if _, err := io.ReadFull(rand, buf); err != nil {
			return nil, err
		}
		kk := new(big.Int).SetBytes(buf)
		kk.Mod(kk, new(big.Int).Sub(n, big.NewInt(1))).Add(kk, big.NewInt(1))
		r := new(big.Int).Mod(k1Mul(kk).x, n)
		if r.Sign() == 0 {
			continue
		}
		s := new(big.Int).Mul(r, k.d)
		s.Add(s, e).Mul(s, new(big.Int).ModInverse(kk, n)).Mod(s, n)
		if s.Sign() == 0 {
			continue
		}
		return asn1.Marshal(struct{ R, S *big.Int }{r, s})
	}
}

// parseK1 reads a PKCS#8 or SEC 1 secp256k1 key (what openssl genpkey writes).
func parseK1(der []byte) (*k1Key, error) {
	var p8 struct {
		Version int
		Algo    struct {
			Algorithm  asn1.ObjectIdentifier
			Parameters asn1.ObjectIdentifier
		}
		PrivateKey []byte
	}
	if _, err := asn1.Unmarshal(der, &p8); err == nil {
		if !p8.Algo.Algorithm.Equal(oidEC) || !p8.Algo.Parameters.Equal(oidSecp256k1) {
			return nil, errors.New("not an EC key on P-256, P-384, P-521 or secp256k1")
		}
		der = p8.PrivateKey
	}
	var sec1 struct {
		Version    int
		PrivateKey []byte
		Params     asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
		PublicKey  asn1.BitString        `asn1:"optional,explicit,tag:1"`
	}
	if _, err := asn1.Unmarshal(der, &sec1); err != nil {
		return nil, err
	}
	if sec1.Params != nil && !sec1.Params.Equal(oidSecp256k1) {
		return nil, errors.New("unknown EC curve")
	}
	d := new(big.Int).SetBytes(sec1.PrivateKey)
	q := k1Mul(d)
	if len(sec1.PublicKey.Bytes) == 65 &&
		!bytes.Equal(sec1.PublicKey.Bytes[1:33], q.x.FillBytes(make([]byte, 32))) {
		return nil, errors.New("secp256k1 key: public key does not match")
	}
	return &k1Key{d, &ecdsa.PublicKey{Curve: k1, X: q.x, Y: q.y}}, nil
}
