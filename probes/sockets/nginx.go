package sockets

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

// NginxVersion runs `nginx -v` ("nginx version: nginx/1.22.1" → "nginx/1.22.1").
func NginxVersion(bin string) (string, error) {
	out, err := exec.Command(bin, "-v").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("%s -v: %v: %s", bin, err, bytes.TrimSpace(out))
	}
	s := strings.TrimSpace(string(out))
	return strings.TrimPrefix(s, "nginx version: "), nil
}

const nginxConf = `# written by Benchtop for one run; removed when the run ends
daemon off;
master_process on;
worker_processes 1;
{{if .User}}user {{.User}} {{.Group}};
{{end}}pid {{.Dir}}/nginx.pid;
error_log {{.Dir}}/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path {{.Dir}}/client_body;
    proxy_temp_path {{.Dir}}/proxy;
    fastcgi_temp_path {{.Dir}}/fastcgi;
    uwsgi_temp_path {{.Dir}}/uwsgi;
    scgi_temp_path {{.Dir}}/scgi;
    upstream app {
        server {{.Upstream}};
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

type nginxProxy struct {
	cmd     *exec.Cmd
	dir     string
	addr    string
	version string
	exited  chan error
}

// StartNginx runs real nginx as a child process in front of up. Its config,
// pid file, logs and temp paths live in a private temp directory that Close
// removes; the process and its worker are stopped on Close and when ctx ends.
func StartNginx(ctx context.Context, bin string, up Upstream) (Proxy, error) {
	version, err := NginxVersion(bin)
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
	dir, err := os.MkdirTemp("", "benchtop-nginx-")
	if err != nil {
		return nil, fmt.Errorf("nginx: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(dir)
		}
	}()
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	data := map[string]any{"Dir": dir, "Listen": "127.0.0.1:" + strconv.Itoa(port), "KeepAlive": up.KeepAlive}
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
	template.Must(template.New("nginx").Parse(nginxConf)).Execute(&conf, data)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, conf.Bytes(), 0o600); err != nil {
		return nil, fmt.Errorf("nginx: writing config: %w", err)
	}
	errLog := filepath.Join(dir, "error.log")
	cmd := exec.Command(bin, "-p", dir, "-c", confPath, "-e", errLog)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // one signal reaches the workers too
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("nginx: starting %s: %w", bin, err)
	}
	p := &nginxProxy{cmd: cmd, dir: dir, addr: data["Listen"].(string), version: version, exited: make(chan error, 1)}
	go func() { p.exited <- cmd.Wait() }()

	// Ready when the port accepts connections; failed when nginx exits.
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-p.exited:
			p.exited <- err
			log, _ := os.ReadFile(errLog)
			return nil, fmt.Errorf("nginx failed to start (%v): %s", err, strings.TrimSpace(string(log)+" "+stderr.String()))
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

// Close stops nginx gracefully (SIGQUIT), then by force, and removes its
// directory.
func (p *nginxProxy) Close() error {
	syscall.Kill(-p.cmd.Process.Pid, syscall.SIGQUIT)
	select {
	case <-p.exited:
	case <-time.After(3 * time.Second):
		p.kill()
	}
	// workers are in the same process group: make sure none is left
	syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	return os.RemoveAll(p.dir)
}

func (p *nginxProxy) kill() {
	syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
	<-p.exited
	p.exited <- nil
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("no free loopback port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
