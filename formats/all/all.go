// Package all registers every dataset format with the formats registry.
// The CLI and the GUI import it (for its side effect, or to call Lookup and
// Names here) and then use formats.Lookup / formats.Names and the Format
// values; sub-packages cannot register themselves into a package that they
// import without an import cycle, hence this package.
package all

import (
	"fmt"
	"io"
	"os"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/brat"
	"github.com/margin-app/margin/formats/conll"
	"github.com/margin-app/margin/formats/doccano"
	"github.com/margin-app/margin/formats/htmlimport"
	"github.com/margin-app/margin/formats/jsonl"
	"github.com/margin-app/margin/formats/labelstudio"
	"github.com/margin-app/margin/formats/qdpx"
	"github.com/margin-app/margin/formats/spacy"
	"github.com/margin-app/margin/formats/table"
	"github.com/margin-app/margin/formats/text"
	"github.com/margin-app/margin/formats/webanno"
	"github.com/margin-app/margin/model"
)

func init() {
	formats.Register(textFormat)
	formats.Register(jsonlFormat)
	formats.Register(brat.Format)
	formats.Register(doccano.Format)
	formats.Register(conll.Format)
	formats.Register(labelstudio.Format)
	formats.Register(webanno.Format)
	formats.Register(spacy.Format)
	formats.Register(table.CSV)
	formats.Register(table.XLSX)
	formats.Register(htmlimport.Format)
	formats.Register(qdpx.Format)
}

// Lookup returns the format called name; see formats.Lookup.
func Lookup(name string) (*formats.Format, error) { return formats.Lookup(name) }

// Names lists every registered format; see formats.Names.
func Names() []string { return formats.Names() }

var textFormat = formats.Format{
	Name:        "text",
	Description: "Plain UTF-8 text: one document per .txt file (a folder is searched for *.txt)",
	Extensions:  []string{".txt"},
	Import: func(path string, opts formats.ImportOptions) (*formats.Imported, error) {
		files, err := text.Collect([]string{path})
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("import %s: no .txt files", path)
		}
		out := &formats.Imported{}
		for _, f := range files {
			doc, err := text.ReadFile(f)
			if err != nil {
				return nil, err
			}
			out.Docs = append(out.Docs, model.DocumentImport{Doc: doc})
		}
		return out, nil
	},
}

var jsonlFormat = formats.Format{
	Name:        "jsonl",
	Description: "Margin JSON lines: one document per line with its text and every layer (lossless)",
	Extensions:  []string{".jsonl"},
	Import: func(path string, opts formats.ImportOptions) (*formats.Imported, error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("import %s: %w", path, err)
		}
		defer f.Close()
		docs, err := jsonl.Read(f, path, formats.AnnotatorOr("", opts))
		if err != nil {
			return nil, err
		}
		return &formats.Imported{Docs: docs, Labels: formats.LabelsFor(formats.LabelNames(docs)), Relations: formats.RelationTypesFor(docs)}, nil
	},
	NewExporter: func(w io.Writer, _ string, _ formats.ExportOptions) (formats.Exporter, error) {
		if w == nil {
			return nil, fmt.Errorf("export jsonl: no output stream")
		}
		return &jsonlExporter{w: jsonl.NewWriter(w)}, nil
	},
}

type jsonlExporter struct{ w *jsonl.Writer }

func (e *jsonlExporter) Write(d formats.Layered) error { return e.w.Write(d) }
func (e *jsonlExporter) Close() error                  { return nil }
func (e *jsonlExporter) Report() []string              { return nil } // lossless
