package codebook

import (
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// A guideline sits under its label's level-3 heading: its own headings
// ("## Examples") are demoted by three levels (at most 6), so they stay
// inside the label's section instead of breaking the codebook's outline.
const headingShift = 3

func shiftLevel(n int) int { return min(n+headingShift, 6) }

// demoteHeadings is the HTML renderer's AST transformer.
type demoteHeadings struct{}

func (demoteHeadings) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			h.Level = shiftLevel(h.Level)
		}
		return ast.WalkContinue, nil
	})
}

var (
	atxHeading = regexp.MustCompile(`^( {0,3})(#{1,6})([ \t]|$)`)
	fenceLine  = regexp.MustCompile("^ {0,3}(```|~~~)")
)

// demoteMarkdown demotes the ATX headings (# ...) of a guideline's
// Markdown, leaving fenced code alone. Setext headings (a line underlined
// with === or ---) keep their level.
func demoteMarkdown(md string) string {
	lines := strings.Split(md, "\n")
	fence := ""
	for i, l := range lines {
		if m := fenceLine.FindStringSubmatch(l); m != nil {
			switch {
			case fence == "":
				fence = m[1]
			case m[1] == fence:
				fence = ""
			}
			continue
		}
		if fence != "" {
			continue
		}
		if m := atxHeading.FindStringSubmatchIndex(l); m != nil {
			level := m[5] - m[4]
			lines[i] = l[:m[4]] + strings.Repeat("#", shiftLevel(level)) + l[m[5]:]
		}
	}
	return strings.Join(lines, "\n")
}
