package codebook

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/margin-app/margin/assets"
	"github.com/margin-app/margin/model"
)

func render(t *testing.T, f Format, title string, s *model.Schema) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f, title, s); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// inOrder fails unless every part occurs in text, each after the previous.
func inOrder(t *testing.T, text string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		k := strings.Index(text[at:], p)
		if k < 0 {
			t.Fatalf("missing (or out of order) %q after offset %d in:\n%s", p, at, text)
		}
		at += k + len(p)
	}
}

// TestCodebookMarkdownDefaultSchema: every label of the default schema in
// schema order with colour, hotkey, guideline and its attribute table,
// then the relation types and document label sets.
func TestCodebookMarkdownDefaultSchema(t *testing.T) {
	sc, err := assets.DefaultSchema()
	if err != nil {
		t.Fatal(err)
	}
	md := render(t, Markdown, "ceasefire", sc)
	inOrder(t, md,
		"# Codebook: ceasefire\n",
		"8 labels, 1 relation types, 1 document label sets. Spans may overlap.",
		"## Labels",
		"### CEASEFIRE\\_TERM\n", "- Colour: `#e4572e`", "- Hotkey: `1`",
		"A proposed, agreed, rejected or violated term of a ceasefire.",
		"| Attribute | Type | Values | Description |",
		"| status | enum | proposed, agreed, rejected, violated, unclear |",
		"| attribution | enum | direct\\_quote, paraphrase, reported, editorial |",
		"### TERRITORIAL\\_CONTROL\n", "| controller | text | free text |",
		"### CASUALTY\\_OR\\_DAMAGE\n",
		"## Relation types", "### claimed\\_by", "- From: CEASEFIRE\\_TERM, TERRITORIAL\\_CONTROL, PRECONDITION", "- To: ACTOR",
		"## Document label sets", "### relevance", "- Values: relevant, irrelevant", "- A document takes one value.")
	if n := strings.Count(md, "\n### "); n != len(sc.Labels)+len(sc.Relations)+len(sc.DocLabelSets) {
		t.Errorf("%d sections, want one per label, relation type and set", n)
	}
}

// TestCodebookMarkdownEscapes: names and values that are Markdown syntax
// come out as the same text once the Markdown is rendered, and a value
// with | does not split its table row.
func TestCodebookMarkdownEscapes(t *testing.T) {
	name := "*A*_[b](c)<i>#"
	sc := &model.Schema{Labels: []model.Label{{Name: name, Color: "#112233", Hotkey: "`",
		Description: "Mark **claims**.\n\n> Example: \"we will withdraw\"",
		Attributes:  []model.AttributeDef{{Name: "kind", Type: model.AttrEnum, Values: []string{"a|b", "c"}, Description: "pipe | inside"}}}}}
	md := render(t, Markdown, "t", sc)
	row := ""
	for _, l := range strings.Split(md, "\n") {
		if strings.HasPrefix(l, "| kind") {
			row = l
		}
	}
	if unescaped := len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(row, -1)); unescaped != 5 {
		t.Errorf("attribute row %q has %d cell separators, want 5", row, unescaped)
	}
	var out bytes.Buffer
	// Read as GitHub and pandoc read it: CommonMark with tables.
	if err := goldmark.New(goldmark.WithExtensions(extension.Table)).Convert([]byte(md), &out); err != nil {
		t.Fatal(err)
	}
	html := out.String()
	for _, want := range []string{
		"<h3>*A*_[b](c)&lt;i&gt;#</h3>", // the name as text, not emphasis, link or tag
		"<code>`</code>",                // the backtick hotkey as a code span
		"Mark <strong>claims</strong>.", // the guideline is Markdown, rendered
		"<blockquote>",
		"<td>a|b, c</td>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered Markdown lacks %q:\n%s", want, html)
		}
	}
}

// TestCodebookHTMLEscapes: the HTML page escapes names and values, renders
// guidelines as Markdown and drops raw HTML and javascript: links from
// them (a colleague's project must be safe to open as a codebook).
func TestCodebookHTMLEscapes(t *testing.T) {
	sc := &model.Schema{AllowOverlap: false,
		Labels: []model.Label{{Name: "<b>X&Y</b>", Color: "#a23b72", Hotkey: "<",
			Description: "Use for **claims**.\n\n<script>alert(1)</script>\n\n[click](javascript:alert(2)) and [ok](https://example.org/g)",
			Attributes:  []model.AttributeDef{{Name: "side", Type: model.AttrEnum, Values: []string{"\"q\"", "<v>"}}}},
			{Name: "PLAIN", Color: "#000000"}},
		Relations:    []model.RelationType{{Name: "alias", From: []string{"PLAIN"}, To: []string{"PLAIN"}, Equivalence: true}},
		DocLabelSets: []model.DocLabelSet{{Name: "topic", Values: []string{"war", "peace"}, Multiple: true}}}
	page := render(t, HTML, "Bob's <project>", sc)
	inOrder(t, page,
		"<!DOCTYPE html>", "<title>Codebook: Bob&#39;s &lt;project&gt;</title>",
		"<h1>Codebook: Bob&#39;s &lt;project&gt;</h1>",
		"2 labels, 1 relation types, 1 document label sets. Spans may not overlap.",
		"<h2>Labels</h2>",
		`<span class="swatch" style="background-color: #a23b72"></span>&lt;b&gt;X&amp;Y&lt;/b&gt;</h3>`,
		"<kbd>&lt;</kbd>",
		"Use for <strong>claims</strong>.",
		`<a href="https://example.org/g">ok</a>`,
		"<td>side</td><td>enum</td><td>&#34;q&#34;, &lt;v&gt;</td>",
		"PLAIN</h3>", "No guideline yet.",
		"<h2>Relation types</h2>", "<h3>alias</h3>", "From: PLAIN<br>To: PLAIN<br>Equivalence",
		"<h2>Document label sets</h2>", "<h3>topic</h3>", "Values: war, peace", "any number of the values",
		"</html>")
	for _, bad := range []string{"<script", "javascript:", "<b>X"} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
}

func TestCodebookParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"md": Markdown, "Markdown": Markdown, "HTML": HTML, " html ": HTML} {
		if got, err := ParseFormat(in); err != nil || got != want {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := ParseFormat("pdf"); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("pdf: %v", err)
	}
	if err := Write(new(bytes.Buffer), "pdf", "t", nil); !errors.Is(err, ErrUnknownFormat) {
		t.Errorf("Write pdf: %v", err)
	}
}

// TestCodebookGuidelineHeadingsStayInTheirSection: a guideline's own
// headings come out below the label's (h3), in Markdown and in HTML;
// a # line inside fenced code is left alone.
func TestCodebookGuidelineHeadingsStayInTheirSection(t *testing.T) {
	guide := "# Scope\n\nWhat to mark.\n\n## Examples\n\n```\n# not a heading\n```\n\n#### Deep"
	sc := &model.Schema{Labels: []model.Label{{Name: "A", Color: "#112233", Description: guide}, {Name: "B", Color: "#445566", Parent: "A"}}}
	md := render(t, Markdown, "t", sc)
	inOrder(t, md, "### A\n", "\n#### Scope\n", "\n##### Examples\n", "```\n# not a heading\n```", "\n###### Deep\n", "### B\n", "- Under: A\n")
	var out bytes.Buffer
	if err := goldmark.Convert([]byte(md), &out); err != nil {
		t.Fatal(err)
	}
	inOrder(t, out.String(), "<h3>A</h3>", "<h4>Scope</h4>", "<h5>Examples</h5>", "# not a heading", "<h6>Deep</h6>", "<h3>B</h3>")
	page := render(t, HTML, "t", sc)
	inOrder(t, page, "A</h3>", "<h4>Scope</h4>", "<h5>Examples</h5>", "# not a heading", "<h6>Deep</h6>", "B</h3>", "Under A · Colour")
	if strings.Contains(page, "<h1>Scope") || strings.Contains(page, "<h2>Examples") {
		t.Error("a guideline heading outranks its label")
	}
}
