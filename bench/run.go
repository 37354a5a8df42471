package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/storage"
)

// Annotator is the layer the benchmarks import into and export.
const Annotator = "bench"

// Result is one import + export run through the real path.
type Result struct {
	Docs        int     `json:"docs"`
	Spans       int     `json:"spans"`
	ImportS     float64 `json:"import_s"`     // dataset.Import: read, parse, validate, store, commit
	ImportCPUS  float64 `json:"import_cpu_s"` // the process's user + system time during ImportS
	CloseS      float64 `json:"close_checkpoint_s"`
	ExportS     float64 `json:"export_s"` // dataset.Export doccano to a file
	ExportCPUS  float64 `json:"export_cpu_s"`
	MaxRSSMB    float64 `json:"max_rss_mb"` // the process's peak resident memory so far
	ProjectMB   float64 `json:"project_mb"`
	ExportMB    float64 `json:"export_mb"`
	PeakHeapMB  float64 `json:"-"`
	ProjectPath string  `json:"-"`
}

// NewProject creates a project in dir with the default schema, as
// `margin init` does.
func NewProject(ctx context.Context, dir string) (*storage.DB, error) {
	db, err := storage.Create(ctx, filepath.Join(dir, "bench.margin"))
	if err != nil {
		return nil, err
	}
	sc, err := assets.DefaultSchema()
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := db.SetSchema(ctx, sc, Annotator); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// ImportExport imports the doccano file corpus into a new project in dir
// (formats/doccano -> dataset.Import -> storage, as `margin import`), then
// exports it back to doccano JSONL (dataset.Export, as `margin export`),
// timing both.
func ImportExport(ctx context.Context, corpus, dir string) (*Result, error) {
	db, err := NewProject(ctx, dir)
	if err != nil {
		return nil, err
	}
	res := &Result{ProjectPath: db.Path()}
	c0 := cpuSeconds()
	t0 := time.Now()
	sum, err := dataset.Import(ctx, db, "doccano", corpus, formats.ImportOptions{Annotator: Annotator}, false)
	if err != nil {
		db.Close()
		return nil, err
	}
	res.ImportS = time.Since(t0).Seconds()
	res.ImportCPUS = cpuSeconds() - c0
	res.Docs, res.Spans = sum.Documents(), sum.Annotations()
	t1 := time.Now()
	if err := db.Close(); err != nil {
		return nil, err
	}
	res.CloseS = time.Since(t1).Seconds()
	if st, err := os.Stat(res.ProjectPath); err == nil {
		res.ProjectMB = float64(st.Size()) / 1e6
	}

	if db, err = storage.Open(ctx, res.ProjectPath); err != nil {
		return nil, err
	}
	defer db.Close()
	out := filepath.Join(dir, "export.jsonl")
	f, err := os.Create(out)
	if err != nil {
		return nil, err
	}
	c2 := cpuSeconds()
	t2 := time.Now()
	w := bufio.NewWriterSize(f, 1<<20)
	if _, err := dataset.Export(ctx, db, "doccano", Annotator, w, "", "", nil); err != nil {
		f.Close()
		return nil, err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	res.ExportS = time.Since(t2).Seconds()
	res.ExportCPUS = cpuSeconds() - c2
	res.MaxRSSMB = maxRSSMB()
	if st, err := os.Stat(out); err == nil {
		res.ExportMB = float64(st.Size()) / 1e6
	}
	return res, nil
}

// CorpusFile returns $MARGIN_BENCH_CORPUS, or generates the full corpus
// into dir.
func CorpusFile(dir string) (string, error) {
	if p := os.Getenv("MARGIN_BENCH_CORPUS"); p != "" {
		return p, nil
	}
	p := filepath.Join(dir, "corpus.jsonl")
	if err := WriteCorpus(p, 10000, 100); err != nil {
		return "", fmt.Errorf("generate corpus: %w", err)
	}
	return p, nil
}
