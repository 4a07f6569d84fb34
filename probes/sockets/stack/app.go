package stack

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"

	"benchtop/internal/neterr"
)

// App is the application under test: it answers every request with the same
// JSON as the original experiment's Starlette app,
// {"hello": "world", "utcnow": <ISO time>, "random": <float>}.
type App struct {
	srv       *http.Server
	listeners []net.Listener
	TCPAddr   string // host:port, when listening on TCP
	UnixPath  string // socket path, when listening on a Unix socket
	wg        sync.WaitGroup
}

// appHandler writes the JSON body with no allocation beyond the buffer.
func appHandler(w http.ResponseWriter, _ *http.Request) {
	b := make([]byte, 0, 96)
	b = append(b, `{"hello": "world", "utcnow": "`...)
	b = time.Now().UTC().AppendFormat(b, "2006-01-02T15:04:05.000000")
	b = append(b, `", "random": `...)
	b = strconv.AppendFloat(b, rand.Float64(), 'f', -1, 64)
	b = append(b, '}')
	h := w.Header()
	h["Content-Type"] = []string{"application/json"}
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	_, _ = w.Write(b) // a client that hung up sees its own error
}

// StartApp listens on TCP loopback (tcp true: 127.0.0.1, a free port) and/or
// on the Unix socket unixPath ("" for none), and serves until Close.
func StartApp(tcp bool, unixPath string) (*App, error) {
	a := &App{srv: &http.Server{Handler: http.HandlerFunc(appHandler), ReadHeaderTimeout: 10 * time.Second}}
	if tcp {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("app: listening on TCP loopback: %w", err)
		}
		a.listeners = append(a.listeners, l)
		a.TCPAddr = l.Addr().String()
	}
	if unixPath != "" {
		l, err := listenUnix(unixPath)
		if err != nil {
			a.Close()
			return nil, fmt.Errorf("app: %w", err)
		}
		a.listeners = append(a.listeners, l)
		a.UnixPath = unixPath
	}
	if len(a.listeners) == 0 {
		return nil, errors.New("app: nothing to listen on")
	}
	for _, l := range a.listeners {
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			// http.ErrServerClosed at Close; a listener that fails
			// before shows as the load's connection errors
			_ = a.srv.Serve(l)
		}()
	}
	return a, nil
}

// ServeApp runs the app on the given listener until ctx is done (for
// `benchtop sockets serve`, which peers such as wrk and ab measure).
func ServeApp(ctx context.Context, l net.Listener) error {
	srv := &http.Server{Handler: http.HandlerFunc(appHandler), ReadHeaderTimeout: 10 * time.Second}
	stop := context.AfterFunc(ctx, func() { srv.Close() })
	defer stop()
	err := srv.Serve(l)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// listenUnix listens on path, with a clear message when the directory is
// not writable or the path is taken. A stale socket file is not removed:
// it may be somebody else's.
func listenUnix(path string) (net.Listener, error) {
	l, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on Unix socket %s: %w", path, neterr.Cause(err))
	}
	// nginx's workers may run as another user: let them connect.
	if err := os.Chmod(path, 0o666); err != nil {
		l.Close()
		return nil, fmt.Errorf("cannot open Unix socket %s to other users: %w", path, err)
	}
	return l, nil
}

// Close stops the app and removes its socket file.
func (a *App) Close() error {
	a.srv.Close()
	for _, l := range a.listeners {
		l.Close()
	}
	a.wg.Wait()
	if a.UnixPath != "" {
		return removeSocket(a.UnixPath)
	}
	return nil
}

// removeSocket removes a socket file; one already gone (Go's UnixListener
// unlinks its own at Close) is no error.
func removeSocket(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
