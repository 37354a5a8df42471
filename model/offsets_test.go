package model

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"
	"unicode/utf8"
)

func TestTextIndexConversions(t *testing.T) {
	tests := []struct {
		name      string
		text      string
		sub       string // a substring to locate
		cp, cpEnd int    // its code-point offsets
		u16       int    // UTF-16 offset of its start
		byteStart int
	}{
		{"ascii", "Trump and Putin", "Putin", 10, 15, 10, 10},
		{"curly quotes", "agreed to an “infrastructure and energy ceasefire” and", "infrastructure and energy ceasefire", 14, 49, 14, 16},
		{"thumbs up with skin tone", "ok 👍🏽 deal", "deal", 6, 10, 8, 12},
		{"flag", "🇺🇦 Kyiv", "Kyiv", 3, 7, 5, 9},
		{"combining accent", "cafe\u0301 talks", "talks", 6, 11, 6, 7},
		{"crlf", "line one\r\nline two", "line two", 10, 18, 10, 10},
		{"cyrillic and cjk", "Київ 停火 ceasefire", "ceasefire", 8, 17, 8, 16},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := NewTextIndex(tt.text)
			if got := ix.Slice(tt.cp, tt.cpEnd); got != tt.sub {
				t.Fatalf("Slice(%d,%d) = %q, want %q", tt.cp, tt.cpEnd, got, tt.sub)
			}
			if got := ix.CodePointToByte(tt.cp); got != tt.byteStart || got != strings.Index(tt.text, tt.sub) {
				t.Errorf("CodePointToByte(%d) = %d, want %d", tt.cp, got, tt.byteStart)
			}
			if got := ix.CodePointToUTF16(tt.cp); got != tt.u16 {
				t.Errorf("CodePointToUTF16(%d) = %d, want %d", tt.cp, got, tt.u16)
			}
			if got, err := ix.UTF16ToCodePoint(tt.u16); err != nil || got != tt.cp {
				t.Errorf("UTF16ToCodePoint(%d) = %d, %v; want %d", tt.u16, got, err, tt.cp)
			}
			if got, err := ix.ByteToCodePoint(tt.byteStart); err != nil || got != tt.cp {
				t.Errorf("ByteToCodePoint(%d) = %d, %v; want %d", tt.byteStart, got, err, tt.cp)
			}
			if ix.Len() != utf8.RuneCountInString(tt.text) {
				t.Errorf("Len = %d", ix.Len())
			}
		})
	}
}

func TestTextIndexRefusesSplits(t *testing.T) {
	ix := NewTextIndex("a👍🏽b")
	// 👍 is U+1F44D (4 bytes, 2 UTF-16 units); 🏽 likewise.
	if _, err := ix.UTF16ToCodePoint(2); err == nil {
		t.Error("UTF-16 offset inside a surrogate pair accepted")
	}
	if _, err := ix.ByteToCodePoint(2); err == nil {
		t.Error("byte offset inside a UTF-8 sequence accepted")
	}
	if _, err := ix.UTF16ToCodePoint(99); err == nil {
		t.Error("UTF-16 offset past the end accepted")
	}
	if got := ix.UTF16Len(); got != 6 {
		t.Errorf("UTF16Len = %d, want 6", got)
	}
	if got, _ := ix.UTF16ToCodePoint(5); got != 3 {
		t.Errorf("UTF16ToCodePoint(5) = %d, want 3 (b)", got)
	}
}

func TestAnnotationValidate(t *testing.T) {
	text := "Putin agreed to an “energy ceasefire” 👍🏽 today"
	ix := NewTextIndex(text)
	start := utf8.RuneCountInString(text[:strings.Index(text, "energy")])
	ok := Annotation{ID: "a", Annotator: "ana", Label: "CEASEFIRE_TERM", Fragments: []Fragment{{start, start + 16}}}
	if err := ok.Validate(ix); err != nil || ok.Text != "energy ceasefire" {
		t.Fatalf("Validate = %v, text %q", err, ok.Text)
	}
	cases := map[string]Annotation{
		"past end":      {ID: "b", Annotator: "ana", Label: "L", Fragments: []Fragment{{40, 99}}},
		"empty":         {ID: "c", Annotator: "ana", Label: "L", Fragments: []Fragment{{5, 5}}},
		"negative":      {ID: "d", Annotator: "ana", Label: "L", Fragments: []Fragment{{-1, 3}}},
		"overlap frags": {ID: "e", Annotator: "ana", Label: "L", Fragments: []Fragment{{0, 5}, {3, 8}}},
		"wrong text":    {ID: "f", Annotator: "ana", Label: "L", Fragments: []Fragment{{0, 5}}, Text: "Trump"},
		"no label":      {ID: "g", Annotator: "ana", Fragments: []Fragment{{0, 5}}},
		"no fragments":  {ID: "h", Annotator: "ana", Label: "L"},
	}
	for name, a := range cases {
		if err := a.Validate(ix); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	disc := Annotation{ID: "i", Annotator: "ana", Label: "L", Fragments: []Fragment{{20, 26}, {0, 5}}}
	if err := disc.Validate(ix); err != nil || disc.Text != "Putin energy" {
		t.Errorf("discontinuous: %v %q", err, disc.Text)
	}
}

func TestDefaultLikeSchemaValidation(t *testing.T) {
	good := `allow_overlap = true
[[labels]]
name = "A"
color = "#e4572e"
hotkey = "1"
  [[labels.attributes]]
  name = "status"
  type = "enum"
  values = ["x", "y"]
[[labels]]
name = "B"
color = "#000000"
hotkey = "2"
[[relations]]
name = "r"
from = ["A"]
to = ["B"]
`
	if _, err := ParseSchema([]byte(good)); err != nil {
		t.Fatal(err)
	}
	bad := map[string]string{
		"unknown key":    strings.Replace(good, "hotkey = \"2\"", "hotkey = \"2\"\ncolour = \"#fff\"", 1),
		"dup hotkey":     strings.Replace(good, `hotkey = "2"`, `hotkey = "1"`, 1),
		"bad color":      strings.Replace(good, `"#000000"`, `"black"`, 1),
		"unknown target": strings.Replace(good, `to = ["B"]`, `to = ["C"]`, 1),
		"dup label":      strings.Replace(good, `name = "B"`, `name = "A"`, 1),
		"bad type":       strings.Replace(good, `type = "enum"`, `type = "date"`, 1),
		"syntax":         good + "\n[[labels]\n",
	}
	for name, text := range bad {
		if _, err := ParseSchema([]byte(text)); err == nil {
			t.Errorf("%s: accepted", name)
		} else if name == "syntax" && !strings.Contains(err.Error(), "line") {
			t.Errorf("syntax error does not name the line: %v", err)
		}
	}
}

// TestTextIndexUTF16TableIsBuiltOnceUnderConcurrency: the UTF-16 table is
// built at the first conversion that needs it; goroutines converting at
// once on a fresh index (an exporter's workers share one) must all see
// the same, complete table (run with -race).
func TestTextIndexUTF16TableIsBuiltOnceUnderConcurrency(t *testing.T) {
	text := strings.Repeat("ok 👍🏽 deal, Київ 停火; ", 200)
	ix := NewTextIndex(text)
	want := len(utf16.Encode([]rune(text)))
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got := ix.UTF16Len(); got != want {
				errs <- fmt.Sprintf("UTF16Len %d, want %d", got, want)
			}
			if cp, err := ix.UTF16ToCodePoint(want); err != nil || cp != ix.Len() {
				errs <- fmt.Sprintf("UTF16ToCodePoint(%d) = %d, %v", want, cp, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
