package keepalive

import (
	"errors"
	"net"
	"strings"
	"testing"
	"time"
)

// What Wine 8 answers to the UDP socket Go's net package makes (the
// SIO_UDP_CONNRESET ioctl): WSAEINVAL's neighbour, winapi error #10045.
var errWineUDP = errors.New("listen udp 127.0.0.1:0: wsaioctl: winapi error #10045")

// An OS that refuses the lab a UDP socket: the lab's DNS answers over TCP,
// every new connection still pays (and shows) a DNS phase, and the run
// says why in its notes instead of failing.
func TestLabWithoutUDPAnswersDNSOverTCP(t *testing.T) {
	old := listenUDP
	listenUDP = func(string, string) (net.PacketConn, error) { return nil, errWineUDP }
	defer func() { listenUDP = old }()

	run := runLab(t, Config{Modes: []string{ModeNoReuse}, Calls: 4, Interval: 20 * time.Millisecond,
		Lab: LabOptions{ServiceTime: 2 * time.Millisecond}})
	g := run.Group(ModeNoReuse)
	if g.Summary.Count != 4 || g.Summary.Errors != 0 {
		t.Fatalf("%d ok, %d errors; first: %+v", g.Summary.Count, g.Summary.Errors, g.Samples[0])
	}
	for i, s := range g.Samples {
		if s.Phases["dns"] <= 0 {
			t.Fatalf("call %d has no DNS phase: %+v", i, s.Phases)
		}
	}
	if c := g.Counters; c["dns_lookups"] != 4 {
		t.Fatalf("counters %v", c)
	}
	note := strings.Join(run.Notes, "\n")
	if !strings.Contains(note, "DNS over TCP only") || !strings.Contains(note, "10045") {
		t.Fatalf("notes do not say what was refused:\n%s", note)
	}
}

// The SDK drivers' resolvers ask over UDP: without it, a driver is refused
// with the reason, not started to fail call by call.
func TestLabWithoutUDPRefusesSDKDrivers(t *testing.T) {
	old := listenUDP
	listenUDP = func(string, string) (net.PacketConn, error) { return nil, errWineUDP }
	defer func() { listenUDP = old }()
	lab, err := StartLab(LabOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer lab.Close()
	if lab.UDPDNS() || !strings.Contains(lab.DNSNote, "10045") {
		t.Fatalf("UDP %v, note %q", lab.UDPDNS(), lab.DNSNote)
	}
}
