// Package brat reads and writes brat standoff corpora: NAME.txt + NAME.ann
// pairs and an annotation.conf, in a folder or a .zip. Offsets are code
// points, as in brat's Python server and in Margin. See ann.go for how
// events, attributes, normalisations and notes map onto Margin's model.
package brat

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
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
	Description: "brat standoff: NAME.txt + NAME.ann per document and annotation.conf, in a folder (import: folder or .zip); discontinuous spans, relations, events, attributes, notes",
	Extensions:  []string{".zip", ".ann"},
	DirOutput:   true,
	Import:      Import,
	NewExporter: NewExporter,
}

// Import reads a brat corpus from a folder or a .zip archive.
func Import(p string, opts formats.ImportOptions) (*formats.Imported, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("import brat %s: %w", p, err)
	}
	if st.IsDir() {
		return ReadFS(os.DirFS(p), p, opts)
	}
	if !strings.EqualFold(filepath.Ext(p), ".zip") {
		return nil, fmt.Errorf("import brat %s: want a folder or a .zip of .txt/.ann files", p)
	}
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, fmt.Errorf("import brat %s: %w", p, err)
	}
	defer zr.Close()
	if err := CheckZip(&zr.Reader); err != nil {
		return nil, fmt.Errorf("import brat %s: %w", p, err)
	}
	return ReadFS(zr, p, opts)
}

// CheckZip refuses archives with entries that would land outside the
// extraction folder ("zip slip": ../ or absolute paths) or are too large to
// be a text.
func CheckZip(zr *zip.Reader) error {
	for _, f := range zr.File {
		name := strings.ReplaceAll(f.Name, `\`, "/")
		if path.IsAbs(name) || filepath.IsAbs(f.Name) || filepath.VolumeName(f.Name) != "" || (len(name) > 1 && name[1] == ':') {
			return fmt.Errorf("archive entry %q has an absolute path; refusing the archive", f.Name)
		}
		for _, el := range strings.Split(name, "/") {
			if el == ".." {
				return fmt.Errorf("archive entry %q points outside the archive (../); refusing the archive", f.Name)
			}
		}
		if f.UncompressedSize64 > text.MaxSize {
			return fmt.Errorf("archive entry %q is %d MB, larger than the %d MB limit", f.Name, f.UncompressedSize64>>20, text.MaxSize>>20)
		}
	}
	return nil
}

// ReadFS reads every NAME.txt (with NAME.ann when present) and every
// annotation.conf under fsys. root names the corpus in errors and sources.
// Any error rejects the whole corpus.
func ReadFS(fsys fs.FS, root string, opts formats.ImportOptions) (*formats.Imported, error) {
	var txts, anns, confs []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "__MACOSX") {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.Name() == "annotation.conf":
			confs = append(confs, p)
		case strings.HasSuffix(p, ".txt"):
			txts = append(txts, p)
		case strings.HasSuffix(p, ".ann"):
			anns = append(anns, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import brat %s: %w", root, err)
	}
	sort.Strings(txts)
	sort.Strings(confs)
	haveTxt := map[string]bool{}
	for _, t := range txts {
		haveTxt[strings.TrimSuffix(t, ".txt")] = true
	}
	for _, a := range anns {
		if !haveTxt[strings.TrimSuffix(a, ".ann")] {
			return nil, fmt.Errorf("import brat %s: %s has no matching .txt file", root, a)
		}
	}
	if len(txts) == 0 {
		return nil, fmt.Errorf("import brat %s: no .txt files", root)
	}
	annotator := formats.AnnotatorOr("", opts)
	out := &formats.Imported{}
	conf := &Conf{}
	for _, c := range confs {
		data, err := fs.ReadFile(fsys, c)
		if err != nil {
			return nil, fmt.Errorf("import brat %s: %w", root, err)
		}
		cf, err := ParseConf(data, path.Join(root, c))
		if err != nil {
			return nil, fmt.Errorf("import brat: %w", err)
		}
		conf.merge(cf)
	}
	var warn formats.Counter
	for _, t := range txts {
		base := strings.TrimSuffix(t, ".txt")
		data, err := fs.ReadFile(fsys, t)
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
		annData, err := fs.ReadFile(fsys, base+".ann")
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, fmt.Errorf("import brat %s: %w", root, err)
		default:
			as, rs, w, err := ParseAnn(annData, path.Join(root, base+".ann"), txt, annotator)
			if err != nil {
				return nil, fmt.Errorf("import brat: %w", err)
			}
			di.Annotations, di.Relations = as, rs
			for _, line := range w {
				warn.Add(base+".ann: "+line, 1)
			}
		}
		out.Docs = append(out.Docs, di)
	}
	out.Warnings = warn.Lines()
	// Labels: the conf's, then any the data uses that the conf lacks.
	out.Labels = conf.labels()
	out.Labels = formats.AddLabels(out.Labels, formats.LabelNames(out.Docs))
	out.Relations = conf.Relations
	out.Relations = formats.AddRelationTypes(out.Relations, formats.RelationTypesFor(out.Docs))
	return out, nil
}
