// Package prefstore keeps the window's preferences (annotator name, theme,
// window size and splits, recent projects, backup interval) in a JSON file
// that is replaced whole, never rewritten in place.
//
// Fyne 2.7.1's own preferences file is truncated (os.Create) and then
// written, and a save its debounce goroutine starts can still be running
// when the process exits after Ctrl+Q: the next launch read an empty file
// ("Preferences load error: EOF") and forgot every preference, the
// annotator's name included (CI caught it as a window that reopened at
// its default size). Here a save writes a temporary file beside the
// preferences, syncs it and renames it over them, so an exit at any
// moment leaves either the old preferences or the new ones.
package prefstore

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/margin-app/margin/internal/safefile"
)

// FileName is the preferences file's name in the app's config directory.
const FileName = "margin-preferences.json"

// saveDelay gathers a burst of changes (the window's layout sets several
// values at once) into one write.
const saveDelay = 300 * time.Millisecond

// Store is a fyne.Preferences saved to one file. Its methods are safe for
// concurrent use; change listeners run on the goroutine that made the
// change, after the store's lock is released.
type Store struct {
	path string

	mu        sync.Mutex
	values    map[string]any
	listeners []func()
	dirty     bool
	timer     *time.Timer

	saveMu sync.Mutex // one write at a time, in order
}

var _ fyne.Preferences = (*Store)(nil)

// CorruptError says the preferences file could not be read as
// preferences. Open still returns a usable, empty store with it; the
// unreadable file has been moved aside to Kept.
type CorruptError struct {
	Path string
	Kept string
	Err  error
}

func (e *CorruptError) Error() string {
	return fmt.Sprintf("preferences %s are unreadable (kept as %s), starting from defaults: %v", e.Path, e.Kept, e.Err)
}

func (e *CorruptError) Unwrap() error { return e.Err }

// New is an empty store that saves to path.
func New(path string) *Store { return &Store{path: path, values: map[string]any{}} }

// Open reads the preferences at path. When there is no file at path yet,
// the values of legacy (Fyne's own preferences.json, where Margin kept
// them before) are taken over, so an upgrade keeps the user's settings; a
// legacy file that does not parse is ignored. A file at path that does not
// parse is renamed aside and reported as a *CorruptError beside a usable,
// empty store; any other error leaves no store.
func Open(path, legacy string) (*Store, error) {
	s := New(path)
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if legacy == "" {
			return s, nil
		}
		if old, err := os.ReadFile(legacy); err == nil {
			if values, err := decode(old); err == nil {
				s.values = values
			}
		}
		return s, nil
	case err != nil:
		return nil, fmt.Errorf("read preferences: %w", err)
	}
	values, err := decode(data)
	if err != nil {
		kept := path + ".unreadable"
		if rerr := os.Rename(path, kept); rerr != nil {
			return nil, fmt.Errorf("preferences %s are unreadable (%v) and could not be moved aside: %w", path, err, rerr)
		}
		return s, &CorruptError{Path: path, Kept: kept, Err: err}
	}
	s.values = values
	return s, nil
}

// decode reads a preferences file: one JSON object. JSON has numbers and
// arrays only, so lists come back typed by their first element (as Fyne
// does) and numbers stay float64; the getters convert.
func decode(data []byte) (map[string]any, error) {
	var values map[string]any
	if err := json.Unmarshal(data, &values); err != nil {
		return nil, err
	}
	if values == nil {
		return nil, errors.New("not a JSON object")
	}
	for k, v := range values {
		items, ok := v.([]any)
		if !ok || len(items) == 0 {
			continue
		}
		switch items[0].(type) {
		case bool:
			values[k] = typedList[bool](items)
		case float64:
			values[k] = typedList[float64](items)
		case string:
			values[k] = typedList[string](items)
		}
	}
	return values, nil
}

// typedList is items as a []T, dropping elements of another type.
func typedList[T any](items []any) []T {
	out := make([]T, 0, len(items))
	for _, it := range items {
		if v, ok := it.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// Path is the file the store saves to.
func (s *Store) Path() string { return s.path }

// Flush writes pending changes now (call it before the process exits).
func (s *Store) Flush() error {
	s.mu.Lock()
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	s.mu.Unlock()
	return s.save()
}

// save writes the values if they changed since the last write.
func (s *Store) save() error {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	s.mu.Lock()
	if !s.dirty {
		s.mu.Unlock()
		return nil
	}
	data, err := json.Marshal(s.values)
	s.dirty = false
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("encode preferences: %w", err)
	}
	if err := s.write(data); err != nil {
		s.mu.Lock()
		s.dirty = true // the next change or Flush tries again
		s.mu.Unlock()
		return err
	}
	return nil
}

// write replaces the file with data: a temporary file in the same
// directory, synced, renamed over the old one (safefile.Publish).
func (s *Store) write(data []byte) error {
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("save preferences: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".margin-preferences-*.tmp")
	if err != nil {
		return fmt.Errorf("save preferences: %w", err)
	}
	name := tmp.Name()
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = safefile.Publish(name, s.path, true)
	}
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("save preferences to %s: %w", s.path, err)
	}
	return nil
}

// set stores value under key (nil removes it), schedules a save and tells
// the listeners.
func (s *Store) set(key string, value any) {
	s.mu.Lock()
	if value == nil {
		if _, ok := s.values[key]; !ok {
			s.mu.Unlock()
			return
		}
		delete(s.values, key)
	} else {
		s.values[key] = value
	}
	s.dirty = true
	if s.timer == nil {
		s.timer = time.AfterFunc(saveDelay, func() {
			s.mu.Lock()
			s.timer = nil
			s.mu.Unlock()
			if err := s.save(); err != nil {
				fyne.LogError("margin: preferences not saved", err)
			}
		})
	}
	listeners := append([]func(){}, s.listeners...)
	s.mu.Unlock()
	for _, l := range listeners {
		l()
	}
}

func (s *Store) get(key string) (any, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.values[key]
	return v, ok
}

// AddChangeListener calls listener after each change.
func (s *Store) AddChangeListener(listener func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners = append(s.listeners, listener)
}

// ChangeListeners are the listeners added so far.
func (s *Store) ChangeListeners() []func() {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]func(){}, s.listeners...)
}

// RemoveValue forgets key.
func (s *Store) RemoveValue(key string) { s.set(key, nil) }
