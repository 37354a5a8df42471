package safefile

import (
	"path/filepath"
	"sync"
)

// openProjects are the projects this process has open (storage.Open adds
// each, Close removes it), so that code that must not touch them (file
// imports, which do not import storage) can ask by identity.
var openProjects struct {
	mu    sync.Mutex
	paths map[string]int // absolute path -> how many times it is open
}

// Register records project as open in this process; the returned function
// removes it again (call it once, when the project is closed).
func Register(project string) (unregister func()) {
	abs, err := filepath.Abs(project)
	if err != nil {
		abs = project
	}
	openProjects.mu.Lock()
	defer openProjects.mu.Unlock()
	if openProjects.paths == nil {
		openProjects.paths = map[string]int{}
	}
	openProjects.paths[abs]++
	var once sync.Once
	return func() {
		once.Do(func() {
			openProjects.mu.Lock()
			defer openProjects.mu.Unlock()
			if openProjects.paths[abs]--; openProjects.paths[abs] <= 0 {
				delete(openProjects.paths, abs)
			}
		})
	}
}

// OpenProjectOf returns the project open in this process that path is, by
// identity (IsProjectFile: the database or one of its sidecars, whatever
// either is called), or "" if none. It only stats.
func OpenProjectOf(path string) string {
	openProjects.mu.Lock()
	projects := make([]string, 0, len(openProjects.paths))
	for p := range openProjects.paths {
		projects = append(projects, p)
	}
	openProjects.mu.Unlock()
	for _, p := range projects {
		if IsProjectFile(path, p) {
			return p
		}
	}
	return ""
}
