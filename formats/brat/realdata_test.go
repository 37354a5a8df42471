package brat

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
)

// Corpora from brat's example-data (nlplab/brat @44ecd825), in
// ../shared/realdata/brat.
var realCorpora = []string{"CoNLL-ST_2006", "BioNLP-ST_2011_EPI", "NCBI-disease", "tutorials-bio"}

// exportAll writes imp into a fresh folder with its own schema, as a
// project made by the import would, and returns the folder.
func exportAll(t *testing.T, imp *formats.Imported) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "out")
	ex, err := NewExporter(nil, dir, formats.ExportOptions{Schema: &model.Schema{Labels: imp.Labels, Relations: imp.Relations}})
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range imp.Docs {
		doc := &model.Document{ID: int64(i + 1), Name: d.Doc.Name, Text: d.Doc.Text}
		if err := ex.Write(formats.Layered{Doc: doc, Annotations: d.Annotations, Relations: d.Relations}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Every corpus imports with each text equal to its .txt, into a valid
// schema whose labels are brat's type names: no "[spans]" refusal, no
// separator lines or "Name|GO:0006306" aliases as labels.
func TestRealCorporaImport(t *testing.T) {
	for _, name := range realCorpora {
		t.Run(name, func(t *testing.T) {
			dir := realdata.Path(t, "brat/"+name)
			imp, err := Import(dir, formats.ImportOptions{Annotator: "ana"})
			if err != nil {
				t.Fatal(err)
			}
			txts, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
			if len(imp.Docs) != len(txts) || len(txts) == 0 {
				t.Fatalf("%d documents for %d .txt files", len(imp.Docs), len(txts))
			}
			for _, d := range imp.Docs {
				if want := readFile(t, filepath.Join(dir, d.Doc.Name+".txt")); d.Doc.Text != want {
					t.Errorf("%s: text differs from the .txt", d.Doc.Name)
				}
				if got, want := len(d.Annotations), annotationsIn(t, filepath.Join(dir, d.Doc.Name+".ann")); got != want {
					t.Errorf("%s: %d annotations, the .ann has %d T and E annotations besides triggers", d.Doc.Name, got, want)
				}
			}
			s := &model.Schema{Labels: imp.Labels, Relations: imp.Relations}
			if err := s.Validate(); err != nil {
				t.Errorf("schema: %v", err)
			}
			storage := regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
			for _, l := range imp.Labels {
				if !storage.MatchString(l.Name) || strings.HasPrefix(l.Name, "-") {
					t.Errorf("label %q is not a brat type name", l.Name)
				}
			}
		})
	}
	// The labels named in the confs, spot-checked against the files.
	imp, err := Import(realdata.Path(t, "brat/CoNLL-ST_2006"), formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s := (&model.Schema{Labels: imp.Labels}); !hasLabel(s, "v-fin") || !hasLabel(s, "_question_") {
		t.Errorf("[spans] types missing: %v", imp.Labels)
	}
	imp, err = Import(realdata.Path(t, "brat/BioNLP-ST_2011_EPI"), formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s := (&model.Schema{Labels: imp.Labels}); !hasLabel(s, "DNA_methylation") || !hasLabel(s, "Dehydroxylation") {
		t.Errorf("aliased event types missing: %v", imp.Labels)
	}
}

// annotationsIn counts a .ann's T lines that are not event triggers and
// its E lines: what Margin makes annotations of.
func annotationsIn(t *testing.T, p string) int {
	n := 0
	triggers := map[string]bool{}
	for _, line := range strings.Split(readFile(t, p), "\n") {
		switch {
		case strings.HasPrefix(line, "T"):
			n++
		case strings.HasPrefix(line, "E"):
			n++
			_, body, _ := strings.Cut(line, "\t")
			typeTrigger, _, _ := strings.Cut(body, " ")
			_, trig, _ := strings.Cut(typeTrigger, ":")
			triggers[trig] = true
		}
	}
	return n - len(triggers)
}

// confSection lists the type names of one section of an annotation.conf.
func confSection(t *testing.T, p, section string) []string {
	var out []string
	in := false
	for _, line := range strings.Split(readFile(t, p), "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "[") {
			in = line == "["+section+"]"
			continue
		}
		if in && line != "" && !strings.HasPrefix(line, "#") && !separatorLine.MatchString(line) {
			out = append(out, strings.Fields(line)[0])
		}
	}
	return out
}

func hasLabel(s *model.Schema, name string) bool {
	_, ok := s.Label(name)
	return ok
}

// tutorials-bio 060 has "*\tEquiv T3 T4 T5": it comes back as one * line
// over the same three spans, not as two lines or R lines.
func TestRealEquivalenceExportsAsStarLine(t *testing.T) {
	dir := realdata.Path(t, "brat/tutorials-bio")
	imp, err := Import(dir, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	out := exportAll(t, imp)
	spans := func(ann string) map[string]string { // T id -> "type start end"
		m := map[string]string{}
		for _, line := range strings.Split(ann, "\n") {
			f := strings.Split(line, "\t")
			if len(f) >= 2 && strings.HasPrefix(f[0], "T") {
				m[f[0]] = f[1]
			}
		}
		return m
	}
	starLines := func(ann string) []string {
		var out []string
		sp := spans(ann)
		for _, line := range strings.Split(ann, "\n") {
			if strings.HasPrefix(line, "*\t") {
				f := strings.Fields(line)
				var members []string
				for _, id := range f[2:] {
					members = append(members, sp[id])
				}
				out = append(out, f[1]+": "+strings.Join(members, ", "))
			}
		}
		return out
	}
	orig := readFile(t, filepath.Join(dir, "060-relation_annotation.ann"))
	got := readFile(t, filepath.Join(out, "060-relation_annotation.ann"))
	want := starLines(orig)
	if len(want) != 1 || strings.Count(want[0], ",") != 2 {
		t.Fatalf("the real file changed: %v", want)
	}
	if g := starLines(got); strings.Join(g, "\n") != strings.Join(want, "\n") {
		t.Errorf("* lines:\n%s\nwant\n%s\n.ann:\n%s", strings.Join(g, "\n"), strings.Join(want, "\n"), got)
	}
	if strings.Contains(got, "\tEquiv Arg1:") {
		t.Errorf("Equiv written as R lines:\n%s", got)
	}
	if !strings.Contains(readFile(t, filepath.Join(out, "annotation.conf")), "<REL-TYPE>:symmetric-transitive") {
		t.Errorf("annotation.conf does not declare Equiv symmetric-transitive")
	}
}

// Any type the conf declares symmetric-transitive is an equivalence, not
// only Equiv. The files are shaped as brat v1.3's example-data
// tutorials/news writes them (conf line 37, 060-relation_annotation.ann).
func TestOtherEquivalenceTypesExportAsStarLines(t *testing.T) {
	in := writeCorpus(t, map[string]string{
		"annotation.conf": "[entities]\nPerson\n[relations]\nAlias              Arg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive\n[events]\n[attributes]\n",
		"doc.txt":         "Joanne Rowling, Jo Rowling or J. K. Rowling.",
		"doc.ann":         "T3\tPerson 0 14\tJoanne Rowling\nT4\tPerson 16 26\tJo Rowling\nT5\tPerson 30 43\tJ. K. Rowling\n*\tAlias T3 T4 T5\n",
	})
	imp, err := Import(in, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Relations) != 1 || !imp.Relations[0].Equivalence {
		t.Fatalf("relation types: %+v", imp.Relations)
	}
	out := exportAll(t, imp)
	ann := readFile(t, filepath.Join(out, "doc.ann"))
	if !strings.Contains(ann, "*\tAlias T1 T2 T3\n") || strings.Contains(ann, "R1\t") {
		t.Errorf(".ann:\n%s", ann)
	}
	if conf := readFile(t, filepath.Join(out, "annotation.conf")); !strings.Contains(conf, "Alias\tArg1:Person, Arg2:Person, <REL-TYPE>:symmetric-transitive") {
		t.Errorf("annotation.conf:\n%s", conf)
	}
}

// "portuguese_bosque_train.conll-doc-12" keeps its dots on export.
func TestRealDocumentNamesKept(t *testing.T) {
	dir := realdata.Path(t, "brat/CoNLL-ST_2006")
	imp, err := Import(dir, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	out := exportAll(t, imp)
	for _, d := range imp.Docs {
		for _, ext := range []string{".txt", ".ann"} {
			if _, err := os.Stat(filepath.Join(out, d.Doc.Name+ext)); err != nil {
				t.Errorf("%s%s not written: %v", d.Doc.Name, ext, err)
			}
		}
	}
	if docPath("esp.train-doc-1400") != "esp.train-doc-1400" {
		t.Errorf("esp.train-doc-1400 -> %s", docPath("esp.train-doc-1400"))
	}
	for in, want := range map[string]string{"a/b": "a/b", "../../etc/passwd": "_/_/etc/passwd", `x:y*z?"<>|`: "x_y_z_____", "CON": "_CON", "trail. ": "trail", "": "unnamed", "tab\there": "tab_here"} {
		if got := docPath(in); got != want {
			t.Errorf("docPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// EPI's PMID-11393792 has E1 and E2 on one trigger T12: the import makes
// two events over its span, the export writes one T line for them.
func TestRealSharedTriggerWrittenOnce(t *testing.T) {
	dir := realdata.Path(t, "brat/BioNLP-ST_2011_EPI")
	orig := readFile(t, filepath.Join(dir, "PMID-11393792.ann"))
	if !strings.Contains(orig, "E1\tHydroxylation:T12 ") || !strings.Contains(orig, "E2\tHydroxylation:T12 ") {
		t.Fatalf("the real file changed")
	}
	imp, err := Import(dir, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	var doc model.DocumentImport
	for _, d := range imp.Docs {
		if d.Doc.Name == "PMID-11393792" {
			doc = d
		}
	}
	events := 0
	for _, a := range doc.Annotations {
		if a.Label == "Hydroxylation" && a.Fragments[0] == (model.Fragment{Start: 1323, End: 1339}) {
			events++
		}
	}
	if events != 2 {
		t.Errorf("%d annotations on the shared trigger, want one per event (2)", events)
	}
	out := exportAll(t, imp)
	ann := readFile(t, filepath.Join(out, "PMID-11393792.ann"))
	trig := regexp.MustCompile(`(?m)^(T\d+)\tHydroxylation 1323 1339\toverhydroxylated$`).FindAllStringSubmatch(ann, -1)
	if len(trig) != 1 {
		t.Fatalf("%d T lines for the shared trigger:\n%s", len(trig), ann)
	}
	if n := len(regexp.MustCompile(`(?m)^E\d+\tHydroxylation:`+trig[0][1]+` `).FindAllString(ann, -1)); n != 2 {
		t.Errorf("%d events on %s, want 2:\n%s", n, trig[0][1], ann)
	}
	if strings.Count(ann, "\tHydroxylation ") != strings.Count(orig, "\tHydroxylation ") {
		t.Errorf("Hydroxylation T lines: %d, the original has %d", strings.Count(ann, "\tHydroxylation "), strings.Count(orig, "\tHydroxylation "))
	}
	// Event types are declared as events, not also as entity types.
	if got, want := confSection(t, filepath.Join(out, "annotation.conf"), "entities"), confSection(t, filepath.Join(dir, "annotation.conf"), "entities"); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("[entities] %v, the original has %v", got, want)
	}
	got, want := confSection(t, filepath.Join(out, "annotation.conf"), "events"), confSection(t, filepath.Join(dir, "annotation.conf"), "events")
	for i, w := range want {
		want[i], _ = typeName(w) // "DNA_methylation|GO:0006306" is DNA_methylation
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("[events] %v, the original has %v", got, want)
	}
}

// A free-text attribute value with ',' or '|' gives an annotation.conf
// that brat's projectconfig.py accepts (every argument one Key:Value
// token, values split on '|'), and comes back unchanged. The .ann line is
// shaped as brat v1.3 writes valued attributes ("A1\tName T1 Value").
func TestTextAttributeWithCommaAndBar(t *testing.T) {
	text := "Kyiv proposed talks."
	sc := &model.Schema{Labels: []model.Label{{Name: "CLAIM", Color: "#000000", Attributes: []model.AttributeDef{
		{Name: "source", Type: model.AttrText}, {Name: "unused", Type: model.AttrText}}}}}
	a := model.Annotation{ID: "a1", Annotator: "ana", Label: "CLAIM", Fragments: []model.Fragment{{Start: 0, End: 13}}, Text: "Kyiv proposed",
		Attributes: map[string]any{"source": "Reuters,AP|AFP"}}
	dir := filepath.Join(t.TempDir(), "out")
	ex, err := NewExporter(nil, dir, formats.ExportOptions{Schema: sc})
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.Write(formats.Layered{Doc: &model.Document{Name: "d", Text: text}, Annotations: []model.Annotation{a}}); err != nil {
		t.Fatal(err)
	}
	if err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	conf := readFile(t, filepath.Join(dir, "annotation.conf"))
	// brat's TypeHierarchyNode: each ','-separated argument must match
	// ^(\S*?):(\S*)$ and each '|'-separated value be non-empty.
	arg := regexp.MustCompile(`^(\S*?):(\S*)$`)
	inAttrs := false
	for _, line := range strings.Split(conf, "\n") {
		if strings.HasPrefix(line, "[") {
			inAttrs = line == "[attributes]"
			continue
		}
		if !inAttrs || line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		_, args, _ := strings.Cut(line, "\t")
		for _, a := range strings.Split(args, ",") {
			m := arg.FindStringSubmatch(strings.TrimSpace(a))
			if m == nil || strings.Contains(m[2], "||") || strings.HasPrefix(m[2], "|") || strings.HasSuffix(m[2], "|") {
				t.Errorf("brat would refuse argument %q of %q", a, line)
			}
		}
	}
	if ann := readFile(t, filepath.Join(dir, "d.ann")); !strings.Contains(ann, "A1\tsource T1 Reuters,AP|AFP\n") {
		t.Errorf(".ann:\n%s", ann)
	}
	imp, err := Import(dir, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatalf("re-import: %v\nannotation.conf:\n%s", err, conf)
	}
	if got := imp.Docs[0].Annotations[0].Attributes["source"]; got != "Reuters,AP|AFP" {
		t.Errorf("value came back as %v", got)
	}
	s := &model.Schema{Labels: imp.Labels}
	l, _ := s.Label("CLAIM")
	if l == nil || len(l.Attributes) != 2 || l.Attributes[0].Type != model.AttrText || l.Attributes[1].Name != "unused" || l.Attributes[1].Type != model.AttrText {
		t.Fatalf("CLAIM's attributes: %+v", l)
	}
	if err := l.CheckAttributes(imp.Docs[0].Annotations[0].Attributes); err != nil {
		t.Errorf("the re-imported schema refuses the value: %v", err)
	}
}
