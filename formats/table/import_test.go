package table

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/model"
)

const firstText = "President Trump spoke to Russian president Vladimir Putin Tuesday, officials said.\n\nThe two leaders held a phone call about a “ceasefire” in Ukraine 😊."

// checkArticles: the four-row sheet of testdata/README.md, one document
// per row with text, the title as name, other columns as meta, and the
// row with an empty text skipped with a warning.
func checkArticles(t *testing.T, imp *formats.Imported, dateCell string) {
	t.Helper()
	fmttest.ValidateAll(t, imp)
	if len(imp.Docs) != 3 {
		t.Fatalf("%d documents: %+v", len(imp.Docs), imp.Docs)
	}
	d := imp.Docs[0]
	if d.Doc.Text != firstText || d.Doc.Name != "Leaders discuss ceasefire" {
		t.Errorf("row 2: %q %q", d.Doc.Name, d.Doc.Text)
	}
	if want := `{"date":"` + dateCell + `","id":"1","source":"Example Wire"}`; string(d.Doc.Meta) != want {
		t.Errorf("meta %s, want %s", d.Doc.Meta, want)
	}
	if imp.Docs[1].Doc.Text != `Negotiators met in Riyadh on Monday; a 30-day truce on energy infrastructure was discussed. Both sides said "progress" was made.` ||
		!strings.Contains(string(imp.Docs[1].Doc.Meta), "Київ Daily") || imp.Docs[2].Doc.Name != "停火" {
		t.Errorf("rows 3, 5: %+v", imp.Docs[1:])
	}
	if strings.Join(imp.Warnings, "|") != `rows with an empty "text" cell skipped: 1` {
		t.Errorf("warnings %q", imp.Warnings)
	}
}

func TestImportLibreOfficeCSV(t *testing.T) {
	imp, err := CSV.Import(filepath.Join("testdata", "articles.csv"), formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkArticles(t, imp, "2025-03-18")
}

func TestImportLibreOfficeXLSX(t *testing.T) {
	imp, err := XLSX.Import(filepath.Join("testdata", "articles.xlsx"), formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Calc stored the date as a date cell; it is read as displayed.
	checkArticles(t, imp, "2025-03-18")
}

// Excel's "CSV UTF-8" in a German locale: byte-order mark, ";" between
// cells, CRLF between rows, a line break inside a cell as LF (shaped after
// Excel for Microsoft 365, 2024).
func TestImportExcelSemicolonCSV(t *testing.T) {
	in := "\xef\xbb\xbfTitel;Inhalt;Quelle\r\nWaffenruhe;\"Die Gespräche gehen weiter; beide Seiten\nsprechen von Fortschritt.\";Agentur\r\n"
	p := filepath.Join(t.TempDir(), "artikel.csv")
	os.WriteFile(p, []byte(in), 0o644)
	if _, err := CSV.Import(p, formats.ImportOptions{}); err == nil || !strings.Contains(err.Error(), "--text-field") || !strings.Contains(err.Error(), "Titel, Inhalt, Quelle") {
		t.Fatalf("no text column: %v", err)
	}
	imp, err := CSV.Import(p, formats.ImportOptions{TextField: "inhalt"})
	if err != nil {
		t.Fatal(err)
	}
	d := imp.Docs[0]
	// The name falls back to file-row: "Titel" is not a known name column.
	if d.Doc.Text != "Die Gespräche gehen weiter; beide Seiten\nsprechen von Fortschritt." || d.Doc.Name != "artikel-2" || string(d.Doc.Meta) != `{"Quelle":"Agentur","Titel":"Waffenruhe"}` {
		t.Errorf("doc %+v meta %s", d.Doc, d.Doc.Meta)
	}
}

// A class column (doccano's CSV text-classification shape, doccano
// @ab6b765e backend/data_import/pipeline/examples/text_classification/example.csv).
func TestImportLabelColumn(t *testing.T) {
	in := "column_data,column_label\n\"Terrible customer service.\",\"negative\"\n\"Really great transaction.\",\"positive\"\n"
	p := filepath.Join(t.TempDir(), "tc.csv")
	os.WriteFile(p, []byte(in), 0o644)
	imp, err := CSV.Import(p, formats.ImportOptions{Annotator: "ana", TextField: "column_data", LabelField: "column_label"})
	if err != nil {
		t.Fatal(err)
	}
	if l := imp.Docs[1].DocLabels; len(l) != 1 || l[0] != (model.DocLabel{Annotator: "ana", Set: "column_label", Value: "positive"}) {
		t.Errorf("labels %+v", l)
	}
	if len(imp.DocLabelSets) != 1 || strings.Join(imp.DocLabelSets[0].Values, ",") != "negative,positive" {
		t.Errorf("sets %+v", imp.DocLabelSets)
	}
}

func TestImportRefusals(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(s), 0o644)
		return p
	}
	// Margin's own annotation export is not a table of documents.
	out, _ := run(t, CSV)
	if _, err := CSV.Import(write("ann.csv", string(out)), formats.ImportOptions{}); !errors.Is(err, ErrAnnotationTable) {
		t.Errorf("annotation table: %v", err)
	}
	xl, _ := run(t, XLSX)
	if _, err := XLSX.Import(write("ann.xlsx", string(xl)), formats.ImportOptions{}); !errors.Is(err, ErrAnnotationTable) {
		t.Errorf("annotation workbook: %v", err)
	}
	cases := []struct{ name, in, want string }{
		{"latin1.csv", "text\n\"caf\xe9\"\n", "latin1.csv:2: not UTF-8"},
		{"quote.csv", "text\n\"open\nx\"y\n", `quote.csv:2: extraneous or missing " in quoted-field`},
		{"extra.csv", "text,title\nabc,t,surplus\n", "extra.csv:2: cell 3 has a value but no column header"},
		{"empty.csv", "\n\n", "the table is empty"},
		{"notext.csv", "text,title\n,a\n", `no documents: every "text" cell is empty`},
		{"dup.csv", "text,Text\na,b\n", `column "Text" appears twice`},
	}
	for _, c := range cases {
		if _, err := CSV.Import(write(c.name, c.in), formats.ImportOptions{}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// A runaway quoted cell is refused once it passes the size limit, not
// read whole into memory.
func TestImportCSVOversizeCell(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("title,text\nok,fine\nbig,\"")
	chunk := bytes.Repeat([]byte("z"), 1<<20)
	for i := 0; i <= formats.MaxLine>>20+1; i++ {
		f.Write(chunk)
	}
	f.WriteString("\"\n")
	f.Close()
	_, err = CSV.Stream(p, formats.ImportOptions{}, func(model.DocumentImport) error { return nil })
	var tl *formats.LineTooLongError
	if !errors.As(err, &tl) || tl.File != p || tl.Line != 3 {
		t.Fatalf("err = %v", err)
	}
}

// Python's csv module (and pandas' to_csv, which uses it) writes "\r\n"
// after each row and a cell's own "\r\n" line breaks as they are, inside
// quotes: the text keeps them (encoding/csv alone would turn them into
// "\n" and shift every offset after them).
func TestImportCSVKeepsCRLFInCells(t *testing.T) {
	text := "First paragraph.\r\n\r\nSecond paragraph, after a blank line."
	in := "title,text\r\n\r\nwin,\"" + text + "\"\r\nunix,\"one\ntwo\"\r\nmixed,\"a\r\nb\nc\"\r\n"
	p := filepath.Join(t.TempDir(), "py.csv")
	os.WriteFile(p, []byte(in), 0o644)
	imp, err := CSV.Import(p, formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if imp.Docs[0].Doc.Text != text || imp.Docs[1].Doc.Text != "one\ntwo" {
		t.Errorf("texts %q %q", imp.Docs[0].Doc.Text, imp.Docs[1].Doc.Text)
	}
	if strings.Join(imp.Warnings, "|") != `rows whose cells mix \r\n and \n line breaks, read with \n only: 1` {
		t.Errorf("warnings %q", imp.Warnings)
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add("title,text\r\nwin,\"a\r\nb\"\r\n")
	f.Add("\xef\xbb\xbfTitel;text\r\n\r\nx;\"y\nz\"\r\n")
	f.Add("text\n\"open\n")
	f.Fuzz(func(t *testing.T, in string) {
		var docs []model.DocumentImport
		_, err := readCSV(strings.NewReader(in), "f.csv", formats.ImportOptions{}, func(d model.DocumentImport) error {
			docs = append(docs, d)
			return nil
		})
		if err != nil {
			return
		}
		fmttest.ValidateAll(t, &formats.Imported{Docs: docs})
		for _, d := range docs {
			if err := formats.CheckText(d.Doc.Text); err != nil || d.Doc.Name == "" {
				t.Fatalf("document %q %q: %v", d.Doc.Name, d.Doc.Text, err)
			}
			// Every '\r' of a text was in the input (restored, never made up).
			if strings.Count(d.Doc.Text, "\r") > strings.Count(in, "\r") {
				t.Fatalf("text %q has more \\r than the input", d.Doc.Text)
			}
		}
	})
}
