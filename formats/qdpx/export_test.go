package qdpx_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/formats/qdpx"
	"github.com/margin-app/margin/internal/realdata"
	"github.com/margin-app/margin/model"
)

// sampleSchema has a code tree: NEGOTIATION_EVENT under ACTOR's sibling
// CLAIM, and a label the documents never use.
func sampleSchema() *model.Schema {
	return &model.Schema{Labels: []model.Label{
		{Name: "CLAIM", Color: "#112233", Description: "a claim & its <source>"},
		{Name: "ACTOR", Color: "#aabbcc", Description: "who"},
		{Name: "CEASEFIRE_TERM", Color: "#00ff00", Parent: "CLAIM"},
		{Name: "NEGOTIATION_EVENT", Color: "#0000ff", Parent: "CLAIM"},
		{Name: "MILITARY_ACTION", Color: "#ff0000", Parent: "CEASEFIRE_TERM"},
		{Name: "UNUSED", Color: "#123456", Parent: "gone"},
	}}
}

// sampleDocs is fmttest's awkward document with a second layer and
// document metadata of every kind an import fills.
func sampleDocs(t testing.TB) []formats.Layered {
	d := fmttest.Sample(t)
	d.Doc.Meta = []byte(`{"description":"wire story","notes":["check the date","second note"],"variables":{"pages":3,"score":0.5,"paywall":true,"outlet":"Reuters"},"cases":{"Kyiv desk":{"region":"east"}},"url":"https://example.org/x"}`)
	bob := fmttest.Ann(t, fmttest.Text, "b1", "ACTOR", "Trump")
	bob.Annotator = "bob"
	bob.Note = "line one\nline two"
	d.Annotations = append(d.Annotations, bob)
	d.DocLabels = []model.DocLabel{{Annotator: "ana", Set: "topic", Value: "war"}}
	other := "Second article: no annotations, only text.\n"
	return []formats.Layered{d, {Doc: &model.Document{ID: 8, Name: "plain", Text: other, SHA256: model.TextSHA256(other)}}}
}

// export writes docs as a .qdpx and returns its path and the exporter's
// report.
func export(t testing.TB, sc *model.Schema, docs []formats.Layered) (string, []string) {
	t.Helper()
	out, report := fmttest.Export(t, qdpx.NewExporter, formats.ExportOptions{Schema: sc}, docs...)
	p := filepath.Join(t.TempDir(), "out.qdpx")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p, report
}

// entries reads every file of a zip.
func entries(t testing.TB, p string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

// xmllint validates qde against the REFI-QDA 1.5 schema and returns its
// complaint, or nil.
func xmllint(t testing.TB, qde []byte) error {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatalf("xmllint is needed to validate exports against the REFI-QDA schema: install it (Debian: apt-get install -y libxml2-utils)")
	}
	p := filepath.Join(t.TempDir(), "project.qde")
	if err := os.WriteFile(p, qde, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--noout", "--schema", realdata.Path(t, "qdpx/Project-mrt2019.xsd"), p).CombinedOutput()
	if err != nil {
		return &lintError{string(out)}
	}
	return nil
}

type lintError struct{ out string }

func (e *lintError) Error() string { return e.out }

func TestExportValidatesAgainstTheSchema(t *testing.T) {
	p, _ := export(t, sampleSchema(), sampleDocs(t))
	qde := entries(t, p)["project.qde"]
	if err := xmllint(t, qde); err != nil {
		t.Fatalf("export does not validate:\n%v\n%s", err, qde)
	}
	// The check can fail: the same file with a colour the schema's
	// RGBType refuses and a broken GUID does not validate.
	bad := bytes.Replace(qde, []byte(`color="#112233"`), []byte(`color="112233"`), 1)
	if err := xmllint(t, bad); err == nil || !strings.Contains(err.Error(), "'color'") || !strings.Contains(err.Error(), "pattern") {
		t.Fatalf("xmllint accepted a colour without #: %v", err)
	}
	bad = bytes.Replace(qde, []byte(`guid="`), []byte(`guid="x`), 1)
	if err := xmllint(t, bad); err == nil || !strings.Contains(err.Error(), "'guid'") || !strings.Contains(err.Error(), "pattern") {
		t.Fatalf("xmllint accepted a bad GUID: %v", err)
	}
	// An empty project (no documents, no labels) is valid too.
	p, _ = export(t, &model.Schema{}, nil)
	if err := xmllint(t, entries(t, p)["project.qde"]); err != nil {
		t.Fatalf("empty export does not validate: %v", err)
	}
}

type selXML struct {
	Start int    `xml:"startPosition,attr"`
	End   int    `xml:"endPosition,attr"`
	Desc  string `xml:"Description"`
}

type qdeXML struct {
	Sources []struct {
		Path       string   `xml:"plainTextPath,attr"`
		Selections []selXML `xml:"PlainTextSelection"`
	} `xml:"Sources>TextSource"`
}

// Positions are code points of the text file, which holds the text byte
// for byte (the \r\n included).
func TestExportPositionsAreCodePoints(t *testing.T) {
	docs := sampleDocs(t)
	p, _ := export(t, sampleSchema(), docs)
	files := entries(t, p)
	var q qdeXML
	if err := xml.Unmarshal(files["project.qde"], &q); err != nil {
		t.Fatal(err)
	}
	if len(q.Sources) != 2 {
		t.Fatalf("sources: %+v", q.Sources)
	}
	src := q.Sources[0]
	name := "sources/" + strings.TrimPrefix(src.Path, "internal://")
	if string(files[name]) != fmttest.Text {
		t.Fatalf("%s holds %q", name, files[name])
	}
	text := fmttest.Text
	found := map[string]bool{}
	for _, s := range src.Selections {
		r := []rune(text)
		found[string(r[s.Start:s.End])] = true
	}
	// "Putin" follows 😊 and the \r\n: code points 35-40 (UTF-16 units
	// would say 36, bytes 48); "Trump" 45-50.
	at := map[string]bool{}
	for _, s := range src.Selections {
		at[strconv.Itoa(s.Start)+"-"+strconv.Itoa(s.End)] = true
	}
	if !at["35-40"] || !at["45-50"] {
		t.Errorf("no selections at 35-40 and 45-50: %+v", src.Selections)
	}
	for _, want := range []string{"Putin", "Trump", "Ceasefire", "停火", "😊", "talks", "Kyiv", "Putin met Trump"} {
		if !found[want] {
			t.Errorf("no selection covers %q; selections %+v", want, src.Selections)
		}
	}
}

func TestExportIsStable(t *testing.T) {
	a, _ := export(t, sampleSchema(), sampleDocs(t))
	b, _ := export(t, sampleSchema(), sampleDocs(t))
	if !bytes.Equal(entries(t, a)["project.qde"], entries(t, b)["project.qde"]) {
		t.Fatal("two exports of the same project differ: GUIDs are not stable")
	}
}

func TestExportReportsWhatREFIQDACannotHold(t *testing.T) {
	_, report := export(t, sampleSchema(), sampleDocs(t))
	want := []string{
		"annotations whose attributes were not written (REFI-QDA codings have no attributes): 2",
		"discontinuous annotations written as one selection per fragment: 1",
		"document labels not written (REFI-QDA codes selections, not document classes): 1",
		`document metadata "url" not written (only description, notes, variables and cases map to REFI-QDA): 1`,
	}
	same(t, "report", report, want)
}

// The exported codebook nests codes as the schema's parents say, keeps
// colours and descriptions, and puts a label whose parent is gone at the
// top.
func TestExportCodeTree(t *testing.T) {
	p, _ := export(t, sampleSchema(), sampleDocs(t))
	imp, err := qdpx.Import(p, formats.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	same(t, "labels", labelKeys(imp.Labels), []string{
		`CLAIM color=#112233 parent="" desc="a claim & its <source>"`,
		`CEASEFIRE_TERM color=#00ff00 parent="CLAIM" desc=""`,
		`MILITARY_ACTION color=#ff0000 parent="CEASEFIRE_TERM" desc=""`,
		`NEGOTIATION_EVENT color=#0000ff parent="CLAIM" desc=""`,
		`ACTOR color=#aabbcc parent="" desc="who"`,
		`UNUSED color=#123456 parent="" desc=""`,
		`EMOTION color= parent="" desc=""`,
	})
	if len(imp.Docs) != 2 {
		t.Fatalf("documents: %d", len(imp.Docs))
	}
}
