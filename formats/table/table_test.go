package table

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/model"
	"github.com/xuri/excelize/v2"
)

func run(t *testing.T, f formats.Format) ([]byte, []string) {
	t.Helper()
	var buf bytes.Buffer
	schema := &model.Schema{Labels: []model.Label{{Name: "X", Color: "#000000", Attributes: []model.AttributeDef{{Name: "certainty", Type: model.AttrText}}}}}
	ex, err := f.NewExporter(&buf, "", formats.ExportOptions{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.Write(fmttest.Sample(t)); err != nil {
		t.Fatal(err)
	}
	if err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), ex.Report()
}

var wantRows = [][]string{
	{"doc_id", "document", "annotator", "label", "start", "end", "text", "certainty", "hedged", "side", "status", "note"},
	{"7", "talks “day one”", "ana", "ACTOR", "35", "40", "Putin", "", "", "Russia", "", "head of state"},
	{"7", "talks “day one”", "ana", "ACTOR", "45", "50", "Trump", "", "", "", "", ""},
	{"7", "talks “day one”", "ana", "CEASEFIRE_TERM", "1", "10", "Ceasefire", "", "true", "", "proposed", ""},
	{"7", "talks “day one”", "ana", "CEASEFIRE_TERM", "20", "22", "停火", "", "", "", "", ""},
	{"7", "talks “day one”", "ana", "EMOTION", "23", "24", "😊", "", "", "", "", ""},
	{"7", "talks “day one”", "ana", "NEGOTIATION_EVENT", "12", "32", "talks Kyiv", "", "", "", "", ""},
	{"7", "talks “day one”", "ana", "MILITARY_ACTION", "35", "50", "Putin met Trump", "", "", "", "", ""},
}

func TestCSV(t *testing.T) {
	out, rep := run(t, CSV)
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(wantRows) {
		t.Fatalf("%d rows", len(rows))
	}
	for i := range rows {
		if strings.Join(rows[i], "|") != strings.Join(wantRows[i], "|") {
			t.Errorf("row %d:\n got %q\nwant %q", i, rows[i], wantRows[i])
		}
	}
	r := strings.Join(rep, "\n")
	if !strings.Contains(r, "discontinuous annotations") || !strings.Contains(r, "relations not included (one row per annotation): 1") {
		t.Errorf("report %s", r)
	}
}

func TestXLSX(t *testing.T) {
	out, _ := run(t, XLSX)
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(SheetName)
	if err != nil {
		t.Fatal(err)
	}
	for i := range wantRows {
		// Booleans are typed cells in the workbook.
		want := strings.TrimRight(strings.ReplaceAll(strings.Join(wantRows[i], "|"), "|true|", "|TRUE|"), "|")
		got := strings.TrimRight(strings.Join(rows[i], "|"), "|")
		if got != want {
			t.Errorf("row %d:\n got %q\nwant %q", i, rows[i], wantRows[i])
		}
	}
	if v, _ := f.GetCellValue(SheetName, "I4"); v != "TRUE" && v != "true" && v != "1" {
		t.Errorf("bool cell %q", v)
	}
}
