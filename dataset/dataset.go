// Package dataset runs imports and exports of a project through the
// formats registry. The command line and the window both call it, so every
// dataset operation the window offers is also scriptable and behaves the
// same way.
package dataset

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/all"
	"github.com/margin-app/margin/internal/labelcolor"
	"github.com/margin-app/margin/internal/safefile"
	"github.com/margin-app/margin/internal/unlock"
	"github.com/margin-app/margin/model"
)

// Store is what an import or export needs of a project.
type Store interface {
	Schema(ctx context.Context) (*model.Schema, error)
	Import(ctx context.Context, docs []model.DocumentImport, grow model.SchemaGrowth, by string) ([]model.ImportResult, error)
	Documents(ctx context.Context) ([]model.DocumentSummary, error)
	Document(ctx context.Context, id int64) (*model.Document, error)
	Annotations(ctx context.Context, docID int64, annotator string) ([]model.Annotation, error)
	Relations(ctx context.Context, docID int64) ([]model.Relation, error)
	DocLabels(ctx context.Context, docID int64) ([]model.DocLabel, error)
	Verdicts(ctx context.Context, docID int64) ([]model.Verdict, error)
}

// ImportSummary says what one input brought.
type ImportSummary struct {
	Input       string
	Results     []model.ImportResult
	AddedLabels []string
	Warnings    []string
	// Suggestions is how many suggestions the input brought (Label
	// Studio's predictions, or everything with --as-suggestions).
	Suggestions int
}

// Documents is the number of documents imported (new or reused).
func (s *ImportSummary) Documents() int { return len(s.Results) }

// Annotations is the number of annotations stored.
func (s *ImportSummary) Annotations() int {
	n := 0
	for _, r := range s.Results {
		n += r.Annotations
	}
	return n
}

// Import reads one input in format and stores it in one transaction: all
// or nothing. Labels the schema lacks are added with a generated colour
// unless strict, which refuses them. ctx cancels the store step (the
// project then stays as it was).
func Import(ctx context.Context, st Store, format, input string, opts formats.ImportOptions, strict bool) (*ImportSummary, error) {
	f, err := all.Lookup(format)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if f.Import == nil {
		return nil, fmt.Errorf("import: %s is an export-only format", f.Name)
	}
	// Reading the open project (or its journal) as input would open and
	// close it outside SQLite, dropping SQLite's locks (exportfile.go).
	if p, ok := st.(interface{ Path() string }); ok && safefile.IsProjectFile(input, p.Path()) {
		return nil, fmt.Errorf("import %s: %w; import a file exported from it instead", input, ErrTargetIsProject)
	}
	if ss, ok := st.(StreamStore); ok && f.Stream != nil {
		return importStream(ctx, st, ss, f, input, opts, strict)
	}
	imp, err := f.Import(input, opts)
	if err != nil {
		return nil, err // the format names file and line
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("import %s: %w", input, err)
	}
	// The schema is grown inside the store's transaction from the one in
	// force then: a copy read before parsing would revert a schema change
	// another window or command made meanwhile.
	var added []string
	res, err := st.Import(ctx, imp.Docs, func(current *model.Schema) (*model.Schema, error) {
		next, a, err := GrowSchema(current, imp, strict)
		added = a
		return next, err
	}, opts.Annotator)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", input, err)
	}
	return &ImportSummary{Input: input, Results: res, AddedLabels: added, Warnings: imp.Warnings}, nil
}

// GrowSchema returns sc grown by what the input defines or uses (label
// definitions, relation types, unknown labels with generated colours,
// document-label sets and their values) and the names of the labels and
// sets added; nil when nothing changes. With strict, a label, set or set
// value the schema lacks is an error and the schema never grows.
func GrowSchema(sc *model.Schema, imp *formats.Imported, strict bool) (*model.Schema, []string, error) {
	used := map[string]bool{}
	for _, d := range imp.Docs {
		for _, a := range d.Annotations {
			used[a.Label] = true
		}
		for _, s := range d.Suggestions { // so that accepting one needs no new label
			if !s.IsDocLabel() {
				used[s.Label] = true
			}
		}
	}
	withSets := *imp
	withSets.DocLabelSets = formats.MergeDocLabelSets(imp.DocLabelSets, formats.DocLabelSetsFor(imp.Docs))
	return growSchema(sc, &withSets, used, strict)
}

func growSchema(sc *model.Schema, imp *formats.Imported, used map[string]bool, strict bool) (*model.Schema, []string, error) {
	var unknown []string
	for name := range used {
		if _, ok := sc.Label(name); !ok {
			unknown = append(unknown, name)
		}
	}
	sort.Strings(unknown)
	docSets := formats.MergeDocLabelSets(sc.DocLabelSets, imp.DocLabelSets)
	if strict {
		if len(unknown) > 0 {
			return nil, nil, fmt.Errorf("labels not in the schema: %s (without --strict they are added)", strings.Join(unknown, ", "))
		}
		if missing := newDocLabels(sc.DocLabelSets, docSets); len(missing) > 0 {
			return nil, nil, fmt.Errorf("document labels not in the schema: %s (without --strict they are added)", strings.Join(missing, ", "))
		}
		return nil, nil, nil
	}
	grown := *sc
	grown.Labels = append([]model.Label(nil), sc.Labels...)
	grown.Relations = append([]model.RelationType(nil), sc.Relations...)
	hotkeys := map[string]bool{}
	for _, l := range grown.Labels {
		hotkeys[l.Hotkey] = true
	}
	var added []string
	// A new label keeps the colour its file gives it unless that comes
	// close to a colour the project already uses (the importers colour
	// labels apart from each other, knowing nothing of the project); those
	// and labels without one get the colour farthest from every colour in
	// use.
	var colors []string
	for _, l := range grown.Labels {
		colors = append(colors, l.Color)
	}
	project := append(append([]string(nil), colors...), labelcolor.Unknown)
	var fresh []model.Label
	seen := map[string]bool{}
	for _, l := range imp.Labels {
		if _, ok := grown.Label(l.Name); ok || seen[l.Name] {
			continue
		}
		seen[l.Name] = true
		if labelcolor.Nearest(l.Color, project) < labelcolor.MinDistance {
			l.Color = "" // picked below, apart from the kept ones too
		} else {
			colors = append(colors, l.Color)
		}
		fresh = append(fresh, l)
	}
	for _, l := range fresh {
		if l.Color == "" {
			l.Color = labelcolor.Pick(colors)
			colors = append(colors, l.Color)
		}
		if hotkeys[l.Hotkey] {
			l.Hotkey = ""
		}
		hotkeys[l.Hotkey] = true
		grown.Labels = append(grown.Labels, l)
		added = append(added, l.Name)
	}
	for _, name := range unknown {
		if _, ok := grown.Label(name); !ok {
			grown.Labels = append(grown.Labels, model.Label{Name: name, Color: labelcolor.Pick(colors)})
			colors = append(colors, grown.Labels[len(grown.Labels)-1].Color)
			added = append(added, name)
		}
	}
	for _, r := range imp.Relations {
		known := false
		for _, m := range grown.Relations {
			known = known || m.Name == r.Name
		}
		if !known {
			grown.Relations = append(grown.Relations, r)
		}
	}
	grownSets := newDocLabels(sc.DocLabelSets, docSets)
	if len(grownSets) > 0 {
		grown.DocLabelSets = docSets
		for _, d := range docSets {
			if !hasDocLabelSet(sc.DocLabelSets, d.Name) {
				added = append(added, "document-label set "+d.Name)
			}
		}
	}
	if len(grown.Labels) == len(sc.Labels) && len(grown.Relations) == len(sc.Relations) && len(grownSets) == 0 {
		return nil, nil, nil
	}
	if err := grown.Validate(); err != nil {
		return nil, nil, err
	}
	sort.Strings(added)
	return &grown, added, nil
}

// newDocLabels lists, as "set" or "set=value", what grown has that have
// lacks (a new set, a new value, a set that became multiple-choice).
func newDocLabels(have, grown []model.DocLabelSet) []string {
	var out []string
	for _, g := range grown {
		i := 0
		for i < len(have) && have[i].Name != g.Name {
			i++
		}
		if i == len(have) {
			out = append(out, g.Name)
			continue
		}
		for _, v := range g.Values {
			known := false
			for _, h := range have[i].Values {
				known = known || h == v
			}
			if !known {
				out = append(out, g.Name+"="+v)
			}
		}
		if g.Multiple && !have[i].Multiple {
			out = append(out, g.Name+" (several values per document)")
		}
	}
	return out
}

func hasDocLabelSet(sets []model.DocLabelSet, name string) bool {
	for _, d := range sets {
		if d.Name == name {
			return true
		}
	}
	return false
}

// Export writes the chosen layer ("" = every layer) of every document in
// format to w (stream formats) or dir (folder formats), one document at a
// time, and returns what the format could not express. progress, if not
// nil, is called after each document with (done, total). ctx cancels
// between documents.
func Export(ctx context.Context, st Store, format, layer string, w io.Writer, dir string, scheme string, progress func(done, total int)) ([]string, error) {
	return ExportDocs(ctx, st, format, layer, nil, w, dir, scheme, progress)
}

// ExportDocs is Export of the documents only names (nil: every document;
// the export dialog's "the list as shown", "chosen documents", the CLI's
// --docs), in the project's order. An id not in the project is refused
// before anything is written (ErrNoSuchDocument); an empty, non-nil only
// is refused too, since an empty dataset is never what was meant.
func ExportDocs(ctx context.Context, st Store, format, layer string, only []int64, w io.Writer, dir string, scheme string, progress func(done, total int)) (report []string, err error) {
	if only != nil && len(only) == 0 {
		return nil, fmt.Errorf("export: %w", ErrNoDocuments)
	}
	// The loop below waits for every document on a channel: not on the
	// caller's goroutine, which may be locked to its thread (unlock.Do).
	err = unlock.Do(func() error {
		report, err = export(ctx, st, format, layer, only, w, dir, scheme, progress)
		return err
	})
	return report, err
}

func export(ctx context.Context, st Store, format, layer string, only []int64, w io.Writer, dir string, scheme string, progress func(done, total int)) ([]string, error) {
	f, err := all.Lookup(format)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	if f.NewExporter == nil {
		return nil, fmt.Errorf("export: %s is an import-only format", f.Name)
	}
	sc, err := st.Schema(ctx)
	if err != nil {
		return nil, err
	}
	ex, err := f.NewExporter(w, dir, formats.ExportOptions{Schema: sc, Scheme: scheme})
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", f.Name, err)
	}
	var next documentSource
	total := 0 // documents, for progress
	if w, ok := st.(DocumentWalker); ok && only == nil {
		if total, err = documentTotal(ctx, st); err != nil {
			ex.Close()
			return nil, err
		}
		lx, ok := ex.(formats.LeanExporter)
		next = walk(ctx, w, layer, ok && lx.Lean())
	} else {
		docs, err := st.Documents(ctx)
		if err != nil {
			ex.Close()
			return nil, err
		}
		if only != nil {
			// Loaded one by one: a subset is usually a few documents, and
			// the one-pass walk would read every document to skip most.
			if docs, err = selectDocs(docs, only); err != nil {
				ex.Close()
				return nil, err
			}
		}
		total = len(docs)
		next = prefetch(ctx, st, docs, layer)
	}
	defer next.stop()
	for i := 0; ; i++ {
		if err := ctx.Err(); err != nil {
			ex.Close()
			return nil, fmt.Errorf("export: %w", err)
		}
		d, err := next.get(i)
		if err == errNoMore {
			break
		}
		if err != nil {
			ex.Close()
			return nil, err
		}
		if err := ex.Write(d); err != nil {
			ex.Close()
			return nil, fmt.Errorf("export %s: %w", f.Name, err)
		}
		if progress != nil {
			progress(i+1, max(i+1, total))
		}
	}
	if err := ex.Close(); err != nil {
		return nil, fmt.Errorf("export %s: %w", f.Name, err)
	}
	return ex.Report(), nil
}

// Layers loads one document with the chosen layer ("" = every layer).
func Layers(ctx context.Context, st Store, docID int64, layer string) (formats.Layered, error) {
	d, err := st.Document(ctx, docID)
	if err != nil {
		return formats.Layered{}, err
	}
	anns, err := st.Annotations(ctx, d.ID, layer)
	if err != nil {
		return formats.Layered{}, err
	}
	rels, err := st.Relations(ctx, d.ID)
	if err != nil {
		return formats.Layered{}, err
	}
	labels, err := st.DocLabels(ctx, d.ID)
	if err != nil {
		return formats.Layered{}, err
	}
	if layer != "" {
		rels = keep(rels, func(r model.Relation) bool { return r.Annotator == layer })
		labels = keep(labels, func(l model.DocLabel) bool { return l.Annotator == layer })
	}
	var verdicts []model.Verdict
	if layer == "" || layer == model.GoldAnnotator {
		if verdicts, err = st.Verdicts(ctx, d.ID); err != nil {
			return formats.Layered{}, err
		}
	}
	return formats.Layered{Doc: d, Annotations: anns, Relations: rels, DocLabels: labels, Verdicts: verdicts}, nil
}

func keep[T any](s []T, ok func(T) bool) []T {
	out := s[:0:0]
	for _, v := range s {
		if ok(v) {
			out = append(out, v)
		}
	}
	return out
}
