package formats

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/margin-app/margin/model"
)

// ImportOptions tune an import.
type ImportOptions struct {
	Annotator string // default annotator for data that names none
	Scheme    string // read by no import today: conll detects the tag scheme (margin import --scheme sets it)
	// TextField names the field or column holding the document text when
	// it is not the format's usual one (doccano's renamable "text"
	// column, a spreadsheet's text column, Label Studio's data key).
	TextField string
	// LabelField names doccano's renamable "label" column; its document
	// classes go to a document-label set of that name. Empty: "label".
	LabelField string
	// Progress, if not nil, is called as a streaming import reads its
	// input, with (bytes read, input size).
	Progress func(done, total int64)
}

// Imported is everything an import found in one input (file or folder).
type Imported struct {
	// Docs carry annotations with Annotator, Label, Fragments, Attributes
	// and Note; ids are generated uuids where relations need them.
	Docs      []model.DocumentImport
	Labels    []model.Label        // label definitions found in the input (e.g. brat annotation.conf)
	Relations []model.RelationType // relation types found
	// DocLabelSets are the document-label sets the input defines or uses
	// (doccano classes, spaCy cats, Label Studio document choices); the
	// import grows the schema by them. Streams fill it; for Docs the
	// import also collects the sets the documents use.
	DocLabelSets []model.DocLabelSet
	Warnings     []string // e.g. "predictions: 3 skipped"
}

// ExportOptions tune an export.
type ExportOptions struct {
	Schema *model.Schema
	Scheme string // conll scheme: "iob2" (default) or "bioes"
}

// Exporter writes documents one at a time, so exports stream.
type Exporter interface {
	Write(d Layered) error // one document at a time
	Close() error          // flush/finish (write annotation.conf, close a JSON array, save xlsx)
	Report() []string      // what could not be expressed, with counts
}

// LeanExporter is an Exporter that reads of each annotation only its ID,
// DocID, Annotator, Label, Fragments, Attributes and Note, and says so
// with Lean() true: the export may then leave Text empty, CreatedAt and
// UpdatedAt zero and Attributes nil when there are none, which saves
// reading the covered text and the timestamps of every span (issue 14).
type LeanExporter interface {
	Exporter
	Lean() bool
}

// Format describes one dataset format. The CLI and the GUI use formats only
// through this description (see Lookup), so every format is available to both.
type Format struct {
	Name        string
	Description string
	Extensions  []string // for file dialogs, e.g. ".jsonl"
	DirOutput   bool     // true: export writes into a directory (brat, webanno); false: a single stream
	// ImportFields and ExportFields are the options (options.go) its
	// import and export read; the window offers only these.
	ImportFields []Option
	ExportFields []Option
	// Import reads a file or a folder (brat: folder or .zip). nil if export-only.
	Import func(path string, opts ImportOptions) (*Imported, error)
	// Stream, if not nil, is Import one document at a time: fn gets every
	// document in input order (an error from fn stops the read and is
	// returned) and the result carries everything but Docs. Stores import
	// a stream in one transaction, so it is still all or nothing per file.
	Stream func(path string, opts ImportOptions, fn func(model.DocumentImport) error) (*Imported, error)
	// NewExporter: for DirOutput formats dir is the directory to create/fill
	// (existing files are never overwritten), otherwise w is the stream.
	// nil if import-only.
	NewExporter func(w io.Writer, dir string, opts ExportOptions) (Exporter, error)
}

var (
	regMu    sync.RWMutex
	registry = map[string]*Format{}
)

// Register adds a format. It panics on a duplicate name: that is a
// programming error caught by any test that imports formats/all.
func Register(f Format) {
	regMu.Lock()
	defer regMu.Unlock()
	if f.Name == "" {
		panic("formats: Register with an empty name")
	}
	if _, dup := registry[f.Name]; dup {
		panic("formats: duplicate format " + f.Name)
	}
	registry[f.Name] = &f
}

// Lookup returns the format called name (case-insensitive). Formats are
// registered by importing github.com/margin-app/margin/formats/all.
func Lookup(name string) (*Format, error) {
	regMu.RLock()
	f, ok := registry[strings.ToLower(strings.TrimSpace(name))]
	regMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("unknown format %q; known formats: %s", name, strings.Join(Names(), ", "))
	}
	return f, nil
}

// Names lists the registered formats, sorted.
func Names() []string {
	regMu.RLock()
	defer regMu.RUnlock()
	out := make([]string, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
