package stack

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"text/template"
	"time"

	"benchtop/internal/helper"
	"benchtop/internal/proc"
)

// FindNginx returns the nginx binary: $PATH first, then the usual sbin
// directories (not on a normal user's PATH on Debian).
func FindNginx() (string, error) {
	if p, err := exec.LookPath("nginx"); err == nil {
		return p, nil
	}
	for _, p := range []string{"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/opt/homebrew/bin/nginx", "/usr/local/nginx/sbin/nginx"} {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", errors.New("nginx is not installed (looked in $PATH and /usr/sbin): install it (Debian: apt-get install nginx-light) or use --proxy builtin")
}

// CheckNginx finds nginx (bin, or FindNginx when empty) and makes sure it
// runs: `nginx -v` and a test of a config like the one a run writes, so a
// broken or missing nginx is reported before anything is measured. Each
// has a deadline and ends with ctx: a wedged nginx cannot hang the run.
func CheckNginx(ctx context.Context, bin string) (string, error) {
	if bin == "" {
		var err error
		if bin, err = FindNginx(); err != nil {
			return "", err
		}
	} else if st, err := os.Stat(bin); err != nil || st.IsDir() {
		return "", fmt.Errorf("nginx binary %s: not found", bin)
	}
	if _, err := nginxVersion(ctx, bin); err != nil {
		return "", err
	}
	dir, err := proc.MkdirTemp("", "nginx-check")
	if err != nil {
		return "", fmt.Errorf("nginx: %w", err)
	}
	defer proc.RemoveTemp(dir)
	conf, err := writeNginxConf(dir, "127.0.0.1:1", Upstream{Network: "tcp", Addr: "127.0.0.1:2"})
	if err != nil {
		return "", err
	}
	out, err := helper.CombinedOutput(ctx, helper.Quick, exec.Command(bin, "-t", "-q", "-p", dir, "-c", conf, "-e", filepath.Join(dir, "error.log")))
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if err != nil {
		return "", fmt.Errorf("nginx (%s) cannot run Benchtop's config: %v: %s", bin, err, strings.TrimSpace(string(out)))
	}
	return bin, nil
}

// NginxVersion runs `nginx -v` ("nginx version: nginx/1.22.1" → "nginx/1.22.1"),
// killed if it does not answer within helper.Quick.
func NginxVersion(bin string) (string, error) { return nginxVersion(context.Background(), bin) }

func nginxVersion(ctx context.Context, bin string) (string, error) {
	out, err := helper.CombinedOutput(ctx, helper.Quick, exec.Command(bin, "-v"))
	if ctx.Err() != nil {
		return "", ctx.Err()
	}
	if out = bytes.TrimSpace(out); err != nil && len(out) > 0 {
		return "", fmt.Errorf("%s -v: %w: %s", bin, err, out)
	}
	if err != nil {
		return "", fmt.Errorf("%s -v: %w", bin, err)
	}
	s := strings.TrimSpace(string(out))
	return strings.TrimPrefix(s, "nginx version: "), nil
}

const nginxConf = `# written by Benchtop for one run; removed when the run ends
daemon off;
master_process on;
worker_processes 1;
{{if .User}}user {{.User}} {{.Group}};
{{end}}pid {{q .Dir "nginx.pid"}};
error_log {{q .Dir "error.log"}} warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path {{q .Dir "client_body"}};
    proxy_temp_path {{q .Dir "proxy"}};
    fastcgi_temp_path {{q .Dir "fastcgi"}};
    uwsgi_temp_path {{q .Dir "uwsgi"}};
    scgi_temp_path {{q .Dir "scgi"}};
    upstream app {
        server {{q .Upstream ""}};
{{if .KeepAlive}}        keepalive 32;
{{end}}    }
    server {
        listen {{.Listen}};
        location / {
            proxy_pass http://app;
{{if .KeepAlive}}            proxy_http_version 1.1;
            proxy_set_header Connection "";
{{end}}        }
    }
}
`

// nginxQuote writes a path as an nginx string: quoted, with \ and " escaped,
// so a TMPDIR with spaces, ';' or braces cannot break the config.
func nginxQuote(dir, name string) string {
	p := dir
	if name != "" {
		p = filepath.Join(dir, name)
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(p) + `"`
}

var nginxTemplate = template.Must(template.New("nginx").Funcs(template.FuncMap{"q": nginxQuote}).Parse(nginxConf))

// writeNginxConf writes the config of one run into dir.
func writeNginxConf(dir, listen string, up Upstream) (string, error) {
	data := map[string]any{"Dir": dir, "Listen": listen, "KeepAlive": up.KeepAlive}
	if up.Network == "unix" {
		data["Upstream"] = "unix:" + up.Addr
	} else {
		data["Upstream"] = up.Addr
	}
	// As root, nginx's workers would switch to "nobody", who cannot reach a
	// socket in our 0700 directory: keep them as us.
	if os.Geteuid() == 0 {
		if u, err := user.Current(); err == nil {
			if g, err := user.LookupGroupId(u.Gid); err == nil {
				data["User"], data["Group"] = u.Username, g.Name
			}
		}
	}
	var conf bytes.Buffer
	if err := nginxTemplate.Execute(&conf, data); err != nil {
		return "", fmt.Errorf("nginx: config template: %w", err)
	}
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, conf.Bytes(), 0o600); err != nil {
		return "", fmt.Errorf("nginx: writing config: %w", err)
	}
	return confPath, nil
}

type nginxProxy struct {
	child   *proc.Child
	dir     string
	addr    string
	version string
}

// StartNginx runs real nginx as a child process in front of up. Its config,
// pid file, logs and temp paths live in a private temp directory that Close
// removes; the process and its worker are stopped on Close and when ctx ends.
func StartNginx(ctx context.Context, bin string, up Upstream) (Proxy, error) {
	version, err := nginxVersion(ctx, bin)
	if err != nil {
		return nil, err
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // a free port can be taken between pick and bind
		p, err := startNginxOnce(ctx, bin, up, version)
		if err == nil {
			return p, nil
		}
		lastErr = err
		if !strings.Contains(err.Error(), "Address already in use") {
			break
		}
	}
	return nil, lastErr
}

func startNginxOnce(ctx context.Context, bin string, up Upstream, version string) (*nginxProxy, error) {
	dir, err := proc.MkdirTemp("", "nginx")
	if err != nil {
		return nil, fmt.Errorf("nginx: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			proc.RemoveTemp(dir)
		}
	}()
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	listen := "127.0.0.1:" + strconv.Itoa(port)
	confPath, err := writeNginxConf(dir, listen, up)
	if err != nil {
		return nil, err
	}
	errLog := filepath.Join(dir, "error.log")
	cmd := exec.Command(bin, "-p", dir, "-c", confPath, "-e", errLog)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	// Its own process group (one signal reaches the workers too) and, on
	// Linux, SIGTERM when Benchtop dies: the master then stops its workers.
	child, err := proc.Start(cmd, syscall.SIGTERM)
	if err != nil {
		return nil, fmt.Errorf("nginx: starting %s: %w", bin, err)
	}
	if err := child.Record(dir); err != nil { // for Reap where no death signal exists
		child.Stop(syscall.SIGKILL, 0)
		return nil, fmt.Errorf("nginx: %w", err)
	}
	p := &nginxProxy{child: child, dir: dir, addr: listen, version: version}

	// Ready when the port accepts connections; failed when nginx exits.
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-child.Exited():
			log, _ := os.ReadFile(errLog)
			return nil, fmt.Errorf("nginx failed to start (%v): %s", child.Err(), strings.TrimSpace(string(log)+" "+stderr.String()))
		case <-ctx.Done():
			p.kill()
			return nil, ctx.Err()
		default:
		}
		c, err := net.DialTimeout("tcp", p.addr, 100*time.Millisecond)
		if err == nil {
			c.Close()
			ok = true
			return p, nil
		}
		if time.Now().After(deadline) {
			p.kill()
			log, _ := os.ReadFile(errLog)
			return nil, fmt.Errorf("nginx did not listen on %s within 10 s: %s", p.addr, strings.TrimSpace(string(log)))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (p *nginxProxy) Addr() string { return p.addr }
func (p *nginxProxy) Name() string { return p.version }

// Close stops nginx gracefully (SIGQUIT), then its whole process group by
// force, and removes its directory.
func (p *nginxProxy) Close() error {
	p.child.Stop(syscall.SIGQUIT, 3*time.Second)
	return os.RemoveAll(p.dir)
}

func (p *nginxProxy) kill() { p.child.Stop(syscall.SIGKILL, 0) }

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("no free loopback port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
