package all

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
)

func TestRegistry(t *testing.T) {
	for _, n := range Names() {
		f, err := Lookup(n)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != n || f.Description == "" || (f.Import == nil && f.NewExporter == nil) {
			t.Errorf("format %q is incomplete: %+v", n, f)
		}
	}
	if _, err := formats.Lookup("BRAT"); err != nil {
		t.Errorf("lookup is not case-insensitive: %v", err)
	}
	_, err := Lookup("nope")
	if err == nil || !strings.Contains(err.Error(), "known formats: ") || !strings.Contains(err.Error(), "brat") {
		t.Errorf("unknown format error: %v", err)
	}
}

func TestTextAndJSONL(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte(fmttest.Text), 0o644); err != nil {
		t.Fatal(err)
	}
	tf, _ := Lookup("text")
	imp, err := tf.Import(dir, formats.ImportOptions{})
	if err != nil || len(imp.Docs) != 1 || imp.Docs[0].Doc.Text != fmttest.Text {
		t.Fatalf("text import: %v %+v", err, imp)
	}

	jf, _ := Lookup("jsonl")
	var buf bytes.Buffer
	ex, err := jf.NewExporter(&buf, "", formats.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d := fmttest.Sample(t)
	if err := ex.Write(d); err != nil {
		t.Fatal(err)
	}
	if err := ex.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "x.jsonl")
	os.WriteFile(p, buf.Bytes(), 0o644)
	got, err := jf.Import(p, formats.ImportOptions{Annotator: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	fmttest.SameAnnotations(t, d.Annotations, got.Docs[0].Annotations, fmttest.Drop{})
	if len(got.Labels) != 5 {
		t.Errorf("labels: %+v", got.Labels)
	}
}
