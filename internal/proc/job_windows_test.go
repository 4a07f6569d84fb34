package proc

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary plays the child: BENCHTOP_PROC_CHILD=sleep sleeps;
// =spawn starts a sleeping grandchild, prints its pid and exits at once.
func TestMain(m *testing.M) {
	switch os.Getenv("BENCHTOP_PROC_CHILD") {
	case "sleep": // the child a test stops: it must not end by itself
		time.Sleep(5 * time.Minute)
		os.Exit(0)
	case "spawn":
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "BENCHTOP_PROC_CHILD=sleep")
		if err := cmd.Start(); err != nil {
			fmt.Println("ERR", err)
			os.Exit(1)
		}
		fmt.Println(cmd.Process.Pid)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func child(mode string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "BENCHTOP_PROC_CHILD="+mode)
	return cmd
}

func waitGone(t *testing.T, pid int, what string) {
	t.Helper()
	// testenv.Eventually's poll, which this package cannot import (testenv
	// imports proc)
	for deadline := time.Now().Add(10 * time.Second); Alive(pid); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s (pid %d) still running", what, pid)
		}
	}
}

// Stop ends the child through its Job object.
func TestJobStopEndsTheChild(t *testing.T) {
	c, err := Start(child("sleep"), syscall.SIGTERM)
	if err != nil {
		t.Fatal(err)
	}
	if c.tree.job == 0 {
		t.Fatal("the child has no Job object")
	}
	c.Stop(syscall.SIGTERM, 100*time.Millisecond)
	select {
	case <-c.Exited():
	default:
		t.Fatal("Stop returned before the child exited")
	}
	waitGone(t, c.Pid(), "the stopped child")
}

// A grandchild started inside the job dies when the job's handle closes
// (kill-on-close), here when its parent is reaped: what happens to every
// process Benchtop started when Benchtop itself ends, however it ends.
func TestJobKillsGrandchildrenOnClose(t *testing.T) {
	cmd := child("spawn")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c, err := Start(cmd, syscall.SIGTERM)
	if err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.HasPrefix(line, "ERR") {
		t.Fatalf("child: %q %v", line, err)
	}
	gc, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		t.Fatal(err)
	}
	<-c.Exited() // the child exits at once; reaping it closes the job
	waitGone(t, gc, "the grandchild")
}
