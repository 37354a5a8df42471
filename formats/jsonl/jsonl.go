// Package jsonl reads and writes Margin's own lossless JSON-lines form:
// one document per line with its text and every layer.
package jsonl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// Record is one line.
type Record struct {
	ID          int64              `json:"id,omitempty"`
	Name        string             `json:"name,omitempty"`
	SHA256      string             `json:"sha256,omitempty"`
	Meta        json.RawMessage    `json:"meta,omitempty"`
	Text        string             `json:"text"`
	Annotations []model.Annotation `json:"annotations"`
	Relations   []model.Relation   `json:"relations"`
	DocLabels   []model.DocLabel   `json:"doc_labels"`
	Verdicts    []model.Verdict    `json:"verdicts,omitempty"`
}

// Writer writes records, one per line.
type Writer struct {
	enc *json.Encoder
}

// NewWriter returns a writer on w.
func NewWriter(w io.Writer) *Writer {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &Writer{enc: enc}
}

// Write writes one document with its layers.
func (w *Writer) Write(d formats.Layered) error {
	rec := Record{
		ID: d.Doc.ID, Name: d.Doc.Name, SHA256: d.Doc.SHA256, Meta: d.Doc.Meta, Text: d.Doc.Text,
		Annotations: nonNil(d.Annotations), Relations: nonNil(d.Relations), DocLabels: nonNil(d.DocLabels),
		Verdicts: d.Verdicts,
	}
	if err := w.enc.Encode(rec); err != nil {
		return fmt.Errorf("write jsonl %q: %w", d.Doc.Name, err)
	}
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Read parses every line of r. file names the input in errors. A line
// longer than formats.MaxLine is refused. Blank lines are skipped. A malformed line stops the read
// with an error naming file and line, so the caller can refuse the file.
// defaultAnnotator fills annotations and labels without one.
func Read(r io.Reader, file, defaultAnnotator string) ([]model.DocumentImport, error) {
	lr := formats.NewLineReader(r, file, formats.MaxLine)
	var out []model.DocumentImport
	for {
		raw, line, err := lr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err // names file and line
		}
		if len(bytes.TrimSpace(raw)) > 0 {
			if line == 1 {
				raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
			}
			di, perr := parseLine(raw, defaultAnnotator)
			if perr != nil {
				return nil, fmt.Errorf("%s:%d: %w", file, line, perr)
			}
			out = append(out, di)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no documents (the file is empty)", file)
	}
	return out, nil
}

func parseLine(raw []byte, defaultAnnotator string) (model.DocumentImport, error) {
	var di model.DocumentImport
	// encoding/json would silently turn invalid UTF-8 into U+FFFD.
	if !utf8.Valid(raw) {
		return di, fmt.Errorf("invalid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var rec Record
	if err := dec.Decode(&rec); err != nil {
		return di, fmt.Errorf("malformed JSON: %w", err)
	}
	if dec.More() {
		return di, fmt.Errorf("more than one JSON value on the line")
	}
	if strings.TrimSpace(rec.Text) == "" {
		return di, fmt.Errorf(`missing or empty "text"`)
	}
	if strings.ContainsRune(rec.Text, 0) {
		return di, fmt.Errorf(`"text" contains a NUL character`)
	}
	if rec.SHA256 != "" && rec.SHA256 != model.TextSHA256(rec.Text) {
		return di, fmt.Errorf(`"sha256" does not match the text`)
	}
	di.Doc = model.NewDocument{Name: rec.Name, Text: rec.Text, Meta: rec.Meta}
	if di.Doc.Name == "" {
		di.Doc.Name = model.TextSHA256(rec.Text)[:12]
	}
	ix := model.NewTextIndex(rec.Text)
	for i := range rec.Annotations {
		a := rec.Annotations[i]
		if a.Annotator == "" {
			a.Annotator = defaultAnnotator
		}
		if err := a.Validate(ix); err != nil {
			return di, err
		}
		di.Annotations = append(di.Annotations, a)
	}
	for _, r := range rec.Relations {
		if r.Annotator == "" {
			r.Annotator = defaultAnnotator
		}
		di.Relations = append(di.Relations, r)
	}
	di.Verdicts = rec.Verdicts
	for _, l := range rec.DocLabels {
		if l.Annotator == "" {
			l.Annotator = defaultAnnotator
		}
		di.DocLabels = append(di.DocLabels, l)
	}
	return di, nil
}
