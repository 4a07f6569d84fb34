package ui

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"

	"benchtop/assets"
	"benchtop/devices/inventory"
	"benchtop/devices/midi"
	"benchtop/devices/midi/rtmidi"
	"benchtop/internal/measure/results"
	_ "benchtop/ui/localefix" // before Fyne initialises: see the package doc
)

var defaultSize = fyne.NewSize(1100, 720)

// Options configure the window.
type Options struct {
	Version  string
	StartTab TabID // "" means the last tab used
	// Store keeps finished runs; nil keeps none (tests may pass a temp one).
	Store *results.Store
	// Scanner lists devices; nil means this machine (tests pass fixtures).
	Scanner *inventory.Scanner
	// MIDI is the program's one MIDI backend; nil means RtMidi (tests
	// pass gomidi's testdrv through midi.Fixed).
	MIDI *midi.Backend
	// StatePath is the file that remembers size, tab and theme; "" keeps
	// them in memory only.
	StatePath string
	// BenchMIDI, "RATE,SECONDS" (make bench-gui), feeds the Live tab RATE
	// note messages a second for SECONDS, prints the key-to-pixel summary
	// to stderr and quits.
	BenchMIDI string
	// Open are files to open once the window shows, each in its tab, as if
	// dropped on it: a file manager's "Open with Benchtop".
	Open []string
}

// window is the main window and what its tabs share.
type window struct {
	App   fyne.App
	Win   fyne.Window
	Tabs  *container.AppTabs
	opts  Options
	state *stateStore
	// tab holds each tab's controller.
	tab tabControllers
	// shownHooks are told when their tab is shown or hidden: a hidden
	// tab does no work.
	shownHooks map[TabID][]func(shown bool)

	// ctx is cancelled when the window closes: every job of run stops.
	ctx    context.Context
	cancel context.CancelFunc

	mu       sync.Mutex
	stoppers []func()
	runs     sync.WaitGroup
}

// run starts work in the background with a context the window cancels
// when it closes, and returns that context's cancel (for a Stop button).
// The window waits for every job to return (after cancelling it) before
// the process exits, so its cleanup happens; a job that ends is forgotten.
func (w *window) run(work func(ctx context.Context)) context.CancelFunc {
	ctx, cancel := context.WithCancel(w.ctx)
	w.runs.Add(1)
	go func() {
		defer w.runs.Done()
		defer cancel()
		work(ctx)
	}()
	return cancel
}

// waitRuns waits up to 15 s for cancelled jobs to clean up.
func (w *window) waitRuns() {
	done := make(chan struct{})
	go func() {
		w.runs.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
	}
}

// stopOnQuit registers what to stop when the window closes that is not a
// job of run (followed ports, watchers), so nothing outlives the window.
func (w *window) stopOnQuit(stop func()) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stoppers = append(w.stoppers, stop)
}

// stopAll cancels every job and stopper (the window closes).
func (w *window) stopAll() {
	w.cancel()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, stop := range w.stoppers {
		stop()
	}
	w.stoppers = nil
}

// Run opens the window and blocks until it closes or ctx is cancelled.
func Run(ctx context.Context, opts Options) error {
	// No app ID on purpose: with one, Fyne 2.7 keeps a preferences file it
	// watches and rewrites non-atomically, and a start can read it empty
	// ("Preferences load error: EOF"). Benchtop keeps its own state file
	// (state.go) and uses no other Fyne storage.
	a := fyneapp.New()
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	w := build(a, opts)
	// Ctrl-C or SIGTERM: remember the size, then quit like the close button.
	stop := context.AfterFunc(ctx, func() {
		doUI(func() {
			w.saveSize()
			a.Quit()
		})
	})
	defer stop()
	if len(opts.Open) > 0 {
		// queued from another goroutine: it runs once the window is up,
		// where an error can be shown
		go doUI(func() { w.openAll(opts.Open) })
	}
	w.Win.ShowAndRun()
	// Fyne catches SIGINT/SIGTERM itself and may quit before the function
	// above runs: remember the size here too (the canvas keeps it).
	w.saveSize()
	w.stopAll() // cancel runs in flight; their cleanup (nginx, sockets) runs before exit
	w.waitRuns()
	return nil
}

// build makes the main window on app a without showing it. Tests call it
// with fyne.io/fyne/v2/test's app.
func build(a fyne.App, opts Options) *window {
	if opts.MIDI == nil {
		opts.MIDI = midi.NewBackend(rtmidi.Open)
	}
	w := &window{App: a, opts: opts, shownHooks: map[TabID][]func(bool){}, state: loadState(opts.StatePath)}
	st := w.state.get()
	w.ctx, w.cancel = context.WithCancel(context.Background())
	w.Win = a.NewWindow("Benchtop")
	w.Win.SetIcon(fyne.NewStaticResource("icon.png", assets.IconPNG))
	applyTheme(a, st.Theme)

	specs := tabSpecs()
	items := make([]*container.TabItem, len(specs))
	for i, s := range specs {
		items[i] = newTabItem(s.title, s.build(w))
	}
	w.Tabs = container.NewAppTabs(items...)
	w.Tabs.SetTabLocation(container.TabLocationTop)
	w.selectTab(startTab(opts.StartTab, st.LastTab))
	w.state.update(func(s *windowState) { s.LastTab = w.shownTab() })
	w.Tabs.OnSelected = func(*container.TabItem) {
		id := w.shownTab()
		w.state.update(func(s *windowState) { s.LastTab = id })
		w.notifyShown()
	}
	w.notifyShown()
	w.Win.SetContent(w.Tabs)
	w.Win.SetMainMenu(w.mainMenu())
	w.Win.SetOnDropped(w.dropped)

	size := defaultSize
	if st.Width >= 200 && st.Height >= 150 {
		size = fyne.NewSize(st.Width, st.Height)
	}
	w.Win.Resize(size)
	w.Win.SetCloseIntercept(func() {
		w.saveSize()
		w.stopAll()
		w.Win.Close()
	})
	w.addShortcuts()
	return w
}

// saveSize remembers the window size and the tab shown for the next start.
func (w *window) saveSize() {
	s := w.Win.Canvas().Size()
	id := w.shownTab()
	w.state.update(func(st *windowState) {
		if id != "" {
			st.LastTab = id
		}
		if s.Width >= 200 && s.Height >= 150 { // minimised or not laid out: keep the old size
			st.Width, st.Height = s.Width, s.Height
		}
	})
}

// startTab is the tab to open on: the one asked for, else the last one
// shown, else the first.
func startTab(asked, last TabID) TabID {
	for _, id := range []TabID{asked, last} {
		if tabIndex(id) >= 0 {
			return id
		}
	}
	return tabSpecs()[0].id
}
