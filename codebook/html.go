package codebook

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/util"

	"github.com/margin-app/margin/model"
)

// guidelineMD renders guidelines as the schema editor's preview does
// (CommonMark, as Fyne's RichTextFromMarkdown reads it). Raw HTML and
// javascript: links in a guideline are dropped, not passed through: a
// codebook from a colleague's project must be safe to open.
var guidelineMD = goldmark.New(goldmark.WithParserOptions(
	parser.WithASTTransformers(util.Prioritized(demoteHeadings{}, 100))))

func renderGuideline(md string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := guidelineMD.Convert([]byte(md), &buf); err != nil {
		return "", fmt.Errorf("guideline: %w", err)
	}
	return template.HTML(buf.String()), nil // goldmark escapes text and drops raw HTML
}

type htmlLabel struct {
	model.Label
	Guideline template.HTML
	Values    []string // per attribute, as the table shows them
}

type htmlPage struct {
	Title     string
	Summary   string
	Labels    []htmlLabel
	Relations []htmlRelation
	DocSets   []htmlDocSet
}

type htmlRelation struct {
	model.RelationType
	FromText, ToText string
}

type htmlDocSet struct {
	model.DocLabelSet
	ValuesText, Choice string
}

func writeHTML(w io.Writer, title string, s *model.Schema) error {
	page := htmlPage{Title: title,
		Summary: fmt.Sprintf("%d labels, %d relation types, %d document label sets. %s", len(s.Labels), len(s.Relations), len(s.DocLabelSets), overlap(s))}
	for _, l := range s.Labels {
		hl := htmlLabel{Label: l}
		if g := strings.TrimSpace(l.Description); g != "" {
			var err error
			if hl.Guideline, err = renderGuideline(g); err != nil {
				return fmt.Errorf("label %s: %w", l.Name, err)
			}
		}
		for _, a := range l.Attributes {
			hl.Values = append(hl.Values, attrValues(a))
		}
		page.Labels = append(page.Labels, hl)
	}
	for _, r := range s.Relations {
		page.Relations = append(page.Relations, htmlRelation{r, relationEnds(r.From), relationEnds(r.To)})
	}
	for _, d := range s.DocLabelSets {
		page.DocSets = append(page.DocSets, htmlDocSet{d, strings.Join(d.Values, ", "), choice(d)})
	}
	if err := pageTemplate.Execute(w, page); err != nil {
		return fmt.Errorf("codebook: %w", err)
	}
	return nil
}

// The page is standalone (no scripts, no external files) and prints well:
// one section per label, its colour as a swatch.
var pageTemplate = template.Must(template.New("codebook").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Codebook: {{.Title}}</title>
<style>
body { font-family: sans-serif; max-width: 50em; margin: 2em auto; padding: 0 1em; line-height: 1.45; color: #222; }
h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
h3 { margin-bottom: 0.3em; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 0.2em; vertical-align: -0.1em; margin-right: 0.3em; border: 1px solid #0003; }
.meta { color: #555; margin: 0; }
.none { color: #777; font-style: italic; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }
code, kbd { background: #f2f2f2; padding: 0 0.25em; border-radius: 0.2em; }
blockquote { border-left: 3px solid #ccc; margin-left: 0; padding-left: 1em; color: #444; }
section.label { page-break-inside: avoid; }
</style>
</head>
<body>
<h1>Codebook: {{.Title}}</h1>
<p>{{.Summary}}</p>
{{- if .Labels}}
<h2>Labels</h2>
{{- range .Labels}}
<section class="label">
<h3><span class="swatch" style="background-color: {{.Color}}"></span>{{.Name}}</h3>
<p class="meta">{{if .Parent}}Under {{.Parent}} · {{end}}Colour <code>{{.Color}}</code>{{if .Hotkey}} · hotkey <kbd>{{.Hotkey}}</kbd>{{end}}</p>
{{if .Guideline}}<div class="guideline">
{{.Guideline}}</div>{{else}}<p class="none">No guideline yet.</p>{{end}}
{{- if .Attributes}}
<table>
<tr><th>Attribute</th><th>Type</th><th>Values</th><th>Description</th></tr>
{{- $values := .Values}}
{{- range $i, $a := .Attributes}}
<tr><td>{{$a.Name}}</td><td>{{$a.Type}}</td><td>{{index $values $i}}</td><td>{{$a.Description}}</td></tr>
{{- end}}
</table>
{{- end}}
</section>
{{- end}}
{{- end}}
{{- if .Relations}}
<h2>Relation types</h2>
{{- range .Relations}}
<h3>{{.Name}}</h3>
<p class="meta">From: {{.FromText}}<br>To: {{.ToText}}{{if .Equivalence}}<br>Equivalence: symmetric and transitive (direction carries no meaning){{end}}</p>
{{- end}}
{{- end}}
{{- if .DocSets}}
<h2>Document label sets</h2>
{{- range .DocSets}}
<h3>{{.Name}}</h3>
<p class="meta">Values: {{.ValuesText}}<br>A document takes {{.Choice}}.</p>
{{- end}}
{{- end}}
</body>
</html>
`))
