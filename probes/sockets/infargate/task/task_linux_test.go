package task

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/results"
	"benchtop/internal/testenv"
	"benchtop/probes/sockets"
	"benchtop/probes/sockets/infargate/infargatetest"
	"benchtop/probes/sockets/stack"
)

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// The task's three containers as three processes sharing a directory,
// with the commands and environment the task definition gives them: the
// client's stdout holds a run of the four architectures, and the run sits
// beside the published Fargate rows in the app's chart.
func TestTaskAsProcesses(t *testing.T) {
	run := runTask(t, Bench{Archs: sockets.AllArchs, Requests: 200, Concurrency: 1, Warmup: 20, TimeoutMS: 5000}, nil)
	if run.Config["app"] != sockets.AppGo || run.Config["app_server"] != "Go net/http (app container)" {
		t.Errorf("app %q, server %q", run.Config["app"], run.Config["app_server"])
	}
}

// With --app starlette the app container is gunicorn with uvicorn workers
// serving the Starlette app (here Debian's python3-starlette, python3-uvicorn
// and gunicorn: the container's command installs nothing when the Python
// has them), on the same socket and port; the run records the stack.
func TestTaskAsProcessesStarlette(t *testing.T) {
	py, versions, err := stack.FindStarlette(context.Background())
	testenv.Need(t, "gunicorn, uvicorn and Starlette ("+stack.StarletteInstall+")", err)
	// the container's python3 is the one with the stack
	path := "PATH=" + filepath.Dir(py) + string(os.PathListSeparator) + os.Getenv("PATH")
	run := runTask(t, Bench{Archs: sockets.AllArchs, Requests: 200, Concurrency: 1, Warmup: 20, TimeoutMS: 5000, App: sockets.AppStarlette, Workers: 2}, []string{path})
	want := stack.StarletteLabel(versions, 2) + " (app container)"
	if run.Config["app"] != sockets.AppStarlette || run.Config["app_server"] != want || run.Config["workers"] != "2" {
		t.Errorf("app %q, server %q (want %q), workers %q", run.Config["app"], run.Config["app_server"], want, run.Config["workers"])
	}
	for k, v := range versions {
		if run.Machine.Extra[k] != v {
			t.Errorf("the run's %s is %q, want %q", k, run.Machine.Extra[k], v)
		}
	}
}

// runTask runs the app, nginx and the client as processes sharing a
// directory, with the app container's command for b.App; appEnv is added
// to the app's environment. It returns the client's run, checked: every
// architecture answered every request, and the run sits beside the
// published Fargate rows.
func runTask(t *testing.T, b Bench, appEnv []string) *results.Run {
	nginx, err := stack.FindNginx()
	testenv.Need(t, "nginx (apt-get install nginx-light)", err)
	prog := infargatetest.Build(t, runtime.GOARCH)
	dir, err := os.MkdirTemp("/tmp", "bt-task-") // short: a socket path fits
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := os.RemoveAll(dir); err != nil {
			t.Error(err)
		}
	})
	l := Layout{Shared: dir, AppPort: freePort(t), ProxyTCPPort: freePort(t), ProxyUnixPort: freePort(t)}
	environ := func(m map[string]string) []string {
		env := os.Environ()
		for k, v := range m {
			env = append(env, k+"="+v)
		}
		return env
	}
	env := environ(l.Env())
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	logs := t.TempDir()
	// start runs a container's command in a process group of its own (nginx
	// has workers), its stderr in a file; ECS's SIGTERM ends it.
	start := func(name string, cmd *exec.Cmd) func() string {
		f, err := os.Create(filepath.Join(logs, name))
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = f
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
		if err := cmd.Start(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		f.Close()
		said := func() string { b, _ := os.ReadFile(f.Name()); return string(b) }
		t.Cleanup(func() {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) // gone already is fine: Wait below
			done := make(chan struct{})
			go func() { _ = cmd.Wait(); close(done) }() // the exit status after SIGTERM is not checked
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // as above
				<-done
			}
			if t.Failed() {
				t.Logf("%s said:\n%s", name, said())
			}
		})
		return said
	}
	ac := l.AppContainer(b)
	argv := append(ac.EntryPoint, ac.Command...)
	if len(ac.EntryPoint) == 0 { // benchtop-task's image: the program is its entry point
		argv = append([]string{prog}, ac.Command...)
	}
	app := exec.CommandContext(ctx, argv[0], argv[1:]...)
	app.Env = append(environ(ac.Env), appEnv...) // the last of a name wins
	start("app", app)
	// nginx's directory: the pid file is in the shared volume, as in the task
	ng := exec.CommandContext(ctx, "sh", "-c", strings.Replace(NginxCommand, "exec nginx", "exec "+nginx, 1))
	ng.Env = append(env, EnvNginxConf+"="+l.NginxConf(false))
	start("nginx", ng)
	var out bytes.Buffer
	cl := exec.CommandContext(ctx, prog, "client")
	cl.Env = append(env, EnvBench+"="+b.JSON())
	cl.Stdout = &out
	clErr := start("client", cl)
	if err := cl.Wait(); err != nil {
		t.Fatalf("client: %v\n%s", err, clErr())
	}
	run, err := Collect(strings.Split(out.String(), "\n"))
	if err != nil {
		t.Fatalf("%v\nstdout:\n%.2000s", err, out.String())
	}
	if run.Kind != "sockets" || len(run.Groups) != len(b.Archs) {
		t.Fatalf("run %s with %d groups", run.Kind, len(run.Groups))
	}
	for _, g := range run.Groups {
		if g.Summary.Count != int64(b.Requests) || g.Summary.Errors != 0 {
			t.Errorf("%s: %d answers, %d errors", g.Name, g.Summary.Count, g.Summary.Errors)
		}
	}
	bars, ok := sockets.Chart(run, "rps", true).(chart.Bars)
	if !ok {
		t.Fatalf("the rps chart is a %T", sockets.Chart(run, "rps", true))
	}
	var names []string
	for _, s := range bars.Series {
		names = append(names, s.Name)
	}
	joined := strings.Join(names, "|")
	if !strings.Contains(joined, "this run") || !strings.Contains(joined, "published: AWS Fargate x86") || !strings.Contains(joined, "published: AWS Graviton (arm)") {
		t.Errorf("chart series %q: want this run beside the published Fargate rows", names)
	}
	return run
}
