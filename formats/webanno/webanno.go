// Package webanno reads and writes WebAnno TSV 3.3, the format INCEpTION
// and WebAnno import and export. Offsets in the file are UTF-16 code units
// (INCEpTION is Java); Margin converts them with model.TextIndex.
//
// Export writes one NAME.tsv per document with a single span layer,
// webanno.custom.Margin, whose one feature "label" holds the Margin label
// (create a custom span layer "Margin" with a string feature "label" in
// INCEpTION to import it). Tokens and sentences are the document's own if
// it came from CoNLL or WebAnno TSV (conll.Sentences), else those of the
// CoNLL tokenizer (UAX #29 words; sentences split at line breaks).
// Whitespace after a sentence that a reader would not rebuild ("\r\n", a
// space, the final newline) is written in its #Text, so the text reads
// back exactly; only leading whitespace becomes spaces.
//
// Import reads what INCEpTION writes (TSV 3.0 to 3.3): span layers
// (#T_SP) become annotations, labelled by the feature "label" or "value",
// else the layer's first feature, else the layer's name, the other features
// becoming attributes; slot (link) features and relation layers (#T_RL)
// become relations typed by the slot's role or the relation's label;
// chains (#T_CH) become annotations linked in order. The text is rebuilt
// as INCEpTION rebuilds it (see Read), and escaping follows INCEpTION's
// (escape.go). Zero-length spans, which Margin cannot hold, are skipped
// with a warning naming file, line and layer.
package webanno

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/margin-app/margin/formats"
)

// Layer is the span layer Margin writes.
const Layer = "webanno.custom.Margin"

// Format describes WebAnno TSV for the registry.
var Format = formats.Format{
	Name: "webanno",
	Description: "WebAnno TSV 3.3 (INCEpTION): one .tsv per document, span layer webanno.custom.Margin with feature \"label\", UTF-16 offsets. " +
		"Import reads TSV 3.x span layers, relation layers, slot features (relations typed by role) and chains; zero-length spans are skipped with a warning",
	Extensions:  []string{".tsv"},
	DirOutput:   true,
	Import:      Import,
	NewExporter: NewExporter,
}

// Import reads one .tsv file or every .tsv in a folder (sorted).
func Import(path string, opts formats.ImportOptions) (*formats.Imported, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("import webanno %s: %w", path, err)
	}
	files := []string{path}
	if st.IsDir() {
		files, err = filepath.Glob(filepath.Join(path, "*.tsv"))
		if err != nil {
			return nil, fmt.Errorf("import webanno %s: %w", path, err)
		}
		sort.Strings(files)
		if len(files) == 0 {
			return nil, fmt.Errorf("import webanno %s: no .tsv files", path)
		}
	}
	out := &formats.Imported{}
	var warn formats.Counter
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("import webanno %s: %w", f, err)
		}
		di, w, err := Read(data, f, opts)
		if err != nil {
			return nil, fmt.Errorf("import webanno: %w", err)
		}
		for _, x := range w {
			warn.Add(x, 1)
		}
		out.Docs = append(out.Docs, di)
	}
	out.Warnings = warn.Lines()
	out.Labels = formats.LabelsFor(formats.LabelNames(out.Docs))
	out.Relations = formats.RelationTypesFor(out.Docs)
	return out, nil
}
