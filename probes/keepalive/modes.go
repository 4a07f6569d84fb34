package keepalive

import (
	"fmt"
	"strings"
)

// Modes.
const (
	ModeReuse        = "reuse"         // SDK defaults: one pooled connection reused call after call
	ModeNoReuse      = "noreuse"       // DisableKeepAlives: every call dials, resolves and handshakes
	ModeNoReuseTCPKA = "noreuse-tcpka" // no reuse, TCP keepalive probes on: still a new connection per call
	ModeOverflow     = "overflow"      // more concurrent calls than MaxIdleConnsPerHost: extras are opened and discarded
	ModeIdle         = "idle"          // IdleConnTimeout shorter than the interval: the pool closes the connection between calls
	ModeNewClient    = "newclient"     // a new SDK client (and pool) for every call, as in a handler that builds its client inside
)

// ModeInfo explains a mode in a sentence, for the CLI help and the tab.
type ModeInfo struct {
	Name, Explain string
}

// AllModes in display order. What each sets in each SDK is
// sdkdriver.ModeHelp.
var AllModes = []ModeInfo{
	{ModeReuse, "the SDK's defaults: the first call opens a connection, the rest reuse it."},
	{ModeNoReuse, "no HTTP keep-alive: every call pays DNS + TCP connect + TLS handshake. The spiky picture."},
	{ModeNoReuseTCPKA, "no HTTP keep-alive, TCP keepalive probes on: shows that SO_KEEPALIVE does not remove the spikes."},
	{ModeOverflow, "pool overflow: N concurrent calls per tick with room for P idle connections; the extras are opened and thrown away."},
	{ModeIdle, "idle connections closed by the client after less than the interval: the pool empties between calls."},
	{ModeNewClient, "a new client per call, as in a handler that builds its client inside: nothing is ever reused."},
}

// ParseModes reads a comma-separated list ("all" for every mode).
func ParseModes(s string) ([]string, error) {
	if strings.TrimSpace(s) == "all" {
		var all []string
		for _, m := range AllModes {
			all = append(all, m.Name)
		}
		return all, nil
	}
	var out []string
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !validMode(p) {
			return nil, fmt.Errorf("unknown mode %q (want %s, or all)", p, strings.Join(modeNames(), ", "))
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no modes given (want %s)", strings.Join(modeNames(), ", "))
	}
	return out, nil
}

func modeNames() []string {
	var n []string
	for _, m := range AllModes {
		n = append(n, m.Name)
	}
	return n
}

func validMode(m string) bool {
	for _, x := range AllModes {
		if x.Name == m {
			return true
		}
	}
	return false
}
