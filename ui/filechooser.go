package ui

import (
	"path/filepath"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/formats"
)

// The file choosers of the import and export dialogs (issue 15). Fyne's
// file dialog selects one file or one folder; it has no multi-select.

// folderImports are the formats whose Import reads a folder as well as a
// file (text.Collect, brat's source, webanno's and html's folder globs):
// the import then asks "folder or file?".
var folderImports = map[string]bool{"text": true, "brat": true, "webanno": true, "html": true}

// lastImportFormat is the format last chosen in the Import form in this
// process, so the next import starts from it.
var lastImportFormat memo

func rememberImportFormat(name string) { lastImportFormat.set(name) }

// importFormatDefault is the remembered format if it is among names, else
// "text".
func importFormatDefault(names []string) string {
	last := lastImportFormat.get()
	for _, n := range names {
		if n == last {
			return last
		}
	}
	return "text"
}

// memo is a string remembered for this process by every window.
type memo struct {
	mu sync.Mutex
	s  string
}

func (m *memo) set(s string) {
	m.mu.Lock()
	m.s = s
	m.mu.Unlock()
}

func (m *memo) get() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.s
}

// exportDefaultName is the name the export dialog proposes for project:
// PROJECT.EXT when the extension is the format's own (jsonl, conll, csv,
// xlsx, qdpx), PROJECT.FORMAT.EXT when it is shared (doccano and spaCy
// write .jsonl too, so the lossless PROJECT.jsonl is never the default
// target of a lossy export), PROJECT-FORMAT for a folder.
func exportDefaultName(project string, f *formats.Format) string {
	base := strings.TrimSuffix(filepath.Base(project), filepath.Ext(project))
	if f.DirOutput {
		return base + "-" + f.Name
	}
	ext := ".jsonl"
	if len(f.Extensions) > 0 {
		ext = f.Extensions[0]
	}
	if ext == "."+f.Name {
		return base + ext
	}
	return base + "." + f.Name + ext
}

// extensionFilter lists only files with the format's extensions (and
// folders, which Fyne always shows); nil (every file) when it has none.
func extensionFilter(exts []string) storage.FileFilter {
	if len(exts) == 0 {
		return nil
	}
	return storage.NewExtensionFileFilter(exts)
}

// askFolderOrFile asks whether to import a folder or one file, with two
// plain buttons and Cancel (dialog.ShowCustomConfirm would put a cancel
// icon on "File…", which is not a cancel).
func (w *Window) askFolderOrFile(format string, folder, file func()) dialog.Dialog {
	d := dialog.NewCustomWithoutButtons("Import "+format, widget.NewLabel("Import a folder or a single file?"), w.win)
	pick := func(fn func()) func() {
		return func() { d.Hide(); fn() }
	}
	folderBtn := newKeyButton("Folder…", nil, pick(folder))
	folderBtn.Importance = widget.HighImportance
	d.SetButtons([]fyne.CanvasObject{
		newKeyButton("Cancel", nil, d.Hide),
		newKeyButton("File…", nil, pick(file)),
		folderBtn,
	})
	hideTooltip(w.win.Canvas())
	d.Show()
	return d
}
