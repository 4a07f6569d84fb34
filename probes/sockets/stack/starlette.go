package stack

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"benchtop/internal/helper"
)

// StarletteApp is the original's app: the same JSON as a Starlette route,
// served by gunicorn with uvicorn workers (here, and in the Fargate task's
// app container).
const StarletteApp = `# written by Benchtop for one run; removed when the run ends
import datetime, random
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route

async def root(request):
    return JSONResponse({"hello": "world", "utcnow": datetime.datetime.utcnow().isoformat(), "random": random.random()})

app = Starlette(routes=[Route("/", root)])
`

const gunicornConf = `# written by Benchtop for one run; removed when the run ends
bind = [%s]
workers = %d
worker_class = "uvicorn.workers.UvicornWorker"
chdir = %q
pidfile = %q
accesslog = None
errorlog = "-"
loglevel = "warning"
umask = 0o000  # nginx's workers must reach the socket
`

// GunicornConf is gunicorn's settings for StarletteApp in dir (app.py
// there): binds are gunicorn's ("unix:PATH", "HOST:PORT"), as many as
// given; the pid file is in dir too.
func GunicornConf(binds []string, workers int, dir string) string {
	q := make([]string, len(binds))
	for i, b := range binds {
		q[i] = fmt.Sprintf("%q", b)
	}
	return fmt.Sprintf(gunicornConf, strings.Join(q, ", "), max(workers, 1), dir, filepath.Join(dir, "gunicorn.pid"))
}

// StarletteVersions is the Python that prints the versions of Python,
// gunicorn, uvicorn and Starlette on one line (no quote in it: it goes
// inside a shell's single quotes); ParseStarletteVersions reads the line.
const StarletteVersions = "import sys, gunicorn, uvicorn, starlette; print(sys.version.split()[0], gunicorn.__version__, uvicorn.__version__, starlette.__version__)"

// ParseStarletteVersions reads StarletteVersions's line.
func ParseStarletteVersions(out string) (map[string]string, bool) {
	f := strings.Fields(out)
	if len(f) != 4 {
		return nil, false
	}
	return map[string]string{"python": f[0], "gunicorn": f[1], "uvicorn": f[2], "starlette": f[3]}, true
}

// StarletteLabel names the stack for a run's app_server.
func StarletteLabel(v map[string]string, workers int) string {
	return fmt.Sprintf("Starlette %s on uvicorn %s workers ×%d, gunicorn %s, Python %s", v["starlette"], v["uvicorn"], max(workers, 1), v["gunicorn"], v["python"])
}

// StarletteInstall is what to install when the stack is missing.
const StarletteInstall = "apt-get install python3-starlette python3-uvicorn gunicorn (Debian/Ubuntu), or pip install starlette uvicorn gunicorn"

// FindStarlette returns a Python that can import gunicorn, uvicorn and
// Starlette, and their versions. Debian's packages live under
// /usr/bin/python3, which may not be the python3 first on the PATH. Each
// probe has a deadline (helper.Slow) and ends with ctx.
func FindStarlette(ctx context.Context) (python string, versions map[string]string, err error) {
	cands := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil && p != "/usr/bin/python3" {
		cands = append(cands, p)
	}
	var last error
	for _, py := range cands {
		out, err := helper.CombinedOutput(ctx, helper.Slow, exec.Command(py, "-c", StarletteVersions))
		if ctx.Err() != nil {
			return "", nil, ctx.Err()
		}
		if errors.Is(err, helper.ErrTimeout) {
			last = err
			continue
		}
		if err != nil {
			last = fmt.Errorf("%s: %s", py, strings.TrimSpace(lastLine(string(out))))
			continue
		}
		if v, ok := ParseStarletteVersions(string(out)); ok {
			return py, v, nil
		}
	}
	if last == nil {
		last = fmt.Errorf("no python3")
	}
	return "", nil, fmt.Errorf("the Starlette app needs Python with gunicorn, uvicorn and Starlette (%v): install them: %s", last, StarletteInstall)
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// startStarlette writes the app and gunicorn's settings into the run's
// private directory and runs gunicorn (in the bridge namespace, if any).
func startStarlette(ctx context.Context, s AppSpec) (AppServer, error) {
	py, v, err := FindStarlette(ctx)
	if err != nil {
		return nil, err
	}
	up, err := s.listenAddr()
	if err != nil {
		return nil, err
	}
	appDir := filepath.Join(s.Dir, "starlette")
	if err := os.MkdirAll(appDir, 0o700); err != nil {
		return nil, err
	}
	bind := up.Addr
	if up.Network == "unix" {
		bind = "unix:" + up.Addr
	}
	conf := filepath.Join(appDir, "gunicorn.conf.py")
	if err := os.WriteFile(filepath.Join(appDir, "app.py"), []byte(StarletteApp), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(conf, []byte(GunicornConf([]string{bind}, s.Workers, appDir)), 0o600); err != nil {
		return nil, err
	}
	args := []string{"-m", "gunicorn", "-c", conf, "app:app"}
	var cmd *exec.Cmd
	if s.Bridge != nil {
		cmd = s.Bridge.command(py, args...)
	} else {
		cmd = exec.Command(py, args...)
	}
	cmd.Dir = appDir
	return startChild(ctx, cmd, up, StarletteLabel(v, s.Workers), appDir, "gunicorn")
}
