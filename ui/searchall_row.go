package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/margin-app/margin/model"
)

// A row of search across documents: the document and the match's
// offsets, then the match in its context with the match in bold (the
// rows were plain text, and the word searched for had to be found by eye
// in each line of 80 characters).

// searchRow is one row: its text cut at the row's width with "…" (a
// RichText's own truncation left rows of several styles cut mid-word,
// without it).
type searchRow struct {
	widget.BaseWidget
	text                       *widget.RichText
	head, before, match, after string
	width                      float32 // the width fitted to
}

func newSearchRow() fyne.CanvasObject {
	r := &searchRow{text: widget.NewRichText()}
	r.ExtendBaseWidget(r)
	return r
}

func (r *searchRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.text) }

func (r *searchRow) Resize(size fyne.Size) {
	r.BaseWidget.Resize(size)
	if size.Width != r.width {
		r.width = size.Width
		r.fit()
	}
}

// setSearchRow shows match m of hit h for term in row o.
func setSearchRow(o fyne.CanvasObject, h model.SearchHit, m int, term string) {
	r := o.(*searchRow)
	f := h.Matches[m]
	snippet := h.Snippets[m]
	r.head = fmt.Sprintf("%s · %d–%d   ", h.DocName, f.Start, f.End)
	r.before, r.match, r.after = snippet, "", ""
	if at, n := matchInSnippet(snippet, term); at >= 0 {
		rs := []rune(snippet)
		r.before, r.match, r.after = string(rs[:at]), string(rs[at:at+n]), string(rs[at+n:])
	}
	r.fit()
}

// fit sets the text's segments, cut with "…" where the row is too
// narrow for all of it: the context after the match, then the start of
// the context before it.
func (r *searchRow) fit() {
	size := theme.TextSize()
	width := func(s string, bold bool) float32 {
		return fyne.MeasureText(s, size, fyne.TextStyle{Bold: bold}).Width
	}
	before, after := r.before, r.after
	if r.width > 0 {
		room := r.width - 2*theme.InnerPadding() - width(r.head, false) - width(r.match, true)
		if width(before, false)+width(after, false) > room {
			// The context after the match goes first, then the start of
			// the context before it: the match stays in view.
			after = ""
			if rest := room - width(before, false); rest >= width("…", false) {
				rs := []rune(r.after)
				n := len(rs)
				for n > 0 && width(string(rs[:n])+"…", false) > rest {
					n--
				}
				after = strings.TrimRight(string(rs[:n]), " ") + "…"
			} else {
				if r.after != "" {
					after = "…"
					room -= width(after, false)
				}
				rs := []rune(strings.TrimPrefix(before, "…"))
				n := 0
				for n < len(rs) && width("…"+string(rs[n:]), false) > room {
					n++
				}
				before = "…" + strings.TrimLeft(string(rs[n:]), " ")
			}
		}
	}
	seg := func(text string, bold bool, col fyne.ThemeColorName) widget.RichTextSegment {
		return &widget.TextSegment{Text: text, Style: widget.RichTextStyle{Inline: true, ColorName: col,
			TextStyle: fyne.TextStyle{Bold: bold}}}
	}
	r.text.Segments = []widget.RichTextSegment{seg(r.head, false, theme.ColorNamePlaceHolder),
		seg(before, false, theme.ColorNameForeground), seg(r.match, true, theme.ColorNameForeground),
		seg(after, false, theme.ColorNameForeground)}
	r.text.Refresh()
}

// matchInSnippet is where (in runes) the match of term is in snippet,
// and how long it is there; -1 when it is not found. The snippet is the text around the match with its white
// space collapsed and an ellipsis before it when cut (model.NewSearchHit),
// so the match starts at most about snippetContext+1 runes in; of the
// occurrences of term (any case) the one nearest there is it.
func matchInSnippet(snippet, term string) (at, n int) {
	words := strings.Fields(term)
	if len(words) == 0 {
		return -1, 0
	}
	want := []rune(strings.ToLower(strings.Join(words, " ")))
	rs := []rune(strings.ToLower(snippet))
	expect := searchSnippetContext
	if strings.HasPrefix(snippet, "…") {
		expect++
	}
	best := -1
	for i := 0; i+len(want) <= len(rs); i++ {
		if string(rs[i:i+len(want)]) != string(want) {
			continue
		}
		if best < 0 || abs(i-expect) < abs(best-expect) {
			best = i
		}
	}
	if best < 0 {
		return -1, 0
	}
	return best, len(want)
}

// searchSnippetContext is how many code points a snippet shows before
// its match (model's snippetContext).
const searchSnippetContext = 40

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
