package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"benchtop/internal/testenv"
	"benchtop/ui"
)

// TestWindowSmoke starts the real binary under a real X server (Xvfb), waits
// for the "Benchtop" window, screenshots it, checks the picture is a window
// and not a blank screen, and closes the app with SIGTERM (exit code 0).
// It runs once per tab. The screenshots are kept in build/artifacts/.
func TestWindowSmoke(t *testing.T) {
	for _, tool := range []string{"Xvfb", "xwininfo", "import"} {
		_, err := exec.LookPath(tool)
		testenv.Need(t, tool, err)
	}
	bin := binary(t)
	display := startXvfb(t)
	config := t.TempDir() // the app's preferences land here, not in $HOME
	artifacts := filepath.Join("..", "build", "artifacts")
	if err := os.MkdirAll(artifacts, 0o755); err != nil {
		t.Fatal(err)
	}

	shots := map[string]image.Image{}
	for _, tab := range ui.TabNames() {
		t.Run(tab, func(t *testing.T) {
			cmd := exec.Command(bin, "--tab", tab)
			cmd.Env = append(os.Environ(), "DISPLAY="+display, "XDG_CONFIG_HOME="+config, "HOME="+config)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			defer func() {
				if cmd.ProcessState == nil {
					cmd.Process.Kill()
					<-done
				}
			}()
			waitForWindow(t, display, "Benchtop", done, &out)
			// The first frames: screenshots until one shows a drawn window (a
			// loaded machine can take seconds to paint the first frame).
			shot := filepath.Join(artifacts, "smoke-"+tab+".png")
			var img image.Image
			// a poll: the app (a real process) paints when it is ready
			for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(300 * time.Millisecond) {
				if b, err := exec.Command("import", "-display", display, "-window", "root", shot).CombinedOutput(); err != nil {
					t.Fatalf("import: %v: %s", err, b)
				}
				img = decodePNG(t, shot)
				err := blank(img)
				if err == nil {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal(err)
				}
			}
			time.Sleep(500 * time.Millisecond) // the app's (a real process) frames after the first, then the picture kept
			if b, err := exec.Command("import", "-display", display, "-window", "root", shot).CombinedOutput(); err != nil {
				t.Fatalf("import: %v: %s", err, b)
			}
			img = decodePNG(t, shot)
			if err := blank(img); err != nil {
				t.Fatal(err)
			}
			shots[tab] = img

			cmd.Process.Signal(syscall.SIGTERM)
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("app did not exit cleanly on SIGTERM: %v\n%s", err, out.String())
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("app still running 10 s after SIGTERM\n%s", out.String())
			}
			if strings.Contains(out.String(), "panic") || strings.Contains(out.String(), "Fyne error") {
				t.Fatalf("app logged errors:\n%s", out.String())
			}
		})
	}
	// Different tabs draw different pictures.
	if len(shots) == len(ui.TabNames()) && sameImage(shots[string(ui.TabDevices)], shots[string(ui.TabSockets)]) {
		t.Fatal("the Devices and Sockets screenshots are identical: --tab did not switch")
	}
	// The last tab shown and the size were remembered.
	state, err := os.ReadFile(filepath.Join(config, "benchtop", "window.json"))
	if err != nil {
		t.Fatalf("window state was not saved: %v", err)
	}
	var st map[string]any
	last := ui.TabNames()[len(ui.TabNames())-1]
	if err := json.Unmarshal(state, &st); err != nil || st["tab"] != last || st["width"] == nil {
		t.Fatalf("window state %s: want tab %q and a size", state, last)
	}
}

// binary returns the benchtop binary: $BENCHTOP_BIN (make test builds it) or
// a fresh build.
func binary(t *testing.T) string {
	if b := os.Getenv("BENCHTOP_BIN"); b != "" {
		if _, err := os.Stat(b); err != nil {
			t.Fatalf("BENCHTOP_BIN: %v", err)
		}
		return b
	}
	out := filepath.Join(t.TempDir(), "benchtop")
	b, err := exec.Command("go", "build", "-tags", "no_animations migrated_fynedo", "-o", out, "..").CombinedOutput() // as make build
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return out
}

// startXvfb starts a private X server on a free display number and returns
// its name once a client can connect.
func startXvfb(t *testing.T) string {
	n := 90
	for ; n < 400; n++ {
		_, e1 := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n))
		_, e2 := os.Stat(fmt.Sprintf("/tmp/.X11-unix/X%d", n))
		if os.IsNotExist(e1) && os.IsNotExist(e2) {
			break
		}
	}
	display := fmt.Sprintf(":%d", n)
	logPath := filepath.Join(t.TempDir(), "xvfb.log")
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	// -noreset: without it Xvfb resets when its last client leaves, and the
	// next app start can hit the display while it is down.
	cmd := exec.Command("Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp", "-noreset")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		<-exited
		logf.Close()
	})
	deadline := time.Now().Add(20 * time.Second)
	for exec.Command("xwininfo", "-display", display, "-root").Run() != nil {
		select {
		case <-exited:
			b, _ := os.ReadFile(logPath)
			t.Fatalf("Xvfb %s exited:\n%s", display, b)
		default:
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(logPath)
			t.Fatalf("Xvfb on %s accepts no clients after 20 s:\n%s", display, b)
		}
		time.Sleep(100 * time.Millisecond) // a poll: Xvfb (a real process) takes clients when it is ready
	}
	return display
}

func waitForWindow(t *testing.T, display, title string, exited chan error, out *bytes.Buffer) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("app exited before its window appeared: %v\n%s", err, out.String())
		default:
		}
		b, _ := exec.Command("xwininfo", "-display", display, "-root", "-tree").Output()
		if strings.Contains(string(b), fmt.Sprintf("%q", title)) {
			return
		}
		time.Sleep(200 * time.Millisecond) // a poll: the app (a real process) maps its window when it is ready
	}
	t.Fatalf("no window titled %q after 30 s\n%s", title, out.String())
}

func decodePNG(t *testing.T, path string) image.Image {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// blank: a drawn window has many colours (anti-aliased text) and a
// region that differs from Xvfb's black root.
// blank says why img does not look like a drawn window, or nil.
func blank(img image.Image) error {
	colours := map[[3]uint32]bool{}
	nonBlack := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			if r+g+bl > 0x300 {
				nonBlack++
			}
		}
	}
	total := (b.Dx() / 2) * (b.Dy() / 2)
	if len(colours) < 16 || nonBlack < total/4 {
		return fmt.Errorf("screenshot looks blank: %d colours, %d of %d sampled pixels drawn", len(colours), nonBlack, total)
	}
	return nil
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}
