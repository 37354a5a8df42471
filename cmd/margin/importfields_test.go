package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/internal/realdata"
)

// doccano's renamable columns and a spreadsheet's text column reach the
// formats through --text-field / --label-field, and `import --help` lists
// only formats that import.
func TestImportFieldFlags(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "p.margin")
	mustRun(t, "init", p)
	// Shaped as doccano @ab6b765e's own import example
	// (backend/data_import/pipeline/examples/text_classification/example.jsonl).
	dc := filepath.Join(dir, "tc.jsonl")
	os.WriteFile(dc, []byte(`{"column_data": "Terrible customer service.", "column_label": ["negative"]}`+"\n"), 0o644)
	if _, err := run(t, "import", p, "--format", "doccano", dc); err == nil || !strings.Contains(err.Error(), `tc.jsonl:1: "text" must be a string`) {
		t.Fatalf("without the flags: %v", err)
	}
	out := mustRun(t, "import", p, "--format", "doccano", "--annotator", "ana", "--text-field", "column_data", "--label-field", "column_label", dc)
	if !strings.Contains(out, "document-label set column_label") {
		t.Errorf("import output: %s", out)
	}
	mustRun(t, "import", p, "--format", "csv", "--annotator", "ana", filepath.Join("..", "..", "formats", "table", "testdata", "articles.csv"))
	var docs []struct{ Name string }
	json.Unmarshal([]byte(mustRun(t, "docs", p, "--json")), &docs)
	if len(docs) != 4 || docs[1].Name != "Leaders discuss ceasefire" {
		t.Errorf("docs: %+v", docs)
	}
	help := mustRun(t, "import", "--help")
	if !strings.Contains(help, "--text-field") || !strings.Contains(help, "  csv          CSV. Import: one document per row") || !strings.Contains(help, "  xlsx ") {
		t.Errorf("help:\n%s", help)
	}
	// Real doccano classification labels, and a colleague's copy with one
	// class changed, are measured by agreement (kappa = 0.4, see
	// dataset.TestAgreementCoversImportedDocLabels).
	p2 := filepath.Join(dir, "p2.margin")
	mustRun(t, "init", p2)
	in := realdata.Path(t, "doccano/export_text_classification.jsonl")
	data, _ := os.ReadFile(in)
	ben := filepath.Join(dir, "ben.jsonl")
	os.WriteFile(ben, []byte(strings.Replace(string(data), `"Great price.", "label": ["positive"]`, `"Great price.", "label": ["negative"]`, 1)), 0o644)
	mustRun(t, "import", p2, "--format", "doccano", "--annotator", "ana", in)
	mustRun(t, "import", p2, "--format", "doccano", "--annotator", "ben", ben)
	if got := mustRun(t, "agreement", p2); !strings.Contains(got, "label            0.400") {
		t.Errorf("agreement:\n%s", got)
	}
}
