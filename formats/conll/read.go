package conll

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// Import reads a CoNLL file.
func Import(path string, opts formats.ImportOptions) (*formats.Imported, error) {
	var docs []model.DocumentImport
	if _, err := Stream(path, opts, func(di model.DocumentImport) error {
		docs = append(docs, di)
		return nil
	}); err != nil {
		return nil, err
	}
	return &formats.Imported{Docs: docs, Labels: formats.LabelsFor(formats.LabelNames(docs))}, nil
}

// Stream reads a CoNLL file one document (-DOCSTART- section) at a time,
// so memory holds one document, not the corpus.
func Stream(path string, opts formats.ImportOptions, fn func(model.DocumentImport) error) (*formats.Imported, error) {
	return formats.StreamFile("conll", path, opts, ReadEach, fn)
}

// Read parses CoNLL data into documents (see ReadEach).
func Read(r io.Reader, file string, opts formats.ImportOptions) ([]model.DocumentImport, error) {
	return formats.Collect(r, file, opts, ReadEach)
}

// ReadEach parses CoNLL data and calls fn with every document. Columns are separated by tabs or spaces; the
// first is the token and the last the tag. Tags are decoded leniently so
// that IOB1, IOB2, BIOES and BILOU all work: B/S/U always start a chunk,
// I/E/L continue a chunk of the same type or start one, E/L/S/U end it.
// The text is rebuilt with a newline between sentences and a space between
// tokens, except where the writing has none (spaceBetween); offsets are
// code points of that text. The file's own tokens are recorded in the
// document's meta (see Sentences), so exports keep them.
func ReadEach(r io.Reader, file string, opts formats.ImportOptions, fn func(model.DocumentImport) error) error {
	annotator := formats.AnnotatorOr("", opts)
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	var (
		ndocs   int
		b       strings.Builder
		sents   [][][2]int // the file's tokens, code points of the text
		cp      int        // code points written to b
		sentTok int        // tokens in the current sentence
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
	endDoc := func() error {
		closeChunk()
		defer func() {
			b.Reset()
			cp, sentTok, anns, sents = 0, 0, nil, nil
		}()
		if strings.TrimSpace(b.String()) == "" {
			return nil
		}
		text := b.String()
		ix := model.NewTextIndex(text)
		for i := range anns {
			anns[i].Text = model.CoveredText(ix, anns[i].Fragments)
		}
		meta, err := TokensMeta(sents)
		if err != nil {
			return err
		}
		ndocs++
		return fn(model.DocumentImport{
			Doc:         model.NewDocument{Name: fmt.Sprintf("%s-%d", base, ndocs), Text: text, Meta: meta},
			Annotations: anns,
			Index:       ix,
		})
	}
	lr := newLineReader(r, file)
	for {
		line, n, err := lr.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if !utf8.ValidString(line) {
			return fmt.Errorf("%s:%d: invalid UTF-8", file, n)
		}
		cols := strings.Fields(line)
		if len(cols) == 0 {
			// Sentence end.
			closeChunk()
			sentTok = 0
			continue
		}
		if cols[0] == "-DOCSTART-" {
			if err := endDoc(); err != nil {
				return err
			}
			continue
		}
		if len(cols) < 2 {
			return fmt.Errorf("%s:%d: want a token and a tag separated by a tab or space, got %q", file, n, line)
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
		if sentTok == 0 {
			sents = append(sents, nil)
		}
		sents[len(sents)-1] = append(sents[len(sents)-1], [2]int{start, cp})
		sentTok++
		if tag == "O" {
			closeChunk()
			continue
		}
		prefix, typ, ok := strings.Cut(tag, "-")
		if !ok || typ == "" || len(prefix) != 1 || !strings.Contains("BIESLU", prefix) {
			return fmt.Errorf("%s:%d: tag %q is not O or B-/I-/E-/S-/L-/U- followed by a type", file, n, tag)
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
	if err := endDoc(); err != nil {
		return err
	}
	if ndocs == 0 {
		return fmt.Errorf("%s: no tokens (the file is empty)", file)
	}
	return nil
}
