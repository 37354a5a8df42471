package bench

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
	"github.com/margin-app/margin/storage"
	"github.com/margin-app/margin/ui"
)

// bigProject is a project with one document of about 1 MB carrying
// annotations spans of ana's (issue 8's "open" and "memory" targets).
func bigProject(tb testing.TB, spans int) (path string) {
	tb.Helper()
	ctx := context.Background()
	path = filepath.Join(tb.TempDir(), "big.margin")
	db, err := storage.Create(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	sc, err := assets.DefaultSchema()
	if err != nil {
		tb.Fatal(err)
	}
	if err := db.SetSchema(ctx, sc, "ana"); err != nil {
		tb.Fatal(err)
	}
	r := xorshift(11)
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString(words[r.intn(len(words))])
		if r.intn(12) == 0 {
			sb.WriteString(".\n")
		} else {
			sb.WriteByte(' ')
		}
	}
	text := sb.String()
	n := model.NewTextIndex(text).Len()
	anns := make([]model.Annotation, spans)
	for i := range anns {
		s := i*(n/spans) + r.intn(n/spans/2)
		anns[i] = model.Annotation{Annotator: "ana", Label: labels[r.intn(len(labels))], Fragments: []model.Fragment{{Start: s, End: s + 3 + r.intn(40)}}}
	}
	if _, err := db.ImportDocuments(ctx, []model.DocumentImport{{Doc: model.NewDocument{Name: "book", Text: text}, Annotations: anns}}); err != nil {
		tb.Fatal(err)
	}
	return path
}

// openBig opens the project in a headless 1280x800 window, as the app
// does (ui.NewWindow + Load: the document and its annotations from the
// database, highlights, article view), and draws the first page.
func openBig(tb testing.TB, path string) (*ui.Window, fyne.Window, *storage.DB) {
	db, err := storage.Open(context.Background(), path)
	if err != nil {
		tb.Fatal(err)
	}
	win := test.NewWindow(nil)
	win.Resize(fyne.NewSize(1280, 800))
	ui.InlineEdits() // Fyne's test driver: the load runs here, not queued
	w := ui.NewWindow(win, db, "ana")
	if err := w.Load(); err != nil {
		tb.Fatal(err)
	}
	test.WidgetRenderer(w.View()).Refresh() // lay out and build the visible page
	return w, win, db
}

// BenchmarkOpen1MB10k: open a 1 MB document with 10,000 annotations
// (load from the database, lay out, first visible page); target under
// 100 ms. It also reports the Go heap in use and the process's resident
// memory with the document open (target under 300 MB resident).
//
// Memory is measured after the first open in the process: the windows of
// the timing loop are closed but stay reachable through Fyne's test driver,
// about 25 MB each, so measuring after the loop would count every one.
var openHeapMB, openRSSMB float64

func BenchmarkOpen1MB10k(b *testing.B) {
	test.NewTempApp(b)
	path := bigProject(b, 10000)
	runtime.GC()
	base := rssMB()
	w, win, db := openBig(b, path)
	v := w.View()
	objs := len(test.WidgetRenderer(v).Objects())
	if v.Size().Width < 500 || v.LineCount() < 1000 || objs < 50 {
		b.Fatalf("not laid out: view %v, %d lines, %d objects", v.Size(), v.LineCount(), objs)
	}
	b.Logf("view %v, %d lines, %d canvas objects on the first page", v.Size(), v.LineCount(), objs)
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if openHeapMB == 0 { // the first open in this process (see above)
		openHeapMB, openRSSMB = float64(ms.HeapInuse)/1e6, rssMB()
	}
	heap, rss := openHeapMB, openRSSMB
	b.Logf("first open: Go heap in use %.0f MB, process resident %.0f MB (%.0f MB before opening)", heap, rss, base)
	win.Close()
	db.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_, win, db := openBig(b, path)
		b.StopTimer()
		win.Close()
		db.Close()
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(heap, "heap-MB")
	b.ReportMetric(rss, "rss-MB")
}

// rssMB is this process's resident set (VmRSS), in MB.
func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb * 1024 / 1e6
		}
	}
	return 0
}
