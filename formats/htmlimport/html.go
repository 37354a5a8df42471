// Package htmlimport imports a saved news web page as a document: the
// article is extracted with go-readability (a port of Mozilla's
// Readability.js, the Firefox reader view), so navigation, share buttons,
// comment forms, related posts, pop-ups and footers are left out; site
// furniture inside the article ("Read more:" links, ad labels, and after
// the last paragraph related-article lists, newsletter pitches, cookie
// notices, copyright lines) is dropped too (boilerplate.go). The text
// is the article's rendered inner text (scripts, styles and hidden
// elements never contribute), with paragraphs separated by blank lines.
// Import only.
package htmlimport

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/margin-app/margin/formats"
	"github.com/margin-app/margin/formats/text"
	"github.com/margin-app/margin/model"
)

// Format describes the HTML import for the registry.
var Format = formats.Format{
	Name:        "html",
	Description: "HTML web page: the article text is extracted (reader view), without navigation, comments or footer; a folder is searched for *.html",
	Extensions:  []string{".html", ".htm"},
	Import:      Import,
}

// Import reads one .html file or every .html/.htm file in a folder.
func Import(path string, opts formats.ImportOptions) (*formats.Imported, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("import html %s: %w", path, err)
	}
	files := []string{path}
	if st.IsDir() {
		files = nil
		for _, pat := range []string{"*.html", "*.htm"} {
			m, _ := filepath.Glob(filepath.Join(path, pat))
			files = append(files, m...)
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("import html %s: no .html files", path)
		}
	}
	out := &formats.Imported{}
	for _, f := range files {
		doc, err := ReadFile(f)
		if err != nil {
			return nil, err
		}
		out.Docs = append(out.Docs, model.DocumentImport{Doc: doc})
	}
	return out, nil
}

// ReadFile extracts the article of one HTML file.
func ReadFile(path string) (model.NewDocument, error) {
	st, err := os.Stat(path)
	if err != nil {
		return model.NewDocument{}, fmt.Errorf("import html %s: %w", path, err)
	}
	if st.Size() > text.MaxSize {
		return model.NewDocument{}, fmt.Errorf("import html %s: file is larger than %d MB", path, text.MaxSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return model.NewDocument{}, fmt.Errorf("import html %s: %w", path, err)
	}
	doc, err := Extract(data, "")
	if err != nil {
		return model.NewDocument{}, fmt.Errorf("import html %s: %w", path, err)
	}
	if doc.Name == "" {
		doc.Name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	abs, _ := filepath.Abs(path)
	doc.Source = abs
	return doc, nil
}

var (
	blankRuns = regexp.MustCompile(`\n+`)
	spaceRuns = regexp.MustCompile(`[ \t\p{Zs}]+`)
)

// Extract returns the article of an HTML page. pageURL, when known, is
// recorded in the meta (a <link rel=canonical> or og:url is used
// otherwise, when readability finds one).
func Extract(data []byte, pageURL string) (model.NewDocument, error) {
	if !bytes.Contains(bytes.ToLower(data[:min(len(data), 1<<20)]), []byte("<")) {
		return model.NewDocument{}, fmt.Errorf("this is not HTML (no tags)")
	}
	var u *url.URL
	if pageURL != "" {
		u, _ = url.Parse(pageURL)
	}
	art, err := readability.FromReader(bytes.NewReader(data), u)
	if err != nil {
		return model.NewDocument{}, fmt.Errorf("article extraction: %w", err)
	}
	if art.Node == nil {
		return model.NewDocument{}, fmt.Errorf("no article text found in the page")
	}
	var b strings.Builder
	if err := art.RenderText(&b); err != nil {
		return model.NewDocument{}, fmt.Errorf("article extraction: %w", err)
	}
	// Normalise whitespace: trim every line, collapse runs of spaces, and
	// separate blocks (paragraphs, headings, figure captions) by exactly
	// one blank line.
	txt := strings.ReplaceAll(b.String(), "\r\n", "\n")
	lines := strings.Split(txt, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(spaceRuns.ReplaceAllString(l, " "))
	}
	txt = strings.Join(lines, "\n")
	txt = blankRuns.ReplaceAllString(txt, "\n\n")
	txt = strings.TrimSpace(txt)
	txt = joinBlocks(dropBoilerplate(splitBlocks(txt)))
	if err := formats.CheckText(txt); err != nil {
		return model.NewDocument{}, fmt.Errorf("no article text found in the page")
	}
	meta := map[string]string{}
	if art.Title() != "" {
		meta["title"] = art.Title()
	}
	if pageURL != "" {
		meta["url"] = pageURL
	}
	doc := model.NewDocument{Name: art.Title(), Text: txt}
	if len(meta) > 0 {
		doc.Meta, _ = json.Marshal(meta)
	}
	return doc, nil
}
