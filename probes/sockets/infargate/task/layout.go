package task

import (
	"fmt"
	"strconv"
	"strings"
)

// Layout is where the task's containers meet: the volume both the proxy and
// the app mount (the original's "sharedvolume"), and the loopback ports of
// the app and of nginx's two fronts (to the app's TCP port and to its Unix
// socket).
type Layout struct {
	Shared        string // the volume's mount point; the app's socket is Shared/app.sock
	AppPort       int    // the app's TCP port on 127.0.0.1
	ProxyTCPPort  int    // nginx → 127.0.0.1:AppPort ("tcp")
	ProxyUnixPort int    // nginx → unix:Shared/app.sock ("sharedvolume")
}

// DefaultLayout is the task's.
func DefaultLayout() Layout {
	return Layout{Shared: "/shared", AppPort: 8000, ProxyTCPPort: 8080, ProxyUnixPort: 8081}
}

// Environment variable names of the contract.
const (
	EnvShared    = "BENCHTOP_SHARED"
	EnvAppPort   = "BENCHTOP_APP_PORT"
	EnvProxyTCP  = "BENCHTOP_PROXY_TCP_PORT"
	EnvProxyUnix = "BENCHTOP_PROXY_UNIX_PORT"
	EnvNginxConf = "BENCHTOP_NGINX_CONF"
	EnvBench     = "BENCHTOP_BENCH"
)

// Socket is the app's Unix socket on the shared volume.
func (l Layout) Socket() string { return strings.TrimSuffix(l.Shared, "/") + "/app.sock" }

// Env is the layout as environment variables (every container gets them).
func (l Layout) Env() map[string]string {
	return map[string]string{EnvShared: l.Shared, EnvAppPort: strconv.Itoa(l.AppPort),
		EnvProxyTCP: strconv.Itoa(l.ProxyTCPPort), EnvProxyUnix: strconv.Itoa(l.ProxyUnixPort)}
}

// LayoutFromEnv reads the layout back inside a container.
func LayoutFromEnv(getenv func(string) string) (Layout, error) {
	l := Layout{Shared: getenv(EnvShared)}
	if l.Shared == "" {
		return l, fmt.Errorf("%s is not set: the shared volume's mount point", EnvShared)
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{EnvAppPort, &l.AppPort}, {EnvProxyTCP, &l.ProxyTCPPort}, {EnvProxyUnix, &l.ProxyUnixPort}} {
		v, err := strconv.Atoi(getenv(p.name))
		if err != nil || v < 1 || v > 65535 {
			return l, fmt.Errorf("%s=%q is not a port", p.name, getenv(p.name))
		}
		*p.dst = v
	}
	return l, nil
}

// NginxCommand is the nginx container's command (run by sh -c): it writes
// the configuration from the environment onto the shared volume and runs
// nginx in the foreground. The official image needs nothing else.
const NginxCommand = `printf '%s' "$` + EnvNginxConf + `" > "$` + EnvShared + `/nginx.conf" && exec nginx -e stderr -c "$` + EnvShared + `/nginx.conf"`

// NginxConf is nginx's configuration: two servers on loopback, one in
// front of the app's TCP port and one in front of its Unix socket.
// Workers run as root: in the container the socket belongs to root, and
// the container is the boundary. upstreamKeepAlive reuses the proxy's
// connections to the app (nginx's default is off, like the original).
func (l Layout) NginxConf(upstreamKeepAlive bool) string {
	ka := ""
	if upstreamKeepAlive {
		ka = "            proxy_http_version 1.1;\n            proxy_set_header Connection \"\";\n"
	}
	sh := strings.TrimSuffix(l.Shared, "/")
	server := func(port int, upstream string) string {
		return fmt.Sprintf("    server {\n        listen 127.0.0.1:%d;\n        location / {\n            proxy_pass http://%s;\n%s        }\n    }\n", port, upstream, ka)
	}
	return "user root;\ndaemon off;\nworker_processes 1;\npid " + sh + "/nginx.pid;\nerror_log stderr warn;\n" +
		"events { worker_connections 1024; }\nhttp {\n    access_log off;\n" +
		"    client_body_temp_path " + sh + "/nginx-body;\n    proxy_temp_path " + sh + "/nginx-proxy;\n" +
		"    fastcgi_temp_path " + sh + "/nginx-fastcgi;\n    uwsgi_temp_path " + sh + "/nginx-uwsgi;\n    scgi_temp_path " + sh + "/nginx-scgi;\n" +
		server(l.ProxyTCPPort, fmt.Sprintf("127.0.0.1:%d", l.AppPort)) + server(l.ProxyUnixPort, "unix:"+l.Socket()+":") + "}\n"
}
