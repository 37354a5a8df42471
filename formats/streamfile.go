package formats

import (
	"fmt"
	"io"

	"github.com/margin-app/margin/model"
)

// EachFunc reads an input one document at a time, calling fn with each;
// file names the input in errors.
type EachFunc func(r io.Reader, file string, opts ImportOptions, fn func(model.DocumentImport) error) error

// StreamFile is a Format.Stream for a single-file format read by each: it
// opens path (reporting progress), hands every document to fn and returns
// the summary. name is the format's name for error messages.
func StreamFile(name, path string, opts ImportOptions, each EachFunc, fn func(model.DocumentImport) error) (*Imported, error) {
	f, err := OpenProgress(path, opts.Progress)
	if err != nil {
		return nil, fmt.Errorf("import %s %s: %w", name, path, err)
	}
	defer f.Close()
	var sum Summary
	err = each(f, path, opts, func(di model.DocumentImport) error {
		sum.Add(&di)
		return fn(di)
	})
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", name, err)
	}
	return sum.Imported(), nil
}

// Collect runs each over r and returns all the documents.
func Collect(r io.Reader, file string, opts ImportOptions, each EachFunc) ([]model.DocumentImport, error) {
	var docs []model.DocumentImport
	err := each(r, file, opts, func(di model.DocumentImport) error {
		docs = append(docs, di)
		return nil
	})
	return docs, err
}
