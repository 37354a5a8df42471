package webanno

import (
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
	// A document imported from CoNLL keeps its own tokens.
	sents, _, terr := conll.Sentences(d.Doc)
	if terr != nil {
		e.report.Add("documents retokenized: their recorded CoNLL tokenization does not fit the text", 1)
	}
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
	// As INCEpTION's Tsv3XSerializer: the header, an empty line, then
	// every sentence after an empty line.
	b.WriteString("#FORMAT=WebAnno TSV 3.3\n#T_SP=" + Layer + "|label\n\n")
	if len(sents) > 0 && sents[0][0].Start > 0 {
		e.report.Add("documents whose leading whitespace was written as spaces (the format starts the text at the first sentence)", 1)
	}
	ti := 0
	for si, s := range sents {
		start, end := s[0].Start, s[len(s)-1].End
		end = sentenceEnd(ix, sents, si, end)
		b.WriteString("\n")
		for _, line := range strings.Split(ix.Slice(start, end), "\n") {
			b.WriteString("#Text=" + EscapeText(line) + "\n")
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
			// The token as it is in the text, as INCEpTION writes it
			// (tokens never hold whitespace, so no tab or line break).
			fmt.Fprintf(&b, "%d-%d\t%d-%d\t%s\t%s\t\n", si+1, k+1, ix.CodePointToUTF16(t.Start), ix.CodePointToUTF16(t.End), t.Text, cell)
			ti++
		}
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

// sentenceEnd is where sentence si's #Text ends. A reader (INCEpTION's and
// Margin's) puts a line break after each sentence and fills the rest of the
// gap to the next one with spaces, so a gap of that shape (or none) is left
// out; any other whitespace after the sentence (a space, "\r\n", blank
// lines, the document's final newline) is written as part of the
// sentence's text, so that the text reads back exactly.
func sentenceEnd(ix *model.TextIndex, sents [][]conll.Token, si, end int) int {
	next := ix.Len()
	if si+1 < len(sents) {
		next = sents[si+1][0].Start
	}
	gap := ix.Slice(end, next)
	if si+1 < len(sents) && (gap == "" || (strings.HasPrefix(gap, "\n") && strings.Trim(gap[1:], " ") == "")) {
		return end
	}
	return next
}
