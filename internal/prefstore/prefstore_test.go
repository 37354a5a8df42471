package prefstore

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestValuesSurviveAReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cfg", FileName)
	s, err := Open(path, "")
	if err != nil {
		t.Fatal(err)
	}
	s.SetString("annotator", "ana")
	s.SetFloat("window.width", 1100)
	s.SetInt("backup", 10)
	s.SetBool("tags", true)
	s.SetStringList("recent", []string{"/a.margin", "/b.margin"})
	s.SetIntList("ints", []int{3, 4})
	s.SetString("gone", "x")
	s.RemoveValue("gone")
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	r, err := Open(path, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := r.String("annotator"); got != "ana" {
		t.Errorf("annotator = %q", got)
	}
	if got := r.Float("window.width"); got != 1100 {
		t.Errorf("width = %v", got)
	}
	if got := r.Int("backup"); got != 10 {
		t.Errorf("backup = %d", got)
	}
	if !r.Bool("tags") {
		t.Error("tags lost")
	}
	if got := r.StringList("recent"); len(got) != 2 || got[1] != "/b.margin" {
		t.Errorf("recent = %v", got)
	}
	if got := r.IntList("ints"); len(got) != 2 || got[0] != 3 {
		t.Errorf("ints = %v", got)
	}
	if got := r.StringWithFallback("gone", "fallback"); got != "fallback" {
		t.Errorf("removed value reads %q", got)
	}
}

// TestTheFileIsNeverSeenHalfWritten reads the file over and over while
// another goroutine keeps changing and saving: each read is whole JSON.
// Fyne's own store (truncate, then write) fails this: a reader, like the
// next launch after an exit mid-save, sees an empty file.
func TestTheFileIsNeverSeenHalfWritten(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path, "")
	if err != nil {
		t.Fatal(err)
	}
	s.SetString("annotator", "ana")
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 300; i++ {
			s.SetInt("n", i)
			s.SetStringList("recent", []string{"/a.margin", "/b.margin", "/c.margin"})
			if err := s.Flush(); err != nil {
				t.Error(err)
				return
			}
		}
		close(done)
	}()
	reads := 0
	for {
		select {
		case <-done:
			wg.Wait()
			if reads == 0 {
				t.Fatal("no read happened")
			}
			return
		default:
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("read %d: %v", reads, err)
		}
		var v map[string]any
		if err := json.Unmarshal(data, &v); err != nil || v["annotator"] != "ana" {
			t.Fatalf("read %d saw %q (%v)", reads, data, err)
		}
		reads++
	}
}

func TestAnUnreadableFileIsKeptAsideAndDefaultsUsed(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, nil, 0o600); err != nil { // what Fyne's exit race leaves
		t.Fatal(err)
	}
	s, err := Open(path, "")
	var ce *CorruptError
	if !errors.As(err, &ce) || s == nil {
		t.Fatalf("Open of an empty file: %v, %v; want a store and a *CorruptError", s, err)
	}
	if _, err := os.Stat(ce.Kept); err != nil {
		t.Fatalf("the unreadable file was not kept: %v", err)
	}
	if got := len(s.values); got != 0 {
		t.Fatalf("an unreadable file gave values: %v", got)
	}
	s.SetString("annotator", "bob")
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if r, err := Open(path, ""); err != nil || r.String("annotator") != "bob" {
		t.Fatalf("after a save the file reads %v, %v", r, err)
	}
}

func TestFynesOldPreferencesAreTakenOver(t *testing.T) {
	dir := t.TempDir()
	legacy := filepath.Join(dir, "preferences.json")
	if err := os.WriteFile(legacy, []byte(`{"annotator":"ana","window.width":1100,"recentProjects":["/x.margin"],"backupMinutes":5}`), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	s, err := Open(path, legacy)
	if err != nil {
		t.Fatal(err)
	}
	if s.String("annotator") != "ana" || s.Float("window.width") != 1100 || s.Int("backupMinutes") != 5 {
		t.Fatalf("legacy values not taken over: %v", s.values)
	}
	if got := s.StringList("recentProjects"); len(got) != 1 || got[0] != "/x.margin" {
		t.Fatalf("legacy list = %v", got)
	}
	// Once Margin's own file exists, the legacy file is not read again.
	s.SetString("annotator", "bob")
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if r, _ := Open(path, legacy); r.String("annotator") != "bob" {
		t.Fatalf("reopen read the legacy file: %q", r.String("annotator"))
	}
	// A legacy file Fyne left empty is no reason to refuse.
	if err := os.WriteFile(legacy, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(filepath.Join(dir, "other.json"), legacy); err != nil {
		t.Fatalf("an empty legacy file: %v", err)
	}
}

func TestChangeListenersRunAfterEachChange(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), FileName), "")
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	s.AddChangeListener(func() {
		calls++
		_ = s.String("theme") // a listener may read the store
	})
	s.SetString("theme", "dark")
	s.SetBool("tags", false)
	if calls != 2 {
		t.Fatalf("listener called %d times, want 2", calls)
	}
}
