package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/internal/gctune"
	"github.com/margin-app/margin/internal/startuptrace"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
	"github.com/margin-app/margin/storage/offlinequeue"
	"github.com/margin-app/margin/storage/postgres"
	"github.com/margin-app/margin/ui"
	"github.com/margin-app/margin/ui/articleview"
)

const (
	appID           = "app.margin.annotator"
	prefLastProject = "lastProject"
	prefAnnotator   = ui.PrefAnnotator
)

// runGUI opens the window on args[0], else the last project used, else a
// demo project in the user's data directory (created on first run).
func runGUI(args []string) error {
	startuptrace.Mark("main")
	a := newApp(appID)
	startuptrace.Mark("app made")
	err := openGUI(a, args)
	if err != nil && errorWindow && !windowRan {
		what := "the project"
		switch {
		case len(args) > 0 && postgres.IsURL(args[0]):
			// The message names the whole URL (without its password).
			what = "the server project"
			if host, db := postgres.Where(args[0]); db != "" {
				what = fmt.Sprintf("the project %s on %s", db, host)
			}
		case len(args) > 0:
			what = filepath.Base(args[0]) // the message names the whole path
		}
		win := a.NewWindow("")
		showStartupError(win, what, err)
		win.ShowAndRun()
	}
	return err
}

// openGUI is runGUI with its app: it returns once the window is closed,
// or with the error that kept it from opening.
func openGUI(a fyne.App, args []string) error {
	prefs := openPreferences(a)
	defer func() {
		if err := prefs.Flush(); err != nil {
			fmt.Fprintln(os.Stderr, "margin:", err)
		}
	}()
	// A long document shows its first pages while the rest is wrapped
	// between frames (ui/articleview: Defer).
	articleview.Defer = func(f func()) { go fyne.Do(f) }
	serveDebug()
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	ui.ApplyThemePreference(a)
	ctx := context.Background()
	// The window keeps Go's GC defaults except while a bulk operation runs.
	var bulkGC gctune.Scope

	// The annotator: $MARGIN_ANNOTATOR, then the name given on first run
	// (kept in preferences); asked for below when there is none.
	who := os.Getenv("MARGIN_ANNOTATOR")
	if who == "" {
		who = prefs.String(prefAnnotator)
	}
	seed := who
	if seed == "" {
		seed, _ = resolveAnnotator("")
	}
	path := ""
	var err error
	if len(args) > 0 {
		path = args[0]
	} else if last := prefs.String(prefLastProject); last != "" {
		if _, err := os.Stat(last); err == nil {
			path = last
		}
	}
	if postgres.IsURL(path) {
		return runServerGUI(ctx, a, path, who, seed, &bulkGC)
	}
	var db *storage.DB
	if path == "" {
		if path, err = defaultProjectPath(); err != nil {
			return err
		}
		db, err = openOrCreateDemo(ctx, path, seed)
	} else if _, statErr := os.Stat(path); errors.Is(statErr, fs.ErrNotExist) && len(args) > 0 {
		// Opening a path that does not exist yet makes a new project there.
		db, err = openOrCreateDemo(ctx, path, seed)
	} else {
		db, err = storage.Open(ctx, path)
	}
	if err != nil {
		return err
	}
	defer db.Close()
	startuptrace.Mark("store opened")
	// A file pulled for a team member is their working copy: the window
	// writes their layer, the one a push brings back (storage.Person).
	if name, err := db.Person(ctx); err == nil && name != "" {
		who, seed = name, name
	}
	// Before any file dialog: Fyne's storage must never open, create or
	// truncate the project or its -wal/-shm/-journal (ui/fsguard.go).
	if err := ui.GuardProjectFiles(db.Path()); err != nil {
		return err
	}
	if abs, err := filepath.Abs(path); err == nil {
		prefs.SetString(prefLastProject, abs)
		ui.RememberRecent(prefs, abs)
	}

	// Rotating backups: one when the project opens and one every few
	// minutes while it is open (Preferences: ten by default, 0 for none
	// after the first), the last five kept per project.
	if !db.ReadOnly() {
		if dir, err := backupDir(); err == nil {
			every := time.Duration(ui.BackupInterval(prefs)) * time.Minute
			go func() {
				for {
					if _, err := db.RotatingBackup(ctx, dir, 5); err != nil {
						fmt.Fprintln(os.Stderr, "margin: backup:", err)
					}
					if every <= 0 {
						return
					}
					time.Sleep(every)
				}
			}()
		}
	}

	// Say that this window has the project open: another window shows a
	// banner, and its undo leaves this window's steps alone.
	if unregister, err := db.Register(ctx, "window"); err != nil {
		fmt.Fprintln(os.Stderr, "margin:", err)
	} else {
		defer unregister()
	}

	win := a.NewWindow("Margin — " + filepath.Base(path))
	startuptrace.Mark("window made")
	merge := func(ctx context.Context, other, local string, progress func(done, total int)) (*model.MergeReport, error) {
		return mergeOne(ctx, db, other, local, progress)
	}
	return showWindow(ctx, a, win, db, who, seed, &bulkGC, merge)
}

// runServerGUI opens the window on a project on PostgreSQL. There is no
// file to guard, back up or register a window in: the server keeps the
// data, and its roles decide what this person may change. Merging
// colleagues' files into it goes through the server like any import.
func runServerGUI(ctx context.Context, a fyne.App, rawURL, who, seed string, bulkGC *gctune.Scope) error {
	db, err := postgres.Open(ctx, rawURL)
	if err != nil {
		return err
	}
	// A team member's role names their layer. The owner writes as the
	// name they set in MARGIN_ANNOTATOR, else as their role: no "Your
	// name" prompt, never the computer's user.
	if env := os.Getenv("MARGIN_ANNOTATOR"); db.IsMember() || env == "" {
		who = db.Name()
	} else {
		who = env
	}
	// Suggestions, recommenders and their settings are each person's on
	// a server (migration 016): the window's are who's.
	db.ActAs(who)
	// Edits made while the server is out of reach wait in a queue file
	// of this person's, and are sent when it is back (issue 17).
	var store model.Store = db
	if q, err := openOfflineQueue(rawURL); err != nil {
		fmt.Fprintln(os.Stderr, "margin: edits made while the server is out of reach will fail:", err)
	} else if wrapped, err := offlinequeue.Wrap(db, q); err != nil {
		q.Close()
		fmt.Fprintln(os.Stderr, "margin: edits made while the server is out of reach will fail:", err)
	} else {
		store = wrapped
	}
	defer store.Close()
	win := a.NewWindow("Margin — " + db.Path())
	merge := func(ctx context.Context, other, local string, progress func(done, total int)) (*model.MergeReport, error) {
		// Through the offline queue's store: offline, a merge is refused
		// saying nothing was changed, as imports are.
		return mergeOne(ctx, store, other, local, progress)
	}
	return showWindow(ctx, a, win, store, who, seed, bulkGC, merge)
}

// openOfflineQueue opens the server project's offline queue for the role
// in rawURL: <user data dir>/margin/offline/<hash>.queue.
func openOfflineQueue(rawURL string) (*offlinequeue.Queue, error) {
	p, err := defaultProjectPath()
	if err != nil {
		return nil, err
	}
	path, err := offlinequeue.File(filepath.Dir(p), rawURL)
	if err != nil {
		return nil, err
	}
	return offlinequeue.OpenQueue(path)
}

// showWindow shows the window on store for who (asked for when empty)
// until it is closed.
func showWindow(ctx context.Context, a fyne.App, win fyne.Window, store model.Store, who, seed string, bulkGC *gctune.Scope,
	merge func(ctx context.Context, other, local string, progress func(done, total int)) (*model.MergeReport, error)) error {
	// A size remembered on a larger screen is fitted to this one.
	win.Resize(ui.FitToScreen(ui.WindowSize(ui.Preferences()), screenSize(a)))
	var loadErr error
	open := func(name string) {
		w := ui.NewWindow(win, store, name)
		startuptrace.Mark("window built")
		w.BulkGC = bulkGC.Enter
		w.Merge = merge
		w.Projects = windowProjects{who: name}
		closeOnSignals(w.RequestClose) // Ctrl+Q in another window of the app (gui_quit.go)
		// Who is annotating shows in the title: the toolbar may have
		// moved its own title into its menu.
		win.SetTitle(win.Title() + " · " + name)
		win.SetOnClosed(w.SaveLayout)
		// The project's window is the app: closing it (Ctrl+Q, the title
		// bar) also closes the tool windows (table, statistics, search,
		// progress), which used to keep the process running.
		win.SetMaster()
		if err := w.Load(); err != nil {
			loadErr = err
			if errorWindow { // the window says why instead (gui_error.go)
				showStartupError(win, store.Path(), err)
				return
			}
			win.Close()
			return
		}
		startuptrace.Mark("load queued")
		// Reload when another window or a command changes the project.
		w.WatchExternal(ctx, time.Second)
	}
	if who != "" {
		open(who)
	} else {
		ui.AskAnnotatorName(win, seed, func(name string) {
			ui.Preferences().SetString(prefAnnotator, name)
			open(name)
		})
	}
	a.Lifecycle().SetOnStarted(func() { startuptrace.Mark("event loop started") })
	windowRan = true
	win.ShowAndRun()
	return loadErr
}

// backupDir is <user data dir>/margin/backups.
func backupDir() (string, error) {
	p, err := defaultProjectPath()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(filepath.Dir(p), "backups")
	return dir, os.MkdirAll(dir, 0o755)
}

// defaultProjectPath is <user data dir>/margin/demo.margin.
func defaultProjectPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the data directory: %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	dir = filepath.Join(dir, "margin")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("create %s: %w", dir, err)
	}
	return filepath.Join(dir, "demo.margin"), nil
}

// openOrCreateDemo opens path, or creates it with the default schema and
// the demo article when it does not exist.
func openOrCreateDemo(ctx context.Context, path, who string) (*storage.DB, error) {
	if postgres.IsURL(path) { // before anything is created on the server
		return nil, fmt.Errorf("open %s: the window cannot open a PostgreSQL project yet; use the command line", postgres.Redact(path))
	}
	if _, err := os.Stat(path); err == nil {
		return storage.Open(ctx, path)
	}
	store, err := createProject(ctx, path, who)
	if err != nil {
		return nil, err
	}
	db := store.(*storage.DB) // a file path (see above)
	_, err = db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: assets.DemoArticleName, Text: assets.DemoArticle}}})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("seed demo project: %w", err)
	}
	return db, nil
}
