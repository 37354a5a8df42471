package suggest

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/margin-app/margin/formats/conll"
)

// GazetteerEntry is a phrase known to carry a label.
type GazetteerEntry struct {
	Phrase string
	Label  string
}

// Gazetteer finds known phrases on token boundaries, longest first. The
// string matcher proposes its matches; the tagger uses them as features.
type Gazetteer struct {
	entries []GazetteerEntry
	byFirst map[string][]gazPhrase // first token -> phrases, longest first
}

type gazPhrase struct {
	words []string
	label string
}

// NewGazetteer indexes entries (their phrases tokenized as documents are).
func NewGazetteer(entries []GazetteerEntry) *Gazetteer {
	g := &Gazetteer{entries: entries, byFirst: map[string][]gazPhrase{}}
	for _, e := range entries {
		var words []string
		for _, s := range conll.Tokenize(e.Phrase) {
			for _, t := range s {
				words = append(words, t.Text)
			}
		}
		if len(words) == 0 {
			continue
		}
		list := append(g.byFirst[words[0]], gazPhrase{words, e.Label})
		// Longest first, so the longest phrase at a token wins.
		for i := len(list) - 1; i > 0 && len(list[i].words) > len(list[i-1].words); i-- {
			list[i], list[i-1] = list[i-1], list[i]
		}
		g.byFirst[words[0]] = list
	}
	return g
}

// Entries are the gazetteer's phrases as given.
func (g *Gazetteer) Entries() []GazetteerEntry { return g.entries }

// ReadGazetteer reads a TSV file of "phrase<TAB>label" lines. Blank lines
// and lines starting with # are skipped; any other line without exactly
// two non-empty columns is refused with its line number.
func ReadGazetteer(r io.Reader, file string) (*Gazetteer, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var entries []GazetteerEntry
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 2 || strings.TrimSpace(cols[0]) == "" || strings.TrimSpace(cols[1]) == "" {
			return nil, fmt.Errorf("%s:%d: want \"phrase<TAB>label\", got %q", file, n, line)
		}
		entries = append(entries, GazetteerEntry{Phrase: strings.TrimSpace(cols[0]), Label: strings.TrimSpace(cols[1])})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return NewGazetteer(entries), nil
}

// match returns the longest phrase starting at words[i].
func (g *Gazetteer) match(words []string, i int) (n int, label string) {
	for _, p := range g.byFirst[words[i]] {
		if i+len(p.words) > len(words) {
			continue
		}
		ok := true
		for k, w := range p.words {
			if words[i+k] != w {
				ok = false
				break
			}
		}
		if ok {
			return len(p.words), p.label
		}
	}
	return 0, ""
}

// tags marks each token covered by a phrase with B-label or I-label ("":
// none); nil when g is nil.
func (g *Gazetteer) tags(words []string) []string {
	if g == nil || len(g.byFirst) == 0 {
		return nil
	}
	out := make([]string, len(words))
	for i := 0; i < len(words); {
		n, label := g.match(words, i)
		if n == 0 {
			i++
			continue
		}
		out[i] = "B-" + label
		for k := 1; k < n; k++ {
			out[i+k] = "I-" + label
		}
		i += n
	}
	return out
}
