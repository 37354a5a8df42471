// Package brat reads and writes brat standoff corpora: NAME.txt + NAME.ann
// pairs and an annotation.conf, in a folder or a .zip. Offsets are code
// points, as in brat's Python server and in Margin. See ann.go for how
// events, attributes, normalisations and notes map onto Margin's model.
package brat

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/text"
	"github.com/margin-app/margin/model"
)

// Format describes brat for the registry.
var Format = formats.Format{
	Name:        "brat",
	Description: "brat standoff: NAME.txt + NAME.ann per document and annotation.conf, in a folder (import: folder or .zip); discontinuous spans, relations, events, equivalences, attributes, notes",
	Extensions:  []string{".zip", ".ann"},
	DirOutput:   true,
	Import:      Import,
	Stream:      Stream,
	NewExporter: NewExporter,
}

// Import reads a brat corpus from a folder or a .zip archive.
func Import(p string, opts formats.ImportOptions) (*formats.Imported, error) {
	var docs []model.DocumentImport
	imp, err := Stream(p, opts, func(d model.DocumentImport) error {
		docs = append(docs, d)
		return nil
	})
	if err != nil {
		return nil, err
	}
	imp.Docs = docs
	return imp, nil
}

// Stream reads a brat corpus one document at a time (see
// formats.Format.Stream): memory holds the file list, the conf and one
// document.
func Stream(p string, opts formats.ImportOptions, fn func(model.DocumentImport) error) (*formats.Imported, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("import brat %s: %w", p, err)
	}
	if st.IsDir() {
		src, err := folderSource(p)
		if err != nil {
			return nil, fmt.Errorf("import brat %s: %w", p, err)
		}
		return readSource(src, opts, fn)
	}
	if !strings.EqualFold(filepath.Ext(p), ".zip") {
		return nil, fmt.Errorf("import brat %s: want a folder or a .zip of .txt/.ann files", p)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("import brat: %w", &formats.NotRegularError{Path: p, Mode: st.Mode()})
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, fmt.Errorf("import brat %s: %w", p, err)
	}
	defer zr.Close()
	src, err := zipSource(p, &zr.Reader)
	if err != nil {
		return nil, fmt.Errorf("import brat: %w", err)
	}
	return readSource(src, opts, fn)
}

// readSource reads every NAME.txt (with NAME.ann when present) and every
// annotation.conf of src, handing fn one document at a time. Any error
// rejects the whole corpus (the caller's transaction is not committed).
func readSource(src *source, opts formats.ImportOptions, fn func(model.DocumentImport) error) (*formats.Imported, error) {
	root := src.root
	var txts, confs []string
	anns := map[string]bool{}
	for _, f := range src.files {
		switch {
		case path.Base(f) == "annotation.conf":
			confs = append(confs, f)
		case strings.HasSuffix(f, ".txt"):
			txts = append(txts, f)
		case strings.HasSuffix(f, ".ann"):
			anns[strings.TrimSuffix(f, ".ann")] = true
		}
	}
	sort.Strings(txts)
	sort.Strings(confs)
	haveTxt := map[string]bool{}
	for _, t := range txts {
		haveTxt[strings.TrimSuffix(t, ".txt")] = true
	}
	for _, a := range sortedKeys(anns) {
		if !haveTxt[a] {
			return nil, fmt.Errorf("import brat %s: %s.ann has no matching .txt file", root, a)
		}
	}
	if len(txts) == 0 {
		return nil, fmt.Errorf("import brat %s: no .txt files", root)
	}
	annotator := formats.AnnotatorOr("", opts)
	conf := &Conf{}
	for _, c := range confs {
		data, err := src.read(c)
		if err != nil {
			return nil, fmt.Errorf("import brat %s: %w", root, err)
		}
		cf, err := ParseConf(data, path.Join(root, c))
		if err != nil {
			return nil, fmt.Errorf("import brat: %w", err)
		}
		conf.merge(cf)
	}
	var (
		warn formats.Counter
		used []string // labels, first-seen order
		seen = map[string]bool{}
		rels []model.RelationType // relation types used, with their labels
		eqs  = map[string]bool{}  // types of * lines
	)
	for _, t := range txts {
		base := strings.TrimSuffix(t, ".txt")
		data, err := src.read(t)
		if err != nil {
			return nil, fmt.Errorf("import brat %s: %w", root, err)
		}
		if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
			// brat reads with plain UTF-8, so its offsets count the BOM;
			// Margin drops it, which would shift every span.
			return nil, fmt.Errorf("import brat: %s starts with a byte-order mark; brat's offsets count it, so remove it from the .txt and subtract 1 from every offset in the .ann", path.Join(root, t))
		}
		txt, err := text.Decode(data)
		if err != nil {
			return nil, fmt.Errorf("import brat: %s: %w", path.Join(root, t), err)
		}
		di := model.DocumentImport{Doc: model.NewDocument{Name: base, Text: txt, Source: path.Join(filepath.ToSlash(root), t)}}
		if anns[base] {
			annData, err := src.read(base + ".ann")
			if err != nil {
				return nil, fmt.Errorf("import brat %s: %w", root, err)
			}
			res, err := parseAnn(annData, path.Join(root, base+".ann"), txt, annotator)
			if err != nil {
				return nil, fmt.Errorf("import brat: %w", err)
			}
			di.Annotations, di.Relations = res.anns, res.rels
			for _, line := range res.warnings {
				warn.Add(base+".ann: "+line, 1)
			}
			for _, e := range res.equivTypes {
				eqs[e] = true
			}
		}
		one := []model.DocumentImport{di}
		for _, l := range formats.LabelNames(one) {
			if !seen[l] {
				seen[l] = true
				used = append(used, l)
			}
		}
		rels = mergeRelationTypes(rels, formats.RelationTypesFor(one))
		if err := fn(di); err != nil {
			return nil, err
		}
	}
	out := &formats.Imported{Warnings: warn.Lines()}
	// Labels: the conf's, then any the data uses that the conf lacks.
	out.Labels = formats.AddLabels(conf.labels(), used)
	out.Relations = mergeRelationTypes(knownLabelsOnly(conf.relations(), out.Labels), rels)
	for i := range out.Relations {
		if eqs[out.Relations[i].Name] {
			out.Relations[i].Equivalence = true
		}
	}
	return out, nil
}

// mergeRelationTypes adds more to have, joining the labels of types both
// hold: a corpus' relation types are gathered document by document, and
// the schema allows every pair of labels the data links.
func mergeRelationTypes(have, more []model.RelationType) []model.RelationType {
	for _, m := range more {
		i := indexOfType(have, m.Name)
		if i < 0 {
			have = append(have, m)
			continue
		}
		for _, f := range m.From {
			have[i].From = addTo(have[i].From, f)
		}
		for _, t := range m.To {
			have[i].To = addTo(have[i].To, t)
		}
	}
	return have
}

// knownLabelsOnly drops argument types that are no label of the corpus:
// brat ignores them (its example CoNLL-ST_2006 conf says Arg1:Span, a type
// it never declares), a Margin schema refuses them.
func knownLabelsOnly(rels []model.RelationType, labels []model.Label) []model.RelationType {
	known := map[string]bool{}
	for _, l := range labels {
		known[l.Name] = true
	}
	keep := func(list []string) []string {
		var out []string
		for _, x := range list {
			if known[x] {
				out = append(out, x)
			}
		}
		return out
	}
	for i := range rels {
		rels[i].From, rels[i].To = keep(rels[i].From), keep(rels[i].To)
	}
	return rels
}

func indexOfType(list []model.RelationType, name string) int {
	for i := range list {
		if list[i].Name == name {
			return i
		}
	}
	return -1
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
