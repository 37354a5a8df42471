package conll

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
)

// The CoNLL-2003 English training set (token TAB IOB2 tag), from
// ../shared/realdata/conll.
const conll2003 = "conll/conll2003-train.conll"

// row is one line of a CoNLL file as the format defines it: a token and
// its tag, a sentence break (""), or a document start.
type row struct{ tok, tag string }

// rows reads a CoNLL file into its rows; blank lines in a row collapse to
// one sentence break (the format makes them equivalent).
func rows(t *testing.T, data []byte) []row {
	t.Helper()
	var out []row
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			if len(out) > 0 && out[len(out)-1] != (row{}) {
				out = append(out, row{})
			}
			continue
		}
		out = append(out, row{f[0], f[len(f)-1]})
	}
	for len(out) > 0 && out[len(out)-1] == (row{}) {
		out = out[:len(out)-1]
	}
	return out
}

// exportImported exports what Import read, as the store would hand it
// back (name, text, meta, annotations).
func exportImported(t *testing.T, imp *formats.Imported, scheme string) ([]byte, []string) {
	t.Helper()
	ds := make([]formats.Layered, len(imp.Docs))
	for i, di := range imp.Docs {
		ds[i] = formats.Layered{Doc: &model.Document{ID: int64(i + 1), Name: di.Doc.Name, Text: di.Doc.Text, Meta: di.Doc.Meta}, Annotations: di.Annotations}
	}
	out, report := export(t, scheme, ds...)
	return []byte(out), report
}

// TestCoNLL2003RoundTripExact imports the whole CoNLL-2003 training file,
// exports it and compares token by token and tag by tag: clitics ("John
// 's"), hyphenated tokens ("1996-08-22") and spaced hyphens ("PRESS
// DIGEST - Iraq - Aug", CoNLL-2003's "$ 300 - a - share") keep their
// boundaries, and no entity is lost or moved.
func TestCoNLL2003RoundTripExact(t *testing.T) {
	p := realdata.Path(t, conll2003)
	orig, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	imp, err := Import(p, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Docs) != 703 {
		t.Errorf("%d documents, want one per -DOCSTART- (703)", len(imp.Docs))
	}
	// The text reads naturally; the tokens are in the meta.
	if !strings.Contains(imp.Docs[0].Doc.Text, "EU rejects German call to boycott British lamb.") {
		t.Errorf("text %q", imp.Docs[0].Doc.Text[:80])
	}
	out, report := exportImported(t, imp, "iob2")
	if len(report) != 0 {
		t.Errorf("report %v", report)
	}
	want, got := rows(t, orig), rows(t, out)
	for i := 0; i < min(len(want), len(got)); i++ {
		if want[i] != got[i] {
			t.Fatalf("row %d: got %q, want %q (context %q)", i, got[i], want[i], want[max(0, i-3):min(len(want), i+3)])
		}
	}
	if len(want) != len(got) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	// The file is IOB2 with a tab, as Margin writes: byte for byte equal.
	if !bytes.Equal(orig, out) {
		t.Errorf("export differs from the original bytes (rows are equal)")
	}
}

func TestCoNLL2003Clitics(t *testing.T) {
	imp, err := Import(realdata.Path(t, conll2003), formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := exportImported(t, imp, "iob2")
	for _, want := range []string{
		"Germany\tB-LOC\n's\tO\n",                      // clitic after an entity
		"DIGEST\tO\n-\tO\nIraq\tB-LOC\n-\tO\nAug\tO\n", // spaced hyphens around an entity
		"+358\tO\n-\tO\n0\tO\n-\tO\n680\tO\n",          // a phone number in pieces
		"1996-08-22\tO\n",                              // a hyphenated token stays one
	} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("export lacks %q", want)
		}
	}
}

// endless yields n bytes of 'x' without a line break, without holding them.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	k := min(int64(len(p)), e.n)
	for i := range p[:k] {
		p[i] = 'x'
	}
	e.n -= k
	return int(k), nil
}

// TestLongLineRefusedWithLine appends a 200 MB line to the real file: the
// read stops at it with the file and line, in bounded memory.
func TestLongLineRefusedWithLine(t *testing.T) {
	data, err := os.ReadFile(realdata.Path(t, conll2003))
	if err != nil {
		t.Fatal(err)
	}
	// read reads r and returns the documents read, the bytes allocated
	// meanwhile and the error.
	read := func(r io.Reader) (int, uint64, error) {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		docs := 0
		err := ReadEach(r, "big.conll", formats.ImportOptions{}, func(model.DocumentImport) error {
			docs++
			return nil
		})
		runtime.ReadMemStats(&after)
		return docs, after.TotalAlloc - before.TotalAlloc, err
	}
	if _, _, err := read(bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	_, base, _ := read(bytes.NewReader(data))
	docs, grew, err := read(io.MultiReader(bytes.NewReader(data), &endless{200 << 20}))
	var long *LineTooLongError
	if !errors.As(err, &long) || long.Line != 219069 || !strings.Contains(err.Error(), "big.conll:219069: line longer than 1024 KiB") {
		t.Fatalf("err %v, want a LineTooLongError at big.conll:219069", err)
	}
	if docs != 702 {
		t.Errorf("%d documents before the long line, want 702", docs)
	}
	// The long line may cost its cap (1 MiB, a few times over as the
	// buffer grows), not its 200 MB.
	if grew > base+8<<20 {
		t.Errorf("allocated %d MB with the 200 MB line, %d MB without", grew>>20, base>>20)
	}
}

func TestImportErrorsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	for name, tt := range map[string]struct{ data, want string }{
		"long.conll":  {"EU\tB-ORG\n\n" + strings.Repeat("x", MaxLine+10) + "\n", "long.conll:3: line longer than"},
		"tag.conll":   {"EU\tB-ORG\nrejects\tQ-X\n", "tag.conll:2: tag \"Q-X\""},
		"utf8.conll":  {"EU\tB-ORG\n\xff\tO\n", "utf8.conll:2: invalid UTF-8"},
		"token.conll": {"EU\tB-ORG\nlonely\n", "token.conll:2: want a token and a tag"},
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(tt.data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Import(p, formats.ImportOptions{})
		if err == nil || !strings.Contains(err.Error(), p[len(dir):]) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err %v, want %q", name, err, tt.want)
		}
	}
}

// TestStoredTokensUsedOnlyWhenTheyFit: a recorded tokenization that does
// not fit the text (edited meta) is reported and replaced by Tokenize's.
func TestStoredTokensUsedOnlyWhenTheyFit(t *testing.T) {
	text := "John's car"
	good := &model.Document{Name: "g", Text: text, Meta: []byte(`{"conll":{"sentences":[[[0,4],[4,6],[7,10]]]}}`)}
	sents, stored, err := Sentences(good)
	if err != nil || !stored || len(sents[0]) != 3 || sents[0][1].Text != "'s" {
		t.Errorf("good: %v %v %v", sents, stored, err)
	}
	for _, meta := range []string{`{"conll":{"sentences":[[[0,4],[3,6]]]}}`, `{"conll":{"sentences":[[[0,40]]]}}`, `{"conll":{"sentences":[[[4,5]]]}}`, `{"conll":"x"}`} {
		bad := &model.Document{Name: "b", Text: "John 's car", Meta: []byte(meta)}
		sents, stored, err := Sentences(bad)
		if err == nil || stored || len(sents[0]) != 4 { // Tokenize: John ' s car
			t.Errorf("%s: %v %v %v", meta, sents, stored, err)
		}
	}
	// Someone else's meta is not a tokenization.
	if _, stored, err := Sentences(&model.Document{Text: text, Meta: []byte(`{"source":"x"}`)}); stored || err != nil {
		t.Errorf("other meta: %v %v", stored, err)
	}
}
