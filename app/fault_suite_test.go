package app

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"benchtop/internal/testenv"

	"benchtop/probes/keepalive/sdkdriver"
	"benchtop/probes/sockets/stack"
)

// The fault suite runs the real binary against hostile conditions and
// checks what a user would: the exit code, how long it took to exit,
// that no process it started is left (by process group and by the paths
// in their command lines) and that no file is left in its TMPDIR.

// procsMentioning lists the pids whose command line contains s.
func procsMentioning(s string) []int {
	var pids []int
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		var pid int
		if _, err := fmt.Sscan(e.Name(), &pid); err != nil || pid == os.Getpid() {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err == nil && bytes.Contains(b, []byte(s)) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func waitNoProcs(t *testing.T, s string, within time.Duration) {
	t.Helper()
	if testenv.Eventually(within, func() bool { return len(procsMentioning(s)) == 0 }) {
		return
	}
	pids := procsMentioning(s)
	for _, p := range pids {
		_ = syscall.Kill(p, syscall.SIGKILL) // the test fails either way
	}
	t.Fatalf("processes left running that mention %s: %v", s, pids)
}

type started struct {
	cmd  *exec.Cmd
	out  *bytes.Buffer
	done chan struct{}
}

func startBin(t *testing.T, bin, tmp, runs string, args ...string) *started {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp, "BENCHTOP_RUNS="+runs)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &started{cmd: cmd, out: &out, done: make(chan struct{})}
	go func() { cmd.Wait(); close(s.done) }()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			cmd.Process.Kill()
			<-s.done
		}
	})
	return s
}

func (s *started) wait(t *testing.T, within time.Duration) (int, time.Duration) {
	t.Helper()
	t0 := time.Now()
	select {
	case <-s.done:
	case <-time.After(within):
		t.Fatalf("%v still running after %v\n%s", s.cmd.Args, within, s.out)
	}
	return s.cmd.ProcessState.ExitCode(), time.Since(t0)
}

func TestFaultSuite(t *testing.T) {
	bin := binary(t)
	nginx, nginxErr := stack.FindNginx()

	// A server that accepts and never answers: the binary's single worker
	// takes the raw-syscall path, and still ends at every deadline and on
	// Ctrl-C.
	t.Run("black-hole", func(t *testing.T) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		held := make(chan net.Conn, 16) // black-holed connections stay open
		go func() {
			for {
				c, err := l.Accept()
				if err != nil {
					return
				}
				select {
				case held <- c:
				default:
				}
			}
		}()
		tmp, runs := t.TempDir(), t.TempDir()
		s := startBin(t, bin, tmp, runs, "sockets", "--target", "http://"+l.Addr().String()+"/", "-n", "3", "--warmup", "0", "--timeout", "1s")
		code, took := s.wait(t, 10*time.Second)
		if code != 1 || !strings.Contains(s.out.String(), "error ×3 external: timed out after 1s") {
			t.Errorf("exit %d after %v\n%s", code, took, s.out)
		}
		// and Ctrl-C in the middle of a 60 s timeout: once the black hole
		// holds the run's connection
		for len(held) > 0 {
			<-held
		}
		s = startBin(t, bin, tmp, runs, "sockets", "--target", "http://"+l.Addr().String()+"/", "-n", "3", "--warmup", "0", "--timeout", "60s")
		select {
		case <-held:
		case <-time.After(30 * time.Second): // a guard against a hang
			t.Fatalf("the run never connected\n%s", s.out)
		}
		s.cmd.Process.Signal(os.Interrupt)
		code, took = s.wait(t, 10*time.Second)
		// the bound is the behaviour (the request's own timeout is 60 s),
		// generous for a loaded machine under -race
		if code != 130 || took > 5*time.Second {
			t.Errorf("Ctrl-C on a black hole: exit %d after %v\n%s", code, took, s.out)
		}
		t.Logf("Ctrl-C on a black hole: exit %d after %v", code, took)
	})

	// Ctrl-C at random moments (fixed seeds): start-up, nginx start,
	// warm-up, measuring, between architectures. Exit 130 promptly,
	// nothing left behind, and a saved run of what was measured.
	t.Run("sigint", func(t *testing.T) {
		for seed := int64(1); seed <= 4; seed++ {
			rng := rand.New(rand.NewSource(seed))
			delay := time.Duration(50+rng.Intn(2500)) * time.Millisecond
			args := []string{"sockets", "-n", "30000", "--warmup", "200"}
			if nginxErr == nil {
				args = append(args, "--proxy", "nginx", "--nginx", nginx)
			} else {
				testenv.Need(t, "nginx", nginxErr) // on a laptop: the builtin proxy
			}
			if seed%2 == 0 {
				args = []string{"keepalive", "-n", "400", "--interval", "5ms", "--modes", "all"}
			}
			tmp, runs := t.TempDir(), t.TempDir()
			s := startBin(t, bin, tmp, runs, args...)
			time.Sleep(delay) // the random moment in the real binary's run: the test's design
			s.cmd.Process.Signal(os.Interrupt)
			code, took := s.wait(t, 10*time.Second)
			t.Logf("seed %d (%s) after %v: exit %d in %v", seed, args[0], delay, code, took)
			// Stopping promptly is the behaviour, so the bound stays, generous for a
			// loaded machine under -race: the run would go on for minutes
			if code != 130 || took > 5*time.Second {
				t.Errorf("seed %d: exit %d after %v, want 130 within 5 s\n%s", seed, code, took, s.out)
			}
			waitNoProcs(t, tmp, 2*time.Second)
			testenv.EmptyDir(t, tmp)
			saved, _ := filepath.Glob(filepath.Join(runs, "*.json"))
			if strings.Contains(s.out.String(), "STOPPED") && len(saved) != 1 {
				t.Errorf("seed %d: a stopped run with results must be saved: %v", seed, saved)
			}
		}
	})

	// The SDK drivers (boto3, JavaScript): Ctrl-C ends them with the run;
	// SIGKILL kills them with Benchtop (parent-death signal), and the next
	// start removes their directories.
	t.Run("sdk-drivers", func(t *testing.T) {
		_, err := sdkdriver.FindPython(context.Background())
		testenv.Need(t, "python3 with boto3", err)
		testenv.SDKData(t)
		// the JavaScript SDK first (a fresh clone has none yet): the Ctrl-C
		// below is meant for running drivers, not for the install
		if _, err := sdkdriver.JSSDK(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		args := []string{"keepalive", "--sdk", "all", "-n", "1000", "--interval", "20ms"}
		waitDrivers := func(s *started, tmp string) {
			// 60 s: the first run may install the JavaScript SDK
			if !testenv.Eventually(60*time.Second, func() bool { return len(procsMentioning(tmp)) >= 2 }) {
				t.Fatalf("the drivers did not start\n%s", s.out)
			}
			time.Sleep(700 * time.Millisecond) // the driver processes (python3, node) making their calls
		}
		tmp, runs := t.TempDir(), t.TempDir()
		s := startBin(t, bin, tmp, runs, args...)
		waitDrivers(s, tmp)
		s.cmd.Process.Signal(os.Interrupt)
		code, took := s.wait(t, 10*time.Second)
		// Stopping promptly is the behaviour, so the bound stays, generous for a
		// loaded machine under -race: the run would go on for minutes
		if code != 130 || took > 5*time.Second || strings.Contains(s.out.String(), "context canceled") {
			t.Errorf("Ctrl-C: exit %d after %v, want 130 within 5 s and no call counted as failed\n%s", code, took, s.out)
		}
		waitNoProcs(t, tmp, 2*time.Second)
		testenv.EmptyDir(t, tmp)

		s = startBin(t, bin, tmp, runs, args...)
		waitDrivers(s, tmp)
		s.cmd.Process.Kill()
		s.wait(t, 5*time.Second)
		waitNoProcs(t, tmp, 3*time.Second)
		if left, _ := os.ReadDir(tmp); len(left) == 0 {
			t.Fatal("a killed run cannot clean up: its directories should be there for the next start")
		}
		s = startBin(t, bin, tmp, runs, "keepalive", "--sdk", "python", "-n", "1", "--save=false")
		if code, _ := s.wait(t, 60*time.Second); code != 0 {
			t.Fatalf("next start: exit %d\n%s", code, s.out)
		}
		testenv.EmptyDir(t, tmp)
	})

	// SIGKILL while nginx runs: nginx and its workers die with Benchtop
	// (parent-death signal); the next start removes the dead run's files.
	t.Run("sigkill-nginx", func(t *testing.T) {
		testenv.Need(t, "nginx", nginxErr)
		tmp, runs := t.TempDir(), t.TempDir()
		s := startBin(t, bin, tmp, runs, "sockets", "--proxy", "nginx", "--nginx", nginx, "--arch", "proxy-unix", "-n", "1000000", "--warmup", "0")
		if !testenv.Eventually(10*time.Second, func() bool { return len(procsMentioning(tmp)) > 0 }) {
			t.Fatalf("nginx did not start\n%s", s.out)
		}
		time.Sleep(300 * time.Millisecond) // nginx (a real process) serving the run's requests
		s.cmd.Process.Kill()
		s.wait(t, 5*time.Second)
		waitNoProcs(t, tmp, 3*time.Second)
		if left, _ := os.ReadDir(tmp); len(left) == 0 {
			t.Fatal("a killed run cannot clean up: its directories should be there for the next start")
		}
		s = startBin(t, bin, tmp, runs, "sockets", "--arch", "direct-tcp", "-n", "10", "--warmup", "0", "--save=false")
		if code, _ := s.wait(t, 20*time.Second); code != 0 {
			t.Fatalf("next start: exit %d\n%s", code, s.out)
		}
		testenv.EmptyDir(t, tmp)
	})
}
