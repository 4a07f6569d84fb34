package results

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"benchtop/internal/files"
)

// Store keeps finished runs as JSON files in one directory (the app's
// storage; `benchtop` uses <user config dir>/benchtop/runs).
//
// A run is found by the ID inside its file, never by a path built from
// it: a shared run file may carry any ID ("../elsewhere"), and a copied
// one the ID of another. Only Save names a file after an ID, one of ours.
type Store struct {
	Dir string
	// Owned says the directory is Benchtop's own (DefaultStore): Save
	// makes it private (0700) even if it exists. A directory the user
	// named (BENCHTOP_RUNS) keeps its mode; only one Save creates is 0700.
	Owned bool
}

// DefaultStore is the store under the user's config directory.
func DefaultStore() (*Store, error) {
	d, err := os.UserConfigDir()
	if err != nil {
		return nil, fmt.Errorf("no place for saved runs: %w", err)
	}
	return &Store{Dir: filepath.Join(d, "benchtop", "runs"), Owned: true}, nil
}

// Meta is what a list of saved runs shows.
type Meta struct {
	ID, Kind, Title string
	Started         string
	Groups          []string
	Path            string
}

// path is the file named after id in the store's directory, if id can
// name one there (a plain file name: no separator, not "." or "..").
func (s *Store) path(id string) (string, bool) {
	name := id + ".json"
	if id == "" || strings.ContainsAny(id, `/\`+"\x00") || !filepath.IsLocal(name) || filepath.Base(name) != name {
		return "", false
	}
	return filepath.Join(s.Dir, name), true
}

// Save writes the run; it replaces a run with the same ID.
func (s *Store) Save(r *Run) error {
	p, ok := s.path(r.ID)
	if !ok {
		return fmt.Errorf("run id %q cannot name a file", r.ID)
	}
	// Runs can name hosts, tables and accounts: private to the user.
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("saving run: %w", err)
	}
	if s.Owned { // Benchtop's own directory, made by an older Benchtop
		if err := os.Chmod(s.Dir, 0o700); err != nil {
			return fmt.Errorf("saving run: %w", err)
		}
	}
	return files.WriteAtomic(p, r.WriteJSON)
}

// Load reads a saved run by ID: the file named after it if that holds
// this ID, else the first file in the directory that does.
func (s *Store) Load(id string) (*Run, error) {
	if p, ok := s.path(id); ok {
		if r, err := LoadFile(p); err == nil && r.ID == id {
			return r, nil
		}
	}
	metas, err := s.List("")
	if err != nil {
		return nil, err
	}
	for _, m := range metas {
		if m.ID == id {
			return LoadFile(m.Path)
		}
	}
	return nil, fmt.Errorf("no saved run %q", id)
}

// MaxRunSize bounds a run file (a million samples is about 200 MB).
const MaxRunSize = 1 << 30

// LoadFile reads a run from any JSON file (a regular file only: a FIFO or
// a device is refused at once).
func LoadFile(path string) (*Run, error) {
	f, err := files.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := ReadJSON(io.LimitReader(f, MaxRunSize))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return r, nil
}

// Delete removes a saved run: every file in the directory that holds a
// run of this ID (copies of one run under two names go together). Nothing
// outside the directory is touched, whatever the ID says.
func (s *Store) Delete(id string) error {
	metas, err := s.List("")
	if err != nil {
		return err
	}
	var errs []error
	found := false
	for _, m := range metas {
		if m.ID != id {
			continue
		}
		found = true
		if err := os.Remove(m.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if !found {
		return fmt.Errorf("no saved run %q", id)
	}
	return errors.Join(errs...)
}

// List returns the saved runs of a kind ("" for all), newest first. Files
// that are not runs are skipped.
func (s *Store) List(kind string) ([]Meta, error) {
	ents, err := os.ReadDir(s.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Meta
	for _, e := range ents {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		p := filepath.Join(s.Dir, e.Name())
		m, err := readMeta(p)
		if err != nil || (kind != "" && m.Kind != kind) {
			continue
		}
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Started > out[j].Started })
	return out, nil
}

// readMeta decodes a run file without keeping its samples.
func readMeta(p string) (Meta, error) {
	r, err := LoadFile(p) // regular files only: a FIFO dropped in the directory cannot hang a listing
	if err != nil {
		return Meta{}, err
	}
	m := Meta{ID: r.ID, Kind: r.Kind, Title: r.Title, Started: r.Started.Format("2006-01-02 15:04:05"), Path: p}
	for _, g := range r.Groups {
		m.Groups = append(m.Groups, g.Name)
	}
	return m, nil
}
