// Package webanno reads and writes WebAnno TSV 3.3, the format INCEpTION
// and WebAnno import and export. Offsets in the file are UTF-16 code units
// (INCEpTION is Java); Margin converts them with model.TextIndex.
//
// Export writes one NAME.tsv per document with a single span layer,
// webanno.custom.Margin, whose one feature "label" holds the Margin label
// (create a custom span layer "Margin" with a string feature "label" in
// INCEpTION to import it). Tokens and sentences are those of the CoNLL
// exporter (UAX #29 words; sentences split at line breaks).
//
// Import reads any file of that shape: every #T_SP span layer is read;
// the label is the feature named "label" or "value", else the first
// feature, else the layer's name; the other features become attributes.
// Chain (#T_CH) and relation (#T_RL) layers are skipped with a warning.
// The text is rebuilt from the #Text lines placed at their tokens' offsets;
// whitespace between sentences, which the format does not keep, becomes
// spaces and a line break of the same length, so offsets are exact.
package webanno

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/conll"
	"github.com/margin-app/margin/model"
)

// Layer is the span layer Margin writes.
const Layer = "webanno.custom.Margin"

// Format describes WebAnno TSV for the registry.
var Format = formats.Format{
	Name:        "webanno",
	Description: "WebAnno TSV 3.3 (INCEpTION): one .tsv per document, span layer webanno.custom.Margin with feature \"label\", UTF-16 offsets",
	Extensions:  []string{".tsv"},
	DirOutput:   true,
	Import:      Import,
	NewExporter: NewExporter,
}

// reserved characters, escaped with a backslash (backslash first).
var escaper = strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `|`, `\|`, `_`, `\_`, `->`, `\->`, `;`, `\;`, "\t", "\\\t", "\n", "\\\n", `*`, `\*`)

// Escape escapes a feature value.
func Escape(s string) string { return escaper.Replace(s) }

// textEscaper escapes #Text lines and token forms: only what would break
// the line structure (and the backslash, so unescaping is unambiguous).
var textEscaper = strings.NewReplacer(`\`, `\\`, "\t", "\\\t", "\n", "\\\n", "\r", "\\\r")

// Unescape removes backslash escapes.
func Unescape(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// splitUnescaped splits s at sep bytes that are not escaped.
func splitUnescaped(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == sep {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
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
	return out, nil
}

type layer struct {
	kind, name string
	feats      []string
	col        int // first feature column (0-based among feature columns)
	ncol       int
}

type spanKey struct {
	layer int
	id    string
}

type span struct {
	layer      int
	start, end int // UTF-16
	feats      map[string]string
	order      int
}

// Read parses one WebAnno TSV file; file names it in errors.
func Read(data []byte, file string, opts formats.ImportOptions) (model.DocumentImport, []string, error) {
	var di model.DocumentImport
	var warns []string
	annotator := formats.AnnotatorOr("", opts)
	var layers []layer
	ncols := 0
	type sent struct {
		text  string
		begin int // UTF-16 of the first token, -1 until known
	}
	var sents []sent
	inText := false
	spans := map[spanKey]*span{}
	var order []spanKey
	type tokRow struct {
		line       int
		begin, end int
		form       string
	}
	var toks []tokRow
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSuffix(sc.Text(), "\r")
		fail := func(format string, a ...any) error {
			return fmt.Errorf("%s:%d: %s", file, n, fmt.Sprintf(format, a...))
		}
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
			if !strings.HasPrefix(line, "#FORMAT=WebAnno TSV 3") {
				return di, nil, fail("want #FORMAT=WebAnno TSV 3.3 on the first line")
			}
			continue
		}
		switch {
		case strings.HasPrefix(line, "#T_SP=") || strings.HasPrefix(line, "#T_CH=") || strings.HasPrefix(line, "#T_RL="):
			kind := line[1:5]
			parts := strings.Split(line[6:], "|")
			l := layer{kind: kind, name: parts[0], feats: parts[1:], col: ncols}
			l.ncol = len(l.feats)
			if kind == "T_SP" && l.ncol == 0 {
				l.ncol = 1 // a layer without features still has a column
			}
			if kind != "T_SP" {
				warns = append(warns, fmt.Sprintf("%s layer %s skipped", kind, l.name))
			}
			ncols += l.ncol
			layers = append(layers, l)
			inText = false
		case strings.HasPrefix(line, "#Text="):
			t := Unescape(line[len("#Text="):])
			if inText && len(sents) > 0 {
				sents[len(sents)-1].text += "\n" + t
			} else {
				sents = append(sents, sent{text: t, begin: -1})
			}
			inText = true
		case strings.HasPrefix(line, "#"):
			inText = false // other headers such as #Sentence.id=
		case strings.TrimSpace(line) == "":
			inText = false
		default:
			inText = false
			if len(sents) == 0 {
				return di, nil, fail("token row before any #Text= line")
			}
			cols := splitUnescaped(line, '\t')
			if len(cols) != 3+ncols && !(len(cols) == 4+ncols && cols[len(cols)-1] == "") {
				return di, nil, fail("want %d tab-separated columns (id, offsets, token and %d feature columns), got %d", 3+ncols, ncols, len(cols))
			}
			b, e, ok := strings.Cut(cols[1], "-")
			begin, err1 := strconv.Atoi(b)
			end, err2 := strconv.Atoi(e)
			if !ok || err1 != nil || err2 != nil || begin < 0 || end < begin {
				return di, nil, fail("offsets %q: want BEGIN-END", cols[1])
			}
			if s := &sents[len(sents)-1]; s.begin < 0 {
				s.begin = begin
			}
			toks = append(toks, tokRow{n, begin, end, Unescape(cols[2])})
			for li, l := range layers {
				if l.kind != "T_SP" {
					continue
				}
				for fi := 0; fi < l.ncol; fi++ {
					cell := cols[3+l.col+fi]
					if cell == "_" || cell == "" {
						continue
					}
					for k, entry := range splitUnescaped(cell, '|') {
						id := ""
						if strings.HasSuffix(entry, "]") {
							if i := strings.LastIndex(entry, "["); i >= 0 && (i == 0 || entry[i-1] != '\\') {
								id, entry = entry[i+1:len(entry)-1], entry[:i]
								if _, err := strconv.Atoi(id); err != nil {
									return di, nil, fail("span id %q is not a number", id)
								}
							}
						}
						key := spanKey{li, id}
						if id == "" {
							key.id = fmt.Sprintf("row%d.%d", n, k)
						}
						sp := spans[key]
						if sp == nil {
							sp = &span{layer: li, start: begin, end: end, feats: map[string]string{}, order: len(order)}
							spans[key] = sp
							order = append(order, key)
						}
						sp.start, sp.end = min(sp.start, begin), max(sp.end, end)
						if entry != "*" && entry != "_" && l.ncol > 0 && fi < len(l.feats) {
							sp.feats[l.feats[fi]] = Unescape(entry)
						}
					}
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return di, nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(sents) == 0 {
		return di, nil, fmt.Errorf("%s: no #Text= sentences", file)
	}
	// Rebuild the text: each sentence at its first token's UTF-16 offset.
	var b strings.Builder
	u := 0 // UTF-16 length written
	for i, s := range sents {
		if s.begin < 0 {
			s.begin = u
			if i > 0 {
				s.begin++
			}
		}
		if s.begin < u {
			return di, nil, fmt.Errorf("%s: sentence %d starts at %d, inside the previous sentence (ends at %d)", file, i+1, s.begin, u)
		}
		if gap := s.begin - u; gap > 0 {
			b.WriteString(strings.Repeat(" ", gap-1))
			b.WriteString("\n")
		}
		b.WriteString(s.text)
		u = s.begin + utf16Len(s.text)
	}
	text := b.String()
	if err := formats.CheckText(text); err != nil {
		return di, nil, fmt.Errorf("%s: %w", file, err)
	}
	ix := model.NewTextIndex(text)
	cp := func(x int) (int, error) { return ix.UTF16ToCodePoint(x) }
	for _, t := range toks {
		s, err1 := cp(t.begin)
		e, err2 := cp(t.end)
		if err1 != nil || err2 != nil {
			return di, nil, fmt.Errorf("%s:%d: token offsets %d-%d are outside the text or split a character", file, t.line, t.begin, t.end)
		}
		if got := ix.Slice(s, e); got != t.form {
			return di, nil, fmt.Errorf("%s:%d: token %q but the #Text has %q at %d-%d (UTF-16)", file, t.line, t.form, got, t.begin, t.end)
		}
	}
	di.Doc = model.NewDocument{Name: strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)), Text: text}
	for _, k := range order {
		sp := spans[k]
		l := layers[sp.layer]
		s, err1 := cp(sp.start)
		e, err2 := cp(sp.end)
		if err1 != nil || err2 != nil || s >= e {
			return di, nil, fmt.Errorf("%s: span %s of layer %s has bad offsets %d-%d", file, k.id, l.name, sp.start, sp.end)
		}
		labelFeat := ""
		for _, f := range []string{"label", "value"} {
			if _, ok := sp.feats[f]; ok && labelFeat == "" {
				labelFeat = f
			}
		}
		if labelFeat == "" && len(l.feats) > 0 {
			if _, ok := sp.feats[l.feats[0]]; ok {
				labelFeat = l.feats[0]
			}
		}
		label := sp.feats[labelFeat]
		if label == "" {
			label = l.name[strings.LastIndex(l.name, ".")+1:]
		}
		a := model.Annotation{ID: formats.NewID(), Annotator: annotator, Label: label, Fragments: []model.Fragment{{Start: s, End: e}}}
		a.Text = ix.Slice(s, e)
		for f, v := range sp.feats {
			if f != labelFeat {
				if a.Attributes == nil {
					a.Attributes = map[string]any{}
				}
				a.Attributes[f] = v
			}
		}
		di.Annotations = append(di.Annotations, a)
	}
	return di, warns, nil
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r > 0xFFFF {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// Exporter writes NAME.tsv files into a folder.
type Exporter struct {
	dir        string
	names      formats.UniqueNamer
	report     formats.Counter
	annotators map[string]bool
}

// NewExporter creates dir; existing files are never overwritten.
func NewExporter(_ io.Writer, dir string, _ formats.ExportOptions) (formats.Exporter, error) {
	if dir == "" {
		return nil, fmt.Errorf("export webanno: an output folder is required")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("export webanno: %w", err)
	}
	return &Exporter{dir: dir, annotators: map[string]bool{}}, nil
}

// Write writes one document.
func (e *Exporter) Write(d formats.Layered) error {
	data, err := e.Render(d)
	if err != nil {
		return err
	}
	p := filepath.Join(e.dir, e.names.Fresh(formats.DocName(d.Doc))+".tsv")
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if os.IsExist(err) {
			return fmt.Errorf("export webanno: %s already exists; refusing to overwrite it", p)
		}
		return fmt.Errorf("export webanno: %w", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("export webanno: %w", err)
	}
	return f.Close()
}

// Render renders one document as WebAnno TSV 3.3.
func (e *Exporter) Render(d formats.Layered) ([]byte, error) {
	ix := model.NewTextIndex(d.Doc.Text)
	sents := conll.Tokenize(d.Doc.Text)
	var toks []conll.Token
	for _, s := range sents {
		toks = append(toks, s...)
	}
	type sp struct {
		lo, hi int // token range
		label  string
	}
	var spans []sp
	for _, a := range d.Annotations {
		e.annotators[a.Annotator] = true
		losses.Count(&e.report, &a)
		for _, f := range a.Fragments {
			if err := model.ValidateFragments([]model.Fragment{f}, ix.Len()); err != nil {
				return nil, fmt.Errorf("export webanno %q: annotation %s: %w", d.Doc.Name, a.ID, err)
			}
			lo := sort.Search(len(toks), func(i int) bool { return toks[i].End > f.Start })
			hi := lo
			for hi < len(toks) && toks[hi].Start < f.End {
				hi++
			}
			if lo == hi {
				e.report.Add("spans dropped: they cover no token (whitespace only)", 1)
				continue
			}
			if toks[lo].Start != f.Start || toks[hi-1].End != f.End {
				e.report.Add("spans not on token boundaries (widened to whole tokens)", 1)
			}
			spans = append(spans, sp{lo, hi, a.Label})
		}
	}
	if len(d.Relations) > 0 {
		e.report.Add("relations dropped (only the span layer is written)", len(d.Relations))
	}
	if len(d.DocLabels) > 0 {
		e.report.Add("document labels dropped", len(d.DocLabels))
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].lo < spans[j].lo })
	perTok := make([][]int, len(toks))
	for si, s := range spans {
		for t := s.lo; t < s.hi; t++ {
			perTok[t] = append(perTok[t], si)
		}
	}
	// A span needs an id when it covers several tokens or is stacked.
	ids := make([]int, len(spans))
	next := 1
	for si, s := range spans {
		need := s.hi-s.lo > 1
		for t := s.lo; t < s.hi && !need; t++ {
			need = len(perTok[t]) > 1
		}
		if need {
			ids[si] = next
			next++
		}
	}
	var b bytes.Buffer
	b.WriteString("#FORMAT=WebAnno TSV 3.3\n#T_SP=" + Layer + "|label\n\n\n")
	ti := 0
	for si, s := range sents {
		start, end := s[0].Start, s[len(s)-1].End
		for _, line := range strings.Split(ix.Slice(start, end), "\n") {
			b.WriteString("#Text=" + textEscaper.Replace(line) + "\n")
		}
		for k, t := range s {
			cell := "_"
			if len(perTok[ti]) > 0 {
				parts := make([]string, len(perTok[ti]))
				for j, x := range perTok[ti] {
					v := "*"
					if spans[x].label != "" {
						v = Escape(spans[x].label)
					}
					if ids[x] > 0 {
						v += "[" + strconv.Itoa(ids[x]) + "]"
					}
					parts[j] = v
				}
				cell = strings.Join(parts, "|")
			}
			fmt.Fprintf(&b, "%d-%d\t%d-%d\t%s\t%s\t\n", si+1, k+1, ix.CodePointToUTF16(t.Start), ix.CodePointToUTF16(t.End), textEscaper.Replace(t.Text), cell)
			ti++
		}
		b.WriteString("\n")
	}
	return b.Bytes(), nil
}

// Close has nothing to finish: every file is complete after Write.
func (e *Exporter) Close() error { return nil }

// Report lists what the export could not hold.
func (e *Exporter) Report() []string {
	out := e.report.Lines()
	if len(e.annotators) > 1 {
		out = append(out, fmt.Sprintf("layers of %d annotators merged into one span layer", len(e.annotators)))
	}
	for _, r := range e.names.Renamed() {
		out = append(out, "document file renamed: "+r)
	}
	return out
}

// losses is what an annotation loses when written in this format.
var losses = formats.Losses{
	Discontinuous: "discontinuous annotations written as one span per fragment",
	Attributes:    "annotations whose attributes were dropped (only the label feature is written)",
	Note:          "annotation notes dropped",
}
