package task

import (
	"fmt"
	"os"
	"path/filepath"

	"benchtop/probes/sockets"
	"benchtop/probes/sockets/stack"
)

// With --app starlette the app container is a public Python image that
// installs the original's stack at start and serves stack.StarletteApp
// under gunicorn, bound to the same socket and port as the Go app.
const (
	EnvStarletteApp = "BENCHTOP_STARLETTE_APP" // app.py
	EnvGunicornConf = "BENCHTOP_GUNICORN_CONF" // gunicorn.conf.py
	EnvPipInstall   = "BENCHTOP_PIP_INSTALL"   // what pip installs when the image lacks the stack
	starletteSubdir = "starlette"              // on the shared volume: app.py, gunicorn.conf.py, versions
	versionsFile    = "versions"               // stack.StarletteVersions's line, for the client
)

// StarlettePackages are the pinned versions the app container installs
// (pure-Python wheels: the same on ARM64 and X86_64). uvicorn.workers,
// the original's worker class, is deprecated since uvicorn 0.30 but still
// ships in 0.34.
const StarlettePackages = "gunicorn==23.0.0 uvicorn==0.34.0 starlette==1.0.1"

// StarletteCommand is the Starlette app container's command (run by sh
// -c): it writes the app and gunicorn's settings from the environment to
// the shared volume, installs the stack with pip unless the Python there
// already has it (a Debian python3 with python3-starlette does; the
// public image does not: it needs a route to PyPI), writes the versions
// for the client, and runs gunicorn in the foreground.
const StarletteCommand = `set -e; d="$` + EnvShared + `/` + starletteSubdir + `"; mkdir -p "$d"; cd "$d"; ` +
	`printf '%s' "$` + EnvStarletteApp + `" > app.py; printf '%s' "$` + EnvGunicornConf + `" > gunicorn.conf.py; ` +
	`python3 -c 'import gunicorn, uvicorn, starlette' 2>/dev/null || ` +
	`python3 -m pip install --quiet --no-cache-dir --disable-pip-version-check --root-user-action=ignore --only-binary=:all: $` + EnvPipInstall + `; ` +
	`python3 -c '` + stack.StarletteVersions + `' > ` + versionsFile + `; ` +
	`exec python3 -m gunicorn -c gunicorn.conf.py app:app`

// starletteDir is where the app container writes on the shared volume.
func (l Layout) starletteDir() string { return filepath.Join(l.Shared, starletteSubdir) }

// Container is a container's command and environment in the task.
type Container struct {
	EntryPoint []string // empty: the image's
	Command    []string
	Env        map[string]string
}

// AppContainer is the app container for b.App: benchtop-task's "app" (the
// Go app), or StarletteCommand in a Python image, serving the shared
// volume's socket and the app port of loopback either way.
func (l Layout) AppContainer(b Bench) Container {
	env := l.Env()
	if b.App != sockets.AppStarlette {
		return Container{Command: []string{"app"}, Env: env}
	}
	binds := []string{"unix:" + l.Socket(), fmt.Sprintf("127.0.0.1:%d", l.AppPort)}
	env[EnvStarletteApp] = stack.StarletteApp
	env[EnvGunicornConf] = stack.GunicornConf(binds, b.Workers, l.starletteDir())
	env[EnvPipInstall] = StarlettePackages
	return Container{EntryPoint: []string{"sh", "-c"}, Command: []string{StarletteCommand}, Env: env}
}

// appServer names the app container's server for the run, with the
// Starlette stack's versions as the app container wrote them.
func (l Layout) appServer(b Bench) (string, map[string]string) {
	if b.App != sockets.AppStarlette {
		return "Go net/http (app container)", nil
	}
	out, err := os.ReadFile(filepath.Join(l.starletteDir(), versionsFile))
	v, ok := stack.ParseStarletteVersions(string(out))
	if err != nil || !ok {
		return fmt.Sprintf("Starlette on uvicorn workers ×%d, gunicorn (app container; versions unknown)", max(b.Workers, 1)), nil
	}
	return stack.StarletteLabel(v, b.Workers) + " (app container)", v
}
