package webanno

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/model"
)

func TestExportEmojiUTF16(t *testing.T) {
	text := "I like it 😊 .\nNew York_x"
	d := formats.Layered{Doc: &model.Document{Name: "e", Text: text}, Annotations: []model.Annotation{
		fmttest.Ann(t, text, "1", "EMO", "😊"),
		fmttest.Ann(t, text, "2", "LOC", "New York_x"),
		fmttest.Ann(t, text, "3", "A|B", "York_x"),
	}}
	ex := &Exporter{annotators: map[string]bool{}}
	got, err := ex.Render(d)
	if err != nil {
		t.Fatal(err)
	}
	want := "#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Margin|label\n\n\n" +
		"#Text=I like it 😊 .\n1-1\t0-1\tI\t_\t\n1-2\t2-6\tlike\t_\t\n1-3\t7-9\tit\t_\t\n1-4\t10-12\t😊\tEMO\t\n1-5\t13-14\t.\t_\t\n\n" +
		"#Text=New York_x\n2-1\t15-18\tNew\tLOC[1]\t\n2-2\t19-25\tYork_x\tLOC[1]|A\\|B[2]\t\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

// inception is shaped as INCEpTION 3x writes TSV 3.3 (Tsv3XSerializer,
// inception @55ba8ba6): the token column holds the text as it is, values
// are escaped, a relation layer names its endpoints' layer with BT_.
const inception = `#FORMAT=WebAnno TSV 3.3
#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value
#T_RL=webanno.custom.Rel|label|BT_de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity


#Text=Peter 😊 lives in São_Paulo .
1-1	0-5	Peter	_|*[2]	PER|X[2]	_	_	
1-2	6-8	😊	_	*	_	_	
1-3	9-14	lives	_	_	_	_	
1-4	15-17	in	_	_	_	_	
1-5	18-27	São_Paulo	*[1]	LOC\_1[1]	lives\_in	1-1[2_1]	
1-6	28-29	.	_	_	_	_	

#Text=Next one
2-1	31-35	Next	wiki:1	ORG	_	_	
2-2	36-39	one	_	_	_	_	
`

func TestReadINCEpTION(t *testing.T) {
	di, warns, err := Read([]byte(inception), "in.tsv", formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if di.Doc.Text != "Peter 😊 lives in São_Paulo .\n Next one" {
		t.Errorf("text %q", di.Doc.Text)
	}
	got := fmttest.Keys(di.Annotations, fmttest.Drop{Note: true})
	want := []string{
		`LOC_1 [{17 26}] "São_Paulo"`,
		`NamedEntity [{6 7}] "😊"`,
		`ORG [{30 34}] "Next" identifier="wiki:1"`,
		`PER [{0 5}] "Peter"`,
		`X [{0 5}] "Peter"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s", strings.Join(got, "\n"))
	}
	if len(warns) != 0 {
		t.Errorf("warnings %v", warns)
	}
	if got := fmttest.RelationKeys(di.Annotations, di.Relations); strings.Join(got, "\n") != `lives_in(X [{0 5}] "Peter" -> LOC_1 [{17 26}] "São_Paulo") true true` {
		t.Errorf("relations %q", got)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"hello\n", "x.tsv:1: want #FORMAT"},
		{"#FORMAT=WebAnno TSV 3.3\n#T_SP=L|label\n\n\n#Text=ab\n1-1\t0-2\tab\n", "x.tsv:6: want 4 tab-separated columns"},
		{"#FORMAT=WebAnno TSV 3.3\n#T_SP=L|label\n\n\n#Text=ab\n1-1\t0-x\tab\t_\n", `x.tsv:6: offsets "0-x"`},
		{"#FORMAT=WebAnno TSV 3.3\n#T_SP=L|label\n\n\n#Text=ab\n1-1\t0-2\tcd\t_\n", `x.tsv:6: token "cd" but the #Text has "ab"`},
		{"#FORMAT=WebAnno TSV 3.3\n#T_SP=L|label\n\n\n#Text=ab\n1-1\t0-9\tab\t_\n", `x.tsv:6: token offsets 0-9`},
		{"#FORMAT=WebAnno TSV 3.3\n#T_SP=L|label\n\n\n#Text=a😊\n1-1\t0-2\ta😊\t_\n", `x.tsv:6: token offsets 0-2 are outside the text or split`},
	} {
		_, _, err := Read([]byte(tt.in), "x.tsv", formats.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err = %v, want %q", err, tt.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	d := fmttest.Sample(t)
	dir := filepath.Join(t.TempDir(), "out")
	ex, err := NewExporter(nil, dir, formats.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ex.Write(d); err != nil {
		t.Fatal(err)
	}
	if err := ex.Write(d); err != nil { // same name: a second, renamed file
		t.Fatal(err)
	}
	if err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	rep := strings.Join(ex.Report(), "\n")
	if !strings.Contains(rep, "relations dropped (only the span layer is written): 2") || !strings.Contains(rep, "discontinuous annotations written as one span per fragment: 2") {
		t.Errorf("report: %s", rep)
	}
	imp, err := Import(dir, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.ValidateAll(t, imp)
	if len(imp.Docs) != 2 {
		t.Fatalf("%d docs", len(imp.Docs))
	}
	got := imp.Docs[0]
	// The "\r\n" between the sentences is written in the first sentence's
	// #Text (as "\r" and an empty line), so it survives.
	if got.Doc.Text != d.Doc.Text {
		t.Errorf("text %q want %q", got.Doc.Text, d.Doc.Text)
	}
	want := append(fmttest.Without(d.Annotations, "a6"), fmttest.Ann(t, d.Doc.Text, "x", "NEGOTIATION_EVENT", "talks"), fmttest.Ann(t, d.Doc.Text, "y", "NEGOTIATION_EVENT", "Kyiv"))
	fmttest.SameAnnotations(t, want, got.Annotations, fmttest.Drop{Attributes: true, Note: true})
	// Refuses to overwrite.
	ex2, _ := NewExporter(nil, dir, formats.ExportOptions{})
	if err := ex2.Write(d); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("overwrite: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "talks_day_one-2.tsv")); err != nil {
		t.Error(err)
	}
}

func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{`a\b`, "x[1]|y", "_", "a->b;c*", "tab\there"} {
		if got := Unescape(Escape(s)); got != s {
			t.Errorf("%q -> %q -> %q", s, Escape(s), got)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add(inception)
	f.Add("#FORMAT=WebAnno TSV 3.3\n#T_SP=L|label\n\n\n#Text=I 😊\n1-1\t0-1\tI\tX[1]\t\n1-2\t2-4\t😊\tX[1]\t\n")
	f.Fuzz(func(t *testing.T, in string) {
		di, _, err := Read([]byte(in), "f.tsv", formats.ImportOptions{})
		if err != nil {
			return
		}
		fmttest.ValidateAll(t, &formats.Imported{Docs: []model.DocumentImport{di}})
	})
}

func TestUnescapeINCEpTION(t *testing.T) {
	for _, tt := range []struct {
		f        func(string) string
		in, want string
	}{
		{UnescapeText, `a\tb\\c\nd\re\ff\bg\x`, "a\tb\\c\nd\re\ff\bg\\x"},
		{UnescapeText, "\\\x01", "\x01"},
		{Unescape, `a\_b\[1\]\|c\->d\;e\*f\tg\qh`, "a_b[1]|c->d;e*f\tg\\qh"},
		{unescapeJava, `a\tb\u00e9\101\477\'\q`, "a\tbéA'7'\\q"},
	} {
		if got := tt.f(tt.in); got != tt.want {
			t.Errorf("%q -> %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := EscapeText("a\tb\\c\x01\x0b"); got != "a\\tb\\\\c\\\x01\x0b" {
		t.Errorf("EscapeText %q", got)
	}
}
