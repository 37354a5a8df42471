// Package table exports annotations as one row each, to CSV (UTF-8,
// header row, for pandas and R) or XLSX (sheet "annotations", for Excel
// and LibreOffice). Columns: doc_id, document, annotator, label, start,
// end, text, one column per attribute name (union over the schema and the
// data, sorted), note.
//
// Import reads the other kind of spreadsheet, a table of documents (see
// import.go): one document per row.
//
// Rows are kept until Close because the attribute columns are only known
// once every document has been seen; a row is small (no document text).
package table

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
	"github.com/xuri/excelize/v2"
)

// CSV describes the CSV export for the registry.
var CSV = formats.Format{
	Name:         "csv",
	Description:  "CSV. Import: one document per row, the text from the column --text-field names (default text, content, body or article), name from name/title, other columns as metadata. Export: one row per annotation: doc_id, document, annotator, label, start, end (code points), text, attribute columns, note",
	Extensions:   []string{".csv"},
	Import:       collect(StreamCSV),
	Stream:       StreamCSV,
	ImportFields: []formats.Option{formats.OptTextField, formats.OptLabelField},
	NewExporter: func(w io.Writer, _ string, opts formats.ExportOptions) (formats.Exporter, error) {
		if w == nil {
			return nil, fmt.Errorf("export csv: no output stream")
		}
		return newExporter(w, opts, false), nil
	},
}

// XLSX describes the Excel export for the registry.
var XLSX = formats.Format{
	Name:         "xlsx",
	Description:  "Excel/LibreOffice workbook. Import: the first sheet, one document per row (columns as for csv). Export: sheet \"annotations\", one row per annotation (same columns as csv)",
	Extensions:   []string{".xlsx"},
	Import:       collect(StreamXLSX),
	Stream:       StreamXLSX,
	ImportFields: []formats.Option{formats.OptTextField, formats.OptLabelField},
	NewExporter: func(w io.Writer, _ string, opts formats.ExportOptions) (formats.Exporter, error) {
		if w == nil {
			return nil, fmt.Errorf("export xlsx: no output stream")
		}
		return newExporter(w, opts, true), nil
	},
}

// SheetName is the XLSX sheet holding the rows.
const SheetName = "annotations"

// excelMaxCell is Excel's limit on characters in one cell.
const excelMaxCell = 32767

type row struct {
	docID                             int64
	doc, annotator, label, text, note string
	start, end                        int
	attrs                             map[string]any
}

// Exporter collects rows and writes them on Close.
type Exporter struct {
	w      io.Writer
	xlsx   bool
	attrs  map[string]bool
	rows   []row
	report formats.Counter
}

func newExporter(w io.Writer, opts formats.ExportOptions, xlsx bool) *Exporter {
	e := &Exporter{w: w, xlsx: xlsx, attrs: map[string]bool{}}
	if opts.Schema != nil {
		for _, l := range opts.Schema.Labels {
			for _, a := range l.Attributes {
				e.attrs[a.Name] = true
			}
		}
	}
	return e
}

// Write adds one document's annotations.
func (e *Exporter) Write(d formats.Layered) error {
	for _, a := range d.Annotations {
		if len(a.Fragments) == 0 {
			return fmt.Errorf("export %q: annotation %s has no fragments", d.Doc.Name, a.ID)
		}
		if len(a.Fragments) > 1 {
			e.report.Add("discontinuous annotations: start/end are the outer extent, text joins the fragments with a space", 1)
		}
		text := a.Text
		if text == "" {
			text = model.CoveredText(model.NewTextIndex(d.Doc.Text), a.Fragments)
		}
		for k := range a.Attributes {
			e.attrs[k] = true
		}
		e.rows = append(e.rows, row{docID: d.Doc.ID, doc: d.Doc.Name, annotator: a.Annotator, label: a.Label,
			start: a.Start(), end: a.End(), text: text, note: a.Note, attrs: a.Attributes})
	}
	if len(d.Relations) > 0 {
		e.report.Add("relations not included (one row per annotation)", len(d.Relations))
	}
	if len(d.DocLabels) > 0 {
		e.report.Add("document labels not included (one row per annotation)", len(d.DocLabels))
	}
	return nil
}

func (e *Exporter) header() ([]string, []string) {
	names := make([]string, 0, len(e.attrs))
	for n := range e.attrs {
		names = append(names, n)
	}
	sort.Strings(names)
	h := []string{"doc_id", "document", "annotator", "label", "start", "end", "text"}
	h = append(h, names...)
	return append(h, "note"), names
}

// Close writes the header and every row.
func (e *Exporter) Close() error {
	header, names := e.header()
	if e.xlsx {
		return e.closeXLSX(header, names)
	}
	cw := csv.NewWriter(e.w)
	if err := cw.Write(header); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	for _, r := range e.rows {
		rec := []string{strconv.FormatInt(r.docID, 10), r.doc, r.annotator, r.label, strconv.Itoa(r.start), strconv.Itoa(r.end), r.text}
		for _, n := range names {
			rec = append(rec, formats.AttrString(r.attrs[n]))
		}
		rec = append(rec, r.note)
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("export csv: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export csv: %w", err)
	}
	return nil
}

func (e *Exporter) cell(s string) string {
	if len([]rune(s)) > excelMaxCell {
		e.report.Add(fmt.Sprintf("cells longer than Excel's %d characters truncated", excelMaxCell), 1)
		return string([]rune(s)[:excelMaxCell])
	}
	return s
}

func (e *Exporter) closeXLSX(header, names []string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", SheetName); err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(SheetName)
	if err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	hv := make([]any, len(header))
	for i, h := range header {
		hv[i] = h
	}
	if err := sw.SetRow("A1", hv); err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	for i, r := range e.rows {
		vals := []any{r.docID, e.cell(r.doc), r.annotator, r.label, r.start, r.end, e.cell(r.text)}
		for _, n := range names {
			switch v := r.attrs[n].(type) {
			case nil:
				vals = append(vals, nil)
			case bool, float64, int, int64:
				vals = append(vals, v) // typed cells, so Excel can filter and sum them
			default:
				vals = append(vals, e.cell(formats.AttrString(v)))
			}
		}
		vals = append(vals, e.cell(r.note))
		cellName, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cellName, vals); err != nil {
			return fmt.Errorf("export xlsx: row %d: %w", i+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	if err := f.Write(e.w); err != nil {
		return fmt.Errorf("export xlsx: %w", err)
	}
	return nil
}

// Report lists what the table could not hold.
func (e *Exporter) Report() []string { return e.report.Lines() }
