package keepalive

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/miekg/dns"
)

// listenUDP is net.ListenPacket; a test stands in for an OS that refuses UDP.
var listenUDP = net.ListenPacket

// startDNS starts the lab's DNS server on one loopback port, UDP and TCP.
// Where the OS refuses UDP (Wine refuses the ioctl Go's net package makes
// on a UDP socket; a locked-down host may refuse the socket), the lab
// answers over TCP only and says so in DNSNote (a lookup then pays a TCP
// handshake too). Without TCP the lab cannot serve HTTPS either: an error.
func (l *Lab) startDNS() error {
	h := dns.HandlerFunc(l.answerDNS)
	pc, udpErr := listenUDP("udp", "127.0.0.1:0")
	if udpErr != nil {
		tl, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("lab: DNS: UDP refused (%v), TCP refused (%w)", udpErr, err)
		}
		l.DNSNote = fmt.Sprintf("lab DNS over TCP only: the OS refused a UDP socket (%v); each lookup also pays a TCP handshake", udpErr)
		l.DNSAddr = tl.Addr().String()
		return l.serveTCP(tl, h)
	}
	// The kernel picks a free UDP port; the same TCP port may be taken (by
	// any connection's ephemeral port), so try a few.
	var tl net.Listener
	var err error
	for attempt := 0; ; attempt++ {
		if tl, err = net.Listen("tcp", pc.LocalAddr().String()); err == nil {
			break
		}
		pc.Close()
		if attempt == 20 {
			return fmt.Errorf("lab: DNS over TCP: %w", err)
		}
		if pc, err = listenUDP("udp", "127.0.0.1:0"); err != nil {
			return fmt.Errorf("lab: DNS: %w", err)
		}
	}
	// each server is the lab's (for Close to shut down) once it serves
	l.DNSAddr = pc.LocalAddr().String()
	udp := &dns.Server{PacketConn: pc, Handler: h}
	if err := serveDNS(udp); err != nil {
		pc.Close()
		tl.Close()
		return err
	}
	l.dnsUDP = udp
	return l.serveTCP(tl, h)
}

// serveTCP serves the lab's DNS over TCP on tl; the server is the lab's
// (for Close to shut down) once it serves.
func (l *Lab) serveTCP(tl net.Listener, h dns.Handler) error {
	tcp := &dns.Server{Listener: tl, Handler: h}
	if err := serveDNS(tcp); err != nil {
		tl.Close()
		return err
	}
	l.dnsTCP = tcp
	return nil
}

// serveDNS starts s and returns once it serves, or with the error that
// stopped it first (waiting on NotifyStartedFunc alone would wait for ever
// if the server failed before it started).
func serveDNS(s *dns.Server) error {
	started := make(chan struct{})
	failed := make(chan error, 1)
	s.NotifyStartedFunc = func() { close(started) }
	go func() { failed <- s.ActivateAndServe() }()
	select {
	case <-started:
		return nil
	case err := <-failed:
		if err == nil {
			err = errors.New("stopped before it started")
		}
		return fmt.Errorf("lab: DNS server: %w", err)
	case <-time.After(10 * time.Second):
		// "server not started" is the likely answer, and the error below
		// says more
		_ = s.Shutdown()
		return errors.New("lab: DNS server did not start within 10 s")
	}
}

// UDPDNS says whether the lab's DNS answers over UDP (what the SDK
// drivers' resolvers ask over).
func (l *Lab) UDPDNS() bool { return l.dnsUDP != nil }
