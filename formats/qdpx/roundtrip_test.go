package qdpx_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/internal/fmttest"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
)

// project is a Margin project holding what a qdpx can carry: two layers,
// notes, a relation, a code tree, and document metadata of every kind.
func project(t *testing.T, path string) *storage.DB {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	grow := func(sc *model.Schema) (*model.Schema, error) {
		next := *sc
		next.Labels = append(append([]model.Label(nil), sc.Labels...), sampleSchema().Labels...)
		return &next, nil
	}
	var docs []model.DocumentImport
	for i, d := range sampleDocs(t) {
		di := model.DocumentImport{Doc: model.NewDocument{Name: d.Doc.Name, Text: d.Doc.Text, Meta: withoutURL(t, d.Doc.Meta)}}
		for _, a := range d.Annotations {
			if len(a.Fragments) > 1 {
				continue // a qdpx selection is one span: see TestExportReportsWhatREFIQDACannotHold
			}
			a.ID = fmt.Sprintf("0190d2a4-0000-7000-8000-%012d", i*100+len(di.Annotations))
			a.Attributes = nil
			di.Annotations = append(di.Annotations, a)
		}
		if i == 0 {
			di.Relations = []model.Relation{{ID: "0190d2a4-0000-7000-8000-999999999999", Annotator: "ana", Type: "claimed_by",
				From: di.Annotations[2].ID, To: di.Annotations[0].ID}}
		}
		docs = append(docs, di)
	}
	if _, err := db.Import(ctx, docs, grow, "ana"); err != nil {
		t.Fatal(err)
	}
	return db
}

// withoutURL drops the one metadata key of sampleDocs a qdpx cannot hold.
func withoutURL(t *testing.T, meta []byte) []byte {
	if len(meta) == 0 {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(meta, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "url")
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type layerContent struct {
	Doc  string
	Meta map[string]any
	Anns map[string][]string // annotator -> annotation keys with ids
	Rels []string
}

// content reads every document with every layer from db, by content.
func content(t *testing.T, db *storage.DB) []layerContent {
	t.Helper()
	ctx := context.Background()
	sums, err := db.Documents(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out []layerContent
	for _, s := range sums {
		d, err := db.Document(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		lc := layerContent{Doc: d.Name + "\x00" + d.Text, Anns: map[string][]string{}}
		if len(d.Meta) > 0 {
			if err := json.Unmarshal(d.Meta, &lc.Meta); err != nil {
				t.Fatal(err)
			}
		}
		anns, err := db.Annotations(ctx, s.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range anns {
			lc.Anns[a.Annotator] = append(lc.Anns[a.Annotator], a.ID+" "+fmttest.Key(a, fmttest.Drop{}))
		}
		for _, v := range lc.Anns {
			sort.Strings(v)
		}
		rels, err := db.Relations(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		lc.Rels = fmttest.RelationKeys(anns, rels)
		out = append(out, lc)
	}
	return out
}

func TestRoundTripThroughMargin(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := project(t, filepath.Join(dir, "mine.margin"))
	var buf bytes.Buffer
	report, err := dataset.Export(ctx, src, "qdpx", "", &buf, "", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "mine.qdpx")
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := xmllint(t, entries(t, out)["project.qde"]); err != nil {
		t.Fatalf("the project's export does not validate: %v", err)
	}

	dst, err := storage.Create(ctx, filepath.Join(dir, "theirs.margin"))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	sum, err := dataset.Import(ctx, dst, "qdpx", out, formats.ImportOptions{Annotator: "someone"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(sum.Warnings) != 0 {
		t.Errorf("warnings importing our own export: %v (export report %v)", sum.Warnings, report)
	}
	want, got := content(t, src), content(t, dst)
	if !reflect.DeepEqual(want, got) {
		t.Fatalf("round trip changed the project\nwant %+v\ngot  %+v", want, got)
	}
	if len(want) != 2 || len(want[0].Anns["ana"]) != 6 || len(want[0].Anns["bob"]) != 1 || len(want[0].Rels) != 1 {
		t.Fatalf("the fixture lost its layers: %+v", want)
	}
	wsc, _ := src.Schema(ctx)
	gsc, _ := dst.Schema(ctx)
	for _, l := range wsc.Labels {
		g, ok := gsc.Label(l.Name)
		if l.Parent == "gone" {
			l.Parent = "" // a parent naming no label is the top level
		}
		if !ok || g.Color != l.Color || g.Description != l.Description || g.Parent != l.Parent {
			t.Errorf("label %+v came back as %+v", l, g)
		}
	}
}
