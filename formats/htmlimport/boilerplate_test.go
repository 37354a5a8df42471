package htmlimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTrailingBoilerplateDropped(t *testing.T) {
	doc, err := ReadFile(filepath.Join("testdata", "trailing-boilerplate.html"))
	if err != nil {
		t.Fatal(err)
	}
	blocks := splitBlocks(doc.Text)
	if len(blocks) != 4 || !strings.HasPrefix(blocks[0], "Negotiators from the United States") || !strings.HasSuffix(blocks[3], "unlikely to be met quickly.") {
		t.Errorf("article blocks:\n%s", doc.Text)
	}
	for _, bad := range []string{"Read more", "ADVERTISEMENT", "Related articles", "newsletter", "cookies", "©", "All rights reserved"} {
		if strings.Contains(doc.Text, bad) {
			t.Errorf("text keeps boilerplate %q", bad)
		}
	}
}

// The real article (../shared/corpus/ceasefire-call.html, copied in
// testdata) loses nothing: every block readability extracts is kept.
func TestCeasefireKeepsEveryBlock(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "ceasefire-call.html"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Extract(data, "")
	if err != nil {
		t.Fatal(err)
	}
	blocks := splitBlocks(doc.Text)
	if got := dropBoilerplate(blocks); len(got) != len(blocks) || len(blocks) != 22 {
		t.Errorf("%d blocks, %d after dropping", len(blocks), len(got))
	}
	if !strings.HasSuffix(doc.Text, "It remains to be seen if Trump is willing to take a similar hard line with Putin.") {
		t.Errorf("end of the article: %q", doc.Text[len(doc.Text)-120:])
	}
}

// Article text that only resembles furniture is kept.
func TestBoilerplateRulesKeepArticleText(t *testing.T) {
	long := "The regulator said sites that use cookies to track readers must ask first, and that the newsletter industry would be next: " + strings.Repeat("details followed. ", 12)
	in := []string{"First paragraph of the story.", "Second paragraph.", "Related", long, "Copyright law was also discussed at length by the committee members, who said " + strings.Repeat("more. ", 60)}
	if got := dropBoilerplate(in); len(got) != len(in) {
		t.Errorf("dropped article text: %q", got)
	}
	tail := []string{"One.", "Two.", "Three.", "More from Example News", "Headline one", "Headline two"}
	if got := dropBoilerplate(tail); len(got) != 3 {
		t.Errorf("related list kept: %q", got)
	}
	// A page that is only furniture has no text left, which Extract
	// refuses rather than storing an ad label as a document.
	if got := dropBoilerplate([]string{"Advertisement"}); len(got) != 0 {
		t.Errorf("ad label kept: %q", got)
	}
	if _, err := Extract([]byte(`<html><body><article><p>ADVERTISEMENT</p></article></body></html>`), ""); err == nil {
		t.Error("a page holding only an ad label was imported")
	}
}
