package table

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
	"github.com/xuri/excelize/v2"
)

// Import of a spreadsheet of documents (researchers keep article
// collections in spreadsheets): one document per row, the text from one
// column, the document's name from another, every other column kept as the
// document's meta, and, with ImportOptions.LabelField, a column of
// document classes.

// textColumns are the headers taken as the text column, in order, when
// ImportOptions.TextField does not name one (case-insensitive).
var textColumns = []string{"text", "content", "body", "article", "full_text", "fulltext", "document_text"}

// nameColumns name the document, in order of preference.
var nameColumns = []string{"name", "title", "headline", "document", "doc_name", "filename", "file", "id", "doc_id"}

// ErrAnnotationTable: the sheet is Margin's own export, one row per
// annotation (its "text" column is the covered text, not the document's).
var ErrAnnotationTable = errors.New("this is Margin's annotation table (one row per annotation), not a table of documents: import the project's jsonl export instead")

// columns maps a header row to the roles of its columns.
type columns struct {
	header         []string
	text, name     int
	label          int // -1: none
	labelSet, file string
}

func headerIndex(header []string, want string) int {
	for i, h := range header {
		if strings.EqualFold(strings.TrimSpace(h), want) {
			return i
		}
	}
	return -1
}

func newColumns(header []string, file string, opts formats.ImportOptions) (*columns, error) {
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	if headerIndex(header, "annotator") >= 0 && headerIndex(header, "label") >= 0 && headerIndex(header, "start") >= 0 && headerIndex(header, "end") >= 0 {
		return nil, fmt.Errorf("%s: %w", file, ErrAnnotationTable)
	}
	c := &columns{header: header, text: -1, name: -1, label: -1, file: file}
	seen := map[string]bool{}
	for _, h := range header {
		if h != "" && seen[strings.ToLower(h)] {
			return nil, fmt.Errorf("%s: header row: column %q appears twice", file, h)
		}
		seen[strings.ToLower(h)] = true
	}
	if opts.TextField != "" {
		if c.text = headerIndex(header, opts.TextField); c.text < 0 {
			return nil, fmt.Errorf("%s: no column %q (--text-field) in the header row: %s", file, opts.TextField, strings.Join(header, ", "))
		}
	} else {
		for _, n := range textColumns {
			if c.text = headerIndex(header, n); c.text >= 0 {
				break
			}
		}
		if c.text < 0 && len(header) == 1 {
			c.text = 0
		}
		if c.text < 0 {
			return nil, fmt.Errorf("%s: which column is the text? None is called %s; name it with --text-field (columns: %s)", file, strings.Join(textColumns[:3], ", "), strings.Join(header, ", "))
		}
	}
	for _, n := range nameColumns {
		if i := headerIndex(header, n); i >= 0 && i != c.text {
			c.name = i
			break
		}
	}
	if opts.LabelField != "" {
		if c.label = headerIndex(header, opts.LabelField); c.label < 0 || c.label == c.text {
			return nil, fmt.Errorf("%s: no column %q (--label-field) in the header row: %s", file, opts.LabelField, strings.Join(header, ", "))
		}
		c.labelSet = header[c.label]
	}
	return c, nil
}

// doc builds the document of one row (row is its 1-based row or line
// number). ok is false for a row with no text, which is skipped.
func (c *columns) doc(cells []string, row int, annotator, base string) (di model.DocumentImport, ok bool, err error) {
	for i := len(c.header); i < len(cells); i++ {
		if strings.TrimSpace(cells[i]) != "" {
			return di, false, fmt.Errorf("%s:%d: cell %d has a value but no column header", c.file, row, i+1)
		}
	}
	cell := func(i int) string {
		if i < 0 || i >= len(cells) {
			return ""
		}
		return cells[i]
	}
	text := cell(c.text)
	if strings.TrimSpace(text) == "" {
		return di, false, nil
	}
	if len(text) > formats.MaxLine {
		return di, false, fmt.Errorf("%s:%d: the text is longer than %d MB, the limit for one document", c.file, row, formats.MaxLine>>20)
	}
	if err := formats.CheckText(text); err != nil {
		return di, false, fmt.Errorf("%s:%d: column %q: %w", c.file, row, c.header[c.text], err)
	}
	di.Doc.Text = text
	di.Doc.Name = strings.TrimSpace(cell(c.name))
	if di.Doc.Name == "" {
		di.Doc.Name = fmt.Sprintf("%s-%d", base, row)
	}
	meta := map[string]string{}
	for i, h := range c.header {
		if i == c.text || i == c.name || i == c.label || h == "" || cell(i) == "" {
			continue
		}
		meta[h] = cell(i)
	}
	if len(meta) > 0 {
		if di.Doc.Meta, err = json.Marshal(meta); err != nil {
			return di, false, fmt.Errorf("%s:%d: %w", c.file, row, err)
		}
	}
	if c.label >= 0 {
		// One class per cell, or several separated by ";" or "|" (how
		// spreadsheets hold a list).
		for _, v := range strings.FieldsFunc(cell(c.label), func(r rune) bool { return r == ';' || r == '|' }) {
			if v = strings.TrimSpace(v); v != "" {
				di.DocLabels = append(di.DocLabels, model.DocLabel{Annotator: annotator, Set: c.labelSet, Value: v})
			}
		}
	}
	return di, true, nil
}

// rowSource yields a sheet's rows with their numbers; io.EOF at the end.
type rowSource func() (cells []string, row int, err error)

// readRows runs a table: header, then one document per row.
func readRows(next rowSource, file string, opts formats.ImportOptions, fn func(model.DocumentImport) error) (*formats.Imported, error) {
	annotator := formats.AnnotatorOr("", opts)
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	var cols *columns
	var sum formats.Summary
	var warn formats.Counter
	n := 0
	for {
		cells, row, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if cols == nil {
			if blank(cells) {
				continue // leading empty rows
			}
			if cols, err = newColumns(cells, file, opts); err != nil {
				return nil, err
			}
			continue
		}
		di, ok, err := cols.doc(cells, row, annotator, base)
		if err != nil {
			return nil, err
		}
		if !ok {
			if !blank(cells) {
				warn.Add(fmt.Sprintf("rows with an empty %q cell skipped", cols.header[cols.text]), 1)
			}
			continue
		}
		n++
		sum.Add(&di)
		if err := fn(di); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, row, err)
		}
	}
	if cols == nil {
		return nil, fmt.Errorf("%s: no header row (the table is empty)", file)
	}
	if n == 0 {
		return nil, fmt.Errorf("%s: no documents: every %q cell is empty", file, cols.header[cols.text])
	}
	imp := sum.Imported()
	imp.Warnings = warn.Lines()
	return imp, nil
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// collect turns a Stream into an Import.
func collect(stream func(string, formats.ImportOptions, func(model.DocumentImport) error) (*formats.Imported, error)) func(string, formats.ImportOptions) (*formats.Imported, error) {
	return func(path string, opts formats.ImportOptions) (*formats.Imported, error) {
		var docs []model.DocumentImport
		imp, err := stream(path, opts, func(d model.DocumentImport) error {
			docs = append(docs, d)
			return nil
		})
		if err != nil {
			return nil, err
		}
		imp.Docs = docs
		return imp, nil
	}
}

// StreamCSV reads a CSV table one document per row. UTF-8 only (with or
// without Excel's byte-order mark); the delimiter is whichever of , ; and
// tab the header row uses (Excel writes ";" in many locales).
func StreamCSV(path string, opts formats.ImportOptions, fn func(model.DocumentImport) error) (*formats.Imported, error) {
	f, err := formats.OpenProgress(path, opts.Progress)
	if err != nil {
		return nil, fmt.Errorf("import csv %s: %w", path, err)
	}
	defer f.Close()
	imp, err := readCSV(f, path, opts, fn)
	if err != nil {
		return nil, fmt.Errorf("import csv: %w", err)
	}
	return imp, nil
}

func readCSV(r io.Reader, file string, opts formats.ImportOptions, fn func(model.DocumentImport) error) (*formats.Imported, error) {
	br := newPeekReader(r)
	head, err := br.peekLine()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if bom := []byte("\xef\xbb\xbf"); bytes.HasPrefix(head, bom) {
		head = head[len(bom):]
		br.skip(len(bom)) // Excel's "CSV UTF-8"
	}
	cr := csv.NewReader(br)
	cr.Comma = sniffDelimiter(head)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	// Each record is bounded: a runaway quoted cell must not take all the
	// memory before csv.Reader returns it.
	br.limit = func() int64 { return cr.InputOffset() }
	lastLine := 0
	var start int64
	mixed := 0
	next := func() ([]string, int, error) {
		rec, err := cr.Read()
		if err != nil {
			var tl *formats.LineTooLongError
			var pe *csv.ParseError
			switch {
			case errors.Is(err, io.EOF):
				return nil, 0, io.EOF
			case errors.As(err, &tl):
				tl.File, tl.Line = file, lastLine+1
				return nil, 0, tl
			case errors.As(err, &pe):
				return nil, 0, fmt.Errorf("%s:%d: %w", file, pe.StartLine, pe.Err)
			}
			return nil, 0, fmt.Errorf("%s:%d: %w", file, lastLine+1, err)
		}
		line, _ := cr.FieldPos(0)
		lastLine = line
		end := cr.InputOffset()
		if !restoreCRLF(rec, br.crlfs.inRecord(start, end)) {
			mixed++
		}
		start = end
		for _, c := range rec {
			if !utf8.ValidString(c) {
				return nil, 0, fmt.Errorf("%s:%d: not UTF-8 (save the sheet as \"CSV UTF-8\" or \"Text CSV\" with the UTF-8 character set)", file, line)
			}
		}
		return rec, line, nil
	}
	imp, err := readRows(next, file, opts, fn)
	if err == nil && mixed > 0 {
		imp.Warnings = append(imp.Warnings, fmt.Sprintf("rows whose cells mix \\r\\n and \\n line breaks, read with \\n only: %d", mixed))
	}
	return imp, err
}

// sniffDelimiter picks the delimiter of a header line: the most frequent
// of , ; and tab outside quotes (comma on a tie).
func sniffDelimiter(head []byte) rune {
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(head) {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// peekReader lets the header line be looked at before csv.Reader reads
// it, and refuses to read more than formats.MaxLine bytes past the start
// of the record csv.Reader is on (limit reports where that is).
type peekReader struct {
	r      io.Reader
	peeked []byte
	read   int64
	limit  func() int64
	crlfs  crlfs
}

func newPeekReader(r io.Reader) *peekReader { return &peekReader{r: r} }

// peekLine reads up to the end of the first line (at most 1 MB).
func (p *peekReader) peekLine() ([]byte, error) {
	buf := make([]byte, 0, 4096)
	tmp := make([]byte, 4096)
	for len(buf) < 1<<20 {
		n, err := p.r.Read(tmp)
		buf = append(buf, tmp[:n]...)
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			p.peeked = buf
			return buf[:i], nil
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	p.peeked = buf
	if len(bytes.TrimSpace(buf)) == 0 {
		return nil, fmt.Errorf("the file is empty")
	}
	return buf, nil
}

func (p *peekReader) skip(n int) { p.peeked = p.peeked[n:] }

func (p *peekReader) Read(b []byte) (int, error) {
	if p.limit != nil && p.read-p.limit() > formats.MaxLine+1<<16 {
		return 0, &formats.LineTooLongError{Limit: formats.MaxLine}
	}
	var n int
	var err error
	if len(p.peeked) > 0 {
		n = copy(b, p.peeked)
		p.peeked = p.peeked[n:]
	} else {
		n, err = p.r.Read(b)
	}
	p.crlfs.scan(b[:n], p.read)
	p.read += int64(n)
	return n, err
}

// crlfs remembers where "\r\n" occurs in the input (offsets of the
// '\r'), because encoding/csv turns a "\r\n" inside a quoted cell into
// "\n": a text written on Windows would silently lose its '\r's and
// every offset after them would shift.
type crlfs struct {
	at     []int64
	prevCR bool
}

func (c *crlfs) scan(b []byte, base int64) {
	for i, x := range b {
		if x == '\n' && (c.prevCR || (i > 0 && b[i-1] == '\r')) {
			c.at = append(c.at, base+int64(i)-1)
		}
		c.prevCR = x == '\r'
	}
	if len(b) > 0 {
		c.prevCR = b[len(b)-1] == '\r'
	}
}

// inRecord pops the "\r\n"s before end (where csv.Reader's last record
// ended; it started at start) and counts those inside its cells: not the
// record's terminator, not blank lines before it.
func (c *crlfs) inRecord(start, end int64) int {
	n, next := 0, start
	for len(c.at) > 0 && c.at[0] < end {
		off := c.at[0]
		c.at = c.at[1:]
		switch {
		case off == next: // a blank line skipped before the record
			next += 2
		case off == end-2: // the record's own line end
		default:
			n++
		}
	}
	return n
}

// restoreCRLF puts back the "\r\n"s encoding/csv read as "\n" in rec's
// cells, when every line break in them was one (inside, from inRecord);
// it reports false when the cells mix "\n" and "\r\n", which cannot be
// told apart any more.
func restoreCRLF(rec []string, inside int) bool {
	if inside == 0 {
		return true
	}
	lf := 0
	for _, c := range rec {
		lf += strings.Count(c, "\n")
	}
	if lf != inside {
		return false
	}
	for i, c := range rec {
		rec[i] = strings.ReplaceAll(c, "\n", "\r\n")
	}
	return true
}

// StreamXLSX reads the first sheet of an Excel or LibreOffice workbook,
// one document per row (cells as the spreadsheet displays them).
func StreamXLSX(path string, opts formats.ImportOptions, fn func(model.DocumentImport) error) (*formats.Imported, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("import xlsx %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("import xlsx %s: not a regular file", path)
	}
	// The unzipped size is bounded too: an .xlsx is a zip archive.
	wb, err := excelize.OpenFile(path, excelize.Options{UnzipSizeLimit: 4 * formats.MaxLine, UnzipXMLSizeLimit: 16 << 20})
	if err != nil {
		return nil, fmt.Errorf("import xlsx %s: %w", path, err)
	}
	defer wb.Close()
	sheets := wb.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("import xlsx %s: the workbook has no sheets", path)
	}
	sheet := sheets[0]
	rows, err := wb.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("import xlsx %s: sheet %q: %w", path, sheet, err)
	}
	defer rows.Close()
	file := fmt.Sprintf("%s[%s]", path, sheet)
	row := 0
	next := func() ([]string, int, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, 0, fmt.Errorf("%s:%d: %w", file, row+1, err)
			}
			return nil, 0, io.EOF
		}
		row++
		cells, err := rows.Columns()
		if err != nil {
			return nil, 0, fmt.Errorf("%s:%d: %w", file, row, err)
		}
		return cells, row, nil
	}
	imp, err := readRows(next, file, opts, fn)
	if err != nil {
		return nil, fmt.Errorf("import xlsx: %w", err)
	}
	if len(sheets) > 1 {
		imp.Warnings = append(imp.Warnings, fmt.Sprintf("only the first sheet, %q, was read (the workbook has %d)", sheet, len(sheets)))
	}
	return imp, nil
}
