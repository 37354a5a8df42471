package model

import (
	"reflect"
	"testing"
)

// TestFindWords: whole words in any case, in code points: the offsets
// are counted by hand for each text.
func TestFindWords(t *testing.T) {
	for _, c := range []struct {
		text, term string
		want       []Fragment
	}{
		{"Ceasefire, ceasefires, CEASEFIRE.", "ceasefire", []Fragment{{0, 9}, {23, 32}}},
		// 👍🏽 is two code points; é written e + U+0301 is two, and the
		// combining mark keeps "cafe" from matching inside "café".
		{"👍🏽 Doha talks", "doha", []Fragment{{3, 7}}},
		{"cafe\u0301 cafe", "cafe", []Fragment{{6, 10}}},
		// İ lower-cases to two bytes in Go's strings.ToLower; folding
		// one code point at a time keeps the offsets.
		{"İstanbul and istanbul", "istanbul", []Fragment{{0, 8}, {13, 21}}},
		{"İstanbul", "İSTANBUL", []Fragment{{0, 8}}},
		{"energy ceasefire and energy  ceasefire", "energy ceasefire", []Fragment{{0, 16}}},
		// A term that starts or ends with punctuation needs no boundary
		// on that side.
		{"the “ceasefire” held", "“ceasefire”", []Fragment{{4, 15}}},
		{"aaa", "aa", nil},
		{"x", "", nil},
	} {
		if got := FindWords(c.text, c.term); !reflect.DeepEqual(got, c.want) {
			t.Errorf("FindWords(%q, %q) = %v, want %v", c.text, c.term, got, c.want)
		}
	}
}

func TestDayCounter(t *testing.T) {
	c := DayCounter{}
	c.Add("2026-12-02", "ben", 1, 0)
	c.Add("2026-12-01", "ben", 2, 0)
	c.Add("2026-12-01", "ana", 0, 1)
	c.Add("2026-12-01", "ben", 3, 1)
	want := []DayCount{{"2026-12-01", "ana", 0, 1}, {"2026-12-01", "ben", 5, 1}, {"2026-12-02", "ben", 1, 0}}
	if got := c.Days(); !reflect.DeepEqual(got, want) {
		t.Errorf("Days() = %v, want %v", got, want)
	}
}
