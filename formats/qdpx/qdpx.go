// Package qdpx reads and writes REFI-QDA project exchange files (.qdpx),
// the format MAXQDA, ATLAS.ti, NVivo and QualCoder exchange projects in: a
// zip holding project.qde (XML, schema Project-mrt2019.xsd of REFI-QDA
// 1.5) and a sources folder with the source files, named by GUID.
//
// Mapping: text sources -> documents (plain text from the sources folder,
// an external file or PlainTextContent; UTF-8); codes -> labels with
// colour, description and parent (the code tree); each Coding of a
// PlainTextSelection -> one annotation in the layer of its user;
// selection descriptions and notes -> the annotation's note; source
// descriptions, notes, variables and cases -> document metadata
// (description, notes, variables, cases); links between two selections
// -> relations named by the link. Positions are Unicode code points from
// 0, end exclusive (REFI-QDA 10.2), which is Margin's own convention.
//
// PDFs come in as their plain text representation (10.3). Pictures,
// audio and video, sets and graphs have no place in Margin; an import
// counts what it skipped in its warnings, an export what it could not
// write (attributes, document labels, other metadata) in its report.
package qdpx

import (
	"fmt"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// Format describes REFI-QDA for the registry.
var Format = formats.Format{
	Name:        "qdpx",
	Description: "REFI-QDA project (.qdpx: project.qde + sources) as MAXQDA, ATLAS.ti, NVivo and QualCoder exchange it: text sources, codebook with hierarchy and colours, codings per user, notes, variables",
	Extensions:  []string{".qdpx"},
	Import:      Import,
	Stream:      Stream,
	NewExporter: NewExporter,
}

// Import reads a .qdpx file whole.
func Import(path string, opts formats.ImportOptions) (*formats.Imported, error) {
	var docs []model.DocumentImport
	imp, err := Stream(path, opts, func(d model.DocumentImport) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	imp.Docs = docs
	return imp, nil
}

// Stream reads a .qdpx file one text source at a time (see
// formats.Format.Stream): project.qde is read twice, first for the
// users, codebook, variables, cases, notes and links, then for the
// sources.
func Stream(path string, opts formats.ImportOptions, fn func(model.DocumentImport) error) (*formats.Imported, error) {
	a, err := openArchive(path)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	var warn formats.Counter
	p, err := readProject(a, &warn)
	if err != nil {
		return nil, err
	}
	var sum formats.Summary // relation types, without holding the documents
	err = streamSources(a, p, opts, func(d model.DocumentImport) error {
		sum.Add(&d)
		return fn(d)
	})
	if err != nil {
		return nil, err
	}
	unused := 0
	for g := range p.notes {
		if !p.used[g] {
			unused++
		}
	}
	warn.Add("notes not attached to an imported source, selection or code (project memos) not imported", unused)
	for _, p := range a.external {
		warn.Add(fmt.Sprintf("text read from outside the archive: %s", p), 1)
	}
	if opts.Progress != nil && a.size > 0 {
		opts.Progress(a.size, a.size)
	}
	return &formats.Imported{
		Labels:    p.labels,
		Relations: sum.Imported().Relations,
		Warnings:  warn.Lines(),
	}, nil
}

// errNoWriter is returned when the exporter has no stream to write to.
var errNoWriter = fmt.Errorf("export qdpx: no output stream")
