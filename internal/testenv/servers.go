package testenv

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"benchtop/internal/proc"
)

// freeAddr is a free loopback port.
func freeAddr(t testing.TB) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// Serve runs a server command in its own process group, killed with the
// test, and waits until addr accepts connections. It starts it with
// proc.Start: a parent-death signal fires when the starting *thread* ends,
// and a thread another goroutine locked and left (as proc.Start's do) ends;
// started from an ordinary goroutine, the server was killed mid-test once
// the SDK drivers came and went.
func Serve(t testing.TB, addr string, cmd *exec.Cmd) {
	t.Helper()
	var out SyncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	child, err := proc.Start(cmd, syscall.SIGKILL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		child.Stop(syscall.SIGKILL, 0)
		if t.Failed() {
			t.Logf("%s said:\n%s", cmd.Path, lastBytes(out.Bytes(), 4000))
		}
	})
	for deadline := time.Now().Add(30 * time.Second); ; {
		c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not listen on %s: %s", cmd.Path, addr, out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// SyncBuffer is a bytes.Buffer safe for a child's output and a reader.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]byte(nil), s.b.Bytes()...)
}

func (s *SyncBuffer) String() string { return string(s.Bytes()) }

// Dynalite runs dynalite (npm; a DynamoDB implementation by a third party)
// and returns its endpoint. make test installs it into build/npm and names
// it in BENCHTOP_DYNALITE.
func Dynalite(t testing.TB) string {
	t.Helper()
	cli := os.Getenv("BENCHTOP_DYNALITE")
	if cli == "" {
		cli, _ = filepath.Abs(filepath.Join(repoRoot(), "build/npm/node_modules/dynalite/cli.js"))
	}
	node, err := exec.LookPath("node")
	Need(t, "Node.js", err)
	_, err = os.Stat(cli)
	Need(t, "dynalite", err)
	addr := freeAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	Serve(t, addr, exec.Command(node, cli, "--port", port))
	return "http://" + addr
}

// Moto runs moto's server (Python's moto, `moto_server`: IAM, Lambda's
// control plane, CloudWatch Logs, STS, DynamoDB) with Lambda answering
// without Docker, and returns its endpoint.
func Moto(t testing.TB) string {
	t.Helper()
	bin, err := exec.LookPath("moto_server")
	Need(t, "moto_server (Python's moto: pip install 'moto[server]')", err)
	addr := freeAddr(t)
	host, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(bin, "-H", host, "-p", port)
	// moto is botocore inside: a test's empty AWS_PROFILE would break it
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_PROFILE=") && !strings.HasPrefix(kv, "AWS_DEFAULT_PROFILE=") && !strings.HasPrefix(kv, "AWS_ENDPOINT_URL") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	Serve(t, addr, cmd)
	url := "http://" + addr
	resp, err := http.Post(url+"/moto-api/config", "application/json", bytes.NewReader([]byte(`{"lambda": {"use_docker": false}}`)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 && resp.StatusCode != 201 {
		t.Fatalf("moto config: HTTP %d", resp.StatusCode)
	}
	return url
}

// repoRoot is the module's root (where go.mod is), from the test's
// directory.
func repoRoot() string {
	dir, _ := os.Getwd()
	for d := dir; d != "/"; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
	}
	return dir
}

func lastBytes(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// SDKData points Benchtop's data directory (BENCHTOP_DATA) at build/data in
// the repository, so the pinned JavaScript SDK that --sdk js installs on
// first use is installed once, by the code under test, and kept.
func SDKData(t testing.TB) {
	t.Helper()
	t.Setenv("BENCHTOP_DATA", filepath.Join(repoRoot(), "build", "data"))
}
