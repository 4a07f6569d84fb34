//go:build unix

package stack

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"benchtop/internal/proc"
	"benchtop/internal/testenv"
)

func TestMain(m *testing.M) {
	if bin := os.Getenv("BENCHTOP_NGINX_PARENT"); bin != "" {
		nginxParent(bin)
		return
	}
	os.Exit(m.Run())
}

// nginxParent starts nginx the way a run does, says where, and waits to be
// killed.
func nginxParent(bin string) {
	p, err := StartNginx(context.Background(), bin, Upstream{Network: "tcp", Addr: "127.0.0.1:1"})
	if err != nil {
		fmt.Println("ERR", err)
		os.Exit(1)
	}
	np := p.(*nginxProxy)
	fmt.Println(np.child.Pid(), np.dir)
	select {}
}

// SIGKILL of the process that started nginx: nginx and its workers die
// with it (parent-death signal), and the next start removes the directory
// the dead run left (owner file).
func TestNginxDiesWithAKilledParent(t *testing.T) {
	bin := needNginx(t)
	tmp := testenv.PrivateTmp(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "BENCHTOP_NGINX_PARENT="+bin)
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.HasPrefix(line, "ERR") {
		_ = cmd.Process.Kill() // the test fails either way
		t.Fatalf("helper: %q %v", line, err)
	}
	var pid int
	var dir string
	if _, err := fmt.Sscan(line, &pid, &dir); err != nil {
		t.Fatal(err)
	}
	if !proc.Alive(pid) {
		t.Fatalf("nginx %d not running", pid)
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no chance to clean up
		t.Fatal(err)
	}
	_ = cmd.Wait() // "signal: killed", as asked
	if !testenv.Eventually(10*time.Second, func() bool { return syscall.Kill(-pid, 0) == syscall.ESRCH }) {
		_ = syscall.Kill(-pid, syscall.SIGKILL) // the test fails either way
		t.Fatalf("nginx process group %d outlived its killed parent", pid)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the dead run's directory should still be there for the next start to find: %v", err)
	}
	removed := proc.Reap(tmp)
	if len(removed) != 1 || removed[0] != dir {
		t.Fatalf("reaped %v, want %s", removed, dir)
	}
	testenv.EmptyDir(t, tmp)
}
