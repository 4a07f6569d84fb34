package stack

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"benchtop/internal/testenv"
)

func TestAppAnswersTheOriginalJSON(t *testing.T) {
	tmp := testenv.PrivateTmp(t)
	sock := filepath.Join(tmp, "app.sock")
	a, err := StartApp(true, sock)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + a.TCPAddr + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var v struct {
		Hello  string  `json:"hello"`
		UTCNow string  `json:"utcnow"`
		Random float64 `json:"random"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	ts, err := time.Parse("2006-01-02T15:04:05.000000", v.UTCNow)
	if v.Hello != "world" || err != nil || time.Since(ts) > time.Minute || v.Random < 0 || v.Random >= 1 {
		t.Fatalf("body %s", body)
	}
	if resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("content type %q", resp.Header.Get("Content-Type"))
	}
	// and over the socket
	c, err := net.Dial("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fmt.Fprint(c, "GET / HTTP/1.0\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(c)
	c.Close()
	if !strings.Contains(string(b), `"hello": "world"`) {
		t.Fatalf("unix socket answer %q", b)
	}
	a.Close()
	testenv.EmptyDir(t, tmp) // the socket file is gone
}

// A port in use is no problem for the app (it picks its own), but a
// socket path that cannot be created is named.
func TestAppNamesASocketPathItCannotUse(t *testing.T) {
	if _, err := StartApp(false, "/proc/benchtop.sock"); err == nil || !strings.Contains(err.Error(), "/proc/benchtop.sock") {
		t.Fatalf("unwritable socket path: %v", err)
	}
	busy, _ := net.Listen("unix", filepath.Join(t.TempDir(), "busy.sock"))
	defer busy.Close()
	if _, err := StartApp(false, busy.Addr().String()); err == nil || !strings.Contains(err.Error(), "address already in use") {
		t.Fatalf("socket path in use: %v", err)
	}
}
