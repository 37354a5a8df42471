// Package conll writes token-per-line NER data (token<TAB>tag, IOB2 or
// BIOES) and reads CoNLL-2003 style files (4 columns "word POS chunk NE",
// IOB1 or IOB2, or any file whose last column is the tag).
//
// Tokenizer (export): sentences are Unicode sentence segments (UAX #29,
// github.com/rivo/uniseg) additionally split at every line break, and
// tokens are the UAX #29 word segments that are not whitespace. So
// "30-day" is three tokens "30" "-" "day", punctuation and every emoji are
// tokens of their own, and CJK ideographs are one token each.
//
// One tag per token cannot hold overlapping or nested spans: the longest
// span wins, ties go to the one that starts first (then to the first given),
// and every span that loses is counted in the report. Spans that do not
// start and end on token boundaries are widened to whole tokens and
// counted.
package conll

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
	"github.com/rivo/uniseg"
)

// Format describes CoNLL for the registry.
var Format = formats.Format{
	Name: "conll",
	Description: "CoNLL token<TAB>tag (IOB2 or BIOES), blank line between sentences, -DOCSTART- per document. " +
		"Tokens: Unicode (UAX #29) word segments, sentences split at sentence ends and line breaks; " +
		"overlaps keep the longest span. Import reads CoNLL-2003 (IOB1/IOB2) and 2-column files, rebuilding the text: a space between tokens, except inside Chinese, Japanese or Thai text, before closing punctuation and clitics ('s, n't) and after opening brackets",
	Extensions:  []string{".conll", ".txt", ".tsv", ".iob", ".bio"},
	Import:      Import,
	NewExporter: NewExporter,
}

// Token is a token of a text, in code points.
type Token struct {
	Start, End int
	Text       string
}

// Tokenize splits text into sentences of tokens (see the package comment).
func Tokenize(text string) [][]Token {
	var sents [][]Token
	cp := 0 // code point offset of rest
	rest := text
	state := -1
	for len(rest) > 0 {
		var sent string
		sent, rest, state = uniseg.FirstSentenceInString(rest, state)
		var cur []Token
		flush := func() {
			if len(cur) > 0 {
				sents = append(sents, cur)
				cur = nil
			}
		}
		wrest, wstate := sent, -1
		for len(wrest) > 0 {
			var w string
			w, wrest, wstate = uniseg.FirstWordInString(wrest, wstate)
			n := utf8.RuneCountInString(w)
			if strings.TrimFunc(w, unicode.IsSpace) == "" {
				if strings.ContainsAny(w, "\n\r\u2028\u2029\u0085") {
					flush()
				}
			} else {
				cur = append(cur, Token{Start: cp, End: cp + n, Text: w})
			}
			cp += n
		}
		flush()
	}
	return sents
}

// Import reads a CoNLL file.
func Import(path string, opts formats.ImportOptions) (*formats.Imported, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("import conll %s: %w", path, err)
	}
	defer f.Close()
	docs, err := Read(f, path, opts)
	if err != nil {
		return nil, fmt.Errorf("import conll: %w", err)
	}
	return &formats.Imported{Docs: docs, Labels: formats.LabelsFor(formats.LabelNames(docs))}, nil
}

// Read parses CoNLL data. Columns are separated by tabs or spaces; the
// first is the token and the last the tag. Tags are decoded leniently so
// that IOB1, IOB2, BIOES and BILOU all work: B/S/U always start a chunk,
// I/E/L continue a chunk of the same type or start one, E/L/S/U end it.
// The text is rebuilt with a newline between sentences and a space between
// tokens, except where the writing has none (spaceBetween); offsets are
// code points of that text.
func Read(r io.Reader, file string, opts formats.ImportOptions) ([]model.DocumentImport, error) {
	annotator := formats.AnnotatorOr("", opts)
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	var (
		docs    []model.DocumentImport
		b       strings.Builder
		cp      int // code points written to b
		sentTok int // tokens in the current sentence
		prevTok string
		anns    []model.Annotation
		chunk   *model.Annotation
	)
	closeChunk := func() {
		if chunk != nil {
			anns = append(anns, *chunk)
			chunk = nil
		}
	}
	endDoc := func() {
		closeChunk()
		if strings.TrimSpace(b.String()) != "" {
			text := b.String()
			ix := model.NewTextIndex(text)
			for i := range anns {
				anns[i].Text = model.CoveredText(ix, anns[i].Fragments)
			}
			docs = append(docs, model.DocumentImport{
				Doc:         model.NewDocument{Name: fmt.Sprintf("%s-%d", base, len(docs)+1), Text: text},
				Annotations: anns,
			})
		}
		b.Reset()
		cp, sentTok, anns = 0, 0, nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("%s:%d: invalid UTF-8", file, n)
		}
		cols := strings.Fields(line)
		if len(cols) == 0 {
			// Sentence end.
			closeChunk()
			sentTok = 0
			continue
		}
		if cols[0] == "-DOCSTART-" {
			endDoc()
			continue
		}
		if len(cols) < 2 {
			return nil, fmt.Errorf("%s:%d: want a token and a tag separated by a tab or space, got %q", file, n, line)
		}
		tok, tag := cols[0], cols[len(cols)-1]
		if sentTok == 0 && cp > 0 {
			b.WriteByte('\n')
			cp++
		} else if sentTok > 0 && spaceBetween(prevTok, tok) {
			b.WriteByte(' ')
			cp++
		}
		prevTok = tok
		start := cp
		b.WriteString(tok)
		cp += utf8.RuneCountInString(tok)
		sentTok++
		if tag == "O" {
			closeChunk()
			continue
		}
		prefix, typ, ok := strings.Cut(tag, "-")
		if !ok || typ == "" || len(prefix) != 1 || !strings.Contains("BIESLU", prefix) {
			return nil, fmt.Errorf("%s:%d: tag %q is not O or B-/I-/E-/S-/L-/U- followed by a type", file, n, tag)
		}
		switch prefix {
		case "B", "S", "U":
			closeChunk()
		case "I", "E", "L":
			if chunk != nil && chunk.Label != typ {
				closeChunk()
			}
		}
		if chunk == nil {
			chunk = &model.Annotation{ID: formats.NewID(), Annotator: annotator, Label: typ, Fragments: []model.Fragment{{Start: start}}}
		}
		chunk.Fragments[0].End = cp
		if prefix == "E" || prefix == "S" || prefix == "L" || prefix == "U" {
			closeChunk()
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	endDoc()
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: no tokens (the file is empty)", file)
	}
	return docs, nil
}

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
	sents := Tokenize(d.Doc.Text)
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

// spaceBetween says whether the rebuilt text has a space between two
// tokens of a sentence. CoNLL keeps no whitespace, so this undoes the
// usual tokenization: no space inside Chinese, Japanese or Thai text
// (character-per-line corpora such as MSRA NER would otherwise read
// "停 火"), before closing punctuation and English clitics ("lamb ." and
// "Trump 's" in CoNLL-2003), or after an opening bracket. Quotes and
// hyphens keep their spaces: which side they attach to is not known.
func spaceBetween(prev, tok string) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	first, _ := utf8.DecodeRuneInString(tok)
	if unspaced(last) && unspaced(first) {
		return false
	}
	switch tok {
	case ",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "...", "'s", "'S", "n't", "N'T", "'re", "'ve", "'ll", "'d", "'m":
		return false
	}
	switch prev {
	case "(", "[", "{":
		return false
	}
	return true
}

// unspaced says whether r belongs to a script written without spaces
// between words (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar), or
// is CJK punctuation or a full-width form.
func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar) ||
		(r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef)
}
