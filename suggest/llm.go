package suggest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/margin-app/margin/model"
)

// LLM is a recommender asking a chat model behind an OpenAI-compatible
// endpoint (POST {URL}/v1/chat/completions, as Ollama and llama.cpp's
// server offer locally). The system message lists the schema's labels
// with their descriptions (the guidelines) and asks for JSON
// {"spans": [{"text", "label"}]} with text copied exactly; the document
// (in chunks of at most MaxChars, cut at line breaks) is the user message.
// Each answered span is located in the chunk by exact match: every
// occurrence that starts and ends on a word boundary becomes a
// suggestion; text not found and labels not in the schema are dropped
// and counted in Dropped. The model and the system prompt are stored
// with every suggestion (Source); a chat model gives no probability, so
// the score is the span's own "score" in 0-1 when it gives one, else
// DefaultScore.
type LLM struct {
	name         string
	URL          string
	Model        string
	Labels       []model.Label
	MaxChars     int     // default 6000
	DefaultScore float64 // default 0.5
	Client       *http.Client

	Dropped int // spans of the last Predict that could not be used
}

// NewLLM makes a client for the endpoint at url with the schema's labels.
func NewLLM(name, url, modelName string, labels []model.Label) *LLM {
	return &LLM{name: name, URL: strings.TrimRight(url, "/"), Model: modelName, Labels: labels}
}

// Name is the suggestion layer.
func (l *LLM) Name() string { return l.name }

// SystemPrompt is the instruction sent with every chunk.
func (l *LLM) SystemPrompt() string {
	var b strings.Builder
	b.WriteString("You annotate news text for a research project. Find every span of the text that fits one of these labels:\n")
	for _, lb := range l.Labels {
		fmt.Fprintf(&b, "- %s", lb.Name)
		if d := strings.TrimSpace(lb.Description); d != "" {
			fmt.Fprintf(&b, ": %s", d)
		}
		b.WriteByte('\n')
	}
	b.WriteString("Answer with JSON only, in this form: {\"spans\": [{\"text\": \"...\", \"label\": \"...\"}]}. " +
		"Copy each span's text exactly as it is written in the document, character for character. Use only the labels above. " +
		"If nothing fits, answer {\"spans\": []}.")
	return b.String()
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatRequest struct {
	Model       string        `json:"model"`
	Messages    []chatMessage `json:"messages"`
	Temperature float64       `json:"temperature"`
	Stream      bool          `json:"stream"`
}

type chatResponse struct {
	Model   string `json:"model"`
	Choices []struct {
		Message chatMessage `json:"message"`
	} `json:"choices"`
}

type llmSpan struct {
	Text  string   `json:"text"`
	Label string   `json:"label"`
	Score *float64 `json:"score"`
}

// Predict asks the model about each chunk of the document.
func (l *LLM) Predict(ctx context.Context, doc *model.Document) ([]model.Suggestion, error) {
	known := map[string]bool{}
	for _, lb := range l.Labels {
		known[lb.Name] = true
	}
	sys := l.SystemPrompt()
	source := "model: " + l.Model + "\nprompt:\n" + sys
	def := l.DefaultScore
	if def == 0 {
		def = 0.5
	}
	l.Dropped = 0
	var out []model.Suggestion
	for _, ch := range chunks(doc.Text, l.MaxChars) {
		if strings.TrimSpace(ch.text) == "" {
			continue
		}
		answer, err := l.ask(ctx, sys, ch.text)
		if err != nil {
			return nil, err
		}
		spans, err := parseSpans(answer)
		if err != nil {
			return nil, fmt.Errorf("recommender %s: model %s answered something that is not the JSON asked for: %w", l.name, l.Model, err)
		}
		seen := map[string]bool{}
		for _, sp := range spans {
			if !known[sp.Label] || strings.TrimSpace(sp.Text) == "" {
				l.Dropped++
				continue
			}
			score := def
			if sp.Score != nil && *sp.Score >= 0 && *sp.Score <= 1 {
				score = *sp.Score
			}
			found := false
			for _, at := range occurrences(ch.text, sp.Text) {
				s := ch.start + utf8.RuneCountInString(ch.text[:at])
				e := s + utf8.RuneCountInString(sp.Text)
				k := fmt.Sprintf("%s\x00%d\x00%d", sp.Label, s, e)
				found = true
				if seen[k] {
					continue
				}
				seen[k] = true
				out = append(out, model.Suggestion{DocID: doc.ID, Recommender: l.name, Label: sp.Label, Fragments: []model.Fragment{{Start: s, End: e}}, Score: score, Source: source})
			}
			if !found {
				l.Dropped++
			}
		}
	}
	return out, nil
}

func (l *LLM) ask(ctx context.Context, system, text string) (string, error) {
	ext := External{name: l.name, URL: l.URL, Client: l.Client}
	if ext.Client == nil {
		ext.Client = &http.Client{Timeout: 10 * time.Minute}
	}
	body, status, err := ext.post(ctx, "/v1/chat/completions", chatRequest{Model: l.Model, Temperature: 0,
		Messages: []chatMessage{{Role: "system", Content: system}, {Role: "user", Content: text}}})
	if err != nil {
		return "", err
	}
	if status != http.StatusOK {
		return "", &ServerError{URL: l.URL + "/v1/chat/completions", Status: status, Body: firstLine(body)}
	}
	var resp chatResponse
	if err := json.Unmarshal(body, &resp); err != nil || len(resp.Choices) == 0 {
		return "", fmt.Errorf("recommender %s: the chat endpoint's answer has no choices[0].message (%s)", l.name, firstLine(body))
	}
	return resp.Choices[0].Message.Content, nil
}

// parseSpans reads the model's answer: the JSON object (or bare array)
// inside it, tolerating the code fences and prose chat models add.
func parseSpans(answer string) ([]llmSpan, error) {
	i, j := strings.IndexAny(answer, "{["), strings.LastIndexAny(answer, "}]")
	if i < 0 || j < i {
		return nil, fmt.Errorf("no JSON in %q", firstLine([]byte(answer)))
	}
	raw := answer[i : j+1]
	var obj struct {
		Spans []llmSpan `json:"spans"`
	}
	if raw[0] == '[' {
		err := json.Unmarshal([]byte(raw), &obj.Spans)
		return obj.Spans, err
	}
	err := json.Unmarshal([]byte(raw), &obj)
	return obj.Spans, err
}

// occurrences are the byte offsets where sub occurs in text on word
// boundaries (not inside a longer word).
func occurrences(text, sub string) []int {
	if sub == "" {
		return nil
	}
	var out []int
	for from := 0; from <= len(text)-len(sub); {
		k := strings.Index(text[from:], sub)
		if k < 0 {
			break
		}
		at := from + k
		if boundary(text, at, true, sub) && boundary(text, at+len(sub), false, sub) {
			out = append(out, at)
		}
		_, size := utf8.DecodeRuneInString(text[at:])
		from = at + size
	}
	return out
}

// boundary says whether offset b is a word edge for sub: the neighbour
// outside sub is not a letter or digit, or sub's own edge is not one.
func boundary(text string, b int, start bool, sub string) bool {
	wordy := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	if start {
		if b == 0 {
			return true
		}
		r, _ := utf8.DecodeLastRuneInString(text[:b])
		first, _ := utf8.DecodeRuneInString(sub)
		return !(wordy(r) && wordy(first))
	}
	if b == len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[b:])
	last, _ := utf8.DecodeLastRuneInString(sub)
	return !(wordy(r) && wordy(last))
}

type chunk struct {
	start int // code point offset in the document
	text  string
}

// chunks cuts text into pieces of at most max bytes at line breaks (or
// anywhere on a rune boundary when a line is longer).
func chunks(text string, max int) []chunk {
	if max <= 0 {
		max = 6000
	}
	var out []chunk
	cp := 0
	for len(text) > 0 {
		n := len(text)
		if n > max {
			n = strings.LastIndexByte(text[:max], '\n') + 1
			if n <= 0 {
				n = max
				for n > 0 && !utf8.RuneStart(text[n]) {
					n--
				}
			}
		}
		out = append(out, chunk{start: cp, text: text[:n]})
		cp += utf8.RuneCountInString(text[:n])
		text = text[n:]
	}
	return out
}
