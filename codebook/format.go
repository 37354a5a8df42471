package codebook

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/margin-app/margin/model"
)

// Format is a codebook's file format.
type Format string

// The formats Write knows.
const (
	Markdown Format = "md"
	HTML     Format = "html"
)

// Formats lists the formats, the default first.
var Formats = []Format{Markdown, HTML}

// ErrUnknownFormat is wrapped by ParseFormat's refusal.
var ErrUnknownFormat = errors.New("unknown codebook format")

// ParseFormat accepts md, markdown and html (any case).
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "md", "markdown":
		return Markdown, nil
	case "html", "htm":
		return HTML, nil
	}
	return "", fmt.Errorf("codebook format %q: %w; want md or html", s, ErrUnknownFormat)
}

// Ext is the file name extension of f, with the dot.
func (f Format) Ext() string { return "." + string(f) }

// Write prints the codebook of s, titled title (the project's name), in
// format f.
func Write(w io.Writer, f Format, title string, s *model.Schema) error {
	if s == nil {
		s = &model.Schema{}
	}
	switch f {
	case Markdown:
		return writeMarkdown(w, title, s)
	case HTML:
		return writeHTML(w, title, s)
	}
	return fmt.Errorf("codebook format %q: %w", f, ErrUnknownFormat)
}

// relationEnds describes the labels allowed at one end of a relation type.
func relationEnds(names []string) string {
	if len(names) == 0 {
		return "(no label)"
	}
	return strings.Join(names, ", ")
}

// attrValues describes an attribute's values for the codebook's table.
func attrValues(a model.AttributeDef) string {
	switch a.Type {
	case model.AttrEnum:
		return strings.Join(a.Values, ", ")
	case model.AttrBool:
		return "true, false"
	case model.AttrNumber:
		return "a number"
	}
	return "free text"
}

// choice says how many values of a document label set a document takes.
func choice(d model.DocLabelSet) string {
	if d.Multiple {
		return "any number of the values"
	}
	return "one value"
}

// overlap says whether spans may overlap.
func overlap(s *model.Schema) string {
	if s.AllowOverlap {
		return "Spans may overlap."
	}
	return "Spans may not overlap."
}
