package conll

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/margin-app/margin/formats"
)

// Exporter writes token<TAB>tag lines.
type Exporter struct {
	w          *bufio.Writer
	bioes      bool
	report     formats.Counter
	annotators map[string]bool
}

// NewExporter writes CoNLL to w in the scheme "iob2" (default) or "bioes".
func NewExporter(w io.Writer, _ string, opts formats.ExportOptions) (formats.Exporter, error) {
	if w == nil {
		return nil, fmt.Errorf("export conll: no output stream")
	}
	e := &Exporter{w: bufio.NewWriter(w), annotators: map[string]bool{}}
	switch strings.ToLower(opts.Scheme) {
	case "", "iob2", "bio":
	case "bioes", "iobes":
		e.bioes = true
	default:
		return nil, fmt.Errorf("export conll: unknown tag scheme %q; want iob2 or bioes", opts.Scheme)
	}
	return e, nil
}

type span struct {
	start, end int
	label      string
	order      int
}

// Write tags one document's tokens.
func (e *Exporter) Write(d formats.Layered) error {
	sents, _, terr := Sentences(d.Doc)
	if terr != nil {
		e.report.Add("documents retokenized: their recorded CoNLL tokenization does not fit the text", 1)
	}
	var toks []Token
	sentOf := []int{}
	for si, s := range sents {
		toks = append(toks, s...)
		for range s {
			sentOf = append(sentOf, si)
		}
	}
	var spans []span
	for _, a := range d.Annotations {
		e.annotators[a.Annotator] = true
		losses.Count(&e.report, &a)
		if strings.ContainsAny(a.Label, " \t") {
			e.report.Add("labels with spaces written with '_'", 1)
		}
		for _, f := range a.Fragments {
			spans = append(spans, span{f.Start, f.End, strings.Join(strings.Fields(a.Label), "_"), len(spans)})
		}
	}
	if len(d.Relations) > 0 {
		e.report.Add("relations dropped (CoNLL has none)", len(d.Relations))
	}
	if len(d.DocLabels) > 0 {
		e.report.Add("document labels dropped (CoNLL has none)", len(d.DocLabels))
	}
	// Longest first, then earliest start, then input order.
	sort.SliceStable(spans, func(i, j int) bool {
		li, lj := spans[i].end-spans[i].start, spans[j].end-spans[j].start
		if li != lj {
			return li > lj
		}
		if spans[i].start != spans[j].start {
			return spans[i].start < spans[j].start
		}
		return spans[i].order < spans[j].order
	})
	owner := make([]int, len(toks)) // span index + 1, 0 = O
	for si, sp := range spans {
		// Tokens overlapping the span.
		lo := sort.Search(len(toks), func(i int) bool { return toks[i].End > sp.start })
		hi := lo
		for hi < len(toks) && toks[hi].Start < sp.end {
			hi++
		}
		if lo == hi {
			e.report.Add("spans dropped: they cover no token (whitespace only)", 1)
			continue
		}
		free := true
		for i := lo; i < hi; i++ {
			if owner[i] != 0 {
				free = false
				break
			}
		}
		if !free {
			e.report.Add("overlapping or nested spans dropped (one tag per token; the longest span is kept)", 1)
			continue
		}
		if toks[lo].Start != sp.start || toks[hi-1].End != sp.end {
			e.report.Add("spans not on token boundaries (widened to whole tokens)", 1)
		}
		if sentOf[lo] != sentOf[hi-1] {
			e.report.Add("spans crossing a sentence boundary (split into one chunk per sentence)", 1)
		}
		for i := lo; i < hi; i++ {
			owner[i] = si + 1
		}
	}
	e.w.WriteString("-DOCSTART-\tO\n\n")
	for i, t := range toks {
		if i > 0 && sentOf[i] != sentOf[i-1] {
			e.w.WriteString("\n")
		}
		tag := "O"
		if o := owner[i]; o != 0 {
			first := i == 0 || owner[i-1] != o || sentOf[i-1] != sentOf[i]
			last := i == len(toks)-1 || owner[i+1] != o || sentOf[i+1] != sentOf[i]
			p := "I"
			switch {
			case e.bioes && first && last:
				p = "S"
			case first:
				p = "B"
			case e.bioes && last:
				p = "E"
			}
			tag = p + "-" + spans[o-1].label
		}
		e.w.WriteString(t.Text + "\t" + tag + "\n")
	}
	if len(toks) > 0 {
		e.w.WriteString("\n")
	}
	if err := e.w.Flush(); err != nil {
		return fmt.Errorf("export conll %q: %w", d.Doc.Name, err)
	}
	return nil
}

// Close flushes the output.
func (e *Exporter) Close() error {
	if err := e.w.Flush(); err != nil {
		return fmt.Errorf("export conll: %w", err)
	}
	return nil
}

// Report lists what CoNLL could not hold.
func (e *Exporter) Report() []string {
	out := e.report.Lines()
	if len(e.annotators) > 1 {
		out = append(out, fmt.Sprintf("layers of %d annotators merged into one tag column (overlaps between them resolved as above)", len(e.annotators)))
	}
	return out
}

// losses is what an annotation loses when written in this format.
var losses = formats.Losses{
	Discontinuous: "discontinuous annotations written as one chunk per fragment",
	Attributes:    "annotations whose attributes were dropped (CoNLL has only tags)",
	Note:          "annotation notes dropped",
}
