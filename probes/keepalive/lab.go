package keepalive

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/miekg/dns"
)

// LabHost is the name the lab's DNS server answers and its certificate names.
const LabHost = "dynamodb.lab.benchtop.test"

// LabOptions shape the in-process lab.
type LabOptions struct {
	DNSTTL      time.Duration // TTL in the DNS answer (Go's resolver does not cache: every new connection looks up)
	DNSDelay    time.Duration // added before each DNS answer
	ServiceTime time.Duration // added before each DynamoDB answer
	// IdleClose closes connections idle longer than this on the server
	// side, like a load balancer or NAT; 0 keeps them.
	IdleClose time.Duration
	// EmulatedRTT makes each exchange cost what it costs on a network with
	// this round-trip time: every flight (each change of direction on a
	// connection) is delayed by half of it, the dial (TCP handshake) and
	// every DNS answer by all of it. A new connection then costs DNS + TCP +
	// TLS (1 RTT in TLS 1.3, 2 in TLS 1.2) + the request's own RTT; a reused
	// one only the request's. It is labelled emulated in every result:
	// nothing about loopback is slow by itself.
	EmulatedRTT time.Duration
	// TLSVersion is the highest TLS version the lab speaks: "1.3" (the
	// default, as DynamoDB) or "1.2" (one more round trip per handshake).
	TLSVersion string
	// ThrottleEvery makes every Nth PutItem fail with DynamoDB's
	// ProvisionedThroughputExceededException (the SDK retries it); 0 = never.
	ThrottleEvery int
}

// Lab is a DNS server and a TLS endpoint that speaks enough of DynamoDB's
// JSON protocol for the probe, all on loopback, trusted only by the probe.
type Lab struct {
	Opts     LabOptions
	Endpoint string // https://dynamodb.lab.benchtop.test:PORT
	DNSAddr  string // 127.0.0.1:PORT (UDP and TCP)
	Roots    *x509.CertPool
	CAPEM    []byte // the lab's certificate, for clients outside this process

	dnsUDP, dnsTCP *dns.Server
	// DNSNote says what of DNS the lab could not emulate, and why ("" when
	// it answers over UDP and TCP as a real resolver does).
	DNSNote   string
	closing   chan struct{} // closed by Close: wakes DNS answers still waiting
	closeOnce sync.Once
	https     *http.Server
	ln        net.Listener
	db        *memDB

	// counters, for tests and the result's notes
	DNSQueries  atomic.Int64
	Connections atomic.Int64
	Requests    atomic.Int64
	puts        atomic.Int64
}

// StartLab starts the lab servers on loopback. Close stops them.
func StartLab(opts LabOptions) (*Lab, error) {
	l := &Lab{Opts: opts, db: newMemDB(), closing: make(chan struct{})}
	cert, roots, err := selfSigned(LabHost)
	if err != nil {
		return nil, fmt.Errorf("lab: certificate: %w", err)
	}
	l.Roots = roots
	l.CAPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Certificate[0]})

	if err := l.startDNS(); err != nil {
		l.Close() // the UDP server, when TCP's failed
		return nil, err
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		l.Close()
		return nil, fmt.Errorf("lab: HTTPS: %w", err)
	}
	l.ln = ln
	l.https = &http.Server{
		Handler:     http.HandlerFunc(l.serveDynamo),
		IdleTimeout: opts.IdleClose,
		TLSConfig:   &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, MaxVersion: maxTLS(opts.TLSVersion)},
		ConnState: func(c net.Conn, s http.ConnState) {
			if s == http.StateNew {
				l.Connections.Add(1)
			}
		},
		// DynamoDB speaks HTTP/1.1: no h2, so concurrent calls need
		// connections of their own (what pool overflow is about).
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){},
	}
	if opts.IdleClose == 0 {
		l.https.IdleTimeout = time.Hour
	}
	var inner net.Listener = &rttListener{Listener: ln, rtt: opts.EmulatedRTT}
	go func() {
		// http.ErrServerClosed at Close; a listener that fails before
		// shows in the run as calls that cannot connect
		_ = l.https.ServeTLS(inner, "", "")
	}()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	l.Endpoint = "https://" + LabHost + ":" + port
	return l, nil
}

// dnsShutdown bounds the wait for the DNS servers' handlers to return.
const dnsShutdown = 2 * time.Second

// Close stops every lab server. DNS answers still waiting out their delay
// (an absurd --lab-dns-delay of hours) are woken, and the DNS servers'
// shutdown waits dnsShutdown at most: Close never hangs.
func (l *Lab) Close() error {
	l.closeOnce.Do(func() { close(l.closing) })
	if l.https != nil {
		l.https.Close()
	}
	ctx, cancel := context.WithTimeout(context.Background(), dnsShutdown)
	defer cancel()
	var errs []error
	for _, s := range []*dns.Server{l.dnsUDP, l.dnsTCP} {
		if s != nil {
			errs = append(errs, s.ShutdownContext(ctx))
		}
	}
	return errors.Join(errs...)
}

func maxTLS(v string) uint16 {
	if labTLS(v) == "1.2" {
		return tls.VersionTLS12
	}
	return tls.VersionTLS13
}

// labTLS is the TLS version the lab speaks ("" means 1.3).
func labTLS(v string) string {
	if v == "" {
		return "1.3"
	}
	return v
}

// ConfigureDialer makes a client's dialer reach the lab as over the
// emulated network: names resolved by the lab's DNS only, and each dial
// paying one round trip (the TCP handshake) before it connects.
func (l *Lab) ConfigureDialer(d *net.Dialer) {
	d.Resolver = l.Resolver()
	if rtt := l.Opts.EmulatedRTT; rtt > 0 {
		d.ControlContext = func(ctx context.Context, _, _ string, _ syscall.RawConn) error {
			t := time.NewTimer(rtt)
			defer t.Stop()
			select {
			case <-t.C:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
}

// Resolver resolves through the lab's DNS server only: over UDP, or over
// TCP where the OS refused the lab a UDP socket (Go's resolver speaks TCP
// framing on a stream connection).
func (l *Lab) Resolver() *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		if l.dnsUDP == nil {
			network = "tcp"
		}
		return d.DialContext(ctx, network, l.DNSAddr)
	}}
}

// Items returns how many items the lab's table holds (for tests).
func (l *Lab) Items(table string) int { return l.db.count(table) }

func (l *Lab) answerDNS(w dns.ResponseWriter, r *dns.Msg) {
	l.DNSQueries.Add(1)
	if d := l.Opts.DNSDelay + l.Opts.EmulatedRTT; d > 0 { // the query's and the answer's flights
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
		case <-l.closing:
			return // the lab is closing: no answer
		}
	}
	m := new(dns.Msg)
	m.SetReply(r)
	m.Authoritative = true
	ttl := uint32(l.Opts.DNSTTL / time.Second)
	for _, q := range r.Question {
		if !strings.EqualFold(q.Name, LabHost+".") {
			m.Rcode = dns.RcodeNameError
			continue
		}
		if q.Qtype == dns.TypeA {
			m.Answer = append(m.Answer, &dns.A{Hdr: dns.RR_Header{Name: q.Name, Rrtype: dns.TypeA, Class: dns.ClassINET, Ttl: ttl}, A: net.IPv4(127, 0, 0, 1)})
		}
		// AAAA: no answer (NOERROR, empty), so clients use IPv4.
	}
	// a resolver that missed the answer asks again or times out: the
	// lookup's own error, in the run
	_ = w.WriteMsg(m)
}

// rttListener makes every accepted connection pay the emulated network's
// flights.
type rttListener struct {
	net.Listener
	rtt time.Duration
}

func (r *rttListener) Accept() (net.Conn, error) {
	c, err := r.Listener.Accept()
	if err != nil || r.rtt == 0 {
		return c, err
	}
	return &rttConn{Conn: c, half: r.rtt / 2}, nil
}

// rttConn delays each flight by half a round trip: data that starts a
// client→server flight is handed to the server half an RTT after it
// arrived, and the first write of a server→client flight leaves half an
// RTT late. Reads and writes in the same direction belong to one flight.
type rttConn struct {
	net.Conn
	half time.Duration
	mu   sync.Mutex
	dir  int // the direction of the current flight: 0 none yet, dirIn, dirOut
}

const (
	dirIn = 1 + iota
	dirOut
)

// turn records a transfer in direction dir and reports whether it starts
// a new flight.
func (c *rttConn) turn(dir int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	started := c.dir != dir
	c.dir = dir
	return started
}

func (c *rttConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if n > 0 && c.turn(dirIn) {
		time.Sleep(c.half)
	}
	return n, err
}

func (c *rttConn) Write(b []byte) (int, error) {
	if c.turn(dirOut) {
		time.Sleep(c.half)
	}
	return c.Conn.Write(b)
}

func selfSigned(host string) (tls.Certificate, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: host, Organization: []string{"Benchtop lab (trusted only by Benchtop's probe)"}},
		DNSNames:              []string{host},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		return tls.Certificate{}, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool, nil
}
