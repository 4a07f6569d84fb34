package sdkdriver

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"benchtop/internal/helper"
)

//go:embed boto3_driver.py js_driver.cjs js/package.json js/package-lock.json
var scripts embed.FS

// JSSDKVersion is the pinned @aws-sdk/client-dynamodb (js/package.json;
// js/package-lock.json pins everything under it).
const JSSDKVersion = "3.1169.0"

// ErrMissing marks a runtime or SDK that is not installed; its message says
// how to install it.
var ErrMissing = errors.New("not installed")

type missingError struct{ msg string }

func (e *missingError) Error() string { return e.msg }
func (e *missingError) Unwrap() error { return ErrMissing }

// FindPython finds a python3 that imports boto3: $BENCHTOP_PYTHON, python3 on
// PATH, then /usr/bin/python3 (Debian's, with python3-boto3).
func FindPython(ctx context.Context) (string, error) {
	var cands []string
	if p := os.Getenv("BENCHTOP_PYTHON"); p != "" {
		cands = append(cands, p)
	}
	if p, err := exec.LookPath("python3"); err == nil {
		cands = append(cands, p)
	}
	cands = append(cands, "/usr/bin/python3")
	found := ""
	for _, c := range cands {
		if _, err := os.Stat(c); err != nil {
			if _, err := exec.LookPath(c); err != nil {
				continue
			}
		}
		found = c
		// the import probe: a deadline, its own group, dies with Benchtop
		err := helper.Run(ctx, helper.Slow, 0, exec.Command(c, "-c", "import boto3"))
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		if err == nil {
			return c, nil
		}
	}
	if found == "" {
		return "", &missingError{"--sdk python needs python3 with boto3: on Debian/Ubuntu `sudo apt install python3 python3-boto3`; elsewhere install Python 3 and `python3 -m pip install boto3`"}
	}
	return "", &missingError{fmt.Sprintf("--sdk python: %s has no boto3: on Debian/Ubuntu `sudo apt install python3-boto3`, or `%s -m pip install boto3` (or name another interpreter in BENCHTOP_PYTHON)", found, found)}
}

// FindNode finds node on PATH.
func FindNode() (string, error) {
	p, err := exec.LookPath("node")
	if err != nil {
		return "", &missingError{"--sdk js needs Node.js 18 or newer: on Debian/Ubuntu `sudo apt install nodejs npm`; elsewhere see nodejs.org"}
	}
	return p, nil
}

// DataDir is where Benchtop keeps what it installs: $BENCHTOP_DATA, else
// $XDG_DATA_HOME/benchtop or ~/.local/share/benchtop (macOS: Application
// Support, Windows: %LocalAppData%).
func DataDir() (string, error) {
	if d := os.Getenv("BENCHTOP_DATA"); d != "" {
		return d, nil
	}
	switch runtime.GOOS {
	case "darwin", "windows":
		d, err := os.UserConfigDir()
		if err != nil {
			return "", err
		}
		if runtime.GOOS == "windows" {
			if l := os.Getenv("LocalAppData"); l != "" {
				d = l
			}
		}
		return filepath.Join(d, "benchtop"), nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "benchtop"), nil
	}
	h, err := os.UserHomeDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(h, ".local", "share", "benchtop"), nil
}

// JSSDK returns a node_modules directory holding the pinned SDK:
// $BENCHTOP_JS_SDK (a directory with node_modules) if set, else
// DATADIR/sdk-js/VERSION, installed there with `npm ci` from the embedded
// lock file the first time (into a temp directory renamed into place, so
// an interrupted install leaves nothing half-done). say reports progress.
func JSSDK(ctx context.Context, say func(string)) (string, error) {
	if d := os.Getenv("BENCHTOP_JS_SDK"); d != "" {
		nm := filepath.Join(d, "node_modules")
		if err := checkJSSDK(nm); err != nil {
			return "", fmt.Errorf("BENCHTOP_JS_SDK=%s: %w", d, err)
		}
		return nm, nil
	}
	data, err := DataDir()
	if err != nil {
		return "", fmt.Errorf("--sdk js: no data directory to install the SDK into: %w", err)
	}
	dir := filepath.Join(data, "sdk-js", JSSDKVersion)
	nm := filepath.Join(dir, "node_modules")
	if checkJSSDK(nm) == nil {
		return nm, nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", &missingError{"--sdk js installs @aws-sdk/client-dynamodb " + JSSDKVersion + " once with npm, which is missing: on Debian/Ubuntu `sudo apt install npm`"}
	}
	if say != nil {
		say("installing @aws-sdk/client-dynamodb " + JSSDKVersion + " from npm into " + dir + " (once)")
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", fmt.Errorf("--sdk js: %w", err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), ".install-")
	if err != nil {
		return "", fmt.Errorf("--sdk js: %w", err)
	}
	// a failed or stopped install's copy (gone already once renamed into
	// place); one that cannot be removed is only disk: each install makes
	// its own
	defer func() { _ = os.RemoveAll(tmp) }()
	for _, f := range []string{"package.json", "package-lock.json"} {
		b, _ := scripts.ReadFile("js/" + f)
		if err := os.WriteFile(filepath.Join(tmp, f), b, 0o644); err != nil {
			return "", fmt.Errorf("--sdk js: %w", err)
		}
	}
	ictx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ictx, npm, "ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = tmp
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := helper.Run(ictx, 0, 2*time.Second, cmd); err != nil {
		if ctx.Err() != nil {
			return "", fmt.Errorf("--sdk js: installing @aws-sdk/client-dynamodb stopped: %w", ctx.Err()) // Ctrl-C: nothing half-installed stays
		}
		return "", fmt.Errorf("--sdk js: npm ci of @aws-sdk/client-dynamodb %s failed (%v): %s", JSSDKVersion, err, lastLine(out.String()))
	}
	if err := checkJSSDK(filepath.Join(tmp, "node_modules")); err != nil {
		return "", fmt.Errorf("--sdk js: after npm ci: %w", err)
	}
	_ = os.RemoveAll(dir) // a broken earlier copy; if it stays, Rename says so
	if err := os.Rename(tmp, dir); err != nil {
		if checkJSSDK(nm) == nil {
			return nm, nil // another Benchtop installed it meanwhile
		}
		return "", fmt.Errorf("--sdk js: %w", err)
	}
	return nm, nil
}

func checkJSSDK(nm string) error {
	b, err := os.ReadFile(filepath.Join(nm, "@aws-sdk", "client-dynamodb", "package.json"))
	if err != nil {
		return &missingError{"no @aws-sdk/client-dynamodb in " + nm}
	}
	var pj struct{ Version string }
	if json.Unmarshal(b, &pj) != nil || pj.Version == "" {
		return fmt.Errorf("unreadable %s", filepath.Join(nm, "@aws-sdk", "client-dynamodb", "package.json"))
	}
	if _, err := os.Stat(filepath.Join(nm, "@smithy", "node-http-handler", "package.json")); err != nil {
		return &missingError{"no @smithy/node-http-handler in " + nm}
	}
	return nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
