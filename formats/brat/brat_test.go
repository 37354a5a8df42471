package brat

import (
	"archive/zip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/model"
)

const sampleTxt = "Citibank lent money to Ana in São Paulo 😊.\nThe bank agreed."

// Offsets are code points: "São" has a 2-byte ã, the emoji is astral.
const sampleAnn = "T1\tOrganization 0 8\tCitibank\n" +
	"T2\tPerson 23 26\tAna\n" +
	"T3\tTransfer 9 13\tlent\n" +
	"E1\tTransfer:T3 Giver:T1 Recipient:T2\n" +
	"T4\tPlace 30 33;34 39\tSão Paulo\n" +
	"R1\tLocated Arg1:T2 Arg2:T4\n" +
	"A1\tNegation E1\n" +
	"M2\tConfidence T4 High\n" +
	"#1\tAnnotatorNotes T1\ta bank\n" +
	"#2\tAnnotatorNotes T1\tsecond line\n" +
	"N1\tReference T1 Wikipedia:64488\tCitibank\n" +
	"T5\tOrganization 43 51\tThe bank\n" +
	"*\tEquiv T1 T5\n"

func writeCorpus(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestParseAnn(t *testing.T) {
	anns, rels, warns, err := ParseAnn([]byte(sampleAnn), "x.ann", sampleTxt, "ana")
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns)
	}
	byLabel := map[string]model.Annotation{}
	for _, a := range anns {
		byLabel[a.Label+":"+a.Text] = a
	}
	if len(anns) != 5 { // T3 is the trigger of E1, not an annotation of its own
		t.Fatalf("got %d annotations: %v", len(anns), fmttest.Keys(anns, fmttest.Drop{}))
	}
	org := byLabel["Organization:Citibank"]
	if org.Note != "a bank\nsecond line" || org.Attributes["norm:Wikipedia"] != "64488" {
		t.Errorf("Citibank: %+v", org)
	}
	ev := byLabel["Transfer:lent"]
	if ev.Attributes[EventAttr] != true || ev.Attributes["Negation"] != true {
		t.Errorf("event: %+v", ev)
	}
	place := byLabel["Place:São Paulo"]
	if !reflect.DeepEqual(place.Fragments, []model.Fragment{{Start: 30, End: 33}, {Start: 34, End: 39}}) || place.Attributes["Confidence"] != "High" {
		t.Errorf("place: %+v", place)
	}
	got := fmttest.RelationKeys(anns, rels)
	want := []string{
		`Equiv(Organization [{0 8}] "Citibank" -> Organization [{43 51}] "The bank") true true`,
		`Located(Person [{23 26}] "Ana" -> Place [{30 33} {34 39}] "São Paulo") true true`,
		`role:Giver(Transfer [{9 13}] "lent" -> Organization [{0 8}] "Citibank") true true`,
		`role:Recipient(Transfer [{9 13}] "lent" -> Person [{23 26}] "Ana") true true`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("relations:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseAnnErrors(t *testing.T) {
	tests := []struct{ name, ann, want string }{
		{"malformed", "T1\tOrg 0 8\tCitibank\nT2 Org 0 3\n", "x.ann:2:"},
		{"past end", "T1\tOrg 0 999\tx\n", "x.ann:1: T1: fragment 0-999 is invalid"},
		{"text mismatch", "T1\tOrg 0 8\tCitybank\n", `x.ann:1: T1 [{0 8}]: the .ann says "Citybank"`},
		{"bad offsets", "T1\tOrg a b\tx\n", "x.ann:1: T1: offsets"},
		{"dangling relation", "T1\tOrg 0 8\tCitibank\nR1\tX Arg1:T1 Arg2:T9\n", "x.ann:2: X refers to T9"},
		{"missing trigger", "E1\tTransfer:T3\n", "x.ann:1: event E1: trigger T3"},
		{"duplicate id", "T1\tOrg 0 8\tCitibank\nT1\tOrg 0 8\tCitibank\n", "x.ann:2: id T1 is already used on line 1"},
		{"unknown", "X1\tfoo\n", `x.ann:1: unknown annotation id "X1"`},
		{"overlapping fragments", "T1\tOrg 0 5;3 8\tCitib ibank\n", "x.ann:1: T1: fragments"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := ParseAnn([]byte(tt.ann), "x.ann", sampleTxt, "ana")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestParseConf(t *testing.T) {
	conf := `# comment
[entities]
Person
!Abstract
	Organization
	Place
[relations]
<POG>=Person|Organization
Located	Arg1:<POG>, Arg2:Place
<OVERLAP>	Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>
Equiv	Arg1:Organization, Arg2:Organization, <REL-TYPE>:symmetric-transitive
[events]
Transfer	Giver?:<POG>, Recipient+:Person
[attributes]
Negation	Arg:<EVENT>
Confidence	Arg:Place|Person, Value:High|Low
`
	c, err := ParseConf([]byte(conf), "annotation.conf")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c.Entities, []string{"Person", "Organization", "Place"}) || !reflect.DeepEqual(c.Events, []string{"Transfer"}) {
		t.Errorf("types: %+v %+v", c.Entities, c.Events)
	}
	wantRel := []model.RelationType{
		{Name: "Located", From: []string{"Person", "Organization"}, To: []string{"Place"}},
		{Name: "Equiv", From: []string{"Organization"}, To: []string{"Organization"}, Equivalence: true},
		{Name: "role:Giver", From: []string{"Transfer"}, To: []string{"Person", "Organization"}},
		{Name: "role:Recipient", From: []string{"Transfer"}, To: []string{"Person"}},
	}
	if !reflect.DeepEqual(c.Relations, wantRel) {
		t.Errorf("relations:\n%+v\nwant\n%+v", c.Relations, wantRel)
	}
	labels := c.labels()
	if len(labels) != 4 || labels[0].Name != "Person" || len(labels[0].Attributes) != 1 || labels[0].Attributes[0].Type != model.AttrEnum ||
		labels[3].Name != "Transfer" || !reflect.DeepEqual(labels[3].Attributes[0], model.AttributeDef{Name: "Negation", Type: model.AttrBool}) {
		t.Errorf("labels: %+v", labels)
	}
	s := &model.Schema{Labels: labels, Relations: c.Relations}
	if err := s.Validate(); err != nil {
		t.Errorf("schema from conf is invalid: %v", err)
	}
	if _, err := ParseConf([]byte("[entities]\nA\n[relations]\nR Arg1 A\n"), "c.conf"); err == nil || !strings.Contains(err.Error(), "c.conf:4:") {
		t.Errorf("bad relation: %v", err)
	}
	if _, err := ParseConf([]byte("[bogus]\n"), "c.conf"); err == nil || !strings.Contains(err.Error(), "c.conf:1:") {
		t.Errorf("bad section: %v", err)
	}
}

func TestImportFolderAndZip(t *testing.T) {
	files := map[string]string{
		"doc.txt": sampleTxt, "doc.ann": sampleAnn,
		"sub/plain.txt":   "No annotations here.",
		"annotation.conf": "[entities]\nOrganization\nPerson\nPlace\n[relations]\nLocated Arg1:Person, Arg2:Place\n[events]\nTransfer Giver:Organization\n[attributes]\n",
	}
	dir := writeCorpus(t, files)
	imp, err := Import(dir, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.ValidateAll(t, imp)
	if len(imp.Docs) != 2 || imp.Docs[0].Doc.Name != "doc" || imp.Docs[1].Doc.Name != "sub/plain" || len(imp.Docs[0].Annotations) != 5 {
		t.Fatalf("docs: %+v", imp.Docs)
	}
	if imp.Docs[0].Annotations[0].Annotator != "ana" {
		t.Errorf("annotator not set")
	}
	if len(imp.Labels) != 4 || len(imp.Relations) < 2 {
		t.Errorf("labels %+v relations %+v", imp.Labels, imp.Relations)
	}

	zpath := filepath.Join(t.TempDir(), "corpus.zip")
	writeZip(t, zpath, files)
	zimp, err := Import(zpath, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.SameAnnotations(t, imp.Docs[0].Annotations, zimp.Docs[0].Annotations, fmttest.Drop{})
}

func writeZip(t *testing.T, p string, files map[string]string) {
	t.Helper()
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, content := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(content))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func TestImportRefusesZipSlip(t *testing.T) {
	for _, bad := range []string{"../evil.txt", "a/../../evil.txt", "/etc/evil.txt", `..\evil.txt`} {
		zpath := filepath.Join(t.TempDir(), "bad.zip")
		writeZip(t, zpath, map[string]string{"doc.txt": "x", bad: "y"})
		_, err := Import(zpath, formats.ImportOptions{})
		if err == nil || !(strings.Contains(err.Error(), "outside the archive") || strings.Contains(err.Error(), "absolute path")) {
			t.Errorf("%s: err = %v", bad, err)
		}
	}
}

func TestImportErrorsNameTheFile(t *testing.T) {
	dir := writeCorpus(t, map[string]string{"a.txt": "hello", "a.ann": "T1\tX 0 99\thello\n"})
	_, err := Import(dir, formats.ImportOptions{})
	if err == nil || !strings.Contains(err.Error(), "a.ann:1") {
		t.Errorf("err = %v", err)
	}
	dir = writeCorpus(t, map[string]string{"b.ann": "T1\tX 0 1\th\n"})
	if _, err := Import(dir, formats.ImportOptions{}); err == nil || !strings.Contains(err.Error(), "b.ann has no matching .txt") {
		t.Errorf("err = %v", err)
	}
}

func TestRoundTrip(t *testing.T) {
	d := fmttest.Sample(t)
	// Add an event with a role to the sample, and an Equiv.
	ev := fmttest.Ann(t, d.Doc.Text, "e1", "MEETING", "met")
	ev.Attributes = map[string]any{EventAttr: true, "certainty": "hedged"}
	d.Annotations = append(d.Annotations, ev)
	d.Relations = append(d.Relations,
		model.Relation{ID: "r2", Type: "role:Agent", From: "e1", To: "a1"},
		model.Relation{ID: "r3", Type: "role:Agent2", From: "e1", To: "a2"})

	dir := filepath.Join(t.TempDir(), "out")
	ex, err := NewExporter(nil, dir, formats.ExportOptions{Schema: &model.Schema{Labels: []model.Label{{Name: "UNUSED", Color: "#000000"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.Write(d); err != nil {
		t.Fatal(err)
	}
	if err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	// Quotes are safe in file names: the name is kept.
	if rep := strings.Join(ex.Report(), "\n"); strings.Contains(rep, "document file renamed") {
		t.Errorf("report: %s", rep)
	}
	ann, _ := os.ReadFile(filepath.Join(dir, "talks “day one”.ann"))
	for _, want := range []string{"NEGOTIATION_EVENT 12 17;28 32\ttalks Kyiv", "E1\tMEETING:T8 Agent:T1 Agent2:T2", "R1\tclaimed_by Arg1:T3 Arg2:T1", "#1\tAnnotatorNotes T1\thead of state", "A1\tside T1 Russia", "A2\thedged T3"} {
		if !strings.Contains(string(ann), want) {
			t.Errorf(".ann lacks %q:\n%s", want, ann)
		}
	}
	conf, _ := os.ReadFile(filepath.Join(dir, "annotation.conf"))
	for _, want := range []string{"UNUSED\n", "claimed_by\tArg1:CEASEFIRE_TERM, Arg2:ACTOR", "MEETING\tAgent*:ACTOR", "status\tArg:CEASEFIRE_TERM, Value:proposed"} {
		if !strings.Contains(string(conf), want) {
			t.Errorf("annotation.conf lacks %q:\n%s", want, conf)
		}
	}
	imp, err := Import(dir, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.ValidateAll(t, imp)
	got := imp.Docs[0]
	if got.Doc.Text != d.Doc.Text {
		t.Fatalf("text changed: %q", got.Doc.Text)
	}
	fmttest.SameAnnotations(t, d.Annotations, got.Annotations, fmttest.Drop{})
	fmttest.SameRelations(t, d.Annotations, d.Relations, got.Annotations, got.Relations)
	if s := (&model.Schema{Labels: imp.Labels, Relations: imp.Relations}); s.Validate() != nil {
		t.Errorf("schema from exported conf: %v", s.Validate())
	}

	// A second export into the same folder must not overwrite anything.
	if _, err := NewExporter(nil, dir, formats.ExportOptions{}); err == nil {
		t.Errorf("exporter accepted a folder with an annotation.conf")
	}
}

func TestCorpusRoundTrip(t *testing.T) {
	for _, name := range []string{"synthetic-black-sea-talks.txt", "synthetic-frontline-report.txt"} {
		// Copies of ../shared/corpus, kept here so the test always runs.
		data, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		ix := model.NewTextIndex(text)
		// Label every third word-ish run as a span, including emoji/CJK.
		var anns []model.Annotation
		start := -1
		for i := 0; i <= ix.Len(); i++ {
			space := i == ix.Len() || strings.TrimSpace(ix.Slice(i, i+1)) == ""
			if !space && start < 0 {
				start = i
			}
			if space && start >= 0 {
				{
					anns = append(anns, model.Annotation{ID: formats.NewID(), Annotator: "ana", Label: "W", Fragments: []model.Fragment{{Start: start, End: i}}, Text: ix.Slice(start, i)})
				}
				start = -1
			}
		}
		dir := filepath.Join(t.TempDir(), "out")
		ex, err := NewExporter(nil, dir, formats.ExportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := ex.Write(formats.Layered{Doc: &model.Document{Name: name, Text: text}, Annotations: anns}); err != nil {
			t.Fatal(err)
		}
		if err := ex.Close(); err != nil {
			t.Fatal(err)
		}
		imp, err := Import(dir, formats.ImportOptions{Annotator: "ana"})
		if err != nil {
			t.Fatal(err)
		}
		fmttest.SameAnnotations(t, anns, imp.Docs[0].Annotations, fmttest.Drop{})
	}
}

func FuzzParseAnn(f *testing.F) {
	f.Add(sampleTxt, sampleAnn)
	f.Add("abc", "T1\tX 0 1;2 3\ta c\n")
	f.Add("abc", "T1\tX 0 3\tabc\nA1\tNeg T1\nR1\tR Arg1:T1 Arg2:T1\n")
	f.Add("abc", "E1\tX:T1\n")
	f.Fuzz(func(t *testing.T, text, ann string) {
		anns, rels, _, err := ParseAnn([]byte(ann), "f.ann", text, "ana")
		if err != nil {
			return
		}
		ix := model.NewTextIndex(text)
		ids := map[string]bool{}
		for i := range anns {
			if err := anns[i].Validate(ix); err != nil {
				t.Fatalf("accepted an invalid annotation: %v", err)
			}
			ids[anns[i].ID] = true
		}
		for _, r := range rels {
			if !ids[r.From] || !ids[r.To] {
				t.Fatalf("dangling relation %+v", r)
			}
		}
	})
}

func FuzzParseConf(f *testing.F) {
	f.Add("[entities]\nA\n[relations]\nR Arg1:A, Arg2:A\n[events]\nE Theme+:A\n[attributes]\nN Arg:<ANY>, Value:x|y\n")
	f.Add("[relations]\n<OVERLAP> Arg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n")
	f.Fuzz(func(t *testing.T, conf string) {
		_, _ = ParseConf([]byte(conf), "f.conf")
	})
}
