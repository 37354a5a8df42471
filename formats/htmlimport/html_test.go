package htmlimport

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/margin-app/margin/formats"
)

func TestCeasefireSample(t *testing.T) {
	// A copy of ../shared/corpus/ceasefire-call.html, kept here so the
	// test always runs.
	p := filepath.Join("testdata", "ceasefire-call.html")
	doc, err := ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("name %q meta %s\n%s", doc.Name, doc.Meta, doc.Text)
	for _, want := range []string{"President Trump spoke to Russian president Vladimir Putin Tuesday", "\n\nThe two leaders held a phone call"} {
		if !strings.Contains(doc.Text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	for _, bad := range []string{"Share", "Leave a Reply", "Related", "Subscribe", "©", "<script", "function("} {
		if strings.Contains(doc.Text, bad) {
			t.Errorf("text contains boilerplate %q", bad)
		}
	}
	if doc.Name == "" || !strings.Contains(string(doc.Meta), `"title"`) {
		t.Errorf("name %q meta %s", doc.Name, doc.Meta)
	}
}

func TestExtractStripsScripts(t *testing.T) {
	page := `<html><head><title>T</title><script>alert("x")</script></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks</h1><p>` + strings.Repeat("Negotiators met in Riyadh on Monday, officials said. ", 8) + `</p>
<script>document.write("evil")</script>
<p>“Second paragraph” with 😊 and 停火, long enough to count as content for the extractor.</p></article>
<footer>© 2025 Paper</footer></body></html>`
	doc, err := Extract([]byte(page), "https://example.org/a")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(doc.Text, "evil") || strings.Contains(doc.Text, "alert") || strings.Contains(doc.Text, "©") || strings.Contains(doc.Text, "Home") {
		t.Errorf("text %q", doc.Text)
	}
	if !strings.Contains(doc.Text, "officials said.\n\n“Second paragraph” with 😊 and 停火") {
		t.Errorf("paragraphs: %q", doc.Text)
	}
	if string(doc.Meta) != `{"title":"T","url":"https://example.org/a"}` {
		t.Errorf("meta %s", doc.Meta)
	}
}

func TestExtractErrors(t *testing.T) {
	if _, err := Extract([]byte("just text"), ""); err == nil {
		t.Error("plain text accepted as HTML")
	}
	if _, err := Extract([]byte("<html><body></body></html>"), ""); err == nil {
		t.Error("empty page accepted")
	}
	dir := t.TempDir()
	if _, err := Import(dir, formats.ImportOptions{}); err == nil || !strings.Contains(err.Error(), "no .html files") {
		t.Errorf("empty folder: %v", err)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("<html><body><p>Hello “world” 😊</p></body></html>")
	f.Add("<p>a<script>x</script></p>")
	f.Fuzz(func(t *testing.T, page string) {
		doc, err := Extract([]byte(page), "")
		if err != nil {
			return
		}
		if strings.TrimSpace(doc.Text) == "" {
			t.Fatal("empty text accepted")
		}
	})
}
