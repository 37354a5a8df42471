package doccano

import (
	"bytes"
	"encoding/json"
	"testing"
)

// encodeStd is encoding/json's encoding of r, with the spans as the
// [3]any they stand for (not through spanTriple.MarshalJSON, which uses the
// hand encoder under test).
func encodeStd(t testing.TB, r spanRec) []byte {
	type stdRec struct {
		ID    int64    `json:"id,omitempty"`
		Name  string   `json:"name,omitempty"`
		Text  string   `json:"text"`
		Label [][3]any `json:"label"`
	}
	std := stdRec{ID: r.ID, Name: r.Name, Text: r.Text, Label: [][3]any{}}
	for _, s := range r.Label {
		std.Label = append(std.Label, [3]any{s.Start, s.End, s.Label})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(std); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var encodeCases = []spanRec{
	{Text: "plain", Label: []spanTriple{}},
	{ID: 42, Name: "n \"q\" \\ <a&b>", Text: "Kyiv “agreed” 👍🏽 停火\n\t\r\b\f\x01\x1f\u2028\u2029 \xff end", Label: []spanTriple{{0, 4, "GPE"}, {5, 13, "L \"x\""}}},
	{Name: "only", Text: "x", Label: []spanTriple{{0, 1, "A"}}},
}

func TestAppendSpanRecMatchesEncodingJSON(t *testing.T) {
	for _, r := range encodeCases {
		if got, want := appendSpanRec(nil, &r), encodeStd(t, r); !bytes.Equal(got, want) {
			t.Errorf("\ngot  %s\nwant %s", got, want)
		}
		// spanRec itself encodes the same way (spanTriple.MarshalJSON).
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(r); err != nil || !bytes.Equal(buf.Bytes(), encodeStd(t, r)) {
			t.Errorf("encoding/json of spanRec: %s (%v)", buf.Bytes(), err)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, r := range encodeCases {
		f.Add(r.Text, r.Name)
	}
	f.Fuzz(func(t *testing.T, text, label string) {
		r := spanRec{Text: text, Name: label, Label: []spanTriple{{1, 2, label}}}
		if got, want := appendSpanRec(nil, &r), encodeStd(t, r); !bytes.Equal(got, want) {
			t.Fatalf("\ngot  %q\nwant %q", got, want)
		}
	})
}

// BenchmarkAppendJSONString encodes a text of the bench corpus's words
// (ASCII with Cyrillic, CJK, typographic quotes and emoji), 100 kB: valid
// UTF-8 through the table, and rune by rune (the path of invalid text,
// which was the only one before issue 14).
func BenchmarkAppendJSONString(b *testing.B) {
	words := []string{"the", "ceasefire", "talks", "in", "Riyadh", "“agreed”", "Київ", "停火", "👍🏽", "frontline", "said", "officials"}
	var text []byte
	for i := 0; len(text) < 100_000; i++ {
		text = append(append(text, words[i*7%len(words)]...), ' ')
	}
	s := string(text)
	for _, c := range []struct {
		name string
		fn   func([]byte, string) []byte
	}{{"valid", appendJSONString}, {"runes", appendJSONStringSlow}} {
		b.Run(c.name, func(b *testing.B) {
			var buf []byte
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				buf = c.fn(buf[:0], s)
			}
		})
	}
}
