package postgres

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage/postgres/pgtest"
)

// BenchmarkImportMillionVsPsqlCopy is issue 17's import target: 1,000,000
// spans (100 documents of 10,000) through Import (COPY), against psql's
// \copy of the same rows (the same ids, offsets and texts, as CSV) into
// the annotations table of a project holding the same documents, on the
// same private server in the same run, alternating (target: import ≤ 1.5×
// psql). MARGIN_BENCH_SPANS changes the count (default 1,000,000).
//
//	go test -run '^$' -bench ImportMillion -benchtime 3x -timeout 30m ./storage/postgres/
func BenchmarkImportMillionVsPsqlCopy(b *testing.B) {
	ctx := context.Background()
	total := 1_000_000
	if s := os.Getenv("MARGIN_BENCH_SPANS"); s != "" {
		var err error
		if total, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	const docs = 100
	perDoc := total / docs
	port := 54343
	if p := os.Getenv("MARGIN_BENCH_PG_PORT"); p != "" {
		var err error
		if port, err = strconv.Atoi(p); err != nil {
			b.Fatal(err)
		}
	}
	fsync := "on"
	if os.Getenv("MARGIN_BENCH_PG_FSYNC") == "off" {
		fsync = "off"
	}
	server := pgtest.StartPrivate(b, port, fsync)
	b.Setenv("MARGIN_TEST_POSTGRES", server.URL)
	word := "ceasefire "
	texts := make([]string, docs)
	for d := range texts {
		texts[d] = fmt.Sprintf("Article %03d. ", d) + strings.Repeat(word, perDoc)
	}
	var importTimes, psqlTimes []time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		in := make([]model.DocumentImport, docs)
		for d := range in {
			off := len(fmt.Sprintf("Article %03d. ", d))
			anns := make([]model.Annotation, perDoc)
			for j := range anns {
				s := off + j*len(word)
				anns[j] = model.Annotation{ID: newID(), Annotator: "ann", Label: "TERM", Fragments: []model.Fragment{{Start: s, End: s + len(word) - 1}}}
			}
			in[d] = model.DocumentImport{Doc: model.NewDocument{Name: fmt.Sprint("d", d), Text: texts[d]}, Annotations: anns}
		}
		// psql's side first: a project with the documents, and the rows
		// as CSV (written before the clock starts).
		target, err := Create(ctx, pgtest.FreshDatabase(b))
		if err != nil {
			b.Fatal(err)
		}
		docsOnly := make([]model.DocumentImport, docs)
		for d := range in {
			docsOnly[d] = model.DocumentImport{Doc: in[d].Doc}
		}
		res, err := target.ImportDocuments(ctx, docsOnly)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := target.pool.Exec(ctx, `INSERT INTO annotators (name, created_at) VALUES ('ann', now())`); err != nil {
			b.Fatal(err)
		}
		csv := filepath.Join(b.TempDir(), "rows.csv")
		writeCSV(b, csv, in, res)
		psqlURL := strings.Replace(target.url, "xxxxx", "margin-test", 1)
		start := time.Now()
		out, err := exec.Command("psql", psqlURL, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c",
			`\copy annotations (id, doc_id, annotator, label, start_cp, end_cp, text, attributes, note, created_at, updated_at) FROM '`+csv+`' WITH (FORMAT csv)`).CombinedOutput()
		psqlTimes = append(psqlTimes, time.Since(start))
		if err != nil {
			b.Fatalf("psql \\copy: %v\n%s", err, out)
		}
		var n int
		if err := target.pool.QueryRow(ctx, `SELECT count(*) FROM annotations`).Scan(&n); err != nil || n != total {
			b.Fatalf("psql copied %d rows (%v), want %d", n, err, total)
		}
		target.Close()

		db, err := Create(ctx, pgtest.FreshDatabase(b))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start = time.Now()
		got, err := db.ImportDocuments(ctx, in)
		importTimes = append(importTimes, time.Since(start))
		b.StopTimer()
		if err != nil || len(got) != docs || got[0].Annotations != perDoc {
			b.Fatalf("import: %v", err)
		}
		db.Close()
	}
	med := func(ts []time.Duration) float64 {
		s := append([]time.Duration(nil), ts...)
		for i := range s {
			for j := i + 1; j < len(s); j++ {
				if s[j] < s[i] {
					s[i], s[j] = s[j], s[i]
				}
			}
		}
		return s[len(s)/2].Seconds()
	}
	b.ReportMetric(med(importTimes), "import-s")
	b.ReportMetric(med(psqlTimes), "psql-copy-s")
	b.ReportMetric(med(importTimes)/med(psqlTimes), "ratio")
}

// writeCSV writes the rows Import stores for in (documents res) as the
// CSV psql's \copy reads.
func writeCSV(b *testing.B, path string, in []model.DocumentImport, res []model.ImportResult) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	now := time.Now().UTC().Format("2006-01-02 15:04:05.999999Z07")
	for d := range in {
		ix := model.NewTextIndex(in[d].Doc.Text)
		for _, a := range in[d].Annotations {
			fr := a.Fragments[0]
			text := model.CoveredText(ix, a.Fragments)
			fmt.Fprintf(w, "%s,%d,%s,%s,%d,%d,\"%s\",{},\"\",%s,%s\n", a.ID, res[d].DocID, a.Annotator, a.Label, fr.Start, fr.End,
				strings.ReplaceAll(text, `"`, `""`), now, now)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
}
