package stack

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"benchtop/internal/proc"
	"benchtop/internal/testenv"
)

// needNginx returns the nginx binary; without one the test fails under CI
// and skips on a laptop.
func needNginx(t *testing.T) string {
	t.Helper()
	bin, err := FindNginx()
	testenv.Need(t, "nginx", err)
	return bin
}

func TestNginxIsStoppedAndCleanedOnClose(t *testing.T) {
	bin := needNginx(t)
	tmp := testenv.PrivateTmp(t)
	a, err := StartApp(false, filepath.Join(tmp, "a.sock"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	p, err := StartNginx(context.Background(), bin, Upstream{Network: "unix", Addr: a.UnixPath})
	if err != nil {
		t.Fatal(err)
	}
	np := p.(*nginxProxy)
	resp, err := http.Get("http://" + p.Addr() + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"hello": "world"`) {
		t.Fatalf("through nginx: %d %s", resp.StatusCode, b)
	}
	pid := np.child.Pid()
	p.Close()
	if proc.GroupAlive(pid) {
		t.Fatalf("nginx process group %d still exists after Close", pid)
	}
	if _, err := os.Stat(np.dir); !os.IsNotExist(err) {
		t.Fatalf("nginx dir %s left behind", np.dir)
	}
}

func TestNginxThatFailsToStartShowsItsErrorLog(t *testing.T) {
	fake := filepath.Join(t.TempDir(), "nginx")
	err := os.WriteFile(fake, []byte(`#!/bin/sh
if [ "$1" = "-v" ]; then echo "nginx version: nginx/0.0-fake" >&2; exit 0; fi
echo 'nginx: [emerg] unknown directive "benchtop_broken" in nginx.conf:3' >&2
exit 1
`), 0o755)
	if err != nil {
		t.Fatal(err)
	}
	_, err = StartNginx(context.Background(), fake, Upstream{Network: "tcp", Addr: "127.0.0.1:1"})
	if err == nil || !strings.Contains(err.Error(), "failed to start") || !strings.Contains(err.Error(), "benchtop_broken") {
		t.Fatalf("got %v", err)
	}
}
