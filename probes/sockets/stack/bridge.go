package stack

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"benchtop/internal/helper"
	"benchtop/internal/proc"
)

// Bridge is a network namespace for the app, joined to the host's by a
// veth pair: what Docker's default bridge network does between two
// containers (a hop through a virtual link, another network stack), on one
// machine. The Unix socket stays on a directory both sides see: the
// "shared volume". Addresses are link-local (169.254.0.0/16), private to
// the pair.
type Bridge struct {
	ns      string // benchtop-<pid>-<n>
	hostIf  string
	appIf   string
	hostIP  string
	appIP   string
	ipPath  string
	created []string // what to undo, in reverse
}

var bridgeSeq int

// NewBridge creates the namespace and the veth pair. It needs root (or
// CAP_NET_ADMIN). Each ip command has a deadline and ends with ctx (what
// was made by then is removed).
func NewBridge(ctx context.Context) (*Bridge, error) {
	ip, err := exec.LookPath("ip")
	if err != nil {
		for _, p := range []string{"/usr/sbin/ip", "/sbin/ip"} {
			if _, e := os.Stat(p); e == nil {
				ip, err = p, nil
			}
		}
		if err != nil {
			return nil, fmt.Errorf("the bridge network needs the ip command (iproute2): apt-get install iproute2")
		}
	}
	if os.Geteuid() != 0 {
		return nil, fmt.Errorf("the bridge network creates a network namespace and a veth pair, which needs root (CAP_NET_ADMIN): run Benchtop as root (sudo), or use the host network")
	}
	bridgeSeq++
	n := os.Getpid()%10000*10 + bridgeSeq%10
	b := &Bridge{ns: fmt.Sprintf("benchtop-%d-%d", os.Getpid(), bridgeSeq), hostIf: fmt.Sprintf("bth%d", n), appIf: fmt.Sprintf("bta%d", n),
		hostIP: "169.254.77.1", appIP: "169.254.77.2", ipPath: ip}
	steps := [][]string{
		{"netns", "add", b.ns},
		{"link", "add", b.hostIf, "type", "veth", "peer", "name", b.appIf},
		{"link", "set", b.appIf, "netns", b.ns},
		{"addr", "add", b.hostIP + "/30", "dev", b.hostIf},
		{"link", "set", b.hostIf, "up"},
		{"netns", "exec", b.ns, b.ipPath, "addr", "add", b.appIP + "/30", "dev", b.appIf},
		{"netns", "exec", b.ns, b.ipPath, "link", "set", b.appIf, "up"},
		{"netns", "exec", b.ns, b.ipPath, "link", "set", "lo", "up"},
	}
	for i, s := range steps {
		if out, err := helper.CombinedOutput(ctx, helper.Quick, exec.Command(ip, s...)); err != nil {
			b.Close()
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("bridge network: ip %s: %v: %s", strings.Join(s, " "), err, bytes.TrimSpace(out))
		}
		if i == 0 {
			b.created = append(b.created, "netns")
		}
		if i == 1 {
			b.created = append(b.created, "link")
		}
	}
	return b, nil
}

// AppIP is the app's address, on its side of the veth pair.
func (b *Bridge) AppIP() string { return b.appIP }

// command runs name inside the app's namespace.
func (b *Bridge) command(name string, args ...string) *exec.Cmd {
	return exec.Command(b.ipPath, append([]string{"netns", "exec", b.ns, name}, args...)...)
}

// Close removes the namespace (which takes the app's end of the pair,
// and so the pair) and the host's end if it is still there: after a
// cancelled run too (its own deadlines, not the run's context).
func (b *Bridge) Close() error {
	var errs []string
	for i := len(b.created) - 1; i >= 0; i-- {
		var args []string
		switch b.created[i] {
		case "netns":
			args = []string{"netns", "del", b.ns}
		case "link":
			args = []string{"link", "del", b.hostIf}
		}
		if out, err := helper.CombinedOutput(context.Background(), helper.Quick, exec.Command(b.ipPath, args...)); err != nil && !bytes.Contains(out, []byte("Cannot find")) && !bytes.Contains(out, []byte("No such")) {
			errs = append(errs, fmt.Sprintf("ip %s: %s", strings.Join(args, " "), bytes.TrimSpace(out)))
		}
	}
	b.created = nil
	if len(errs) > 0 {
		return fmt.Errorf("bridge network clean-up: %s", strings.Join(errs, "; "))
	}
	return nil
}

// ReapBridges removes the namespaces of Benchtops that are gone (a run
// killed before it could clean up); their veth pairs go with them.
func ReapBridges(ctx context.Context) {
	ip, err := exec.LookPath("ip")
	if err != nil || os.Geteuid() != 0 {
		return
	}
	out, err := helper.Output(ctx, helper.Quick, exec.Command(ip, "netns", "list"))
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(out), "\n") {
		name, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		rest, ok := strings.CutPrefix(name, "benchtop-")
		if !ok {
			continue
		}
		pidStr, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidStr)
		if err != nil || proc.Alive(pid) {
			continue
		}
		// best effort: a namespace that stays is tried again at the next run
		_ = helper.Run(ctx, helper.Quick, 0, exec.Command(ip, "netns", "del", name))
	}
}
