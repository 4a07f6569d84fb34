package sockets

import (
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"testing"

	"benchtop/internal/testenv"
)

// What Wine 8 answers to socket(AF_UNIX, ...): WSAEAFNOSUPPORT.
var errWineUnix = &net.OpError{Op: "listen", Net: "unix", Err: os.NewSyscallError("socket", errors.New("winapi error #10047"))}

// An OS that refuses AF_UNIX: the run measures the TCP architectures,
// skips the Unix ones and says why, in its notes and its config; a run of
// Unix architectures only is an error naming the cause.
func TestUnixRefusedSkipsUnixArchitectures(t *testing.T) {
	testenv.PrivateTmp(t)
	old := probeUnix
	probeUnix = func(string) (net.Listener, error) { return nil, errWineUnix }
	defer func() { probeUnix = old }()

	cfg := DefaultConfig()
	cfg.Proxy = ProxyBuiltin
	cfg.Requests, cfg.Warmup = 50, 5
	cfg.Archs = []string{DirectTCP, DirectUnix, ProxyTCP, ProxyUnix}
	run, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, g := range run.Groups {
		names = append(names, g.Name)
		if g.Summary.Count != 50 || g.Summary.Errors != 0 {
			t.Fatalf("%s: %d ok, %d errors", g.Name, g.Summary.Count, g.Summary.Errors)
		}
	}
	if got := strings.Join(names, ","); got != DirectTCP+","+ProxyTCP {
		t.Fatalf("measured %s", got)
	}
	if run.Config["skipped"] != DirectUnix+" "+ProxyUnix {
		t.Fatalf("skipped %q", run.Config["skipped"])
	}
	notes := strings.Join(run.Notes, "\n")
	if !strings.Contains(notes, DirectUnix+" skipped: this system refused a Unix socket") || !strings.Contains(notes, "10047") {
		t.Fatalf("notes:\n%s", notes)
	}

	cfg.Archs = []string{DirectUnix, ProxyUnix}
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "10047") {
		t.Fatalf("unix only, refused: %v", err)
	}
}

// What a system cannot run is refused before anything starts, naming why.
func TestUnsupportedFeaturesAreRefused(t *testing.T) {
	oldB, oldS := BridgeSupported, StarletteSupported
	BridgeSupported, StarletteSupported = false, false
	defer func() { BridgeSupported, StarletteSupported = oldB, oldS }()
	cfg := DefaultConfig()
	cfg.Network = NetworkBridge
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "Linux only") {
		t.Fatalf("bridge where unsupported: %v", err)
	}
	cfg = DefaultConfig()
	cfg.App = AppStarlette
	if _, err := Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "Unix only") {
		t.Fatalf("starlette where unsupported: %v", err)
	}
}
