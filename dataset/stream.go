package dataset

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// StreamStore is a store that can import a document stream in one
// transaction (storage.DB). Import uses it for formats that stream, so a
// large file is parsed while earlier documents are stored, and is never
// held in memory whole.
type StreamStore interface {
	ImportStream(ctx context.Context, produce func(put func(*model.DocumentImport) error) error, grow model.SchemaGrowth, by string) ([]model.ImportResult, error)
}

var errStopped = errors.New("import stopped")

// importStream reads input on one goroutine and stores on another, through
// a small buffer; the store holds one transaction for the whole file, so
// an error or a cancel anywhere leaves the project as it was.
func importStream(ctx context.Context, st Store, ss StreamStore, f *formats.Format, input string, opts formats.ImportOptions, strict bool) (*ImportSummary, error) {
	docs := make(chan model.DocumentImport, 16)
	stop := make(chan struct{})
	var (
		wg      sync.WaitGroup
		imp     *formats.Imported
		readErr error
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(docs)
		imp, readErr = f.Stream(input, opts, func(d model.DocumentImport) error {
			select {
			case docs <- d:
				return nil
			case <-stop:
				return errStopped
			}
		})
	}()
	var added []string
	res, err := ss.ImportStream(ctx, func(put func(*model.DocumentImport) error) error {
		for d := range docs {
			if err := put(&d); err != nil {
				return err
			}
		}
		// docs is closed: the reader has returned and set readErr.
		return readErr
	}, func(current *model.Schema) (*model.Schema, error) {
		// current is the schema in force inside the import's transaction
		// (never a copy read before the file was parsed).
		used := map[string]bool{}
		for _, l := range imp.Labels {
			used[l.Name] = true
		}
		next, a, err := growSchema(current, imp, used, strict)
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", input, err)
		}
		added = a
		return next, nil
	}, opts.Annotator)
	close(stop)
	wg.Wait()
	if err != nil {
		if readErr != nil && !errors.Is(readErr, errStopped) && errors.Is(err, readErr) {
			return nil, readErr // the format names file and line
		}
		return nil, fmt.Errorf("import %s: %w", input, err)
	}
	return &ImportSummary{Input: input, Results: res, AddedLabels: added, Warnings: imp.Warnings}, nil
}
