package sdkdriver

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"benchtop/internal/proc"
	"benchtop/internal/redact"
)

// Settings are what a driver needs to make its calls; the first line it reads.
type Settings struct {
	Region   string   `json:"region"`
	Endpoint string   `json:"endpoint,omitempty"`
	Table    string   `json:"table"`
	Modes    []string `json:"modes"`
	// TimeoutMS bounds each attempt (the SDK's connect and read timeouts).
	TimeoutMS int64 `json:"timeout_ms"`
	// TCPKeepAlive is default, on, off or a period (then also TCPKeepAliveMS).
	TCPKeepAlive   string `json:"tcp_keepalive"`
	TCPKeepAliveMS int64  `json:"tcp_keepalive_ms,omitempty"`
	Pool           int    `json:"pool"`
	Concurrency    int    `json:"concurrency"`
	IdleTimeoutMS  int64  `json:"idle_timeout_ms"`
	Lab            *Lab   `json:"lab,omitempty"`
}

// Lab is how a driver reaches Benchtop's lab: its name resolved by the
// lab's DNS server, its certificate trusted, each dial paying the emulated
// round trip.
type Lab struct {
	Host        string  `json:"host"`
	DNS         string  `json:"dns"`
	CAFile      string  `json:"ca_file"`
	CAPEM       string  `json:"ca_pem"`
	DialDelayMS float64 `json:"dial_delay_ms"`
}

// Credentials go to the driver in its environment, never on a command line
// or in its settings.
type Credentials struct {
	AccessKeyID, SecretAccessKey, SessionToken string
	Profile                                    string // kept so the SDK reads that profile's settings
}

// Request is one call.
type Request struct {
	ID   int64  `json:"id"`
	Mode string `json:"mode"`
	Seq  int    `json:"seq"`
	Key  string `json:"key"`
}

// Reply is the driver's account of one call.
type Reply struct {
	ID        int64   `json:"id"`
	LatencyUS float64 `json:"latency_us"`
	// Conn is "new" when the call's first request opened a connection.
	Conn           string             `json:"conn"`
	NewConnections int64              `json:"new_connections"` // as the transport logged them
	Dials          int64              `json:"dials"`           // sockets opened
	DNSLookups     int64              `json:"dns_lookups"`
	TLSHandshakes  int64              `json:"tls_handshakes"`
	TLSResumed     int64              `json:"tls_resumed"`  // abbreviated handshakes (a cached TLS session)
	Discarded      int64              `json:"discarded"`    // connections the pool threw away
	SOKeepAlive    int64              `json:"so_keepalive"` // connections opened with SO_KEEPALIVE (boto3)
	Attempts       int64              `json:"attempts"`
	Phases         map[string]float64 `json:"phases"`
	Error          string             `json:"error,omitempty"`
}

// Driver is a running driver process.
type Driver struct {
	SDK      string
	Versions map[string]string // the SDK's and its runtime's versions

	child  *proc.Child
	dir    string
	stdin  io.WriteCloser
	stderr *tail
	limit  time.Duration // a call with no answer after this stops the driver

	wmu     sync.Mutex // one line at a time on stdin
	mu      sync.Mutex
	nextID  int64
	pending map[int64]chan Reply
	err     error         // why the driver ended, once it has
	dead    chan struct{} // closed when the driver's output ends
}

// Start runs sdk's driver (Python or JS) in a private temp directory under
// tmpDir and waits until it is ready. say reports a first-time install.
func Start(ctx context.Context, sdk string, s Settings, creds Credentials, tmpDir string, say func(string)) (*Driver, error) {
	var argv, env []string
	switch sdk {
	case Python:
		py, err := FindPython(ctx)
		if err != nil {
			return nil, err
		}
		argv = []string{py, "-u", "-B", "boto3_driver.py"}
	case JS:
		node, err := FindNode()
		if err != nil {
			return nil, err
		}
		nm, err := JSSDK(ctx, say)
		if err != nil {
			return nil, err
		}
		argv = []string{node, "js_driver.cjs"}
		env = append(env, "NODE_PATH="+nm, "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true")
	default:
		return nil, fmt.Errorf("no driver for SDK %q", sdk)
	}
	proc.Reap(tmpDir) // what a killed Benchtop left (its drivers died with it: parent-death signal)
	dir, err := proc.MkdirTemp(tmpDir, "sdk-"+sdk)
	if err != nil {
		return nil, fmt.Errorf("%s driver: %w", Label(sdk), err)
	}
	ok := false
	defer func() {
		if !ok {
			proc.RemoveTemp(dir)
		}
	}()
	script := filepath.Base(argv[len(argv)-1])
	b, _ := scripts.ReadFile(script)
	if err := os.WriteFile(filepath.Join(dir, script), b, 0o600); err != nil {
		return nil, fmt.Errorf("%s driver: %w", Label(sdk), err)
	}
	if s.Lab != nil {
		s.Lab.CAFile = filepath.Join(dir, "lab-ca.pem")
		if err := os.WriteFile(s.Lab.CAFile, []byte(s.Lab.CAPEM), 0o600); err != nil {
			return nil, fmt.Errorf("%s driver: %w", Label(sdk), err)
		}
	}
	argv[len(argv)-1] = filepath.Join(dir, script) // the command line names the run's directory (proc.Reap, tests)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(childEnv(creds, s, dir), env...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	d := &Driver{SDK: sdk, dir: dir, stdin: stdin, stderr: &tail{max: 8 << 10}, pending: map[int64]chan Reply{}, dead: make(chan struct{}),
		// a bound on a call the driver never answers, not on a slow one
		limit: WorstCall(sdk, time.Duration(s.TimeoutMS)*time.Millisecond) + 2*time.Duration(s.TimeoutMS)*time.Millisecond + 30*time.Second}
	cmd.Stderr = d.stderr
	d.child, err = proc.Start(cmd, syscall.SIGKILL)
	if err != nil {
		return nil, fmt.Errorf("%s driver: starting %s: %w", Label(sdk), argv[0], err)
	}
	if err := d.child.Record(dir); err != nil { // for Reap where no death signal exists
		d.child.Stop(syscall.SIGKILL, 0)
		return nil, fmt.Errorf("%s driver: %w", Label(sdk), err)
	}
	ok = true
	ready := make(chan error, 1)
	go d.read(stdout, ready)
	line, _ := json.Marshal(s)
	if _, err := d.stdin.Write(append(line, '\n')); err != nil {
		d.Close()
		return nil, fmt.Errorf("%s driver: %w", Label(sdk), err)
	}
	select {
	case err = <-ready:
	case <-ctx.Done():
		err = ctx.Err()
	case <-time.After(2 * time.Minute):
		err = fmt.Errorf("no answer in 2 minutes")
	}
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("%s driver: %w", Label(sdk), err)
	}
	return d, nil
}

// childEnv is Benchtop's environment without AWS settings the driver must
// not pick up (endpoints and credentials are given explicitly), plus the
// run's credentials and region.
func childEnv(c Credentials, s Settings, dir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "AWS_") || strings.HasPrefix(k, "NODE_") || strings.HasPrefix(k, "PYTHON") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "AWS_REGION="+s.Region, "AWS_DEFAULT_REGION="+s.Region, "AWS_EC2_METADATA_DISABLED=true",
		"AWS_ACCESS_KEY_ID="+c.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+c.SecretAccessKey, "PYTHONDONTWRITEBYTECODE=1")
	if c.SessionToken != "" {
		env = append(env, "AWS_SESSION_TOKEN="+c.SessionToken)
	}
	if c.Profile != "" {
		env = append(env, "AWS_PROFILE="+c.Profile)
	}
	if s.Lab != nil {
		// the lab is not AWS: no profile or config file of the user's applies
		none := filepath.Join(dir, "no-aws-config")
		env = append(env, "AWS_CONFIG_FILE="+none, "AWS_SHARED_CREDENTIALS_FILE="+none)
	}
	return env
}

// read dispatches the driver's answers until its output ends.
func (d *Driver) read(r io.Reader, ready chan<- error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	first := true
	var end error
	for sc.Scan() {
		if first {
			first = false
			var hello struct {
				Ready    bool              `json:"ready"`
				Fatal    string            `json:"fatal"`
				Versions map[string]string `json:"versions"`
			}
			if err := json.Unmarshal(sc.Bytes(), &hello); err != nil || !hello.Ready {
				msg := hello.Fatal
				if msg == "" {
					msg = "unexpected first line " + strings.TrimSpace(redact.Text(string(sc.Bytes())))
				}
				ready <- errors.New(msg)
				end = errors.New(msg)
				break
			}
			d.Versions = hello.Versions
			ready <- nil
			continue
		}
		var rep Reply
		if err := json.Unmarshal(sc.Bytes(), &rep); err != nil {
			continue // not ours (a library printing to stdout): ignore
		}
		d.mu.Lock()
		ch := d.pending[rep.ID]
		delete(d.pending, rep.ID)
		d.mu.Unlock()
		if ch != nil {
			ch <- rep
		}
	}
	<-d.child.Exited()
	if end == nil {
		end = fmt.Errorf("exited (%v)", d.child.Err())
		if s := d.stderr.lastLines(3); s != "" {
			end = fmt.Errorf("exited (%v): %s", d.child.Err(), s)
		}
	}
	if first {
		ready <- end
	}
	d.mu.Lock()
	d.err = end
	d.mu.Unlock()
	close(d.dead)
}

// Call makes one call; it returns an error only when the driver cannot
// answer (it has exited, or gave no answer in time and was stopped).
func (d *Driver) Call(ctx context.Context, r Request) (Reply, error) {
	ch := make(chan Reply, 1)
	d.mu.Lock()
	if d.err != nil {
		err := d.err
		d.mu.Unlock()
		return Reply{}, fmt.Errorf("%s driver %w", Label(d.SDK), err)
	}
	d.nextID++
	r.ID = d.nextID
	d.pending[r.ID] = ch
	d.mu.Unlock()
	line, _ := json.Marshal(r)
	d.wmu.Lock()
	_, err := d.stdin.Write(append(line, '\n'))
	d.wmu.Unlock()
	if err != nil {
		d.forget(r.ID)
		return Reply{}, fmt.Errorf("%s driver: %w", Label(d.SDK), err)
	}
	t := time.NewTimer(d.limit)
	defer t.Stop()
	select {
	case rep := <-ch:
		return rep, nil
	case <-d.dead:
		d.forget(r.ID)
		d.mu.Lock()
		err := d.err
		d.mu.Unlock()
		return Reply{}, fmt.Errorf("%s driver %w", Label(d.SDK), err)
	case <-ctx.Done():
		d.forget(r.ID)
		return Reply{}, ctx.Err()
	case <-t.C:
		d.forget(r.ID)
		d.child.Stop(syscall.SIGKILL, 0)
		return Reply{}, fmt.Errorf("%s driver gave no answer in %v (the SDK's own timeouts should have ended the call): stopped it", Label(d.SDK), d.limit)
	}
}

func (d *Driver) forget(id int64) {
	d.mu.Lock()
	delete(d.pending, id)
	d.mu.Unlock()
}

// Close ends the driver (stdin closed: it finishes and exits; after half a
// second its process group is killed: every answer it gave is already in)
// and removes its directory.
func (d *Driver) Close() {
	d.wmu.Lock()
	d.stdin.Close()
	d.wmu.Unlock()
	select {
	case <-d.child.Exited():
	case <-time.After(500 * time.Millisecond):
	}
	d.child.Stop(syscall.SIGKILL, 0)
	proc.RemoveTemp(d.dir)
}

// Stderr is the end of what the driver wrote to stderr, secrets removed.
func (d *Driver) Stderr() string { return d.stderr.lastLines(20) }

// tail keeps the last bytes written to it.
type tail struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = t.b[len(t.b)-t.max:]
	}
	return len(p), nil
}

func (t *tail) lastLines(n int) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(strings.TrimSpace(string(t.b)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return redact.Text(strings.Join(lines, " | "))
}
