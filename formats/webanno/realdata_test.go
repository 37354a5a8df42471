package webanno

import (
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/conll"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
)

// Files written by INCEpTION (inception-io-webanno-tsv test resources,
// inception @55ba8ba6) and by neuged/webanno_tsv's tests, from
// ../shared/realdata/webanno.

// sofaString is the document text of an XMI file: the text INCEpTION
// wrote the reference.tsv beside it from.
func sofaString(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d := xml.NewDecoder(f)
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("%s: no sofaString: %v", path, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Sofa" {
			for _, a := range se.Attr {
				if a.Name.Local == "sofaString" {
					return a.Value
				}
			}
		}
	}
}

// importSuite imports one tsv3-suite case and checks its text against
// the reference.xmi it was written from.
func importSuite(t *testing.T, name string) *formats.Imported {
	t.Helper()
	dir := realdata.Path(t, "webanno/tsv3-suite/"+name)
	imp, err := Import(filepath.Join(dir, "reference.tsv"), formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	fmttest.ValidateAll(t, imp)
	if want := sofaString(t, filepath.Join(dir, "reference.xmi")); imp.Docs[0].Doc.Text != want {
		t.Errorf("%s: text %q, want %q", name, imp.Docs[0].Doc.Text, want)
	}
	return imp
}

func TestSuiteTextsEqualTheXMI(t *testing.T) {
	cases, err := filepath.Glob(filepath.Join(realdata.Path(t, "webanno/tsv3-suite"), "*", "reference.tsv"))
	if err != nil || len(cases) < 4 {
		t.Fatalf("want the 4 suite cases, got %v (%v)", cases, err)
	}
	for _, c := range cases {
		importSuite(t, filepath.Base(filepath.Dir(c)))
	}
}

func TestSentenceWithTab(t *testing.T) {
	imp := importSuite(t, "testSentenceWithTab")
	d := imp.Docs[0]
	if d.Doc.Text != "This is\ta test ." {
		t.Errorf("text %q", d.Doc.Text)
	}
	if got := strings.Join(fmttest.Keys(d.Annotations, fmttest.Drop{Note: true}), "\n"); got != `Span [{0 4}] "This"` {
		t.Errorf("annotations %s", got)
	}
}

func TestSentenceWithEmoji(t *testing.T) {
	d := importSuite(t, "testSentenceWithEmoji").Docs[0]
	// UTF-16 10-12 in the file is one code point.
	if got := strings.Join(fmttest.Keys(d.Annotations, fmttest.Drop{Note: true}), "\n"); got != `Span [{10 11}] "😊"` {
		t.Errorf("annotations %s", got)
	}
}

func TestZeroLengthSpansSkippedWithWarning(t *testing.T) {
	imp := importSuite(t, "testZeroLengthSpansWithoutFeatures")
	if n := len(imp.Docs[0].Annotations); n != 0 {
		t.Errorf("%d annotations, want 0 (both spans are zero-length)", n)
	}
	w := strings.Join(imp.Warnings, "\n")
	for _, want := range []string{"reference.tsv:7: zero-length span of layer webanno.custom.SimpleSpan at offset 0 skipped", "reference.tsv:12: zero-length span of layer webanno.custom.SimpleSpan at offset 16 skipped"} {
		if !strings.Contains(w, want) {
			t.Errorf("warnings %q lack %q", w, want)
		}
	}
}

func TestSlotFeatureBecomesRelations(t *testing.T) {
	d := importSuite(t, "testSimpleSlotFeature").Docs[0]
	got := fmttest.Keys(d.Annotations, fmttest.Drop{Note: true})
	want := []string{`SimpleLinkHost [{0 4}] "This"`, `SimpleSpan [{5 7}] "is"`, `SimpleSpan [{8 9}] "a"`}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("annotations\n%s", strings.Join(got, "\n"))
	}
	rels := fmttest.RelationKeys(d.Annotations, d.Relations)
	wantR := []string{
		`p1(SimpleLinkHost [{0 4}] "This" -> SimpleSpan [{5 7}] "is") true true`,
		`p2(SimpleLinkHost [{0 4}] "This" -> SimpleSpan [{8 9}] "a") true true`,
	}
	if strings.Join(rels, "\n") != strings.Join(wantR, "\n") {
		t.Errorf("relations\n%s", strings.Join(rels, "\n"))
	}
}

func TestINCEpTIONCorpusFiles(t *testing.T) {
	for _, tt := range []struct {
		file       string
		relations  int
		relType    string
		textPrefix string
	}{
		// Coreference chains: every element linked to the next.
		{"coref.tsv", 562, "ANAPHORIC", "_ Verhaftung –\n_ Gespräch mit Frau Grubach –"},
		// Dependencies between POS annotations.
		{"example2.tsv", 86, "SUBJ", "Ms. Haag plays Elianti .\nRolls-Royce"},
	} {
		imp, err := Import(realdata.Path(t, "webanno/"+tt.file), formats.ImportOptions{Annotator: "ana"})
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		fmttest.ValidateAll(t, imp)
		d := imp.Docs[0]
		if !strings.HasPrefix(d.Doc.Text, tt.textPrefix) {
			t.Errorf("%s: text starts %q", tt.file, d.Doc.Text[:60])
		}
		if len(d.Relations) != tt.relations {
			t.Errorf("%s: %d relations, want %d", tt.file, len(d.Relations), tt.relations)
		}
		found := false
		for _, r := range d.Relations {
			found = found || r.Type == tt.relType
		}
		if !found {
			t.Errorf("%s: no relation of type %s", tt.file, tt.relType)
		}
		if len(imp.Warnings) != 0 {
			t.Errorf("%s: warnings %v", tt.file, imp.Warnings)
		}
		// The file's tokens are the document's tokenization.
		sents, stored, err := conll.Sentences(&model.Document{Name: d.Doc.Name, Text: d.Doc.Text, Meta: d.Doc.Meta})
		if err != nil || !stored || len(sents) != strings.Count(string(mustRead(t, realdata.Path(t, "webanno/"+tt.file))), "\n#Text=") {
			t.Errorf("%s: tokens recorded %v, %d sentences, %v", tt.file, stored, len(sents), err)
		}
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestNeugedInputs(t *testing.T) {
	for _, f := range []string{"test_input.tsv", "test_input_v3.3.tsv"} {
		imp, err := Import(realdata.Path(t, "webanno/"+f), formats.ImportOptions{Annotator: "ana"})
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		fmttest.ValidateAll(t, imp)
		if len(imp.Docs[0].Annotations) == 0 {
			t.Errorf("%s: no annotations", f)
		}
	}
	// Two of neuged's hand-written inputs have token offsets that do not
	// fit their #Text ("#Text==A sentence" with "a" at 0-1; a second
	// sentence restarting at offset 0): refused, naming the line.
	for f, want := range map[string]string{
		"test_input_quotes.tsv":              `test_input_quotes.tsv:8: token "a" but the #Text has "=" at 0-1`,
		"test_input_multi_sentence_span.tsv": "test_input_multi_sentence_span.tsv:14: sentence 2 starts at 0, inside the previous sentence",
	} {
		_, err := Import(realdata.Path(t, "webanno/"+f), formats.ImportOptions{Annotator: "ana"})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want %q", f, err, want)
		}
	}
}

// TestEscapingRoundTrip writes a text with every character INCEpTION
// escapes in #Text lines and labels with every reserved string, and reads
// it back exactly, "\r\n" and the final newline included.
func TestEscapingRoundTrip(t *testing.T) {
	text := "Tab\there, form\ffeed and back\bspace .\r\nA \\ slash \x01 x .\n\nLast line .\n"
	d := formats.Layered{Doc: &model.Document{Name: "esc", Text: text}, Annotations: []model.Annotation{
		fmttest.Ann(t, text, "1", `a\b[1]|c_d->e;f*g`, "Tab"),
		fmttest.Ann(t, text, "2", "tab\tnew\nline", "slash"),
	}}
	ex := &Exporter{annotators: map[string]bool{}}
	data, err := ex.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"#Text=Tab\\there, form\\ffeed and back\\bspace .\\r\n#Text=\n", "#Text=A \\\\ slash \\\x01 x .\n#Text=\n#Text=\n", "#Text=Last line .\n#Text=\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("output lacks %q:\n%s", want, data)
		}
	}
	if !strings.Contains(string(data), "\ta\\\\b\\[1\\]\\|c\\_d\\->e\\;f\\*g\t") || !strings.Contains(string(data), "\ttab\\tnew\\nline\t") {
		t.Errorf("labels not escaped as INCEpTION does:\n%s", data)
	}
	di, warns, err := Read(data, "esc.tsv", formats.ImportOptions{Annotator: "ana"})
	if err != nil || len(warns) > 0 {
		t.Fatal(err, warns)
	}
	if di.Doc.Text != text {
		t.Errorf("text %q, want %q", di.Doc.Text, text)
	}
	fmttest.SameAnnotations(t, d.Annotations, di.Annotations, fmttest.Drop{Note: true})
}

// TestCoNLLThroughTSVKeepsTokens takes CoNLL-2003 through WebAnno TSV and
// back to CoNLL: the TSV carries the file's tokens ("Germany" "'s",
// "1996-08-22") and its reader records them again, so the CoNLL written at
// the end is the original file.
func TestCoNLLThroughTSVKeepsTokens(t *testing.T) {
	p := realdata.Path(t, "conll/conll2003-train.conll")
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	imp, err := conll.Import(p, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	cx, err := conll.NewExporter(&buf, "", formats.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wx := &Exporter{annotators: map[string]bool{}}
	for _, di := range imp.Docs {
		data, err := wx.Render(formats.Layered{Doc: &model.Document{Name: di.Doc.Name, Text: di.Doc.Text, Meta: di.Doc.Meta}, Annotations: di.Annotations})
		if err != nil {
			t.Fatal(err)
		}
		back, warns, err := Read(data, di.Doc.Name+".tsv", formats.ImportOptions{Annotator: "ana"})
		if err != nil || len(warns) > 0 {
			t.Fatal(err, warns)
		}
		if back.Doc.Text != di.Doc.Text {
			t.Fatalf("%s: text changed", di.Doc.Name)
		}
		if err := cx.Write(formats.Layered{Doc: &model.Document{Name: back.Doc.Name, Text: back.Doc.Text, Meta: back.Doc.Meta}, Annotations: back.Annotations}); err != nil {
			t.Fatal(err)
		}
	}
	if err := cx.Close(); err != nil {
		t.Fatal(err)
	}
	if r := append(wx.Report(), cx.Report()...); len(r) > 0 {
		t.Errorf("report %v", r)
	}
	if !bytes.Equal(buf.Bytes(), orig) {
		a, b := strings.Split(string(orig), "\n"), strings.Split(buf.String(), "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("line %d: %q, want %q", i+1, b[i], a[i])
			}
		}
		t.Fatalf("%d lines, want %d", len(b), len(a))
	}
}
