package loadgen

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// Target is where the load client sends requests: a TCP host:port or a Unix
// socket path, an HTTP Host header and a path.
type Target struct {
	Network string // "tcp" or "unix"
	Addr    string // host:port, or the socket path
	Host    string // Host header
	Path    string // request path with query
}

func (t Target) String() string {
	if t.Network == "unix" {
		return "unix:" + t.Addr + t.Path
	}
	return "http://" + t.Addr + t.Path
}

// Local says whether the server is on this machine: a Unix socket, or a
// loopback address (a name is looked up; one that fails is taken as remote).
func (t Target) Local() bool {
	if t.Network == "unix" {
		return true
	}
	host, _, err := net.SplitHostPort(t.Addr)
	if err != nil {
		return false
	}
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	ips, err := net.LookupIP(host)
	return err == nil && len(ips) > 0 && ips[0].IsLoopback()
}

// ParseTarget reads "http://host:port/path" or "unix:/path/to.sock[:/urlpath]".
// HTTPS is not supported: the question is about the transport under HTTP.
func ParseTarget(s string) (Target, error) {
	if rest, ok := strings.CutPrefix(s, "unix:"); ok {
		sock, path, _ := strings.Cut(rest, ":")
		if sock == "" {
			return Target{}, fmt.Errorf("target %q: no socket path after \"unix:\"", s)
		}
		if path == "" {
			path = "/"
		}
		if !strings.HasPrefix(path, "/") {
			return Target{}, fmt.Errorf("target %q: the URL path after the socket must start with /", s)
		}
		if strings.ContainsFunc(path, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
			// it goes into the request line as it is: a space or a line
			// break would end it and start a header of its own
			return Target{}, fmt.Errorf("target %q: the URL path holds a space or a control character: percent-encode it (%%20)", s)
		}
		return Target{Network: "unix", Addr: sock, Host: "localhost", Path: path}, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return Target{}, fmt.Errorf("target %q is not a URL: %v", s, err)
	}
	switch u.Scheme {
	case "http":
	case "https":
		return Target{}, fmt.Errorf("target %q: https is not supported; name the plain-HTTP port or a unix: socket", s)
	default:
		return Target{}, fmt.Errorf("target %q: want http://HOST:PORT/PATH or unix:/PATH/TO.sock", s)
	}
	if u.Host == "" {
		return Target{}, fmt.Errorf("target %q has no host", s)
	}
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "80")
	}
	p := u.RequestURI()
	return Target{Network: "tcp", Addr: addr, Host: u.Host, Path: p}, nil
}
