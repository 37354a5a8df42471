package doccano

import (
	"bytes"
	"encoding/json"
	"testing"
)

func encodeStd(t testing.TB, r spanRec) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var encodeCases = []spanRec{
	{Text: "plain", Label: [][3]any{}},
	{ID: 42, Name: "n \"q\" \\ <a&b>", Text: "Kyiv “agreed” 👍🏽 停火\n\t\r\b\f\x01\x1f\u2028\u2029 \xff end", Label: [][3]any{{0, 4, "GPE"}, {5, 13, "L \"x\""}}},
	{Name: "only", Text: "x", Label: [][3]any{{0, 1, "A"}}},
}

func TestAppendSpanRecMatchesEncodingJSON(t *testing.T) {
	for _, r := range encodeCases {
		if got, want := appendSpanRec(nil, &r), encodeStd(t, r); !bytes.Equal(got, want) {
			t.Errorf("\ngot  %s\nwant %s", got, want)
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	for _, r := range encodeCases {
		f.Add(r.Text, r.Name)
	}
	f.Fuzz(func(t *testing.T, text, label string) {
		r := spanRec{Text: text, Name: label, Label: [][3]any{{1, 2, label}}}
		if got, want := appendSpanRec(nil, &r), encodeStd(t, r); !bytes.Equal(got, want) {
			t.Fatalf("\ngot  %q\nwant %q", got, want)
		}
	})
}
