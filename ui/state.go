package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"

	"benchtop/internal/files"
)

// windowState is what the window remembers between starts. It lives in a
// small JSON file of its own, written atomically, rather than in Fyne's
// preferences: Fyne 2.7 watches its preferences file and can reload it
// while it is being rewritten, wiping what was just set (seen as a lost
// last tab and "Preferences load error: EOF").
type windowState struct {
	Width  float32 `json:"width,omitempty"`
	Height float32 `json:"height,omitempty"`
	// LastTab is the tab shown last, by name so that a new tab or a new
	// order keeps it (files that kept its index as "last_tab" open on the
	// first tab once).
	LastTab TabID  `json:"tab,omitempty"`
	Theme   string `json:"theme,omitempty"`
	// Recent are the files opened last, newest first (File → Open Recent).
	Recent []string `json:"recent,omitempty"`
}

type stateStore struct {
	path string // "" keeps the state in memory only (tests)
	mu   sync.Mutex
	st   windowState
}

// DefaultStatePath is where the window state lives for a user.
func DefaultStatePath() string {
	d, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "benchtop", "window.json")
}

func loadState(path string) *stateStore {
	s := &stateStore{path: path}
	if path == "" {
		return s
	}
	if b, err := os.ReadFile(path); err == nil {
		json.Unmarshal(b, &s.st) // a damaged file means defaults
	}
	return s
}

func (s *stateStore) get() windowState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st
}

// update changes the state and writes it; a failure to write only loses
// the memory of the window, so it is not an error for the user.
func (s *stateStore) update(f func(*windowState)) {
	s.mu.Lock()
	f(&s.st)
	st := s.st
	s.mu.Unlock()
	if s.path == "" {
		return
	}
	b, _ := json.MarshalIndent(st, "", "  ")
	os.MkdirAll(filepath.Dir(s.path), 0o755)
	files.WriteAtomicBytes(s.path, b)
}
