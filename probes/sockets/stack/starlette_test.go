package stack

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"benchtop/internal/testenv"
)

func needStarlette(t *testing.T) {
	t.Helper()
	_, _, err := FindStarlette(context.Background())
	testenv.Need(t, "gunicorn + uvicorn + Starlette (python3-starlette python3-uvicorn gunicorn)", err)
}

// The original's app answers the original's JSON, through real nginx,
// over TCP and over a Unix socket.
func TestStarletteBehindNginx(t *testing.T) {
	needStarlette(t)
	bin := needNginx(t)
	tmp := testenv.PrivateTmp(t)
	dir := t.TempDir()
	for _, unix := range []bool{false, true} {
		sock := ""
		if unix {
			sock = dir + "/app.sock"
		}
		app, err := StartAppServer(context.Background(), AppSpec{Starlette: true, Workers: 1, UnixPath: sock, Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(app.Name(), "Starlette") || !strings.Contains(app.Name(), "gunicorn") {
			t.Errorf("name %q", app.Name())
		}
		p, err := StartNginx(context.Background(), bin, app.Upstream())
		if err != nil {
			app.Close()
			t.Fatal(err)
		}
		resp, err := http.Get("http://" + p.Addr() + "/")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var body map[string]any
		if err := json.Unmarshal(b, &body); err != nil || body["hello"] != "world" || body["random"] == nil || body["utcnow"] == nil || resp.StatusCode != 200 {
			t.Fatalf("unix=%v: %d %s", unix, resp.StatusCode, b)
		}
		if _, err := time.Parse("2006-01-02T15:04:05.999999", body["utcnow"].(string)); err != nil {
			t.Errorf("utcnow %v", body["utcnow"])
		}
		p.Close()
		app.Close()
	}
	testenv.EmptyDir(t, tmp)
}
