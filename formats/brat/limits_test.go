package brat

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/model"
)

// importSoon fails the test if Import blocks (a FIFO opened for reading
// waits for a writer forever).
func importSoon(t *testing.T, p string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { _, err := Import(p, formats.ImportOptions{}); done <- err }()
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		t.Fatalf("import of %s blocked", p)
		return nil
	}
}

func TestImportRefusesFIFOAndDeviceLinks(t *testing.T) {
	fifoDir := writeCorpus(t, map[string]string{"a.txt": "hello"})
	if err := syscall.Mkfifo(filepath.Join(fifoDir, "b.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	zeroDir := writeCorpus(t, map[string]string{"a.txt": "hello"})
	if err := os.Symlink("/dev/zero", filepath.Join(zeroDir, "a.ann")); err != nil {
		t.Fatal(err)
	}
	for dir, file := range map[string]string{fifoDir: "b.txt", zeroDir: "a.ann"} {
		err := importSoon(t, dir)
		var nr *formats.NotRegularError
		if !errors.As(err, &nr) || !strings.Contains(err.Error(), filepath.Join(dir, file)) {
			t.Errorf("%s: err = %v, want a NotRegularError naming the file", file, err)
		}
	}
	// A symlink to a regular file is fine.
	linkDir := writeCorpus(t, map[string]string{"a.txt": "hello"})
	if err := os.Symlink(filepath.Join(linkDir, "a.txt"), filepath.Join(linkDir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	if err := importSoon(t, linkDir); err != nil {
		t.Errorf("symlink to a file: %v", err)
	}
	// Files brat does not read are not touched.
	other := writeCorpus(t, map[string]string{"a.txt": "hello"})
	if err := syscall.Mkfifo(filepath.Join(other, "notes.pipe"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := importSoon(t, other); err != nil {
		t.Errorf("an unrelated FIFO: %v", err)
	}
}

// A zip symlink entry (external attributes as Info-ZIP's zip -y writes
// them) is not read as a document.
func TestImportRefusesZipSymlinkEntry(t *testing.T) {
	zpath := filepath.Join(t.TempDir(), "link.zip")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("a.txt")
	w.Write([]byte("hello"))
	h := &zip.FileHeader{Name: "a.ann", Method: zip.Store}
	h.SetMode(os.ModeSymlink | 0o777)
	w, _ = zw.CreateHeader(h)
	w.Write([]byte("/dev/zero"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(zpath, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var nr *formats.NotRegularError
	if err := importSoon(t, zpath); !errors.As(err, &nr) || !strings.Contains(err.Error(), "a.ann") {
		t.Errorf("err = %v", err)
	}
}

// bombZip writes n entries that each uncompress to size bytes of text,
// every one under the per-file limit, all sharing one compressed body (a
// 1 MB archive can hold gigabytes this way).
func bombZip(t *testing.T, n int, size int) string {
	t.Helper()
	body := bytes.Repeat([]byte("a"), size)
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(body)
	fw.Close()
	crc := crc32.ChecksumIEEE(body)
	zpath := filepath.Join(t.TempDir(), "bomb.zip")
	f, err := os.Create(zpath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	for i := 0; i < n; i++ {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: fmt.Sprintf("doc%05d.txt", i), Method: zip.Deflate,
			CRC32: crc, CompressedSize64: uint64(comp.Len()), UncompressedSize64: uint64(size)})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(comp.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return zpath
}

func TestImportRefusesZipBomb(t *testing.T) {
	// 70 entries of 4 MB: each is under MaxFileSize, together 280 MB.
	zpath := bombZip(t, 70, 4<<20)
	if st, _ := os.Stat(zpath); st.Size() > 2<<20 {
		t.Fatalf("the bomb is %d bytes; the test wants a small archive", st.Size())
	}
	var tl *CorpusTooLargeError
	if err := importSoon(t, zpath); !errors.As(err, &tl) || !strings.Contains(err.Error(), zpath) {
		t.Errorf("err = %v", err)
	}
	// Under the limit the same kind of archive imports.
	if err := importSoon(t, bombZip(t, 3, 4<<20)); err != nil {
		t.Errorf("a 12 MB archive: %v", err)
	}
}

func TestImportRefusesTooManyZipEntries(t *testing.T) {
	zpath := bombZip(t, MaxEntries+1, 1)
	var tl *CorpusTooLargeError
	if err := importSoon(t, zpath); !errors.As(err, &tl) || !strings.Contains(err.Error(), "entries") {
		t.Errorf("err = %v", err)
	}
}

// A folder's sizes are added up before anything is read: sparse files
// report their full size and cost no disk.
func TestImportRefusesTooLargeFolder(t *testing.T) {
	dir := writeCorpus(t, map[string]string{"a.txt": "hello"})
	for i := 0; i*(60<<20) <= MaxCorpusSize; i++ {
		p := filepath.Join(dir, fmt.Sprintf("big%d.txt", i))
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(60 << 20); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	var tl *CorpusTooLargeError
	if err := importSoon(t, dir); !errors.As(err, &tl) || !strings.Contains(err.Error(), dir) {
		t.Errorf("err = %v", err)
	}
	// One file over the per-file limit is named.
	one := writeCorpus(t, map[string]string{"a.txt": "hello"})
	if err := os.Truncate(filepath.Join(one, "a.txt"), MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	var big *formats.TooLargeError
	if err := importSoon(t, one); !errors.As(err, &big) || !strings.Contains(err.Error(), filepath.Join(one, "a.txt")) {
		t.Errorf("err = %v", err)
	}
}

// Stream hands each document over before reading the next file, so a
// corpus is never held whole: the second document's bad .ann is reached
// only after the first document was delivered.
func TestStreamDeliversOneDocumentAtATime(t *testing.T) {
	dir := writeCorpus(t, map[string]string{"a.txt": "hello", "b.txt": "world", "b.ann": "T1\tX 0 99\tworld\n"})
	var got []string
	_, err := Stream(dir, formats.ImportOptions{}, func(d model.DocumentImport) error {
		got = append(got, d.Doc.Name)
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "b.ann:1") || strings.Join(got, ",") != "a" {
		t.Errorf("delivered %v, err %v", got, err)
	}
	stop := errors.New("stop")
	calls := 0
	_, err = Stream(dir, formats.ImportOptions{}, func(model.DocumentImport) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("fn's error: %v after %d calls", err, calls)
	}
}

// Memory stays at a few documents whatever the corpus size: streaming a
// 48 MB corpus (96 documents of 512 KB, each annotated) grows the live
// heap by far less than the corpus.
func TestStreamMemoryIsAFewDocuments(t *testing.T) {
	dir := t.TempDir()
	para := strings.Repeat("Kyiv and Moscow agreed to talks. ", 16) + "\n" // 529 bytes
	body := strings.Repeat(para, 512<<10/len(para))
	var ann strings.Builder
	for i, off := 1, 0; off+4 <= 2000*len(para) && off+4 <= len(body); i, off = i+1, off+len(para) {
		fmt.Fprintf(&ann, "T%d\tGPE %d %d\tKyiv\n", i, off, off+4)
	}
	const docs = 96
	for i := 0; i < docs; i++ {
		name := filepath.Join(dir, fmt.Sprintf("doc%03d", i))
		if err := os.WriteFile(name+".txt", []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name+".ann", []byte(ann.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var first, peak uint64
	n := 0
	_, err := Stream(dir, formats.ImportOptions{}, func(d model.DocumentImport) error {
		n++
		h := heap()
		if n == 1 {
			first = h
		}
		peak = max(peak, h)
		return nil
	})
	if err != nil || n != docs {
		t.Fatalf("%d documents, err %v", n, err)
	}
	corpus := uint64(docs) * uint64(len(body)+ann.Len())
	if growth := peak - min(peak, first); growth > corpus/8 {
		t.Errorf("live heap grew by %d MB while streaming a %d MB corpus", growth>>20, corpus>>20)
	}
	t.Logf("corpus %d MB, live heap at the first document %d MB, peak %d MB", corpus>>20, first>>20, peak>>20)
}
