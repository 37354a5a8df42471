package codebook

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/margin-app/margin/model"
)

// writeMarkdown prints the codebook as CommonMark. Names and values are
// escaped (a label called *A* or a value with | must not turn into
// emphasis or break a table); guidelines are Markdown already and are
// copied as written, their headings demoted below the label's.
func writeMarkdown(out io.Writer, title string, s *model.Schema) error {
	w := bufio.NewWriter(out)
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	p("# Codebook: %s\n\n", mdEscape(title))
	p("%d labels, %d relation types, %d document label sets. %s\n", len(s.Labels), len(s.Relations), len(s.DocLabelSets), overlap(s))
	if len(s.Labels) > 0 {
		p("\n## Labels\n")
	}
	for _, l := range s.Labels {
		p("\n### %s\n\n", mdEscape(l.Name))
		if l.Parent != "" {
			p("- Under: %s\n", mdEscape(l.Parent))
		}
		p("- Colour: `%s`\n", l.Color)
		if l.Hotkey != "" {
			p("- Hotkey: %s\n", mdCode(l.Hotkey))
		}
		if g := strings.TrimSpace(l.Description); g != "" {
			p("\n%s\n", demoteMarkdown(g))
		} else {
			p("\n*No guideline yet.*\n")
		}
		if len(l.Attributes) > 0 {
			p("\n| Attribute | Type | Values | Description |\n|---|---|---|---|\n")
			for _, a := range l.Attributes {
				p("| %s | %s | %s | %s |\n", mdCell(a.Name), a.Type, mdCell(attrValues(a)), mdCell(a.Description))
			}
		}
	}
	if len(s.Relations) > 0 {
		p("\n## Relation types\n")
	}
	for _, r := range s.Relations {
		p("\n### %s\n\n", mdEscape(r.Name))
		p("- From: %s\n- To: %s\n", mdEscape(relationEnds(r.From)), mdEscape(relationEnds(r.To)))
		if r.Equivalence {
			p("- Equivalence: symmetric and transitive (direction carries no meaning)\n")
		}
	}
	if len(s.DocLabelSets) > 0 {
		p("\n## Document label sets\n")
	}
	for _, d := range s.DocLabelSets {
		p("\n### %s\n\n", mdEscape(d.Name))
		p("- Values: %s\n- A document takes %s.\n", mdEscape(strings.Join(d.Values, ", ")), choice(d))
	}
	return w.Flush()
}

// mdEscape backslash-escapes the characters that would start Markdown
// syntax inside a line of text.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range strings.Join(strings.Fields(s), " ") {
		if strings.ContainsRune("\\`*_[]<>|#!&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdCell escapes a table cell: Markdown syntax and the cell separator,
// with line breaks as spaces (a table row is one line).
func mdCell(s string) string { return mdEscape(s) }

// mdCode writes s as a code span, with a fence longer than any run of
// backticks inside it.
func mdCode(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}
