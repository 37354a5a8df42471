package suggest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/margin-app/margin/model"
)

// StringMatcher proposes again the strings the chosen layers labeled,
// wherever the same text occurs on token boundaries, scored by how often
// that text got that label among all the times it was labeled (so "Apple"
// labeled ORG 3 times and PRODUCT once is ORG 0.75, PRODUCT 0.25). It also
// proposes the phrases of a gazetteer and the matches of the schema's
// label patterns, both with score 1: they are the user's own rules.
type StringMatcher struct {
	name      string
	Gazetteer *Gazetteer
	Patterns  map[string][]string // label -> regular expressions (the schema's)

	counts map[string]map[string]int // token key -> label -> times
	maxLen int                       // longest learned string, in tokens
}

// NewStringMatcher makes an empty matcher whose layer is name.
func NewStringMatcher(name string) *StringMatcher {
	return &StringMatcher{name: name, counts: map[string]map[string]int{}}
}

// Name is the suggestion layer.
func (m *StringMatcher) Name() string { return m.name }

// PatternsOf collects the schema's label patterns.
func PatternsOf(sc *model.Schema) map[string][]string {
	out := map[string][]string{}
	if sc == nil {
		return out
	}
	for _, l := range sc.Labels {
		if len(l.Patterns) > 0 {
			out[l.Name] = l.Patterns
		}
	}
	return out
}

func tokenKey(words []string) string { return strings.Join(words, "\x00") }

// Train counts every (text, label) of the examples' annotations that lies
// on token boundaries.
func (m *StringMatcher) Train(ctx context.Context, examples []Example, progress Progress) error {
	m.counts, m.maxLen = map[string]map[string]int{}, 0
	for n, ex := range examples {
		if err := ctx.Err(); err != nil {
			return err
		}
		progress.report(n, len(examples))
		if len(ex.Annotations) == 0 {
			continue
		}
		// All tokens of the document in one run, so each annotation is
		// found by binary search.
		var all sentence
		for _, s := range sentences(ex.Doc) {
			all.words = append(all.words, s.words...)
			all.start = append(all.start, s.start...)
			all.end = append(all.end, s.end...)
		}
		for _, a := range ex.Annotations {
			if len(a.Fragments) != 1 {
				continue // a discontinuous span is not a string to find again
			}
			i, j, ok := alignTokens(all, a.Fragments[0])
			if !ok {
				continue
			}
			k := tokenKey(all.words[i:j])
			if m.counts[k] == nil {
				m.counts[k] = map[string]int{}
			}
			m.counts[k][a.Label]++
			if j-i > m.maxLen {
				m.maxLen = j - i
			}
		}
	}
	progress.report(len(examples), len(examples))
	return nil
}

// alignTokens finds the tokens [i, j) of s that exactly cover f.
func alignTokens(s sentence, f model.Fragment) (int, int, bool) {
	i := sort.SearchInts(s.start, f.Start)
	if i == len(s.start) || s.start[i] != f.Start {
		return 0, 0, false
	}
	for j := i; j < len(s.end); j++ {
		if s.end[j] == f.End {
			return i, j + 1, true
		}
		if s.end[j] > f.End {
			break
		}
	}
	return 0, 0, false
}

// Predict proposes learned strings (longest match at each token, every
// label it got), gazetteer phrases and pattern matches.
func (m *StringMatcher) Predict(ctx context.Context, doc *model.Document) ([]model.Suggestion, error) {
	var out []model.Suggestion
	add := func(label string, start, end int, score float64, source string) {
		out = append(out, model.Suggestion{DocID: doc.ID, Recommender: m.name, Label: label, Fragments: []model.Fragment{{Start: start, End: end}}, Score: score, Source: source})
	}
	for n, s := range sentences(doc) {
		if n%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		for i := 0; i < len(s.words); {
			matched := 0
			for l := min(m.maxLen, len(s.words)-i); l > 0 && matched == 0; l-- {
				labels := m.counts[tokenKey(s.words[i:i+l])]
				if labels == nil {
					continue
				}
				total := 0
				for _, c := range labels {
					total += c
				}
				for label, c := range labels {
					add(label, s.start[i], s.end[i+l-1], float64(c)/float64(total), fmt.Sprintf("string matcher: labeled %s %d of %d times", label, c, total))
				}
				matched = l
			}
			if matched == 0 && m.Gazetteer != nil {
				if l, label := m.Gazetteer.match(s.words, i); l > 0 {
					add(label, s.start[i], s.end[i+l-1], 1, "gazetteer")
					matched = l
				}
			}
			i += max(matched, 1)
		}
	}
	if len(m.Patterns) > 0 {
		ix := model.NewTextIndex(doc.Text)
		labels := make([]string, 0, len(m.Patterns))
		for l := range m.Patterns {
			labels = append(labels, l)
		}
		sort.Strings(labels)
		for _, label := range labels {
			for _, p := range m.Patterns[label] {
				re, err := regexp.Compile(p)
				if err != nil {
					return nil, fmt.Errorf("label %s pattern %q: %w", label, p, err)
				}
				for _, loc := range re.FindAllStringIndex(doc.Text, -1) {
					if loc[0] == loc[1] {
						continue
					}
					s, _ := ix.ByteToCodePoint(loc[0])
					e, _ := ix.ByteToCodePoint(loc[1])
					add(label, s, e, 1, "pattern "+p)
				}
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start() < out[j].Start() })
	return out, nil
}

// stringsFile is the stored form of a matcher.
type stringsFile struct {
	Format    int                       `json:"format"`
	Counts    map[string]map[string]int `json:"counts"`
	MaxLen    int                       `json:"max_len"`
	Gazetteer []GazetteerEntry          `json:"gazetteer,omitempty"`
}

// Marshal is the learned strings as JSON.
func (m *StringMatcher) Marshal() ([]byte, error) {
	f := stringsFile{Format: 1, Counts: m.counts, MaxLen: m.maxLen}
	if m.Gazetteer != nil {
		f.Gazetteer = m.Gazetteer.Entries()
	}
	return json.Marshal(f)
}

// LoadStringMatcher reads what Marshal wrote.
func LoadStringMatcher(name string, data []byte) (*StringMatcher, error) {
	var f stringsFile
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("load string matcher %s: %w", name, err)
	}
	if f.Format != 1 {
		return nil, fmt.Errorf("load string matcher %s: model format %d is not one this Margin reads", name, f.Format)
	}
	m := &StringMatcher{name: name, counts: f.Counts, maxLen: f.MaxLen}
	if m.counts == nil {
		m.counts = map[string]map[string]int{}
	}
	if len(f.Gazetteer) > 0 {
		m.Gazetteer = NewGazetteer(f.Gazetteer)
	}
	return m, nil
}
