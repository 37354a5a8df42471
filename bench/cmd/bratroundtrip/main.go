// Command bratroundtrip imports every corpus of a brat checkout's
// example-data (each folder with an annotation.conf) into a new project
// through Margin's real import path, checks that every document's text
// equals its .txt, exports the project as brat into OUT/NAME and imports
// that again, comparing documents, annotations and relations. Then run
// bench/bratcheck/brat_parse.py on OUT/* to have brat read the exports
// (bench/bratcheck/run.sh does both). It fetches nothing.
//
//	go run ./bench/cmd/bratroundtrip BRAT_CHECKOUT OUT
package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/margin-app/margin/dataset"
	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/brat"
	"github.com/margin-app/margin/storage"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: bratroundtrip BRAT_CHECKOUT OUT")
		os.Exit(2)
	}
	root := filepath.Join(os.Args[1], "example-data")
	var corpora []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "annotation.conf" {
			corpora = append(corpora, filepath.Dir(p))
		}
		return err
	})
	if err != nil || len(corpora) == 0 {
		fmt.Fprintf(os.Stderr, "no corpora under %s: %v\n", root, err)
		os.Exit(2)
	}
	failed := 0
	for _, dir := range corpora {
		name := strings.ReplaceAll(strings.TrimPrefix(dir, root+string(filepath.Separator)), string(filepath.Separator), "_")
		if err := check(dir, filepath.Join(os.Args[2], name)); err != nil {
			fmt.Printf("FAIL %s: %v\n", dir, err)
			failed++
		}
	}
	if failed > 0 {
		os.Exit(1)
	}
}

// check imports dir into a fresh project, exports it into out and reads
// the export back.
func check(dir, out string) error {
	ctx := context.Background()
	tmp, err := os.MkdirTemp("", "bratroundtrip")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	db, err := storage.Create(ctx, filepath.Join(tmp, "p.margin"))
	if err != nil {
		return err
	}
	defer db.Close()
	sum, err := dataset.Import(ctx, db, "brat", dir, formats.ImportOptions{Annotator: "brat"}, false)
	if err != nil {
		return err
	}
	orig, err := brat.Import(dir, formats.ImportOptions{Annotator: "brat"})
	if err != nil {
		return err
	}
	for _, d := range orig.Docs {
		raw, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(d.Doc.Name)+".txt"))
		if err != nil {
			return err
		}
		if string(raw) != d.Doc.Text {
			return fmt.Errorf("%s: the imported text differs from the .txt", d.Doc.Name)
		}
	}
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	report, err := dataset.Export(ctx, db, "brat", "", nil, out, "", nil)
	if err != nil {
		return err
	}
	back, err := brat.Import(out, formats.ImportOptions{Annotator: "brat"})
	if err != nil {
		return fmt.Errorf("re-import of the export: %w", err)
	}
	if len(back.Docs) != len(orig.Docs) {
		return fmt.Errorf("%d documents came back of %d", len(back.Docs), len(orig.Docs))
	}
	byName := map[string]int{}
	for i, d := range back.Docs {
		byName[d.Doc.Name] = i
	}
	anns, rels := 0, 0
	for _, o := range orig.Docs {
		i, ok := byName[o.Doc.Name]
		if !ok {
			return fmt.Errorf("%s: not in the export under its name", o.Doc.Name)
		}
		b := back.Docs[i]
		if b.Doc.Text != o.Doc.Text || len(b.Annotations) != len(o.Annotations) || len(b.Relations) != len(o.Relations) {
			return fmt.Errorf("%s: %d of %d annotations, %d of %d relations came back", o.Doc.Name, len(b.Annotations), len(o.Annotations), len(b.Relations), len(o.Relations))
		}
		anns += len(o.Annotations)
		rels += len(o.Relations)
	}
	fmt.Printf("ok %s: %d documents, %d annotations, %d relations imported, exported to %s and read back; import warnings %v; export report %v\n",
		dir, sum.Documents(), anns, rels, out, sum.Warnings, report)
	return nil
}
